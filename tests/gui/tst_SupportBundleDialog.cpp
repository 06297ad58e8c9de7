// SPDX-License-Identifier: GPL-3.0-or-later
// File → Export support bundle…: real calls to the embedded sandbox from the APIs page, then the
// bundle exported from the dialog (the History page's selection, the newest few, a session),
// opened with `unzip` and searched for every secret and token of the session: none is there.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/evidence/EvidenceActions.h"
#include "gui/evidence/SupportBundleDialog.h"
#include "gui/history/HistoryModel.h"
#include "gui/history/HistoryPage.h"
#include "gui/keys/KeyManagerPage.h"

#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxHost.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultEntry.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/Workspace.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

template <typename T>
T *child(const QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no widget named %s", name);
    return found;
}

// `unzip` reads the archive as a person's tools would: the listing and every file's bytes.
QByteArray unzip(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("unzip"), arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qWarning("unzip %s: %s", qPrintable(arguments.join(QLatin1Char(' '))), process.readAllStandardError().constData());
    return process.readAllStandardOutput();
}

} // namespace

class tst_SupportBundleDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Workbench::Options options() const
    {
        return test::scratchOptions(m_dir.path(), true);
    }

private Q_SLOTS:
    void aBundleHoldsNoSecretAndNoToken()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(workbench.sandbox().isRunning());
        workbench.keyManagerPage()->setScryptParams({10, 8, 1});
        QVERIFY(workbench.keyManagerPage()->createVault(SecureBytes(QByteArrayView("correct horse"))));
        Vault *vault = workbench.workspace().vault().get();
        const QByteArray vaultSecret = "vault-only-secret-7f3a";
        QVERIFY(vault->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("partner"), QString(),
                                                  SecureBytes(vaultSecret)))
                    .ok());
        QVERIFY(test::issueFromForm(workbench, QStringLiteral("enos.get-token")));
        // A partner environment of the person's own, its password kept as a plain value.
        Environment partner;
        partner.name = QStringLiteral("Partner");
        partner.baseUrl = workbench.sandbox().url().toString();
        partner.values = {{QStringLiteral("username"), workbench.sandbox().credentials().secmgmtUsername},
                          {QStringLiteral("password"), workbench.sandbox().credentials().secmgmtPassword}};
        QVERIFY(workbench.environments().add(partner).ok());
        QVERIFY(workbench.apiPage()->selectEnvironment(QStringLiteral("Partner")));
        QVERIFY(test::issueFromForm(workbench, QStringLiteral("secmgmt.create-token")));
        QTRY_COMPARE(workbench.historyPage()->model()->rowCount(), 2);

        // The History page's selection is what is checked; "Check the newest" takes both.
        workbench.historyPage()->selectRow(1);
        const QString selected = workbench.historyPage()->currentEntry()->id;
        SupportBundleDialog *dialog = workbench.findChild<EvidenceActions *>()->exportBundle();
        QCOMPARE(dialog->chosenIds(), QStringList{selected});
        QTest::mouseClick(child<QPushButton>(dialog, "checkNewestButton"), Qt::LeftButton);
        QCOMPARE(dialog->chosenIds().size(), 2);
        // Each exchange is named as the History page names it, its id in the tooltip.
        const QListWidgetItem *newest = child<QListWidget>(dialog, "historyList")->item(0);
        QVERIFY2(newest->text().contains(QStringLiteral("Security management · Create Token · Partner")), qPrintable(newest->text()));
        QCOMPARE(newest->toolTip(), QStringLiteral("secmgmt.create-token"));
        auto *session = child<QComboBox>(dialog, "sessionCombo");
        QCOMPARE(session->count(), 3); // none and the two sessions
        session->setCurrentIndex(1);
        const QString zip = m_dir.filePath(QStringLiteral("bundle.zip"));
        child<QLineEdit>(dialog, "pathEdit")->setText(zip);
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
        qInfo("bundle of 2 exchanges and a session written in %lld ms, %lld bytes", timer.elapsed(), QFileInfo(zip).size());
        QVERIFY2(QFileInfo::exists(zip), qPrintable(child<QLabel>(dialog, "messageLabel")->text()));
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("2 exchange(s)")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(QFileInfo(zip).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());

        const QByteArray listing = unzip({QStringLiteral("-l"), zip});
        for (const char *name : {"README.txt", "exchanges.jsonl", "environments.json", "keys.json", "session.json", "versions.txt"})
            QVERIFY2(listing.contains(name), listing.constData());
        const QByteArray content = unzip({QStringLiteral("-p"), zip});
        QVERIFY(content.contains("secmgmt.create-token")); // the exchanges are there...
        QVERIFY(content.contains("enos.get-token"));
        QVERIFY(content.contains("\"Partner\"")); // the environment, without its password
        // ...and none of the secrets or tokens of the session.
        QByteArrayList secrets{vaultSecret, workbench.sandbox().credentials().secmgmtPassword.toUtf8(),
                               workbench.sandbox().credentials().enosAppSecret.toUtf8()};
        for (int i = 0; i < workbench.sessions().size(); ++i) {
            secrets << workbench.sessions().at(i).token.toUtf8();
            if (!workbench.sessions().at(i).refreshToken.isEmpty())
                secrets << workbench.sessions().at(i).refreshToken.toUtf8();
        }
        QVERIFY(secrets.size() >= 3 + 2); // and the refresh tokens the sessions have
        for (const QByteArray &secret : std::as_const(secrets)) {
            QVERIFY(secret.size() >= 7);
            QVERIFY2(!content.contains(secret), secret.left(12).constData());
        }
    }

    // A path that cannot be written: said in the dialog, which stays open.
    void anUnwritablePathIsSaid()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(test::issueFromForm(workbench, QStringLiteral("secmgmt.create-token")));
        SupportBundleDialog *dialog = workbench.findChild<EvidenceActions *>()->exportBundle();
        QCOMPARE(dialog->chosenIds().size(), 1); // nothing selected: the newest
        QFile blocker(m_dir.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        child<QLineEdit>(dialog, "pathEdit")->setText(blocker.fileName() + QStringLiteral("/bundle.zip")); // under a file
        QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
        QVERIFY(!child<QLabel>(dialog, "messageLabel")->isHidden());
        QVERIFY(!child<QLabel>(dialog, "messageLabel")->text().isEmpty());
        QVERIFY(workbench.findChild<EvidenceActions *>());
        QVERIFY(window.findChild<SupportBundleDialog *>());
        // Nothing chosen at all: Export is off.
        for (int row = 0; row < child<QListWidget>(dialog, "historyList")->count(); ++row)
            child<QListWidget>(dialog, "historyList")->item(row)->setCheckState(Qt::Unchecked);
        QVERIFY(!child<QPushButton>(dialog, "exportButton")->isEnabled());
    }
};

QTEST_MAIN(tst_SupportBundleDialog)
#include "tst_SupportBundleDialog.moc"
