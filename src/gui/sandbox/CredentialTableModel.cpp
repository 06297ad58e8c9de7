// SPDX-License-Identifier: GPL-3.0-or-later
#include "CredentialTableModel.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/FamilyRegistry.h"
#include "core/net/SecretNames.h"

namespace td {

CredentialTableModel::CredentialTableModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void CredentialTableModel::setCredentials(const SandboxCredentials &credentials)
{
    beginResetModel();
    m_rows.clear();
    // The file shape ({"bankezy": {"X-API-KEY": …}, …}) names every value as the forms do.
    const QJsonObject json = credentials.toJson();
    for (const QString &family : FamilyRegistry::builtIn().ids()) {
        const QJsonObject values = json.value(family).toObject();
        for (auto it = values.begin(); it != values.end(); ++it)
            m_rows.append({family, it.key(), it.value().toString()});
    }
    endResetModel();
}

void CredentialTableModel::setRevealed(bool revealed)
{
    m_revealed = revealed;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, ValueColumn), index(rowCount() - 1, ValueColumn));
}

bool CredentialTableModel::isSecret(const Row &row)
{
    return isSecretName(row.name);
}

int CredentialTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CredentialTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FamilyColumn:
            return EndpointCatalog::familyTitle(row.family);
        case NameColumn:
            return row.name;
        case ValueColumn:
            return isSecret(row) && !m_revealed ? QStringLiteral("••••••••") : row.value;
        default:
            break;
        }
        break;
    case Qt::EditRole:
        if (index.column() == ValueColumn)
            return row.value;
        if (index.column() == FamilyColumn)
            return row.family;
        return row.name;
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && isSecret(row))
            return tr("A secret: shown with \"Show secrets\", copied with a clipboard that clears itself");
        if (index.column() == ValueColumn)
            return row.value; // the whole value when the column is too narrow for it
        break;
    case SecretRole:
        return isSecret(row);
    default:
        break;
    }
    return {};
}

QVariant CredentialTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FamilyColumn:
        return tr("Family");
    case NameColumn:
        return tr("Name");
    case ValueColumn:
        return tr("Value");
    default:
        break;
    }
    return {};
}

} // namespace td
