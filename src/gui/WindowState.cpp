// SPDX-License-Identifier: GPL-3.0-or-later
#include "WindowState.h"

#include "MainWindow.h"

#include "core/Config.h"

#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>

namespace td {

void WindowState::fitFrame(QWidget &window)
{
    const QScreen *screen = window.screen();
    if (!screen || !window.isVisible() || window.isMaximized() || window.isFullScreen())
        return;
    const QRect frame = window.frameGeometry();
    const QRect fit = fitted(frame, screen->availableGeometry());
    if (fit == frame)
        return;
    const QRect client = window.geometry();
    window.setGeometry(client.x() + fit.x() - frame.x(), client.y() + fit.y() - frame.y(),
                       client.width() - (frame.width() - fit.width()), client.height() - (frame.height() - fit.height()));
}

QRect WindowState::fitted(const QRect &wanted, const QRect &available)
{
    if (!available.isValid())
        return wanted;
    QRect rect(wanted.topLeft(), wanted.size().boundedTo(available.size()));
    if (rect.right() > available.right())
        rect.moveRight(available.right());
    if (rect.bottom() > available.bottom())
        rect.moveBottom(available.bottom());
    if (rect.left() < available.left())
        rect.moveLeft(available.left());
    if (rect.top() < available.top())
        rect.moveTop(available.top());
    return rect;
}

QString WindowState::splitterKey(const QSplitter *splitter, const QWidget *root)
{
    if (splitter->objectName().isEmpty())
        return {};
    QStringList names;
    for (const QWidget *w = splitter; w && w != root; w = w->parentWidget()) {
        if (!w->objectName().isEmpty())
            names.prepend(w->objectName());
        if (qobject_cast<const QStackedWidget *>(w->parentWidget()))
            break; // a page of the window: what is above it is the same for every page
    }
    return names.join(QLatin1Char('/'));
}

void WindowState::save(const MainWindow &window, Config &config)
{
    config.setValue(Config::Key::WindowGeometry, window.saveGeometry());
    const int page = window.pageIndexOf(window.currentPage());
    if (page >= 0)
        config.setValue(Config::Key::WindowPage, page);
    QVariantMap splitters = config.value(Config::Key::SplitterStates).toMap(); // those of pages not built now stay
    for (const QSplitter *splitter : window.findChildren<QSplitter *>()) {
        const QString key = splitterKey(splitter, &window);
        if (!key.isEmpty())
            splitters.insert(key, splitter->saveState());
    }
    config.setValue(Config::Key::SplitterStates, splitters);
}

void WindowState::restore(MainWindow &window, const Config &config)
{
    const QVariantMap splitters = config.value(Config::Key::SplitterStates).toMap();
    for (QSplitter *splitter : window.findChildren<QSplitter *>()) {
        const QVariant state = splitters.value(splitterKey(splitter, &window));
        if (state.isValid())
            splitter->restoreState(state.toByteArray());
    }
    const int page = config.value(Config::Key::WindowPage).toInt();
    if (page >= 0 && page < window.pageCount())
        window.showPage(page);
    const QByteArray geometry = config.value(Config::Key::WindowGeometry).toByteArray();
    if (geometry.isEmpty() || !window.restoreGeometry(geometry))
        return;
    // Kept on a larger screen, or a screen that is gone: never larger than this one's free area.
    if (const QScreen *screen = window.screen())
        window.setGeometry(fitted(window.geometry(), screen->availableGeometry()));
    // The frame is the window manager's, known once the window is shown: fitted again then.
    QTimer::singleShot(0, &window, [&window] { fitFrame(window); });
}

} // namespace td
