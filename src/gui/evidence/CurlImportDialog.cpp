// SPDX-License-Identifier: GPL-3.0-or-later
#include "CurlImportDialog.h"

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
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace td {

namespace {

constexpr int kTargetRole = Qt::UserRole;
constexpr int kNameRole = Qt::UserRole + 1;

} // namespace

CurlImportDialog::CurlImportDialog(const EndpointCatalog &catalog, const QList<Environment> &environments,
                                   const QString &currentEnvironment, bool vaultOpen, QWidget *parent)
    : QDialog(parent), m_catalog(catalog), m_environments(environments), m_currentEnvironment(currentEnvironment),
      m_vaultOpen(vaultOpen)
{
    setObjectName(QStringLiteral("curlImportDialog"));
    setWindowTitle(tr("Import a curl command"));
    m_chooseFile = [](QWidget *chooserParent) {
        return QFileDialog::getOpenFileName(chooserParent, tr("Open a curl command"), QString(),
                                            tr("Text files (*.txt *.sh *.cmd *.bat);;All files (*)"));
    };
    buildLayout();
    connectSignals();
    fillEnvironments();
    updateFillButton();
    resize(720, 640);
}

CurlImportDialog::~CurlImportDialog() = default;

void CurlImportDialog::buildLayout()
{
    auto *layout = new QVBoxLayout(this);
    m_intro = new QLabel(tr("Paste a curl command (from API documents or a browser's \"Copy as cURL\", bash or Windows cmd), "
                            "or open a file that holds one. Nothing is sent."), this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);
    m_command = new QPlainTextEdit(this);
    m_command->setObjectName(QStringLiteral("commandEdit"));
    m_command->setAccessibleName(tr("curl command"));
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setPlaceholderText(QStringLiteral("curl --request POST 'https://host/path' --header '…' --data-raw '…'"));
    layout->addWidget(m_command, 2);
    auto *commandButtons = new QHBoxLayout;
    m_openFile = new QPushButton(tr("Open file…"), this);
    m_openFile->setObjectName(QStringLiteral("openFileButton"));
    m_read = new QPushButton(tr("Read the command"), this);
    m_read->setObjectName(QStringLiteral("readButton"));
    commandButtons->addWidget(m_openFile);
    commandButtons->addStretch();
    commandButtons->addWidget(m_read);
    layout->addLayout(commandButtons);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);
    m_endpoint = new QLabel(this);
    m_endpoint->setObjectName(QStringLiteral("endpointLabel"));
    m_endpoint->setWordWrap(true);
    layout->addWidget(m_endpoint);

    auto *lists = new QHBoxLayout;
    m_values = new QTreeWidget(this);
    m_values->setObjectName(QStringLiteral("valuesTree"));
    m_values->setAccessibleName(tr("Values that fill the form"));
    m_values->setHeaderLabels({tr("Field"), tr("Value")});
    m_values->setRootIsDecorated(false);
    m_values->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_unmatched = new QListWidget(this);
    m_unmatched->setObjectName(QStringLiteral("unmatchedList"));
    m_unmatched->setAccessibleName(tr("Not filled: no field takes these"));
    auto *valuesBox = new QVBoxLayout;
    valuesBox->addWidget(new QLabel(tr("Fills these fields:"), this));
    valuesBox->addWidget(m_values);
    auto *unmatchedBox = new QVBoxLayout;
    unmatchedBox->addWidget(new QLabel(tr("Not filled (no field takes them):"), this));
    unmatchedBox->addWidget(m_unmatched);
    lists->addLayout(valuesBox, 3);
    lists->addLayout(unmatchedBox, 2);
    layout->addLayout(lists, 2);

    auto *form = new QFormLayout;
    m_environment = new QComboBox(this);
    m_environment->setObjectName(QStringLiteral("environmentCombo"));
    m_environment->setAccessibleName(tr("Environment to use"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("environmentNameEdit"));
    m_name->setAccessibleName(tr("New environment name"));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlEdit"));
    m_baseUrl->setAccessibleName(tr("New environment base URL"));
    form->addRow(tr("Environment:"), m_environment);
    form->addRow(tr("New environment name:"), m_name);
    form->addRow(tr("Its base URL:"), m_baseUrl);
    layout->addLayout(form);
    m_saveSecrets = new QCheckBox(tr("Save secrets to the vault (the form keeps vault: references)"), this);
    m_saveSecrets->setObjectName(QStringLiteral("saveSecretsCheck"));
    m_saveSecrets->setEnabled(m_vaultOpen);
    m_saveSecrets->setChecked(m_vaultOpen);
    layout->addWidget(m_saveSecrets);
    m_vaultNote = new QLabel(tr("The vault is locked: secrets go into the form (masked) only. Open the vault on the Keys and "
                                "secrets page to keep them there."), this);
    m_vaultNote->setObjectName(QStringLiteral("vaultNoteLabel"));
    m_vaultNote->setWordWrap(true);
    m_vaultNote->setVisible(!m_vaultOpen);
    layout->addWidget(m_vaultNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_fill = buttons->addButton(tr("Fill the form"), QDialogButtonBox::AcceptRole);
    m_fill->setObjectName(QStringLiteral("fillButton"));
    m_fill->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
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
