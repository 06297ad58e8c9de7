// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/TokenResult.h"
#include "core/session/Session.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUuid>

#include <functional>
#include <queue>
#include <vector>

namespace td {

class SessionRenewer;
class SessionStore;

// Drives every session of a store from one timer: Fresh → Expiring (inside the threshold) →
// Expired, and with auto-renew a renew at the threshold through the SessionRenewer, retried with
// exponential backoff on failure. A BankEzy renew answered 401 means the session is gone
// (terminated, or past the renew window): no retry. Each session's next due instant sits in a
// min-heap, so a tick touches only the sessions that are due. A session found past its threshold
// with auto-renew on is renewed even if it has expired meanwhile (BankEzy renews within its
// window); a session restored from disk that expired while the app was closed must be added in
// state Expired, which has nothing due, so it is never renewed without the engineer (renewNow).
class ExpiryScheduler : public QObject
{
    Q_OBJECT
public:
    ExpiryScheduler(SessionStore &store, SessionRenewer &renewer, QObject *parent = nullptr);
    ~ExpiryScheduler() override;

    // The scheduler's time; the system clock unless set. Tests set a fake one and call tick().
    void setClock(std::function<qint64()> nowMs);
    qint64 now() const { return m_nowMs(); }

    // Threshold = max(fraction × lifetime, minimum), at most the lifetime. Defaults 0.2 and 5 min.
    void setThreshold(double fraction, qint64 minimumMs);
    qint64 thresholdMs(const Session &session) const;
    qint64 thresholdAtMs(const Session &session) const { return session.expiresAtMs - thresholdMs(session); }

    // Wait after the n-th consecutive failure: initial × 2^(n-1), at most cap. Defaults 5 s, 5 min.
    void setBackoff(qint64 initialMs, qint64 capMs);
    qint64 backoffMs(int failedAttempts) const;
    // Renew attempts in a row (the first one included) before the session stays RenewFailed. Default 5.
    void setMaxAttempts(int attempts) { m_maxAttempts = qMax(1, attempts); }
    int maxAttempts() const { return m_maxAttempts; }

    // Auto-renew for sessions that do not set their own: per environment name, else the default (off).
    void setDefaultAutoRenew(bool on);
    void setEnvironmentAutoRenew(const QString &environment, bool on);
    bool autoRenewFor(const Session &session) const;
    // Sets the session's own choice; an Expiring session with auto-renew on starts renewing.
    bool setAutoRenew(const QUuid &id, std::optional<bool> on);

    // Runs the timer (it just calls tick()). Without start() nothing happens on its own.
    void start();
    void stop();
    bool isActive() const { return m_running; }
    int timerIntervalMs() const { return m_timer.isActive() ? m_timer.interval() : -1; }

    // Moves every session that is due at now() and re-arms the timer for the next due instant.
    void tick();
    // Renews at once whatever the state (not Closed, Terminated or already Renewing); a fresh
    // series of attempts. False when the session cannot be renewed now.
    bool renewNow(const QUuid &id);
    // The earliest due instant, or -1 when nothing is scheduled.
    qint64 nextDueMs();

Q_SIGNALS:
    void stateChanged(const QUuid &id, td::SessionState from, td::SessionState to);
    void renewed(const QUuid &id, const td::TokenResult &result);
    // The engineer should look: renewing failed for good, or the session was terminated.
    void attention(const QUuid &id, const QString &reason);

private:
    struct Due {
        qint64 atMs;
        QUuid id;
        bool operator>(const Due &other) const { return atMs > other.atMs; }
    };

    qint64 dueOf(const Session &session) const; // -1: nothing to do on the clock
    bool wantsRenew(const Session &session) const;
    void schedule(const QUuid &id);
    void rescheduleAll();
    void process(const QUuid &id, qint64 nowMs);
    void startRenew(Session session);
    void commit(Session &session, SessionState to);
    void moveTo(const QUuid &id, SessionState from, SessionState to);
    void onRenewFinished(const QUuid &id, const TokenResult &result, const CallContext &context);
    void rearm();

    SessionStore &m_store;
    SessionRenewer &m_renewer;
    std::function<qint64()> m_nowMs;
    QTimer m_timer;
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> m_heap;
    QHash<QUuid, qint64> m_due; // the current due instant per session; heap entries that differ are stale
    double m_thresholdFraction = 0.2;
    qint64 m_thresholdMinimumMs = 5 * 60 * 1000;
    qint64 m_backoffInitialMs = 5000;
    qint64 m_backoffCapMs = 5 * 60 * 1000;
    int m_maxAttempts = 5;
    bool m_defaultAutoRenew = false;
    QHash<QString, bool> m_environmentAutoRenew;
    bool m_running = false;
    bool m_ticking = false;
};

} // namespace td
