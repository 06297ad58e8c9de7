// SPDX-License-Identifier: GPL-3.0-or-later
// User specs in the app: a user family listed beside the built-in ones under its own heading, a
// user spec that replaces a built-in one marked as such, refused files named on the APIs page, the
// folder read again when it changes (the current endpoint kept), and Tools > Open Specs Folder.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/api/EndpointForm.h"
#include "gui/environments/EnvironmentsPage.h"
#include "gui/environments/OverrideTableModel.h"
#include "gui/evidence/CurlImportDialog.h"
#include "gui/evidence/EvidenceActions.h"
#include "gui/history/HistoryPage.h"
#include "gui/sandbox/FaultTableModel.h"
#include "gui/sandbox/SandboxPage.h"
#include "gui/sessions/SessionsPage.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/SpecLibrary.h"
#include "core/evidence/CurlImport.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxHost.h"
#include "core/workspace/Workspace.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStyleOptionViewItem>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace td;

namespace {

constexpr int kReloadTimeoutMs = 5000; // bounds the wait for specsChanged (300 ms debounce)

QString globexFile(const QString &name)
{
    return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex/") + name;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// The built-in Create Token with another title and path: a partner's changed version.
QByteArray overriddenCreateToken()
{
    QFile builtIn(QStringLiteral(":/apis/secmgmt.create-token.json"));
    if (!builtIn.open(QIODevice::ReadOnly))
        return {};
    return builtIn.readAll().replace("\"Create Token\"", "\"Create Token v3\"").replace("/api/v2/auth/token\"", "/api/v3/auth/token\"");
}

QTreeWidgetItem *itemFor(QTreeWidget *tree, const QString &id)
{
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        if ((*it)->data(0, Qt::UserRole).toString() == id)
            return *it;
    }
    return nullptr;
}

QStringList headings(QTreeWidget *tree)
{
    QStringList result;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        result.append(tree->topLevelItem(i)->text(0));
    return result;
}

} // namespace

