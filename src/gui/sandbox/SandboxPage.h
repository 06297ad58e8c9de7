// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui/StatusColors.h"

#include <QJsonObject>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QSpinBox;

namespace Ui {
class SandboxPage;
}

namespace td {

class Config;
class CredentialTableModel;
class EndpointCatalog;
class FaultTableModel;
class SandboxHost;
class SandboxTlsEditor;
struct SandboxConfig;

// The embedded sandbox: start and stop it, read what it accepts (credentials), edit its lifetimes,
// KDF, renew shape and HTTPS (applied with a restart that keeps its tokens), export its keys for the
// inspector, arm faults and end BankEzy sessions. The page drives a SandboxHost it does not own.
class SandboxPage : public QWidget
{
    Q_OBJECT
public:
    // Returns the path to save to (empty = cancelled); suggestedName is a file name.
    using SaveFileChooser = std::function<QString(QWidget *parent, const QString &suggestedName)>;

    explicit SandboxPage(SandboxHost &host, QWidget *parent = nullptr);
    ~SandboxPage() override;

    void setSaveFileChooser(SaveFileChooser chooser);
    // Where applied settings are remembered for the next run (SandboxSettings); none: not kept.
    void setSettingsStore(Config *config) { m_settings = config; }

    bool start();
    void stop();
    // The edited settings to the host: a running sandbox restarts with them (tokens, faults and,
    // when free, the port kept); they are stored with setSettingsStore's Config.
    bool applySettings();
    // Re-reads state, settings and faults from the host.
    void refresh();
    // Names endpoints (the fault combo and table) by this catalog, the workspace's with the user
    // specs; it must outlive the page or be replaced. Null: the built-in names.
    void setCatalog(const EndpointCatalog *catalog);

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
    void showEvent(QShowEvent *event) override;

private:
    void showState();
    void showFaultEndpoints(const QStringList &ids);
    void setupSettings();
    void fitPanes();
    void showSettings();
    SandboxConfig editedConfig() const;
    void updateSettingsButtons();
    QSpinBox *durationSpin(int index) const;
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
    const EndpointCatalog *m_catalog = nullptr;
    SandboxTlsEditor *m_tls = nullptr;
    SaveFileChooser m_chooseSaveFile;
    Config *m_settings = nullptr;
    QString m_startError;
};

} // namespace td
