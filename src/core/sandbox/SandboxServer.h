// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/sandbox/BankEzyService.h"
#include "core/sandbox/EnosService.h"
#include "core/sandbox/FaultPlan.h"
#include "core/sandbox/GenericFamilyService.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SecmgmtService.h"

#include "core/sandbox/SandboxLimits.h"

#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
class QTcpServer;
QT_END_NAMESPACE

namespace td {

class SandboxConnection;
class SandboxRoutes;
class SpecLibrary;
class SandboxState;

// The built-in sandbox: all seven endpoints of PROTOCOLS.md (both path spellings) on one
// QTcpServer, plus loopback-only admin routes under /__sandbox/ and fault injection. With user
// spec folders (config.specFolders) it routes their paths too and answers a user family's
// endpoints with the GenericFamilyService. Each client
// is a SandboxConnection that keeps the SandboxLimits. Lives in one thread; SandboxHost runs it
// on its own.
class SandboxServer : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype kMaxBodyBytes = SandboxLimits::kMaxBodyBytes;

    // The endpoints the built-in services answer, in the built-in catalog's order, and the routes
    // to them (the specs' paths and altPaths).
    static QStringList endpointIds();
    static const SandboxRoutes &routes();
    // What this server answers: the built-in endpoints and those of user families, by the specs
    // of config.specFolders on top of the built-in ones.
    const SandboxRoutes &servedRoutes() const { return *m_routes; }
    // Reads the user spec folders again (after a change); the routes follow at once.
    void setSpecFolders(const QStringList &folders);

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
    int terminateToken(const QByteArray &userToken);
    int terminateAccount(const QString &accountNumber);
    QJsonObject infoJson() const;
    QJsonObject storeSizes() const; // entries kept by each bounded token store

    // Keeps what the services issue in `state` (a kept sandbox): `services` (what it held) is
    // loaded now, every change is saved within kSaveDelayMs, and once more when the server goes.
    void keepState(std::shared_ptr<SandboxState> state, const QJsonObject &services);
    void saveState(); // now, merged with what another process saved meanwhile
    // What the services issued (tokens, session keys, ended chains), the shape keepState takes:
    // a server started in this one's place adopts it, so its tokens stay good (SandboxHost::restart).
    QJsonObject exportServices();
    void adoptServices(const QJsonObject &services) { importState(services); }
    static constexpr int kSaveDelayMs = 1000; // a save of a full state (4 MB) takes ~0.1 s

private:
    void acceptConnections();
    Result<void> prepareTls();
    void pauseAccepting(int error);
    void handle(SandboxConnection *connection, const SandboxRequest &request);
    std::optional<SandboxReply> route(SandboxConnection *connection, const SandboxRequest &request, QByteArray &extraHeaders);
    std::optional<SandboxReply> withFaults(SandboxConnection *connection, const QString &endpointId,
                                           const SandboxRequest &request);
    SandboxReply dispatch(const QString &endpointId, const SandboxRequest &request);
    using Handler = SandboxReply (*)(SandboxServer &server, const SandboxRequest &request);
    static const QList<QPair<QString, Handler>> &handlers(); // endpoint id → its service's handler
    SandboxReply admin(const SandboxRequest &request);
    SandboxReply forcedError(const QString &endpointId, int httpStatus, const QString &code) const;
    const EndpointSpec *userFamilySpec(const QString &endpointId) const; // null: a built-in service's
    void stateChanged();
    void importState(const QJsonObject &services);

    SandboxConfig m_config;
    SandboxCredentials m_givenCredentials; // config.credentials before the user families' demo values
    SandboxKeys m_keys;
    BankEzyService m_bankezy;
    EnosService m_enos;
    SecmgmtService m_secmgmt;
    GenericFamilyService m_generic;
    std::unique_ptr<SpecLibrary> m_specs;    // built-in specs and config.specFolders'
    std::unique_ptr<SandboxRoutes> m_routes; // built from m_specs
    FaultPlan m_faults;
    QUrl m_url;
    std::optional<QSslConfiguration> m_tls; // set: every connection is HTTPS
    QTcpServer *m_tcpServer = nullptr; // listens; m_acceptNotifier accepts
    QSocketNotifier *m_acceptNotifier = nullptr;
    QTimer m_acceptRetry; // resumes accepting after running out of descriptors
    int m_acceptBackoffMs = SandboxLimits::kAcceptBackoffMinMs;
    bool m_acceptFailing = false;
    std::shared_ptr<SandboxState> m_state; // null: nothing kept
    QTimer m_saveTimer;
    bool m_unsaved = false;
};

} // namespace td
