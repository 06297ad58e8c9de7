// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace td {

// Edits a value cell; while the row is shown masked (KeyValueTableModel::MaskedRole) the editor
// hides what is typed too, so editing a secret does not reveal it.
class SecretValueDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace td
