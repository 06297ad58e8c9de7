// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxCredentials.h"

#include <QAbstractTableModel>
#include <QList>

namespace td {

// The credentials a sandbox accepts, one row per value (family, name, value). Values whose names
// td::isSecretName() reports are shown as dots until revealed; Qt::EditRole holds the real value.
class CredentialTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { FamilyColumn, NameColumn, ValueColumn, ColumnCount };
    static constexpr int SecretRole = Qt::UserRole + 1;

    struct Row {
        QString family;
        QString name;
        QString value;
    };

    explicit CredentialTableModel(QObject *parent = nullptr);

    void setCredentials(const SandboxCredentials &credentials);
    void setRevealed(bool revealed);
    bool isRevealed() const { return m_revealed; }
    const Row &row(int index) const { return m_rows.at(index); }
    static bool isSecret(const Row &row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
    bool m_revealed = false;
};

} // namespace td
