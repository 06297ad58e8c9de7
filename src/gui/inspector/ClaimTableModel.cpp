// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClaimTableModel.h"

#include "gui/StatusColors.h"

#include <QApplication>

namespace td {

ClaimTableModel::ClaimTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ClaimTableModel::setClaims(const std::optional<JwtClaims> &claims, const QDateTime &now)
{
    beginResetModel();
    m_claims = claims;
    m_now = now;
    m_rows = m_claims ? m_claims->rows(now) : QList<ClaimRow>();
    endResetModel();
}

void ClaimTableModel::setNow(const QDateTime &now)
{
    m_now = now;
    if (!m_claims || m_rows.isEmpty())
        return;
    const QList<ClaimRow> rows = m_claims->rows(now);
    // The claim set does not change with the clock, only the phrases do; a different row count
    // would mean a different claim set, which setClaims handles.
    if (rows.size() != m_rows.size()) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    m_rows = rows;
    emit dataChanged(index(0, LocalTimeColumn), index(static_cast<int>(m_rows.size()) - 1, RelativeColumn));
}

int ClaimTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ClaimTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClaimTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClaimRow &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case NameColumn:
            return row.name;
        case ValueColumn:
            return row.value;
        case LocalTimeColumn:
            return row.localTime;
        case RelativeColumn:
            return row.relative;
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == RelativeColumn && m_claims) {
        const auto palette = QApplication::palette();
        if (row.name == QLatin1String("exp") || row.name == QLatin1String("nbf")) {
            switch (m_claims->validity(m_now)) {
            case JwtClaims::Validity::Expired:
            case JwtClaims::Validity::NotYetValid:
                return StatusColors::foreground(StatusColors::Tone::Error, palette);
            case JwtClaims::Validity::Valid:
                return StatusColors::foreground(StatusColors::Tone::Ok, palette);
            case JwtClaims::Validity::NoExpiry:
                break;
            }
        }
    }
    return {};
}

QVariant ClaimTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Claim");
    case ValueColumn:
        return tr("Value");
    case LocalTimeColumn:
        return tr("Local time");
    case RelativeColumn:
        return tr("Relative");
    default:
        return {};
    }
}

} // namespace td
