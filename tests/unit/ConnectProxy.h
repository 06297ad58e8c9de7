// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

class QSslConfiguration;
class QTcpServer;
class QTcpSocket;

namespace td::test {

// An HTTP CONNECT proxy on loopback: it tunnels to the target it is asked for, refuses every
// tunnel (403), or wants Basic credentials (407 until they match). It notes what it was asked.
// With a TLS configuration it is an https:// proxy: TLS to the proxy itself, then CONNECT.
class ConnectProxy : public QObject
{
public:
    enum class Mode { Tunnel, Refuse, RequireCredentials };

    explicit ConnectProxy(Mode mode = Mode::Tunnel, QObject *parent = nullptr);
    ConnectProxy(Mode mode, const QSslConfiguration &tls, QObject *parent = nullptr);

    bool listen();
    quint16 port() const;
    QString url() const; // http://127.0.0.1:PORT, or https:// with TLS

    QByteArray expectedAuthorization;  // for RequireCredentials, e.g. "Basic dXNlcjpwYXNz"
    QStringList targets;               // "host:port" of every CONNECT
    QList<QByteArray> authorizations;  // the Proxy-Authorization of every CONNECT (empty when none)

private:
    void accept(QTcpSocket *client);
    void handle(QTcpSocket *client, const QByteArray &head, const QByteArray &rest);
    void tunnel(QTcpSocket *client, const QString &target, const QByteArray &rest);

    void acceptPending();

    Mode m_mode;
    bool m_tls = false;
    QTcpServer *m_server;
};

} // namespace td::test
