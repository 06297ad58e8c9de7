// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyValueTableModel.h"

#include "core/net/SecretNames.h"
#include "core/vault/VaultReference.h"

namespace td {

KeyValueTableModel::KeyValueTableModel(QString nameTitle, QString valueTitle, QObject *parent)
    : QAbstractTableModel(parent), m_nameTitle(std::move(nameTitle)), m_valueTitle(std::move(valueTitle))
{
}

void KeyValueTableModel::setPairs(const Pairs &pairs)
{
    beginResetModel();
    m_pairs = pairs;
    endResetModel();
}

void KeyValueTableModel::setMaskSecrets(bool mask)
{
    m_maskSecrets = mask;
    if (!m_pairs.isEmpty())
        emit dataChanged(index(0, ValueColumn), index(rowCount() - 1, ValueColumn));
}

void KeyValueTableModel::setRevealed(bool revealed)
{
    m_revealed = revealed;
    if (!m_pairs.isEmpty())
        emit dataChanged(index(0, ValueColumn), index(rowCount() - 1, ValueColumn));
}

int KeyValueTableModel::addRow(const QString &name, const QString &value)
{
    const int row = rowCount();
    beginInsertRows(QModelIndex(), row, row);
    m_pairs.append({name, value});
    endInsertRows();
    emit edited();
    return row;
}

void KeyValueTableModel::removeRowAt(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows(QModelIndex(), row, row);
    m_pairs.removeAt(row);
    endRemoveRows();
    emit edited();
}

bool KeyValueTableModel::isSecretRow(int row) const
{
    return isSecretName(m_pairs.at(row).first);
}

int KeyValueTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_pairs.size());
}

int KeyValueTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyValueTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QPair<QString, QString> &pair = m_pairs.at(index.row());
    const bool secret = isSecretRow(index.row());
    // A vault reference names the secret without holding it: nothing to hide.
    const bool reference = VaultReference::isReference(pair.second);
    const bool masked = m_maskSecrets && secret && !m_revealed && !reference;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return pair.first;
        return masked && !pair.second.isEmpty() ? maskedText() : pair.second;
    case Qt::EditRole:
        return index.column() == NameColumn ? pair.first : pair.second;
    case Qt::ToolTipRole:
        if (m_maskSecrets && secret && reference)
            return tr("Kept in the vault; environments.json holds only this reference");
        if (m_maskSecrets && secret)
            return tr("A secret: kept in memory only, not written to environments.json. Move it to the vault to keep it");
        break;
    case SecretRole:
        return secret;
    case MaskedRole:
        return masked;
    default:
        break;
    }
    return {};
}

bool KeyValueTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    QPair<QString, QString> &pair = m_pairs[index.row()];
    QString &target = index.column() == NameColumn ? pair.first : pair.second;
    const QString text = index.column() == NameColumn ? value.toString().trimmed() : value.toString();
    if (target == text)
        return true;
    target = text;
    // A renamed row may become (or stop being) a secret: its value cell changes look too.
    emit dataChanged(this->index(index.row(), NameColumn), this->index(index.row(), ValueColumn));
    emit edited();
    return true;
}

Qt::ItemFlags KeyValueTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

QVariant KeyValueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == NameColumn)
        return m_nameTitle;
    if (section == ValueColumn)
        return m_valueTitle;
    return {};
}

} // namespace td
