// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/SecureBytes.h"
#include "core/vault/VaultEntry.h"

#include <QDialog>
#include <QString>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace td {

// A pre-shared credential to add: an API credential (a value), an app key + app secret, or a
// username + password.
struct CredentialRequest {
    VaultEntry::Kind kind = VaultEntry::Kind::ApiCredential;
    QString name;
    QString identity; // app key or username; empty for an API credential
    SecureBytes secret;
};

// Asks for a CredentialRequest; the secret is typed into a masked field.
class CredentialDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CredentialDialog(QWidget *parent = nullptr);

    CredentialRequest request() const;
    static std::optional<CredentialRequest> ask(QWidget *parent);

private:
    void updateKind();
    void updateOk();

    QComboBox *m_kindCombo = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QLabel *m_identityLabel = nullptr;
    QLineEdit *m_identityEdit = nullptr;
    QLabel *m_secretLabel = nullptr;
    QLineEdit *m_secretEdit = nullptr;
    QPushButton *m_okButton = nullptr;
};

} // namespace td
