// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultEntryModel.h"

#include "gui/GuiResources.h"

#include "core/vault/Vault.h"

#include <QFontDatabase>
#include <QIcon>

namespace td {

namespace {

constexpr int kShortThumbprint = 12;

QIcon kindIcon(bool isKey)
{
    static const QIcon key(QStringLiteral(":/icons/key.svg"));
    static const QIcon credential(QStringLiteral(":/icons/vault.svg"));
    return isKey ? key : credential;
}

} // namespace

VaultEntryModel::VaultEntryModel(QObject *parent) : QAbstractTableModel(parent)
{
    ensureGuiResources();
}

void VaultEntryModel::setVault(Vault *vault)
{
    if (m_vault)
        disconnect(m_vault, nullptr, this, nullptr);
    m_vault = vault;
    if (m_vault) {
        // One reset per change, built from the vault's state after it: never half a reset when
        // a change fails between the vault's aboutToChange and changed.
        connect(m_vault, &Vault::changed, this, &VaultEntryModel::reloadFromVault);
        connect(m_vault, &Vault::lockedChanged, this, &VaultEntryModel::reloadFromVault);
        connect(m_vault, &QObject::destroyed, this, &VaultEntryModel::clear);
    }
    reloadFromVault();
}

void VaultEntryModel::reloadFromVault()
{
    if (m_vault && !m_vault->isLocked())
        setEntries(m_vault->entries());
    else
        clear();
}

QString VaultEntryModel::kindText(const VaultEntry &entry)
{
    if (entry.key) {
        const Jwk &key = *entry.key;
        switch (key.type()) {
        case KeyType::EC:
            return QStringLiteral("EC %1").arg(curveName(key.curve()));
        case KeyType::RSA:
            return QStringLiteral("RSA %1").arg(key.bits());
        case KeyType::Oct:
            return QStringLiteral("oct %1").arg(key.bits());
        }
    }
    switch (entry.kind) {
    case VaultEntry::Kind::EcKey:
        return tr("EC key");
    case VaultEntry::Kind::RsaKey:
        return tr("RSA key");
    case VaultEntry::Kind::OctKey:
        return tr("oct key");
    case VaultEntry::Kind::ApiCredential:
        return tr("API credential");
    case VaultEntry::Kind::AppKey:
        return tr("App key + secret");
    case VaultEntry::Kind::Login:
        return tr("Login");
    case VaultEntry::Kind::ClientCertificate:
        return tr("Client certificate");
    }
    return {};
}

void VaultEntryModel::setEntries(const QList<VaultEntry> &entries)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(entries.size());
    for (const VaultEntry &entry : entries) {
        Row row;
        row.name = entry.name;
        row.kindName = VaultEntry::kindName(entry.kind);
        row.kindText = kindText(entry);
        row.isKey = entry.isKey();
        row.tags = entry.tags;
        row.thumbprint = entry.thumbprint();
        row.environments = entry.environments;
        row.lastUsed = entry.lastUsed;
        row.search = QStringList{row.name, row.tags.join(QLatin1Char(' ')), row.kindName, row.kindText, row.thumbprint,
                                 row.environments.join(QLatin1Char(' '))}
                         .join(QLatin1Char('\n'))
                         .toLower();
        m_rows.append(std::move(row));
    }
    endResetModel();
}

void VaultEntryModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int VaultEntryModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).name.compare(name, Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

int VaultEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int VaultEntryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VaultEntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case KindColumn:
            return row.kindText;
        case NameColumn:
            return row.name;
        case TagsColumn:
            return row.tags.join(QStringLiteral(", "));
        case ThumbprintColumn:
            return row.thumbprint.size() > kShortThumbprint ? row.thumbprint.left(kShortThumbprint) + QChar(0x2026)
                                                            : row.thumbprint;
        case EnvironmentsColumn:
            return row.environments.join(QStringLiteral(", "));
        case LastUsedColumn:
            return row.lastUsed.isValid() ? row.lastUsed.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                          : tr("never");
        default:
            break;
        }
        break;
    case Qt::DecorationRole:
        if (column == KindColumn)
            return kindIcon(row.isKey);
        break;
    case Qt::ToolTipRole:
        if (column == ThumbprintColumn && !row.thumbprint.isEmpty())
            return tr("SHA-256 thumbprint (RFC 7638): %1").arg(row.thumbprint);
        if (column == LastUsedColumn && row.lastUsed.isValid())
            return row.lastUsed.toLocalTime().toString(Qt::ISODate);
        if (column == TagsColumn || column == EnvironmentsColumn)
            return data(index, Qt::DisplayRole);
        break;
    case Qt::FontRole:
        if (column == ThumbprintColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case NameRole:
        return row.name;
    case KindRole:
        return row.kindName;
    case ThumbprintRole:
        return row.thumbprint;
    case SortRole:
        switch (column) {
        case NameColumn:
            return row.name.toLower();
        case LastUsedColumn:
            return row.lastUsed.isValid() ? row.lastUsed.toMSecsSinceEpoch() : qint64(-1);
        case ThumbprintColumn:
            return row.thumbprint;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    default:
        break;
    }
    return {};
}

QVariant VaultEntryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case NameColumn:
        return tr("Name");
    case TagsColumn:
        return tr("Tags");
    case ThumbprintColumn:
        return tr("Thumbprint");
    case EnvironmentsColumn:
        return tr("Environments");
    case LastUsedColumn:
        return tr("Last used");
    default:
        break;
    }
    return {};
}

} // namespace td
