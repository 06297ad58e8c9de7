// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChangePassphraseDialog.h"

#include "PassphraseStrength.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace td {

ChangePassphraseDialog::ChangePassphraseDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Change the vault passphrase"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_currentEdit = new QLineEdit(this);
    m_nextEdit = new QLineEdit(this);
    m_repeatEdit = new QLineEdit(this);
    for (QLineEdit *edit : {m_currentEdit, m_nextEdit, m_repeatEdit}) {
        edit->setEchoMode(QLineEdit::Password);
        connect(edit, &QLineEdit::textChanged, this, &ChangePassphraseDialog::update);
    }
    form->addRow(tr("&Current passphrase:"), m_currentEdit);
    form->addRow(tr("&New passphrase:"), m_nextEdit);
    form->addRow(tr("&Repeat:"), m_repeatEdit);
    m_hintLabel = new QLabel(this);
    m_hintLabel->setWordWrap(true);
    form->addRow(QString(), m_hintLabel);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setText(tr("Change"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(440);
    update();
}

void ChangePassphraseDialog::update()
{
    const QString next = m_nextEdit->text();
    const bool match = next == m_repeatEdit->text();
    PassphraseStrength::describe(m_hintLabel, next, match || m_repeatEdit->text().isEmpty());
    m_okButton->setEnabled(!m_currentEdit->text().isEmpty() && !next.isEmpty() && match);
}

PassphraseChange ChangePassphraseDialog::change() const
{
    return {SecureBytes(m_currentEdit->text().toUtf8()), SecureBytes(m_nextEdit->text().toUtf8())};
}

std::optional<PassphraseChange> ChangePassphraseDialog::ask(QWidget *parent)
{
    ChangePassphraseDialog dialog(parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.change();
}

} // namespace td
