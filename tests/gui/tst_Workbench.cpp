// SPDX-License-Identifier: GPL-3.0-or-later
// The application as main() builds it: embedded sandbox, Sandbox environment selected, calls
// recorded in history, history replayed into the API forms.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/history/HistoryPage.h"
#include "gui/inspector/TokenInspectorPage.h"
#include "gui/keys/KeyManagerPage.h"
#include "gui/sandbox/SandboxPage.h"
#include "gui/sessions/SessionsPage.h"

#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxFault.h"
#include "core/sandbox/SandboxHost.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionPersistence.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QLockFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_Workbench : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Workbench::Options options() const
    {
        return test::scratchOptions(m_dir.path(), true, true);
    }

    // A new vault at a test's cost (scrypt N = 2^10): the Keys page's own creation path.
    static bool createFastVault(Workbench &workbench, const char *passphrase)
    {
        workbench.keyManagerPage()->setScryptParams({10, 8, 1});
        return workbench.keyManagerPage()->createVault(SecureBytes(QByteArrayView(passphrase)));
    }

    // Clicks Send on the APIs page once it can be, and waits until history holds `entries` entries.
    static bool sendAndWaitForHistory(Workbench &workbench, QSignalSpy &appended, int entries)
    {
        auto *send = workbench.apiPage()->findChild<QPushButton *>(QStringLiteral("sendButton"));
        if (!send || !QTest::qWaitFor([send] { return send->isEnabled(); }, 5000))
            return false;
        QTest::mouseClick(send, Qt::LeftButton);
        return QTest::qWaitFor([&appended, entries] { return appended.size() == entries; }, 10000);
    }

