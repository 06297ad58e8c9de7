// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatusColors.h"

namespace td {

bool StatusColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor StatusColors::foreground(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    // Light-theme shades are dark enough for 4.5:1 on white; dark-theme shades are the pastel
    // counterparts with the same contrast on a near-black window.
    switch (tone) {
    case Tone::Ok:
        return dark ? QColor(0x81, 0xc9, 0x95) : QColor(0x1b, 0x6e, 0x32);
    case Tone::Info:
        return dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x56, 0xb0);
    case Tone::Warning:
        return dark ? QColor(0xfd, 0xd6, 0x63) : QColor(0x8a, 0x50, 0x00);
    case Tone::Error:
        return dark ? QColor(0xf2, 0x8b, 0x82) : QColor(0xb3, 0x26, 0x1e);
    case Tone::Neutral:
        break;
    }
    return palette.color(QPalette::WindowText);
}

QColor StatusColors::badgeBackground(Tone tone, const QPalette &palette)
{
    if (tone == Tone::Neutral)
        return palette.color(QPalette::Mid);
    // The badge is the light-theme shade on either palette; its text is white, which reads well
    // on all of them.
    QPalette light;
    light.setColor(QPalette::Window, Qt::white);
    return foreground(tone, light);
}

QColor StatusColors::badgeText(Tone tone, const QPalette &palette)
{
    if (tone == Tone::Neutral)
        return palette.color(QPalette::WindowText);
    return QColor(Qt::white);
}

QString StatusColors::labelStyleSheet(Tone tone, const QPalette &palette)
{
    if (tone == Tone::Neutral)
        return {};
    return QStringLiteral("color: %1;").arg(foreground(tone, palette).name());
}

} // namespace td
