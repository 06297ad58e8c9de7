// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRect>
#include <QString>

class QSplitter;
class QWidget;

namespace td {

class Config;
class MainWindow;

// The window as it was left: its geometry, every named splitter's position and the page shown,
// kept in Config when the Workbench goes and put back when the next one starts. A geometry from a
// larger screen is fitted into this screen's free area.
class WindowState
{
public:
    static void save(const MainWindow &window, Config &config);
    // Nothing kept: nothing changes. A page index that no longer exists is ignored.
    static void restore(MainWindow &window, const Config &config);

    // A shown window's frame moved and shrunk into its screen's free area.
    static void fitFrame(QWidget &window);
    // `wanted` shrunk to `available` (never larger) and moved inside it, keeping what fits.
    static QRect fitted(const QRect &wanted, const QRect &available);
    // The splitter's key: the object names from the window down to it ("ApiPage/mainSplitter"),
    // since pages reuse names like mainSplitter. Empty for a splitter without a name.
    static QString splitterKey(const QSplitter *splitter, const QWidget *root);
};

} // namespace td
