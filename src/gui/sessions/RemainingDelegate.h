// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace td {

// Draws the "remaining" column: SessionStore::remainingText at the page's clock, coloured by
// how close the expiry is, over a thin bar of the lifetime left. Computing the text at paint
// time is what lets the page refresh the countdown by repainting, without touching the model.
class RemainingDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit RemainingDelegate(std::function<qint64()> nowMs, QObject *parent = nullptr);

    // The text painted for a row of the sessions model (any column of that row).
    QString text(const QModelIndex &index) const;
    // Share of the lifetime left, 0…1; -1 without an expiry.
    double fractionLeft(const QModelIndex &index) const;

    // Cells painted since construction: the page's once-a-second repaint is observable.
    int paintCount() const { return m_paintCount; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    std::function<qint64()> m_nowMs;
    mutable int m_paintCount = 0;
};

} // namespace td
