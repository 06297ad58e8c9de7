// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>

#include <optional>

class QTcpServer;

namespace td {

// TLS to the proxy itself, for an https:// proxy. Qt's sockets cannot run the target's TLS inside
// a TLS connection to the proxy, so the exchange's socket speaks plain HTTP-proxy to this bridge
// on loopback, and the bridge carries the bytes unchanged over a verified TLS connection to the
// proxy. It is a pipe and nothing more: the CONNECT line, Proxy-Authorization and the tunnelled
// bytes are Qt's own, so a 407, a refused tunnel or the target's TLS read exactly as through an
// http:// proxy.
//
// Each connection the exchange's socket opens (one, or a second after a 407 that closed the first)
// gets a TLS connection of its own to the proxy; the bridge lives as long as its exchange. A local
// process that connected to it too would hold a TLS connection to a proxy it can reach itself
// anyway, without the credentials, which travel inside the exchange's own connection. Memory is
// bounded: each side reads at most kBufferBytes ahead of the other.
class ProxyTlsBridge : public QObject
{
public:
    static constexpr qint64 kBufferBytes = 64 * 1024;

    // Why the TLS connection to the proxy failed: the socket's error, and the certificate problems
    // Qt found with the chain the proxy presented.
    struct Failure {
        int socketError = -1; // QAbstractSocket::SocketError
        QString detail;
        QList<QSslError> certificateErrors;
        QList<QSslCertificate> chain;
    };

    ProxyTlsBridge(const QString &proxyHost, quint16 proxyPort, const QSslConfiguration &tls, QObject *parent = nullptr);
    ~ProxyTlsBridge() override;

    bool listen(); // loopback, a port of the system's choosing
    quint16 port() const;
    // The latest connection's failure, if it failed before its TLS was up.
    const std::optional<Failure> &failure() const { return m_failure; }

private:
    class Pipe;

    QString m_proxyHost;
    quint16 m_proxyPort;
    QSslConfiguration m_tls;
    QTcpServer *m_server;
    std::optional<Failure> m_failure;
};

} // namespace td
