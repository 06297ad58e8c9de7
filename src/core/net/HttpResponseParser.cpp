// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HttpResponseParser.h"

namespace td {

namespace {

constexpr qsizetype kMaxChunkLine = 4096; // a size with extensions; real ones are a few bytes

QString formatBytes(qint64 bytes)
{
    if (bytes > 0 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes > 0 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Every value of every header called `name`, comma lists split, trimmed.
QList<QByteArray> listValues(const HttpHeaders &headers, QByteArrayView name)
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &item : value.split(','))
            values.append(item.trimmed());
    }
    return values;
}

} // namespace

HttpResponseParser::HttpResponseParser(qint64 maxBodyBytes, bool headRequest, QString where)
    : m_maxBodyBytes(maxBodyBytes)
    , m_headRequest(headRequest)
    , m_where(std::move(where))
{
}

void HttpResponseParser::feed(QByteArrayView data)
{
    m_received += data.size();
    while (!data.isEmpty() && (m_state == State::Head || m_state == State::Body)) {
        if (m_state == State::Head) {
            data = feedHead(data);
        } else if (m_framing == Framing::Length) {
            const qint64 n = qMin<qint64>(m_remaining, data.size());
            data = appendBody(data, n);
            m_remaining -= n;
            if (m_state == State::Body && m_remaining == 0)
                done();
        } else if (m_framing == Framing::Chunked) {
            data = feedChunked(data);
        } else {
            data = appendBody(data, data.size());
        }
    }
}

void HttpResponseParser::closed()
{
    if (m_state == State::Done || m_state == State::Failed)
        return;
    if (m_state == State::Body && m_framing == Framing::Close) {
        done();
        return;
    }
    if (m_state == State::Body && m_framing == Framing::Chunked) {
        // Without the last chunk nothing says the body is whole: a cut JSON could even parse.
        failChunked(QStringLiteral("the connection closed in the middle of the chunked body, after %1 bytes of it")
                        .arg(m_body.size()));
        return;
    }
    fail(ErrorCode::ConnectionDropped,
         QStringLiteral("%1 closed the connection before the response was complete").arg(m_where));
}

