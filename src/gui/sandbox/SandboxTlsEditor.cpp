// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxTlsEditor.h"

#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxTls.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace td {

SandboxTlsEditor::SandboxTlsEditor(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sandboxTlsEditor"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_https = addSwitchRow(form, tr("Serve HTTPS"), "httpsCheck",
                           tr("Like tokendesk-sandbox --tls: the sandbox's own CA, made once in its state folder and "
                              "kept, issues a certificate for localhost and 127.0.0.1; trust it with the "
                              "\"Sandbox (TLS)\" environment"));
    m_cert = addFileRow(form, tr("Certificate:"), "tlsCertEdit", tr("none: the sandbox's own CA issues one"));
    m_key = addFileRow(form, tr("Its key:"), "tlsKeyEdit", tr("in the certificate file"));
    m_clientCa = addFileRow(form, tr("Client CA:"), "clientCaEdit", tr("none: no client certificate asked for"));
    m_clientCa->setAccessibleName(tr("Require client certificates signed by"));
    m_clientCa->setToolTip(tr("Require client certificates signed by a CA in this PEM file (mutual TLS, like --client-ca)"));
    m_mutual = addSwitchRow(form, tr("Require client certificates from the sandbox's own CA"), "mutualTlsCheck",
                            tr("Like tokendesk-sandbox --tls --mtls: mutual TLS with nothing to bring; the sandbox's CA "
                               "signs a client certificate that the \"Sandbox (TLS)\" environment presents, while "
                               "\"Sandbox\" goes without one and is refused"));
    m_caFile = addShownRow(form, tr("CA file:"), "tlsCaFileEdit", tr("CA file path copied"));
    m_caFile->setToolTip(tr("Clients trust the sandbox with this file (--ca-file); the \"Sandbox (TLS)\" environment does"));
    m_pin = addShownRow(form, tr("Server pin:"), "tlsPinEdit", tr("Server pin copied"));
    m_pin->setToolTip(tr("The SHA-256 of the server key, for --pin"));
    m_clientFile = addShownRow(form, tr("Client certificate:"), "tlsClientFileEdit", tr("Client certificate path copied"));
    m_clientFile->setToolTip(tr("Certificate and key signed by the sandbox's CA, for --client-cert or an environment's "
                                "client certificate"));
    connect(m_cert, &QLineEdit::textChanged, this, &SandboxTlsEditor::updateEnabled);
    updateEnabled();
}

// A whole-row check box; a toggle updates what is enabled and counts as an edit.
QCheckBox *SandboxTlsEditor::addSwitchRow(QFormLayout *form, const QString &text, const char *name, const QString &toolTip)
{
    auto *check = new QCheckBox(text, this);
    check->setObjectName(QLatin1String(name));
    check->setToolTip(toolTip);
    connect(check, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        emit edited();
    });
    form->addRow(check);
    return check;
}

QLineEdit *SandboxTlsEditor::addFileRow(QFormLayout *form, const QString &label, const char *name, const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    edit->setAccessibleName(QString(label).remove(QLatin1Char(':')));
    edit->setMinimumWidth(80);
    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QLatin1String(name).chopped(4) + QStringLiteral("BrowseButton"));
    browse->setAccessibleName(tr("Browse for %1").arg(edit->accessibleName().toLower()));
    connect(browse, &QPushButton::clicked, this, [this, edit] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a PEM file"), QDir::homePath(),
                                                          tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    connect(edit, &QLineEdit::textChanged, this, &SandboxTlsEditor::edited);
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

QLineEdit *SandboxTlsEditor::addShownRow(QFormLayout *form, const QString &label, const char *name, const QString &copied)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QLatin1String(name));
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setPlaceholderText(tr("when HTTPS is served"));
    edit->setAccessibleName(QString(label).remove(QLatin1Char(':')));
    edit->setMinimumWidth(80);
    auto *copy = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy"), this);
    copy->setObjectName(QLatin1String(name).chopped(4) + QStringLiteral("CopyButton"));
    copy->setAccessibleName(tr("Copy %1").arg(edit->accessibleName().toLower()));
    connect(copy, &QPushButton::clicked, this, [this, edit, copied] {
        if (edit->text().isEmpty())
            return;
        QGuiApplication::clipboard()->setText(edit->text());
        emit statusMessage(copied);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(copy);
    form->addRow(label, row);
    return edit;
}

QList<QWidget *> SandboxTlsEditor::focusChain() const
{
    QList<QWidget *> chain;
    for (QWidget *widget : findChildren<QWidget *>()) { // creation order: row by row, left to right
        if (widget->focusPolicy() & Qt::TabFocus)
            chain.append(widget);
    }
    return chain;
}

// The own CA's mutual TLS needs HTTPS from the own CA (no certificate file), and stands for a
// client CA file.
void SandboxTlsEditor::updateEnabled()
{
    const bool https = m_https->isChecked();
    m_mutual->setEnabled(https && m_cert->text().trimmed().isEmpty());
    const bool ownMutual = m_mutual->isEnabled() && m_mutual->isChecked();
    for (QLineEdit *edit : {m_cert, m_key, m_clientCa})
        edit->setEnabled(https && !(edit == m_clientCa && ownMutual));
    for (QPushButton *browse : findChildren<QPushButton *>()) {
        if (browse->objectName().endsWith(QLatin1String("BrowseButton")))
            browse->setEnabled(https && !(browse->objectName().startsWith(QLatin1String("clientCa")) && ownMutual));
    }
}

void SandboxTlsEditor::setConfig(const SandboxConfig &config)
{
    const QSignalBlocker blocker(this); // one edited() for the whole page, from its caller
    m_https->setChecked(config.servesHttps());
    m_cert->setText(config.tlsCertFile);
    m_key->setText(config.tlsKeyFile);
    // The own CA's file, put there by SandboxHost for mutual TLS, is not the person's choice.
    m_clientCa->setText(config.ownMutualTls ? QString() : config.clientCaFile);
    m_mutual->setChecked(config.ownMutualTls);
    updateEnabled();
}

void SandboxTlsEditor::apply(SandboxConfig &config) const
{
    const bool https = m_https->isChecked();
    config.tlsCertFile = https ? m_cert->text().trimmed() : QString();
    config.tlsKeyFile = https ? m_key->text().trimmed() : QString();
    config.ownTls = https && config.tlsCertFile.isEmpty();
    config.ownMutualTls = config.ownTls && m_mutual->isChecked();
    config.clientCaFile = https && !config.ownMutualTls ? m_clientCa->text().trimmed() : QString();
}

void SandboxTlsEditor::showServed(const SandboxTls &tls)
{
    m_caFile->setText(QDir::toNativeSeparators(tls.caFile));
    m_pin->setText(tls.pin);
    m_clientFile->setText(QDir::toNativeSeparators(tls.clientFile));
    for (QLineEdit *edit : {m_caFile, m_pin, m_clientFile})
        edit->setCursorPosition(0);
}

} // namespace td
