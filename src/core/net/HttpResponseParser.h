// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"
#include "core/net/HttpRequest.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace td {

// Parses one HTTP/1.x response from bytes fed as they arrive, with every size bounded up front:
// status line and headers at most kMaxHeadBytes (all interim 1xx heads included) and
// kMaxHeaders lines, the body at most `maxBodyBytes` whatever its framing (Content-Length,
// chunked, or up to the close). It never holds more than the capped body plus one line, so a
// server cannot make it grow by lying about lengths or by never stopping.
class HttpResponseParser
{
public:
    static constexpr qsizetype kMaxHeadBytes = 64 * 1024;
    static constexpr int kMaxHeaders = 200;

    enum class State { Head, Body, Done, Failed };

    // `where` ("host:port") names the server in messages; a HEAD answer has no body.
    HttpResponseParser(qint64 maxBodyBytes, bool headRequest, QString where);

    // Consumes `data`; bytes after a complete response are ignored (one response per connection).
    void feed(QByteArrayView data);
    // The peer closed the connection: completes a body delimited by the close, fails otherwise.
    void closed();

    State state() const { return m_state; }
    bool receivedAnything() const { return m_received > 0; }
    bool headComplete() const { return m_status > 0 && m_state != State::Head; }
    const std::optional<Error> &error() const { return m_error; }

    int status() const { return m_status; }
    const HttpHeaders &headers() const { return m_headers; }
    QByteArray takeBody() { return std::move(m_body); }

private:
    enum class Framing { None, Length, Chunked, Close };
    enum class ChunkStep { Size, Data, DataEnd, Trailer };

    QByteArrayView feedHead(QByteArrayView data);
    QByteArrayView feedChunked(QByteArrayView data);
    QByteArrayView appendBody(QByteArrayView data, qint64 wanted);
    std::optional<QByteArray> takeLine(QByteArrayView &data, qsizetype limit, bool &overflow);
    bool parseStatusLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    void headEnded();
    void chooseFraming();
    void chunkSizeLine(const QByteArray &line);

    void fail(ErrorCode code, const QString &why);
    void failMalformed(const QString &why);
    void failChunked(const QString &why);
    void failTooLarge();
    void done() { m_state = State::Done; }

    qint64 m_maxBodyBytes;
    bool m_headRequest;
    QString m_where;

    State m_state = State::Head;
    Framing m_framing = Framing::None;
    ChunkStep m_chunkStep = ChunkStep::Size;
    QByteArray m_line;          // the unfinished line of the head or of a chunk size/trailer
    qsizetype m_headBytes = 0;  // every head byte so far, interim responses included
    qint64 m_remaining = 0;     // of the Content-Length body or of the current chunk
    qint64 m_received = 0;
    int m_status = 0;
    HttpHeaders m_headers;
    QByteArray m_body;
    std::optional<Error> m_error;
};

} // namespace td