class tst_UserSpecsGui : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString folder() const { return m_dir.filePath(QStringLiteral("apis")); }

    Workbench::Options options() const
    {
        Workbench::Options options = test::scratchOptions(m_dir.path(), false);
        options.specFolders = {folder()};
        return options;
    }

    static QTreeWidget *tree(Workbench &workbench)
    {
        return workbench.apiPage()->findChild<QTreeWidget *>(QStringLiteral("endpointTree"));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QDir(folder()).removeRecursively();
        QVERIFY(QDir().mkpath(folder() + QStringLiteral("/families")));
        for (const QString &name : {QStringLiteral("globex.sign-in.json"), QStringLiteral("globex.refresh.json"),
                                    QStringLiteral("families/globex.json")})
            QVERIFY(QFile::copy(globexFile(name), QDir(folder()).filePath(name)));
    }

    void userSpecsAreListedBesideTheBuiltInOnes()
    {
        const QByteArray changed = overriddenCreateToken();
        QVERIFY(!changed.isEmpty());
        QVERIFY(writeFile(QDir(folder()).filePath(QStringLiteral("create-token-v3.json")), changed));
        const QString broken = QDir(folder()).filePath(QStringLiteral("globex.broken.json"));
        QVERIFY(writeFile(broken, R"({"id": "globex.broken", "family": "globex", "title": "B", "method": "POST",
                                     "path": "/b", "role": "issue", "fields": [{"name": "a", "in": "nowhere"}],
                                     "response": {"code": "status", "success": ["ok"], "token": "t"}})"));
        MainWindow window;
        Workbench workbench(window, options());
        QTreeWidget *endpoints = tree(workbench);
        QVERIFY(endpoints);

        // The plain family of the user's family file: its own heading, after the built-in ones.
        const QStringList families = headings(endpoints);
        QCOMPARE(families.constLast(), QStringLiteral("Globex Identity"));
        QVERIFY(families.contains(QStringLiteral("BankEzy")));
        QTreeWidgetItem *signIn = itemFor(endpoints, QStringLiteral("globex.sign-in"));
        QVERIFY(signIn);
        QCOMPARE(signIn->parent()->text(0), QStringLiteral("Globex Identity"));
        QCOMPARE(signIn->text(0), QStringLiteral("1. Sign In (user)"));
        QCOMPARE(itemFor(endpoints, QStringLiteral("globex.refresh"))->text(0), QStringLiteral("2. Refresh (user)"));
        QVERIFY(signIn->toolTip(0).contains(QStringLiteral("(user: %1)").arg(QDir::toNativeSeparators(QDir(folder()).filePath(QStringLiteral("globex.sign-in.json"))))));
        QVERIFY(!signIn->toolTip(0).contains(QLatin1String("Replaces")));

        // The replaced built-in endpoint says so; the others are as shipped.
        QTreeWidgetItem *create = itemFor(endpoints, QStringLiteral("secmgmt.create-token"));
        QVERIFY(create);
        QCOMPARE(create->text(0), QStringLiteral("1. Create Token v3 (user)"));
        QVERIFY2(create->toolTip(0).contains(QLatin1String("create-token-v3.json)")), qPrintable(create->toolTip(0)));
        QVERIFY(create->toolTip(0).contains(QLatin1String("Replaces the built-in spec")));
        QVERIFY(create->toolTip(0).contains(QLatin1String("/api/v3/auth/token")));
        QVERIFY(!itemFor(endpoints, QStringLiteral("secmgmt.refresh-token"))->text(0).contains(QLatin1String("(user)")));

        // The refused file: a warning line with the count, its file and JSON path in the details.
        auto *problems = workbench.apiPage()->findChild<QLabel *>(QStringLiteral("specProblemsLabel"));
        QVERIFY(problems);
        QVERIFY(problems->isVisibleTo(workbench.apiPage()));
        QVERIFY2(problems->text().startsWith(QLatin1String("1 spec file not loaded")), qPrintable(problems->text()));
        QVERIFY2(problems->toolTip().startsWith(broken + QStringLiteral(": $.fields[0]")), qPrintable(problems->toolTip()));
        Q_EMIT problems->linkActivated(QStringLiteral("details"));
        auto *box = workbench.apiPage()->findChild<QMessageBox *>(QStringLiteral("specProblemsBox"));
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(broken));
        box->close();

        // The palette and the Sessions page's family filter know the user family too.
        bool inPalette = false;
        for (const PaletteItems::Item &item : workbench.paletteItems())
            inPalette = inPalette || (item.target == QLatin1String("globex.refresh") && item.text == QStringLiteral("Globex Identity · Refresh"));
        QVERIFY(inPalette);
        auto *familyFilter = workbench.sessionsPage()->findChild<QComboBox *>(QStringLiteral("familyCombo"));
        QVERIFY(familyFilter);
        QVERIFY(familyFilter->findData(QStringLiteral("globex")) >= 0);
        QCOMPARE(familyFilter->itemText(familyFilter->findData(QStringLiteral("globex"))), QStringLiteral("Globex Identity"));
    }

    // The embedded sandbox serves the user family, so the Sandbox page arms faults on its
    // endpoints too, named as the APIs page names them, and lists them once armed.
    void sandboxFaultsReachUserEndpoints()
    {
        Workbench::Options started = options();
        started.startSandbox = true;
        MainWindow window;
        Workbench workbench(window, started);
        SandboxPage *page = workbench.sandboxPage();
        QVERIFY(workbench.sandbox().isRunning());
        auto *endpoint = page->findChild<QComboBox *>(QStringLiteral("faultEndpointCombo"));
        QVERIFY(endpoint);
        const int signIn = endpoint->findData(QStringLiteral("globex.sign-in"));
        QVERIFY2(signIn > 0, "the user endpoint is not offered");
        QCOMPARE(endpoint->itemText(signIn), QStringLiteral("Globex Identity · Sign In"));
        QVERIFY(endpoint->findData(QStringLiteral("enos.get-token")) > 0);
        endpoint->setCurrentIndex(signIn);
        auto *kind = page->findChild<QComboBox *>(QStringLiteral("faultKindCombo"));
        kind->setCurrentIndex(kind->findData(QStringLiteral("drop")));
        QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("addFaultButton")), Qt::LeftButton);
        QAbstractItemModel *faults = page->findChild<QTableView *>(QStringLiteral("faultTable"))->model();
        QCOMPARE(faults->rowCount(), 1);
        QCOMPARE(faults->index(0, FaultTableModel::EndpointColumn).data().toString(), QStringLiteral("Globex Identity · Sign In"));
    }

    void aChangedFolderIsReadAgainKeepingTheEndpoint()
    {
        MainWindow window;
        Workbench workbench(window, options());
        ApiPage *page = workbench.apiPage();
        QVERIFY(page->openEndpoint(QStringLiteral("globex.refresh")));
        QVERIFY(!itemFor(tree(workbench), QStringLiteral("globex.revoke")));

        // A new spec: listed, and the endpoint shown stays the one shown.
        QSignalSpy changed(&workbench.workspace(), &Workspace::specsChanged);
        const QByteArray revoke = R"({"id": "globex.revoke", "family": "globex", "title": "Revoke", "role": "revoke", "method": "POST",
                 "path": "/globex/v1/revoke", "fields": [{"name": "refreshToken", "in": "body", "label": "Refresh token",
                 "secret": true, "from": "refreshToken"}], "response": {"code": "status", "success": ["ok"]}})";
        QVERIFY(writeFile(QDir(folder()).filePath(QStringLiteral("globex.revoke.json")), revoke));
        QVERIFY(changed.wait(kReloadTimeoutMs));
        QVERIFY2(itemFor(tree(workbench), QStringLiteral("globex.revoke")), qPrintable(workbench.workspace().specs().problems().join(QLatin1Char('\n'))));
        QCOMPARE(page->currentEndpointId(), QStringLiteral("globex.refresh"));
        // The form is built from the new library's spec, not the old one's.
        QCOMPARE(&page->currentForm()->spec(), workbench.workspace().catalog().find(u"globex.refresh"));

        // The shown endpoint's file goes: another endpoint is shown, the list has no stale entry.
        changed.clear();
        QVERIFY(QFile::remove(QDir(folder()).filePath(QStringLiteral("globex.refresh.json"))));
        QVERIFY(changed.wait(kReloadTimeoutMs));
        QVERIFY(!itemFor(tree(workbench), QStringLiteral("globex.refresh")));
        QVERIFY(!page->currentEndpointId().isEmpty());
        QVERIFY(page->currentEndpointId() != QLatin1String("globex.refresh"));
        QVERIFY(workbench.workspace().catalog().find(page->currentEndpointId()));
    }

    // The pages beside the APIs page read the workspace's catalog too, and follow its reloads:
    // History replays a user endpoint without its computed fields, the Environments page offers
    // user endpoints for overrides, and File > Import curl matches a user endpoint.
    void otherPagesUseTheUserSpecs()
    {
        QFile::remove(options().historyFile);
        MainWindow window;
        Workbench workbench(window, options());
        const auto overrideChoices = [&workbench] {
            auto *table = workbench.environmentsPage()->findChild<QTableView *>(QStringLiteral("overridesTable"));
            const std::unique_ptr<QWidget> editor(table->itemDelegateForColumn(OverrideTableModel::EndpointColumn)
                                                      ->createEditor(table->viewport(), QStyleOptionViewItem(), QModelIndex()));
            auto *combo = qobject_cast<QComboBox *>(editor.get());
            QStringList items;
            for (int i = 0; combo && i < combo->count(); ++i)
                items << combo->itemText(i);
            return items;
        };
        QVERIFY(overrideChoices().contains(QStringLiteral("globex.sign-in")));
        QVERIFY(!overrideChoices().contains(QStringLiteral("initech.sign-in")));

        const QByteArray curl = "curl -X POST 'https://id.globex.example/globex/v1/token' -H 'Content-Type: application/json' "
                                "--data-raw '{\"clientId\": \"globex-client\", \"clientSecret\": \"gl0bex-s3cret\"}'";
        CurlImportDialog *dialog = workbench.findChild<EvidenceActions *>()->importCurl(QString::fromLatin1(curl));
        QVERIFY(dialog->import() && dialog->import()->endpoint);
        QCOMPARE(dialog->import()->endpoint->id, QStringLiteral("globex.sign-in"));
        dialog->reject();

        // A family added while the app runs: the pages take the new catalog.
        QSignalSpy changed(&workbench.workspace(), &Workspace::specsChanged);
        for (const char *name : {"initech.sign-in.json", "initech.refresh.json"})
            QVERIFY(QFile::copy(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/initech/") + QLatin1String(name),
                                QDir(folder()).filePath(QLatin1String(name))));
        while (!workbench.workspace().catalog().find(u"initech.refresh") && changed.wait(kReloadTimeoutMs)) {
        }
        QVERIFY(overrideChoices().contains(QStringLiteral("initech.sign-in")));

        HistoryEntry entry;
        entry.time = QDateTime::currentDateTimeUtc();
        entry.environment = QStringLiteral("Initech");
        entry.endpoint = QStringLiteral("initech.sign-in");
        entry.fields = {{QStringLiteral("clientId"), QStringLiteral("initech-client")},
                        {QStringLiteral("X-Date"), QStringLiteral("1700000000")},
                        {QStringLiteral("X-Signature"), QStringLiteral("c2lnbmF0dXJl")}};
        QVERIFY(workbench.history().append(entry).ok());
        HistoryPage *history = workbench.historyPage();
        history->selectRow(0);
        QSignalSpy replayed(history, &HistoryPage::replayRequested);
        QTest::mouseClick(history->findChild<QPushButton *>(QStringLiteral("replayButton")), Qt::LeftButton);
        QCOMPARE(replayed.count(), 1);
        QCOMPARE(replayed.at(0).at(0).toString(), QStringLiteral("initech.sign-in"));
        // The signature and its time are made afresh, as for a built-in endpoint.
        const auto values = replayed.at(0).at(2).value<QMap<QString, QString>>();
        QCOMPARE(values, (QMap<QString, QString>{{QStringLiteral("clientId"), QStringLiteral("initech-client")}}));
    }

    // A curl import dialog reads the catalog it was opened with: a reload while it is open keeps
    // that library alive (the sanitizer build sees a use after free otherwise), and the dialog
    // still matches a user endpoint after it.
    void anOpenImportDialogKeepsItsCatalogThroughAReload()
    {
        MainWindow window;
        Workbench workbench(window, options());
        CurlImportDialog *dialog = workbench.findChild<EvidenceActions *>()->importCurl(QString());
        QSignalSpy changed(&workbench.workspace(), &Workspace::specsChanged);
        QVERIFY(QFile::copy(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/initech/initech.sign-in.json"),
                            QDir(folder()).filePath(QStringLiteral("initech.sign-in.json"))));
        QVERIFY(changed.wait(kReloadTimeoutMs));
        dialog->setCommandText(QStringLiteral("curl -X POST 'https://id.globex.example/globex/v1/token' "
                                              "--data-raw '{\"clientId\": \"globex-client\"}'"));
        QVERIFY(dialog->import() && dialog->import()->endpoint);
        QCOMPARE(dialog->import()->endpoint->id, QStringLiteral("globex.sign-in"));
        dialog->reject();
    }

    void openSpecsFolderCreatesItAndWatchesIt()
    {
        QVERIFY(QDir(folder()).removeRecursively());
        MainWindow window;
        Workbench workbench(window, options());
        QList<QUrl> opened;
        workbench.setUrlOpener([&opened](const QUrl &url) {
            opened.append(url);
            return true;
        });
        QAction *action = window.findChild<QAction *>(QStringLiteral("actionOpenSpecsFolder"));
        QVERIFY(action);
        QVERIFY(!QDir(folder()).exists());
        action->trigger();
        QVERIFY(QDir(folder()).exists());
        QCOMPARE(opened, QList<QUrl>{QUrl::fromLocalFile(folder())});

        // The folder made just now is watched: a spec put there is listed.
        QSignalSpy changed(&workbench.workspace(), &Workspace::specsChanged);
        QVERIFY(QFile::copy(globexFile(QStringLiteral("globex.sign-in.json")), QDir(folder()).filePath(QStringLiteral("globex.sign-in.json"))));
        QVERIFY(changed.wait(kReloadTimeoutMs));
        QTreeWidgetItem *signIn = itemFor(tree(workbench), QStringLiteral("globex.sign-in"));
        QVERIFY(signIn);
        // No family file here: a plain family named by its id.
        QCOMPARE(signIn->parent()->text(0), QStringLiteral("globex"));
    }
};

QTEST_MAIN(tst_UserSpecsGui)
#include "tst_UserSpecsGui.moc"
