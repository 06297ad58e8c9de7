// SPDX-License-Identifier: GPL-3.0-or-later
// The keyboard, as main() builds the window: Ctrl+Enter sends a real call to the embedded
// sandbox, Ctrl+1…7 switch pages, Ctrl+F focuses the page's filter, Ctrl+Shift+C copies curl.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/history/HistoryModel.h"
#include "gui/history/HistoryPage.h"
#include "gui/sessions/SessionsPage.h"

#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxHost.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_Shortcuts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Workbench::Options options() const
    {
        return test::scratchOptions(m_dir.path(), true);
    }

    // Shortcuts only reach an active window.
    static bool showActive(MainWindow &window)
    {
        window.resize(1024, 640);
        window.show();
        QApplication::setActiveWindow(&window);
        return QTest::qWaitForWindowActive(&window);
    }

    static QPushButton *sendButton(Workbench &workbench)
    {
        return workbench.apiPage()->findChild<QPushButton *>(QStringLiteral("sendButton"));
    }

    // Presses `key` + `modifiers` in the form's username field of secmgmt.create-token and
    // waits for the call to be recorded.
    static bool sendsWith(Workbench &workbench, Qt::Key key, Qt::KeyboardModifiers modifiers)
    {
        QSignalSpy appended(&workbench.history(), &HistoryStore::appended);
        auto *username = workbench.apiPage()->findChild<QLineEdit *>(QStringLiteral("field_username"));
        if (!username || !QTest::qWaitFor([&] { return sendButton(workbench)->isEnabled(); }, 5000))
            return false;
        username->setFocus();
        QTest::keyClick(username, key, modifiers);
        return workbench.apiPage()->isBusy() && appended.wait(10000);
    }

private Q_SLOTS:
    void ctrlEnterAndCtrlReturnSendOnTheApiPage()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token")));

        QVERIFY(sendsWith(workbench, Qt::Key_Return, Qt::ControlModifier));
        auto *outcome = workbench.apiPage()->findChild<QLabel *>(QStringLiteral("outcomeLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome->text().startsWith(QLatin1String("OK")), 5000);
        QCOMPARE(workbench.historyPage()->model()->rowCount(), 1);

        QVERIFY(sendsWith(workbench, Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier));
        QCOMPARE(workbench.historyPage()->model()->rowCount(), 2);
        // The menu shows it.
        QCOMPARE(window.sendAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Enter));
    }

    // On another page Ctrl+Return is not a send: the APIs page stays idle (send() starts at once).
    void ctrlReturnElsewhereSendsNothing()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token")));
        QTRY_VERIFY_WITH_TIMEOUT(sendButton(workbench)->isEnabled(), 5000);
        window.showPage(window.pageCount() - 1);
        QVERIFY(!window.sendAction()->isEnabled());
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!workbench.apiPage()->isBusy());
    }

    void ctrlDigitsSwitchPages()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(stack->currentIndex(), 2);
        QCOMPARE(window.currentPage(), workbench.sessionsPage());
        QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(stack->currentIndex(), 6);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(stack->currentIndex(), 0);
        // Ctrl+8: no eighth page, nothing moves.
        QTest::keyClick(&window, Qt::Key_8, Qt::ControlModifier);
        QCOMPARE(stack->currentIndex(), 0);
    }

    void ctrlFFocusesTheFilterWhereThereIsOne()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        window.showPage(window.pageCount() - 3); // History
        QCOMPARE(window.currentPage(), workbench.historyPage());
        auto *filter = workbench.historyPage()->findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        filter->setText(QStringLiteral("old"));
        QVERIFY(!filter->hasFocus());
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(filter->hasFocus());
        QCOMPARE(filter->selectedText(), QStringLiteral("old")); // typing replaces it

        window.showPage(2); // Sessions
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(workbench.sessionsPage()->findChild<QLineEdit *>(QStringLiteral("filterEdit"))->hasFocus());

        window.showPage(0); // the inspector has no list to filter
        QVERIFY(!window.findAction()->isEnabled());
    }

    void ctrlShiftCCopiesCurlOnTheApiAndHistoryPages()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token")));
        QVERIFY(sendsWith(workbench, Qt::Key_Return, Qt::ControlModifier));
        QTRY_VERIFY_WITH_TIMEOUT(!workbench.apiPage()->isBusy(), 5000);

        QApplication::clipboard()->clear();
        QTest::keyClick(&window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        const QString fromApi = QApplication::clipboard()->text();
        QVERIFY2(fromApi.startsWith(QLatin1String("curl ")), qPrintable(fromApi));
        QVERIFY(fromApi.contains(QLatin1String("***"))); // the password is masked
        QVERIFY(!fromApi.contains(workbench.sandbox().credentials().secmgmtPassword));

        window.showPage(window.pageCount() - 3);
        workbench.historyPage()->selectRow(0);
        QApplication::clipboard()->clear();
        QTest::keyClick(&window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("curl ")));

        window.showPage(0); // nothing to copy on the inspector
        QVERIFY(!window.copyCurlAction()->isEnabled());
    }

    // Alt+F, E, V, T, H open the menus: a label or button on a page with the same mnemonic would
    // take the key instead (Alt+E focused the APIs page's environment).
    void pageMnemonicsLeaveTheMenusAlone()
    {
        MainWindow window;
        Workbench workbench(window, options());
        const QList<QKeySequence> menus = {QKeySequence(Qt::ALT | Qt::Key_F), QKeySequence(Qt::ALT | Qt::Key_E),
                                           QKeySequence(Qt::ALT | Qt::Key_V), QKeySequence(Qt::ALT | Qt::Key_T),
                                           QKeySequence(Qt::ALT | Qt::Key_H)};
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
        QStringList taken;
        for (QWidget *widget : stack->findChildren<QWidget *>()) {
            QString text;
            if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
                text = label->text();
            else if (auto *button = qobject_cast<QAbstractButton *>(widget))
                text = button->text();
            if (menus.contains(QKeySequence::mnemonic(text)))
                taken.append(widget->objectName() + QStringLiteral(": ") + text);
        }
        QVERIFY2(taken.isEmpty(), qPrintable(taken.join(QStringLiteral(", "))));
    }

    // A page's message goes when the page is left.
    void statusMessagesLeaveWithTheirPage()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(showActive(window));
        Q_EMIT workbench.apiPage()->statusMessage(QStringLiteral("said on the APIs page"));
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("said on the APIs page"));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.statusBar()->currentMessage(), QString());
        // Said by a page that is not shown: not put under another page.
        Q_EMIT workbench.apiPage()->statusMessage(QStringLiteral("late answer"));
        QCOMPARE(window.statusBar()->currentMessage(), QString());
    }
};

QTEST_MAIN(tst_Shortcuts)
#include "tst_Shortcuts.moc"
