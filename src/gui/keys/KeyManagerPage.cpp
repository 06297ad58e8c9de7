// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyManagerPage.h"

#include "core/vault/VaultHandle.h"

#include "PassphraseStrength.h"
#include "VaultEntryFilterModel.h"
#include "VaultEntryModel.h"
#include "gui/GuiResources.h"
#include "gui/SecretClipboard.h"

#include "core/io/SafeFile.h"
#include "core/jose/KeyFormats.h"
#include "core/net/CertificateValidity.h"
#include "core/net/ClientCertificate.h"
#include "core/net/TlsSessionInfo.h"

#include "ui_KeyManagerPage.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QInputDialog>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QRegularExpression>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QUrl>

namespace td {

namespace {

using Tone = StatusColors::Tone;

// Shown instead of a hidden secret, so the real value is only put in a widget when revealed.
const QString &maskedSecret()
{
    static const QString mask(12, QChar(0x2022));
    return mask;
}

QStringList splitList(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        if (!item.isEmpty() && !items.contains(item, Qt::CaseInsensitive))
            items << item;
    }
    return items;
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                          : KeyManagerPage::tr("never");
}

QString fileSuffix(KeyManagerPage::ExportFormat format)
{
    switch (format) {
    case KeyManagerPage::ExportFormat::Jwk:
        return QStringLiteral(".jwk.json");
    case KeyManagerPage::ExportFormat::Pem:
        return QStringLiteral(".pem");
    case KeyManagerPage::ExportFormat::Base64UrlJwk:
        return QStringLiteral(".b64jwk.txt");
    }
    return {};
}

// "CN=a,O=b" as "CN=a, O=b": a label can wrap it.
QString readableName(const QString &rfc2253)
{
    QString text = rfc2253;
    return text.replace(QRegularExpression(QStringLiteral("(?<!\\\\),")), QStringLiteral(", "));
}

} // namespace

KeyManagerPage::KeyManagerPage(VaultHandle &vault, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::KeyManagerPage>()), m_handle(vault)
{
    ensureGuiResources();
    m_ui->setupUi(this);
    setAcceptDrops(true);

    m_confirm = [](QWidget *dialogParent, const QString &question) {
        return QMessageBox::question(dialogParent, tr("Key manager"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No)
            == QMessageBox::Yes;
    };
    m_chooseOpenFile = [](QWidget *dialogParent) {
        return QFileDialog::getOpenFileName(dialogParent, tr("Import a key"), QString(),
                                            tr("Keys and client certificates (*.pem *.jwk *.json *.key *.txt *.crt *.p12 *.pfx);;"
                                               "All files (*)"));
    };
    m_chooseSaveFile = [](QWidget *dialogParent, const QString &suggestedName) {
        return QFileDialog::getSaveFileName(dialogParent, tr("Export the key"), suggestedName);
    };
    m_askGenerate = &GenerateKeyDialog::ask;
    m_askImport = &ImportKeyDialog::ask;
    m_askCredential = &CredentialDialog::ask;
    m_askPassphraseChange = &ChangePassphraseDialog::ask;
    m_askSecret = [](QWidget *dialogParent, const QString &prompt) -> std::optional<SecureBytes> {
        bool ok = false;
        const QString text = QInputDialog::getText(dialogParent, tr("Import a client certificate"), prompt,
                                                   QLineEdit::Password, QString(), &ok);
        return ok ? std::optional<SecureBytes>(SecureBytes(text.toUtf8())) : std::nullopt;
    };
    m_now = [] { return QDateTime::currentDateTimeUtc(); };

    m_undoTimer.setSingleShot(true);
    m_undoTimer.setInterval(kUndoMs);
    connect(&m_undoTimer, &QTimer::timeout, this, &KeyManagerPage::clearUndo);

    setupTable();
    setupDetails();

    const QString nativePath = QDir::toNativeSeparators(m_handle.path());
    m_ui->createIntroLabel->setText(
        tr("Keys and pre-shared credentials are kept in one file, encrypted with a passphrase that is never "
           "stored:\n%1\nThere is no way to recover the entries without it.")
            .arg(nativePath));
    m_ui->unlockIntroLabel->setText(tr("Enter the passphrase of %1").arg(nativePath));
    m_ui->createButton->setDefault(true);
    m_ui->unlockButton->setDefault(true);
    m_ui->createButtonRow->setStretch(0, 1);
    m_ui->unlockButtonRow->setStretch(0, 1);
    for (QPushButton *button : {m_ui->createButton, m_ui->unlockButton})
        button->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    showMessage(QString());
    connect(m_ui->newPassphraseEdit, &QLineEdit::textChanged, this, &KeyManagerPage::updateCreateHint);
    connect(m_ui->repeatPassphraseEdit, &QLineEdit::textChanged, this, &KeyManagerPage::updateCreateHint);
    connect(m_ui->createButton, &QPushButton::clicked, this, [this] {
        if (m_ui->newPassphraseEdit->text() != m_ui->repeatPassphraseEdit->text())
            return;
        createVault(SecureBytes(m_ui->newPassphraseEdit->text().toUtf8()));
    });
    connect(m_ui->repeatPassphraseEdit, &QLineEdit::returnPressed, m_ui->createButton, &QPushButton::click);
    connect(m_ui->unlockButton, &QPushButton::clicked, this,
            [this] { unlock(SecureBytes(m_ui->passphraseEdit->text().toUtf8())); });
    connect(m_ui->passphraseEdit, &QLineEdit::returnPressed, m_ui->unlockButton, &QPushButton::click);
    connect(m_ui->passphraseEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_ui->unlockButton->setEnabled(!text.isEmpty()); });
    m_ui->unlockButton->setEnabled(false);

    connect(m_ui->filterEdit, &QLineEdit::textChanged, m_filter, &VaultEntryFilterModel::setFilterText);
    connect(m_ui->generateButton, &QPushButton::clicked, this, &KeyManagerPage::generateKey);
    connect(m_ui->importButton, &QPushButton::clicked, this, &KeyManagerPage::importKeys);
    connect(m_ui->addCredentialButton, &QPushButton::clicked, this, &KeyManagerPage::addCredential);
    connect(m_ui->deleteButton, &QPushButton::clicked, this, &KeyManagerPage::deleteCurrent);
    connect(m_ui->undoButton, &QPushButton::clicked, this, &KeyManagerPage::undoDelete);
    connect(m_ui->lockButton, &QPushButton::clicked, this, &KeyManagerPage::lockNow);
    connect(m_ui->idleLockSpin, &QSpinBox::editingFinished, this, [this] { setIdleLockMinutes(m_ui->idleLockSpin->value()); });
    connect(m_ui->changePassphraseButton, &QPushButton::clicked, this, &KeyManagerPage::changePassphrase);
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_ui->entryTable);
    deleteKey->setContext(Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &KeyManagerPage::deleteCurrent);
    // Ctrl+F is the window's (Edit ▸ Filter the list): it focuses filterEdit on every page.
    auto *undo = new QShortcut(QKeySequence::Undo, m_ui->entryTable);
    undo->setContext(Qt::WidgetShortcut);
    connect(undo, &QShortcut::activated, this, &KeyManagerPage::undoDelete);

    updateCreateHint();
    showPanel(QFileInfo::exists(m_handle.path()) ? Panel::Unlock : Panel::FirstRun);
}

