// SPDX-License-Identifier: GPL-3.0-or-later
#include "ComboBoxDelegate.h"

#include <QComboBox>

namespace td {

ComboBoxDelegate::ComboBoxDelegate(QStringList choices, bool editable, QObject *parent)
    : QStyledItemDelegate(parent), m_choices(std::move(choices)), m_editable(editable)
{
}

QWidget *ComboBoxDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *combo = new QComboBox(parent);
    combo->addItems(m_choices);
    combo->setEditable(m_editable);
    return combo;
}

void ComboBoxDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = qobject_cast<QComboBox *>(editor);
    if (!combo)
        return;
    const QString text = index.data(Qt::EditRole).toString();
    const int found = combo->findText(text);
    if (found >= 0)
        combo->setCurrentIndex(found);
    else if (m_editable)
        combo->setEditText(text);
}

void ComboBoxDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        model->setData(index, combo->currentText(), Qt::EditRole);
}

} // namespace td
