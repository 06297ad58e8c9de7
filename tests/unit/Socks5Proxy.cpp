// SPDX-License-Identifier: GPL-3.0-or-later
#include "Socks5Proxy.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtEndian>

#include <utility>

namespace td::test {

namespace {

constexpr char kVersion = 0x05;
constexpr quint8 kNoAuthentication = 0x00;
constexpr quint8 kUsernamePassword = 0x02;
constexpr quint8 kNoAcceptableMethod = 0xFF;
constexpr quint8 kSucceeded = 0x00;
constexpr quint8 kHostUnreachable = 0x04;
constexpr quint8 kConnectionRefused = 0x05;
constexpr quint8 kCommandNotSupported = 0x07;
constexpr quint8 kAddressTypeNotSupported = 0x08;

quint8 at(const QByteArray &bytes, qsizetype i)
{
    return quint8(bytes.at(i));
}

// A reply to CONNECT (RFC 1928 section 6), the bound address as IPv4.
QByteArray reply(quint8 code, quint16 boundPort = 0)
{
    const char bytes[] = {kVersion, char(code), 0x00, 0x01, 127, 0, 0, 1, char(boundPort >> 8), char(boundPort & 0xFF)};
    return QByteArray(bytes, sizeof bytes);
}

} // namespace

struct Socks5Proxy::Session {
    enum class Stage { Greeting, Authentication, Request, Done };
    QTcpSocket *client = nullptr;
    QByteArray buffer;
    Stage stage = Stage::Greeting;
};

Socks5Proxy::Socks5Proxy(Mode mode, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
}

bool Socks5Proxy::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 Socks5Proxy::port() const
{
    return m_server->serverPort();
}

QString Socks5Proxy::url(const QString &scheme) const
{
    return QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(port());
}

void Socks5Proxy::accept(QTcpSocket *client)
{
    ++connections;
    client->setParent(this);
    auto session = std::make_shared<Session>();
    session->client = client;
    connect(client, &QTcpSocket::readyRead, this, [this, session] {
        session->buffer += session->client->readAll();
        advance(session);
    });
}

// Each stage consumes its message once it is whole; a split read waits for the rest.
void Socks5Proxy::advance(const std::shared_ptr<Session> &session)
{
    bool moved = true;
    while (moved) {
        switch (session->stage) {
        case Session::Stage::Greeting: moved = greeting(session); break;
        case Session::Stage::Authentication: moved = authentication(session); break;
        case Session::Stage::Request: moved = request(session); break;
        case Session::Stage::Done: moved = false; break;
        }
    }
}

// VER NMETHODS METHODS...: the proxy picks no authentication, or username/password when it wants
// credentials (0xFF, no acceptable method, when the client offers none).
bool Socks5Proxy::greeting(const std::shared_ptr<Session> &session)
{
    QByteArray &in = session->buffer;
    if (in.size() < 2 || in.size() < 2 + at(in, 1))
        return false;
    const quint8 version = at(in, 0);
    const QByteArray methods = in.mid(2, at(in, 1));
    in.remove(0, 2 + at(in, 1));
    if (m_mode == Mode::CloseOnGreeting) {
        session->client->abort();
        session->stage = Session::Stage::Done;
        return false;
    }
    if (m_mode == Mode::AnswerHttp) {
        session->client->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        session->client->disconnectFromHost();
        session->stage = Session::Stage::Done;
        return false;
    }
    const bool wantsCredentials = m_mode == Mode::RequireCredentials;
    const quint8 wanted = wantsCredentials ? kUsernamePassword : kNoAuthentication;
    if (version != quint8(kVersion) || !methods.contains(char(wanted))) {
        session->client->write(QByteArray(1, kVersion) + char(kNoAcceptableMethod));
        session->client->disconnectFromHost();
        session->stage = Session::Stage::Done;
        return false;
    }
    session->client->write(QByteArray(1, kVersion) + char(wanted));
    session->stage = wantsCredentials ? Session::Stage::Authentication : Session::Stage::Request;
    return true;
}

// RFC 1929: VER(1) ULEN UNAME PLEN PASSWD, answered 01 00 (success) or 01 01 and a close.
bool Socks5Proxy::authentication(const std::shared_ptr<Session> &session)
{
    QByteArray &in = session->buffer;
    if (in.size() < 2 || in.size() < 3 + at(in, 1))
        return false;
    const int userLength = at(in, 1);
    const int passwordLength = at(in, 2 + userLength);
    if (in.size() < 3 + userLength + passwordLength)
        return false;
    const QByteArray givenUser = in.mid(2, userLength);
    const QByteArray givenPassword = in.mid(3 + userLength, passwordLength);
    in.remove(0, 3 + userLength + passwordLength);
    usersOffered << givenUser;
    if (givenUser != user || givenPassword != password) {
        session->client->write(QByteArray::fromHex("0101"));
        session->client->disconnectFromHost();
        session->stage = Session::Stage::Done;
        return false;
    }
    session->client->write(QByteArray::fromHex("0100"));
    session->stage = Session::Stage::Request;
    return true;
}

// VER CMD RSV ATYP DST.ADDR DST.PORT; the address as it came (a name stays a name).
bool Socks5Proxy::request(const std::shared_ptr<Session> &session)
{
    QByteArray &in = session->buffer;
    if (in.size() < 5)
        return false;
    const int type = at(in, 3);
    const int addressLength = type == 0x01 ? 4 : type == 0x04 ? 16 : type == 0x03 ? 1 + at(in, 4) : 0;
    if (in.size() < 4 + addressLength + 2)
        return false;
    QString host;
    if (type == 0x01)
        host = QHostAddress(qFromBigEndian<quint32>(in.constData() + 4)).toString();
    else if (type == 0x04)
        host = QHostAddress(reinterpret_cast<const quint8 *>(in.constData() + 4)).toString();
    else if (type == 0x03)
        host = QString::fromLatin1(in.mid(5, at(in, 4)));
    const quint16 port = qFromBigEndian<quint16>(in.constData() + 4 + addressLength);
    const quint8 command = at(in, 1);
    in.remove(0, 4 + addressLength + 2);
    session->stage = Session::Stage::Done;
    addressTypes << type;
    targets << QStringLiteral("%1:%2").arg(host).arg(port);
    const auto refuse = [session](quint8 code) {
        session->client->write(reply(code));
        session->client->disconnectFromHost();
    };
    if (m_mode == Mode::CloseMidHandshake)
        session->client->abort();
    else if (addressLength == 0)
        refuse(kAddressTypeNotSupported);
    else if (command != 0x01)
        refuse(kCommandNotSupported);
    else if (m_mode == Mode::Refuse)
        refuse(refusal);
    else
        relay(session, host, port);
    return false;
}

void Socks5Proxy::relay(const std::shared_ptr<Session> &session, const QString &host, quint16 port)
{
    QTcpSocket *client = session->client;
    auto *upstream = new QTcpSocket(client);
    auto established = std::make_shared<bool>(false);
    connect(upstream, &QTcpSocket::connected, client, [session, client, upstream, established] {
        *established = true;
        client->write(reply(kSucceeded, upstream->localPort()));
        if (!session->buffer.isEmpty())
            upstream->write(std::exchange(session->buffer, {}));
    });
    connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
    disconnect(client, &QTcpSocket::readyRead, this, nullptr);
    connect(client, &QTcpSocket::readyRead, upstream, [session, client, upstream] {
        session->buffer += client->readAll();
        if (upstream->state() == QAbstractSocket::ConnectedState)
            upstream->write(std::exchange(session->buffer, {}));
    });
    connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
    connect(upstream, &QTcpSocket::errorOccurred, client, [client, upstream, established] {
        if (!*established)
            client->write(reply(upstream->error() == QAbstractSocket::HostNotFoundError ? kHostUnreachable
                                                                                        : kConnectionRefused));
        client->disconnectFromHost();
    });
    connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->disconnectFromHost(); });
    upstream->connectToHost(host, port);
}

} // namespace td::test
