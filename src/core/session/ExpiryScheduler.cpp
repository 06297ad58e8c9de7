// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExpiryScheduler.h"

#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <QDateTime>

#include <cmath>

namespace td {

namespace {

// The timer never sleeps longer than this, so a wall-clock jump (suspend, NTP) is noticed soon.
constexpr qint64 kMaxSleepMs = 60 * 1000;

} // namespace

ExpiryScheduler::ExpiryScheduler(SessionStore &store, SessionRenewer &renewer, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_renewer(renewer)
    , m_nowMs([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ExpiryScheduler::tick);
    connect(&m_store, &SessionStore::sessionAdded, this, [this](const QUuid &id) {
        schedule(id);
        rearm();
    });
    connect(&m_store, &SessionStore::sessionChanged, this, [this](const QUuid &id) {
        const Session *session = m_store.find(id);
        if (session && !session->isOpen())
            m_renewer.cancel(id); // its late answer is ignored: the state is no longer Renewing
        schedule(id);
        rearm();
    });
    connect(&m_store, &SessionStore::sessionRemoved, this, [this](const QUuid &id) {
        m_renewer.cancel(id);
        m_due.remove(id);
    });
    connect(&m_renewer, &SessionRenewer::finished, this, &ExpiryScheduler::onRenewFinished);
    rescheduleAll();
}

ExpiryScheduler::~ExpiryScheduler() = default;

void ExpiryScheduler::setClock(std::function<qint64()> nowMs)
{
    m_nowMs = std::move(nowMs);
    rearm();
}

void ExpiryScheduler::setThreshold(double fraction, qint64 minimumMs)
{
    m_thresholdFraction = qBound(0.0, fraction, 1.0);
    m_thresholdMinimumMs = qMax<qint64>(0, minimumMs);
    rescheduleAll();
}

qint64 ExpiryScheduler::thresholdMs(const Session &session) const
{
    const qint64 lifetime = session.lifetimeMs();
    const auto share = qint64(std::llround(m_thresholdFraction * double(lifetime)));
    return qMin(qMax(share, m_thresholdMinimumMs), lifetime);
}

void ExpiryScheduler::setBackoff(qint64 initialMs, qint64 capMs)
{
    m_backoffInitialMs = qMax<qint64>(0, initialMs);
    m_backoffCapMs = qMax(m_backoffInitialMs, capMs);
}

qint64 ExpiryScheduler::backoffMs(int failedAttempts) const
{
    qint64 wait = m_backoffInitialMs;
    for (int i = 1; i < failedAttempts && wait < m_backoffCapMs; ++i)
        wait *= 2;
    return qMin(wait, m_backoffCapMs);
}

void ExpiryScheduler::setDefaultAutoRenew(bool on)
{
    m_defaultAutoRenew = on;
    rescheduleAll();
    tick();
}

void ExpiryScheduler::setEnvironmentAutoRenew(const QString &environment, bool on)
{
    m_environmentAutoRenew.insert(environment, on);
    rescheduleAll();
    tick();
}

bool ExpiryScheduler::autoRenewFor(const Session &session) const
{
    if (session.autoRenew)
        return *session.autoRenew;
    return m_environmentAutoRenew.value(session.environment.name, m_defaultAutoRenew);
}

bool ExpiryScheduler::setAutoRenew(const QUuid &id, std::optional<bool> on)
{
    const Session *found = m_store.find(id);
    if (!found)
        return false;
    Session session = *found;
    session.autoRenew = on;
    m_store.update(session); // reschedules through sessionChanged
    tick();
    return true;
}

void ExpiryScheduler::start()
{
    m_running = true;
    tick();
}

void ExpiryScheduler::stop()
{
    m_running = false;
    m_timer.stop();
}

bool ExpiryScheduler::wantsRenew(const Session &session) const
{
    return autoRenewFor(session) && m_renewer.canRenew(session);
}

qint64 ExpiryScheduler::dueOf(const Session &session) const
{
    switch (session.state) {
    case SessionState::Fresh:
        return session.expiresAtMs > 0 ? thresholdAtMs(session) : -1;
    case SessionState::Expiring:
        // Auto-renew switched on while expiring: renew at once (the threshold is past).
        return wantsRenew(session) ? thresholdAtMs(session) : session.expiresAtMs;
    case SessionState::RenewFailed:
        return session.nextRetryAtMs > 0 ? session.nextRetryAtMs : -1;
    case SessionState::Expired:
    case SessionState::Renewing:
    case SessionState::Terminated:
    case SessionState::Closed:
        return -1;
    }
    return -1;
}

void ExpiryScheduler::schedule(const QUuid &id)
{
    const Session *session = m_store.find(id);
    const qint64 due = session ? dueOf(*session) : -1;
    if (due < 0) {
        m_due.remove(id);
        return;
    }
    const auto it = m_due.constFind(id);
    if (it != m_due.cend() && it.value() == due)
        return;
    m_due.insert(id, due);
    m_heap.push({due, id});
}

void ExpiryScheduler::rescheduleAll()
{
    m_due.clear();
    m_heap = {};
    for (int row = 0; row < m_store.size(); ++row)
        schedule(m_store.at(row).id);
}

qint64 ExpiryScheduler::nextDueMs()
{
    while (!m_heap.empty()) {
        const Due &top = m_heap.top();
        const auto it = m_due.constFind(top.id);
        if (it != m_due.cend() && it.value() == top.atMs)
            return top.atMs;
        m_heap.pop(); // stale: rescheduled or removed since it was pushed
    }
    return -1;
}

void ExpiryScheduler::tick()
{
    if (m_ticking)
        return; // a renew that finishes synchronously must not re-enter the loop
    m_ticking = true;
    const qint64 nowMs = now();
    for (qint64 due = nextDueMs(); due >= 0 && due <= nowMs; due = nextDueMs()) {
        const QUuid id = m_heap.top().id;
        m_heap.pop();
        m_due.remove(id);
        process(id, nowMs);
    }
    m_ticking = false;
    rearm();
}

void ExpiryScheduler::process(const QUuid &id, qint64 nowMs)
{
    const Session *session = m_store.find(id);
    if (!session)
        return;
    switch (session->state) {
    case SessionState::Fresh:
    case SessionState::Expiring:
        if (session->expiresAtMs <= 0)
            return;
        if (wantsRenew(*session) && nowMs >= thresholdAtMs(*session)) {
            Session renewing = *session;
            renewing.failedAttempts = 0;
            startRenew(renewing);
        } else if (nowMs >= session->expiresAtMs) {
            moveTo(id, session->state, SessionState::Expired);
        } else if (nowMs >= thresholdAtMs(*session) && session->state == SessionState::Fresh) {
            moveTo(id, session->state, SessionState::Expiring);
        } else {
            schedule(id); // woken early (threshold or auto-renew changed): wait for the real instant
        }
        return;
    case SessionState::RenewFailed:
        if (session->nextRetryAtMs > 0 && nowMs >= session->nextRetryAtMs)
            startRenew(*session);
        else
            schedule(id);
        return;
    case SessionState::Expired:
    case SessionState::Renewing:
    case SessionState::Terminated:
    case SessionState::Closed:
        return;
    }
}

void ExpiryScheduler::moveTo(const QUuid &id, SessionState from, SessionState to)
{
    // Clock-driven moves change nothing but the state: no copy of the session (10,000 may move at once).
    m_store.setState(id, to); // reschedules through sessionChanged
    Q_EMIT stateChanged(id, from, to);
}

void ExpiryScheduler::commit(Session &session, SessionState to)
{
    const SessionState from = session.state;
    session.state = to;
    m_store.update(session); // reschedules through sessionChanged
    if (from != to)
        Q_EMIT stateChanged(session.id, from, to);
}

void ExpiryScheduler::startRenew(Session session)
{
    session.nextRetryAtMs = 0;
    commit(session, SessionState::Renewing);
    m_renewer.renew(session);
}

bool ExpiryScheduler::renewNow(const QUuid &id)
{
    const Session *found = m_store.find(id);
    if (!found || !found->isOpen() || found->state == SessionState::Renewing || !m_renewer.canRenew(*found))
        return false;
    Session session = *found;
    session.failedAttempts = 0;
    startRenew(session);
    return true;
}

void ExpiryScheduler::onRenewFinished(const QUuid &id, const TokenResult &result, const CallContext &context)
{
    const Session *found = m_store.find(id);
    if (!found || found->state != SessionState::Renewing)
        return; // closed or removed while the call ran
    Session session = *found;
    const qint64 nowMs = now();
    if (result.ok && !result.token.isEmpty()) {
        session.applyRenewal(result, context, nowMs);
        session.failedAttempts = 0;
        session.nextRetryAtMs = 0;
        commit(session, SessionState::Fresh);
        Q_EMIT renewed(id, result);
        tick(); // a lifetime shorter than the threshold is due at once
        return;
    }
    session.recordFailure(result, nowMs);
    if (session.family == QLatin1String("bankezy") && result.httpStatus == 401) {
        // BankEzy answers 401 when the session was terminated or is past the renew window:
        // retrying cannot help.
        session.nextRetryAtMs = 0;
        commit(session, SessionState::Terminated);
        Q_EMIT attention(id, QStringLiteral("The session was terminated: %1").arg(session.lastError));
        return;
    }
    ++session.failedAttempts;
    if (session.failedAttempts >= m_maxAttempts) {
        session.nextRetryAtMs = 0;
        commit(session, SessionState::RenewFailed);
        Q_EMIT attention(id, QStringLiteral("Renewing failed %1 times: %2").arg(session.failedAttempts).arg(session.lastError));
        return;
    }
    session.nextRetryAtMs = nowMs + backoffMs(session.failedAttempts);
    commit(session, SessionState::RenewFailed);
}

void ExpiryScheduler::rearm()
{
    if (!m_running || m_ticking)
        return;
    const qint64 due = nextDueMs();
    if (due < 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound<qint64>(0, due - now(), kMaxSleepMs)));
}

} // namespace td
