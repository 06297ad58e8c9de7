// SPDX-License-Identifier: GPL-3.0-or-later
// The window's frame: navigation, pages, menus, and the About seam.
#include "gui/MainWindow.h"
#include "gui/inspector/TokenInspectorPage.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
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
}

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
