// SPDX-License-Identifier: GPL-3.0-or-later
#include "Workbench.h"

#include "MainWindow.h"
#include "ThemeManager.h"
#include "WindowState.h"
#include "api/ApiPage.h"
#include "environments/EnvironmentsPage.h"
#include "evidence/CurlImportDialog.h"
#include "evidence/EvidenceActions.h"
#include "evidence/HarImportDialog.h"
#include "history/HistoryPage.h"
#include "inspector/TokenInspectorPage.h"
#include "keys/KeyManagerPage.h"
#include "palette/CommandPalette.h"
#include "sandbox/SandboxPage.h"
#include "sessions/SessionsPage.h"

#include "core/Config.h"
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/SpecLibrary.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxHost.h"
#include "core/sandbox/SandboxSettings.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionPersistence.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/ExchangeRecorder.h"
#include "core/workspace/Workspace.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QLineEdit>
#include <QMenu>
#include <QCloseEvent>
#include <QStatusBar>
#include <QDesktopServices>
#include <QDir>
#include <QMenu>
#include <QTimer>
#include <QSystemTrayIcon>

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
    , m_workspace(std::make_unique<Workspace>(Workspace::Options{m_options.environmentsFile, m_options.historyFile,
                                                                 m_options.vaultFile, m_options.sandboxConfig,
                                                                 m_options.specFolders}))
    , m_config(m_options.settingsFile.isEmpty() ? Config::temporary() : std::make_unique<Config>(m_options.settingsFile))
{
    // A broken environments file is shown on its page (with a way out), not fatal.
    const Result<void> loaded = environments().load();
    // The lifetimes, KDF and renew shape last applied on the Sandbox page.
    sandbox().setConfig(SandboxSettings::load(*m_config, sandbox().config()));
    if (m_options.startSandbox)
        startSandbox();

    m_apiPage = new ApiPage(m_workspace->client(), &m_window);
    m_historyPage = new HistoryPage(history(), &m_window);
    m_environmentsPage = new EnvironmentsPage(environments(), &m_window);
    m_sandboxPage = new SandboxPage(sandbox(), &m_window);
    m_sandboxPage->setSettingsStore(m_config.get());
    m_keyPage = new KeyManagerPage(m_workspace->vault(), &m_window);
    setupSessions();
    m_apiPage->setSessionRetry(&sessions(), &scheduler());
    m_apiPage->setValueSource(&m_workspace->vaultValues());
    m_apiIndex = m_window.addPage(QIcon(QStringLiteral(":/icons/api.svg")), tr("APIs"), m_apiPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/sessions.svg")), tr("Sessions"), m_sessionsPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/vault.svg")), tr("Keys and secrets"), m_keyPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/history.svg")), tr("History"), m_historyPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/environment.svg")), tr("Environments"), m_environmentsPage);
    m_window.addPage(QIcon(QStringLiteral(":/icons/sandbox.svg")), tr("Sandbox"), m_sandboxPage);

    connect(m_apiPage, &ApiPage::callFinished, &m_workspace->recorder(),
            [this](const ApiCall &call, HistoryOrigin origin) { m_workspace->recorder().record(call, origin); });
    // The page emits callFinished before it shows the call, so this is that call's explanation.
    m_apiPage->setExplainer([this](const ApiCall &) { return m_workspace->recorder().lastExplanation().causes; });
    connect(m_workspace.get(), &Workspace::problem, this, &Workbench::showStatus);
    connect(m_historyPage, &HistoryPage::replayRequested, this, &Workbench::replay);
    connect(&environments(), &EnvironmentStore::changed, this, &Workbench::refreshEnvironments);
    connect(m_sandboxPage, &SandboxPage::sandboxUrlChanged, this, &Workbench::updateSandboxEnvironment);
    // A page's message belongs to it: said while another page is shown, it would read as that
    // page's (the page keeps its own message line); leaving the page clears it (MainWindow).
    const auto pageStatus = [this](QWidget *page) {
        return [this, page](const QString &message) {
            if (m_window.currentPage() == page)
                showStatus(message);
        };
    };
    connect(m_apiPage, &ApiPage::statusMessage, this, pageStatus(m_apiPage));
    connect(m_historyPage, &HistoryPage::statusMessage, this, pageStatus(m_historyPage));
    connect(m_environmentsPage, &EnvironmentsPage::statusMessage, this, pageStatus(m_environmentsPage));
    connect(m_sandboxPage, &SandboxPage::statusMessage, this, pageStatus(m_sandboxPage));
    connect(m_keyPage, &KeyManagerPage::statusMessage, this, pageStatus(m_keyPage));
    connect(m_keyPage, &KeyManagerPage::vaultOpened, this, &Workbench::useVault);
    connect(m_keyPage, &KeyManagerPage::vaultLocked, this, &Workbench::vaultLocked);
    connect(m_sandboxPage, &SandboxPage::addKeysToVaultRequested, this, &Workbench::addSandboxKeysToVault);

    wireMenus();
    wireSpecs();
    refreshEnvironments();
    m_apiPage->selectEnvironment(QString::fromLatin1(Environment::kSandboxName));
    m_window.showPage(m_apiIndex);
    WindowState::restore(m_window, *m_config); // the page, the splitters and the geometry left last time
    if (!loaded)
        showStatus(loaded.error().message);
}

