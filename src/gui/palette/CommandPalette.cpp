// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandPalette.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace td {

namespace {

constexpr int kMaxShown = 100;

} // namespace

CommandPalette::CommandPalette(QWidget *parent) : QDialog(parent, Qt::Popup)
{
    setObjectName(QStringLiteral("commandPalette"));
    setWindowTitle(tr("Go to"));
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("paletteFilter"));
    m_filter->setPlaceholderText(tr("Go to an endpoint, session, key, environment or history entry…"));
    m_filter->setAccessibleName(tr("Go to"));
    m_filter->setClearButtonEnabled(true);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("paletteList"));
    m_list->setAccessibleName(tr("Matches"));
    m_list->setColumnCount(2);
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setFocusPolicy(Qt::NoFocus); // typing stays in the filter; Up/Down reach the list
    // The kind column is as wide as its longest word, with room before the text.
    m_list->header()->setSectionResizeMode(0, QHeaderView::Fixed);
    int kindWidth = 0;
    for (const auto kind : {PaletteItems::Kind::Endpoint, PaletteItems::Kind::Session, PaletteItems::Kind::Key,
                            PaletteItems::Kind::Environment, PaletteItems::Kind::History})
        kindWidth = std::max(kindWidth, fontMetrics().horizontalAdvance(PaletteItems::kindText(kind)));
    m_list->setColumnWidth(0, kindWidth + 24);
    m_list->header()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    connect(m_filter, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &CommandPalette::activateCurrent);
    connect(m_list, &QTreeWidget::itemActivated, this, &CommandPalette::activateCurrent);
    connect(m_list, &QTreeWidget::itemClicked, this, &CommandPalette::activateCurrent);
    m_filter->installEventFilter(this);
}

void CommandPalette::popup(const QList<PaletteItems::Item> &items, QWidget *over)
{
    m_items = items;
    m_filter->clear();
    refilter();
    if (over) {
        // A third of the window wide (at least 480 px), below its top edge, never past it.
        const QRect area(over->mapToGlobal(QPoint(0, 0)), over->size());
        const int width = std::min(area.width() - 20, std::max(480, area.width() / 2));
        const int height = std::min(area.height() - 60, 360);
        setGeometry(area.x() + (area.width() - width) / 2, area.y() + 40, width, height);
    }
    show();
    raise();
    activateWindow();
    m_filter->setFocus(Qt::PopupFocusReason);
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down || key == Qt::Key_PageUp || key == Qt::Key_PageDown) {
            // The list moves; the caret stays where the person is typing.
            QKeyEvent forwarded(QEvent::KeyPress, key, Qt::NoModifier);
            QCoreApplication::sendEvent(m_list, &forwarded);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void CommandPalette::refilter()
{
    m_shown = PaletteItems::filter(m_items, m_filter->text(), kMaxShown);
    m_list->clear();
    for (const PaletteItems::Item &item : std::as_const(m_shown)) {
        auto *row = new QTreeWidgetItem(m_list, {PaletteItems::kindText(item.kind), item.text});
        row->setForeground(0, palette().brush(QPalette::PlaceholderText));
        row->setToolTip(1, item.text);
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void CommandPalette::activateCurrent()
{
    const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
    if (row < 0 || row >= m_shown.size())
        return;
    const PaletteItems::Item item = m_shown.at(row);
    hide();
    Q_EMIT activated(item.kind, item.target);
}

} // namespace td
