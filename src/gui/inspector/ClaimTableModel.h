// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/jose/JwtClaims.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include <optional>

namespace td {

// Read-only table of JWT claims (claim, value, local time, relative) against a clock the owner
// advances, so "expires in 12 s" counts down while the page is open.
class ClaimTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, LocalTimeColumn, RelativeColumn, ColumnCount };

    explicit ClaimTableModel(QObject *parent = nullptr);

    void setClaims(const std::optional<JwtClaims> &claims, const QDateTime &now);
    // Re-evaluates the time columns; emits dataChanged for them only.
    void setNow(const QDateTime &now);
    bool hasClaims() const { return m_claims.has_value(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::optional<JwtClaims> m_claims;
    QList<ClaimRow> m_rows;
    QDateTime m_now;
};

} // namespace td
