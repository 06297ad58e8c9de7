// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QStyledItemDelegate>

namespace td {

// Edits a cell with a combo box of fixed choices (endpoint ids, HTTP methods); `editable` also
// accepts typed text.
class ComboBoxDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    ComboBoxDelegate(QStringList choices, bool editable, QObject *parent = nullptr);
    // For the editors opened from now on (the endpoint ids after the specs are read again).
    void setChoices(QStringList choices) { m_choices = std::move(choices); }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    QStringList m_choices;
    bool m_editable = false;
};

} // namespace td
