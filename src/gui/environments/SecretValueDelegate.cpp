// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretValueDelegate.h"

#include "KeyValueTableModel.h"

#include <QLineEdit>

namespace td {

QWidget *SecretValueDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const
{
    auto *edit = new QLineEdit(parent);
    edit->setFrame(false);
    if (index.data(KeyValueTableModel::MaskedRole).toBool())
        edit->setEchoMode(QLineEdit::Password);
    return edit;
}

} // namespace td
