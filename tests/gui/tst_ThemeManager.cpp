// SPDX-License-Identifier: GPL-3.0-or-later
// Light and dark themes: the status colours keep WCAG 4.5:1 against the palette's base and
// window in both (and on an awkward system grey), a switch at run time recolours a status label
// that was already showing, and the choice is kept in the settings.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/StatusColors.h"
#include "gui/ThemeManager.h"
#include "gui/Workbench.h"
#include "gui/sessions/SessionsPage.h"

#include "core/Config.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace td;
using Tone = StatusColors::Tone;

namespace {

// WCAG 2.x relative luminance and contrast ratio, written out here rather than taken from the
// code under test.
double channel(int value)
{
    const double c = value / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &color)
{
    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette greyWindow()
{
    QPalette palette = ThemeManager::lightPalette();
    palette.setColor(QPalette::Window, QColor(0x80, 0x80, 0x80));
    palette.setColor(QPalette::Base, QColor(0x9a, 0x9a, 0x9a));
    return palette;
}

QString colourIn(const QString &styleSheet)
{
    const qsizetype at = styleSheet.indexOf(QLatin1Char('#'));
    return at < 0 ? QString() : styleSheet.mid(at, 7);
}

} // namespace

class tst_ThemeManager : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Workbench::Options options() const
    {
        return test::scratchOptions(m_dir.path(), false, true);
    }

private Q_SLOTS:
    void statusColoursKeepTheirContrast_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::addColumn<bool>("dark");
        QTest::addColumn<bool>("ours"); // a theme of ours: its own text is checked too
        QTest::newRow("light") << ThemeManager::lightPalette() << false << true;
        QTest::newRow("dark") << ThemeManager::darkPalette() << true << true;
        QTest::newRow("system grey 808080") << greyWindow() << false << false;
    }

    void statusColoursKeepTheirContrast()
    {
        QFETCH(QPalette, palette);
        QFETCH(bool, dark);
        QFETCH(bool, ours);
        QCOMPARE(StatusColors::isDark(palette), dark);
        for (const Tone tone : {Tone::Ok, Tone::Info, Tone::Warning, Tone::Error}) {
            const QColor colour = StatusColors::foreground(tone, palette);
            for (const QPalette::ColorRole role : {QPalette::Base, QPalette::Window}) {
                const double ratio = contrast(colour, palette.color(role));
                QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("tone %1 %2 on %3: %4")
                                                      .arg(int(tone))
                                                      .arg(colour.name(), palette.color(role).name())
                                                      .arg(ratio)));
            }
            // Badges (token kind, TLS): their own text on their own background.
            QVERIFY(contrast(StatusColors::badgeText(tone, palette), StatusColors::badgeBackground(tone, palette)) >= 4.5);
        }
        if (!ours)
            return;
        // The theme's own text, too.
        QVERIFY(contrast(palette.color(QPalette::Text), palette.color(QPalette::Base)) >= 4.5);
        QVERIFY(contrast(palette.color(QPalette::WindowText), palette.color(QPalette::Window)) >= 4.5);
    }

    // The Sessions page's "not kept" warning is shown from the start; switching the theme
    // recolours it (the page itself does nothing on a palette change), and the menu says so.
    void switchingAtRunTimeRecoloursAVisibleLabel()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.resize(1024, 640);
        window.show();
        window.showPage(window.pageIndexOf(workbench.sessionsPage()));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *kept = workbench.sessionsPage()->findChild<QLabel *>(QStringLiteral("keptLabel"));
        QVERIFY(kept && kept->isVisible());

        auto *dark = window.findChild<QAction *>(QStringLiteral("actionThemeDark"));
        auto *light = window.findChild<QAction *>(QStringLiteral("actionThemeLight"));
        auto *system = window.findChild<QAction *>(QStringLiteral("actionThemeSystem"));
        QVERIFY(dark && light && system);
        QVERIFY(system->isChecked());

        light->trigger();
        QVERIFY(light->isChecked());
        QCOMPARE(colourIn(kept->styleSheet()), StatusColors::foreground(Tone::Warning, ThemeManager::lightPalette()).name());
        QCOMPARE(kept->palette().color(QPalette::Window), ThemeManager::lightPalette().color(QPalette::Window));

        dark->trigger();
        QVERIFY(dark->isChecked() && !light->isChecked());
        QCOMPARE(kept->palette().color(QPalette::Window), ThemeManager::darkPalette().color(QPalette::Window));
        const QString darkColour = colourIn(kept->styleSheet());
        QCOMPARE(darkColour, StatusColors::foreground(Tone::Warning, ThemeManager::darkPalette()).name());
        QVERIFY(contrast(QColor(darkColour), kept->palette().color(QPalette::Window)) >= 4.5);
        QCOMPARE(workbench.theme().mode(), ThemeManager::Mode::Dark);
    }

    void theChoiceIsKept()
    {
        {
            MainWindow window;
            Workbench workbench(window, options());
            workbench.theme().setMode(ThemeManager::Mode::Dark);
        }
        // Back to the system palette when the window goes (the application goes on).
        QVERIFY(!StatusColors::isDark(QApplication::palette()));
        Config settings(m_dir.filePath(QStringLiteral("settings.ini")));
        QCOMPARE(settings.value(Config::Key::Theme).toString(), QStringLiteral("dark"));
        {
            MainWindow window;
            Workbench workbench(window, options());
            QCOMPARE(workbench.theme().mode(), ThemeManager::Mode::Dark);
            QVERIFY(StatusColors::isDark(QApplication::palette()));
            QVERIFY(window.findChild<QAction *>(QStringLiteral("actionThemeDark"))->isChecked());
        }
        // A hand-edited value that means nothing: the system theme.
        settings.setValue(Config::Key::Theme, QStringLiteral("purple"));
        MainWindow window;
        Workbench workbench(window, options());
        QCOMPARE(workbench.theme().mode(), ThemeManager::Mode::System);
    }
};

QTEST_MAIN(tst_ThemeManager)
#include "tst_ThemeManager.moc"
