// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportKeyDialog.h"

#include "gui/StatusColors.h"

#include "core/jose/KeyFormats.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace td {

namespace {
constexpr qint64 kMaxKeyFileBytes = 1024 * 1024;
}

ImportKeyDialog::ImportKeyDialog(FileChooser chooseFile, QWidget *parent)
    : QDialog(parent), m_chooseFile(std::move(chooseFile))
{
    setWindowTitle(tr("Import a key"));
    setObjectName(QStringLiteral("ImportKeyDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("importNameEdit"));
    m_nameEdit->setPlaceholderText(tr("empty: the key's kid"));
    form->addRow(tr("&Name:"), m_nameEdit);
    layout->addLayout(form);

    auto *textLabel = new QLabel(tr("Paste the key (JWK, JWK Set, PEM, base64url JWK, hex or base64 oct), or load a file:"), this);
    textLabel->setWordWrap(true);
    layout->addWidget(textLabel);
    m_textEdit = new QPlainTextEdit(this);
    m_textEdit->setObjectName(QStringLiteral("importTextEdit"));
    m_textEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_textEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_textEdit->setMinimumSize(520, 200);
    textLabel->setBuddy(m_textEdit);
    layout->addWidget(m_textEdit, 1);

    auto *row = new QHBoxLayout;
    m_previewLabel = new QLabel(this);
    m_previewLabel->setObjectName(QStringLiteral("importPreviewLabel"));
    m_previewLabel->setWordWrap(true);
    row->addWidget(m_previewLabel, 1);
    auto *fileButton = new QPushButton(tr("From &file…"), this);
    fileButton->setObjectName(QStringLiteral("importFileButton"));
    row->addWidget(fileButton, 0, Qt::AlignTop);
    layout->addLayout(row);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    m_okButton->setText(tr("Import"));
    layout->addWidget(buttons);

    connect(fileButton, &QPushButton::clicked, this, &ImportKeyDialog::loadFile);
    connect(m_textEdit, &QPlainTextEdit::textChanged, this, &ImportKeyDialog::updatePreview);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updatePreview();
}

void ImportKeyDialog::loadFile()
{
    const QString path = m_chooseFile ? m_chooseFile(this) : QString();
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxKeyFileBytes) {
        m_previewLabel->setText(tr("Cannot read %1: %2").arg(path, file.isOpen() ? tr("larger than 1 MiB") : file.errorString()));
        m_previewLabel->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Error, palette()));
        return;
    }
    m_textEdit->setPlainText(QString::fromUtf8(file.readAll()));
    if (m_nameEdit->text().isEmpty())
        m_nameEdit->setText(QFileInfo(path).completeBaseName());
}

void ImportKeyDialog::updatePreview()
{
    const QByteArray text = m_textEdit->toPlainText().toUtf8();
    if (text.trimmed().isEmpty()) {
        m_previewLabel->setText(tr("Nothing pasted yet."));
        m_previewLabel->setStyleSheet(QString());
        m_okButton->setEnabled(false);
        return;
    }
    const Result<ImportedKeys> parsed = KeyFormats::parse(text);
    if (!parsed) {
        m_previewLabel->setText(parsed.error().toString());
        m_previewLabel->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Error, palette()));
        m_okButton->setEnabled(false);
        return;
    }
    QStringList described;
    for (const Jwk &key : parsed->keys)
        described << key.describe();
    m_previewLabel->setText(tr("%1: %2").arg(keyFormatName(parsed->format), described.join(QStringLiteral(", "))));
    m_previewLabel->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Ok, palette()));
    m_okButton->setEnabled(true);
}

ImportKeyRequest ImportKeyDialog::request() const
{
    return {m_nameEdit->text().trimmed(), m_textEdit->toPlainText().toUtf8()};
}

std::optional<ImportKeyRequest> ImportKeyDialog::ask(QWidget *parent, const FileChooser &chooseFile)
{
    ImportKeyDialog dialog(chooseFile, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.request();
}

} // namespace td
