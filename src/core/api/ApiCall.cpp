// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApiCall.h"

#include "core/api/CallClock.h"
#include "core/api/RequestBuilder.h"
#include "core/api/ResponseInterpreter.h"
#include "core/api/TransportReferences.h"
#include "core/net/ApiClient.h"
#include "core/net/ApiReply.h"

#include <QTimer>

namespace td {

ApiCall::ApiCall(ApiClient &client, const EndpointSpec &spec, Environment environment, QMap<QString, QString> values,
                 CallContext &context, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_spec(spec)
    , m_environment(std::move(environment))
    , m_values(std::move(values))
    , m_context(context)
    , m_nowMs(&CallClock::nowMs)
{
}

ApiCall::~ApiCall()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
    }
}

void ApiCall::start()
{
    if (m_running)
        return;
    m_running = true;
    m_sent = false;
    Result<PreparedCall> prepared = RequestBuilder::prepare(m_spec, m_environment, m_values, m_context, m_nowMs(), m_valueSource, m_catalog);
    if (!prepared)
        return finishUnsent(prepared.error());
    Result<TransportSettings> transport = TransportReferences::resolve(m_environment.transport, m_valueSource);
    if (!transport)
        return finishUnsent(transport.error());
    m_prepared = std::move(prepared).value();
    m_sent = true;
    m_reply = m_client.send(m_prepared.request, transport.value());
    connect(m_reply, &ApiReply::finished, this, &ApiCall::onReply);
}

void ApiCall::finishUnsent(const Error &error)
{
    // Finish from the event loop so callers see one behaviour whether or not anything was sent.
    const TokenResult result = ResponseInterpreter::notSent(m_spec.id, error);
    QTimer::singleShot(0, this, [this, result] { finish(result); });
}

void ApiCall::cancel()
{
    if (m_reply)
        m_reply->abort();
}

void ApiCall::onReply(const HttpResponse &response)
{
    m_response = response;
    // Relative expiries ("7200 s from now") count from this call's clock, the same one its
    // timestamps came from, so an injected clock governs the whole call.
    m_response.receivedAtMs = m_nowMs();
    if (m_reply) {
        m_reply->deleteLater();
        m_reply.clear();
    }
    finish(ResponseInterpreter::interpret(m_prepared, m_response, m_context, m_environment));
}

void ApiCall::finish(TokenResult result)
{
    if (!m_running)
        return;
    m_running = false;
    m_result = std::move(result);
    Q_EMIT finished(m_result);
}

} // namespace td