KeyManagerPage::~KeyManagerPage()
{
    // The vault may lock itself (and signal) while it is destroyed: by then the members it would
    // reach are gone.
    // The vault stays with the workspace's handle.
    if (Vault *held = vault()) {
        disconnect(held, nullptr, this, nullptr);
        m_model->setVault(nullptr);
    }
}

Vault *KeyManagerPage::vault() const
{
    return m_handle.get();
}

QString KeyManagerPage::vaultPath() const
{
    return m_handle.path();
}

void KeyManagerPage::focusEntry(const QString &name)
{
    m_dirty = false;
    showEntry(name);
    m_selecting = true;
    selectEntry(name);
    m_selecting = false;
}

void KeyManagerPage::setupTable()
{
    m_model = new VaultEntryModel(this);
    m_filter = new VaultEntryFilterModel(this);
    m_filter->setEntryModel(m_model);
    QTableView *table = m_ui->entryTable;
    table->setModel(m_filter);
    // Sorting only when a header is clicked: the vault already lists entries by name, and a sorted
    // proxy would sort again on every keystroke of the filter.
    table->setSortingEnabled(false);
    QHeaderView *header = table->horizontalHeader();
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(VaultEntryModel::NameColumn, Qt::AscendingOrder);
    connect(header, &QHeaderView::sortIndicatorChanged, m_filter,
            [this](int column, Qt::SortOrder order) { m_filter->sort(column, order); });
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    // Wide enough for the longest kind ("App key + secret") next to its icon.
    table->setColumnWidth(VaultEntryModel::KindColumn,
                          fontMetrics().horizontalAdvance(VaultEntryModel::tr("App key + secret")) + 3 * em);
    table->setColumnWidth(VaultEntryModel::NameColumn, 14 * em);
    table->setColumnWidth(VaultEntryModel::TagsColumn, 9 * em);
    table->setColumnWidth(VaultEntryModel::ThumbprintColumn, 10 * em);
    table->setColumnWidth(VaultEntryModel::EnvironmentsColumn, 9 * em);
    // Fixed row heights: no per-row measuring with thousands of entries.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    table->verticalHeader()->hide();
    table->setTextElideMode(Qt::ElideRight);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);

    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &KeyManagerPage::onCurrentRowChanged);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &KeyManagerPage::onModelReset);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, [this] {
        // A filter that hides the selected entry leaves the detail pane as it is (with its edits).
        if (!m_current.isEmpty())
            selectEntry(m_current);
    });

    // The table and details take all the height; the message and undo lines only what they need.
    m_ui->openLayout->setStretchFactor(m_ui->mainSplitter, 1);
    // The details get the larger share: at 1024 px their buttons and thumbprint were cut at the
    // right (a sideways scroll); the table's columns scroll on their own.
    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->mainSplitter->setSizes({400, 600});
}

