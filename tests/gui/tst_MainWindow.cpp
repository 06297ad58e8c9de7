// SPDX-License-Identifier: GPL-3.0-or-later
// The window's frame: navigation, pages, menus, and the About seam.
#include "gui/MainWindow.h"
#include "gui/inspector/TokenInspectorPage.h"

#include "core/BuildInfo.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QTest>

using namespace td;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsOnlyWorkingPages();
    void addPageExtendsNavigation();
    void aboutGoesThroughTheSeam();
    void menusShowEveryActionsShortcut();
};

void tst_MainWindow::showsOnlyWorkingPages()
{
    MainWindow window;
    QCOMPARE(window.windowTitle(), QStringLiteral("TokenDesk"));
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigationList"));
    auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
    QVERIFY(navigation && stack);
    QCOMPARE(navigation->count(), 1);
    QCOMPARE(navigation->item(0)->text(), QStringLiteral("Token inspector"));
    QVERIFY(!navigation->item(0)->icon().isNull());
    QCOMPARE(stack->currentWidget(), window.tokenInspectorPage());
    QVERIFY(window.findChild<QAction *>(QStringLiteral("actionQuit")));
}

void tst_MainWindow::addPageExtendsNavigation()
{
    MainWindow window;
    auto *extra = new QLabel(QStringLiteral("extra"));
    const int index = window.addPage(QIcon(), QStringLiteral("Extra"), extra);
    QCOMPARE(index, 1);
    QCOMPARE(window.pageCount(), 2);
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigationList"));
    auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
    navigation->setCurrentRow(1);
    QCOMPARE(stack->currentWidget(), extra);
    window.showPage(0);
    QCOMPARE(navigation->currentRow(), 0);
    QCOMPARE(stack->currentWidget(), window.tokenInspectorPage());
}

void tst_MainWindow::aboutGoesThroughTheSeam()
{
    MainWindow window;
    QString shownTitle;
    QString shownText;
    window.setAboutPresenter([&](QWidget *, const QString &title, const QString &text) {
        shownTitle = title;
        shownText = text;
    });
    auto *about = window.findChild<QAction *>(QStringLiteral("actionAbout"));
    QVERIFY(about);
    about->trigger();
    QCOMPARE(shownTitle, QStringLiteral("About TokenDesk"));
    QCOMPARE(shownText, MainWindow::aboutText());
    QVERIFY(shownText.contains(QStringLiteral("TokenDesk")));
    // What a bug report needs: ours, Qt's and OpenSSL's versions.
    QVERIFY(shownText.contains(BuildInfo::version()));
    QVERIFY(shownText.contains(BuildInfo::qtVersion().toHtmlEscaped()));
    QVERIFY(shownText.contains(BuildInfo::openSslVersion().toHtmlEscaped()));
}

void tst_MainWindow::menusShowEveryActionsShortcut()
{
    MainWindow window;
    window.addPage(QIcon(), QStringLiteral("Second"), new QLabel);
    QStringList titles;
    for (QAction *menuAction : window.menuBar()->actions()) {
        titles.append(menuAction->text().remove(QLatin1Char('&')));
        for (QAction *action : menuAction->menu()->actions()) {
            if (!action->isSeparator())
                QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        }
    }
    QCOMPARE(titles.join(QLatin1Char(' ')), QStringLiteral("File Edit View Tools Help"));
    // View lists the pages, Ctrl+1 for the first.
    auto *view = window.menuBar()->actions().at(2)->menu();
    QCOMPARE(view->actions().size(), 2);
    QCOMPARE(view->actions().at(1)->text(), QStringLiteral("Second"));
    QCOMPARE(view->actions().at(1)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_2));
    view->actions().at(1)->trigger();
    QCOMPARE(window.currentPage()->metaObject()->className(), "QLabel");
    QVERIFY(view->actions().at(1)->isChecked());
    // Without a Workbench the page actions have nothing to act on.
    QVERIFY(!window.sendAction()->isEnabled());
    QVERIFY(!window.copyCurlAction()->isEnabled());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
