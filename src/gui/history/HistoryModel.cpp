// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryModel.h"

#include "gui/StatusColors.h"

#include "core/Error.h"
#include "core/api/EndpointCatalog.h"

#include <QLocale>

#include <algorithm>

namespace td {

HistoryModel::HistoryModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void HistoryModel::setEntries(const QList<HistoryEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    std::reverse(m_entries.begin(), m_entries.end());
    endResetModel();
}

void HistoryModel::prepend(const HistoryEntry &entry)
{
    beginInsertRows(QModelIndex(), 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
}

void HistoryModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

void HistoryModel::setPalette(const QPalette &palette)
{
    m_palette = palette;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, OutcomeColumn), index(rowCount() - 1, OutcomeColumn), {Qt::ForegroundRole});
}

bool HistoryModel::isCancelled(const HistoryEntry &entry)
{
    return entry.outcome.code == errorCodeName(ErrorCode::Cancelled);
}

QString HistoryModel::outcomeText(const HistoryEntry &entry)
{
    if (entry.outcome.ok)
        return tr("ok");
    if (isCancelled(entry))
        return tr("cancelled");
    return entry.outcome.code.isEmpty() ? tr("failed") : entry.outcome.code;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(entry.time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case EnvironmentColumn:
            return entry.environment;
        case EndpointColumn:
            return EndpointCatalog::displayName(entry.endpoint);
        case OutcomeColumn:
            return outcomeText(entry);
        case StatusColumn:
            return entry.status > 0 ? QString::number(entry.status) : QStringLiteral("—");
        case DurationColumn:
            return tr("%1 ms").arg(entry.durationMs);
        case OriginColumn:
            return originText(entry.origin);
        default:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == OutcomeColumn && !entry.outcome.message.isEmpty())
            return entry.outcome.message;
        if (index.column() == EndpointColumn)
            return entry.endpoint;
        if (index.column() == TimeColumn)
            return entry.time.toLocalTime().toString(Qt::ISODateWithMs);
        if (index.column() == OriginColumn && !entry.sessionId.isEmpty())
            return tr("Session %1").arg(entry.sessionId.left(8));
        break;
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn)
            return StatusColors::foreground(entry.outcome.ok   ? StatusColors::Tone::Ok
                                            : isCancelled(entry) ? StatusColors::Tone::Neutral // stopped, not failed
                                                                 : StatusColors::Tone::Error,
                                            m_palette);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SearchTextRole:
        return QStringList{entry.environment, entry.endpoint, EndpointCatalog::displayName(entry.endpoint), outcomeText(entry), entry.outcome.message,
                           entry.request.url.toString(), QString::number(entry.status), originText(entry.origin),
                           entry.sessionId}
            .join(QLatin1Char('\n'));
    default:
        break;
    }
    return {};
}

QString HistoryModel::originText(HistoryOrigin origin)
{
    switch (origin) {
    case HistoryOrigin::Manual:
        return tr("Sent");
    case HistoryOrigin::Flow:
        return tr("Flow step");
    case HistoryOrigin::Renewal:
        return tr("Renewal");
    case HistoryOrigin::Retry:
        return tr("Retry after renewal");
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case EnvironmentColumn:
        return tr("Environment");
    case EndpointColumn:
        return tr("Endpoint");
    case OutcomeColumn:
        return tr("Outcome");
    case StatusColumn:
        return tr("HTTP");
    case DurationColumn:
        return tr("Duration");
    case OriginColumn:
        return tr("Origin");
    default:
        break;
    }
    return {};
}

} // namespace td