void KeyManagerPage::setupDetails()
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QWidget *widget : {static_cast<QWidget *>(m_ui->thumbprintEdit), static_cast<QWidget *>(m_ui->kidEdit),
                            static_cast<QWidget *>(m_ui->publicJwkEdit), static_cast<QWidget *>(m_ui->secretEdit),
                            static_cast<QWidget *>(m_ui->identityLabel)})
        widget->setFont(mono);
    QFont title = m_ui->detailTitleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.25);
    title.setBold(true);
    m_ui->detailTitleLabel->setFont(title);
    m_ui->publicJwkEdit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    // The hidden secret is a fixed row of dots, never the value in password mode.
    m_ui->secretEdit->setEchoMode(QLineEdit::Normal);
    m_ui->rotateDateEdit->setDate(QDate::currentDate().addYears(1));
    m_ui->rotateDateEdit->setEnabled(false);
    for (QLabel *label : {m_ui->createdLabel, m_ui->lastUsedLabel, m_ui->keyTypeLabel, m_ui->identityLabel})
        label->setWordWrap(false);
    // Thumbprint and kid are read-only line edits, not labels: a 43-character thumbprint in the
    // fixed font held the pane 12 pixels wider than it is in a 1024-wide window; a line edit
    // scrolls its text inside its own width and still selects and copies it whole.
    m_ui->kidEdit->setPlaceholderText(tr("(none)"));

    m_ui->exportFormatCombo->addItem(tr("JWK"), static_cast<int>(ExportFormat::Jwk));
    m_ui->exportFormatCombo->addItem(tr("PEM"), static_cast<int>(ExportFormat::Pem));
    m_ui->exportFormatCombo->addItem(tr("base64url JWK"), static_cast<int>(ExportFormat::Base64UrlJwk));

    for (QLineEdit *edit : {m_ui->nameEdit, m_ui->tagsEdit, m_ui->environmentsEdit})
        connect(edit, &QLineEdit::textEdited, this, &KeyManagerPage::markDirty);
    connect(m_ui->notesEdit, &QPlainTextEdit::textChanged, this, &KeyManagerPage::markDirty);
    connect(m_ui->rotateCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_ui->rotateDateEdit->setEnabled(on);
        markDirty();
    });
    connect(m_ui->rotateDateEdit, &QDateEdit::dateChanged, this, &KeyManagerPage::markDirty);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &KeyManagerPage::saveDetails);
    connect(m_ui->revertButton, &QPushButton::clicked, this, [this] {
        m_dirty = false;
        showEntry(m_current);
    });
    connect(m_ui->revealCheck, &QCheckBox::toggled, this, &KeyManagerPage::updateSecretView);
    connect(m_ui->copySecretButton, &QPushButton::clicked, this, &KeyManagerPage::copySecret);
    connect(m_ui->exportPartCombo, &QComboBox::currentIndexChanged, this, &KeyManagerPage::updateExportChoices);
    const auto exportNow = [this](bool toFile) {
        const bool includePrivate = m_ui->exportPartCombo->currentData().toBool();
        const auto format = static_cast<ExportFormat>(m_ui->exportFormatCombo->currentData().toInt());
        exportCurrent(includePrivate, format, toFile);
    };
    connect(m_ui->copyExportButton, &QPushButton::clicked, this, [exportNow] { exportNow(false); });
    connect(m_ui->saveExportButton, &QPushButton::clicked, this, [exportNow] { exportNow(true); });
    showEntry(QString());
}

KeyManagerPage::Panel KeyManagerPage::panel() const
{
    QWidget *current = m_ui->stack->currentWidget();
    if (current == m_ui->firstRunPanel)
        return Panel::FirstRun;
    if (current == m_ui->unlockPanel)
        return Panel::Unlock;
    return Panel::Entries;
}

void KeyManagerPage::showPanel(Panel panel)
{
    switch (panel) {
    case Panel::FirstRun:
        m_ui->stack->setCurrentWidget(m_ui->firstRunPanel);
        break;
    case Panel::Unlock:
        m_ui->passphraseEdit->clear();
        m_ui->stack->setCurrentWidget(m_ui->unlockPanel);
        break;
    case Panel::Entries:
        m_ui->stack->setCurrentWidget(m_ui->openPanel);
        break;
    }
    focusPanel();
}

// The field a person types into first on the panel shown: the passphrase to create or unlock
// with, or the filter.
void KeyManagerPage::focusPanel()
{
    QWidget *current = m_ui->stack->currentWidget();
    QWidget *first = current == m_ui->firstRunPanel ? static_cast<QWidget *>(m_ui->newPassphraseEdit)
                     : current == m_ui->unlockPanel ? static_cast<QWidget *>(m_ui->passphraseEdit)
                                                    : static_cast<QWidget *>(m_ui->filterEdit);
    first->setFocus();
}

void KeyManagerPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // setFocus() on a hidden page does nothing, and the window keeps its focus when the page is
    // switched to: without this, the passphrase typed on opening the page goes elsewhere.
    if (!isAncestorOf(QApplication::focusWidget()))
        focusPanel();
}

void KeyManagerPage::updateCreateHint()
{
    const QString first = m_ui->newPassphraseEdit->text();
    const QString second = m_ui->repeatPassphraseEdit->text();
    const bool match = first == second;
    PassphraseStrength::describe(m_ui->strengthLabel, first, match || second.isEmpty());
    m_ui->createButton->setEnabled(!first.isEmpty() && match);
}

bool KeyManagerPage::createVault(const SecureBytes &passphrase)
{
    if (passphrase.isEmpty())
        return false;
    Result<std::unique_ptr<Vault>> created = Vault::create(m_handle.path(), passphrase, m_params);
    if (!created) {
        m_ui->createErrorLabel->setText(created.error().toString());
        m_ui->createErrorLabel->setStyleSheet(StatusColors::labelStyleSheet(Tone::Error, palette()));
        return false;
    }
    m_ui->createErrorLabel->clear();
    m_ui->newPassphraseEdit->clear();
    m_ui->repeatPassphraseEdit->clear();
    attachVault(std::move(created).value());
    showMessage(tr("Created the vault %1. Generate or import a key, or add a credential.")
                    .arg(QDir::toNativeSeparators(m_handle.path())),
                Tone::Ok);
    emit statusMessage(tr("Vault created"));
    return true;
}

bool KeyManagerPage::unlock(const SecureBytes &passphrase)
{
    if (passphrase.isEmpty())
        return false;
    Result<void> opened;
    if (vault()) {
        opened = vault()->unlock(passphrase);
    } else {
        Result<std::unique_ptr<Vault>> vault = Vault::open(m_handle.path(), passphrase);
        if (vault)
            attachVault(std::move(vault).value());
        else
            opened = vault.error();
    }
    m_ui->passphraseEdit->clear();
    if (!opened) {
        m_ui->unlockErrorLabel->setText(opened.error().toString());
        m_ui->unlockErrorLabel->setStyleSheet(StatusColors::labelStyleSheet(Tone::Error, palette()));
        return false;
    }
    m_ui->unlockErrorLabel->clear();
    onLockedChanged(vault()->isLocked());
    return !vault()->isLocked();
}

