// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatusColors.h"

#include <QApplication>
#include <QHash>
#include <QRegularExpression>
#include <QWidget>

#include <cmath>

namespace td {

namespace {

double linear(double channel)
{
    return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

double worstContrast(const QColor &color, const QPalette &palette)
{
    return std::min(StatusColors::contrastRatio(color, palette.color(QPalette::Base)),
                    StatusColors::contrastRatio(color, palette.color(QPalette::Window)));
}

// The shade moved towards black (light palette) or white (dark palette) until it reads on both
// the palette's base and window; a system palette with unusual greys still gets 4.5:1.
QColor readable(QColor color, const QPalette &palette, bool dark)
{
    for (int step = 0; step < 20 && worstContrast(color, palette) < StatusColors::kMinContrast; ++step)
        color = dark ? color.lighter(110) : color.darker(112);
    return color;
}

} // namespace

double StatusColors::contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

void StatusColors::retone(QWidget *root, const QPalette &before)
{
    if (!root)
        return;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    static const QRegularExpression colour(QStringLiteral("#[0-9a-fA-F]{6}\\b"));
    for (QWidget *widget : std::as_const(widgets)) {
        const QString sheet = widget->styleSheet();
        if (sheet.isEmpty())
            continue;
        // The palette the widget inherits now: its own may still be the one its style sheet
        // was polished with.
        const QPalette now = QApplication::palette(widget);
        QHash<QString, QString> names; // the old palette's colour name → the new one's
        for (const Tone tone : {Tone::Ok, Tone::Info, Tone::Warning, Tone::Error})
            names.insert(foreground(tone, before).name(), foreground(tone, now).name());
        QString next;
        qsizetype at = 0;
        for (const QRegularExpressionMatch &match : colour.globalMatch(sheet)) {
            next += sheet.mid(at, match.capturedStart() - at) + names.value(match.captured().toLower(), match.captured());
            at = match.capturedEnd();
        }
        next += sheet.mid(at);
        // Set again even when unchanged: a style-sheeted widget keeps the palette it was
        // polished with until its sheet is applied anew.
        widget->setStyleSheet(QString());
        widget->setStyleSheet(next);
    }
}

bool StatusColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor StatusColors::foreground(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    if (tone != Tone::Neutral)
        return readable(shade(tone, dark), palette, dark);
    return palette.color(QPalette::WindowText);
}

QColor StatusColors::shade(Tone tone, bool dark)
{
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
    return {};
}

QColor StatusColors::badgeBackground(Tone tone, const QPalette &palette)
{
    if (tone == Tone::Neutral)
        return palette.color(QPalette::Mid);
    // The badge is the light-theme shade on either palette; its text is white, which reads well
    // on all of them.
    return shade(tone, false);
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
