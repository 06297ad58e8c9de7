// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QCheckBox;
class QFormLayout;
class QLineEdit;
class QPushButton;

namespace td {

struct SandboxConfig;
struct SandboxTls;

// The HTTPS part of the Sandbox page, the same switches as `tokendesk-sandbox --tls`,
// `--tls-cert/--tls-key` and `--client-ca`: serve HTTPS (with the sandbox's own CA, kept in its
// state folder, unless a certificate file is given) and require client certificates signed by a
// CA file, or by the sandbox's own CA ("mutual TLS"), whose client certificate the "Sandbox (TLS)"
// environment presents. Edits go to a SandboxConfig with apply(); the running server's CA file,
// pin and client certificate file are shown, read-only and copyable (the client key is a
// sandbox-only credential, in a 0600 file beside the CA's own key).
class SandboxTlsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit SandboxTlsEditor(QWidget *parent = nullptr);

    void setConfig(const SandboxConfig &config);
    void apply(SandboxConfig &config) const;
    // What the running server serves; an empty one (http, or stopped) clears the fields.
    void showServed(const SandboxTls &tls);
    // Its inputs and buttons in reading order, for the page's tab chain.
    QList<QWidget *> focusChain() const;

Q_SIGNALS:
    void edited();
    void statusMessage(const QString &message);

private:
    QCheckBox *addSwitchRow(QFormLayout *form, const QString &text, const char *name, const QString &toolTip);
    QLineEdit *addFileRow(QFormLayout *form, const QString &label, const char *name, const QString &placeholder);
    QLineEdit *addShownRow(QFormLayout *form, const QString &label, const char *name, const QString &copied);
    void updateEnabled();

    QCheckBox *m_https = nullptr;
    QLineEdit *m_cert = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_clientCa = nullptr;
    QCheckBox *m_mutual = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_clientFile = nullptr;
    QLineEdit *m_pin = nullptr;
};

} // namespace td
