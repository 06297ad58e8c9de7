// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/sandbox/BankEzyService.h"
#include "core/sandbox/EnosService.h"
#include "core/sandbox/FaultPlan.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SecmgmtService.h"

#include <QAbstractHttpServer>
#include <QJsonObject>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace td {

// The built-in sandbox: all seven endpoints of PROTOCOLS.md (both path spellings) on one
// QAbstractHttpServer, plus loopback-only admin routes under /__sandbox/ and fault injection.
// Lives in one thread; SandboxHost runs it on its own.
class SandboxServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;

    SandboxServer(SandboxConfig config, SandboxKeys keys, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Listens on config.host:config.port (0 = any free port); the base URL, e.g.
    // http://127.0.0.1:43210. Io when the address cannot be bound.
    Result<QUrl> start();
    QUrl url() const { return m_url; }
    const SandboxConfig &config() const { return m_config; }
    const SandboxKeys &keys() const { return m_keys; }

    // Admin actions (also reachable over HTTP, see PROTOCOLS.md "The sandbox server").
    void addFault(const SandboxFault &fault) { m_faults.add(fault); }
    Result<void> addFault(const QJsonObject &fault);
    void clearFaults() { m_faults.clear(); }
    QJsonArray faults() const { return m_faults.toJson(); }
    int terminateToken(const QByteArray &userToken) { return m_bankezy.terminateToken(userToken); }
    int terminateAccount(const QString &accountNumber) { return m_bankezy.terminateAccount(accountNumber); }
    QJsonObject infoJson() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    SandboxReply dispatch(const QString &endpointId, const SandboxRequest &request);
    SandboxReply admin(const SandboxRequest &request);
    static SandboxReply forcedError(const QString &endpointId, int httpStatus, const QString &code);
    static void send(QTcpSocket *socket, const SandboxReply &reply, const QByteArray &extraHeaders = {});

    SandboxConfig m_config;
    SandboxKeys m_keys;
    BankEzyService m_bankezy;
    EnosService m_enos;
    SecmgmtService m_secmgmt;
    FaultPlan m_faults;
    QUrl m_url;
};

} // namespace td
