// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionFilterModel.h"

#include "gui/StatusColors.h"

#include "core/session/SessionStore.h"

#include <QIcon>

namespace td {

namespace {

StatusColors::Tone toneOf(SessionState state)
{
    switch (state) {
    case SessionState::Fresh:
        return StatusColors::Tone::Ok;
    case SessionState::Expiring:
        return StatusColors::Tone::Warning;
    case SessionState::Renewing:
        return StatusColors::Tone::Info;
    case SessionState::Expired:
    case SessionState::RenewFailed:
    case SessionState::Terminated:
        return StatusColors::Tone::Error;
    case SessionState::Closed:
        break;
    }
    return StatusColors::Tone::Neutral;
}

} // namespace

SessionFilterModel::SessionFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void SessionFilterModel::setFamilyFilter(const QString &family)
{
    if (family == m_family)
        return;
    m_family = family;
    invalidateFilter();
}

void SessionFilterModel::setEnvironmentFilter(const QString &environment)
{
    if (environment == m_environment)
        return;
    m_environment = environment;
    invalidateFilter();
}

void SessionFilterModel::setStateFilter(StateFilter filter)
{
    m_state = filter;
    invalidateFilter();
}

void SessionFilterModel::setTextFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void SessionFilterModel::setPalette(const QPalette &palette)
{
    m_palette = palette;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::ForegroundRole});
}

bool SessionFilterModel::needsAttention(SessionState state)
{
    return state == SessionState::RenewFailed || state == SessionState::Terminated || state == SessionState::Expired
        || state == SessionState::Expiring;
}

QString SessionFilterModel::stateLabel(SessionState state)
{
    switch (state) {
    case SessionState::Fresh:
        return tr("Fresh");
    case SessionState::Expiring:
        return tr("Expiring");
    case SessionState::Expired:
        return tr("Expired");
    case SessionState::Renewing:
        return tr("Renewing…");
    case SessionState::RenewFailed:
        return tr("Renew failed");
    case SessionState::Terminated:
        return tr("Terminated");
    case SessionState::Closed:
        return tr("Closed");
    }
    return {};
}

QString SessionFilterModel::stateIconPath(SessionState state)
{
    switch (toneOf(state)) {
    case StatusColors::Tone::Ok:
        return QStringLiteral(":/icons/ok.svg");
    case StatusColors::Tone::Warning:
        return QStringLiteral(":/icons/warning.svg");
    case StatusColors::Tone::Info:
        return QStringLiteral(":/icons/info.svg");
    case StatusColors::Tone::Error:
        return QStringLiteral(":/icons/error.svg");
    case StatusColors::Tone::Neutral:
        break;
    }
    return {};
}

QVariant SessionFilterModel::data(const QModelIndex &index, int role) const
{
    if (index.isValid() && index.column() == SessionStore::AutoRenewColumn)
        return autoRenewData(index, role);
    if (!index.isValid() || index.column() != SessionStore::StateColumn)
        return QSortFilterProxyModel::data(index, role);
    const auto state = SessionState(QSortFilterProxyModel::data(index, SessionStore::StateRole).toInt());
    switch (role) {
    case Qt::DisplayRole:
        return stateLabel(state);
    case Qt::DecorationRole: {
        // The Auto-renew column is often scrolled away: a stopped auto-renew shows here too.
        const QString path = stoppedReason(index).isEmpty() ? stateIconPath(state) : QStringLiteral(":/icons/warning.svg");
        return path.isEmpty() ? QVariant() : QVariant(QIcon(path));
    }
    case Qt::ForegroundRole:
        if (toneOf(state) == StatusColors::Tone::Neutral)
            return QVariant(); // the view's own text colour, dimmed below for Closed
        return StatusColors::foreground(toneOf(state), m_palette);
    case Qt::ToolTipRole: {
        QString tip = sessionStateName(state);
        if (const QString stopped = stoppedReason(index); !stopped.isEmpty())
            tip += QLatin1Char('\n') + tr("auto-renew stopped: %1").arg(stopped);
        else if (m_waitReason) {
            const QString waiting = m_waitReason(index.data(SessionStore::IdRole).toUuid());
            if (!waiting.isEmpty())
                tip += QLatin1Char('\n') + waiting;
        }
        return tip;
    }
    default:
        return QSortFilterProxyModel::data(index, role);
    }
}

QString SessionFilterModel::stoppedReason(const QModelIndex &index) const
{
    const auto *store = qobject_cast<const SessionStore *>(sourceModel());
    const QModelIndex source = mapToSource(index);
    if (!store || !source.isValid() || source.row() >= store->rowCount())
        return {};
    return store->at(source.row()).autoRenewStoppedReason;
}

// "stopped" with the reason where the server's answer stopped auto-renew, else the store's words.
QVariant SessionFilterModel::autoRenewData(const QModelIndex &index, int role) const
{
    const QString stopped = stoppedReason(index);
    if (stopped.isEmpty())
        return QSortFilterProxyModel::data(index, role);
    switch (role) {
    case Qt::DisplayRole:
        return tr("stopped");
    case Qt::ToolTipRole:
        return tr("auto-renew stopped: %1").arg(stopped);
    case Qt::ForegroundRole:
        return StatusColors::foreground(StatusColors::Tone::Warning, m_palette);
    default:
        return QSortFilterProxyModel::data(index, role);
    }
}

bool SessionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex first = source->index(sourceRow, 0, sourceParent);
    if (!m_family.isEmpty() && source->data(first, SessionStore::FamilyRole).toString() != m_family)
        return false;
    if (!m_environment.isEmpty() && source->data(first, SessionStore::EnvironmentRole).toString() != m_environment)
        return false;
    const auto state = SessionState(source->data(first, SessionStore::StateRole).toInt());
    switch (m_state.kind) {
    case StateFilter::Kind::Any:
        break;
    case StateFilter::Kind::One:
        if (state != m_state.state)
            return false;
        break;
    case StateFilter::Kind::Attention:
        if (!needsAttention(state))
            return false;
        break;
    }
    if (m_text.isEmpty())
        return true;
    // The words a user sees (and the state's kebab name): never the token itself.
    const int columns = source->columnCount(sourceParent);
    for (int column = 0; column < columns; ++column) {
        if (column == SessionStore::RemainingColumn)
            continue; // changes every second: matching it would make rows flicker in and out
        const QString text = source->data(source->index(sourceRow, column, sourceParent)).toString();
        if (text.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    if (stateLabel(state).contains(m_text, Qt::CaseInsensitive))
        return true;
    return source->data(first, SessionStore::IdRole).toUuid().toString(QUuid::WithoutBraces).startsWith(m_text, Qt::CaseInsensitive);
}

bool SessionFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    switch (left.column()) {
    case SessionStore::ExpiresAtColumn:
    case SessionStore::RemainingColumn: {
        // Instants, not their text; no expiry sorts after every expiry.
        const qint64 a = left.data(SessionStore::ExpiresAtRole).toLongLong();
        const qint64 b = right.data(SessionStore::ExpiresAtRole).toLongLong();
        if ((a <= 0) != (b <= 0))
            return b <= 0;
        return a < b;
    }
    case SessionStore::StateColumn:
        return left.data(SessionStore::StateRole).toInt() < right.data(SessionStore::StateRole).toInt();
    case SessionStore::RenewalsColumn:
        return left.data().toInt() < right.data().toInt();
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

} // namespace td
