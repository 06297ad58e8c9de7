// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/evidence/CurlImport.h"
#include "core/evidence/HarImport.h"
#include "core/evidence/HarLog.h"
#include "core/jose/KeyCandidates.h"

#include <QDialog>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace Ui {
class HarImportDialog;
}

namespace td {

class EndpointCatalog;

// File → Import HAR…: the token calls of a browser's HAR export (the core's HarImport: matched
// endpoint, status, time), each shown as TokenDesk shows an exchange (secrets and tokens masked,
// an encrypted body opened with a key that fits, the tokens inspected). An entry goes on to the
// APIs page (its request read like a pasted curl command) or its token into the inspector.
class HarImportDialog : public QDialog
{
    Q_OBJECT
public:
    using FileChooser = std::function<QString(QWidget *parent)>;

    // `keys`: the inspector's keys (the vault's when it is open), tried on encrypted bodies.
    HarImportDialog(const EndpointCatalog &catalog, const QList<NamedKey> &keys, QWidget *parent = nullptr);
    ~HarImportDialog() override;

    // Reads the file (at most HarLog::kMaxBytes); false with the reader's message shown.
    bool loadFile(const QString &path);
    bool loadData(QByteArrayView har, const QString &name);
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

    const HarImport &harImport() const { return m_import; }
    int currentCall() const; // index into harImport().calls, -1 when none is selected
    void selectCall(int index);
    QString errorText() const;
    // The exchange as shown for a call (what the detail pane holds).
    static QString describe(const HarCall &call);
    // A HAR entry's request read as a pasted curl command would be (same matching, same fields).
    static CurlImport requestOf(const HarEntry &entry, const EndpointCatalog &catalog);

Q_SIGNALS:
    void openInApiPage(const td::CurlImport &import, const QString &source);
    void openInInspector(const QString &token);

private:
    void buildLayout();
    void openFile();
    void showCalls();
    void showCurrent();
    void emitOpenInApiPage();
    void emitOpenInInspector();

    std::unique_ptr<Ui::HarImportDialog> m_ui;
    const EndpointCatalog &m_catalog;
    QList<NamedKey> m_keys;
    HarLog m_log;
    HarImport m_import;
    FileChooser m_chooseFile;

    QPushButton *m_openFile = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_calls = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPushButton *m_toApi = nullptr;
    QPushButton *m_toInspector = nullptr;
};

} // namespace td
