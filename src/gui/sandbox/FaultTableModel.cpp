// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaultTableModel.h"

#include "core/api/EndpointCatalog.h"
#include "core/sandbox/SandboxServer.h"

namespace td {

FaultTableModel::FaultTableModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void FaultTableModel::setFaults(const QJsonArray &faults)
{
    setFaults(faults, SandboxServer::endpointIds());
}

void FaultTableModel::setFaults(const QJsonArray &faults, const QStringList &endpointIds)
{
    beginResetModel();
    m_faults.clear();
    for (const QJsonValue &value : faults) {
        Result<SandboxFault> fault = SandboxFault::fromJson(value.toObject(), endpointIds);
        if (fault)
            m_faults.append(fault.value());
    }
    endResetModel();
}

void FaultTableModel::setCatalog(const EndpointCatalog *catalog)
{
    beginResetModel();
    m_catalog = catalog;
    endResetModel();
}

int FaultTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_faults.size());
}

int FaultTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FaultTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SandboxFault &fault = m_faults.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case EndpointColumn:
            if (fault.endpoint == QLatin1String("*"))
                return tr("* (every endpoint)");
            return m_catalog ? m_catalog->nameOf(fault.endpoint) : EndpointCatalog::displayName(fault.endpoint);
        case KindColumn:
            return kindText(fault.kind);
        case ValueColumn:
            return fault.value;
        case CountColumn:
            return fault.count < 0 ? tr("until cleared") : QString::number(fault.count);
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        // The ids, as `tokendesk-sandbox --fault` and the faults file spell them.
        if (index.column() == EndpointColumn)
            return fault.endpoint;
        if (index.column() == KindColumn)
            return SandboxFault::kindName(fault.kind);
    } else if (role == Qt::TextAlignmentRole && index.column() == CountColumn) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QString FaultTableModel::kindText(SandboxFault::Kind kind)
{
    switch (kind) {
    case SandboxFault::Kind::LatencyMs:
        return tr("Delay (ms)");
    case SandboxFault::Kind::ErrorCode:
        return tr("Family error code");
    case SandboxFault::Kind::HttpStatus:
        return tr("HTTP status");
    case SandboxFault::Kind::Malformed:
        return tr("Malformed body");
    case SandboxFault::Kind::Truncated:
        return tr("Truncated body");
    case SandboxFault::Kind::WrongKey:
        return tr("Encrypted with a wrong key");
    case SandboxFault::Kind::Drop:
        return tr("Connection dropped");
    }
    return SandboxFault::kindName(kind);
}

QVariant FaultTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EndpointColumn:
        return tr("Endpoint");
    case KindColumn:
        return tr("Kind");
    case ValueColumn:
        return tr("Value");
    case CountColumn:
        return tr("Remaining");
    default:
        break;
    }
    return {};
}

} // namespace td
