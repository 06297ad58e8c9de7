// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxFault.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>

namespace td {

class EndpointCatalog;

// The faults armed on a sandbox (endpoint, kind, value, remaining count), as /__sandbox/info
// lists them.
class FaultTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { EndpointColumn, KindColumn, ValueColumn, CountColumn, ColumnCount };

    explicit FaultTableModel(QObject *parent = nullptr);

    // Entries that do not parse as a fault are skipped: a fault names "*" or one of
    // `endpointIds`, the ones the server answers (its /__sandbox/info "endpoints", user families'
    // included); the built-in ones when not given.
    void setFaults(const QJsonArray &faults);
    void setFaults(const QJsonArray &faults, const QStringList &endpointIds);
    // Names endpoints by this catalog (the workspace's, user specs included; must outlive the
    // model or be replaced); the built-in one when null.
    void setCatalog(const EndpointCatalog *catalog);
    const SandboxFault &fault(int row) const { return m_faults.at(row); }
    // A kind in words for the screen ("Delay", "Wrong key"); kindName() stays for files and tooltips.
    static QString kindText(SandboxFault::Kind kind);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SandboxFault> m_faults;
    const EndpointCatalog *m_catalog = nullptr;
};

} // namespace td
