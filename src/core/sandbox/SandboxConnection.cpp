// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxConnection.h"

#include "core/sandbox/SandboxLimits.h"

#include <algorithm>

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QMetaObject>
#include <QTcpSocket>
#include <QUrl>

namespace td {

namespace {

using namespace SandboxLimits;

constexpr qsizetype kMaxMethodBytes = 32;
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

// RFC 9110 token characters, for the method and header names.
bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

bool hasToken(const QByteArray &list, QByteArrayView token)
{
    for (const QByteArray &item : list.split(','))
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
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
        if (m_state == State::Head) {
            // Answers the client has not read yet: read no further requests until they drain.
            if (m_socket->bytesToWrite() > kMaxPendingWriteBytes)
                return;
            readAvailable();
            if (!parseHead())
                return;
        } else if (m_state == State::Body) {
            readAvailable();
            if (m_buffer.size() < m_contentLength)
                return;
            dispatch();
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
    // Never more than the head limits or the declared body: the rest waits in the socket.
    const qsizetype cap = m_state == State::Head ? kMaxRequestLineBytes + kMaxHeaderBytes + 4 : m_contentLength;
    const qint64 room = qMin<qint64>(cap - m_buffer.size(), m_socket->bytesAvailable());
    if (room > 0)
        m_buffer += m_socket->read(room);
}

// True when the head is complete or refused, false when more bytes are needed.
bool SandboxConnection::parseHead()
{
    for (;;) {
        const qsizetype eol = m_buffer.indexOf('\n', m_scan);
        if (eol < 0)
            break;
        QByteArray line = m_buffer.mid(m_scan, eol - m_scan);
        if (line.endsWith('\r'))
            line.chop(1);
        m_scan = eol + 1;
        if (m_headerStart < 0) {
            if (line.isEmpty()) { // empty lines before a request are tolerated (RFC 9112 2.2)
                m_buffer.remove(0, m_scan);
                m_scan = 0;
                continue;
            }
            if (!parseRequestLine(line))
                return true;
            m_headerStart = m_scan;
            continue;
        }
        if (m_scan - m_headerStart > kMaxHeaderBytes) {
            refuse(431, QStringLiteral("The request headers are larger than 32 KiB."));
            return true;
        }
        if (line.isEmpty()) {
            m_buffer.remove(0, m_scan);
            m_scan = 0;
            m_headerStart = -1;
            return startBody();
        }
        if (!parseHeaderLine(line))
            return true;
    }
    if (m_headerStart < 0 && m_buffer.size() - m_scan > kMaxRequestLineBytes) {
        refuse(414, QStringLiteral("The request line is longer than 8 KiB."));
        return true;
    }
    if (m_headerStart >= 0 && m_buffer.size() - m_headerStart > kMaxHeaderBytes) {
        refuse(431, QStringLiteral("The request headers are larger than 32 KiB."));
        return true;
    }
    return false;
}

bool SandboxConnection::parseRequestLine(const QByteArray &line)
{
    if (line.size() > kMaxRequestLineBytes) {
        refuse(414, QStringLiteral("The request line is longer than 8 KiB."));
        return false;
    }
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || parts[0].size() > kMaxMethodBytes || !isToken(parts[0]) || parts[1].isEmpty()) {
        refuse(400, QStringLiteral("The request line is not \"METHOD target HTTP/1.1\"."));
        return false;
    }
    if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0") {
        refuse(505, QStringLiteral("The sandbox speaks HTTP/1.1 and HTTP/1.0 only."));
        return false;
    }
    m_request = SandboxRequest();
    m_request.method = parts[0];
    m_request.path = QUrl::fromEncoded(parts[1]).path();
    m_http10 = parts[2] == "HTTP/1.0";
    m_keepAlive = !m_http10;
    m_headRequest = parts[0] == "HEAD";
    return true;
}

bool SandboxConnection::parseHeaderLine(const QByteArray &line)
{
    const qsizetype colon = line.indexOf(':');
    // Folded continuation lines (leading white space) are obsolete and refused, as RFC 9112 allows.
    if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
        refuse(400, QStringLiteral("A header line is not \"Name: value\"."));
        return false;
    }
    if (m_request.headers.size() >= kMaxHeaderCount) {
        refuse(431, QStringLiteral("The request has more than 100 header lines."));
        return false;
    }
    m_request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    return true;
}

// Decides on the body from the headers alone, so an oversized one is refused before it is read.
bool SandboxConnection::startBody()
{
    if (m_request.hasHeader("Transfer-Encoding")) {
        refuse(501, QStringLiteral("Transfer-Encoding (chunked bodies) is not supported; send Content-Length."));
        return true;
    }
    QByteArray length;
    for (const auto &h : std::as_const(m_request.headers)) {
        if (h.first.compare("Content-Length", Qt::CaseInsensitive) != 0)
            continue;
        const bool digits = !h.second.isEmpty() && std::all_of(h.second.begin(), h.second.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || (!length.isNull() && length != h.second)) {
            refuse(400, QStringLiteral("Content-Length is not one decimal number."));
            return true;
        }
        length = h.second;
    }
    // More than 18 digits would overflow qint64: far above the limit anyway.
    const qint64 declared = length.isEmpty() ? 0 : length.size() > 18 ? -1 : length.toLongLong();
    if (declared < 0 || declared > kMaxBodyBytes) {
        refuse(413, QStringLiteral("The request body is larger than 1 MiB."));
        return true;
    }
    const QByteArray connection = m_request.header("Connection");
    if (hasToken(connection, "close"))
        m_keepAlive = false;
    else if (hasToken(connection, "keep-alive"))
        m_keepAlive = true;
    if (declared > 0 && m_request.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_contentLength = declared;
    m_state = State::Body;
    return true;
}

void SandboxConnection::dispatch()
{
    SandboxRequest request = std::move(m_request);
    m_request = SandboxRequest();
    request.body = m_buffer.left(m_contentLength);
    m_buffer.remove(0, m_contentLength);
    m_state = State::Waiting;
    m_timer.stop(); // the answer may wait on purpose (latency fault)
    emit requestReceived(request);
}

void SandboxConnection::send(const SandboxReply &reply, const QByteArray &extraHeaders)
{
    if (m_state != State::Waiting)
        return;
    if (!m_keepAlive) {
        write(reply, extraHeaders + "Connection: close\r\n");
        m_state = State::Lingering;
        m_timer.start(kLingerMs); // bounds a client that never reads its answer
        m_socket->disconnectFromHost();
        return;
    }
    // An HTTP/1.0 client closes unless told the connection stays.
    write(reply, m_http10 ? extraHeaders + "Connection: keep-alive\r\n" : extraHeaders);
    m_state = State::Head;
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
    m_buffer.clear();
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
    if (!m_headRequest)
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
