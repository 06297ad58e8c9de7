// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxFault.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxTls.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QTemporaryDir;
class QThread;
QT_END_NAMESPACE

namespace td {

class SandboxServer;

// Runs a SandboxServer on its own thread, for the GUI and the CLI demo. The getters are safe from
// any thread; the actions are forwarded to the server's thread and wait for it.
class SandboxHost : public QObject
{
    Q_OBJECT

public:
    explicit SandboxHost(SandboxConfig config, QObject *parent = nullptr);
    ~SandboxHost() override;

    // Generates the keys (or, with config.stateFolder, reads the kept keys, port and tokens),
    // starts the thread and listens; returns the base URL once the server listens (or why it
    // cannot). Starting a running host returns its URL.
    Result<QUrl> start();
    void stop();
    bool isRunning() const;
    bool isKept() const { return !m_config.stateFolder.isEmpty(); } // config.stateFolder set
    const SandboxConfig &config() const { return m_config; }
    // The config the next start() uses; a running host keeps its own until restart().
    void setConfig(SandboxConfig config);
    // Stops the server and starts one with `config` in its place. What changes is the config; the
    // keys, what the services issued (tokens stay valid and renewable), the armed faults and the
    // port (when it is still free; a new one and a new url() otherwise) carry over. When the new
    // config does not start, the host starts again with the old one and the error says why.
    // A stopped host only takes the config.
    Result<QUrl> restart(SandboxConfig config);
    // The user spec folders every server this host starts routes and answers (config.specFolders
    // for short), whatever config a later setConfig() or restart() brings: the workspace's spec
    // folders, while the Sandbox page edits the rest. A running server reads them again now, so
    // a call after a spec file changed finds its route.
    void setSpecFolders(const QStringList &folders);

    QUrl url() const;
    // What a running https sandbox serves: the CA a client trusts (the own CA's ca.pem, or the
    // given certificate file), the certificate, key and the server key's pin; all empty over http.
    SandboxTls tls() const;
    // What the running server accepts (the demo set includes made-up values for user families,
    // see SandboxCredentials::addDemoFamilies); the config's when stopped.
    SandboxCredentials credentials() const;
    std::optional<SandboxKeys> keys() const;
    QJsonObject keysJson() const;
    QJsonObject infoJson() const;
    // Why the kept state could not be used (the sandbox then started afresh); empty when all is well.
    QString stateWarning() const;
    // Saves the kept state now (it is saved on every change after a short delay, and at stop()).
    void saveState();

    Result<void> addFault(const QJsonObject &fault);
    void addFault(const SandboxFault &fault);
    void clearFaults();
    int terminateToken(const QByteArray &userToken);
    int terminateAccount(const QString &accountNumber);

private:
    // What a restart carries from the old server to the new one.
    struct Carried {
        SandboxKeys keys;
        QJsonObject services;
        QJsonArray faults;
    };
    Result<QUrl> startServer(const Carried *carried);
    Result<SandboxTls> prepareTls(SandboxConfig &config);
    Carried stopAndCarry();

    template <typename F>
    void runOnServer(F &&function) const;

    mutable QMutex m_mutex;
    SandboxConfig m_config;
    std::optional<QStringList> m_specFolders; // set: replaces m_config.specFolders
    std::optional<SandboxKeys> m_keys;
    QUrl m_url;
    SandboxTls m_tls;
    std::unique_ptr<QTemporaryDir> m_tlsTemporary; // own TLS material of a sandbox that keeps nothing
    QString m_stateWarning;
    QThread *m_thread = nullptr;
    SandboxServer *m_server = nullptr; // lives in m_thread
};

} // namespace td
