// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/TokenResult.h"
#include "core/session/RenewPolicy.h"
#include "core/session/Session.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUuid>

#include <functional>
#include <vector>

namespace td {

class SessionRenewer;
class SessionStore;

// Drives every session of a store from one timer: Fresh → Expiring (inside the threshold) →
// Expired, and with auto-renew a renew at the renew point through the SessionRenewer, retried with
// exponential backoff on failure. When a renewal may start is the RenewPolicy's rule (half-lifetime
// floor, minimum interval, per-host budget, stop on no later expiry). A BankEzy renew answered 401 means the session is gone
// (terminated, or past the renew window): no retry; unless its code says the server does not know
// the token (the built-in sandbox's SANDBOX_UNKNOWN_TOKEN): then RenewFailed, saying so. Each session's next due instant sits in a
// min-heap, so a tick touches only the sessions that are due. A session found past its threshold
// with auto-renew on is renewed even if it has expired meanwhile (BankEzy renews within its
// window); a session restored from disk that expired while the app was closed must be added in
// state Expired, which has nothing due, so it is never renewed without the engineer (renewNow).
// A session that will not be auto-renewed also has a notice instant (expiresSoon) in the same heap.
class ExpiryScheduler : public QObject
{
    Q_OBJECT
public:
    ExpiryScheduler(SessionStore &store, SessionRenewer &renewer, QObject *parent = nullptr);
    ~ExpiryScheduler() override;

    // The scheduler's time; the system clock unless set. Tests set a fake one and call tick().
    void setClock(std::function<qint64()> nowMs);
    qint64 now() const { return m_nowMs(); }

    // Threshold = max(fraction × lifetime, minimum), at most half the lifetime. Defaults 0.2 and 5 min.
    void setThreshold(double fraction, qint64 minimumMs);
    qint64 thresholdMs(const Session &session) const { return m_policy.thresholdMs(session); }
    qint64 thresholdAtMs(const Session &session) const { return m_policy.thresholdAtMs(session); }
    // Renewals a minute towards one host, all sessions together (RenewPolicy; default 60).
    void setHostBudgetPerMinute(int renewals);
    // Why an auto-renewal that is due waits (the host's budget); empty when it does not.
    QString waitReason(const QUuid &id) const { return m_waiting.value(id).reason; }

    // Wait after the n-th consecutive failure: initial × 2^(n-1), at most cap. Defaults 5 s, 5 min.
    void setBackoff(qint64 initialMs, qint64 capMs);
    qint64 backoffMs(int failedAttempts) const;
    // Renew attempts in a row (the first one included) before the session stays RenewFailed. Default 5.
    void setMaxAttempts(int attempts) { m_maxAttempts = qMax(1, attempts); }
    int maxAttempts() const { return m_maxAttempts; }

    // Auto-renew for sessions that do not set their own: per environment name as set here (the
    // app mirrors its environments' setting), else the session's environment as it was issued
    // (Environment::autoRenew), else the default (off).
    void setDefaultAutoRenew(bool on);
    void setEnvironmentAutoRenew(const QString &environment, bool on);
    bool autoRenewFor(const Session &session) const;
    // Off: nothing renews by itself, whatever sessions and environments say (renewNow still
    // works). For a short-lived process such as `tokendesk-cli sessions renew`, which must not
    // start renewals it would not wait for: a refresh token is spent once the server has it.
    void setAutoRenewEnabled(bool enabled);
    bool isAutoRenewEnabled() const { return m_autoRenewEnabled; }
    // Sets the session's own choice; an Expiring session with auto-renew on starts renewing.
    bool setAutoRenew(const QUuid &id, std::optional<bool> on);

    // How long before its expiry a token is announced by expiresSoon(); 0 turns notices off.
    // Default 5 min. A session already inside the window is announced at the next tick.
    void setNoticeLeadMs(qint64 ms);
    qint64 noticeLeadMs() const { return m_noticeLeadMs; }

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
    // Once per token (session id + expiry) at expiresAtMs - noticeLeadMs(), for an open session in
    // Fresh, Expiring or RenewFailed that the scheduler will not renew by itself (auto-renewed
    // sessions speak only through attention). A renewal's new token is announced again.
    void expiresSoon(const QUuid &id, qint64 remainingMs);
    // An auto-renewal is due but waits, for the reason given (once per reason and session).
    void renewWaiting(const QUuid &id, const QString &reason);

private:
    enum class DueKind : quint32 { Clock = 0, Notice = 1 };
    // 16 bytes: the heap stays small and a tick compares nothing but atMs. An entry is current
    // while its slot has the same generation and still holds atMs for that kind; others are stale.
    struct Due {
        qint64 atMs;
        qint32 slot;
        quint32 tag; // generation << 1 | kind
    };
    // The scheduler's own record of a session, reached by index: no hashing on the hot path.
    struct Slot {
        QUuid id;
        int row = -1;                   // the store row last seen (a hint, checked against id)
        quint32 generation = 0;         // bumped when the slot is freed: old heap entries go stale
        qint64 dueMs = -1;              // the clock-driven step; -1 none
        qint64 noticeMs = -1;           // the expiresSoon instant; -1 none
        qint64 noticedExpiresAtMs = -1; // the token (by its expiry) already announced
    };

    struct Waiting {
        qint64 untilMs = 0;
        QString reason;
    };

    qint64 dueOf(const Session &session) const; // -1: nothing to do on the clock
    qint64 renewDueOf(const Session &session) const;
    void tryRenew(int slot, const Session &session, bool freshSeries, qint64 nowMs);
    qint64 noticeOf(const Session &session, const Slot &slot) const; // -1: nothing to announce
    bool wantsRenew(const Session &session) const;
    int slotFor(const QUuid &id);
    void freeSlot(const QUuid &id);
    const Session *sessionOf(int slot);
    void schedule(int slot, const Session *session);
    void push(qint64 atMs, int slot, DueKind kind);
    bool isCurrent(const Due &due) const;
    void compactHeap();
    void takeDue(qint64 nowMs);
    void onSessionChanged(int slot);
    void rescheduleAll();
    void process(int slot, qint64 nowMs);
    void notice(int slot, qint64 nowMs);
    void startRenew(Session session);
    void commit(Session &session, SessionState to);
    void moveTo(int slot, SessionState from, SessionState to);
    void onRenewFinished(const QUuid &id, const TokenResult &result, const CallContext &context);
    void rearm();

    SessionStore &m_store;
    SessionRenewer &m_renewer;
    std::function<qint64()> m_nowMs;
    QTimer m_timer;
    std::vector<Slot> m_slots;
    std::vector<int> m_freeSlots;
    QHash<QUuid, int> m_slotOf;
    std::vector<Due> m_heap;  // a min-heap on atMs (std::push_heap & co.)
    std::vector<Due> m_batch; // the entries a tick has taken off the heap, earliest first
    QUuid m_quietId;          // the session the scheduler itself is moving: it reschedules it after
    RenewPolicy m_policy;
    QHash<QUuid, Waiting> m_waiting; // auto-renewals held back by the host's budget
    qint64 m_backoffInitialMs = 5000;
    qint64 m_backoffCapMs = 5 * 60 * 1000;
    qint64 m_noticeLeadMs = 5 * 60 * 1000;
    int m_maxAttempts = 5;
    bool m_defaultAutoRenew = false;
    bool m_autoRenewEnabled = true;
    QHash<QString, bool> m_environmentAutoRenew;
    bool m_running = false;
    bool m_ticking = false;
};

} // namespace td
