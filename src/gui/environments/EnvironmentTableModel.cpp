// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnvironmentTableModel.h"

#include "LockIcon.h"

#include "core/net/EnvironmentStore.h"

namespace td {

EnvironmentTableModel::EnvironmentTableModel(EnvironmentStore &store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store), m_environments(store.environments())
{
    connect(&m_store, &EnvironmentStore::aboutToChange, this, [this] { beginResetModel(); });
    connect(&m_store, &EnvironmentStore::changed, this, [this] {
        m_environments = m_store.environments();
        endResetModel();
    });
}

int EnvironmentTableModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_environments.size(); ++row) {
        if (m_environments.at(row).name.compare(name, Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

int EnvironmentTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_environments.size());
}

int EnvironmentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EnvironmentTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Environment &env = m_environments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return env.builtIn ? tr("%1 · built in").arg(env.name) : env.name;
        if (index.column() == BaseUrlColumn)
            return env.baseUrl.isEmpty() ? tr("(no base URL)") : env.baseUrl;
        break;
    case Qt::DecorationRole:
        if (index.column() == NameColumn && env.builtIn)
            return LockIcon::icon();
        break;
    case Qt::ToolTipRole:
        if (env.builtIn)
            return tr("Built in and read-only: it follows the running sandbox. Duplicate it for an editable copy.");
        return env.baseUrl;
    case NameRole:
        return env.name;
    case BuiltInRole:
        return env.builtIn;
    default:
        break;
    }
    return {};
}

QVariant EnvironmentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == NameColumn)
        return tr("Environment");
    if (section == BaseUrlColumn)
        return tr("Base URL");
    return {};
}

} // namespace td
