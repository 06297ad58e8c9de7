// SPDX-License-Identifier: GPL-3.0-or-later
#include "CurlImportDialog.h"
#include "ui_CurlImportDialog.h"

#include "gui/StatusColors.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/evidence/CurlCommand.h"
#include "core/net/SecretMasker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QUrl>

#include <algorithm>

namespace td {

namespace {

constexpr int kTargetRole = Qt::UserRole;
constexpr int kNameRole = Qt::UserRole + 1;

} // namespace

CurlImportDialog::CurlImportDialog(const EndpointCatalog &catalog, const QList<Environment> &environments,
                                   const QString &currentEnvironment, bool vaultOpen, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::CurlImportDialog>()), m_catalog(catalog), m_environments(environments),
      m_currentEnvironment(currentEnvironment), m_vaultOpen(vaultOpen)
{
    m_chooseFile = [](QWidget *chooserParent) {
        return QFileDialog::getOpenFileName(chooserParent, tr("Open a curl command"), QString(),
                                            tr("Text files (*.txt *.sh *.cmd *.bat);;All files (*)"));
    };
    buildLayout();
    setObjectName(QStringLiteral("curlImportDialog")); // after setupUi, which names it after the class
    connectSignals();
    fillEnvironments();
    updateFillButton();
}

CurlImportDialog::~CurlImportDialog() = default;

// The widgets are ui/CurlImportDialog.ui's; what Designer cannot say is set here.
void CurlImportDialog::buildLayout()
{
    m_ui->setupUi(this);
    m_intro = m_ui->introLabel;
    m_command = m_ui->commandEdit;
    m_openFile = m_ui->openFileButton;
    m_read = m_ui->readButton;
    m_error = m_ui->errorLabel;
    m_endpoint = m_ui->endpointLabel;
    m_values = m_ui->valuesTree;
    m_unmatched = m_ui->unmatchedList;
    m_environment = m_ui->environmentCombo;
    m_name = m_ui->environmentNameEdit;
    m_baseUrl = m_ui->baseUrlEdit;
    m_saveSecrets = m_ui->saveSecretsCheck;
    m_vaultNote = m_ui->vaultNoteLabel;
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_values->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_error->hide();
    m_saveSecrets->setEnabled(m_vaultOpen);
    m_saveSecrets->setChecked(m_vaultOpen);
    m_vaultNote->setVisible(!m_vaultOpen);
    m_fill = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    m_fill->setText(tr("Fill the form"));
    m_fill->setObjectName(QStringLiteral("fillButton"));
    m_fill->setDefault(true);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void CurlImportDialog::connectSignals()
{
    connect(m_openFile, &QPushButton::clicked, this, &CurlImportDialog::openFile);
    connect(m_read, &QPushButton::clicked, this, &CurlImportDialog::toggleEditing);
    connect(m_command, &QPlainTextEdit::textChanged, this, &CurlImportDialog::onTextChanged);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &CurlImportDialog::updateEnvironmentInputs);
    connect(m_name, &QLineEdit::textChanged, this, &CurlImportDialog::updateFillButton);
    connect(m_baseUrl, &QLineEdit::textChanged, this, &CurlImportDialog::updateFillButton);
}

void CurlImportDialog::setCommandText(const QString &text)
{
    m_showingMasked = false;
    m_editing = false;
    m_command->setReadOnly(false);
    m_command->setPlainText(text);
    readCommand();
}

void CurlImportDialog::onTextChanged()
{
    if (m_command->isReadOnly())
        return; // the masked view being shown
    if (m_editing) {
        // What is shown must be what Fill uses: the old reading goes until the command is read again.
        m_import.reset();
        clearPreview();
        m_endpoint->setText(tr("Press \"Read the command\" to see what it fills."));
        return;
    }
    readCommand();
}

void CurlImportDialog::clearPreview()
{
    m_error->hide();
    m_endpoint->clear();
    m_values->clear();
    m_unmatched->clear();
    updateFillButton();
}

bool CurlImportDialog::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_import.reset();
        showError(tr("%1 could not be read: %2").arg(path, file.errorString()));
        return false;
    }
    // One byte over the limit is enough for the parser to refuse it with its own message.
    setCommandText(QString::fromUtf8(file.read(CurlCommand::kMaxText + 1)));
    return m_import.has_value();
}

void CurlImportDialog::setImport(const CurlImport &import, const QString &source)
{
    m_intro->setText(source);
    m_command->hide();
    m_openFile->hide();
    m_read->hide();
    m_import = import;
    showImport();
}

void CurlImportDialog::openFile()
{
    const QString path = m_chooseFile ? m_chooseFile(this) : QString();
    if (!path.isEmpty())
        loadFile(path);
}

void CurlImportDialog::toggleEditing()
{
    if (m_showingMasked) {
        // The person asked to edit: the command as given, secrets and all, in their own box.
        m_showingMasked = false;
        m_editing = true;
        m_command->setReadOnly(false);
        m_command->setPlainText(m_original);
        m_read->setText(tr("Read the command"));
        m_command->setFocus();
        return;
    }
    m_editing = false;
    readCommand();
}

