// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxReply.h"
#include "core/sandbox/SandboxRequest.h"

#include <QByteArray>
#include <QObject>

#include <functional>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace td {

// One client connection of the sandbox: a small HTTP/1.1 reader that keeps the SandboxLimits
// (request line, header size and count, declared body size refused before the body is read),
// keep-alive, and an idle timeout for connections that never complete a request. Owns its socket
// and deletes itself when the connection ends.
class SandboxConnection : public QObject
{
    Q_OBJECT

public:
    SandboxConnection(QTcpSocket *socket, int idleTimeoutMs, QObject *parent = nullptr);
    // The clock of every answer's Date header; the system clock unless set.
    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    ~SandboxConnection() override;

    bool peerIsLoopback() const;
    // Answers the request last announced by requestReceived(); may be called later (latency).
    void send(const SandboxReply &reply, const QByteArray &extraHeaders = {});
    // Closes at once without an answer (the drop fault).
    void abort();

signals:
    void requestReceived(const td::SandboxRequest &request);

private:
    enum class State { Head, Body, Waiting, Lingering, Closed };

    void process();
    void readAvailable();
    bool parseHead();
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool startBody();
    void dispatch();
    void refuse(int status, const QString &message);
    void write(const SandboxReply &reply, const QByteArray &extraHeaders);
    void startLinger();
    void finish();
    void restartIdleTimer();

    QTcpSocket *m_socket;
    int m_idleTimeoutMs;
    QTimer m_timer; // idle timeout in Head/Body, linger bound in Lingering
    State m_state = State::Head;
    QByteArray m_buffer;          // bytes read and not yet consumed
    qsizetype m_scan = 0;         // where the next head line starts in m_buffer
    qsizetype m_headerStart = -1; // offset of the first header line; -1 before the request line
    SandboxRequest m_request;
    qsizetype m_contentLength = 0;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_headRequest = false;
    qsizetype m_discarded = 0;
    std::function<qint64()> m_nowMs;
};

} // namespace td
