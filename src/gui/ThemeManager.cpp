// SPDX-License-Identifier: GPL-3.0-or-later
#include "ThemeManager.h"

#include "StatusColors.h"

#include "core/Config.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QStyle>
#include <QStyleFactory>

namespace td {

namespace {

// What the platform gave before any theme was set: the style's name and the palette.
struct SystemTheme {
    QString styleName;
    QPalette palette;
};

const SystemTheme &systemTheme()
{
    static const SystemTheme captured{QApplication::style()->name(), QApplication::palette()};
    return captured;
}

QPalette makePalette(const QColor &window, const QColor &text, const QColor &base, const QColor &alternate,
                     const QColor &button, const QColor &highlight, const QColor &link, const QColor &disabled)
{
    QPalette palette(button, window);
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        const bool off = group == QPalette::Disabled;
        palette.setColor(group, QPalette::Window, window);
        palette.setColor(group, QPalette::WindowText, off ? disabled : text);
        palette.setColor(group, QPalette::Base, base);
        palette.setColor(group, QPalette::AlternateBase, alternate);
        palette.setColor(group, QPalette::Text, off ? disabled : text);
        palette.setColor(group, QPalette::Button, button);
        palette.setColor(group, QPalette::ButtonText, off ? disabled : text);
        palette.setColor(group, QPalette::BrightText, Qt::white);
        palette.setColor(group, QPalette::Highlight, off ? disabled : highlight);
        palette.setColor(group, QPalette::HighlightedText, Qt::white);
        palette.setColor(group, QPalette::Link, link);
        palette.setColor(group, QPalette::LinkVisited, link);
        palette.setColor(group, QPalette::PlaceholderText, disabled);
        palette.setColor(group, QPalette::ToolTipBase, base);
        palette.setColor(group, QPalette::ToolTipText, text);
    }
    return palette;
}

} // namespace

ThemeManager::ThemeManager(Config &config, QObject *parent) : QObject(parent), m_config(config)
{
    (void)systemTheme(); // captured before anything is changed
}

ThemeManager::~ThemeManager()
{
    if (m_mode != Mode::System)
        apply(Mode::System);
}

QString ThemeManager::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        break;
    }
    return QStringLiteral("system");
}

QPalette ThemeManager::lightPalette()
{
    return makePalette(QColor(0xef, 0xef, 0xef), QColor(0x1e, 0x1e, 0x1e), Qt::white, QColor(0xf5, 0xf5, 0xf5),
                       QColor(0xe6, 0xe6, 0xe6), QColor(0x30, 0x8c, 0xc6), QColor(0x1a, 0x56, 0xb0), QColor(0x70, 0x70, 0x70));
}

QPalette ThemeManager::darkPalette()
{
    return makePalette(QColor(0x2b, 0x2b, 0x2b), QColor(0xe8, 0xe8, 0xe8), QColor(0x1f, 0x1f, 0x1f), QColor(0x27, 0x27, 0x27),
                       QColor(0x35, 0x35, 0x35), QColor(0x2f, 0x6e, 0xb5), QColor(0x8a, 0xb4, 0xf8), QColor(0x9a, 0x9a, 0x9a));
}

void ThemeManager::applyKept()
{
    const QString kept = m_config.value(Config::Key::Theme).toString();
    Mode mode = Mode::System;
    for (const Mode candidate : {Mode::Light, Mode::Dark}) {
        if (kept == modeName(candidate))
            mode = candidate;
    }
    // The system theme at start: nothing is set, so a palette the platform changes later still
    // reaches every window.
    if (mode != m_mode)
        apply(mode);
}

void ThemeManager::setMode(Mode mode)
{
    m_config.setValue(Config::Key::Theme, modeName(mode));
    apply(mode);
}

void ThemeManager::apply(Mode mode)
{
    const QPalette before = QApplication::palette();
    const bool styleChanges = (mode == Mode::System) != (m_mode == Mode::System) || !QApplication::style();
    m_mode = mode;
    if (styleChanges) {
        const QString style = mode == Mode::System ? systemTheme().styleName : QStringLiteral("Fusion");
        if (QStyle *made = QStyleFactory::create(style))
            QApplication::setStyle(made);
    }
    QApplication::setPalette(mode == Mode::Light ? lightPalette() : mode == Mode::Dark ? darkPalette() : systemTheme().palette);
    // Pages re-render on PaletteChange; what was coloured without one follows here.
    for (QWidget *window : QApplication::topLevelWidgets())
        StatusColors::retone(window, before);
    if (m_actions) {
        for (QAction *action : m_actions->actions())
            action->setChecked(action->data().toInt() == int(mode));
    }
    Q_EMIT modeChanged(mode);
}

QMenu *ThemeManager::addMenuTo(QMenu *menu)
{
    QMenu *themes = menu->addMenu(tr("&Theme"));
    themes->setObjectName(QStringLiteral("menuTheme"));
    m_actions = new QActionGroup(themes);
    m_actions->setExclusive(true);
    const std::pair<Mode, QString> entries[] = {
        {Mode::System, tr("&System")}, {Mode::Light, tr("&Light")}, {Mode::Dark, tr("&Dark")}};
    for (const auto &[mode, text] : entries) {
        QAction *action = themes->addAction(text);
        action->setObjectName(QStringLiteral("actionTheme%1").arg(modeName(mode).at(0).toUpper() + modeName(mode).mid(1)));
        action->setCheckable(true);
        action->setChecked(mode == m_mode);
        action->setData(int(mode));
        m_actions->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode = mode] { setMode(mode); });
    }
    return themes;
}

} // namespace td
