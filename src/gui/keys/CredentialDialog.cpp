// SPDX-License-Identifier: GPL-3.0-or-later
#include "CredentialDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace td {

CredentialDialog::CredentialDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Add a credential"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_kindCombo = new QComboBox(this);
    m_kindCombo->setObjectName(QStringLiteral("credentialKindCombo"));
    m_kindCombo->addItem(tr("API credential (a key or secret value)"), static_cast<int>(VaultEntry::Kind::ApiCredential));
    m_kindCombo->addItem(tr("App key + app secret"), static_cast<int>(VaultEntry::Kind::AppKey));
    m_kindCombo->addItem(tr("Username + password"), static_cast<int>(VaultEntry::Kind::Login));
    form->addRow(tr("&Kind:"), m_kindCombo);
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("credentialNameEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. enos-staging app"));
    form->addRow(tr("&Name:"), m_nameEdit);
    m_identityLabel = new QLabel(this);
    m_identityEdit = new QLineEdit(this);
    m_identityEdit->setObjectName(QStringLiteral("credentialIdentityEdit"));
    m_identityLabel->setBuddy(m_identityEdit);
    form->addRow(m_identityLabel, m_identityEdit);
    m_secretLabel = new QLabel(this);
    m_secretEdit = new QLineEdit(this);
    m_secretEdit->setObjectName(QStringLiteral("credentialSecretEdit"));
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretLabel->setBuddy(m_secretEdit);
    form->addRow(m_secretLabel, m_secretEdit);
    auto *show = new QCheckBox(tr("S&how"), this);
    form->addRow(QString(), show);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setText(tr("Add"));
    layout->addWidget(buttons);
    setMinimumWidth(440);

    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &CredentialDialog::updateKind);
    connect(show, &QCheckBox::toggled, this,
            [this](bool on) { m_secretEdit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    for (QLineEdit *edit : {m_nameEdit, m_identityEdit, m_secretEdit})
        connect(edit, &QLineEdit::textChanged, this, &CredentialDialog::updateOk);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateKind();
}

void CredentialDialog::updateKind()
{
    const auto kind = static_cast<VaultEntry::Kind>(m_kindCombo->currentData().toInt());
    const bool hasIdentity = kind != VaultEntry::Kind::ApiCredential;
    m_identityLabel->setVisible(hasIdentity);
    m_identityEdit->setVisible(hasIdentity);
    m_identityLabel->setText(kind == VaultEntry::Kind::Login ? tr("&Username:") : tr("App &key:"));
    m_secretLabel->setText(kind == VaultEntry::Kind::Login   ? tr("&Password:")
                           : kind == VaultEntry::Kind::AppKey ? tr("App &secret:")
                                                              : tr("&Value:"));
    updateOk();
}

void CredentialDialog::updateOk()
{
    const auto kind = static_cast<VaultEntry::Kind>(m_kindCombo->currentData().toInt());
    const bool ok = !m_nameEdit->text().trimmed().isEmpty() && !m_secretEdit->text().isEmpty()
        && (kind == VaultEntry::Kind::ApiCredential || !m_identityEdit->text().trimmed().isEmpty());
    m_okButton->setEnabled(ok);
}

CredentialRequest CredentialDialog::request() const
{
    CredentialRequest request;
    request.kind = static_cast<VaultEntry::Kind>(m_kindCombo->currentData().toInt());
    request.name = m_nameEdit->text().trimmed();
    if (request.kind != VaultEntry::Kind::ApiCredential)
        request.identity = m_identityEdit->text().trimmed();
    request.secret = SecureBytes(m_secretEdit->text().toUtf8());
    return request;
}

std::optional<CredentialRequest> CredentialDialog::ask(QWidget *parent)
{
    CredentialDialog dialog(parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.request();
}

} // namespace td
