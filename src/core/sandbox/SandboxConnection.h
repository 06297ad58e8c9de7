// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxReply.h"
#include "core/sandbox/SandboxRequest.h"
#include "core/sandbox/SandboxRequestReader.h"

#include <QByteArray>
#include <QObject>

#include <functional>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace td {

// One client connection of the sandbox: feeds its socket to a SandboxRequestReader (which keeps
// the SandboxLimits), answers in order with keep-alive, and closes connections that never complete
// a request (idle timeout). Owns its socket and deletes itself when the connection ends.
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
    enum class State { Reading, Waiting, Lingering, Closed };

    void process();
    void readAvailable();
    void dispatch();
    void refuse(int status, const QString &message);
    void write(const SandboxReply &reply, const QByteArray &extraHeaders);
    void finish();
    void restartIdleTimer();

    QTcpSocket *m_socket;
    int m_idleTimeoutMs;
    QTimer m_timer; // idle timeout while reading, linger bound in Lingering
    State m_state = State::Reading;
    SandboxRequestReader m_reader;
    qsizetype m_discarded = 0;
    std::function<qint64()> m_nowMs;
};

} // namespace td
