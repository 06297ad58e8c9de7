// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/SecureBytes.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace td {

struct PassphraseChange {
    SecureBytes current;
    SecureBytes next;
};

// Current passphrase, the new one twice, with the strength hint of the first-run panel.
class ChangePassphraseDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ChangePassphraseDialog(QWidget *parent = nullptr);

    PassphraseChange change() const;
    static std::optional<PassphraseChange> ask(QWidget *parent);

private:
    void update();

    QLineEdit *m_currentEdit = nullptr;
    QLineEdit *m_nextEdit = nullptr;
    QLineEdit *m_repeatEdit = nullptr;
    QLabel *m_hintLabel = nullptr;
    QPushButton *m_okButton = nullptr;
};

} // namespace td
