// SPDX-License-Identifier: GPL-3.0-or-later
#include "OverrideTableModel.h"


namespace td {

OverrideTableModel::OverrideTableModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void OverrideTableModel::setOverrides(const QMap<QString, QString> &paths, const QMap<QString, QString> &methods)
{
    beginResetModel();
    m_rows.clear();
    QStringList ids = paths.keys();
    for (const QString &id : methods.keys()) {
        if (!ids.contains(id))
            ids.append(id);
    }
    ids.sort();
    for (const QString &id : std::as_const(ids))
        m_rows.append({id, paths.value(id), methods.value(id)});
    endResetModel();
}

QMap<QString, QString> OverrideTableModel::pathOverrides() const
{
    QMap<QString, QString> map;
    for (const Row &row : m_rows) {
        if (!row.endpointId.isEmpty() && !row.path.isEmpty())
            map.insert(row.endpointId, row.path);
    }
    return map;
}

QMap<QString, QString> OverrideTableModel::methodOverrides() const
{
    QMap<QString, QString> map;
    for (const Row &row : m_rows) {
        if (!row.endpointId.isEmpty() && !row.method.isEmpty())
            map.insert(row.endpointId, row.method.toUpper());
    }
    return map;
}

int OverrideTableModel::addRow(const QString &endpointId)
{
    const int row = rowCount();
    beginInsertRows(QModelIndex(), row, row);
    m_rows.append({endpointId, QString(), QString()});
    endInsertRows();
    emit edited();
    return row;
}

void OverrideTableModel::removeRowAt(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    emit edited();
}

int OverrideTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int OverrideTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OverrideTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const Row &row = m_rows.at(index.row());
    switch (index.column()) {
    case EndpointColumn:
        return row.endpointId;
    case PathColumn:
        return row.path;
    case MethodColumn:
        return row.method;
    default:
        break;
    }
    return {};
}

bool OverrideTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Row &row = m_rows[index.row()];
    const QString text = value.toString().trimmed();
    QString *target = nullptr;
    switch (index.column()) {
    case EndpointColumn:
        target = &row.endpointId;
        break;
    case PathColumn:
        target = &row.path;
        break;
    case MethodColumn:
        target = &row.method;
        break;
    default:
        return false;
    }
    const QString next = index.column() == MethodColumn ? text.toUpper() : text;
    if (*target != next) {
        *target = next;
        emit dataChanged(index, index);
        emit edited();
    }
    return true;
}

Qt::ItemFlags OverrideTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

QVariant OverrideTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EndpointColumn:
        return tr("Endpoint");
    case PathColumn:
        return tr("Path");
    case MethodColumn:
        return tr("Method");
    default:
        break;
    }
    return {};
}

} // namespace td
