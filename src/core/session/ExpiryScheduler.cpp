// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExpiryScheduler.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/FamilyAdapter.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <QDateTime>

#include <algorithm>
#include <utility>

namespace td {

namespace {

// The timer never sleeps longer than this, so a wall-clock jump (suspend, NTP) is noticed soon.
constexpr qint64 kMaxSleepMs = 60 * 1000;

// The reason of a session whose server answered that it does not know the token: unlike a
// termination, another server (or this one with its state back) may still know it.
const QString kServerDoesNotKnowToken =
    QStringLiteral("the server does not know this token (it may have restarted without its state)");
// A tick pops due entries one by one (O(log n) each) until they are a sixteenth of the heap; past
// that the rest are split off in one linear pass and the heap rebuilt (O(n)): 10,000 sessions due
// at once cost O(n), the usual hundred cost O(100 log n).
constexpr std::size_t kPopShare = 16;
constexpr std::size_t kPopMinimum = 64;

// std::push_heap & co. build a max-heap: "greater" order puts the earliest instant on top.
struct EarliestOnTop {
    template <typename Due>
    bool operator()(const Due &a, const Due &b) const
    {
        return a.atMs > b.atMs;
    }
};

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
        const int slot = slotFor(id);
        schedule(slot, sessionOf(slot));
        rearm();
    });
    connect(&m_store, &SessionStore::sessionChanged, this, [this](const QUuid &id) {
        if (id == m_quietId)
            return; // moveTo() reschedules it when the store is done
        onSessionChanged(slotFor(id));
    });
    connect(&m_store, &SessionStore::sessionRemoved, this, [this](const QUuid &id) {
        m_waiting.remove(id);
        m_renewer.cancel(id);
        freeSlot(id);
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
    m_policy.setThreshold(fraction, minimumMs);
    rescheduleAll();
}

void ExpiryScheduler::setHostBudgetPerMinute(int renewals)
{
    m_policy.setHostBudgetPerMinute(renewals);
}

void ExpiryScheduler::setNoticeLeadMs(qint64 ms)
{
    m_noticeLeadMs = qMax<qint64>(0, ms);
    rescheduleAll();
    rearm();
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
    const auto it = m_environmentAutoRenew.constFind(environment);
    if (it != m_environmentAutoRenew.cend() && it.value() == on)
        return; // the app sets every environment's on each change of any: only a change costs
    m_environmentAutoRenew.insert(environment, on);
    rescheduleAll();
    tick();
}

bool ExpiryScheduler::autoRenewFor(const Session &session) const
{
    if (session.autoRenew)
        return *session.autoRenew;
    // The environment's setting as the app knows it now, else as it was when the token was issued.
    const auto it = m_environmentAutoRenew.constFind(session.environment.name);
    if (it != m_environmentAutoRenew.cend())
        return it.value();
    return session.environment.autoRenew || m_defaultAutoRenew;
}

bool ExpiryScheduler::setAutoRenew(const QUuid &id, std::optional<bool> on)
{
    const Session *found = m_store.find(id);
    if (!found)
        return false;
    Session session = *found;
    session.autoRenew = on;
    session.autoRenewStoppedReason.clear(); // the engineer decided again
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
    return m_autoRenewEnabled && autoRenewFor(session) && session.autoRenewStoppedReason.isEmpty()
        && m_renewer.canRenew(session);
}

void ExpiryScheduler::setAutoRenewEnabled(bool enabled)
{
    if (enabled == m_autoRenewEnabled)
        return;
    m_autoRenewEnabled = enabled;
    rescheduleAll();
    tick();
}

qint64 ExpiryScheduler::dueOf(const Session &session) const
{
    switch (session.state) {
    case SessionState::Fresh:
        // The renew point is never before the threshold: at the threshold either it is due too, or
        // the session turns Expiring and waits for it there.
        return session.expiresAtMs > 0 ? thresholdAtMs(session) : -1;
    case SessionState::Expiring:
        // Auto-renew switched on while expiring: renew at once (the renew point is past).
        return wantsRenew(session) ? renewDueOf(session) : session.expiresAtMs;
    case SessionState::RenewFailed:
        // Retries are renewals the scheduler starts by itself: not while that is switched off.
        if (!m_autoRenewEnabled || session.nextRetryAtMs <= 0)
            return -1;
        return qMax(session.nextRetryAtMs, m_waiting.value(session.id).untilMs);
    case SessionState::Expired:
    case SessionState::Renewing:
    case SessionState::Terminated:
    case SessionState::Closed:
        return -1;
    }
    return -1;
}

qint64 ExpiryScheduler::renewDueOf(const Session &session) const
{
    return qMax(m_policy.renewAtMs(session), m_waiting.value(session.id).untilMs);
}

qint64 ExpiryScheduler::noticeOf(const Session &session, const Slot &slot) const
{
    if (m_noticeLeadMs <= 0 || session.expiresAtMs <= 0 || slot.noticedExpiresAtMs == session.expiresAtMs)
        return -1;
    switch (session.state) {
    case SessionState::Fresh:
    case SessionState::Expiring:
    case SessionState::RenewFailed:
        // A session the scheduler renews by itself speaks only when that fails (attention).
        return wantsRenew(session) ? -1 : session.expiresAtMs - m_noticeLeadMs;
    case SessionState::Expired:
    case SessionState::Renewing:
    case SessionState::Terminated:
    case SessionState::Closed:
        return -1;
    }
    return -1;
}

int ExpiryScheduler::slotFor(const QUuid &id)
{
    const auto it = m_slotOf.constFind(id);
    if (it != m_slotOf.cend())
        return it.value();
    int index;
    if (!m_freeSlots.empty()) {
        index = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        index = int(m_slots.size());
        m_slots.emplace_back();
    }
    m_slots[std::size_t(index)].id = id;
    m_slotOf.insert(id, index);
    return index;
}

void ExpiryScheduler::freeSlot(const QUuid &id)
{
    const auto it = m_slotOf.constFind(id);
    if (it == m_slotOf.cend())
        return;
    const int index = it.value();
    m_slotOf.erase(it);
    Slot &slot = m_slots[std::size_t(index)];
    const quint32 generation = slot.generation + 1;
    slot = Slot();
    slot.generation = generation;
    m_freeSlots.push_back(index);
}

const Session *ExpiryScheduler::sessionOf(int index)
{
    Slot &slot = m_slots[std::size_t(index)];
    // Rows move only when a session is removed: the hint is almost always right.
    if (slot.row < 0 || slot.row >= m_store.size() || m_store.at(slot.row).id != slot.id)
        slot.row = m_store.rowOf(slot.id);
    return slot.row < 0 ? nullptr : &m_store.at(slot.row);
}

void ExpiryScheduler::push(qint64 atMs, int slot, DueKind kind)
{
    const quint32 tag = m_slots[std::size_t(slot)].generation << 1 | quint32(kind);
    m_heap.push_back({atMs, qint32(slot), tag});
    std::push_heap(m_heap.begin(), m_heap.end(), EarliestOnTop());
    // Sessions rescheduled outside a tick leave stale entries behind; keep them a bounded share.
    if (m_heap.size() > 4 * m_slots.size() + 1024)
        compactHeap();
}

bool ExpiryScheduler::isCurrent(const Due &due) const
{
    const Slot &slot = m_slots[std::size_t(due.slot)];
    if (slot.generation << 1 != (due.tag & ~1u))
        return false;
    return (DueKind(due.tag & 1u) == DueKind::Clock ? slot.dueMs : slot.noticeMs) == due.atMs;
}

void ExpiryScheduler::compactHeap()
{
    m_heap.erase(std::remove_if(m_heap.begin(), m_heap.end(), [this](const Due &due) { return !isCurrent(due); }),
                 m_heap.end());
    std::make_heap(m_heap.begin(), m_heap.end(), EarliestOnTop());
}

void ExpiryScheduler::schedule(int index, const Session *session)
{
    Slot &slot = m_slots[std::size_t(index)];
    const qint64 due = session ? dueOf(*session) : -1;
    const qint64 notice = session ? noticeOf(*session, slot) : -1;
    const bool pushDue = due >= 0 && due != slot.dueMs;
    const bool pushNotice = notice >= 0 && notice != slot.noticeMs;
    slot.dueMs = due;
    slot.noticeMs = notice;
    if (pushDue)
        push(due, index, DueKind::Clock);
    if (pushNotice)
        push(notice, index, DueKind::Notice);
}

void ExpiryScheduler::onSessionChanged(int index)
{
    const Session *session = sessionOf(index);
    if (session && !session->isOpen()) {
        const QUuid id = session->id;
        m_renewer.cancel(id); // its late answer is ignored: the state is no longer Renewing
        if (m_slots[std::size_t(index)].id != id)
            return; // removed meanwhile
        session = sessionOf(index);
    }
    schedule(index, session);
    rearm();
}

void ExpiryScheduler::rescheduleAll()
{
    m_heap.clear();
    for (Slot &slot : m_slots) {
        slot.dueMs = -1;
        slot.noticeMs = -1;
    }
    for (int row = 0; row < m_store.size(); ++row) {
        const int index = slotFor(m_store.at(row).id);
        m_slots[std::size_t(index)].row = row;
        schedule(index, &m_store.at(row));
    }
}

qint64 ExpiryScheduler::nextDueMs()
{
    while (!m_heap.empty()) {
        if (isCurrent(m_heap.front()))
            return m_heap.front().atMs;
        // Stale: rescheduled or removed since it was pushed.
        std::pop_heap(m_heap.begin(), m_heap.end(), EarliestOnTop());
        m_heap.pop_back();
    }
    return -1;
}

void ExpiryScheduler::takeDue(qint64 nowMs)
{
    m_batch.clear();
    while (!m_heap.empty() && m_heap.front().atMs <= nowMs) {
        if (m_batch.size() >= kPopMinimum && m_batch.size() >= m_heap.size() / kPopShare) {
            // Many due at once: split them off in one pass and rebuild the heap from the rest.
            const auto due = std::partition(m_heap.begin(), m_heap.end(), [nowMs](const Due &d) { return d.atMs > nowMs; });
            m_batch.insert(m_batch.end(), due, m_heap.end());
            m_heap.erase(due, m_heap.end());
            std::make_heap(m_heap.begin(), m_heap.end(), EarliestOnTop());
            // Earliest first, as the pops would have given them (all equal in the usual burst).
            const auto earlier = [](const Due &a, const Due &b) { return a.atMs < b.atMs; };
            if (!std::is_sorted(m_batch.begin(), m_batch.end(), earlier))
                std::stable_sort(m_batch.begin(), m_batch.end(), earlier);
            return;
        }
        std::pop_heap(m_heap.begin(), m_heap.end(), EarliestOnTop());
        m_batch.push_back(m_heap.back());
        m_heap.pop_back();
    }
}

void ExpiryScheduler::tick()
{
    if (m_ticking)
        return; // a renew that finishes synchronously must not re-enter the loop
    m_ticking = true;
    m_store.beginStateBatch();
    const qint64 nowMs = now();
    // Steps taken in a tick can make more steps due at once (a threshold and the expiry both
    // past): take again until nothing due is left.
    for (takeDue(nowMs); !m_batch.empty(); takeDue(nowMs)) {
        for (std::size_t i = 0; i < m_batch.size(); ++i) {
            // Checked here, not when taken: an earlier step's signals may have changed this session.
            const Due due = m_batch[i];
            if (!isCurrent(due))
                continue;
            Slot &slot = m_slots[std::size_t(due.slot)];
            if (DueKind(due.tag & 1u) == DueKind::Clock) {
                slot.dueMs = -1;
                if (slot.noticeMs >= 0 && slot.noticeMs <= nowMs) {
                    // Its notice is due too (with the default lead it falls on the threshold):
                    // announced now, while the session is at hand; its own entry goes stale.
                    slot.noticeMs = -1;
                    const quint32 generation = slot.generation;
                    notice(due.slot, nowMs);
                    if (m_slots[std::size_t(due.slot)].generation != generation)
                        continue; // removed by a receiver of expiresSoon
                }
                process(due.slot, nowMs);
            } else {
                slot.noticeMs = -1;
                notice(due.slot, nowMs);
            }
        }
    }
    m_batch.clear();
    m_store.endStateBatch();
    m_ticking = false;
    rearm();
}

void ExpiryScheduler::process(int index, qint64 nowMs)
{
    const Session *session = sessionOf(index);
    if (!session)
        return;
    switch (session->state) {
    case SessionState::Fresh:
    case SessionState::Expiring:
        if (session->expiresAtMs <= 0)
            return;
        if (wantsRenew(*session) && nowMs >= renewDueOf(*session)) {
            tryRenew(index, *session, true, nowMs);
        } else if (nowMs >= session->expiresAtMs && !wantsRenew(*session)) {
            moveTo(index, session->state, SessionState::Expired);
        } else if (nowMs >= thresholdAtMs(*session) && session->state == SessionState::Fresh) {
            moveTo(index, session->state, SessionState::Expiring);
        } else {
            schedule(index, session); // woken early (threshold or auto-renew changed): wait for the real instant
        }
        return;
    case SessionState::RenewFailed:
        if (m_autoRenewEnabled && session->nextRetryAtMs > 0 && nowMs >= dueOf(*session))
            tryRenew(index, *session, false, nowMs);
        else
            schedule(index, session);
        return;
    case SessionState::Expired:
    case SessionState::Renewing:
    case SessionState::Terminated:
    case SessionState::Closed:
        return;
    }
}

void ExpiryScheduler::tryRenew(int index, const Session &session, bool freshSeries, qint64 nowMs)
{
    const QString host = RenewPolicy::hostOf(session);
    const qint64 freeAt = m_policy.hostFreeAtMs(host, nowMs);
    if (freeAt > nowMs) {
        const QString reason = m_policy.budgetWaitReason(host);
        const bool announced = m_waiting.value(session.id).reason == reason;
        m_waiting.insert(session.id, {freeAt, reason});
        const QUuid id = session.id;
        // A Fresh session's next step is its (past) threshold: it waits as Expiring instead.
        if (session.state == SessionState::Fresh)
            moveTo(index, SessionState::Fresh, SessionState::Expiring);
        else
            schedule(index, &session);
        if (!announced)
            Q_EMIT renewWaiting(id, reason);
        return;
    }
    m_waiting.remove(session.id);
    m_policy.recordRenewal(host, nowMs);
    Session renewing = session;
    if (freshSeries)
        renewing.failedAttempts = 0;
    startRenew(renewing);
}

void ExpiryScheduler::notice(int index, qint64 nowMs)
{
    const Session *session = sessionOf(index);
    if (!session)
        return;
    const qint64 at = noticeOf(*session, m_slots[std::size_t(index)]);
    if (at < 0)
        return;
    if (nowMs < at) {
        schedule(index, session); // woken early (the lead changed): wait for the real instant
        return;
    }
    // Announced or not, this token is done with: past its expiry "soon" would be wrong (the
    // machine slept through the window), and Expired has its own state change.
    m_slots[std::size_t(index)].noticedExpiresAtMs = session->expiresAtMs;
    if (nowMs < session->expiresAtMs)
        Q_EMIT expiresSoon(session->id, session->expiresAtMs - nowMs);
}

void ExpiryScheduler::moveTo(int index, SessionState from, SessionState to)
{
    // Clock-driven moves change nothing but the state: no copy of the session (10,000 may move at
    // once). The store's sessionChanged for this move is not handled through the lambda (a hash
    // lookup and a second find per session); the session is rescheduled right after, from its slot.
    const QUuid id = m_slots[std::size_t(index)].id;
    const QUuid quiet = std::exchange(m_quietId, id);
    m_store.setState(id, to);
    m_quietId = quiet;
    if (m_slots[std::size_t(index)].id == id)
        onSessionChanged(index);
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
    // Asked for by the engineer (or a rejected token): not held back, but it counts for the host.
    m_waiting.remove(id);
    m_policy.recordRenewal(RenewPolicy::hostOf(session), now());
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
        const QString stop = RenewPolicy::stopReason(session, result);
        session.applyRenewal(result, context, nowMs);
        session.autoRenewStoppedReason = stop;
        session.failedAttempts = 0;
        session.nextRetryAtMs = 0;
        commit(session, SessionState::Fresh);
        Q_EMIT renewed(id, result);
        if (!stop.isEmpty() && autoRenewFor(session))
            Q_EMIT attention(id, stop);
        tick();
        return;
    }
    session.recordFailure(result, nowMs);
    if (result.httpStatus == 401 && m_renewer.reissues(session)) {
        // Issuing the token again was refused (the credentials: TOK002/TOK004): retrying with
        // the same ones cannot help, and the session was not terminated.
        session.nextRetryAtMs = 0;
        commit(session, SessionState::RenewFailed);
        Q_EMIT attention(id, QStringLiteral("Issuing the token again was refused: %1").arg(session.lastError));
        return;
    }
    // The family's adapter says whether a refused renewal can succeed later (BankEzy: never).
    const FamilyAdapter::RenewRefusal refusal = result.httpStatus == 401
        ? FamilyAdapter::forFamily(session.family, m_renewer.catalog().familyRegistry()).renewRefusal(result)
        : FamilyAdapter::RenewRefusal::Retry;
    if (refusal == FamilyAdapter::RenewRefusal::UnknownToken) {
        session.nextRetryAtMs = 0;
        session.lastError = kServerDoesNotKnowToken + QStringLiteral(": ") + session.lastError;
        commit(session, SessionState::RenewFailed);
        Q_EMIT attention(id, session.lastError);
        return;
    }
    if (refusal == FamilyAdapter::RenewRefusal::Terminated) {
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
