// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workbench.h"

#include "MainWindow.h"
#include "api/ApiPage.h"
#include "environments/EnvironmentsPage.h"
#include "history/HistoryPage.h"
#include "inspector/TokenInspectorPage.h"
#include "keys/KeyManagerPage.h"
#include "sandbox/SandboxPage.h"
#include "sessions/SessionsPage.h"

#include "core/Config.h"
#include "core/api/ApiCall.h"
#include "core/api/CallHistory.h"
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
#include "core/vault/VaultValueSource.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QCloseEvent>
#include <QStatusBar>
#include <QTimer>
#include <QSystemTrayIcon>

#include <algorithm>

namespace td {

namespace {

// How often the app looks at the sessions file for other processes' changes (a stat when
// nothing changed).
constexpr int kSessionSyncMs = 2000;

} // namespace

Workbench::Workbench(MainWindow &window, Options options, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_options(std::move(options))
    , m_environments(std::make_unique<EnvironmentStore>(m_options.environmentsFile))
    , m_history(std::make_unique<HistoryStore>(m_options.historyFile))
    , m_sandbox(std::make_unique<SandboxHost>(m_options.sandboxConfig))
    , m_config(m_options.settingsFile.isEmpty() ? Config::temporary() : std::make_unique<Config>(m_options.settingsFile))
{
    // A broken environments file is shown on its page (with a way out), not fatal.
    const Result<void> loaded = m_environments->load();
    if (m_options.startSandbox)
        startSandbox();

    m_apiPage = new ApiPage(&m_window);
    m_historyPage = new HistoryPage(*m_history, &m_window);
    m_environmentsPage = new EnvironmentsPage(*m_environments, &m_window);
    m_sandboxPage = new SandboxPage(*m_sandbox, &m_window);
    m_keyPage = new KeyManagerPage(m_options.vaultFile, &m_window);
    setupSessions();
    m_apiPage->setSessionRetry(m_sessions.get(), m_scheduler.get());
    m_apiIndex = m_window.addPage(QIcon(QStringLiteral(":/icons/api.svg")), tr("APIs"), m_apiPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/sessions.svg")), tr("Sessions"), m_sessionsPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/vault.svg")), tr("Keys and secrets"), m_keyPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/history.svg")), tr("History"), m_historyPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/environment.svg")), tr("Environments"), m_environmentsPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/sandbox.svg")), tr("Sandbox"), m_sandboxPage);

    connect(m_apiPage, &ApiPage::callFinished, this, &Workbench::record);
    connect(m_historyPage, &HistoryPage::replayRequested, this, &Workbench::replay);
    connect(m_environments.get(), &EnvironmentStore::changed, this, &Workbench::refreshEnvironments);
    connect(m_sandboxPage, &SandboxPage::sandboxUrlChanged, this, &Workbench::updateSandboxEnvironment);
    connect(m_apiPage, &ApiPage::statusMessage, this, &Workbench::showStatus);
    connect(m_historyPage, &HistoryPage::statusMessage, this, &Workbench::showStatus);
    connect(m_environmentsPage, &EnvironmentsPage::statusMessage, this, &Workbench::showStatus);
    connect(m_sandboxPage, &SandboxPage::statusMessage, this, &Workbench::showStatus);
    connect(m_keyPage, &KeyManagerPage::statusMessage, this, &Workbench::showStatus);
    connect(m_keyPage, &KeyManagerPage::vaultOpened, this, &Workbench::useVault);
    connect(m_keyPage, &KeyManagerPage::vaultLocked, this, &Workbench::vaultLocked);
    connect(m_sandboxPage, &SandboxPage::addKeysToVaultRequested, this, &Workbench::addSandboxKeysToVault);

    refreshEnvironments();
    m_apiPage->selectEnvironment(QString::fromLatin1(Environment::kSandboxName));
    m_window.showPage(m_apiIndex);
    if (!loaded)
        showStatus(loaded.error().message);
}

Workbench::~Workbench()
{
    // The pages hold references to the stores, the vault and the sandbox: they go first.
    m_scheduler->stop();
    if (m_sessionFile->isAttached() && m_sessionFile->hasUnsavedChanges())
        (void)m_sessionFile->save(); // best effort: the app is closing
    m_window.tokenInspectorPage()->setStoredKeys({});
    m_apiPage->setValueSource(nullptr);
    m_renewer->setValueSource(nullptr);
    delete m_apiPage;
    delete m_historyPage;
    delete m_environmentsPage;
    delete m_sandboxPage;
    delete m_keyPage;
    delete m_sessionsPage;
    m_sandbox->stop();
}