bool KeyManagerPage::setIdleLockMinutes(int minutes)
{
    if (!vault() || vault()->isLocked())
        return false;
    vault()->setIdleLockMs(minutes * 60 * 1000);
    const QSignalBlocker blocker(m_ui->idleLockSpin);
    m_ui->idleLockSpin->setValue(minutes);
    if (Result<void> saved = vault()->save(); !saved) {
        showMessage(saved.error().toString(), StatusColors::Tone::Error);
        return false;
    }
    showMessage(minutes > 0 ? tr("The vault now locks itself after %n minute(s) without use.", nullptr, minutes)
                            : tr("The vault no longer locks itself when idle; Lock now still does."));
    return true;
}

void KeyManagerPage::attachVault(std::unique_ptr<Vault> opened)
{
    m_handle.set(std::shared_ptr<Vault>(std::move(opened)));
    connect(vault(), &Vault::lockedChanged, this, &KeyManagerPage::onLockedChanged);
    m_model->setVault(vault());
    onLockedChanged(vault()->isLocked());
}

void KeyManagerPage::onLockedChanged(bool locked)
{
    const Panel wanted = locked ? Panel::Unlock : Panel::Entries;
    if (panel() == wanted)
        return;
    if (locked) {
        clearUndo();
        m_dirty = false;
        m_current.clear();
        m_model->clear();
        showEntry(QString());
        showMessage(QString());
        showPanel(Panel::Unlock);
        emit vaultLocked();
        emit statusMessage(tr("Vault locked"));
    } else {
        m_model->setVault(vault());
        const QSignalBlocker blocker(m_ui->idleLockSpin);
        m_ui->idleLockSpin->setValue(vault()->idleLockMs() / (60 * 1000));
        showPanel(Panel::Entries);
        if (m_model->rowCount() > 0 && m_current.isEmpty())
            selectEntry(m_model->nameAt(0));
        updateActions();
        emit vaultOpened(vault());
        emit statusMessage(tr("Vault unlocked"));
    }
}

void KeyManagerPage::lockNow()
{
    if (!vault())
        return;
    vault()->lock();
    onLockedChanged(true);
}

bool KeyManagerPage::selectEntry(const QString &name)
{
    const int sourceRow = m_model->rowOf(name);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(sourceRow, VaultEntryModel::NameColumn));
    if (!index.isValid()) {
        // Hidden by the filter: shown in the pane all the same.
        if (m_current.compare(name, Qt::CaseInsensitive) != 0)
            showEntry(m_model->nameAt(sourceRow));
        return true;
    }
    m_ui->entryTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                                   | QItemSelectionModel::Rows);
    m_ui->entryTable->scrollTo(index);
    return m_current.compare(name, Qt::CaseInsensitive) == 0;
}

void KeyManagerPage::onCurrentRowChanged(const QModelIndex &current)
{
    if (m_selecting)
        return;
    const QString next = current.isValid() ? current.data(VaultEntryModel::NameRole).toString() : QString();
    if (next.isEmpty() || next.compare(m_current, Qt::CaseInsensitive) == 0)
        return;
    if (m_dirty && !(m_confirm && m_confirm(this, tr("Discard the unsaved changes to \"%1\"?").arg(m_current)))) {
        m_selecting = true;
        const int back = m_model->rowOf(m_current);
        const QModelIndex index = back >= 0 ? m_filter->mapFromSource(m_model->index(back, 0)) : QModelIndex();
        if (index.isValid())
            m_ui->entryTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                                           | QItemSelectionModel::Rows);
        m_selecting = false;
        return;
    }
    m_dirty = false;
    showEntry(next);
}

void KeyManagerPage::onModelReset()
{
    // The vault changed: show the same entry again (or none when it is gone).
    if (m_current.isEmpty() || m_model->rowOf(m_current) < 0) {
        m_dirty = false;
        showEntry(QString());
    } else {
        m_selecting = true;
        selectEntry(m_current);
        m_selecting = false;
        if (!m_dirty)
            showEntry(m_current);
    }
    updateActions();
}

std::optional<VaultEntry> KeyManagerPage::currentEntry() const
{
    if (!vault() || vault()->isLocked() || m_current.isEmpty())
        return std::nullopt;
    return vault()->find(m_current);
}

