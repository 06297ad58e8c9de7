// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

class QWidget;

namespace td {

// Text colours for good / warning / bad states that stay readable on light and dark palettes:
// the shade is picked from the palette's window lightness, never hard-coded for a light theme,
// and darkened or lightened further when a palette's base or window would leave less than the
// WCAG 4.5:1 contrast. Every status colour of the GUI comes from here.
class StatusColors
{
public:
    enum class Tone { Neutral, Ok, Info, Warning, Error };

    static bool isDark(const QPalette &palette);
    static QColor foreground(Tone tone, const QPalette &palette);
    // Background and text colours for a small badge (e.g. the token kind).
    static QColor badgeBackground(Tone tone, const QPalette &palette);
    static QColor badgeText(Tone tone, const QPalette &palette);
    // "color: #rrggbb;" for a label, or an empty string for Neutral.
    static QString labelStyleSheet(Tone tone, const QPalette &palette);
    // The designed shade for a light or dark palette, before any contrast correction.
    static QColor shade(Tone tone, bool dark);

    // WCAG 2 contrast of two colours (1 to 21) and the contrast every foreground keeps against
    // the palette's Base and Window.
    static double contrastRatio(const QColor &a, const QColor &b);
    static constexpr double kMinContrast = 4.5;
    // After a theme change: style sheets set under `root` with the status colours of `before`
    // get those of each widget's palette now (pages that re-render on PaletteChange need none).
    static void retone(QWidget *root, const QPalette &before);
};

} // namespace td
