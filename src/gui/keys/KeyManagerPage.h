// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui/StatusColors.h"
#include "gui/keys/ChangePassphraseDialog.h"
#include "gui/keys/CredentialDialog.h"
#include "gui/keys/GenerateKeyDialog.h"
#include "gui/keys/ImportKeyDialog.h"

#include "core/vault/Vault.h"

#include <QDateTime>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class KeyManagerPage;
}

namespace td {

class VaultEntryFilterModel;
class VaultHandle;
class VaultEntryModel;

// The key manager: creates the vault on first run, unlocks it, and then shows its entries in a
// filterable table with a detail pane to edit them; generates, imports, exports and deletes keys
// and credentials. Every change is saved at once; a failed save is shown and the change is kept
// in memory. Owns the Vault once it is open and tells the rest of the window when it opens and
// locks. Every dialog and question goes through a seam that tests can pre-answer.
class KeyManagerPage : public QWidget
{
    Q_OBJECT
public:
    enum class ExportFormat { Jwk, Pem, Base64UrlJwk };
    enum class Panel { FirstRun, Unlock, Entries };

    using Confirm = std::function<bool(QWidget *parent, const QString &question)>;
    using OpenFileChooser = std::function<QString(QWidget *parent)>;                              // empty = cancelled
    using SaveFileChooser = std::function<QString(QWidget *parent, const QString &suggestedName)>; // empty = cancelled
    using GenerateRequester = std::function<std::optional<GenerateKeyRequest>(QWidget *parent)>;
    using ImportRequester = std::function<std::optional<ImportKeyRequest>(QWidget *parent, const OpenFileChooser &chooseFile)>;
    using CredentialRequester = std::function<std::optional<CredentialRequest>(QWidget *parent)>;
    using PassphraseChangeRequester = std::function<std::optional<PassphraseChange>(QWidget *parent)>;
    // The passphrase of a PKCS#12 file or an encrypted key being imported; nullopt = cancelled.
    using SecretRequester = std::function<std::optional<SecureBytes>(QWidget *parent, const QString &prompt)>;

    static constexpr int kUndoMs = 10 * 1000;

    // Opens, creates and locks the vault of `vault` (the workspace's handle, which holds it).
    explicit KeyManagerPage(VaultHandle &vault, QWidget *parent = nullptr);
    ~KeyManagerPage() override;

    // Cost of a vault created here (default: the core's default). Tests use small parameters.
    void setScryptParams(const ScryptParams &params) { m_params = params; }
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setOpenFileChooser(OpenFileChooser chooser) { m_chooseOpenFile = std::move(chooser); }
    void setSaveFileChooser(SaveFileChooser chooser) { m_chooseSaveFile = std::move(chooser); }
    void setGenerateRequester(GenerateRequester requester) { m_askGenerate = std::move(requester); }
    void setImportRequester(ImportRequester requester) { m_askImport = std::move(requester); }
    void setCredentialRequester(CredentialRequester requester) { m_askCredential = std::move(requester); }
    void setPassphraseChangeRequester(PassphraseChangeRequester requester) { m_askPassphraseChange = std::move(requester); }
    void setSecretRequester(SecretRequester requester) { m_askSecret = std::move(requester); }
    // Where "now" is for a certificate's expiry warning (tests fix it).
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }

    QString vaultPath() const;
    // Null until the vault was created or unlocked here; afterwards kept while locked (isLocked()).
    Vault *vault() const;
    Panel panel() const;
    VaultEntryModel *model() const { return m_model; }
    VaultEntryFilterModel *filterModel() const { return m_filter; }

    bool selectEntry(const QString &name);
    QString currentName() const { return m_current; }
    bool hasUnsavedChanges() const { return m_dirty; }

    // The actions behind the buttons; each reports through the message line and statusMessage.
    bool createVault(const SecureBytes &passphrase);
    bool unlock(const SecureBytes &passphrase);
    void lockNow();
    // The vault's idle lock, in minutes (0: never); saved in the vault.
    bool setIdleLockMinutes(int minutes);
    bool generateKey();
    bool importKeys();
    bool importText(const QString &name, QByteArrayView text);
    bool importFile(const QString &path);
    bool addCredential();
    bool deleteCurrent();
    bool undoDelete();
    bool exportCurrent(bool includePrivate, ExportFormat format, bool toFile);
    bool saveDetails();
    bool changePassphrase();

Q_SIGNALS:
    void vaultOpened(td::Vault *vault);
    void vaultLocked();
    void statusMessage(const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void setupTable();
    void setupDetails();
    void showPanel(Panel panel);
    void attachVault(std::unique_ptr<Vault> vault);
    void onLockedChanged(bool locked);
    void onCurrentRowChanged(const QModelIndex &current);
    void onModelReset();
    void showEntry(const QString &name);
    // Shows the entry in the pane and selects its row (when the filter lets it through).
    void focusEntry(const QString &name);
    void markDirty();
    void updateActions();
    void updateCreateHint();
    void focusPanel();
    void updateSecretView();
    void showCertificate(const VaultEntry &entry);
    bool importClientCertificate(const QString &name, QByteArrayView data);
    void updateExportChoices();
    void copySecret();
    void startUndo(const VaultEntry &removed);
    void clearUndo();
    // Saves the vault; on failure shows why (the change stays in memory) and returns false.
    bool saveVault(const QString &doneMessage);
    bool addEntry(const VaultEntry &entry);
    QString uniqueName(const QString &base) const;
    std::optional<VaultEntry> currentEntry() const;
    void showMessage(const QString &text, StatusColors::Tone tone = StatusColors::Tone::Neutral);

    std::unique_ptr<Ui::KeyManagerPage> m_ui;
    ScryptParams m_params;
    VaultHandle &m_handle;
    VaultEntryModel *m_model = nullptr;
    VaultEntryFilterModel *m_filter = nullptr;

    Confirm m_confirm;
    OpenFileChooser m_chooseOpenFile;
    SaveFileChooser m_chooseSaveFile;
    GenerateRequester m_askGenerate;
    ImportRequester m_askImport;
    SecretRequester m_askSecret;
    std::function<QDateTime()> m_now;
    CredentialRequester m_askCredential;
    PassphraseChangeRequester m_askPassphraseChange;

    QString m_current;      // the name of the entry in the detail pane
    bool m_dirty = false;
    bool m_filling = false;
    bool m_selecting = false;
    std::optional<VaultEntry> m_undoEntry;
    QTimer m_undoTimer;
    QString m_messageText;
    StatusColors::Tone m_messageTone = StatusColors::Tone::Neutral;
};

} // namespace td
