// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/Environment.h"
#include "gui/StatusColors.h"
#include "gui/VaultPicker.h"

#include <QPointer>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>

namespace Ui {
class EnvironmentsPage;
}

namespace td {

class ComboBoxDelegate;
class EndpointCatalog;
class EnvironmentStore;
class EnvironmentTableModel;
class KeyValueTableModel;
class OverrideTableModel;
class Vault;

// The environments editor: the list (the built-in Sandbox first, read-only) and a form for the
// selected one. Edits stay in the form until Save hands them to the store, which writes
// environments.json without the secret values. With a vault open, a value row can name a vault
// entry ("vault:NAME") or have its secret moved into the vault, so it survives restarts.
class EnvironmentsPage : public QWidget
{
    Q_OBJECT
public:
    // Seams for tests: a yes/no question, and the extra-CA file dialog (empty = cancelled).
    using Confirm = std::function<bool(QWidget *parent, const QString &question)>;
    using FileChooser = std::function<QString(QWidget *parent)>;

    explicit EnvironmentsPage(EnvironmentStore &store, QWidget *parent = nullptr);
    ~EnvironmentsPage() override;

    void setConfirm(Confirm confirm);
    void setCaFileChooser(FileChooser chooser);
    // The open vault for the vault buttons; null when none is open or it is locked.
    void setVault(Vault *vault);
    // Seams for tests: how a vault entry is picked and a new entry named.
    void setVaultPrompts(VaultPicker::Chooser choose, VaultPicker::NameAsker askName);
    // The endpoints the per-endpoint overrides offer (the workspace's, user specs included);
    // built-in until set. Not owned.
    void setCatalog(const EndpointCatalog *catalog);

    // Reads environments.json again; a file that cannot be read is reported with the way out (move
    // it aside). Done at construction unless the store already holds environments of its own
    // (reading again would drop the secret values kept in memory).
    void reload();

    bool selectEnvironment(const QString &name);
    QString currentName() const { return m_current; }
    // What Save would store: the selected environment with the form's edits applied.
    Environment editedEnvironment() const;
    bool hasUnsavedChanges() const { return m_dirty; }
    EnvironmentTableModel *model() const { return m_model; }

    bool save();
    void revert();

    // "Use vault entry…" for the selected value row: its value becomes "vault:NAME" (with
    // "#identity" for appKey and username). False when nothing changed.
    bool useVaultEntry();
    // "Move to vault…" for the selected secret value: it becomes a vault entry (an app key or a
    // login when the environment has the appKey / username to go with it), the value becomes the
    // reference, and an environment without other unsaved edits is saved at once.
    bool moveToVault();

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    // Lays Target and Transport side by side when they fit, one above the other when not.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onCurrentRowChanged(int row);
    void onModelReset();
    void showEnvironment(const Environment *environment);
    void setEditable(bool editable);
    void markDirty();
    void updateActions();
    void updateInsecure();
    void validateUrls();
    void newEnvironment();
    void duplicateEnvironment();
    void deleteEnvironment();
    void resetStore();
    void chooseCaFile();
    void showMessage(const QString &text, StatusColors::Tone tone = StatusColors::Tone::Neutral);
    QString uniqueName(const QString &base) const;
    int currentRow() const;
    int selectedValueRow() const;
    void updateVaultButtons();
    QString resolvedText(const QString &value) const;
    void addFamilyUrlRows();
    QList<QLineEdit *> urlEdits() const;

    std::unique_ptr<Ui::EnvironmentsPage> m_ui;
    QList<QPair<QString, QLineEdit *>> m_familyUrlEdits; // family id → its base URL override
    EnvironmentStore &m_store;
    EnvironmentTableModel *m_model = nullptr;
    KeyValueTableModel *m_valuesModel = nullptr;
    KeyValueTableModel *m_headersModel = nullptr;
    OverrideTableModel *m_overridesModel = nullptr;
    ComboBoxDelegate *m_endpointDelegate = nullptr;
    const EndpointCatalog *m_catalog;
    Confirm m_confirm;
    FileChooser m_chooseCaFile;
    QPointer<Vault> m_vault;
    VaultPicker::Chooser m_chooseEntry = &VaultPicker::choose;
    VaultPicker::NameAsker m_askName = &VaultPicker::askName;

    QString m_current;        // the name, as stored, of the environment in the form
    Environment m_original;   // its stored state; the form's edits apply on top
    bool m_dirty = false;
    bool m_filling = false;   // the form is being filled: edits are not the person's
    bool m_selecting = false; // a selection change made by the page itself
};

} // namespace td