void CurlImportDialog::readCommand()
{
    // While the masked view is shown the command is the one read last, not the box's text.
    if (!m_showingMasked)
        m_original = m_command->toPlainText();
    if (m_original.trimmed().isEmpty()) {
        m_import.reset();
        clearPreview();
        return;
    }
    Result<CurlCommand> command = CurlCommand::parse(m_original);
    if (!command) {
        m_import.reset();
        showError(command.error().message);
        return;
    }
    m_import = CurlImport::match(command.value(), m_catalog);
    if (!CurlImportApplier::secretValues(*m_import).isEmpty()) {
        m_showingMasked = true;
        m_command->setReadOnly(true); // first: the masked text is not a new command to read
        m_command->setPlainText(CurlImportApplier::maskedCommand(m_original, *m_import));
        m_read->setText(tr("Edit the command"));
    }
    showImport();
}

void CurlImportDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Error, palette()));
    clearPreview();
    m_error->show();
}

void CurlImportDialog::showImport()
{
    m_error->hide();
    const CurlImport &import = *m_import;
    m_endpoint->setText(import.endpoint
                            ? tr("Endpoint: %1 — %2 (%3 %4), base URL %5")
                                  .arg(EndpointCatalog::familyTitle(import.endpoint->family), import.endpoint->title,
                                       QString::fromLatin1(import.method), import.path, import.baseUrl)
                            : tr("No endpoint has %1 %2: nothing to fill.").arg(QString::fromLatin1(import.method), import.path));
    m_values->clear();
    QStringList computed;
    const QMap<QString, QString> values = CurlImportApplier::formValues(import, &computed);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const bool secret = import.isSecret(it.key());
        auto *item = new QTreeWidgetItem(m_values, {it.key(), secret ? QString::fromLatin1(SecretMasker::mask()) : it.value()});
        if (secret)
            item->setToolTip(1, tr("A secret: masked here and in the form"));
    }
    m_unmatched->clear();
    for (const QString &name : std::as_const(computed))
        m_unmatched->addItem(tr("%1 (made again on send)").arg(name));
    m_unmatched->addItems(import.unmatched);
    fillEnvironments();
    updateFillButton();
}

QString CurlImportDialog::suggestedName() const
{
    const QUrl url(m_import ? m_import->baseUrl : QString());
    QString name = url.host().isEmpty() ? tr("Imported") : url.host() + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString());
    const auto taken = [this](const QString &candidate) {
        return std::any_of(m_environments.cbegin(), m_environments.cend(),
                           [&](const Environment &known) { return known.name.compare(candidate, Qt::CaseInsensitive) == 0; });
    };
    const QString base = name;
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

void CurlImportDialog::fillEnvironments()
{
    using Target = CurlImportApplier::Choice::Target;
    m_environment->clear();
    const QString family = m_import && m_import->endpoint ? m_import->endpoint->family : QString();
    const QString baseUrl = m_import ? m_import->baseUrl : QString();
    for (const QString &name : CurlImportApplier::environmentsWithBase(m_environments, family, baseUrl)) {
        m_environment->addItem(tr("%1 (has this base URL)").arg(name));
        m_environment->setItemData(m_environment->count() - 1, int(Target::ExistingEnvironment), kTargetRole);
        m_environment->setItemData(m_environment->count() - 1, name, kNameRole);
    }
    m_environment->addItem(tr("A new environment for this base URL"));
    m_environment->setItemData(m_environment->count() - 1, int(Target::NewEnvironment), kTargetRole);
    if (!m_currentEnvironment.isEmpty()) {
        m_environment->addItem(tr("The current environment (%1)").arg(m_currentEnvironment));
        m_environment->setItemData(m_environment->count() - 1, int(Target::CurrentEnvironment), kTargetRole);
    }
    m_environment->setCurrentIndex(0);
    m_name->setText(suggestedName());
    m_baseUrl->setText(baseUrl);
    updateEnvironmentInputs();
}

void CurlImportDialog::updateEnvironmentInputs()
{
    const bool isNew = m_environment->currentData(kTargetRole).toInt() == int(CurlImportApplier::Choice::Target::NewEnvironment);
    m_name->setEnabled(isNew);
    m_baseUrl->setEnabled(isNew);
    updateFillButton();
}

void CurlImportDialog::updateFillButton()
{
    const CurlImportApplier::Choice chosen = choice();
    const bool nameOk = chosen.target != CurlImportApplier::Choice::Target::NewEnvironment
        || (!chosen.environmentName.trimmed().isEmpty() && !chosen.baseUrl.trimmed().isEmpty());
    m_fill->setEnabled(m_import && m_import->endpoint && nameOk);
    m_saveSecrets->setVisible(!m_import || !CurlImportApplier::secretValues(*m_import).isEmpty());
}

CurlImportApplier::Choice CurlImportDialog::choice() const
{
    CurlImportApplier::Choice chosen;
    chosen.target = CurlImportApplier::Choice::Target(m_environment->currentData(kTargetRole).toInt());
    chosen.environmentName = chosen.target == CurlImportApplier::Choice::Target::NewEnvironment
        ? m_name->text()
        : m_environment->currentData(kNameRole).toString();
    chosen.baseUrl = m_baseUrl->text();
    chosen.saveSecrets = m_vaultOpen && m_saveSecrets->isChecked();
    return chosen;
}

QString CurlImportDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace td
