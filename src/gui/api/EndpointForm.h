// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/net/Environment.h"
#include "gui/VaultPicker.h"

#include <QList>
#include <QMap>
#include <QPointer>
#include <QString>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QAction;
class QToolButton;

namespace td {

class Vault;

// The form of one endpoint, generated from its spec: one row per field with its editor (named
// "field_" + field name), a source hint beside it (carried, environment, generated, computed) and
// an inline validation message under it. Empty editors are not explicit values: the page's
// CallContext and the environment fill them, as the hints say. Credential fields (secret ones,
// appKey, username, X-API-KEY) and the BankEzy key-pair fields have a vault button ("vaultButton_"
// + field name) that puts a "vault:NAME" reference into the editor or saves the typed value as a
// vault entry; references are resolved when the request is prepared, not here.
class EndpointForm : public QWidget
{
    Q_OBJECT
public:
    EndpointForm(const EndpointSpec &spec, const EndpointCatalog &catalog, QWidget *parent = nullptr);
    ~EndpointForm() override;

    const EndpointSpec &spec() const { return m_spec; }

    // Where empty fields get their values from; both are only read, and `context` must outlive
    // the form or the next setSources() call. Null context = nothing carried.
    void setSources(const Environment &environment, const CallContext *context);

    // The non-empty editors, by field name: the explicit values of a call.
    QMap<QString, QString> values() const;
    // Replaces every editor's text: names not in `values` are cleared, unknown names ignored.
    void setValues(const QMap<QString, QString> &values);

    // True while no editor holds a value its field rejects.
    bool isValid() const;
    // Marks required fields that nothing will fill (no text, nothing carried, no environment
    // value, no generator). False when there is at least one; the first gets the focus.
    bool checkRequired();

    QWidget *editor(const QString &fieldName) const;
    // The message under a field ("Account number: at most 19 digits, got 20"); empty when fine.
    QString message(const QString &fieldName) const;
    QString hint(const QString &fieldName) const;

    // The open vault for the vault buttons; null (or a locked vault) disables them.
    void setVault(Vault *vault);
    // The seams that pick an entry and name a new one (tests answer them).
    void setVaultPrompts(VaultPicker::Chooser choose, VaultPicker::NameAsker askName);
    // "Use vault entry…": false when the field has no vault button, there is no vault, or the
    // picker was cancelled.
    bool useVaultEntry(const QString &fieldName);
    // "Save this value to the vault…": the editor's text becomes an entry (an app key or a login
    // when the field is appSecret / password and the form knows the appKey / username), the
    // vault is saved and the editor then holds the reference. False when nothing was saved.
    bool saveToVault(const QString &fieldName);

    // Whether a field gets a vault button, and whether it names a key rather than a credential.
    static bool takesVaultEntry(const FieldSpec &field);
    static bool takesVaultKey(const FieldSpec &field);

Q_SIGNALS:
    void validityChanged(bool valid);
    void edited();
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row {
        const FieldSpec *field = nullptr;
        QLineEdit *line = nullptr;
        QPlainTextEdit *text = nullptr;
        QToolButton *reveal = nullptr;
        QToolButton *vault = nullptr;
        QAction *useVault = nullptr;
        QAction *saveVault = nullptr;
        QLabel *hint = nullptr;
        QLabel *message = nullptr;
        QString problem;       // validation sentence, or the required sentence after checkRequired()
        bool requiredProblem = false;
    };

    void addRow(QFormLayout *layout, const FieldSpec &field);
    QString textOf(const Row &row) const;
    void onEdited(Row &row);
    void validate(Row &row);
    void updateHint(Row &row);
    void showProblem(Row &row);
    void updateEcho(Row &row);
    void updateVaultButton(Row &row);
    void updateVaultButtons();
    QString identityFor(const FieldSpec &field) const;
    QString resolvedText(const QString &value) const;
    Row *rowFor(const QString &fieldName);
    const Row *rowFor(const QString &fieldName) const;

    const EndpointSpec &m_spec;
    const EndpointCatalog &m_catalog;
    Environment m_environment;
    const CallContext *m_context = nullptr;
    QList<Row> m_rows;
    bool m_valid = true;
    QPointer<Vault> m_vault;
    VaultPicker::Chooser m_chooseEntry;
    VaultPicker::NameAsker m_askName;
};

} // namespace td
