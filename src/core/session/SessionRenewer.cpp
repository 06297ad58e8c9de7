// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionRenewer.h"

#include "core/api/ApiCall.h"
#include "core/api/CallClock.h"
#include "core/api/EndpointCatalog.h"

#include <QPointer>
#include <QTimer>

namespace td {

// ApiCall keeps a reference to the context it updates, so the job owns it for the call's life.
struct SessionRenewer::Job {
    CallContext context;
    QPointer<ApiCall> call;
};

SessionRenewer::SessionRenewer(ApiClient &client, QObject *parent)
    : SessionRenewer(client, EndpointCatalog::builtIn(), parent)
{
}

SessionRenewer::SessionRenewer(ApiClient &client, const EndpointCatalog &catalog, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_catalog(&catalog)
    , m_nowMs(&CallClock::nowMs)
{
}

SessionRenewer::~SessionRenewer()
{
    for (auto &[id, job] : m_jobs) {
        if (job->call) {
            disconnect(job->call, nullptr, this, nullptr);
            delete job->call;
        }
    }
}

namespace {

// The family's renew step when it carries the session's token, or the refresh token issued with
// it, in one of its fields: an OAuth-style refresh step sends the refresh token alone. A BankEzy
// app session carries neither into Renew Token (that renews the user token), so it re-issues.
const EndpointSpec *renewStepFor(const Session &session, const EndpointCatalog &catalog)
{
    const EndpointSpec *renew = catalog.renewStep(session.family);
    if (!renew)
        return nullptr;
    for (const FieldSpec &field : renew->fields) {
        if (field.from.isEmpty())
            continue;
        const QString carried = session.context.value(field.from);
        if (carried == session.token || (!session.refreshToken.isEmpty() && carried == session.refreshToken))
            return renew;
    }
    return nullptr;
}

// The session's issuing endpoint when it can run again from the environment alone: nothing it
// sends is carried from an earlier step (which also rules out every renew step).
const EndpointSpec *reissueSpecFor(const Session &session, const EndpointCatalog &catalog)
{
    const EndpointSpec *issuer = catalog.find(session.endpointId);
    if (!issuer || issuer->family != session.family)
        return nullptr;
    for (const FieldSpec &field : issuer->fields) {
        if (!field.from.isEmpty())
            return nullptr;
    }
    return issuer;
}

} // namespace

const EndpointSpec *SessionRenewer::renewSpec(const Session &session, const EndpointCatalog &catalog)
{
    if (session.token.isEmpty())
        return nullptr;
    if (const EndpointSpec *renew = renewStepFor(session, catalog))
        return renew;
    return reissueSpecFor(session, catalog);
}

bool SessionRenewer::renewsByReissue(const Session &session, const EndpointCatalog &catalog)
{
    return !session.token.isEmpty() && !renewStepFor(session, catalog) && reissueSpecFor(session, catalog);
}

void SessionRenewer::renew(const Session &session)
{
    if (isRenewing(session.id))
        return;
    const QUuid id = session.id;
    const EndpointSpec *spec = renewSpec(session, *m_catalog);
    if (!spec) {
        TokenResult result;
        result.endpointId = session.endpointId;
        result.error = makeError(ErrorCode::NotFound,
                                 QStringLiteral("This %1 token cannot be renewed: the family's renew step does not take "
                                                "it and its issuing endpoint needs values from earlier steps.")
                                     .arg(m_catalog->familyRegistry().displayName(session.family)));
        result.message = result.error->message;
        const CallContext context = session.context;
        QTimer::singleShot(0, this, [this, id, result, context] { Q_EMIT finished(id, result, context); });
        return;
    }
    auto job = std::make_unique<Job>();
    job->context = session.context;
    // Explicit values stay empty: the renew step (or the re-issue) takes everything from the
    // context and environment.
    job->call = new ApiCall(m_client, *spec, session.environment, {}, job->context, this);
    job->call->setClock(m_nowMs);
    job->call->setValueSource(m_valueSource);
    job->call->setCatalog(m_catalog);
    connect(job->call, &ApiCall::finished, this, [this, id](const TokenResult &result) { onFinished(id, result); });
    ApiCall *call = job->call;
    m_jobs.emplace(id, std::move(job));
    call->start();
}

void SessionRenewer::cancel(const QUuid &id)
{
    const auto it = m_jobs.find(id);
    if (it != m_jobs.end() && it->second->call)
        it->second->call->cancel();
}

void SessionRenewer::onFinished(const QUuid &id, const TokenResult &result)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return;
    std::unique_ptr<Job> job = std::move(it->second);
    m_jobs.erase(it);
    if (job->call) {
        Q_EMIT exchanged(id, *job->call);
        job->call->deleteLater();
    }
    Q_EMIT finished(id, result, job->context);
}

} // namespace td