void Workbench::startSandbox()
{
    Result<QUrl> url = m_sandbox->start();
    if (!url) {
        showStatus(tr("The embedded sandbox did not start: %1").arg(url.error().toString()));
        return;
    }
    m_environments->setSandbox(SandboxEnvironment::make(url.value(), m_options.sandboxConfig));
    if (const QString warning = m_sandbox->stateWarning(); !warning.isEmpty())
        showStatus(warning);
}

void Workbench::updateSandboxEnvironment()
{
    if (m_sandbox->isRunning())
        m_environments->setSandbox(SandboxEnvironment::make(m_sandbox->url(), m_options.sandboxConfig));
    refreshEnvironments();
}

void Workbench::refreshEnvironments()
{
    if (!m_apiPage)
        return;
    const QString current = m_apiPage->currentEnvironment().name;
    m_apiPage->setEnvironments(m_environments->environments());
    for (const Environment &environment : m_environments->environments())
        m_scheduler->setEnvironmentAutoRenew(environment.name, environment.autoRenew);
    if (!current.isEmpty())
        m_apiPage->selectEnvironment(current);
}

void Workbench::setupSessions()
{
    m_renewClient = std::make_unique<ApiClient>();
    m_sessions = std::make_unique<SessionStore>();
    m_renewer = std::make_unique<SessionRenewer>(*m_renewClient);
    m_scheduler = std::make_unique<ExpiryScheduler>(*m_sessions, *m_renewer);
    // Renewals, automatic or asked for, reach history like every other exchange.
    connect(m_renewer.get(), &SessionRenewer::exchanged, this, [this](const QUuid &id, const ApiCall &call) {
        if (Result<void> recorded = CallHistory::record(*m_history, call, m_sessions->secretValues(), HistoryOrigin::Renewal, id);
            !recorded)
            showStatus(tr("Not recorded in history: %1").arg(recorded.error().toString()));
    });
    m_sessionsPage = new SessionsPage(*m_sessions, *m_scheduler, &m_window);
    connect(m_sessionsPage, &SessionsPage::openInInspector, this, [this](const QString &token) {
        m_window.tokenInspectorPage()->setToken(token);
        m_window.showPage(0);
    });
    connect(m_sessionsPage, &SessionsPage::terminateRequested, this, &Workbench::terminateInSandbox);
    connect(m_sessionsPage, &SessionsPage::attentionChanged, this, &Workbench::showAttention);
    m_sessionsPage->setNotify([this](const QString &title, const QString &text) { notify(title, text); });
    m_sessionsPage->setNoticeLeadMinutes(m_config->intValue(Config::Key::SessionsNoticeLeadMinutes));
    connect(m_sessionsPage, &SessionsPage::noticeLeadChanged, this,
            [this](int minutes) { m_config->setValue(Config::Key::SessionsNoticeLeadMinutes, minutes); });
    // Sessions are kept with the vault (tokens are secrets): from the moment it is opened.
    m_sessionFile = std::make_unique<SessionPersistence>(*m_sessions);
    m_sessionFile->setAutoSave(1000);
    m_sessionFile->setAdopt([this](Session &session) { adoptRestored(session); });
    // Other processes (tokendesk-cli call, flow, sessions watch) write the same file.
    m_sessionSync = new QTimer(this);
    m_sessionSync->setInterval(kSessionSyncMs);
    connect(m_sessionSync, &QTimer::timeout, this, &Workbench::syncSessions);
    connect(m_sessionFile.get(), &SessionPersistence::saveFailed, this,
            [this](const QString &message) { showStatus(tr("Sessions were not saved: %1").arg(message)); });
    m_sessionsPage->setKeptStatus(tr("Sessions are kept with the vault: open or create it on the Keys and secrets page, "
                                     "or they are gone when TokenDesk closes."),
                                  false);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("TokenDesk"));
        m_tray->show();
    }
    m_scheduler->start();
    m_window.installEventFilter(this);
}