// The line ending in `data` (LF or CRLF, without it), once whole; nullopt while it is not.
// `overflow` is set when the line would exceed `limit` bytes.
std::optional<QByteArray> HttpResponseParser::takeLine(QByteArrayView &data, qsizetype limit, bool &overflow)
{
    const qsizetype newline = data.indexOf('\n');
    const qsizetype taken = newline < 0 ? data.size() : newline + 1;
    if (m_line.size() + taken > limit) {
        overflow = true;
        return std::nullopt;
    }
    m_line.append(data.first(taken));
    data = data.sliced(taken);
    if (newline < 0)
        return std::nullopt;
    QByteArray line = std::move(m_line);
    m_line = QByteArray();
    line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

QByteArrayView HttpResponseParser::feedHead(QByteArrayView data)
{
    while (m_state == State::Head && !data.isEmpty()) {
        bool overflow = false;
        const qsizetype before = data.size();
        const std::optional<QByteArray> line = takeLine(data, kMaxHeadBytes - m_headBytes + m_line.size(), overflow);
        m_headBytes += before - data.size();
        if (overflow) {
            failMalformed(QStringLiteral("its status line and headers are longer than %1").arg(formatBytes(kMaxHeadBytes)));
        } else if (!line) {
            break;
        } else if (m_status == 0) {
            if (!line->isEmpty() && !parseStatusLine(*line))
                failMalformed(QStringLiteral("it does not begin with an HTTP/1.x status line"));
        } else if (line->isEmpty()) {
            headEnded();
        } else if (!parseHeaderLine(*line)) {
            failMalformed(m_headers.size() >= kMaxHeaders
                              ? QStringLiteral("it has more than %1 headers").arg(kMaxHeaders)
                              : QStringLiteral("a header line has no name"));
        }
    }
    return data;
}

// "HTTP/1.1 200 OK": version, a three-digit status, an optional reason.
bool HttpResponseParser::parseStatusLine(const QByteArray &line)
{
    if (!line.startsWith("HTTP/1.") || line.size() < 12 || !isDigits(line.sliced(7, 1)) || line.at(8) != ' ')
        return false;
    const QByteArrayView code = QByteArrayView(line).sliced(9, 3);
    if (!isDigits(code) || (line.size() > 12 && line.at(12) != ' '))
        return false;
    m_status = code.toByteArray().toInt();
    return m_status >= 100;
}

bool HttpResponseParser::parseHeaderLine(const QByteArray &line)
{
    // An obsolete folded line continues the previous value (RFC 9112 5.2).
    if ((line.startsWith(' ') || line.startsWith('\t')) && !m_headers.isEmpty()) {
        m_headers.last().second += ' ' + line.trimmed();
        return true;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || m_headers.size() >= kMaxHeaders)
        return false;
    const QByteArray name = line.left(colon);
    if (name.contains(' ') || name.contains('\t'))
        return false;
    m_headers.append({name, line.mid(colon + 1).trimmed()});
    return true;
}

void HttpResponseParser::headEnded()
{
    if (m_status >= 200) {
        chooseFraming();
        return;
    }
    // 100 Continue, 102, 103 Early Hints: the final answer follows on the same connection.
    if (m_status == 101) {
        failMalformed(QStringLiteral("it switched protocols (101), which TokenDesk never asks for"));
        return;
    }
    m_status = 0;
    m_headers.clear();
}

// RFC 9112 6.3: no body for HEAD, 204 and 304; chunked when it is the last transfer coding;
// else Content-Length; else up to the close.
void HttpResponseParser::chooseFraming()
{
    if (m_headRequest || m_status == 204 || m_status == 304) {
        done();
        return;
    }
    m_state = State::Body;
    const QList<QByteArray> codings = listValues(m_headers, "Transfer-Encoding");
    if (!codings.isEmpty()) {
        m_framing = codings.last().compare("chunked", Qt::CaseInsensitive) == 0 ? Framing::Chunked : Framing::Close;
        return;
    }
    const QList<QByteArray> lengths = listValues(m_headers, "Content-Length");
    if (lengths.isEmpty()) {
        m_framing = Framing::Close;
        return;
    }
    for (const QByteArray &length : lengths) {
        if (!isDigits(length) || length != lengths.first()) {
            failMalformed(QStringLiteral("its Content-Length is not one decimal number"));
            return;
        }
    }
    QByteArrayView digits = lengths.first();
    while (digits.size() > 1 && digits.front() == '0')
        digits = digits.sliced(1);
    if (digits.size() > 18 || digits.toByteArray().toLongLong() > m_maxBodyBytes) {
        failTooLarge(); // refused on the header, before any of the body is read
        return;
    }
    m_framing = Framing::Length;
    m_remaining = digits.toByteArray().toLongLong();
    m_body.reserve(m_remaining);
    if (m_remaining == 0)
        done();
}

QByteArrayView HttpResponseParser::appendBody(QByteArrayView data, qint64 wanted)
{
    if (m_body.size() + wanted > m_maxBodyBytes) {
        failTooLarge();
        return {};
    }
    // Doubling, but never past the cap: a body near the cap would otherwise hold twice the cap.
    if (m_body.size() + wanted > m_body.capacity())
        m_body.reserve(qMin(m_maxBodyBytes, qMax<qint64>(2 * m_body.capacity(), m_body.size() + wanted)));
    m_body.append(data.first(wanted));
    return data.sliced(wanted);
}

QByteArrayView HttpResponseParser::feedChunked(QByteArrayView data)
{
    while (!data.isEmpty() && m_state == State::Body) {
        bool overflow = false;
        if (m_chunkStep == ChunkStep::Data) {
            const qint64 n = qMin<qint64>(m_remaining, data.size());
            data = appendBody(data, n);
            m_remaining -= n;
            if (m_remaining == 0)
                m_chunkStep = ChunkStep::DataEnd;
        } else if (m_chunkStep == ChunkStep::Size) {
            if (const std::optional<QByteArray> line = takeLine(data, kMaxChunkLine, overflow))
                chunkSizeLine(*line);
            else if (overflow)
                failChunked(QStringLiteral("a chunk size line is longer than %1").arg(formatBytes(kMaxChunkLine)));
        } else if (m_chunkStep == ChunkStep::DataEnd) {
            const std::optional<QByteArray> line = takeLine(data, 2, overflow);
            if (overflow || (line && !line->isEmpty()))
                failChunked(QStringLiteral("a chunk is longer than its size said"));
            else if (line)
                m_chunkStep = ChunkStep::Size;
        } else {
            const qsizetype before = data.size();
            const std::optional<QByteArray> line = takeLine(data, kMaxHeadBytes - m_headBytes + m_line.size(), overflow);
            m_headBytes += before - data.size();
            if (overflow)
                failChunked(QStringLiteral("its headers and trailers are longer than %1").arg(formatBytes(kMaxHeadBytes)));
            else if (line && line->isEmpty())
                done(); // trailer fields are read past, not kept
        }
    }
    return data;
}

// "1a2b" or "1a2b;name=value": hexadecimal, optional extensions after a semicolon.
void HttpResponseParser::chunkSizeLine(const QByteArray &line)
{
    qsizetype end = 0;
    while (end < line.size() && isHexDigit(line.at(end)))
        ++end;
    const QByteArray rest = line.mid(end).trimmed();
    if (end == 0 || (!rest.isEmpty() && !rest.startsWith(';'))) {
        failChunked(QStringLiteral("a chunk size is not a hexadecimal number"));
        return;
    }
    QByteArrayView digits = QByteArrayView(line).first(end);
    while (digits.size() > 1 && digits.front() == '0')
        digits = digits.sliced(1);
    const qint64 size = digits.size() > 15 ? m_maxBodyBytes + 1 : digits.toByteArray().toLongLong(nullptr, 16);
    if (size == 0) {
        m_chunkStep = ChunkStep::Trailer;
    } else if (m_body.size() + size > m_maxBodyBytes) {
        failTooLarge(); // refused on the size, before the chunk is read
    } else {
        m_remaining = size;
        m_chunkStep = ChunkStep::Data;
    }
}

void HttpResponseParser::fail(ErrorCode code, const QString &why)
{
    m_state = State::Failed;
    m_error = makeError(code, why);
    m_body = QByteArray();
    m_line = QByteArray();
}

void HttpResponseParser::failMalformed(const QString &why)
{
    fail(ErrorCode::ResponseMalformed, QStringLiteral("The response from %1 is not valid HTTP: %2").arg(m_where, why));
}

void HttpResponseParser::failChunked(const QString &why)
{
    failMalformed(QStringLiteral("its chunked framing was malformed (%1)").arg(why));
}

void HttpResponseParser::failTooLarge()
{
    fail(ErrorCode::ResponseTooLarge, QStringLiteral("The response from %1 is larger than the limit of %2")
                                          .arg(m_where, formatBytes(m_maxBodyBytes)));
}

} // namespace td
