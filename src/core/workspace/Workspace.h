// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/sandbox/SandboxConfig.h"

#include <QObject>
#include <QString>

#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace td {

class ApiClient;
class EndpointCatalog;
class SpecFolderWatcher;
class SpecLibrary;
class EnvironmentStore;
class ExchangeRecorder;
class ExpiryScheduler;
class HistoryStore;
class SandboxHost;
class SessionPersistence;
class SessionRenewer;
class SessionStore;
struct Session;
class ValueSource;
class Vault;
class VaultHandle;
class VaultValueSource;

// The headless composition the GUI, the CLI and the tests share: the environment store, the
// history, the vault handle, the sessions with their renewer, expiry scheduler and file, the
// embedded sandbox when one is used, the HTTP client, and the one path that records every
// exchange (ExchangeRecorder). Front ends get it, or the parts they need, passed in; none of them
// creates or owns these objects.
class Workspace : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString environmentsFile;
        QString historyFile;
        QString vaultFile;
        // An embedded sandbox the workspace owns (not started: startSandbox()); none when unset.
        std::optional<SandboxConfig> sandbox;
        // The user spec folders (SpecLibrary::userFolders() in the app); none: built-in specs only.
        QStringList specFolders = {};
    };

    explicit Workspace(Options options, QObject *parent = nullptr);
    ~Workspace() override;

    EnvironmentStore &environments() const { return *m_environments; }
    HistoryStore &history() const { return *m_history; }
    VaultHandle &vault() const { return *m_vault; }
    // Vault references ("vault:NAME") resolve in the handle's vault; a locked or absent vault says so.
    const ValueSource &vaultValues() const;
    SessionStore &sessions() const { return *m_sessions; }
    SessionRenewer &renewer() const { return *m_renewer; }
    ExpiryScheduler &scheduler() const { return *m_scheduler; }
    SessionPersistence &sessionFile() const { return *m_sessionFile; }
    ApiClient &client() const { return *m_client; }
    // The specs every part uses (pages, sessions, renewer, palette): built-in and user ones.
    const SpecLibrary &specs() const { return *m_specs; }
    const EndpointCatalog &catalog() const;
    // Reads the spec folders again and points the sessions and the renewer at the new catalog;
    // specsChanged() follows. The old library is freed once nothing refers to its specs: kept
    // while a renewal is on the wire or `specsBusy` says a front end's call is (each library
    // costs about 50 KB, so a day of edits must not pile them up).
    void reloadSpecs();
    void setSpecsBusy(std::function<bool()> busy) { m_specsBusy = std::move(busy); }
    int retiredSpecs() const { return int(m_retiredSpecs.size()); }
    // Reloads when a spec folder changes (debounced); `debounceMs` < 0 keeps the default.
    void watchSpecFolders(int debounceMs = -1);
    // Creates the first spec folder (<config>/apis in the app) when missing, and watches it.
    Result<QString> ensureUserSpecFolder();
    ExchangeRecorder &recorder() const { return *m_recorder; }
    // The embedded sandbox, or null. A CLI command that starts one for its duration hands it over.
    SandboxHost *sandbox() const { return m_sandbox.get(); }
    void setSandbox(std::shared_ptr<SandboxHost> sandbox);
    // Starts the owned sandbox and makes it the built-in Sandbox environment.
    Result<void> startSandbox();
    // The built-in Sandbox environment follows the running sandbox's URL and credentials, and so
    // do the sessions issued in it (kept ones too, as they are read): the sandbox may listen on
    // another port this run, and it keeps the tokens of earlier runs.
    void updateSandboxEnvironment();

    // Keeps the sessions in the open vault's sessions file (read and merged now, saved on every
    // change from then on by whoever saves). Returns how many were read; nothing to do when
    // that file is attached already.
    Result<int> keepSessionsWithVault();
    // Saves what is unsaved (sessions, the vault's last-used times); a message per problem.
    QStringList flush();

    const Options &options() const { return m_options; }

Q_SIGNALS:
    // Something was not written (history, sessions, the vault): for the status line or stderr.
    void problem(const QString &message);
    // specs() was reloaded: lists and forms read it again.
    void specsChanged();

private:
    // Points a session of the built-in Sandbox at the running sandbox; true when it changed.
    bool followSandbox(Session &session) const;

    Options m_options;
    std::unique_ptr<SpecLibrary> m_specs;
    std::vector<std::unique_ptr<SpecLibrary>> m_retiredSpecs;
    SpecFolderWatcher *m_specWatcher = nullptr;
    std::function<bool()> m_specsBusy;
    std::unique_ptr<EnvironmentStore> m_environments;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<VaultHandle> m_vault;
    std::unique_ptr<VaultValueSource> m_vaultValues;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<SessionStore> m_sessions;
    std::unique_ptr<SessionRenewer> m_renewer;
    std::unique_ptr<ExpiryScheduler> m_scheduler;
    std::unique_ptr<SessionPersistence> m_sessionFile;
    std::unique_ptr<ExchangeRecorder> m_recorder;
    std::shared_ptr<SandboxHost> m_sandbox;
};

} // namespace td