void KeyManagerPage::showEntry(const QString &name)
{
    m_filling = true;
    std::optional<VaultEntry> entry;
    if (!name.isEmpty() && vault() && !vault()->isLocked())
        entry = vault()->find(name);
    m_current = entry ? entry->name : QString();

    m_ui->emptyDetailLabel->setVisible(!entry);
    m_ui->detailTitleLabel->setVisible(entry.has_value());
    m_ui->entryGroup->setVisible(entry.has_value());
    const bool certificate = entry && entry->kind == VaultEntry::Kind::ClientCertificate;
    m_ui->keyGroup->setVisible(entry && entry->isKey());
    // A client certificate's key never leaves the vault in clear: no reveal, no copy.
    m_ui->secretGroup->setVisible(entry && !entry->isKey() && !certificate);
    m_ui->certificateGroup->setVisible(certificate);
    m_ui->revealCheck->setChecked(false);
    m_ui->secretEdit->clear();
    if (!entry) {
        m_ui->emptyDetailLabel->setText(m_model->rowCount() == 0
                                            ? tr("The vault is empty.\nGenerate or import a key, add a credential, or drop "
                                                 "key files here.")
                                            : tr("Select an entry to see and edit it."));
        m_ui->nameEdit->clear();
        m_ui->tagsEdit->clear();
        m_ui->environmentsEdit->clear();
        m_ui->notesEdit->clear();
        m_ui->publicJwkEdit->clear();
        m_filling = false;
        m_dirty = false;
        updateActions();
        return;
    }

    m_ui->detailTitleLabel->setText(entry->name);
    m_ui->detailTitleLabel->setToolTip(entry->describe());
    // A certificate's description is a sentence; as a title it would widen the pane past the window.
    m_ui->entryGroup->setTitle(entry->kind == VaultEntry::Kind::ClientCertificate ? tr("Client certificate") : entry->describe());
    m_ui->secretGroup->setTitle(tr("Credential"));
    m_ui->nameEdit->setText(entry->name);
    m_ui->tagsEdit->setText(entry->tags.join(QStringLiteral(", ")));
    m_ui->environmentsEdit->setText(entry->environments.join(QStringLiteral(", ")));
    m_ui->notesEdit->setPlainText(entry->notes);
    m_ui->rotateCheck->setChecked(entry->rotateBy.has_value());
    m_ui->rotateDateEdit->setEnabled(entry->rotateBy.has_value());
    m_ui->rotateDateEdit->setDate(entry->rotateBy.value_or(QDate::currentDate().addYears(1)));
    const bool overdue = entry->rotateBy && *entry->rotateBy < QDate::currentDate();
    m_ui->rotateHintLabel->setText(overdue ? tr("overdue") : QString());
    m_ui->rotateHintLabel->setStyleSheet(overdue ? StatusColors::labelStyleSheet(Tone::Warning, palette()) : QString());
    m_ui->createdLabel->setText(timeText(entry->created));
    m_ui->lastUsedLabel->setText(timeText(entry->lastUsed));

    if (entry->key) {
        const Jwk &key = *entry->key;
        m_ui->keyTypeLabel->setText(key.describe());
        m_ui->kidEdit->setText(key.kid());
        m_ui->kidEdit->setCursorPosition(0);
        m_ui->thumbprintEdit->setText(key.thumbprint());
        m_ui->thumbprintEdit->setCursorPosition(0);
        const bool oct = key.type() == KeyType::Oct;
        m_ui->publicJwkEdit->setPlainText(oct ? tr("(an oct key is secret as a whole: it has no public part)")
                                              : QString::fromUtf8(key.toJsonText(false, true)));
        m_ui->exportPartCombo->clear();
        if (!oct)
            m_ui->exportPartCombo->addItem(tr("Public key"), false);
        if (key.hasPrivate())
            m_ui->exportPartCombo->addItem(oct ? tr("Secret key") : tr("Private key"), true);
        updateExportChoices();
    } else if (entry->kind == VaultEntry::Kind::ClientCertificate) {
        showCertificate(*entry);
    } else {
        m_ui->identityCaption->setVisible(entry->kind != VaultEntry::Kind::ApiCredential);
        m_ui->identityLabel->setVisible(entry->kind != VaultEntry::Kind::ApiCredential);
        m_ui->identityCaption->setText(entry->kind == VaultEntry::Kind::Login ? tr("Username:") : tr("App key:"));
        m_ui->identityLabel->setText(entry->identity);
        m_ui->secretCaption->setText(entry->kind == VaultEntry::Kind::Login   ? tr("Password:")
                                     : entry->kind == VaultEntry::Kind::AppKey ? tr("App secret:")
                                                                               : tr("Value:"));
        updateSecretView();
    }
    m_filling = false;
    m_dirty = false;
    updateActions();
}

// Subject, issuer, validity with a warning when it needs renewing, and the pin of the leaf, read
// from the chain (public); the key is not touched.
void KeyManagerPage::showCertificate(const VaultEntry &entry)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromData(entry.identity.toLatin1(), QSsl::Pem);
    if (chain.isEmpty()) {
        m_ui->certSubjectLabel->setText(tr("(the stored certificate cannot be read)"));
        return;
    }
    const TlsSessionInfo::Certificate leaf = TlsSessionInfo::describe(chain.constFirst());
    m_ui->certSubjectLabel->setText(readableName(leaf.subject));
    m_ui->certIssuerLabel->setText(readableName(leaf.issuer));
    m_ui->certValidFromLabel->setText(leaf.notBefore.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    const CertificateValidity validity = CertificateValidity::of(leaf.notBefore, leaf.notAfter, m_now());
    m_ui->certExpiryLabel->setText(validity.text);
    const Tone tone = validity.state == CertificateValidity::State::Valid         ? Tone::Ok
                      : validity.state == CertificateValidity::State::ExpiresSoon ? Tone::Warning
                                                                                   : Tone::Error;
    m_ui->certExpiryLabel->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
    // One line each, never wider than the pane: the whole text is in the tooltip.
    for (QLabel *label : {m_ui->certSubjectLabel, m_ui->certIssuerLabel, m_ui->certExpiryLabel})
        label->setToolTip(label->text());
    m_ui->certPinEdit->setText(QStringLiteral("sha256//") + leaf.spkiSha256);
    m_ui->certPinEdit->setCursorPosition(0);
    m_ui->certPinEdit->setToolTip(tr("The SHA-256 of the certificate's public key, as --pin and curl's --pinnedpubkey take it"));
    QStringList names;
    for (const QSslCertificate &certificate : chain)
        names << certificate.subjectDisplayName();
    m_ui->certChainLabel->setText(chain.size() == 1 ? tr("the certificate alone (%1)").arg(names.constFirst())
                                                    : tr("%1 certificates: %2").arg(chain.size()).arg(names.join(QStringLiteral(" → "))));
    m_ui->certChainLabel->setToolTip(m_ui->certChainLabel->text());
}