Workbench::~Workbench()
{
    WindowState::save(m_window, *m_config);
    // The pages hold references to the stores, the vault and the sandbox: they go first.
    scheduler().stop();
    (void)m_workspace->flush(); // best effort: the app is closing
    m_window.tokenInspectorPage()->setStoredKeys({});
    m_apiPage->setValueSource(nullptr);
    delete m_apiPage;
    delete m_historyPage;
    delete m_environmentsPage;
    delete m_sandboxPage;
    delete m_keyPage;
    delete m_sessionsPage;
}

SessionStore &Workbench::sessions() const
{
    return m_workspace->sessions();
}

SessionPersistence &Workbench::sessionFile() const
{
    return m_workspace->sessionFile();
}

ExpiryScheduler &Workbench::scheduler() const
{
    return m_workspace->scheduler();
}

EnvironmentStore &Workbench::environments() const
{
    return m_workspace->environments();
}

HistoryStore &Workbench::history() const
{
    return m_workspace->history();
}

SandboxHost &Workbench::sandbox() const
{
    return *m_workspace->sandbox();
}

Vault *Workbench::vault() const
{
    return m_workspace->vault().get();
}

void Workbench::startSandbox()
{
    if (Result<void> started = m_workspace->startSandbox(); !started) {
        showStatus(tr("The embedded sandbox did not start: %1").arg(started.error().toString()));
        return;
    }
    if (const QString warning = sandbox().stateWarning(); !warning.isEmpty())
        showStatus(warning);
}

void Workbench::updateSandboxEnvironment()
{
    m_workspace->updateSandboxEnvironment();
    refreshEnvironments();
}

void Workbench::refreshEnvironments()
{
    if (!m_apiPage)
        return;
    const QString current = m_apiPage->currentEnvironment().name;
    m_apiPage->setEnvironments(environments().environments());
    for (const Environment &environment : environments().environments())
        scheduler().setEnvironmentAutoRenew(environment.name, environment.autoRenew);
    if (!current.isEmpty())
        m_apiPage->selectEnvironment(current);
}

void Workbench::setupSessions()
{
    m_sessionsPage = new SessionsPage(sessions(), scheduler(), &m_window);
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
    sessionFile().setAutoSave(1000);
    // Other processes (tokendesk-cli call, flow, sessions watch) write the same file.
    m_sessionSync = new QTimer(this);
    m_sessionSync->setInterval(kSessionSyncMs);
    connect(m_sessionSync, &QTimer::timeout, this, &Workbench::syncSessions);
    m_sessionsPage->setKeptStatus(tr("Sessions are kept with the vault: open or create it on the Keys and secrets page, "
                                     "or they are gone when TokenDesk closes."),
                                  false);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("TokenDesk"));
        m_tray->show();
    }
    scheduler().start();
    m_window.installEventFilter(this);
}

