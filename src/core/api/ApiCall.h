// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/EndpointSpec.h"
#include "core/api/PreparedCall.h"
#include "core/api/TokenResult.h"
#include "core/net/Environment.h"
#include "core/net/HttpResponse.h"

#include <QMap>
#include <QObject>
#include <QPointer>

#include <functional>

namespace td {

class ApiClient;
class ApiReply;
class EndpointCatalog;
class ValueSource;

// One call of one endpoint as a command (start, cancel, finished): build the request from the
// spec and values, send it, read the answer into a TokenResult and update the family's context.
// The same object serves the form's Send button, `tokendesk-cli call` and the flows.
class ApiCall : public QObject
{
    Q_OBJECT
public:
    ApiCall(ApiClient &client, const EndpointSpec &spec, Environment environment, QMap<QString, QString> values,
            CallContext &context, QObject *parent = nullptr);
    ~ApiCall() override;

    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    // Where "vault:NAME" field values are looked up; none: such values are refused.
    void setValueSource(const ValueSource *source) { m_valueSource = source; }
    // The catalog the spec belongs to (user specs included): its messages name the family's other
    // steps. None: the built-in catalog. Not owned; it must outlive the call.
    void setCatalog(const EndpointCatalog *catalog) { m_catalog = catalog; }

    // Prepares and sends. A call that cannot be prepared (validation, no session key) finishes
    // without sending, from the event loop, like any other.
    void start();
    // finished() follows with a Cancelled error.
    void cancel();
    bool isRunning() const { return m_running; }

    const EndpointSpec &spec() const { return m_spec; }
    const Environment &environment() const { return m_environment; }
    // The values given for this call (typed in a form, --set), vault references unresolved.
    const QMap<QString, QString> &values() const { return m_values; }
    const PreparedCall &prepared() const { return m_prepared; } // empty request when not sent
    bool wasSent() const { return m_sent; }
    const HttpResponse &response() const { return m_response; }
    const TokenResult &result() const { return m_result; }
    // The family's context the call ran with (and updated): what a session needs to renew.
    const CallContext &context() const { return m_context; }

Q_SIGNALS:
    void finished(const td::TokenResult &result);

private:
    void onReply(const HttpResponse &response);
    void finish(TokenResult result);
    void finishUnsent(const Error &error);

    ApiClient &m_client;
    const EndpointSpec &m_spec;
    Environment m_environment;
    QMap<QString, QString> m_values;
    CallContext &m_context;
    std::function<qint64()> m_nowMs;
    const ValueSource *m_valueSource = nullptr;
    const EndpointCatalog *m_catalog = nullptr;
    QPointer<ApiReply> m_reply;
    PreparedCall m_prepared;
    HttpResponse m_response;
    TokenResult m_result;
    bool m_running = false;
    bool m_sent = false;
};

} // namespace td