void KeyManagerPage::updateSecretView()
{
    if (!m_ui->revealCheck->isChecked()) {
        m_ui->secretEdit->setText(maskedSecret());
        return;
    }
    const std::optional<VaultEntry> entry = currentEntry();
    m_ui->secretEdit->setText(entry ? QString::fromUtf8(entry->secret.view()) : QString());
}

void KeyManagerPage::updateExportChoices()
{
    const std::optional<VaultEntry> entry = currentEntry();
    const bool oct = entry && entry->key && entry->key->type() == KeyType::Oct;
    // PEM has no form for a bare symmetric key.
    const int pem = m_ui->exportFormatCombo->findData(static_cast<int>(ExportFormat::Pem));
    if (oct && m_ui->exportFormatCombo->currentIndex() == pem)
        m_ui->exportFormatCombo->setCurrentIndex(0);
    if (auto *model = qobject_cast<QStandardItemModel *>(m_ui->exportFormatCombo->model())) {
        if (QStandardItem *item = model->item(pem))
            item->setEnabled(!oct);
    }
    const bool any = m_ui->exportPartCombo->count() > 0;
    m_ui->copyExportButton->setEnabled(any);
    m_ui->saveExportButton->setEnabled(any);
}

void KeyManagerPage::markDirty()
{
    if (m_filling || m_current.isEmpty())
        return;
    m_dirty = true;
    updateActions();
}

void KeyManagerPage::updateActions()
{
    const bool open = vault() && !vault()->isLocked();
    const bool has = open && !m_current.isEmpty();
    m_ui->deleteButton->setEnabled(has);
    m_ui->saveButton->setEnabled(has && m_dirty);
    m_ui->revertButton->setEnabled(has && m_dirty);
    m_ui->editStateLabel->setText(m_dirty ? tr("Unsaved changes") : QString());
    m_ui->editStateLabel->setStyleSheet(m_dirty ? StatusColors::labelStyleSheet(Tone::Warning, palette()) : QString());
}

QString KeyManagerPage::uniqueName(const QString &base) const
{
    QString name = base;
    for (int n = 2; vault() && vault()->find(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

bool KeyManagerPage::saveVault(const QString &doneMessage)
{
    const Result<void> saved = vault()->save();
    if (!saved) {
        showMessage(tr("%1, but the vault could not be saved: %2\nThe change is kept in memory; save again once "
                       "the problem is solved.")
                        .arg(doneMessage, saved.error().toString()),
                    Tone::Error);
        emit statusMessage(tr("The vault could not be saved"));
        return false;
    }
    showMessage(doneMessage, Tone::Ok);
    emit statusMessage(doneMessage);
    return true;
}

bool KeyManagerPage::addEntry(const VaultEntry &entry)
{
    const Result<void> added = vault()->add(entry);
    if (!added) {
        showMessage(added.error().toString(), Tone::Error);
        return false;
    }
    return true;
}

bool KeyManagerPage::generateKey()
{
    if (!vault() || vault()->isLocked() || !m_askGenerate)
        return false;
    clearUndo();
    const std::optional<GenerateKeyRequest> request = m_askGenerate(this);
    if (!request)
        return false;
    if (request->name.trimmed().isEmpty()) {
        showMessage(tr("The key needs a name."), Tone::Error);
        return false;
    }
    if (vault()->find(request->name)) {
        showMessage(tr("There is already an entry named \"%1\".").arg(request->name), Tone::Error);
        return false;
    }
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    Result<Jwk> key = request->type == KeyType::EC  ? Jwk::generateEc(request->curve)
        : request->type == KeyType::RSA             ? Jwk::generateRsa(request->bits)
                                                    : Jwk::generateOct(request->bits);
    QGuiApplication::restoreOverrideCursor();
    if (!key) {
        showMessage(key.error().toString(), Tone::Error);
        return false;
    }
    key->setKid(request->kid.isEmpty() ? key->thumbprint() : request->kid);
    const VaultEntry entry = VaultEntry::fromKey(request->name.trimmed(), key.value());
    if (!addEntry(entry))
        return false;
    focusEntry(entry.name);
    saveVault(tr("Generated %1 \"%2\"").arg(key->describe(), entry.name));
    return true;
}

bool KeyManagerPage::importKeys()
{
    if (!vault() || vault()->isLocked() || !m_askImport)
        return false;
    clearUndo();
    const std::optional<ImportKeyRequest> request = m_askImport(this, m_chooseOpenFile);
    if (!request)
        return false;
    return importText(request->name, request->text);
}

bool KeyManagerPage::importText(const QString &name, QByteArrayView text)
{
    if (!vault() || vault()->isLocked())
        return false;
    clearUndo();
    // A certificate in PEM, or binary that is no key format: a client certificate for mutual TLS.
    if (text.contains(QByteArrayView("-----BEGIN CERTIFICATE-----")))
        return importClientCertificate(name, text);
    const Result<ImportedKeys> parsed = KeyFormats::parse(text);
    if (!parsed && !text.contains(QByteArrayView("-----BEGIN")) && text.startsWith(QByteArrayView("\x30", 1)))
        return importClientCertificate(name, text);
    if (!parsed) {
        showMessage(parsed.error().toString(), Tone::Error);
        return false;
    }
    const QList<Jwk> &keys = parsed->keys;
    QStringList added;
    for (int i = 0; i < keys.size(); ++i) {
        const Jwk &key = keys.at(i);
        QString base = name.trimmed();
        if (base.isEmpty())
            base = key.kid().isEmpty() ? tr("Imported key") : key.kid();
        else if (keys.size() > 1)
            base = QStringLiteral("%1 %2").arg(base, key.kid().isEmpty() ? QString::number(i + 1) : key.kid());
        const VaultEntry entry = VaultEntry::fromKey(uniqueName(base), key);
        if (!addEntry(entry))
            break;
        added << entry.name;
    }
    if (added.isEmpty())
        return false;
    focusEntry(added.constFirst());
    saveVault(added.size() == 1 ? tr("Imported \"%1\" (%2)").arg(added.constFirst(), keyFormatName(parsed->format))
                                : tr("Imported %n keys (%1)", nullptr, static_cast<int>(added.size()))
                                      .arg(keyFormatName(parsed->format)));
    return added.size() == keys.size();
}

// PEM (certificate and key in one text) or PKCS#12; the passphrase is asked only when the key or
// the PKCS#12 needs one, and asked again when it was wrong. The key is stored as PKCS#8 inside
// the encrypted vault, like `tokendesk-cli vault import`.
bool KeyManagerPage::importClientCertificate(const QString &name, QByteArrayView data)
{
    const bool pem = data.contains(QByteArrayView("-----BEGIN"));
    const QString source = name.trimmed().isEmpty() ? tr("pasted text") : name.trimmed();
    SecureBytes passphrase;
    const auto load = [&] {
        return pem ? ClientCertificate::fromPem(data, data, passphrase.view(), source)
                   : ClientCertificate::fromPkcs12(data, passphrase.view(), source);
    };
    Result<ClientCertificate> loaded = load();
    while (!loaded && (loaded.error().code == ErrorCode::EmptyInput || loaded.error().code == ErrorCode::WrongPassphrase)) {
        const ErrorCode code = loaded.error().code;
        const std::optional<SecureBytes> asked = m_askSecret
            ? m_askSecret(this, code == ErrorCode::WrongPassphrase ? tr("Wrong passphrase. Passphrase of %1:").arg(source)
                                                                   : tr("Passphrase of %1:").arg(source))
            : std::nullopt;
        if (!asked)
            return false;
        passphrase = *asked;
        loaded = load();
    }
    if (!loaded) {
        showMessage(loaded.error().toString(), Tone::Error);
        return false;
    }
    Result<SecureBytes> keyPem = loaded->keyPem();
    if (!keyPem) {
        showMessage(keyPem.error().toString(), Tone::Error);
        return false;
    }
    const QString base = name.trimmed().isEmpty() ? TlsSessionInfo::describe(loaded->chain.constFirst()).subject : name.trimmed();
    const VaultEntry entry = VaultEntry::clientCertificate(uniqueName(base), loaded->chainPem(), keyPem.value());
    if (!addEntry(entry))
        return false;
    focusEntry(entry.name);
    saveVault(tr("Imported the client certificate \"%1\"; use it as vault:%1").arg(entry.name));
    return true;
}

bool KeyManagerPage::importFile(const QString &path)
{
    if (!vault() || vault()->isLocked())
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()), Tone::Error);
        return false;
    }
    return importText(QFileInfo(path).completeBaseName(), file.read(1024 * 1024));
}