void Workbench::wireMenus()
{
    // The menus' page actions answer on the page that has them (Ctrl+Enter sends on the APIs page only).
    connect(m_window.sendAction(), &QAction::triggered, this, [this] {
        if (m_window.currentPage() == m_apiPage)
            m_apiPage->send();
    });
    connect(m_window.cancelAction(), &QAction::triggered, m_apiPage, &ApiPage::cancel);
    connect(m_window.copyCurlAction(), &QAction::triggered, this, [this] {
        if (m_window.currentPage() == m_apiPage)
            m_apiPage->responseView()->copyCurl(false);
        else if (m_window.currentPage() == m_historyPage)
            m_historyPage->copyAsCurl();
    });
    connect(m_window.lockVaultAction(), &QAction::triggered, m_keyPage, &KeyManagerPage::lockNow);
    m_palette = new CommandPalette(&m_window);
    connect(m_window.goToAction(), &QAction::triggered, this, [this] { m_palette->popup(paletteItems(), &m_window); });
    connect(m_palette, &CommandPalette::activated, this, &Workbench::goTo);
    new EvidenceActions(*this, m_window, this); // File → Import curl/HAR, Export support bundle; Edit → Paste curl
    m_window.viewMenu()->addSeparator();
    m_theme = new ThemeManager(*m_config, this);
    m_theme->addMenuTo(m_window.viewMenu());
    m_theme->applyKept();
    m_window.lockVaultAction()->setEnabled(true);
    connect(&m_window, &MainWindow::pageChanged, this, &Workbench::enablePageActions);
    enablePageActions(m_window.currentPage());
}

void Workbench::wireSpecs()
{
    m_apiPage->setSpecs(m_workspace->specs());
    m_sandboxPage->setCatalog(&m_workspace->specs().catalog());
    m_historyPage->setCatalog(&m_workspace->catalog());
    m_environmentsPage->setCatalog(&m_workspace->catalog());
    connect(m_workspace.get(), &Workspace::specsChanged, this, [this] {
        m_apiPage->setSpecs(m_workspace->specs());
        m_sandboxPage->setCatalog(&m_workspace->specs().catalog());
        m_historyPage->setCatalog(&m_workspace->catalog());
        m_environmentsPage->setCatalog(&m_workspace->catalog());
        m_sessionsPage->refreshFamilies();
    });
    // A send on the wire refers to the old library's spec, an open curl or HAR import dialog to
    // its catalog: it is kept until then.
    m_workspace->setSpecsBusy([this] {
        return m_apiPage->isBusy() || m_window.findChild<CurlImportDialog *>() || m_window.findChild<HarImportDialog *>();
    });
    m_workspace->watchSpecFolders();
    if (auto *tools = m_window.findChild<QMenu *>(QStringLiteral("menuTools"))) {
        QAction *open = tools->addAction(tr("Open Specs Folder"));
        open->setObjectName(QStringLiteral("actionOpenSpecsFolder"));
        open->setToolTip(tr("The folder of your own endpoint and family specs; changes are read at once"));
        connect(open, &QAction::triggered, this, &Workbench::openSpecsFolder);
    }
}

void Workbench::openSpecsFolder()
{
    const Result<QString> folder = m_workspace->ensureUserSpecFolder();
    if (!folder) {
        showStatus(folder.error().message);
        return;
    }
    const QUrl url = QUrl::fromLocalFile(folder.value());
    const bool opened = m_openUrl ? m_openUrl(url) : QDesktopServices::openUrl(url);
    if (!opened)
        showStatus(tr("Could not open %1").arg(QDir::toNativeSeparators(folder.value())));
}

QList<PaletteItems::Item> Workbench::paletteItems() const
{
    return PaletteItems::endpoints(m_workspace->catalog()) + PaletteItems::sessions(sessions())
        + PaletteItems::keys(vault()) + PaletteItems::environments(environments().environments())
        + PaletteItems::history(*m_historyPage->model());
}

