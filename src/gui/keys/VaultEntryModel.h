// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/vault/VaultEntry.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QStringList>

namespace td {

class Vault;

// The vault's entries as a table (kind, name, tags, thumbprint, environments, last used). Holds
// only what it shows, never the secrets: the page reads an entry from the vault when it needs
// more. Each row keeps a lower-case search text so that filtering 5,000 rows stays cheap.
class VaultEntryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KindColumn, NameColumn, TagsColumn, ThumbprintColumn, EnvironmentsColumn, LastUsedColumn, ColumnCount };
    static constexpr int NameRole = Qt::UserRole + 1;       // the entry's name
    static constexpr int KindRole = Qt::UserRole + 2;       // VaultEntry::kindName()
    static constexpr int ThumbprintRole = Qt::UserRole + 3; // the full thumbprint (keys), empty otherwise
    static constexpr int SortRole = Qt::UserRole + 4;       // a value that sorts naturally

    explicit VaultEntryModel(QObject *parent = nullptr);

    // Follows the vault (its changed and lockedChanged signals); null shows nothing.
    void setVault(Vault *vault);
    // Shows these entries (what setVault does on every change); also for tests and benchmarks.
    void setEntries(const QList<VaultEntry> &entries);
    void clear();

    QString nameAt(int row) const { return m_rows.at(row).name; }
    int rowOf(const QString &name) const; // case-insensitive; -1 when absent
    // Lower-case text of every searchable column (name, tags, kind, thumbprint, environments).
    const QString &searchText(int row) const { return m_rows.at(row).search; }

    // "EC P-256", "RSA 2048", "oct 256", "API credential", "App key + secret", "Login".
    static QString kindText(const VaultEntry &entry);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        QString kindName;
        QString kindText;
        bool isKey = false;
        QStringList tags;
        QString thumbprint;
        QStringList environments;
        QDateTime lastUsed;
        QString search;
    };
    void reloadFromVault();

    QPointer<Vault> m_vault;
    QList<Row> m_rows;
};

} // namespace td
