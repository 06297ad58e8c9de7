// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/session/Session.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QUuid>

#include <functional>

namespace td {

class ApiCall;
class EndpointCatalog;

// Every tracked session, as a table for the Sessions page and the CLI. One row per session, in
// the order they were added; a closed session keeps its row until remove(). Only the rows that
// change get dataChanged, so 10,000 rows cost nothing while one of them renews.
class SessionStore : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        FamilyColumn,
        EnvironmentColumn,
        EndpointColumn,
        StateColumn,
        ExpiresAtColumn,
        RemainingColumn,
        RenewalsColumn,
        AutoRenewColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1, // QUuid
        StateRole,                 // int(SessionState)
        ExpiresAtRole,             // qint64 ms, 0 = none
        IssuedAtRole,              // qint64 ms
        FamilyRole,
        EnvironmentRole,
        RemainingMsRole,           // qint64, negative once expired; invalid without an expiry
    };

    explicit SessionStore(QObject *parent = nullptr);
    ~SessionStore() override;

    // The clock the "remaining" column counts from; the system clock unless set.
    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    qint64 now() const { return m_nowMs(); }
    // Which endpoints renew (each family's renew step); the built-in catalog unless set.
    void setCatalog(const EndpointCatalog &catalog) { m_catalog = &catalog; }
    const EndpointCatalog &catalog() const { return *m_catalog; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Adds the session (a null id gets a fresh one) and returns its id.
    QUuid add(Session session);
    const Session *find(const QUuid &id) const;
    const Session &at(int row) const { return m_sessions.at(row); }
    int rowOf(const QUuid &id) const { return m_rows.value(id, -1); }
    QList<QUuid> ids() const;
    int size() const { return int(m_sessions.size()); }
    // Every token, refresh token, carried token and credential the sessions hold: what masking
    // must hide in any later exchange (CallSecrets, CallHistory take it as a list).
    QStringList secretValues() const;
    // Replaces the session with the same id; false when there is none.
    bool update(const Session &session);
    // Only the state (the scheduler's clock-driven moves: no copy of the session). False when unknown.
    bool setState(const QUuid &id, SessionState state);
    // Between these, setState() still emits sessionChanged at once but gathers its dataChanged
    // into one for the rows from the first to the last changed: a tick that moves 10,000 sessions
    // costs a sorted, filtered view one pass instead of 10,000. They nest.
    void beginStateBatch() { ++m_batchDepth; }
    void endStateBatch();
    // State Closed; the row stays until remove(). False when unknown.
    bool close(const QUuid &id);
    bool remove(const QUuid &id);

    // Turns a successful token-issuing call into a session. A renew/refresh result updates the
    // open session of the same family and environment whose token was the one renewed; without
    // one, it starts a new session. Returns the session's id, or a null id when the call failed
    // or issued no token. `context` is the CallContext the call ran with (ApiCall does not expose it).
    QUuid addFromCall(const ApiCall &call, const CallContext &context);
    // The call's environment plus the values typed for it that its renew (or re-issue) step needs
    // again; a session keeps this copy (sealed with the vault when it is saved).
    static Environment renewableEnvironment(const ApiCall &call, const EndpointCatalog &catalog);
    // The token values a call sent in its carried fields (what a renew step renews).
    static QStringList sentTokens(const ApiCall &call);
    QUuid reissued(const Session &fresh); // the session updated, or null
    // The same from a result; `sentTokens` are the token values the call sent (renew steps).
    QUuid addFromResult(const TokenResult &result, const Environment &environment, const CallContext &context,
                        const QStringList &sentTokens = {});

    // "4m 05s", "1h 02m", "12s", "expired 3m 10s ago", "no expiry".
    static QString remainingText(qint64 expiresAtMs, qint64 nowMs);

Q_SIGNALS:
    void sessionAdded(const QUuid &id);
    void sessionChanged(const QUuid &id); // after update() or close()
    void sessionRemoved(const QUuid &id);

private:
    void reindexFrom(int row);
    bool isRenewStep(const QString &family, const QString &endpointId) const;

    QList<Session> m_sessions;
    QHash<QUuid, int> m_rows;
    std::function<qint64()> m_nowMs;
    const EndpointCatalog *m_catalog;
    int m_batchDepth = 0;
    int m_batchFirst = -1;
    int m_batchLast = -1;
};

} // namespace td