bool Workbench::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == &m_window && event->type() == QEvent::Close && !m_closeNow && m_renewer->running() > 0) {
        event->ignore();
        closeWhenRenewalsLand();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void Workbench::closeWhenRenewalsLand()
{
    // A renewal on the wire may already have spent a single-use refresh token on the server:
    // closing now would keep a session that can never renew. Wait for the answers, a while.
    constexpr int kMaxWaitMs = 10 * 1000;
    if (m_waitingToClose)
        return;
    m_waitingToClose = true;
    m_scheduler->setAutoRenewEnabled(false); // nothing new starts meanwhile
    showStatus(tr("Closing once %n renewal(s) on the wire have their answer…", nullptr, m_renewer->running()));
    const auto closeNow = [this] {
        if (m_closeNow)
            return;
        m_closeNow = true;
        m_window.close();
    };
    connect(m_renewer.get(), &SessionRenewer::finished, this, [this, closeNow] {
        if (m_renewer->running() == 0)
            QTimer::singleShot(0, this, closeNow); // after the scheduler has taken the answer
    });
    QTimer::singleShot(kMaxWaitMs, this, closeNow);
}

void Workbench::keepSessions(Vault *vault)
{
    if (m_sessionFile->isAttached() && m_sessionFile->path() == vault->sessionsPath())
        return;
    Result<SecureBytes> key = vault->sessionsKey();
    Result<int> restored = key ? m_sessionFile->attach(vault->sessionsPath(), key.value()) : Result<int>(key.error());
    if (!restored) {
        m_sessionsPage->setKeptStatus(tr("Sessions are not kept: %1").arg(restored.error().toString()), false);
        showStatus(tr("Sessions are not kept: %1").arg(restored.error().toString()));
        return;
    }
    showKept();
    m_sessionSync->start();
    syncSessions();
    if (!m_sessionFile->notice().isEmpty())
        showStatus(m_sessionFile->notice());
    else if (restored.value() > 0)
        showStatus(tr("%n session(s) restored from the vault; those that expired meanwhile are marked expired, not renewed.",
                      nullptr, restored.value()));
    if (m_sessionFile->hasUnsavedChanges())
        (void)m_sessionFile->save(); // the ones issued before the vault was open
}

void Workbench::syncSessions()
{
    if (!m_sessionFile->isAttached())
        return;
    if (Result<int> changed = m_sessionFile->reload(); !changed)
        showStatus(tr("Sessions were not read again: %1").arg(changed.error().toString()));
    // A watcher renewing these sessions: renewing here too would renew each token twice, the
    // second time with a token the first renewal had already replaced.
    const qint64 pid = SessionPersistence::watcherPid(m_sessionFile->path());
    if (pid == m_watcherPid)
        return;
    m_watcherPid = pid;
    if (!m_waitingToClose)
        m_scheduler->setAutoRenewEnabled(pid == 0);
    showKept();
}

void Workbench::showKept()
{
    QString text = tr("Kept with the vault, encrypted, in %1").arg(QDir::toNativeSeparators(m_sessionFile->path()));
    if (m_watcherPid != 0)
        text += tr(" · `tokendesk-cli sessions watch --auto-renew` (pid %1) renews them: auto-renew here is paused").arg(m_watcherPid);
    m_sessionsPage->setKeptStatus(text, true);
}

void Workbench::adoptRestored(Session &session) const
{
    // The embedded sandbox may listen on another port this run (its kept port was taken): a
    // restored Sandbox session talks to this run's sandbox, which keeps the tokens of earlier
    // runs (a sandbox without kept state does not know them: renewing says so).
    if (!session.environment.builtIn)
        return;
    for (const Environment &environment : m_environments->environments()) {
        if (environment.builtIn && environment.name == session.environment.name)
            session.environment = environment;
    }
}

void Workbench::terminateInSandbox(const QUuid &id)
{
    const Session *session = m_sessions->find(id);
    if (!session)
        return;
    const int ended = m_sandbox->terminateToken(session->token.toUtf8());
    showStatus(ended > 0 ? tr("The sandbox ended that BankEzy session; its next renew is refused.")
                         : tr("The sandbox knows no session for that token (another sandbox, or already ended)."));
}

void Workbench::showAttention(int count)
{
    m_window.setWindowTitle(count > 0 ? tr("TokenDesk — %n session(s) need attention", nullptr, count) : tr("TokenDesk"));
}

void Workbench::notify(const QString &title, const QString &text)
{
    if (m_tray)
        m_tray->showMessage(title, text, QSystemTrayIcon::Warning, 10000);
    showStatus(QStringLiteral("%1: %2").arg(title, text));
}

void Workbench::record(const ApiCall &call)
{
    // Every token issued, renewed or refreshed becomes (or updates) a watched session.
    QUuid sessionId;
    if (call.result().ok)
        sessionId = m_sessions->addFromCall(call, call.context());
    if (Result<void> recorded = CallHistory::record(*m_history, call, m_sessions->secretValues(), HistoryOrigin::Manual, sessionId);
        !recorded)
        showStatus(tr("Not recorded in history: %1").arg(recorded.error().toString()));
    // Entries the call used now have a last-used time worth keeping.
    Vault *vault = m_keyPage->vault();
    if (vault && !vault->isLocked() && call.prepared().fields.end()
        != std::find_if(call.prepared().fields.begin(), call.prepared().fields.end(),
                        [](const ResolvedField &field) { return field.source == ResolvedField::Source::Vault; })) {
        if (Result<void> saved = vault->save(); !saved)
            showStatus(tr("The vault's last-used times were not saved: %1").arg(saved.error().toString()));
    }
}

void Workbench::useVault(Vault *vault)
{
    m_vaultValues = std::make_unique<VaultValueSource>(vault);
    m_apiPage->setValueSource(m_vaultValues.get());
    m_renewer->setValueSource(m_vaultValues.get()); // sessions of vault-backed environments renew too
    m_apiPage->setVault(vault);
    m_environmentsPage->setVault(vault);
    connect(vault, &Vault::changed, this, &Workbench::refreshStoredKeys, Qt::UniqueConnection);
    refreshStoredKeys();
    keepSessions(vault);
}

void Workbench::vaultLocked()
{
    // The value source stays: a call that needs the vault now says it is locked.
    m_apiPage->setVault(nullptr);
    m_environmentsPage->setVault(nullptr);
    m_window.tokenInspectorPage()->setStoredKeys({});
}

void Workbench::refreshStoredKeys()
{
    Vault *vault = m_keyPage->vault();
    QList<NamedKey> keys;
    if (vault && !vault->isLocked()) {
        for (const VaultEntry &entry : vault->entries()) {
            if (entry.key)
                keys.append({QStringLiteral("vault: ") + entry.name, *entry.key});
        }
    }
    m_window.tokenInspectorPage()->setStoredKeys(keys);
}

void Workbench::addSandboxKeysToVault()
{
    Vault *vault = m_keyPage->vault();
    const std::optional<SandboxKeys> keys = m_sandbox->keys();
    if (!vault || vault->isLocked()) {
        showStatus(tr("Open the vault on the Keys and secrets page first."));
        return;
    }
    if (!keys)
        return;
    const std::pair<QString, const Jwk *> entries[] = {
        {QStringLiteral("sandbox server key"), &keys->serverKey()},
        {QStringLiteral("sandbox token key"), &keys->tokenKey()},
        {QStringLiteral("sandbox HMAC secret"), &keys->hmacKey()},
    };
    for (const auto &[name, key] : entries) {
        VaultEntry entry = VaultEntry::fromKey(name, *key);
        entry.tags = {QStringLiteral("sandbox")};
        // A sandbox without kept state makes new keys on every start: the entry follows the running one.
        Result<void> stored = vault->find(name) ? vault->update(name, entry) : vault->add(entry);
        if (!stored) {
            showStatus(stored.error().toString());
            return;
        }
    }
    if (Result<void> saved = vault->save(); !saved) {
        showStatus(tr("The sandbox keys are in the vault but it was not saved: %1").arg(saved.error().toString()));
        return;
    }
    showStatus(tr("The sandbox's server key, token key and HMAC secret are in the vault; the inspector tries them."));
}

void Workbench::replay(const QString &endpointId, const QString &environment, const QMap<QString, QString> &values)
{
    if (!m_apiPage->selectEnvironment(environment))
        showStatus(tr("Environment \"%1\" no longer exists; replaying in \"%2\".").arg(environment, m_apiPage->currentEnvironment().name));
    m_apiPage->openEndpoint(endpointId, values);
    m_window.showPage(m_apiIndex);
}

void Workbench::showStatus(const QString &message)
{
    m_window.statusBar()->showMessage(message, 8000);
}

} // namespace td
