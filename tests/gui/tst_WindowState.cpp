// SPDX-License-Identifier: GPL-3.0-or-later
// The window comes back as it was left: page, splitter positions, geometry; a geometry kept on a
// larger screen opens inside this one. Runs on an offscreen screen of 1280 × 800.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/WindowState.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/history/HistoryPage.h"
#include "gui/sandbox/SandboxPage.h"

#include "core/Config.h"

#include <QApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_WindowState : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("settings.ini")); }

    Workbench::Options options() const
    {
        return test::scratchOptions(m_dir.path(), false, true); // settings in settingsFile()
    }

    static QSplitter *historySplitter(Workbench &workbench)
    {
        return workbench.historyPage()->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    }

private Q_SLOTS:
    void init() { QFile::remove(settingsFile()); }

    void fitted_data()
    {
        QTest::addColumn<QRect>("wanted");
        QTest::addColumn<QRect>("expected");
        const QRect available(0, 24, 1024, 616);
        QTest::newRow("fits") << QRect(10, 40, 800, 500) << QRect(10, 40, 800, 500);
        QTest::newRow("too large") << QRect(0, 0, 2560, 1400) << available;
        QTest::newRow("off to the right") << QRect(3000, 100, 800, 500) << QRect(224, 100, 800, 500);
        QTest::newRow("above and left") << QRect(-500, -300, 800, 500) << QRect(0, 24, 800, 500);
        QTest::newRow("too wide, too low") << QRect(100, 600, 1900, 300) << QRect(0, 340, 1024, 300);
    }

    void fitted()
    {
        QFETCH(QRect, wanted);
        QFETCH(QRect, expected);
        QCOMPARE(WindowState::fitted(wanted, QRect(0, 24, 1024, 616)), expected);
    }

    void pageSplitterAndGeometryComeBack()
    {
        QList<int> sizes;
        QRect geometry;
        {
            MainWindow window;
            Workbench workbench(window, options());
            window.setGeometry(40, 30, 980, 600);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.showPage(window.pageIndexOf(workbench.historyPage()));
            QSplitter *splitter = historySplitter(workbench);
            QVERIFY(splitter && splitter->isVisible());
            const int total = splitter->sizes().value(0) + splitter->sizes().value(1);
            splitter->setSizes({total / 4, total - total / 4});
            sizes = splitter->sizes();
            geometry = window.geometry();
        }
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), workbench.historyPage());
        QCOMPARE(window.geometry(), geometry);
        QCOMPARE(historySplitter(workbench)->sizes(), sizes);
        // The page has a key of its own: the API page's mainSplitter was not given the History one's.
        QCOMPARE(WindowState::splitterKey(historySplitter(workbench), &window), QStringLiteral("HistoryPage/mainSplitter"));
    }

    // Kept on a 2560 × 1440 screen, far to the right: opened inside this 1280 × 800 one.
    void aGeometryLargerThanTheScreenOpensInsideIt()
    {
        {
            MainWindow big;
            big.setGeometry(1800, 900, 2400, 1400);
            Config config(settingsFile());
            config.setValue(Config::Key::WindowGeometry, big.saveGeometry());
        }
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect available = window.screen()->availableGeometry();
        QCOMPARE(available.size(), QSize(1280, 800));
        QTRY_VERIFY(available.contains(window.frameGeometry()));
        const QRect shown = window.frameGeometry();
        QVERIFY2(available.contains(shown),
                 qPrintable(QStringLiteral("%1,%2 %3x%4").arg(shown.x()).arg(shown.y()).arg(shown.width()).arg(shown.height())));
        QVERIFY(shown.width() > 1000); // fitted, not thrown back to a default size
    }

    // No page makes the window wider than a 1024-pixel screen when it is shown (the Environments
    // page's two groups made it 1325, the Sandbox page 1026 × 677), nor taller than 640. Every
    // page is shown first: a page's minimum is known only once it is polished, and the window's
    // is the largest of them all (measured before, the Environments page passed at 822 and then
    // held the window at 1026).
    void noPageGrowsTheWindowPastASmallScreen()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
        QStringList tooLarge;
        for (int pass = 0; pass < 2; ++pass) {
            for (int i = 0; i < window.pageCount(); ++i) {
                window.showPage(i);
                QCoreApplication::processEvents();
                if (pass == 0)
                    continue;
                QWidget *page = window.currentPage();
                const QSize minimum = window.minimumSizeHint();
                // Each page with the window's navigation, menu and status bars around it.
                const int chromeWidth = minimum.width() - stack->minimumSizeHint().width();
                const int chromeHeight = minimum.height() - stack->minimumSizeHint().height();
                const QSize own = page->minimumSizeHint() + QSize(chromeWidth, chromeHeight);
                const QString what = QStringLiteral("%1: %2 x %3 (window %4 x %5, %6)")
                                         .arg(page->objectName()).arg(own.width()).arg(own.height())
                                         .arg(minimum.width()).arg(minimum.height()).arg(QGuiApplication::platformName());
                qInfo("%s", qPrintable(what));
                if (minimum.width() > 1024 || own.width() > 1024 || own.height() > 640)
                    tooLarge.append(what);
            }
        }
        QVERIFY2(tooLarge.isEmpty(), qPrintable(tooLarge.join(QLatin1String("; "))));
    }

    // The same under a real X server with its fonts (DejaVu here, where the offscreen platform
    // measured a narrower font: the Sandbox page was cut on the right in the screenshots while
    // this test passed offscreen). xvfb-run is a declared package (scripts/packages.txt).
    void noPageGrowsTheWindowUnderX()
    {
        if (qEnvironmentVariableIsSet("TD_WINDOWSTATE_X"))
            QSKIP("this is the run under X");
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
        QVERIFY2(!xvfb.isEmpty(), "xvfb-run is missing: apt-get install xvfb xauth (scripts/packages.txt)");
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TD_WINDOWSTATE_X"), QStringLiteral("1"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(xvfb, {QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-screen 0 1280x800x24"),
                           QCoreApplication::applicationFilePath(), QStringLiteral("noPageGrowsTheWindowPastASmallScreen")});
        QVERIFY2(child.waitForFinished(120000), "the run under Xvfb did not finish");
        const QByteArray output = child.readAll();
        const bool passed = child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0;
        // QTest cuts a message at about 1000 characters, which hid the child's FAIL line (or a
        // sanitizer's report) behind its page measurements: the whole output goes to the log.
        if (!passed || !output.contains(", xcb)"))
            for (const QByteArray &line : output.split('\n'))
                qInfo("child: %s", line.constData());
        QVERIFY2(output.contains(", xcb)"), "the child did not run on the xcb platform: its output is above");
        QVERIFY2(passed, qPrintable(QStringLiteral("the child ended with %1 (exit code %2): its output is above")
                                        .arg(child.exitStatus() == QProcess::NormalExit ? QStringLiteral("an exit")
                                                                                        : QStringLiteral("a crash"))
                                        .arg(child.exitCode())));
    }

    // A page index from a build with more pages, and splitter bytes that are not a state.
    void damagedSettingsAreIgnored()
    {
        {
            Config config(settingsFile());
            config.setValue(Config::Key::WindowPage, 42);
            config.setValue(Config::Key::SplitterStates,
                            QVariantMap{{QStringLiteral("HistoryPage/mainSplitter"), QByteArray("not a state")}});
            config.setValue(Config::Key::WindowGeometry, QByteArray("nor a geometry"));
        }
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), static_cast<QWidget *>(workbench.apiPage()));
        QVERIFY(historySplitter(workbench)->sizes().size() == 2);
    }
};

// The offscreen platform's screen is 800 × 600 unless told otherwise, less than the window's
// minimum: a screen it fits, so what is tested is the fitting, not the minimum.
int main(int argc, char *argv[])
{
    QTemporaryDir screenDir;
    const QString config = screenDir.filePath(QStringLiteral("screen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(R"({"screens": [{"name": "small", "x": 0, "y": 0, "width": 1280, "height": 800,
                         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})")
               < 0)
        return 2;
    file.close();
    if (qEnvironmentVariableIsSet("TD_WINDOWSTATE_X"))
        qputenv("QT_QPA_PLATFORM", "xcb"); // noPageGrowsTheWindowUnderX's child, on Xvfb
    else
        qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.toLocal8Bit());
    QApplication app(argc, argv);
    tst_WindowState test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_WindowState.moc"
