// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inspect/TokenInspector.h"

#include <QAbstractTableModel>
#include <QList>

namespace td {

// Read-only table of a token's segments (name, encoded length, decoded bytes, status) for the
// inspector's segments view.
class SegmentTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, EncodedColumn, DecodedColumn, StatusColumn, ColumnCount };

    explicit SegmentTableModel(QObject *parent = nullptr);

    void setSegments(const QList<SegmentInfo> &segments);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SegmentInfo> m_segments;
};

} // namespace td
