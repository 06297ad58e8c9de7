// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpRequest.h"
#include "core/net/HttpResponse.h"
#include "core/net/HttpResponseParser.h"

#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>
#include <QStringList>

#include <functional>
#include <optional>

class QSslSocket;

namespace td {

class ProxyTlsBridge;

// One HTTP/1.1 request and its response on a connection of its own, in the caller's thread.
// Memory is bounded by construction: Qt buffers at most kReadBufferBytes of the socket (it stops
// reading the kernel when that is full, so a fast server is held back by TCP flow control), and
// HttpResponseParser keeps at most the capped body. Each request opens a new connection and sends
// `Connection: close`: TokenDesk sends a request at a time per flow, and a fresh connection costs
// well under a millisecond on the networks it talks to, while keep-alive would need a pool with
// its own stale-connection retries.
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kReadBufferBytes = 64 * 1024;

    // How to reach the server: TLS settings for https, the proxy, and a last look at the
    // verified chain (pinning) before the request is written.
    struct Transport {
        QSslConfiguration tls;
        QNetworkProxy proxy{QNetworkProxy::NoProxy};
        QString proxyShown;                 // for messages, no password
        // An https:// proxy: TLS to the proxy itself with this configuration (see ProxyTlsBridge).
        std::optional<QSslConfiguration> proxyTls;
        bool clientCertificate = false;     // tls carries one: a refusal is client-cert-rejected
        std::function<std::optional<Error>(const QList<QSslCertificate> &presented)> checkPeer;
    };

    explicit HttpExchange(QObject *parent = nullptr);
    ~HttpExchange() override;

    // Sends `request` (http or https, checked by the caller). finished() follows exactly once,
    // later, unless cancel() comes first.
    void start(const HttpRequest &request, const Transport &transport, qint64 maxResponseBytes);
    // Closes the connection at once; finished() is not emitted.
    void cancel();

Q_SIGNALS:
    // A response with its status, headers and body, or a transport error. Duration and time of
    // arrival are the caller's. The connection is closed by then; delete the exchange with
    // deleteLater() if in the slot.
    void finished(const td::HttpResponse &response);

private:
    QByteArray requestBytes(const HttpRequest &request) const;
    void connectSocket();
    void readAvailable();
    void checkParser();
    void onEncrypted();
    void onError(int socketError);
    std::optional<Error> proxyError(int socketError, const QString &detail) const;
    Error bridgeError() const;
    QNetworkProxy socketProxy();
    void onClosed();
    Error tlsError(bool closedUnanswered);
    void fail(const Error &error);
    void complete(HttpResponse response);

    QSslSocket *m_socket = nullptr;
    ProxyTlsBridge *m_bridge = nullptr; // for an https:// proxy
    std::optional<HttpResponseParser> m_parser;
    QByteArray m_readChunk;
    QByteArray m_requestBytes;
    QString m_host;
    quint16 m_port = 0;
    QString m_where; // host:port for messages
    Transport m_transport;
    bool m_https = false;
    bool m_connected = false; // TCP (through the proxy's tunnel) is up
    bool m_encrypted = false; // the TLS handshake completed
    bool m_done = false;
    QList<QSslError> m_sslErrors;
    std::optional<TlsSessionInfo> m_tls;
};

} // namespace td
