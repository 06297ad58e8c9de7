// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPalette>

class QActionGroup;
class QMenu;

namespace td {

class Config;

// Light and dark themes: System uses the platform's style and palette as they are (Qt 6.4 has no
// colour-scheme hint, so dark is told by the palette's window lightness, see StatusColors);
// Light and Dark set Fusion with an explicit palette. The choice is kept in Config and offered
// under View → Theme.
class ThemeManager : public QObject
{
    Q_OBJECT
public:
    enum class Mode { System, Light, Dark };

    explicit ThemeManager(Config &config, QObject *parent = nullptr);
    // Back to the system theme: the application outlives a window in the tests.
    ~ThemeManager() override;

    Mode mode() const { return m_mode; }
    // Applies the theme at once (every window, status colours included) and keeps the choice.
    void setMode(Mode mode);
    // The kept choice applied; an unknown name in the settings is System.
    void applyKept();
    // "Theme" submenu with System / Light / Dark (checkable, objectNames actionThemeSystem, …).
    QMenu *addMenuTo(QMenu *menu);

    static QPalette lightPalette();
    static QPalette darkPalette();
    static QString modeName(Mode mode);

Q_SIGNALS:
    void modeChanged(td::ThemeManager::Mode mode);

private:
    void apply(Mode mode);

    Config &m_config;
    Mode m_mode = Mode::System;
    QActionGroup *m_actions = nullptr;
};

} // namespace td