private Q_SLOTS:
    void opensOnTheApiPageWithTheSandboxSelected()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(workbench.sandbox().isRunning());
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
        QVERIFY(stack);
        QCOMPARE(stack->currentWidget(), workbench.apiPage());
        QCOMPARE(workbench.apiPage()->currentEnvironment().name, QStringLiteral("Sandbox"));
        QCOMPARE(workbench.apiPage()->currentEnvironment().baseUrl, workbench.sandbox().url().toString());
        QCOMPARE(window.pageCount(), 7); // inspector, APIs, sessions, keys, history, environments, sandbox
    }

    // Every page, wired as in the app, fits a 1024 × 700 screen (the window was 1263 pixels at
    // least: the key manager's and the sessions page's tool rows, the API page's minimums).
    void fitsASmallScreen()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.fitInto(QSize(1024, 700));
        QString widest; // names the page that does not fit
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
        for (int i = 0; i < stack->count(); ++i)
            widest += QStringLiteral(" %1 %2").arg(stack->widget(i)->objectName()).arg(stack->widget(i)->minimumSizeHint().width());
        QVERIFY2(window.width() <= 1024 && window.height() <= 700,
                 qPrintable(QStringLiteral("%1 x %2:%3").arg(window.width()).arg(window.height()).arg(widest)));
        QVERIFY(window.minimumSizeHint().width() <= 1024);
    }

    void aCallIsRecordedAndReplayed()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token")));
        QSignalSpy appended(&workbench.history(), &HistoryStore::appended);
        QVERIFY(sendAndWaitForHistory(workbench, appended, 1));
        auto *outcome = workbench.apiPage()->findChild<QLabel *>(QStringLiteral("outcomeLabel"));
        QVERIFY(outcome);
        QTRY_VERIFY_WITH_TIMEOUT(outcome->text().startsWith(QLatin1String("OK")), 5000);

        // The issued token is now a watched session.
        QCOMPARE(workbench.sessions().size(), 1);
        QCOMPARE(workbench.sessions().at(0).family, QStringLiteral("secmgmt"));
        QCOMPARE(workbench.sessions().at(0).state, SessionState::Fresh);

        QFile file(m_dir.filePath(QStringLiteral("history.jsonl")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray recorded = file.readAll();
        QVERIFY(recorded.contains("\"endpoint\":\"secmgmt.create-token\""));
        QVERIFY(recorded.contains("\"environment\":\"Sandbox\""));
        QVERIFY(!recorded.contains(workbench.sandbox().credentials().secmgmtPassword.toUtf8()));

        // Replay from the History page: back on the API page, that endpoint, the recorded user.
        window.showPage(2);
        Q_EMIT workbench.historyPage()->replayRequested(QStringLiteral("secmgmt.create-token"), QStringLiteral("Sandbox"),
                                                        {{QStringLiteral("username"), QStringLiteral("someone-else")}});
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
        QCOMPARE(stack->currentWidget(), workbench.apiPage());
        QCOMPARE(workbench.apiPage()->currentEndpointId(), QStringLiteral("secmgmt.create-token"));
        auto *username = workbench.apiPage()->findChild<QLineEdit *>(QStringLiteral("field_username"));
        QVERIFY(username);
        QCOMPARE(username->text(), QStringLiteral("someone-else"));
    }

    // The response pane shows the recorder's explanation, made with the history as evidence: a
    // refused password names the earlier success of the same username (the page's own, without
    // history, could not).
    void aFailureInThePaneHasTheHistorysEvidence()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token")));
        QSignalSpy appended(&workbench.history(), &HistoryStore::appended);
        QVERIFY(sendAndWaitForHistory(workbench, appended, 1));

        auto *password = workbench.apiPage()->findChild<QLineEdit *>(QStringLiteral("field_password"));
        QVERIFY(password);
        password->setText(QStringLiteral("not-the-Password-3"));
        QVERIFY(sendAndWaitForHistory(workbench, appended, 2));
        auto *causes = workbench.apiPage()->findChild<QLabel *>(QStringLiteral("causesLabel"));
        QVERIFY(causes);
        QTRY_VERIFY_WITH_TIMEOUT(causes->isVisible(), 5000);
        QVERIFY2(causes->text().contains(QLatin1String("the same username worked at")) && causes->text().contains(QLatin1String("in Sandbox")),
                 qPrintable(causes->text()));
        QVERIFY(!causes->text().contains(QLatin1String("not-the-Password-3")));
    }

    // The vault feeds the API forms (a vault:NAME value) and the inspector (stored keys), and the
    // sandbox's keys go into it in one click.
    void vaultServesFormsAndInspector()
    {
        QTemporaryDir dir;
        Workbench::Options vaultOptions = options();
        vaultOptions.vaultFile = dir.filePath(QStringLiteral("vault.tdvault"));
        MainWindow window;
        Workbench workbench(window, vaultOptions);
        window.show();
        KeyManagerPage *keys = workbench.keyManagerPage();
        QVERIFY(createFastVault(workbench, "workbench passphrase"));
        Vault *vault = keys->vault();
        QVERIFY(vault && !vault->isLocked());
        const QString password = workbench.sandbox().credentials().secmgmtPassword;
        QVERIFY(vault->add(VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("demo login"), QStringLiteral("demo"),
                                                  SecureBytes(password.toUtf8()))).ok());

        // A form value that names the vault entry: the call succeeds without the secret typed.
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token"),
                                                  {{QStringLiteral("password"), QStringLiteral("vault:demo login")}}));
        auto *send = workbench.apiPage()->findChild<QPushButton *>(QStringLiteral("sendButton"));
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), 5000);
        QTest::mouseClick(send, Qt::LeftButton);
        auto *outcome = workbench.apiPage()->findChild<QLabel *>(QStringLiteral("outcomeLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome->text().startsWith(QLatin1String("OK")), 10000);
        QVERIFY(vault->find(QStringLiteral("demo login"))->lastUsed.isValid());

        // One click puts the sandbox's keys in the vault; the inspector then opens a BankEzy token.
        auto *addKeys = workbench.sandboxPage()->findChild<QPushButton *>(QStringLiteral("addKeysToVaultButton"));
        QVERIFY(addKeys && addKeys->isEnabled());
        QTest::mouseClick(addKeys, Qt::LeftButton);
        QVERIFY(vault->find(QStringLiteral("sandbox token key")).has_value());
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("bankezy.get-app-token")));
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), 5000);
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(outcome->text().startsWith(QLatin1String("OK")), 10000);
        const QString appToken = workbench.apiPage()->callContext(QStringLiteral("bankezy")).value(QStringLiteral("appToken"));
        QVERIFY(!appToken.isEmpty());
        TokenInspectorPage *inspector = window.tokenInspectorPage();
        inspector->findChild<QPlainTextEdit *>(QStringLiteral("tokenEdit"))->setPlainText(appToken);
        auto *action = inspector->findChild<QPushButton *>(QStringLiteral("actionButton"));
        QTRY_VERIFY_WITH_TIMEOUT(action->isEnabled(), 5000);
        QTest::mouseClick(action, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(inspector->findChild<QLabel *>(QStringLiteral("summaryLabel"))
                                     ->text()
                                     .contains(QLatin1String("decrypted with vault: sandbox token key")),
                                 10000);

        // Locked: the inspector forgets the stored keys.
        keys->lockNow();
        QCOMPARE(inspector->keys().size(), 0);
    }

    // A session issued in an environment whose secrets are vault references renews through the
    // vault too (the renewer gets the same value source as the forms).
    void sessionOfAVaultBackedEnvironmentRenews()
    {
        QTemporaryDir dir;
        Workbench::Options vaultOptions = options();
        vaultOptions.vaultFile = dir.filePath(QStringLiteral("vault.tdvault"));
        MainWindow window;
        Workbench workbench(window, vaultOptions);
        window.show();
        QVERIFY(createFastVault(workbench, "pw"));
        const SandboxCredentials credentials = workbench.sandbox().credentials();
        QVERIFY(workbench.keyManagerPage()->vault()->add(VaultEntry::credential(
            VaultEntry::Kind::AppKey, QStringLiteral("enos app"), credentials.enosAppKey,
            SecureBytes(credentials.enosAppSecret.toUtf8()))).ok());
        Environment partner;
        partner.name = QStringLiteral("Partner");
        partner.baseUrl = workbench.sandbox().url().toString();
        partner.values = {{QStringLiteral("appKey"), QStringLiteral("vault:enos app#identity")},
                          {QStringLiteral("appSecret"), QStringLiteral("vault:enos app")}};
        QVERIFY(workbench.environments().add(partner).ok());
        QVERIFY(workbench.apiPage()->selectEnvironment(QStringLiteral("Partner")));
        QVERIFY(test::issueFromForm(workbench, QStringLiteral("enos.get-token")));
        QCOMPARE(workbench.sessions().size(), 1);
        const QUuid id = workbench.sessions().at(0).id;
        QSignalSpy renewed(&workbench.scheduler(), &ExpiryScheduler::renewed);
        QVERIFY(workbench.scheduler().renewNow(id));
        QTRY_COMPARE_WITH_TIMEOUT(renewed.size(), 1, 10000);
        const Session *session = workbench.sessions().find(id);
        QVERIFY(session);
        QCOMPARE(session->renewals.size(), 1);
        QVERIFY2(session->renewals.constFirst().ok, qPrintable(session->renewals.constFirst().message));
        QCOMPARE(session->state, SessionState::Fresh);
        // The renewal is in history like the send that issued the token, marked as a renewal.
        const Result<HistoryStore::Loaded> loaded = workbench.history().load();
        QVERIFY(loaded.ok());
        const QList<HistoryEntry> entries = loaded.value().entries;
        QVERIFY(entries.size() >= 2); // the history file is shared by this class's tests
        const HistoryEntry &renewal = entries.at(entries.size() - 1);
        const HistoryEntry &send = entries.at(entries.size() - 2);
        QCOMPARE(renewal.origin, HistoryOrigin::Renewal);
        QCOMPARE(renewal.sessionId, id.toString(QUuid::WithoutBraces));
        QCOMPARE(renewal.endpoint, QStringLiteral("enos.refresh-token"));
        QCOMPARE(send.origin, HistoryOrigin::Manual);
        QCOMPARE(send.endpoint, QStringLiteral("enos.get-token"));
        QCOMPARE(send.sessionId, renewal.sessionId);
    }

    // Sessions live with the vault: one issued before the vault exists is saved once it is
    // created, and after a restart (a new Workbench, the vault unlocked) it is back, while one that
    // expired meanwhile comes back Expired and is not renewed even with auto-renew on.
    void sessionsSurviveARestartWithTheVault()
    {
        QTemporaryDir dir;
        Workbench::Options restartOptions = options();
        restartOptions.vaultFile = dir.filePath(QStringLiteral("vault.tdvault"));
        restartOptions.sandboxConfig.secmgmtLifetimeSeconds = 2; // expires while "closed"
        QUuid secmgmt;
        QString token;
        qint64 expiresAt = 0;
        {
            MainWindow window;
            Workbench workbench(window, restartOptions);
            window.show();
            QVERIFY(workbench.sessionsPage()->keptStatus().contains(QLatin1String("gone when TokenDesk closes")));
            QVERIFY(test::issueFromForm(workbench, QStringLiteral("secmgmt.create-token")));
            QCOMPARE(workbench.sessions().size(), 1);
            secmgmt = workbench.sessions().at(0).id;
            token = workbench.sessions().at(0).token;
            expiresAt = workbench.sessions().at(0).expiresAtMs;
            QVERIFY(createFastVault(workbench, "restart passphrase"));
            QVERIFY(workbench.sessionsPage()->keptStatus().startsWith(QLatin1String("Kept with the vault")));
            QVERIFY(QFile::exists(restartOptions.vaultFile + QStringLiteral(".sessions")));
            QVERIFY(!workbench.sessionFile().hasUnsavedChanges());
        }
        QFile file(restartOptions.vaultFile + QStringLiteral(".sessions"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(token.toUtf8()));

        MainWindow window;
        Workbench workbench(window, restartOptions);
        // The restarted app's clock is past the token's expiry: it expired while "closed".
        const qint64 later = expiresAt + 1000;
        workbench.sessions().setClock([later] { return later; });
        workbench.scheduler().setClock([later] { return later; });
        workbench.scheduler().setDefaultAutoRenew(true);
        QCOMPARE(workbench.sessions().size(), 0); // locked: nothing to show yet
        QVERIFY(workbench.keyManagerPage()->unlock(SecureBytes(QByteArrayView("restart passphrase"))));
        QCOMPARE(workbench.sessions().size(), 1);
        const Session *restored = workbench.sessions().find(secmgmt);
        QVERIFY(restored);
        QCOMPARE(restored->token, token);
        QCOMPARE(restored->state, SessionState::Expired);
        // The built-in Sandbox moved to this run's port.
        QCOMPARE(restored->environment.baseUrl, workbench.sandbox().url().toString());
        // A renewal would start inside tick() (the session turns Renewing before it returns).
        workbench.scheduler().tick();
        QCOMPARE(workbench.sessions().find(secmgmt)->state, SessionState::Expired);
        QCOMPARE(workbench.sessions().find(secmgmt)->renewals.size(), 0);
    }

    // An environment's auto-renew box reaches the scheduler for the sessions issued there.
    void environmentAutoRenewReachesTheScheduler()
    {
        MainWindow window;
        Workbench workbench(window, options());
        Environment staging;
        staging.name = QStringLiteral("Auto staging");
        staging.baseUrl = QStringLiteral("https://staging.example.com");
        staging.autoRenew = true;
        QVERIFY(workbench.environments().add(staging).ok());
        Session session;
        session.id = QUuid::createUuid();
        session.family = QStringLiteral("enos");
        session.endpointId = QStringLiteral("enos.get-token");
        session.environment.name = staging.name; // a snapshot without the flag
        QVERIFY(workbench.scheduler().autoRenewFor(session));
        staging.autoRenew = false;
        QVERIFY(workbench.environments().update(staging.name, staging).ok());
        QVERIFY(!workbench.scheduler().autoRenewFor(session));
    }

    // Closing while a refresh is on the wire waits for its answer: the single-use refresh token
    // may already be spent on the server, and the new pair must be kept.
    void closingWaitsForRenewalsOnTheWire()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(test::issueFromForm(workbench, QStringLiteral("secmgmt.create-token")));
        const QUuid id = workbench.sessions().at(0).id;
        SandboxFault slow;
        slow.endpoint = QStringLiteral("secmgmt.refresh-token");
        slow.kind = SandboxFault::Kind::LatencyMs;
        slow.value = QStringLiteral("1500");
        workbench.sandbox().addFault(slow);
        QVERIFY(workbench.scheduler().renewNow(id));
        QVERIFY(!window.close()); // held
        QVERIFY(window.isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 8000);
        const Session *renewed = workbench.sessions().find(id);
        QCOMPARE(renewed->renewals.size(), 1);
        QVERIFY(renewed->renewals.constFirst().ok);
    }

    // Sessions other processes keep (tokendesk-cli call, flow) appear in the running app, and a
    // `sessions watch --auto-renew` on the same vault pauses the app's own auto-renew.
    void otherProcessesSessionsAndWatcherAreSeen()
    {
        QTemporaryDir dir;
        Workbench::Options sharedOptions = options();
        sharedOptions.vaultFile = dir.filePath(QStringLiteral("vault.tdvault"));
        MainWindow window;
        Workbench workbench(window, sharedOptions);
        QVERIFY(createFastVault(workbench, "shared"));
        Vault *vault = workbench.keyManagerPage()->vault();
        auto key = vault->sessionsKey();
        QVERIFY(key.ok());

        SessionStore cliStore; // what a `tokendesk-cli call` process does
        SessionPersistence cliFile(cliStore);
        QVERIFY(cliFile.attach(vault->sessionsPath(), key.value()).ok());
        Session issued;
        issued.family = QStringLiteral("enos");
        issued.endpointId = QStringLiteral("enos.get-token");
        issued.environment.name = QStringLiteral("Staging");
        issued.token = QStringLiteral("token-from-the-cli");
        issued.issuedAtMs = QDateTime::currentMSecsSinceEpoch();
        issued.expiresAtMs = issued.issuedAtMs + 3600 * 1000;
        const QUuid id = cliStore.add(issued);
        QVERIFY(cliFile.save().ok());
        QTRY_VERIFY_WITH_TIMEOUT(workbench.sessions().find(id) != nullptr, 6000);
        QCOMPARE(workbench.sessions().find(id)->token, QStringLiteral("token-from-the-cli"));

        QVERIFY(workbench.scheduler().isAutoRenewEnabled());
        QLockFile watcher(SessionPersistence::watcherLockPath(vault->sessionsPath()));
        QVERIFY(watcher.tryLock(0));
        QTRY_VERIFY_WITH_TIMEOUT(!workbench.scheduler().isAutoRenewEnabled(), 6000);
        QVERIFY2(workbench.sessionsPage()->keptStatus().contains(QString::number(QCoreApplication::applicationPid())),
                 qPrintable(workbench.sessionsPage()->keptStatus()));
        watcher.unlock();
        QTRY_VERIFY_WITH_TIMEOUT(workbench.scheduler().isAutoRenewEnabled(), 6000);
        QVERIFY(!workbench.sessionsPage()->keptStatus().contains(QLatin1String("paused")));
    }

    void noticeLeadTimeIsASetting()
    {
        QTemporaryDir dir;
        Workbench::Options settingsOptions = options();
        settingsOptions.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
        {
            MainWindow window;
            Workbench workbench(window, settingsOptions);
            QCOMPARE(workbench.scheduler().noticeLeadMs(), 5 * 60 * 1000);
            auto *spin = workbench.sessionsPage()->findChild<QSpinBox *>(QStringLiteral("noticeSpin"));
            QVERIFY(spin);
            spin->setValue(12);
            QCOMPARE(workbench.scheduler().noticeLeadMs(), 12 * 60 * 1000);
        }
        MainWindow window;
        Workbench workbench(window, settingsOptions);
        QCOMPARE(workbench.sessionsPage()->noticeLeadMinutes(), 12);
        QCOMPARE(workbench.scheduler().noticeLeadMs(), 12 * 60 * 1000);
    }

    // Applied on the Sandbox page: the running sandbox and the Sandbox environment take them at
    // once (same URL, the new KDF), and the next run starts with them.
    void sandboxSettingsAreAppliedAndKeptBetweenRuns()
    {
        QTemporaryDir dir;
        Workbench::Options settingsOptions = options();
        settingsOptions.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
        const QString sandboxName = QString::fromLatin1(Environment::kSandboxName);
        {
            MainWindow window;
            Workbench workbench(window, settingsOptions);
            const QString before = workbench.environments().find(sandboxName)->baseUrl;
            auto *kdf = workbench.sandboxPage()->findChild<QComboBox *>(QStringLiteral("kdfCombo"));
            auto *lifetime = workbench.sandboxPage()->findChild<QSpinBox *>(QStringLiteral("bankezyLifetimeSpin"));
            QVERIFY(kdf && lifetime);
            kdf->setCurrentIndex(kdf->findData(QStringLiteral("concat")));
            lifetime->setValue(300);
            QVERIFY(workbench.sandboxPage()->applySettings());
            QCOMPARE(workbench.sandbox().config().bankezyLifetimeSeconds, 300);
            QCOMPARE(workbench.environments().find(sandboxName)->kdf, KdfMode::Concat);
            QCOMPARE(workbench.environments().find(sandboxName)->baseUrl, before);
            QVERIFY(test::issueFromForm(workbench, QStringLiteral("bankezy.get-app-token"))); // the KDFs agree
        }
        MainWindow window;
        Workbench workbench(window, settingsOptions);
        QVERIFY(workbench.sandbox().isRunning());
        QCOMPARE(workbench.sandbox().config().bankezyLifetimeSeconds, 300);
        QCOMPARE(workbench.sandbox().config().kdf, KdfMode::Concat);
        QCOMPARE(workbench.environments().find(sandboxName)->kdf, KdfMode::Concat);
    }

    void savedEnvironmentsAppearInTheApiPage()
    {
        MainWindow window;
        Workbench workbench(window, options());
        Environment staging;
        staging.name = QStringLiteral("Staging");
        staging.baseUrl = QStringLiteral("https://staging.example.com");
        QVERIFY(workbench.environments().add(staging).ok());
        QVERIFY(workbench.apiPage()->selectEnvironment(QStringLiteral("Staging")));
        QCOMPARE(workbench.apiPage()->currentEnvironment().baseUrl, QStringLiteral("https://staging.example.com"));
        // The Sandbox stays first and is never written to the file.
        QCOMPARE(workbench.apiPage()->environments().constFirst().name, QStringLiteral("Sandbox"));
        QFile file(m_dir.filePath(QStringLiteral("environments.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains("Staging"));
        QVERIFY(!saved.contains("\"Sandbox\""));
    }
};

QTEST_MAIN(tst_Workbench)
#include "tst_Workbench.moc"
