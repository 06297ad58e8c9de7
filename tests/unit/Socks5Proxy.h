// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace td::test {

// A SOCKS5 proxy on loopback (RFC 1928, CONNECT only; RFC 1929 username/password when told to
// want credentials): it relays to the target it is asked for, refuses every CONNECT with a reply
// code, or closes mid-handshake. It notes what it was asked, so a test can tell whether the
// client sent a host name (ATYP 3, resolved here) or an address it resolved itself.
class Socks5Proxy : public QObject
{
public:
    enum class Mode {
        Relay,
        Refuse,             // answers every CONNECT with `refusal`
        RequireCredentials, // method 0x02 only, then `user`/`password` must match
        CloseOnGreeting,    // closes as the client's greeting arrives, before any answer
        CloseMidHandshake,  // accepts the greeting, then closes when the CONNECT arrives
        AnswerHttp,         // answers the greeting as an HTTP server would, then closes
    };

    explicit Socks5Proxy(Mode mode = Mode::Relay, QObject *parent = nullptr);

    bool listen();
    quint16 port() const;
    QString url(const QString &scheme = QStringLiteral("socks5")) const; // socks5://127.0.0.1:PORT

    quint8 refusal = 0x02;         // for Refuse: 0x02 not allowed, 0x04 host unreachable, 0x05 refused
    QByteArray user;               // for RequireCredentials
    QByteArray password;
    int connections = 0;           // every TCP connection accepted
    QList<int> addressTypes;       // ATYP of every CONNECT: 1 IPv4, 3 host name, 4 IPv6
    QStringList targets;           // "host:port" of every CONNECT, as the client sent it
    QList<QByteArray> usersOffered; // the RFC 1929 user name of every attempt

private:
    struct Session;
    void accept(QTcpSocket *client);
    void advance(const std::shared_ptr<Session> &session);
    bool greeting(const std::shared_ptr<Session> &session);
    bool authentication(const std::shared_ptr<Session> &session);
    bool request(const std::shared_ptr<Session> &session);
    void relay(const std::shared_ptr<Session> &session, const QString &host, quint16 port);

    Mode m_mode;
    QTcpServer *m_server;
};

} // namespace td::test
