// SPDX-License-Identifier: GPL-3.0-or-later
#include "GenerateKeyDialog.h"

#include "ui_GenerateKeyDialog.h"

#include <QPushButton>

namespace td {

GenerateKeyDialog::GenerateKeyDialog(QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::GenerateKeyDialog>())
{
    m_ui->setupUi(this);
    m_ui->typeCombo->addItem(tr("EC (elliptic curve)"), static_cast<int>(KeyType::EC));
    m_ui->typeCombo->addItem(tr("RSA"), static_cast<int>(KeyType::RSA));
    m_ui->typeCombo->addItem(tr("oct (symmetric)"), static_cast<int>(KeyType::Oct));
    fillSizes();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Generate"));
    connect(m_ui->typeCombo, &QComboBox::currentIndexChanged, this, &GenerateKeyDialog::fillSizes);
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &GenerateKeyDialog::updateOk);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOk();
    setMinimumWidth(420);
}

GenerateKeyDialog::~GenerateKeyDialog() = default;

void GenerateKeyDialog::fillSizes()
{
    const auto type = static_cast<KeyType>(m_ui->typeCombo->currentData().toInt());
    m_ui->sizeCombo->clear();
    switch (type) {
    case KeyType::EC:
        for (const Curve curve : {Curve::P256, Curve::P384, Curve::P521})
            m_ui->sizeCombo->addItem(curveName(curve), static_cast<int>(curve));
        m_ui->sizeLabel->setText(tr("&Curve:"));
        m_ui->hintLabel->setText(tr("P-256 is what BankEzy and most JOSE peers expect."));
        break;
    case KeyType::RSA:
        for (const int bits : {2048, 3072, 4096})
            m_ui->sizeCombo->addItem(tr("%1 bits").arg(bits), bits);
        m_ui->sizeLabel->setText(tr("&Size:"));
        m_ui->hintLabel->setText(tr("4096-bit keys take a few seconds to generate."));
        break;
    case KeyType::Oct:
        for (const int bits : {128, 192, 256, 512})
            m_ui->sizeCombo->addItem(tr("%1 bits").arg(bits), bits);
        m_ui->sizeCombo->setCurrentIndex(2);
        m_ui->sizeLabel->setText(tr("&Size:"));
        m_ui->hintLabel->setText(tr("A random secret key for HMAC (HS*) or AES key wrap (A*KW)."));
        break;
    }
}

void GenerateKeyDialog::updateOk()
{
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!m_ui->nameEdit->text().trimmed().isEmpty());
}

GenerateKeyRequest GenerateKeyDialog::request() const
{
    GenerateKeyRequest request;
    request.type = static_cast<KeyType>(m_ui->typeCombo->currentData().toInt());
    if (request.type == KeyType::EC) {
        request.curve = static_cast<Curve>(m_ui->sizeCombo->currentData().toInt());
        request.bits = request.curve == Curve::P521 ? 521 : curveFieldBytes(request.curve) * 8;
    } else {
        request.curve = Curve::None;
        request.bits = m_ui->sizeCombo->currentData().toInt();
    }
    request.name = m_ui->nameEdit->text().trimmed();
    request.kid = m_ui->kidEdit->text().trimmed();
    return request;
}

std::optional<GenerateKeyRequest> GenerateKeyDialog::ask(QWidget *parent)
{
    GenerateKeyDialog dialog(parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.request();
}

} // namespace td
