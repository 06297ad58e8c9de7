// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CurlImportApplier.h"

#include "core/evidence/CurlImport.h"
#include "core/net/Environment.h"

#include <QDialog>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace Ui {
class CurlImportDialog;
}

namespace td {

class EndpointCatalog;

// File → Import curl…, Edit → Paste curl command, Ctrl+V on the APIs page: a curl command (typed,
// pasted or read from a file) read by the core's CurlCommand and matched by CurlImport, shown
// before anything changes: the endpoint, the values it fills (secrets as ***), what no field
// takes, where the base URL goes (a new environment or one that has it), and whether secrets go
// into the vault. Once read, a command with secrets is shown masked until "Edit the command".
// Also shows a request from a HAR entry (setImport) with the same choices.
class CurlImportDialog : public QDialog
{
    Q_OBJECT
public:
    using FileChooser = std::function<QString(QWidget *parent)>;

    CurlImportDialog(const EndpointCatalog &catalog, const QList<Environment> &environments, const QString &currentEnvironment,
                     bool vaultOpen, QWidget *parent = nullptr);
    ~CurlImportDialog() override;

    // Reads `text` as a command (the box shows it masked once read).
    void setCommandText(const QString &text);
    // Reads the command in a file (at most CurlCommand::kMaxText); false with the message shown.
    bool loadFile(const QString &path);
    // A request already read elsewhere (a HAR entry): no command box.
    void setImport(const CurlImport &import, const QString &source);
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

    const std::optional<CurlImport> &import() const { return m_import; }
    CurlImportApplier::Choice choice() const;
    QString errorText() const;

private:
    void buildLayout();
    void connectSignals();
    void readCommand();
    void onTextChanged();
    void clearPreview();
    void toggleEditing();
    void openFile();
    void showImport();
    void showError(const QString &message);
    void fillEnvironments();
    void updateEnvironmentInputs();
    void updateFillButton();
    QString suggestedName() const;

    std::unique_ptr<Ui::CurlImportDialog> m_ui;
    const EndpointCatalog &m_catalog;
    QList<Environment> m_environments;
    QString m_currentEnvironment;
    bool m_vaultOpen = false;
    QString m_original;          // the command as given; the box may show it masked
    bool m_showingMasked = false;
    bool m_editing = false;      // after "Edit the command": read again only when asked
    std::optional<CurlImport> m_import;
    FileChooser m_chooseFile;

    QLabel *m_intro = nullptr;
    QPlainTextEdit *m_command = nullptr;
    QPushButton *m_openFile = nullptr;
    QPushButton *m_read = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_endpoint = nullptr;
    QTreeWidget *m_values = nullptr;
    QListWidget *m_unmatched = nullptr;
    QComboBox *m_environment = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QCheckBox *m_saveSecrets = nullptr;
    QLabel *m_vaultNote = nullptr;
    QPushButton *m_fill = nullptr;
};

} // namespace td
