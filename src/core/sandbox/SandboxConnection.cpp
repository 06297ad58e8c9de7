// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxConnection.h"

#include "core/sandbox/SandboxLimits.h"

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QMetaObject>
#include <QTcpSocket>

namespace td {

namespace {

using namespace SandboxLimits;

constexpr qint64 kSocketReadBufferBytes = 64 * 1024; // Qt stops reading the kernel past this

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 414: return QByteArrayLiteral("URI Too Long");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    default: return QByteArrayLiteral("Status");
    }
}

} // namespace

SandboxConnection::SandboxConnection(QTcpSocket *socket, int idleTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_idleTimeoutMs(idleTimeoutMs)
    , m_timer(this)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kSocketReadBufferBytes); // back-pressure while an answer is pending
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SandboxConnection::abort);
    connect(m_socket, &QTcpSocket::readyRead, this, &SandboxConnection::process);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &SandboxConnection::process);
    connect(m_socket, &QTcpSocket::disconnected, this, &SandboxConnection::finish);
    restartIdleTimer();
}

SandboxConnection::~SandboxConnection() = default;

bool SandboxConnection::peerIsLoopback() const
{
    return m_socket->peerAddress().isLoopback();
}

void SandboxConnection::process()
{
    for (;;) {
        if (m_state == State::Reading) {
            // Answers the client has not read yet: read no further requests until they drain.
            if (m_reader.readingHead() && m_socket->bytesToWrite() > kMaxPendingWriteBytes)
                return;
            readAvailable();
            switch (m_reader.next()) {
            case SandboxRequestReader::Step::NeedMore: return;
            case SandboxRequestReader::Step::Continue: m_socket->write("HTTP/1.1 100 Continue\r\n\r\n"); break;
            case SandboxRequestReader::Step::Request: dispatch(); break;
            case SandboxRequestReader::Step::Refused: refuse(m_reader.refusedStatus(), m_reader.refusedMessage()); break;
            }
        } else if (m_state == State::Lingering) {
            m_discarded += m_socket->skip(m_socket->bytesAvailable());
            if (m_discarded > kMaxLingerBytes)
                abort();
            return;
        } else {
            return; // Waiting for the answer, or closed
        }
    }
}

void SandboxConnection::readAvailable()
{
    // Never more than the reader takes (head limits or the declared body): the rest waits in the socket.
    const qint64 room = qMin<qint64>(m_reader.room(), m_socket->bytesAvailable());
    if (room > 0)
        m_reader.append(m_socket->read(room));
}

void SandboxConnection::dispatch()
{
    const SandboxRequest request = m_reader.takeRequest();
    m_state = State::Waiting;
    m_timer.stop(); // the answer may wait on purpose (latency fault)
    emit requestReceived(request);
}

void SandboxConnection::send(const SandboxReply &reply, const QByteArray &extraHeaders)
{
    if (m_state != State::Waiting)
        return;
    if (!m_reader.keepAlive()) {
        write(reply, extraHeaders + "Connection: close\r\n");
        m_state = State::Lingering;
        m_timer.start(kLingerMs); // bounds a client that never reads its answer
        m_socket->disconnectFromHost();
        return;
    }
    // An HTTP/1.0 client closes unless told the connection stays.
    write(reply, m_reader.http10() ? extraHeaders + "Connection: keep-alive\r\n" : extraHeaders);
    m_state = State::Reading;
    restartIdleTimer();
    // The next pipelined request, if any, from the event loop rather than recursively.
    QMetaObject::invokeMethod(this, &SandboxConnection::process, Qt::QueuedConnection);
}

void SandboxConnection::refuse(int status, const QString &message)
{
    write(SandboxReply::problem(status, message), "Connection: close\r\n");
    // Drain what the client still sends instead of closing at once: closing with unread bytes
    // resets the connection, and the client could lose the answer. Bounded in time and bytes.
    m_state = State::Lingering;
    m_timer.start(kLingerMs);
}

void SandboxConnection::write(const SandboxReply &reply, const QByteArray &extraHeaders)
{
    // One write per answer; the truncated fault needs exact control of Content-Length.
    QByteArray bytes;
    bytes.reserve(reply.body.size() + 160);
    bytes += "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    bytes += "Content-Type: " + reply.contentType + "\r\n";
    bytes += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    // RFC 9110's IMF-fixdate, from the sandbox's clock: a client reads its clock offset off it.
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_nowMs ? m_nowMs() : QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    bytes += "Date: " + QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1() + "\r\n";
    bytes += extraHeaders;
    bytes += "\r\n";
    if (!m_reader.headRequest())
        bytes += reply.body;
    m_socket->write(bytes);
}

void SandboxConnection::abort()
{
    m_socket->abort();
    finish();
}

void SandboxConnection::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_timer.stop();
    deleteLater();
}

void SandboxConnection::restartIdleTimer()
{
    // Not restarted by partial data: a client trickling bytes cannot hold the connection.
    if (m_idleTimeoutMs > 0)
        m_timer.start(m_idleTimeoutMs);
}

} // namespace td
