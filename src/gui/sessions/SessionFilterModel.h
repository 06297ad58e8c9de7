// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/session/SessionState.h"

#include <QPalette>
#include <QSortFilterProxyModel>

#include <QUuid>

#include <functional>
#include <optional>

namespace td {

// The Sessions page's view of the SessionStore: filters by family, environment, state and free
// text, sorts instants as instants, and gives the state column its words, icon and colour
// (the store stays free of presentation).
class SessionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    // A state filter: any state, one state, or every state that needs the engineer's attention.
    struct StateFilter {
        enum class Kind { Any, One, Attention } kind = Kind::Any;
        SessionState state = SessionState::Fresh;
    };

    explicit SessionFilterModel(QObject *parent = nullptr);

    // Empty string = no filter. Family is the id ("bankezy"), environment the name.
    void setFamilyFilter(const QString &family);
    void setEnvironmentFilter(const QString &environment);
    void setStateFilter(StateFilter filter);
    void setTextFilter(const QString &text);
    void setPalette(const QPalette &palette);
    // Why a due auto-renewal of a session waits (the scheduler's per-host budget), for the State
    // column's tooltip; empty when it does not.
    void setWaitReason(std::function<QString(const QUuid &)> waitReason) { m_waitReason = std::move(waitReason); }

    // RenewFailed, Terminated, Expired and Expiring.
    static bool needsAttention(SessionState state);
    // "Fresh", "Renew failed"…: the words shown in the table.
    static QString stateLabel(SessionState state);
    static QString stateIconPath(SessionState state);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString stoppedReason(const QModelIndex &index) const;
    QVariant autoRenewData(const QModelIndex &index, int role) const;

    QString m_family;
    QString m_environment;
    StateFilter m_state;
    QString m_text;
    QPalette m_palette;
    std::function<QString(const QUuid &)> m_waitReason;
};

} // namespace td
