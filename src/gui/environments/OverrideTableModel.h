// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QMap>
#include <QString>

namespace td {

// Per-endpoint path and method overrides of one environment, one editable row per endpoint id.
class OverrideTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { EndpointColumn, PathColumn, MethodColumn, ColumnCount };
    struct Row {
        QString endpointId;
        QString path;
        QString method;
    };

    explicit OverrideTableModel(QObject *parent = nullptr);

    void setOverrides(const QMap<QString, QString> &paths, const QMap<QString, QString> &methods);
    // Rows without an endpoint id are left out; empty path or method means "as the spec says".
    QMap<QString, QString> pathOverrides() const;
    QMap<QString, QString> methodOverrides() const;

    int addRow(const QString &endpointId = {});
    void removeRowAt(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void edited();

private:
    QList<Row> m_rows;
};

} // namespace td
