// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/jose/Jwk.h"

#include <QDialog>
#include <QString>

#include <memory>
#include <optional>

namespace Ui {
class GenerateKeyDialog;
}

namespace td {

// What to generate: EC P-256/384/521, RSA 2048/3072/4096 or oct 128/192/256/512, its name and kid.
struct GenerateKeyRequest {
    KeyType type = KeyType::EC;
    Curve curve = Curve::P256;
    int bits = 256; // RSA modulus or oct key size; the field size for EC
    QString name;
    QString kid;    // empty: the thumbprint
};

// Asks for a GenerateKeyRequest. OK stays disabled until the entry has a name.
class GenerateKeyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit GenerateKeyDialog(QWidget *parent = nullptr);
    ~GenerateKeyDialog() override;

    GenerateKeyRequest request() const;
    // The dialog, run modally: nullopt when cancelled.
    static std::optional<GenerateKeyRequest> ask(QWidget *parent);

private:
    void fillSizes();
    void updateOk();

    std::unique_ptr<Ui::GenerateKeyDialog> m_ui;
};

} // namespace td
