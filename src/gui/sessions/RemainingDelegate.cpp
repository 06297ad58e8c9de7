// SPDX-License-Identifier: GPL-3.0-or-later
#include "RemainingDelegate.h"

#include "gui/StatusColors.h"

#include "core/session/SessionState.h"
#include "core/session/SessionStore.h"

#include <QPainter>

namespace td {

namespace {

constexpr int kBarHeight = 3;

StatusColors::Tone toneFor(const QModelIndex &index, qint64 nowMs)
{
    const auto state = SessionState(index.data(SessionStore::StateRole).toInt());
    const qint64 expiresAt = index.data(SessionStore::ExpiresAtRole).toLongLong();
    if (state == SessionState::Closed || state == SessionState::Terminated || expiresAt <= 0)
        return StatusColors::Tone::Neutral;
    if (expiresAt <= nowMs)
        return StatusColors::Tone::Error;
    if (state == SessionState::Expiring || state == SessionState::RenewFailed)
        return StatusColors::Tone::Warning;
    return StatusColors::Tone::Ok;
}

} // namespace

RemainingDelegate::RemainingDelegate(std::function<qint64()> nowMs, QObject *parent)
    : QStyledItemDelegate(parent), m_nowMs(std::move(nowMs))
{
}

QString RemainingDelegate::text(const QModelIndex &index) const
{
    return SessionStore::remainingText(index.data(SessionStore::ExpiresAtRole).toLongLong(), m_nowMs());
}

double RemainingDelegate::fractionLeft(const QModelIndex &index) const
{
    const qint64 expiresAt = index.data(SessionStore::ExpiresAtRole).toLongLong();
    const qint64 issuedAt = index.data(SessionStore::IssuedAtRole).toLongLong();
    if (expiresAt <= 0 || expiresAt <= issuedAt)
        return -1;
    return qBound(0.0, double(expiresAt - m_nowMs()) / double(expiresAt - issuedAt), 1.0);
}

void RemainingDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->text = text(index);
    const StatusColors::Tone tone = toneFor(index, m_nowMs());
    if (tone != StatusColors::Tone::Neutral && !(option->state & QStyle::State_Selected))
        option->palette.setColor(QPalette::Text, StatusColors::foreground(tone, option->palette));
    option->features |= QStyleOptionViewItem::HasDisplay;
}

void RemainingDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    ++m_paintCount;
    QStyledItemDelegate::paint(painter, option, index);
    const double fraction = fractionLeft(index);
    const auto state = SessionState(index.data(SessionStore::StateRole).toInt());
    if (fraction < 0 || state == SessionState::Closed || state == SessionState::Terminated)
        return;
    // A thin track with the lifetime left over it, inset so it never touches the grid lines.
    const QRect cell = option.rect.adjusted(4, 0, -4, -2);
    const QRect track(cell.left(), cell.bottom() - kBarHeight + 1, cell.width(), kBarHeight);
    painter->save();
    painter->setPen(Qt::NoPen);
    QColor trackColor = option.palette.color(QPalette::Mid);
    trackColor.setAlpha(90);
    painter->setBrush(trackColor);
    painter->drawRect(track);
    const int filled = int(double(track.width()) * fraction + 0.5);
    if (filled > 0) {
        painter->setBrush(StatusColors::foreground(toneFor(index, m_nowMs()), option.palette));
        painter->drawRect(QRect(track.left(), track.top(), filled, track.height()));
    }
    painter->restore();
}

QSize RemainingDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    // Room for the widest countdown text so the column never clips as the text changes.
    const int wide = option.fontMetrics.horizontalAdvance(QStringLiteral("expired 59m 59s ago")) + 16;
    size.setWidth(qMax(size.width(), wide));
    size.setHeight(size.height() + kBarHeight + 2);
    return size;
}

} // namespace td