void Workbench::goTo(PaletteItems::Kind kind, const QString &target)
{
    // A list's filter that hides the item asked for by name is cleared first.
    const auto clearFilter = [](QWidget *page) {
        if (auto *filter = page->findChild<QLineEdit *>(QStringLiteral("filterEdit")))
            filter->clear();
    };
    switch (kind) {
    case PaletteItems::Kind::Endpoint:
        m_apiPage->openEndpoint(target);
        m_window.showPage(m_apiIndex);
        break;
    case PaletteItems::Kind::Session:
        m_window.showPage(m_window.pageIndexOf(m_sessionsPage));
        if (!m_sessionsPage->selectSession(QUuid(target))) {
            clearFilter(m_sessionsPage);
            m_sessionsPage->selectSession(QUuid(target));
        }
        break;
    case PaletteItems::Kind::Key:
        m_window.showPage(m_window.pageIndexOf(m_keyPage));
        m_keyPage->selectEntry(target);
        break;
    case PaletteItems::Kind::Environment:
        m_window.showPage(m_window.pageIndexOf(m_environmentsPage));
        m_environmentsPage->selectEnvironment(target);
        break;
    case PaletteItems::Kind::History:
        m_window.showPage(m_window.pageIndexOf(m_historyPage));
        m_historyPage->selectEntry(target);
        break;
    }
}

void Workbench::enablePageActions(QWidget *page)
{
    m_window.sendAction()->setEnabled(page == m_apiPage);
    m_window.cancelAction()->setEnabled(page == m_apiPage);
    m_window.copyCurlAction()->setEnabled(page == m_apiPage || page == m_historyPage);
}

bool Workbench::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == &m_window && event->type() == QEvent::Close && !m_closeNow && m_workspace->renewer().running() > 0) {
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
    scheduler().setAutoRenewEnabled(false); // nothing new starts meanwhile
    showStatus(tr("Closing once %n renewal(s) on the wire have their answer…", nullptr, m_workspace->renewer().running()));
    const auto closeNow = [this] {
        if (m_closeNow)
            return;
        m_closeNow = true;
        m_window.close();
    };
    connect(&m_workspace->renewer(), &SessionRenewer::finished, this, [this, closeNow] {
        if (m_workspace->renewer().running() == 0)
            QTimer::singleShot(0, this, closeNow); // after the scheduler has taken the answer
    });
    QTimer::singleShot(kMaxWaitMs, this, closeNow);
}

void Workbench::keepSessions(Vault *vault)
{
    if (sessionFile().isAttached() && sessionFile().path() == vault->sessionsPath())
        return;
    Result<int> restored = m_workspace->keepSessionsWithVault();
    if (!restored) {
        m_sessionsPage->setKeptStatus(tr("Sessions are not kept: %1").arg(restored.error().toString()), false);
        showStatus(tr("Sessions are not kept: %1").arg(restored.error().toString()));
        return;
    }
    showKept();
    m_sessionSync->start();
    syncSessions();
    if (!sessionFile().notice().isEmpty())
        showStatus(sessionFile().notice());
    else if (restored.value() > 0)
        showStatus(tr("%n session(s) restored from the vault; those that expired meanwhile are marked expired, not renewed.",
                      nullptr, restored.value()));
    if (sessionFile().hasUnsavedChanges())
        (void)sessionFile().save(); // the ones issued before the vault was open
}

void Workbench::syncSessions()
{
    if (!sessionFile().isAttached())
        return;
    if (Result<int> changed = sessionFile().reload(); !changed)
        showStatus(tr("Sessions were not read again: %1").arg(changed.error().toString()));
    // A watcher renewing these sessions: renewing here too would renew each token twice, the
    // second time with a token the first renewal had already replaced.
    const qint64 pid = SessionPersistence::watcherPid(sessionFile().path());
    if (pid == m_watcherPid)
        return;
    m_watcherPid = pid;
    if (!m_waitingToClose)
        scheduler().setAutoRenewEnabled(pid == 0);
    showKept();
}

void Workbench::showKept()
{
    QString text = tr("Kept with the vault, encrypted, in %1").arg(QDir::toNativeSeparators(sessionFile().path()));
    if (m_watcherPid != 0)
        text += tr(" · `tokendesk-cli sessions watch --auto-renew` (pid %1) renews them: auto-renew here is paused").arg(m_watcherPid);
    m_sessionsPage->setKeptStatus(text, true);
}

void Workbench::terminateInSandbox(const QUuid &id)
{
    const Session *session = sessions().find(id);
    if (!session)
        return;
    const int ended = sandbox().terminateToken(session->token.toUtf8());
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

void Workbench::useVault(Vault *vault)
{
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
    Vault *vault = this->vault();
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
    Vault *vault = this->vault();
    const std::optional<SandboxKeys> keys = sandbox().keys();
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
