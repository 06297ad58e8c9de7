// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileServer.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace td::test {

namespace {

QString dataDir()
{
    return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/net/");
}

QSslConfiguration serverTls(HostileServer::Tls tls)
{
    QFile keyFile(dataDir() + QStringLiteral("server.key"));
    if (!keyFile.open(QIODevice::ReadOnly))
        qFatal("cannot read the test server key");
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(QSslCertificate::fromPath(dataDir() + QStringLiteral("server.pem")));
    config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
    if (tls == HostileServer::Tls::RequireClientCertificate || tls == HostileServer::Tls::RequireClientCertificateTls12) {
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (tls == HostileServer::Tls::RequireClientCertificateTls12)
            config.setProtocol(QSsl::TlsV1_2);
        config.setCaCertificates(QSslCertificate::fromPath(dataDir() + QStringLiteral("ca.pem")));
    }
    return config;
}

constexpr qint64 kPieceBytes = 1024 * 1024;

// Writes `data` to the non-blocking `fd`, waiting for room; false once the peer is gone or the
// server is being destroyed.
bool writeAll(int fd, const QByteArray &data, const std::atomic<bool> &stopping)
{
    qsizetype done = 0;
    while (done < data.size()) {
        if (stopping)
            return false;
        const ssize_t n = ::send(fd, data.constData() + done, size_t(data.size() - done), MSG_NOSIGNAL);
        if (n > 0) {
            done += n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return false;
        pollfd waiting{fd, POLLOUT, 0};
        ::poll(&waiting, 1, 100);
    }
    return true;
}

} // namespace

QByteArray HostileRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HostileServer::HostileServer(Tls tls, QObject *parent)
    : QObject(parent)
    , m_tls(tls)
{
    if (tls == Tls::None) {
        m_server = new QTcpServer(this);
    } else {
        auto *server = new QSslServer(this);
        server->setSslConfiguration(serverTls(tls));
        m_server = server;
    }
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
}

HostileServer::HostileServer(const QSslConfiguration &tls, QObject *parent)
    : QObject(parent)
    , m_tls(Tls::Server)
{
    auto *server = new QSslServer(this);
    server->setSslConfiguration(tls);
    m_server = server;
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
}

HostileServer::~HostileServer()
{
    m_stopping = true;
    for (std::thread &writer : m_writers)
        writer.join();
}

bool HostileServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 HostileServer::port() const
{
    return m_server->serverPort();
}

QUrl HostileServer::url(const QString &path) const
{
    const QString scheme = m_tls == Tls::None ? QStringLiteral("http") : QStringLiteral("https");
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(scheme).arg(port()).arg(path));
}

QString HostileServer::caFile() const
{
    return dataDir() + QStringLiteral("ca.pem");
}

QByteArray HostileServer::head(int status, const QByteArray &reason, const HttpHeaders &headers)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

QByteArray HostileServer::response(int status, const QByteArray &reason, const QByteArray &body,
                                   const HttpHeaders &headers)
{
    HttpHeaders all = headers;
    all.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(body.size())));
    return head(status, reason, all) + body;
}

void HostileServer::streamBody(QTcpSocket *socket, qint64 total, Framing framing)
{
    HttpHeaders headers{{"Content-Type", "application/json"}};
    if (framing == Framing::ContentLength)
        headers.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(total)));
    else if (framing == Framing::Chunked)
        headers.append(qMakePair(QByteArray("Transfer-Encoding"), QByteArray("chunked")));
    else
        headers.append(qMakePair(QByteArray("Connection"), QByteArray("close")));
    const QByteArray start = head(200, "OK", headers);
    const int fd = ::dup(static_cast<int>(socket->socketDescriptor()));
    if (fd < 0)
        qFatal("dup failed");
    m_writers.emplace_back([this, fd, start, total, framing] {
        // Whole pieces are prepared once: the writer must outrun the client, not allocate.
        const QByteArray filler(kPieceBytes, ' ');
        const QByteArray piece = framing == Framing::Chunked
            ? QByteArray::number(kPieceBytes, 16) + "\r\n" + filler + "\r\n" : filler;
        bool ok = writeAll(fd, start, m_stopping);
        qint64 remaining = total;
        for (; ok && remaining >= kPieceBytes; remaining -= kPieceBytes)
            ok = writeAll(fd, piece, m_stopping);
        if (ok && remaining > 0)
            ok = writeAll(fd, framing == Framing::Chunked
                                  ? QByteArray::number(remaining, 16) + "\r\n" + filler.left(remaining) + "\r\n"
                                  : filler.left(remaining), m_stopping);
        if (ok && framing == Framing::Chunked)
            writeAll(fd, "0\r\n\r\n", m_stopping);
        if (framing == Framing::ConnectionClose)
            ::shutdown(fd, SHUT_WR);
        ::close(fd);
    });
}

void HostileServer::drip(QTcpSocket *socket, const QByteArray &data, int intervalMs)
{
    auto *timer = new QTimer(socket);
    auto sent = std::make_shared<qsizetype>(0);
    connect(timer, &QTimer::timeout, socket, [socket, timer, data, sent] {
        if (*sent >= data.size()) {
            timer->stop();
            return;
        }
        socket->write(data.mid((*sent)++, 1));
    });
    timer->start(intervalMs);
}

void HostileServer::accept(QTcpSocket *socket)
{
    ++connections;
    socket->setParent(this);
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
        *buffer += socket->readAll();
        parse(socket, *buffer);
    });
}

void HostileServer::parse(QTcpSocket *socket, QByteArray &buffer)
{
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        HostileRequest request;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
        const qsizetype length = request.header("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        requests.append(request);
        if (onRequest)
            onRequest(socket, request);
    }
}

} // namespace td::test
