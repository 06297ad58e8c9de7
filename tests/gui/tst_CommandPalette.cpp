// SPDX-License-Identifier: GPL-3.0-or-later
// Ctrl+K as main() builds the window: typing part of a name and Enter opens the item on its
// page; vault entries are listed by name only and only while the vault is open.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/inspector/TokenInspectorPage.h"
#include "gui/keys/KeyManagerPage.h"
#include "gui/environments/EnvironmentsPage.h"
#include "gui/history/HistoryModel.h"
#include "gui/history/HistoryPage.h"
#include "gui/sessions/SessionsPage.h"
#include "gui/palette/CommandPalette.h"

#include "core/net/HistoryEntry.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/Workspace.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace td;

namespace {

const QByteArray kSecretValue = "pa1ette-s3cret-VALUE-9f3b";

} // namespace

class tst_CommandPalette : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Workbench::Options options(bool sandbox = false) const
    {
        return test::scratchOptions(m_dir.path(), sandbox);
    }

    // Ctrl+K, the query, then Down until the row of `kind` is current, and Enter.
    static bool jump(MainWindow &window, Workbench &workbench, const QString &query, PaletteItems::Kind kind)
    {
        QLineEdit *filter = openAndType(window, workbench, query);
        if (!filter)
            return false;
        const QList<PaletteItems::Item> shown = workbench.commandPalette()->shown();
        for (int i = 0; i < shown.size(); ++i) {
            if (shown.at(i).kind == kind) {
                for (int down = 0; down < i; ++down)
                    QTest::keyClick(filter, Qt::Key_Down);
                QTest::keyClick(filter, Qt::Key_Return);
                return !workbench.commandPalette()->isVisible();
            }
        }
        QTest::keyClick(filter, Qt::Key_Escape);
        return false;
    }

    static bool showActive(MainWindow &window)
    {
        window.resize(1024, 640);
        window.show();
        QApplication::setActiveWindow(&window);
        return QTest::qWaitForWindowActive(&window);
    }

    // Ctrl+K, then the query typed into the palette's filter.
    static QLineEdit *openAndType(MainWindow &window, Workbench &workbench, const QString &query)
    {
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        CommandPalette *palette = workbench.commandPalette();
        if (!QTest::qWaitFor([palette] { return palette->isVisible(); }, 5000))
            return nullptr;
        auto *filter = palette->findChild<QLineEdit *>(QStringLiteral("paletteFilter"));
        if (!QTest::qWaitFor([filter] { return filter->hasFocus(); }, 5000))
            return nullptr;
        QTest::keyClicks(filter, query);
        return filter;
    }

    static QStringList listed(const CommandPalette &palette)
    {
        QStringList rows;
        auto *list = palette.findChild<QTreeWidget *>(QStringLiteral("paletteList"));
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            rows.append(list->topLevelItem(i)->text(0) + QLatin1Char(' ') + list->topLevelItem(i)->text(1));
        return rows;
    }

    // Created and opened as on the Keys page, with one credential whose value must never show.
    static void openVaultWithSecret(Workbench &workbench)
    {
        workbench.keyManagerPage()->setScryptParams({10, 8, 1});
        QVERIFY(workbench.keyManagerPage()->createVault(SecureBytes(QByteArrayView("correct horse"))));
        Vault *vault = workbench.workspace().vault().get();
        QVERIFY(vault && !vault->isLocked());
        QVERIFY(vault->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("Staging partner key"),
                                                  QStringLiteral("alice"), SecureBytes(kSecretValue))));
    }

