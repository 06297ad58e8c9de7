// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxConfig.h"
#include "gui/palette/PaletteItems.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUuid>

class QEvent;
class QTimer;
class QSystemTrayIcon;

#include <functional>
#include <memory>

namespace td {

class ApiCall;
class CommandPalette;
class ThemeManager;
class Config;
class ApiPage;
class EnvironmentStore;
class EnvironmentsPage;
class HistoryPage;
class HistoryStore;
class ApiClient;
class ExpiryScheduler;
class KeyManagerPage;
class SessionPersistence;
class SessionRenewer;
class SessionStore;
class SessionsPage;
class TokenInspectorPage;
class Vault;
class Workspace;
class MainWindow;
class SandboxHost;
class SandboxPage;
struct Session;

// The window's pages over one Workspace (the stores, the vault, the sessions, the embedded
// sandbox, the recorder), and the glue between pages: history replays into the API forms, the
// inspector tries the vault's keys, the window waits for renewals on the wire before it closes.
// The GUI's main() and the GUI tests build the same thing.
class Workbench : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString environmentsFile;      // AppPaths::environmentsFile() in the app
        QString historyFile;           // AppPaths::historyFile() in the app
        SandboxConfig sandboxConfig;
        bool startSandbox = true;
        QString vaultFile;             // AppPaths::vaultFile() in the app
        QString settingsFile;          // AppPaths::settingsFile() in the app; empty: nothing kept
        QStringList specFolders = {};  // SpecLibrary::userFolders() in the app; none: built-in specs
    };

    Workbench(MainWindow &window, Options options, QObject *parent = nullptr);
    ~Workbench() override;

    ApiPage *apiPage() const { return m_apiPage; }
    HistoryPage *historyPage() const { return m_historyPage; }
    EnvironmentsPage *environmentsPage() const { return m_environmentsPage; }
    SandboxPage *sandboxPage() const { return m_sandboxPage; }
    KeyManagerPage *keyManagerPage() const { return m_keyPage; }
    SessionsPage *sessionsPage() const { return m_sessionsPage; }
    Workspace &workspace() const { return *m_workspace; }
    SessionStore &sessions() const;
    SessionPersistence &sessionFile() const;
    ExpiryScheduler &scheduler() const;
    EnvironmentStore &environments() const;
    HistoryStore &history() const;
    SandboxHost &sandbox() const;
    int apiPageIndex() const { return m_apiIndex; }
    CommandPalette *commandPalette() const { return m_palette; }
    ThemeManager &theme() const { return *m_theme; }
    // Tools > Open specs folder: creates the first spec folder when missing and opens it with
    // `opener` (QDesktopServices::openUrl unless a test sets another).
    void setUrlOpener(std::function<bool(const QUrl &)> opener) { m_openUrl = std::move(opener); }
    void openSpecsFolder();
    // Ctrl+K: what the palette lists now (vault entry names only while the vault is open).
    QList<PaletteItems::Item> paletteItems() const;
    // Shows the item on its page: opens the endpoint, selects the session, key, environment or entry.
    void goTo(PaletteItems::Kind kind, const QString &target);

protected:
    // Holds the window's close while renewals are on the wire (see closeWhenRenewalsLand).
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void closeWhenRenewalsLand();
    void syncSessions();
    void showKept();
    void startSandbox();
    void updateSandboxEnvironment();
    void refreshEnvironments();
    void replay(const QString &endpointId, const QString &environment, const QMap<QString, QString> &values);
    void showStatus(const QString &message);
    void useVault(Vault *vault);
    Vault *vault() const;
    void vaultLocked();
    void refreshStoredKeys();
    void addSandboxKeysToVault();
    void setupSessions();
    void wireMenus();
    void enablePageActions(QWidget *page);
    void terminateInSandbox(const QUuid &id);
    void showAttention(int count);
    void notify(const QString &title, const QString &text);
    void keepSessions(Vault *vault);

    void wireSpecs();

    MainWindow &m_window;
    std::function<bool(const QUrl &)> m_openUrl;
    Options m_options;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<Config> m_config;
    ApiPage *m_apiPage = nullptr;
    HistoryPage *m_historyPage = nullptr;
    EnvironmentsPage *m_environmentsPage = nullptr;
    SandboxPage *m_sandboxPage = nullptr;
    KeyManagerPage *m_keyPage = nullptr;
    SessionsPage *m_sessionsPage = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    CommandPalette *m_palette = nullptr;
    ThemeManager *m_theme = nullptr;
    int m_apiIndex = -1;
    bool m_waitingToClose = false;
    qint64 m_watcherPid = 0; // a `sessions watch --auto-renew` on the same vault, 0 when none
    QTimer *m_sessionSync = nullptr;
    bool m_closeNow = false;
};

} // namespace td
