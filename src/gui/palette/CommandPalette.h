// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PaletteItems.h"

#include <QDialog>

class QLineEdit;
class QTreeWidget;

namespace td {

// Ctrl+K: a small popup over the window with a filter line and the items that match it (kind and
// text). Up/Down move, Enter opens the current item, Escape closes. The items are handed in each
// time it opens, so what it lists is what the stores hold then.
class CommandPalette : public QDialog
{
    Q_OBJECT
public:
    explicit CommandPalette(QWidget *parent = nullptr);

    // Shows the popup near the top of `over` with an empty filter and every item.
    void popup(const QList<PaletteItems::Item> &items, QWidget *over);
    // The items shown now, best match first.
    const QList<PaletteItems::Item> &shown() const { return m_shown; }

Q_SIGNALS:
    void activated(td::PaletteItems::Kind kind, const QString &target);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void activateCurrent();

    QLineEdit *m_filter = nullptr;
    QTreeWidget *m_list = nullptr;
    QList<PaletteItems::Item> m_items;
    QList<PaletteItems::Item> m_shown;
};

} // namespace td
