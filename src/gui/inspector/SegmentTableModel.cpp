// SPDX-License-Identifier: GPL-3.0-or-later
#include "SegmentTableModel.h"

#include "gui/GuiResources.h"
#include "gui/StatusColors.h"

#include <QApplication>
#include <QIcon>

namespace td {

SegmentTableModel::SegmentTableModel(QObject *parent) : QAbstractTableModel(parent)
{
    ensureGuiResources();
}

void SegmentTableModel::setSegments(const QList<SegmentInfo> &segments)
{
    beginResetModel();
    m_segments = segments;
    endResetModel();
}

int SegmentTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_segments.size());
}

int SegmentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SegmentTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SegmentInfo &segment = m_segments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return segment.name;
        case EncodedColumn:
            return segment.encodedLength;
        case DecodedColumn:
            return segment.decodedLength < 0 ? QVariant(QStringLiteral("—")) : QVariant(segment.decodedLength);
        case StatusColumn:
            if (!segment.note.isEmpty())
                return segment.note;
            return segment.ok ? tr("ok") : tr("invalid");
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return QIcon(segment.ok ? QStringLiteral(":/icons/ok.svg") : QStringLiteral(":/icons/error.svg"));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn && !segment.ok)
            return StatusColors::foreground(StatusColors::Tone::Error, QApplication::palette());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == EncodedColumn || index.column() == DecodedColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return index.column() == StatusColumn ? QVariant(segment.note) : QVariant();
    default:
        return {};
    }
}

QVariant SegmentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Segment");
    case EncodedColumn:
        return tr("Length");
    case DecodedColumn:
        return tr("Decoded bytes");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace td
