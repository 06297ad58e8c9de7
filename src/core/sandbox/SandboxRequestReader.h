// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxRequest.h"

#include <QByteArray>
#include <QString>

namespace td {

// The sandbox's HTTP/1.1 request reader without a socket: bytes go in as they arrive, complete
// requests or refusals come out, and every SandboxLimits bound (request line, header size and
// count, declared body size refused before the body is read) is kept. SandboxConnection feeds it
// from its socket; the fuzz target feeds it directly.
class SandboxRequestReader
{
public:
    enum class Step {
        NeedMore, // nothing complete yet: append more (at most room() bytes)
        Continue, // the head asked for "100 Continue" before its body: answer it, then go on
        Request,  // a whole request: takeRequest(); the reader then reads the next one
        Refused,  // refusedStatus()/refusedMessage(); the reader reads nothing more
    };

    // How many more bytes the reader takes now; the rest should wait in the socket, so nothing
    // beyond the limits (or the declared body) is ever buffered.
    qsizetype room() const;
    void append(QByteArrayView bytes);
    Step next();

    bool readingHead() const { return m_state == State::Head; }
    SandboxRequest takeRequest();
    // Of the request being read or last taken.
    bool keepAlive() const { return m_keepAlive; }
    bool http10() const { return m_http10; }
    bool headRequest() const { return m_headRequest; }

    int refusedStatus() const { return m_refusedStatus; }
    QString refusedMessage() const { return m_refusedMessage; }

private:
    enum class State { Head, Body, Refused };

    Step parseHead();
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    Step startBody();
    Step refuse(int status, const QString &message);

    State m_state = State::Head;
    QByteArray m_buffer;          // bytes appended and not yet consumed
    qsizetype m_scan = 0;         // where the next head line starts in m_buffer
    qsizetype m_headerStart = -1; // offset of the first header line; -1 before the request line
    SandboxRequest m_request;
    SandboxRequest m_complete;    // the request Step::Request announced
    qsizetype m_contentLength = 0;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_headRequest = false;
    int m_refusedStatus = 0;
    QString m_refusedMessage;
};

} // namespace td
