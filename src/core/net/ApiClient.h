// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpRequest.h"
#include "core/net/HttpResponse.h"
#include "core/net/TransportSettings.h"

#include <QObject>
#include <QProcessEnvironment>

namespace td {

class ApiReply;

// Sends HttpRequests with the transport rules of an environment: timeout for the whole request,
// response size cap (enforced while reading, whatever the framing, with memory bounded by
// HttpExchange's read buffer), redirects only within the same origin (at most 5), TLS
// verification on unless `insecure`, an extra CA file, a client certificate, pins, a proxy chosen
// as curl does (ProxyChoice). Each request and each redirect hop is an
// HttpExchange on a connection of its own, in the caller's thread. Every outcome is an
// HttpResponse; nothing throws or hangs past the timeout.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    // The reply is parented to this client; it emits ApiReply::finished exactly once (also after
    // abort()) and may be deleted in that slot with deleteLater().
    ApiReply *send(const HttpRequest &request, const TransportSettings &settings);

    // Where the proxy variables (https_proxy, no_proxy ...) and TOKENDESK_CLIENT_CERT_PASSPHRASE
    // are read; the process's environment unless a test sets another.
    void setProcessEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    const QProcessEnvironment &processEnvironment() const { return m_environment; }

    static constexpr const char *kClientCertPassphraseVariable = "TOKENDESK_CLIENT_CERT_PASSPHRASE";

private:
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
};

} // namespace td
