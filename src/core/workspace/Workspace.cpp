// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workspace.h"

#include "core/api/SpecLibrary.h"
#include "core/net/ApiClient.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxHost.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionPersistence.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/vault/VaultValueSource.h"
#include "core/workspace/ExchangeRecorder.h"
#include "core/workspace/SpecFolderWatcher.h"

#include <QDir>

namespace td {

Workspace::Workspace(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_specs(std::make_unique<SpecLibrary>(m_options.specFolders))
    , m_environments(std::make_unique<EnvironmentStore>(m_options.environmentsFile))
    , m_history(std::make_unique<HistoryStore>(m_options.historyFile))
    , m_vault(std::make_unique<VaultHandle>(m_options.vaultFile))
    , m_vaultValues(std::make_unique<VaultValueSource>(*m_vault))
    , m_client(std::make_unique<ApiClient>())
    , m_sessions(std::make_unique<SessionStore>())
    , m_renewer(std::make_unique<SessionRenewer>(*m_client, m_specs->catalog()))
    , m_scheduler(std::make_unique<ExpiryScheduler>(*m_sessions, *m_renewer))
    , m_sessionFile(std::make_unique<SessionPersistence>(*m_sessions))
    , m_recorder(std::make_unique<ExchangeRecorder>(*m_history, *m_sessions, *m_vault))
{
    m_sessions->setCatalog(m_specs->catalog());
    if (m_options.sandbox) {
        m_sandbox = std::make_shared<SandboxHost>(*m_options.sandbox);
        m_sandbox->setSpecFolders(m_options.specFolders); // it serves the user families the app lists
    }
    // Sessions of vault-backed environments renew through the same vault.
    m_renewer->setValueSource(m_vaultValues.get());
    // Renewals, automatic or asked for, reach history like every other exchange.
    connect(m_renewer.get(), &SessionRenewer::exchanged, m_recorder.get(),
            [this](const QUuid &id, const ApiCall &call) { m_recorder->record(call, HistoryOrigin::Renewal, id); });
    connect(m_recorder.get(), &ExchangeRecorder::problem, this, &Workspace::problem);
    m_sessionFile->setAdopt([this](Session &session) { followSandbox(session); });
    connect(m_sessionFile.get(), &SessionPersistence::saveFailed, this,
            [this](const QString &message) { Q_EMIT problem(tr("Sessions were not saved: %1").arg(message)); });
}

Workspace::~Workspace()
{
    // The scheduler listens to the store and the renewer, the renewer's calls use the client and
    // the vault: they go in that order.
    m_scheduler->stop();
    m_scheduler.reset();
    m_renewer.reset();
    if (m_sandbox)
        m_sandbox->stop();
}

const EndpointCatalog &Workspace::catalog() const
{
    return m_specs->catalog();
}

void Workspace::reloadSpecs()
{
    auto fresh = std::make_unique<SpecLibrary>(m_options.specFolders);
    m_sessions->setCatalog(fresh->catalog());
    m_renewer->setCatalog(fresh->catalog());
    m_retiredSpecs.push_back(std::move(m_specs));
    m_specs = std::move(fresh);
    if (m_sandbox && m_options.sandbox) {
        m_sandbox->setSpecFolders(m_options.specFolders); // the owned sandbox routes what changed
        updateSandboxEnvironment();                       // and a new family's demo values fill its fields
    }
    if (m_specWatcher)
        m_specWatcher->watch(m_options.specFolders); // an editor's save replaced the watched files
    Q_EMIT specsChanged(); // the pages rebuild their forms from the new library here
    if (m_renewer->running() == 0 && !(m_specsBusy && m_specsBusy()))
        m_retiredSpecs.clear();
}

void Workspace::watchSpecFolders(int debounceMs)
{
    if (!m_specWatcher) {
        m_specWatcher = new SpecFolderWatcher(this);
        connect(m_specWatcher, &SpecFolderWatcher::changed, this, &Workspace::reloadSpecs);
    }
    if (debounceMs >= 0)
        m_specWatcher->setDebounceMs(debounceMs);
    m_specWatcher->watch(m_options.specFolders);
}

Result<QString> Workspace::ensureUserSpecFolder()
{
    if (m_options.specFolders.isEmpty())
        return makeError(ErrorCode::NotFound, tr("This workspace reads the built-in specs only."));
    const QString folder = m_options.specFolders.constFirst();
    if (!QDir().mkpath(folder))
        return makeError(ErrorCode::Io, tr("Cannot create %1.").arg(folder));
    if (m_specWatcher)
        m_specWatcher->watch(m_options.specFolders);
    return folder;
}

const ValueSource &Workspace::vaultValues() const
{
    return *m_vaultValues;
}

void Workspace::setSandbox(std::shared_ptr<SandboxHost> sandbox)
{
    m_sandbox = std::move(sandbox);
    updateSandboxEnvironment();
}

Result<void> Workspace::startSandbox()
{
    if (!m_sandbox)
        return makeError(ErrorCode::Usage, tr("This workspace has no embedded sandbox."));
    Result<QUrl> url = m_sandbox->start();
    if (!url)
        return url.error();
    updateSandboxEnvironment();
    return {};
}

void Workspace::updateSandboxEnvironment()
{
    if (!m_sandbox || !m_sandbox->isRunning())
        return;
    const QUrl url = m_sandbox->url();
    const SandboxTls tls = m_sandbox->tls();
    SandboxConfig config = m_sandbox->config();
    config.credentials = m_sandbox->credentials(); // with the user families' demo values
    std::optional<Environment> overTls;
    if (url.scheme() == QLatin1String("https"))
        overTls = SandboxEnvironment::makeTls(url, config, tls.caFile, tls.clientFile);
    m_environments->setSandbox(SandboxEnvironment::make(url, config, tls.caFile), overTls);
    for (const QUuid &id : m_sessions->ids()) {
        Session session = *m_sessions->find(id);
        if (followSandbox(session))
            m_sessions->update(session);
    }
}

bool Workspace::followSandbox(Session &session) const
{
    if (!session.environment.builtIn || !Environment::isBuiltInName(session.environment.name))
        return false;
    const Environment *sandbox = m_environments->find(session.environment.name);
    if (!sandbox || !sandbox->builtIn || session.environment.name != sandbox->name
        || (session.environment.baseUrl == sandbox->baseUrl
            && session.environment.transport.extraCaFile == sandbox->transport.extraCaFile
            && session.environment.transport.clientCertFile == sandbox->transport.clientCertFile))
        return false;
    session.environment = *sandbox;
    return true;
}

Result<int> Workspace::keepSessionsWithVault()
{
    Vault *vault = m_vault->get();
    if (!vault)
        return makeError(ErrorCode::NotFound, tr("No vault is open: sessions are kept with the vault."));
    if (m_sessionFile->isAttached() && m_sessionFile->path() == vault->sessionsPath())
        return 0;
    Result<SecureBytes> key = vault->sessionsKey();
    if (!key)
        return key.error();
    return m_sessionFile->attach(vault->sessionsPath(), key.value());
}

QStringList Workspace::flush()
{
    QStringList problems;
    if (m_sessionFile->isAttached() && m_sessionFile->hasUnsavedChanges()) {
        if (Result<void> saved = m_sessionFile->save(); !saved)
            problems.append(tr("The sessions were not saved: %1").arg(saved.error().toString()));
    }
    if (const QString vault = m_recorder->saveVault(); !vault.isEmpty())
        problems.append(vault);
    return problems;
}

} // namespace td
