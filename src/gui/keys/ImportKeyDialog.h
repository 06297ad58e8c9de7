// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QString>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace td {

// Key text to import (JWK, JWK Set, PEM, base64url JWK, hex or base64 oct) and the name to file
// it under (empty: the kid, or "Imported key").
struct ImportKeyRequest {
    QString name;
    QByteArray text;
};

// Paste a key, or load one from a file; the detected format and key are shown as you type.
class ImportKeyDialog : public QDialog
{
    Q_OBJECT
public:
    using FileChooser = std::function<QString(QWidget *parent)>;

    explicit ImportKeyDialog(FileChooser chooseFile, QWidget *parent = nullptr);

    ImportKeyRequest request() const;
    static std::optional<ImportKeyRequest> ask(QWidget *parent, const FileChooser &chooseFile);

private:
    void loadFile();
    void updatePreview();

    FileChooser m_chooseFile;
    QLineEdit *m_nameEdit = nullptr;
    QPlainTextEdit *m_textEdit = nullptr;
    QLabel *m_previewLabel = nullptr;
    QPushButton *m_okButton = nullptr;
};

} // namespace td
