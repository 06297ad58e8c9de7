// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectProxy.h"

#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>

#include <cctype>
#include <memory>

namespace td::test {

ConnectProxy::ConnectProxy(Mode mode, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_server(new QTcpServer(this))
{
    acceptPending();
}

ConnectProxy::ConnectProxy(Mode mode, const QSslConfiguration &tls, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_tls(true)
{
    auto *server = new QSslServer(this); // hands over a connection once its handshake is done
    server->setSslConfiguration(tls);
    m_server = server;
    acceptPending();
}

void ConnectProxy::acceptPending()
{
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
}

bool ConnectProxy::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 ConnectProxy::port() const
{
    return m_server->serverPort();
}

QString ConnectProxy::url() const
{
    return QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? QStringLiteral("https") : QStringLiteral("http")).arg(port());
}

void ConnectProxy::accept(QTcpSocket *client)
{
    client->setParent(this);
    auto buffer = std::make_shared<QByteArray>();
    connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
        *buffer += client->readAll();
        if (!buffer->isEmpty() && !std::isalpha(static_cast<unsigned char>(buffer->at(0)))) {
            // Not HTTP (a TLS hello to a plain proxy): answered as squid does.
            disconnect(client, &QTcpSocket::readyRead, this, nullptr);
            client->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            client->disconnectFromHost();
            return;
        }
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0)
            return;
        disconnect(client, &QTcpSocket::readyRead, this, nullptr);
        handle(client, buffer->left(end), buffer->mid(end + 4));
    });
}

void ConnectProxy::handle(QTcpSocket *client, const QByteArray &head, const QByteArray &rest)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QByteArray authorization;
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("proxy-authorization:"))
            authorization = line.mid(line.indexOf(':') + 1).trimmed();
    }
    const QString target = QString::fromLatin1(requestLine.value(1));
    targets << target;
    authorizations << authorization;
    const auto refuse = [client](const QByteArray &answer) {
        client->write(answer);
        client->disconnectFromHost();
    };
    if (requestLine.value(0) != "CONNECT" || m_mode == Mode::Refuse)
        return refuse("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    if (m_mode == Mode::RequireCredentials && authorization != expectedAuthorization)
        return refuse("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                      "Content-Length: 0\r\nProxy-Connection: close\r\nConnection: close\r\n\r\n");
    tunnel(client, target, rest);
}

void ConnectProxy::tunnel(QTcpSocket *client, const QString &target, const QByteArray &rest)
{
    auto *upstream = new QTcpSocket(client);
    const qsizetype colon = target.lastIndexOf(QLatin1Char(':'));
    auto established = std::make_shared<bool>(false);
    connect(upstream, &QTcpSocket::connected, client, [client, upstream, rest, established] {
        *established = true;
        client->write("HTTP/1.1 200 Connection established\r\n\r\n");
        if (!rest.isEmpty())
            upstream->write(rest);
        if (client->bytesAvailable() > 0)
            upstream->write(client->readAll());
    });
    connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
    connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] {
        if (upstream->state() == QAbstractSocket::ConnectedState)
            upstream->write(client->readAll());
    });
    connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
    connect(upstream, &QTcpSocket::errorOccurred, client, [client, established] {
        if (!*established)
            client->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"); // as squid
        client->disconnectFromHost();
    });
    connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->disconnectFromHost(); });
    upstream->connectToHost(target.left(colon), quint16(target.mid(colon + 1).toUInt()));
}

} // namespace td::test