private Q_SLOTS:
    void init()
    {
        QFile::remove(m_dir.filePath(QStringLiteral("vault.tdvault")));
    }

    void ctrlKTypeEnterOpensTheEndpoint()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        window.showPage(0); // the inspector: the jump has to change page too
        QCOMPARE(window.goToAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+K")));

        QVERIFY(openAndType(window, workbench, QStringLiteral("get user tok")));
        QVERIFY(!workbench.commandPalette()->shown().isEmpty());
        QCOMPARE(workbench.commandPalette()->shown().first().target, QStringLiteral("bankezy.get-user-token"));
        QTest::keyClick(workbench.commandPalette()->findChild<QLineEdit *>(QStringLiteral("paletteFilter")), Qt::Key_Return);

        QVERIFY(!workbench.commandPalette()->isVisible());
        QCOMPARE(window.currentPage(), workbench.apiPage());
        QCOMPARE(workbench.apiPage()->currentEndpointId(), QStringLiteral("bankezy.get-user-token"));
    }

    // Down moves to the second match; Escape closes and jumps nowhere.
    void downPicksTheNextAndEscapeCloses()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        window.showPage(0);
        QLineEdit *filter = openAndType(window, workbench, QStringLiteral("token"));
        QVERIFY(filter);
        QVERIFY(workbench.commandPalette()->shown().size() >= 2);
        const QString second = workbench.commandPalette()->shown().at(1).target;
        QTest::keyClick(filter, Qt::Key_Escape);
        QTRY_VERIFY(!workbench.commandPalette()->isVisible());
        QCOMPARE(window.currentPage(), window.tokenInspectorPage());

        filter = openAndType(window, workbench, QStringLiteral("token"));
        QVERIFY(filter);
        QTest::keyClick(filter, Qt::Key_Down);
        QTest::keyClick(filter, Qt::Key_Enter);
        QCOMPARE(window.currentPage(), workbench.apiPage());
        QCOMPARE(workbench.apiPage()->currentEndpointId(), second);
    }

    // A real call to the embedded sandbox makes a session and a history entry: each is found by
    // what issued it and selected on its page, even behind a filter that hides it.
    void sessionHistoryEntryAndEnvironmentAreSelected()
    {
        QFile::remove(m_dir.filePath(QStringLiteral("history.jsonl")));
        MainWindow window;
        Workbench workbench(window, options(true));
        QVERIFY(showActive(window));
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token")));
        auto *send = workbench.apiPage()->findChild<QPushButton *>(QStringLiteral("sendButton"));
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), 5000);
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(workbench.sessions().size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(workbench.historyPage()->model()->rowCount(), 1, 5000);
        window.showPage(0);

        workbench.sessionsPage()->findChild<QLineEdit *>(QStringLiteral("filterEdit"))->setText(QStringLiteral("nothing like it"));
        QVERIFY(jump(window, workbench, QStringLiteral("create token"), PaletteItems::Kind::Session));
        QCOMPARE(window.currentPage(), workbench.sessionsPage());
        QCOMPARE(workbench.sessionsPage()->currentSessionId(), workbench.sessions().at(0).id);

        QVERIFY(jump(window, workbench, QStringLiteral("create token"), PaletteItems::Kind::History));
        QCOMPARE(window.currentPage(), workbench.historyPage());
        QVERIFY(workbench.historyPage()->currentEntry());
        QCOMPARE(workbench.historyPage()->currentEntry()->endpoint, QStringLiteral("secmgmt.create-token"));

        QVERIFY(jump(window, workbench, QStringLiteral("sandbox"), PaletteItems::Kind::Environment));
        QCOMPARE(window.currentPage(), workbench.environmentsPage());
        QCOMPARE(workbench.environmentsPage()->currentName(), QStringLiteral("Sandbox"));
        // The session's token is in no item.
        for (const PaletteItems::Item &item : workbench.paletteItems())
            QVERIFY(!item.text.contains(workbench.sessions().at(0).token));
    }

    void aKeyIsFoundByNameAndItsValueNeverListed()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        // Locked (no vault): no key listed.
        for (const PaletteItems::Item &item : workbench.paletteItems())
            QVERIFY(item.kind != PaletteItems::Kind::Key);

        openVaultWithSecret(workbench);
        QVERIFY(openAndType(window, workbench, QStringLiteral("partner")));
        const QStringList rows = listed(*workbench.commandPalette());
        QVERIFY2(rows.size() == 1 && rows.first().contains(QLatin1String("Staging partner key")), qPrintable(rows.join(u'|')));
        QVERIFY(rows.first().startsWith(PaletteItems::kindText(PaletteItems::Kind::Key)));
        QTest::keyClick(workbench.commandPalette()->findChild<QLineEdit *>(QStringLiteral("paletteFilter")), Qt::Key_Return);
        QCOMPARE(window.currentPage(), workbench.keyManagerPage());
        QCOMPARE(workbench.keyManagerPage()->currentName(), QStringLiteral("Staging partner key"));

        // The value is in no item, whatever is typed: not as text, not as a target.
        for (const PaletteItems::Item &item : workbench.paletteItems()) {
            QVERIFY(!item.text.contains(QString::fromLatin1(kSecretValue)));
            QVERIFY(!item.target.contains(QString::fromLatin1(kSecretValue)));
        }
        QVERIFY(openAndType(window, workbench, QString::fromLatin1(kSecretValue)));
        QVERIFY(workbench.commandPalette()->shown().isEmpty());
        QVERIFY(listed(*workbench.commandPalette()).isEmpty());
    }
};

QTEST_MAIN(tst_CommandPalette)
#include "tst_CommandPalette.moc"
