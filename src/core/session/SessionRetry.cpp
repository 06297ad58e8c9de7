// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionRetry.h"

#include "core/api/ApiCall.h"
#include "core/api/CallClock.h"
#include "core/api/EndpointCatalog.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/Session.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/api/SpokenName.h"

namespace td {

namespace {

// The renew call has the transport timeout of the session's environment; the scheduler needs a
// moment after that to report. Past both, the renew is not coming.
constexpr int kWaitMarginMs = 2000;

bool sameKey(const std::optional<Jwk> &a, const std::optional<Jwk> &b)
{
    if (!a || !b)
        return a.has_value() == b.has_value();
    return a->thumbprint() == b->thumbprint();
}

} // namespace

SessionRetry::SessionRetry(ApiClient &client, const EndpointSpec &spec, Environment environment,
                           QMap<QString, QString> values, CallContext &context, SessionStore *store,
                           ExpiryScheduler *scheduler, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_spec(spec)
    , m_environment(std::move(environment))
    , m_values(std::move(values))
    , m_context(context)
    , m_store(store)
    , m_scheduler(scheduler)
    , m_catalog(&EndpointCatalog::builtIn())
    , m_nowMs(&CallClock::nowMs)
{
    m_waitTimer.setSingleShot(true);
    connect(&m_waitTimer, &QTimer::timeout, this, [this] {
        renewFailed(QStringLiteral("no outcome within %1 s").arg(m_waitTimer.interval() / 1000));
    });
}

SessionRetry::~SessionRetry()
{
    stopWaiting();
    // The calls refer to the caller's context: they go while it still exists.
    delete m_retry;
    delete m_first;
}

ApiCall *SessionRetry::makeCall(QMap<QString, QString> values)
{
    auto *call = new ApiCall(m_client, m_spec, m_environment, std::move(values), m_context, this);
    call->setClock(m_nowMs);
    call->setValueSource(m_valueSource);
    call->setCatalog(m_catalog);
    return call;
}

void SessionRetry::start()
{
    if (m_running || m_first)
        return; // one run per object: the calls stay readable afterwards
    m_running = true;
    m_first = makeCall(m_values);
    connect(m_first, &ApiCall::finished, this, &SessionRetry::onFirstFinished);
    m_first->start();
}

void SessionRetry::cancel()
{
    if (!m_running)
        return;
    if (m_retry)
        m_retry->cancel();
    else if (!m_sessionId.isNull())
        renewFailed(QStringLiteral("cancelled"));
    else if (m_first)
        m_first->cancel();
}

const Session *SessionRetry::sessionSentBy(const PreparedCall &prepared, const Environment &environment,
                                           const SessionStore &store, const EndpointCatalog &catalog, QString *fieldFrom)
{
    if (!prepared.spec)
        return nullptr;
    const EndpointSpec &spec = *prepared.spec;
    for (const ResolvedField &field : prepared.fields) {
        if (!field.spec || field.spec->from.isEmpty() || field.value.isEmpty())
            continue;
        for (int row = 0; row < store.size(); ++row) {
            const Session &session = store.at(row);
            if (!session.isOpen() || session.token != field.value || session.family != spec.family
                || session.environment.name != environment.name)
                continue;
            // A 401 from the session's own renew step is that renew's answer, not a stale token.
            if (SessionRenewer::renewSpec(session, catalog) == &spec)
                continue;
            if (fieldFrom)
                *fieldFrom = field.spec->from;
            return &session;
        }
    }
    return nullptr;
}

void SessionRetry::mergeRenewed(CallContext &target, const CallContext &before, const CallContext &after)
{
    for (auto it = after.values.cbegin(); it != after.values.cend(); ++it) {
        if (!before.values.contains(it.key()) || before.values.value(it.key()) != it.value())
            target.values.insert(it.key(), it.value());
    }
    if (!sameKey(before.clientKey, after.clientKey) && after.clientKey)
        target.clientKey = after.clientKey;
    if (!sameKey(before.sdkKey, after.sdkKey) && after.sdkKey)
        target.sdkKey = after.sdkKey;
    if (!sameKey(before.appServerKey, after.appServerKey) && after.appServerKey)
        target.appServerKey = after.appServerKey;
    if (!sameKey(before.userServerKey, after.userServerKey) && after.userServerKey)
        target.userServerKey = after.userServerKey;
    if (!after.appSessionKey.isEmpty() && !(before.appSessionKey == after.appSessionKey))
        target.appSessionKey = after.appSessionKey;
    if (!after.userSessionKey.isEmpty() && !(before.userSessionKey == after.userSessionKey))
        target.userSessionKey = after.userSessionKey;
}

QString SessionRetry::prefix() const
{
    return QStringLiteral("HTTP 401 with the %1 of session %2")
        .arg(spokenName(m_fieldFrom), m_sessionId.toString(QUuid::WithoutBraces).left(8));
}

void SessionRetry::onFirstFinished()
{
    const TokenResult &result = m_first->result();
    if (result.httpStatus != 401 || !m_store || !m_scheduler || !m_first->wasSent()) {
        finish(*m_first, Outcome::NotRetried);
        return;
    }
    const Session *session = sessionSentBy(m_first->prepared(), m_environment, *m_store, *m_catalog, &m_fieldFrom);
    if (!session) {
        finish(*m_first, Outcome::NotRetried);
        return;
    }
    m_sessionId = session->id;
    m_sentToken = session->token;
    m_contextBefore = session->context;
    const int waitMs = qMax(0, session->environment.transport.timeoutMs) + kWaitMarginMs;
    const bool alreadyRenewing = session->state == SessionState::Renewing;

    // Listen before asking: the outcome may follow quickly.
    m_waits.append(connect(m_scheduler, &ExpiryScheduler::stateChanged, this, &SessionRetry::onStateChanged));
    m_waits.append(connect(m_store, &SessionStore::sessionChanged, this, [this](const QUuid &id) {
        const Session *changed = m_store->find(id);
        if (id == m_sessionId && changed && changed->state == SessionState::Closed)
            renewFailed(QStringLiteral("the session was closed"));
    }));
    m_waits.append(connect(m_store, &SessionStore::sessionRemoved, this, [this](const QUuid &id) {
        if (id == m_sessionId)
            renewFailed(QStringLiteral("the session was removed"));
    }));
    // One already renewing (auto-renew at the same moment) is waited for rather than renewed twice.
    if (!alreadyRenewing && !m_scheduler->renewNow(m_sessionId)) {
        renewFailed(QStringLiteral("this session cannot be renewed now"));
        return;
    }
    m_waitTimer.start(waitMs);
    Q_EMIT renewing(prefix() + QStringLiteral(": renewing it…"));
}

void SessionRetry::onStateChanged(const QUuid &id, SessionState from, SessionState to)
{
    if (id != m_sessionId || from != SessionState::Renewing || m_waits.isEmpty())
        return;
    if (to == SessionState::Fresh) {
        onRenewed();
        return;
    }
    const Session *session = m_store->find(id);
    renewFailed(session && !session->lastError.isEmpty() ? session->lastError : sessionStateName(to));
}

void SessionRetry::onRenewed()
{
    stopWaiting();
    const Session *session = m_store->find(m_sessionId);
    if (!session || session->token.isEmpty()) {
        renewFailed(QStringLiteral("the renewed session has no token"));
        return;
    }
    mergeRenewed(m_context, m_contextBefore, session->context);
    // A token typed into the form would be sent again as typed: the retry sends the new one.
    QMap<QString, QString> values = m_values;
    for (const FieldSpec &field : m_spec.fields) {
        if (!field.from.isEmpty() && values.value(field.name) == m_sentToken)
            values.insert(field.name, session->token);
    }
    Q_EMIT callFinished(*m_first, false);
    m_retry = makeCall(std::move(values));
    connect(m_retry, &ApiCall::finished, this, &SessionRetry::onRetryFinished);
    m_retry->start();
}

void SessionRetry::onRetryFinished()
{
    m_note = prefix() + QStringLiteral(": renewed it and retried");
    finish(*m_retry, Outcome::Retried);
}

void SessionRetry::renewFailed(const QString &reason)
{
    if (!m_running || m_retry)
        return;
    stopWaiting();
    m_note = prefix() + QStringLiteral(": renewing failed: %1; the first answer is shown").arg(reason);
    finish(*m_first, Outcome::RenewFailed);
}

void SessionRetry::stopWaiting()
{
    m_waitTimer.stop();
    for (const QMetaObject::Connection &connection : std::as_const(m_waits))
        disconnect(connection);
    m_waits.clear();
}

void SessionRetry::finish(const ApiCall &call, Outcome outcome)
{
    if (!m_running)
        return;
    m_running = false;
    m_outcome = outcome;
    m_result = call.result();
    Q_EMIT callFinished(call, true);
    Q_EMIT finished(m_result);
}

} // namespace td
