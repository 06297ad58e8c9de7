// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

namespace td {

// Text colours for good / warning / bad states that stay readable on light and dark palettes:
// the shade is picked from the palette's window lightness, never hard-coded for a light theme.
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
};

} // namespace td
