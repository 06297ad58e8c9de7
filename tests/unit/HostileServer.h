// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpRequest.h"

#include <QObject>
#include <QUrl>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

class QSslConfiguration;
class QTcpServer;
class QTcpSocket;

namespace td::test {

// A request as it arrived on the wire, headers in order.
struct HostileRequest {
    QByteArray method;
    QByteArray path;
    HttpHeaders headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const; // case-insensitive; empty when absent
};

// A byte-level HTTP/1.1 server on loopback, scripted per test case, for the answers a
// well-behaved server never gives: lies about length, broken chunking, endless bodies, drips,
// early closes, redirects anywhere. Optionally TLS with tests/data/net's certificate, and then
// optionally demanding a client certificate. Big bodies are written as the socket drains, so the
// server's own memory stays small.
class HostileServer : public QObject
{
public:
    enum class Tls { None, Server, RequireClientCertificate, RequireClientCertificateTls12 };
    enum class Framing { ContentLength, Chunked, ConnectionClose };
    using Handler = std::function<void(QTcpSocket *, const HostileRequest &)>;

    explicit HostileServer(Tls tls = Tls::None, QObject *parent = nullptr);
    // TLS with a configuration of the test's own (certificates it made, a client CA ...).
    explicit HostileServer(const QSslConfiguration &tls, QObject *parent = nullptr);
    ~HostileServer() override;

    bool listen();
    quint16 port() const;
    QUrl url(const QString &path) const; // http or https after the server's kind
    QString caFile() const;              // the CA that signed the TLS certificate

    Handler onRequest;                   // answers one parsed request; nothing when unset
    QList<HostileRequest> requests;      // every request parsed so far
    int connections = 0;                 // every connection accepted (TLS: after the handshake)

    // "HTTP/1.1 <status> <reason>" with the headers and a Content-Length for `body`.
    static QByteArray response(int status, const QByteArray &reason, const QByteArray &body,
                               const HttpHeaders &headers = {});
    // Status line and headers only; the caller frames the body.
    static QByteArray head(int status, const QByteArray &reason, const HttpHeaders &headers);
    // A 200 whose body is `total` bytes of filler, framed as asked. A thread of its own writes it
    // as fast as the kernel takes it (as a plain blocking server would), so a client without flow
    // control falls behind; it stops when the peer goes away. Plain TCP only.
    void streamBody(QTcpSocket *socket, qint64 total, Framing framing);
    // Writes `data` one byte every `intervalMs`.
    static void drip(QTcpSocket *socket, const QByteArray &data, int intervalMs);

private:
    void accept(QTcpSocket *socket);
    void parse(QTcpSocket *socket, QByteArray &buffer);

    Tls m_tls;
    QTcpServer *m_server;
    std::vector<std::thread> m_writers;
    std::atomic<bool> m_stopping{false};
};

} // namespace td::test