bool KeyManagerPage::addCredential()
{
    if (!vault() || vault()->isLocked() || !m_askCredential)
        return false;
    clearUndo();
    const std::optional<CredentialRequest> request = m_askCredential(this);
    if (!request)
        return false;
    if (request->name.isEmpty() || request->secret.isEmpty()) {
        showMessage(tr("A credential needs a name and a secret."), Tone::Error);
        return false;
    }
    const VaultEntry entry = VaultEntry::credential(request->kind, request->name, request->identity, request->secret);
    if (!addEntry(entry))
        return false;
    focusEntry(entry.name);
    saveVault(tr("Added %1 \"%2\"").arg(entry.describe(), entry.name));
    return true;
}

bool KeyManagerPage::deleteCurrent()
{
    if (m_current.isEmpty() || !vault() || vault()->isLocked())
        return false;
    clearUndo();
    const QString name = m_current;
    // The next entry in the table's order takes the selection.
    const QModelIndex current = m_ui->entryTable->currentIndex();
    const int row = current.isValid() ? current.row() : -1;
    Result<VaultEntry> removed = vault()->remove(name);
    if (!removed) {
        showMessage(removed.error().toString(), Tone::Error);
        return false;
    }
    m_dirty = false;
    m_current.clear();
    const int rows = m_filter->rowCount();
    if (rows > 0 && row >= 0)
        selectEntry(m_filter->index(qMin(row, rows - 1), 0).data(VaultEntryModel::NameRole).toString());
    // The undo bar says what was deleted; the message line only speaks up when saving failed.
    if (saveVault(tr("Deleted \"%1\"").arg(name)))
        showMessage(QString());
    startUndo(removed.value());
    return true;
}

void KeyManagerPage::startUndo(const VaultEntry &removed)
{
    m_undoEntry = removed;
    m_ui->undoLabel->setText(tr("Deleted \"%1\".").arg(removed.name));
    m_ui->undoFrame->show();
    m_undoTimer.start();
}

void KeyManagerPage::clearUndo()
{
    m_undoTimer.stop();
    m_undoEntry.reset();
    m_ui->undoFrame->hide();
}

bool KeyManagerPage::undoDelete()
{
    if (!m_undoEntry || !vault() || vault()->isLocked())
        return false;
    const VaultEntry entry = *m_undoEntry;
    clearUndo();
    if (!addEntry(entry))
        return false;
    focusEntry(entry.name);
    saveVault(tr("Restored \"%1\"").arg(entry.name));
    return true;
}

