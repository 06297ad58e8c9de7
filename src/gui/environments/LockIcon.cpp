// SPDX-License-Identifier: GPL-3.0-or-later
#include "LockIcon.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace td {

QIcon LockIcon::icon()
{
    // Drawn rather than shipped so it follows the palette (dark or light) without a second file.
    const QColor color = QGuiApplication::palette().color(QPalette::WindowText);
    QIcon icon;
    for (const int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal unit = size / 16.0;
        QPen pen(color, 1.6 * unit);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawArc(QRectF(4.5 * unit, 1.5 * unit, 7 * unit, 9 * unit), 0, 180 * 16);
        painter.drawLine(QPointF(4.5 * unit, 6 * unit), QPointF(4.5 * unit, 7.5 * unit));
        painter.drawLine(QPointF(11.5 * unit, 6 * unit), QPointF(11.5 * unit, 7.5 * unit));
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawRoundedRect(QRectF(2.5 * unit, 7 * unit, 11 * unit, 8 * unit), 1.5 * unit, 1.5 * unit);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace td
