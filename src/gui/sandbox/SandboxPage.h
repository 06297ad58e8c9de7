// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui/StatusColors.h"

#include <QJsonObject>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;

namespace Ui {
class SandboxPage;
}

namespace td {

class CredentialTableModel;
class FaultTableModel;
class SandboxHost;

// The embedded sandbox: start and stop it, read what it accepts (credentials), export its keys
// for the inspector, arm faults and end BankEzy sessions. The page drives a SandboxHost it does
// not own.
class SandboxPage : public QWidget
{
    Q_OBJECT
public:
    // Returns the path to save to (empty = cancelled); suggestedName is a file name.
    using SaveFileChooser = std::function<QString(QWidget *parent, const QString &suggestedName)>;

    explicit SandboxPage(SandboxHost &host, QWidget *parent = nullptr);
    ~SandboxPage() override;

    void setSaveFileChooser(SaveFileChooser chooser);

    bool start();
    void stop();
    // Re-reads state, settings and faults from the host.
    void refresh();

    CredentialTableModel *credentialModel() const { return m_credentials; }
    FaultTableModel *faultModel() const { return m_faults; }

Q_SIGNALS:
    // After a start with the URL it listens on; after a stop with an empty URL.
    void sandboxUrlChanged(const QUrl &url);
    void statusMessage(const QString &message);
    // "Add all three to the vault": the Workbench stores the keys in the open vault.
    void addKeysToVaultRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showState();
    void showSettings(const QJsonObject &config);
    void addFault();
    void clearFaults();
    void terminate();
    void copyKey(const QString &member, bool secret);
    void saveKey(const QString &member, const QString &fileName);
    void copyCredential();
    void updateFaultValueHint();
    void setLabel(QLabel *label, const QString &text, StatusColors::Tone tone);

    std::unique_ptr<Ui::SandboxPage> m_ui;
    SandboxHost &m_host;
    CredentialTableModel *m_credentials = nullptr;
    FaultTableModel *m_faults = nullptr;
    SaveFileChooser m_chooseSaveFile;
    QString m_startError;
};

} // namespace td