bool KeyManagerPage::exportCurrent(bool includePrivate, ExportFormat format, bool toFile)
{
    const std::optional<VaultEntry> entry = currentEntry();
    if (!entry || !entry->key)
        return false;
    clearUndo();
    const Jwk &key = *entry->key;
    const bool oct = key.type() == KeyType::Oct;
    if (oct && !includePrivate) {
        showMessage(tr("An oct key has no public part: export the secret key itself."), Tone::Error);
        return false;
    }
    if (includePrivate && !key.hasPrivate()) {
        showMessage(tr("\"%1\" holds only a public key.").arg(entry->name), Tone::Error);
        return false;
    }
    if (includePrivate
        && !(m_confirm
             && m_confirm(this, tr("Export the %1 of \"%2\"?\nAnyone who gets the copy can use it to decrypt and sign "
                                   "as its owner.")
                                    .arg(oct ? tr("secret key") : tr("private key"), entry->name)))) {
        showMessage(tr("Nothing exported."));
        return false;
    }
    QByteArray bytes;
    switch (format) {
    case ExportFormat::Jwk:
        bytes = key.toJsonText(includePrivate, true);
        break;
    case ExportFormat::Pem: {
        Result<QByteArray> pem = KeyFormats::toPem(key, includePrivate);
        if (!pem) {
            showMessage(pem.error().toString(), Tone::Error);
            return false;
        }
        bytes = std::move(pem).value();
        break;
    }
    case ExportFormat::Base64UrlJwk:
        bytes = KeyFormats::toBase64UrlJwk(key, includePrivate);
        break;
    }
    const QString what = includePrivate ? (oct ? tr("secret key") : tr("private key")) : tr("public key");
    const QString formatName = m_ui->exportFormatCombo->itemText(
        m_ui->exportFormatCombo->findData(static_cast<int>(format)));
    if (toFile) {
        QString base = entry->name;
        base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
        const QString path = m_chooseSaveFile ? m_chooseSaveFile(this, base + fileSuffix(format)) : QString();
        if (path.isEmpty())
            return false;
        const Result<void> written = writeFileAtomically(path, bytes);
        if (!written) {
            showMessage(written.error().toString(), Tone::Error);
            return false;
        }
        const QString done = tr("Saved the %1 of \"%2\" as %3 to %4")
                                 .arg(what, entry->name, formatName, QDir::toNativeSeparators(path));
        showMessage(done, Tone::Ok);
        emit statusMessage(done);
    } else {
        if (includePrivate)
            SecretClipboard::copy(QString::fromUtf8(bytes));
        else
            QGuiApplication::clipboard()->setText(QString::fromUtf8(bytes));
        const QString done = includePrivate
            ? tr("Copied the %1 of \"%2\" as %3; the clipboard is cleared in 30 s").arg(what, entry->name, formatName)
            : tr("Copied the %1 of \"%2\" as %3").arg(what, entry->name, formatName);
        showMessage(done, Tone::Ok);
        emit statusMessage(done);
    }
    return true;
}

void KeyManagerPage::copySecret()
{
    const std::optional<VaultEntry> entry = currentEntry();
    if (!entry || entry->secret.isEmpty())
        return;
    clearUndo();
    SecretClipboard::copy(QString::fromUtf8(entry->secret.view()));
    const QString done = tr("Copied the secret of \"%1\"; the clipboard is cleared in 30 s").arg(entry->name);
    showMessage(done, Tone::Ok);
    emit statusMessage(done);
}

bool KeyManagerPage::saveDetails()
{
    std::optional<VaultEntry> entry = currentEntry();
    if (!entry)
        return false;
    clearUndo();
    const QString newName = m_ui->nameEdit->text().trimmed();
    if (newName.isEmpty()) {
        showMessage(tr("The entry needs a name."), Tone::Error);
        return false;
    }
    const QString oldName = entry->name;
    entry->name = newName;
    entry->tags = splitList(m_ui->tagsEdit->text());
    entry->environments = splitList(m_ui->environmentsEdit->text());
    entry->notes = m_ui->notesEdit->toPlainText();
    entry->rotateBy = m_ui->rotateCheck->isChecked() ? std::optional<QDate>(m_ui->rotateDateEdit->date()) : std::nullopt;
    const Result<void> updated = vault()->update(oldName, *entry);
    if (!updated) {
        showMessage(updated.error().toString(), Tone::Error);
        return false;
    }
    m_dirty = false;
    m_current = newName;
    onModelReset();
    saveVault(tr("Saved \"%1\"").arg(newName));
    return true;
}

bool KeyManagerPage::changePassphrase()
{
    if (!vault() || vault()->isLocked() || !m_askPassphraseChange)
        return false;
    clearUndo();
    const std::optional<PassphraseChange> change = m_askPassphraseChange(this);
    if (!change)
        return false;
    const Result<void> changed = vault()->changePassphrase(change->current, change->next);
    if (!changed) {
        showMessage(changed.error().toString(), Tone::Error);
        return false;
    }
    const QString done = tr("The vault passphrase was changed");
    showMessage(done, Tone::Ok);
    emit statusMessage(done);
    return true;
}

void KeyManagerPage::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (panel() == Panel::Entries && (mime->hasUrls() || mime->hasText()))
        event->acceptProposedAction();
}

void KeyManagerPage::dropEvent(QDropEvent *event)
{
    if (panel() != Panel::Entries)
        return;
    const QMimeData *mime = event->mimeData();
    bool any = false;
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile()) {
                importFile(url.toLocalFile());
                any = true;
            }
        }
    }
    if (!any && mime->hasText())
        importText(QString(), mime->text().toUtf8());
    event->acceptProposedAction();
}

void KeyManagerPage::showMessage(const QString &text, Tone tone)
{
    m_messageText = text;
    m_messageTone = tone;
    m_ui->messageLabel->setText(text);
    m_ui->messageLabel->setVisible(!text.isEmpty());
    m_ui->messageLabel->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
}

void KeyManagerPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        showMessage(m_messageText, m_messageTone);
        updateCreateHint();
        updateActions();
    }
}

} // namespace td
