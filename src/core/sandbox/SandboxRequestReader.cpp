// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxRequestReader.h"

#include "core/sandbox/SandboxLimits.h"

#include <algorithm>
#include <utility>

#include <QUrl>

namespace td {

namespace {

using namespace SandboxLimits;

constexpr qsizetype kMaxMethodBytes = 32;

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

qsizetype SandboxRequestReader::room() const
{
    const qsizetype cap = m_state == State::Head   ? kMaxRequestLineBytes + kMaxHeaderBytes + 4
                          : m_state == State::Body ? m_contentLength
                                                   : 0;
    return std::max<qsizetype>(0, cap - m_buffer.size());
}

void SandboxRequestReader::append(QByteArrayView bytes)
{
    if (m_state != State::Refused)
        m_buffer.append(bytes);
}

SandboxRequestReader::Step SandboxRequestReader::next()
{
    if (m_state == State::Head)
        return parseHead();
    if (m_state == State::Refused)
        return Step::Refused;
    if (m_buffer.size() < m_contentLength)
        return Step::NeedMore;
    m_complete = std::move(m_request);
    m_request = SandboxRequest();
    m_complete.body = m_buffer.left(m_contentLength);
    m_buffer.remove(0, m_contentLength);
    m_state = State::Head;
    return Step::Request;
}

SandboxRequest SandboxRequestReader::takeRequest()
{
    return std::exchange(m_complete, SandboxRequest());
}

SandboxRequestReader::Step SandboxRequestReader::parseHead()
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
                return Step::Refused;
            m_headerStart = m_scan;
            continue;
        }
        if (m_scan - m_headerStart > kMaxHeaderBytes)
            return refuse(431, QStringLiteral("The request headers are larger than 32 KiB."));
        if (line.isEmpty()) {
            m_buffer.remove(0, m_scan);
            m_scan = 0;
            m_headerStart = -1;
            return startBody();
        }
        if (!parseHeaderLine(line))
            return Step::Refused;
    }
    if (m_headerStart < 0 && m_buffer.size() - m_scan > kMaxRequestLineBytes)
        return refuse(414, QStringLiteral("The request line is longer than 8 KiB."));
    if (m_headerStart >= 0 && m_buffer.size() - m_headerStart > kMaxHeaderBytes)
        return refuse(431, QStringLiteral("The request headers are larger than 32 KiB."));
    return Step::NeedMore;
}

bool SandboxRequestReader::parseRequestLine(const QByteArray &line)
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

bool SandboxRequestReader::parseHeaderLine(const QByteArray &line)
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
SandboxRequestReader::Step SandboxRequestReader::startBody()
{
    if (m_request.hasHeader("Transfer-Encoding"))
        return refuse(501, QStringLiteral("Transfer-Encoding (chunked bodies) is not supported; send Content-Length."));
    QByteArray length;
    for (const auto &h : std::as_const(m_request.headers)) {
        if (h.first.compare("Content-Length", Qt::CaseInsensitive) != 0)
            continue;
        const bool digits = !h.second.isEmpty() && std::all_of(h.second.begin(), h.second.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || (!length.isNull() && length != h.second))
            return refuse(400, QStringLiteral("Content-Length is not one decimal number."));
        length = h.second;
    }
    // More than 18 digits would overflow qint64: far above the limit anyway.
    const qint64 declared = length.isEmpty() ? 0 : length.size() > 18 ? -1 : length.toLongLong();
    if (declared < 0 || declared > kMaxBodyBytes)
        return refuse(413, QStringLiteral("The request body is larger than 1 MiB."));
    const QByteArray connection = m_request.header("Connection");
    if (hasToken(connection, "close"))
        m_keepAlive = false;
    else if (hasToken(connection, "keep-alive"))
        m_keepAlive = true;
    m_contentLength = declared;
    m_state = State::Body;
    if (declared > 0 && m_request.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        return Step::Continue;
    return next();
}

SandboxRequestReader::Step SandboxRequestReader::refuse(int status, const QString &message)
{
    m_state = State::Refused;
    m_refusedStatus = status;
    m_refusedMessage = message;
    m_buffer.clear();
    return Step::Refused;
}

} // namespace td
