// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/Environment.h"

#include <QAbstractTableModel>
#include <QList>

namespace td {

class EnvironmentStore;

// The environments of an EnvironmentStore as a table (name, base URL), Sandbox first with a lock
// and "built in". Follows the store's aboutToChange/changed signals.
class EnvironmentTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, BaseUrlColumn, ColumnCount };
    static constexpr int NameRole = Qt::UserRole + 1;    // the plain name, without "built in"
    static constexpr int BuiltInRole = Qt::UserRole + 2; // bool

    explicit EnvironmentTableModel(EnvironmentStore &store, QObject *parent = nullptr);

    const Environment &environment(int row) const { return m_environments.at(row); }
    int rowOf(const QString &name) const; // case-insensitive; -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    EnvironmentStore &m_store;
    QList<Environment> m_environments; // a snapshot: the store hands out copies
};

} // namespace td
