// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnvironmentsPage.h"

#include "ComboBoxDelegate.h"
#include "EnvironmentTableModel.h"
#include "KeyValueTableModel.h"
#include "OverrideTableModel.h"
#include "SecretValueDelegate.h"
#include "gui/GuiResources.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/FamilyRegistry.h"
#include "core/net/SecretNames.h"
#include "core/net/EnvironmentStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultReference.h"

#include "ui_EnvironmentsPage.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QUrl>

#include <algorithm>

namespace td {

namespace {

using Tone = StatusColors::Tone;

constexpr qint64 kMiB = 1024 * 1024;

const QString kNoVaultTip = QStringLiteral("Open the vault on the Keys and secrets page");

bool isIdentityName(const QString &name)
{
    return name == QLatin1String("appKey") || name == QLatin1String("username");
}

// The values that stand for the BankEzy key pairs: a reference there names a private key.
bool isKeyName(const QString &name)
{
    return name == QLatin1String("publicKey") || name == QLatin1String("sdkPublicKey");
}

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"));
}

KeyValueTableModel::Pairs pairsOf(const QMap<QString, QString> &map)
{
    KeyValueTableModel::Pairs pairs;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        pairs.append({it.key(), it.value()});
    return pairs;
}

int secondsOf(qint64 ms)
{
    return static_cast<int>(qMax<qint64>(1, (ms + 999) / 1000));
}

int mebibytesOf(qint64 bytes)
{
    return static_cast<int>(qMax<qint64>(1, (bytes + kMiB - 1) / kMiB));
}

void setupTable(QTableView *table)
{
    QHeaderView *header = table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setDefaultSectionSize(200);
    header->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                           | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
}

} // namespace

EnvironmentsPage::EnvironmentsPage(EnvironmentStore &store, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::EnvironmentsPage>()), m_store(store), m_catalog(&EndpointCatalog::builtIn())
{
    ensureGuiResources();
    m_ui->setupUi(this);

    m_model = new EnvironmentTableModel(m_store, this);
    m_ui->environmentTable->setModel(m_model);
    m_ui->environmentTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ui->environmentTable->horizontalHeader()->setSectionResizeMode(EnvironmentTableModel::NameColumn,
                                                                     QHeaderView::ResizeToContents);
    m_ui->environmentTable->setMinimumWidth(260);
    // The two groups side by side need 860 pixels: on a small screen they stack and scroll, so
    // the page never makes the window wider than the screen.
    m_ui->groupsScroll->viewport()->installEventFilter(this);

    for (const KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        m_ui->kdfCombo->addItem(kdfModeText(mode), kdfModeName(mode));
        m_ui->kdfCombo->setItemData(m_ui->kdfCombo->count() - 1, kdfModeDescription(mode), Qt::ToolTipRole);
    }

    m_valuesModel = new KeyValueTableModel(tr("Field"), tr("Value"), this);
    m_valuesModel->setMaskSecrets(true);
    m_ui->valuesTable->setModel(m_valuesModel);
    m_ui->valuesTable->setItemDelegateForColumn(KeyValueTableModel::ValueColumn, new SecretValueDelegate(this));
    m_headersModel = new KeyValueTableModel(tr("Header"), tr("Value"), this);
    m_headersModel->setMaskSecrets(true);
    m_ui->headersTable->setModel(m_headersModel);
    m_ui->headersTable->setItemDelegateForColumn(KeyValueTableModel::ValueColumn, new SecretValueDelegate(this));
    m_overridesModel = new OverrideTableModel(this);
    m_ui->overridesTable->setModel(m_overridesModel);
    m_endpointDelegate = new ComboBoxDelegate({}, false, this);
    m_ui->overridesTable->setItemDelegateForColumn(OverrideTableModel::EndpointColumn, m_endpointDelegate);
    setCatalog(nullptr);
    m_ui->overridesTable->setItemDelegateForColumn(
        OverrideTableModel::MethodColumn,
        new ComboBoxDelegate({QString(), QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                              QStringLiteral("PATCH"), QStringLiteral("DELETE")},
                             true, this));
    for (QTableView *table : {m_ui->valuesTable, m_ui->headersTable, m_ui->overridesTable})
        setupTable(table);
    m_ui->overridesTable->setColumnWidth(OverrideTableModel::EndpointColumn, 230);
    m_ui->overridesTable->setColumnWidth(OverrideTableModel::PathColumn, 300);

    m_ui->mainSplitter->setStretchFactor(0, 1);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->mainSplitter->setSizes({300, 800});
    m_ui->baseUrlEdit->setMinimumWidth(240);

    m_confirm = [](QWidget *dialogParent, const QString &question) {
        return QMessageBox::question(dialogParent, tr("Environments"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No)
            == QMessageBox::Yes;
    };
    m_chooseCaFile = [](QWidget *dialogParent) {
        return QFileDialog::getOpenFileName(dialogParent, tr("Extra CA certificates"), QString(),
                                            tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    };

    connect(m_ui->environmentTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { onCurrentRowChanged(current.isValid() ? current.row() : -1); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &EnvironmentsPage::onModelReset);

    addFamilyUrlRows();
    for (QLineEdit *edit : {m_ui->nameEdit, m_ui->caFileEdit, m_ui->clientCertEdit, m_ui->clientKeyEdit, m_ui->pinsEdit,
                            m_ui->proxyEdit})
        connect(edit, &QLineEdit::textEdited, this, &EnvironmentsPage::markDirty);
    connect(m_ui->noProxyCheck, &QCheckBox::toggled, this, &EnvironmentsPage::markDirty);
    for (QLineEdit *edit : urlEdits()) {
        connect(edit, &QLineEdit::textEdited, this, &EnvironmentsPage::markDirty);
        connect(edit, &QLineEdit::textChanged, this, &EnvironmentsPage::validateUrls);
    }
    connect(m_ui->kdfCombo, &QComboBox::currentIndexChanged, this, &EnvironmentsPage::markDirty);
    connect(m_ui->autoRenewCheck, &QCheckBox::toggled, this, &EnvironmentsPage::markDirty);
    connect(m_ui->timeoutSpin, &QSpinBox::valueChanged, this, &EnvironmentsPage::markDirty);
    connect(m_ui->maxSizeSpin, &QSpinBox::valueChanged, this, &EnvironmentsPage::markDirty);
    connect(m_ui->insecureCheck, &QCheckBox::toggled, this, [this] {
        updateInsecure();
        markDirty();
    });
    connect(m_valuesModel, &KeyValueTableModel::edited, this, &EnvironmentsPage::markDirty);
    connect(m_headersModel, &KeyValueTableModel::edited, this, &EnvironmentsPage::markDirty);
    connect(m_overridesModel, &OverrideTableModel::edited, this, &EnvironmentsPage::markDirty);
    connect(m_ui->revealValuesCheck, &QCheckBox::toggled, this, [this](bool reveal) {
        m_valuesModel->setRevealed(reveal);
        m_headersModel->setRevealed(reveal);
    });

    connect(m_ui->addValueButton, &QPushButton::clicked, this, [this] {
        const int row = m_valuesModel->addRow();
        m_ui->valuesTable->edit(m_valuesModel->index(row, KeyValueTableModel::NameColumn));
    });
    connect(m_ui->removeValueButton, &QPushButton::clicked, this,
            [this] { m_valuesModel->removeRowAt(m_ui->valuesTable->currentIndex().row()); });
    connect(m_ui->addHeaderButton, &QPushButton::clicked, this, [this] {
        const int row = m_headersModel->addRow();
        m_ui->headersTable->edit(m_headersModel->index(row, KeyValueTableModel::NameColumn));
    });
    connect(m_ui->removeHeaderButton, &QPushButton::clicked, this,
            [this] { m_headersModel->removeRowAt(m_ui->headersTable->currentIndex().row()); });
    connect(m_ui->addOverrideButton, &QPushButton::clicked, this, [this] {
        const int row = m_overridesModel->addRow(m_catalog->endpoints().isEmpty() ? QString()
                                                                                 : m_catalog->endpoints().constFirst().id);
        m_ui->overridesTable->edit(m_overridesModel->index(row, OverrideTableModel::PathColumn));
    });
    connect(m_ui->removeOverrideButton, &QPushButton::clicked, this,
            [this] { m_overridesModel->removeRowAt(m_ui->overridesTable->currentIndex().row()); });

    connect(m_ui->useVaultButton, &QPushButton::clicked, this, &EnvironmentsPage::useVaultEntry);
    connect(m_ui->moveToVaultButton, &QPushButton::clicked, this, &EnvironmentsPage::moveToVault);
    connect(m_ui->valuesTable->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &EnvironmentsPage::updateVaultButtons);
    connect(m_valuesModel, &KeyValueTableModel::edited, this, &EnvironmentsPage::updateVaultButtons);
    connect(m_valuesModel, &QAbstractItemModel::modelReset, this, &EnvironmentsPage::updateVaultButtons);
    connect(m_valuesModel, &QAbstractItemModel::rowsRemoved, this, &EnvironmentsPage::updateVaultButtons);

    connect(m_ui->caBrowseButton, &QPushButton::clicked, this, &EnvironmentsPage::chooseCaFile);
    connect(m_ui->newButton, &QPushButton::clicked, this, &EnvironmentsPage::newEnvironment);
    connect(m_ui->duplicateButton, &QPushButton::clicked, this, &EnvironmentsPage::duplicateEnvironment);
    connect(m_ui->deleteButton, &QPushButton::clicked, this, &EnvironmentsPage::deleteEnvironment);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &EnvironmentsPage::save);
    connect(m_ui->revertButton, &QPushButton::clicked, this, &EnvironmentsPage::revert);
    connect(m_ui->resetButton, &QPushButton::clicked, this, &EnvironmentsPage::resetStore);

    // Secret values live only in the store's memory, so a store that already holds environments
    // is shown as it is; reading the file again would drop them.
    const QList<Environment> existing = m_store.environments();
    const bool loadedAlready
        = std::any_of(existing.cbegin(), existing.cend(), [](const Environment &env) { return !env.builtIn; });
    if (loadedAlready) {
        onModelReset();
        if (m_model->rowCount() > 0)
            selectEnvironment(m_model->environment(0).name);
    } else {
        reload();
    }
}

EnvironmentsPage::~EnvironmentsPage() = default;

void EnvironmentsPage::setConfirm(Confirm confirm)
{
    m_confirm = std::move(confirm);
}

void EnvironmentsPage::setCaFileChooser(FileChooser chooser)
{
    m_chooseCaFile = std::move(chooser);
}

void EnvironmentsPage::reload()
{
    const Result<void> loaded = m_store.load();
    if (!loaded) {
        m_ui->loadErrorLabel->setText(tr("The environments could not be read: %1\nNothing is saved until the file is "
                                         "fixed by hand or moved aside.")
                                          .arg(loaded.error().toString()));
        m_ui->loadErrorLabel->setStyleSheet(StatusColors::labelStyleSheet(Tone::Error, palette()));
        m_ui->loadErrorFrame->show();
        m_ui->resetButton->setVisible(m_store.isBlocked());
    } else {
        m_ui->loadErrorFrame->hide();
    }
    m_dirty = false;
    onModelReset();
    if (currentRow() < 0 && m_model->rowCount() > 0)
        selectEnvironment(m_model->environment(0).name);
    updateActions();
}

int EnvironmentsPage::currentRow() const
{
    const QModelIndex current = m_ui->environmentTable->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

bool EnvironmentsPage::selectEnvironment(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    m_ui->environmentTable->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return m_current.compare(name, Qt::CaseInsensitive) == 0;
}

void EnvironmentsPage::onCurrentRowChanged(int row)
{
    if (m_selecting)
        return;
    const QString next = row >= 0 ? m_model->environment(row).name : QString();
    if (m_dirty && next.compare(m_current, Qt::CaseInsensitive) != 0) {
        const bool discard = m_confirm && m_confirm(this, tr("Discard the unsaved changes to \"%1\"?").arg(m_current));
        if (!discard) {
            // Stay on the edited environment; the store was not touched, so its row still exists.
            m_selecting = true;
            const int back = m_model->rowOf(m_current);
            if (back >= 0)
                m_ui->environmentTable->selectionModel()->setCurrentIndex(
                    m_model->index(back, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_selecting = false;
            return;
        }
    }
    m_dirty = false;
    showEnvironment(row >= 0 ? &m_model->environment(row) : nullptr);
}

void EnvironmentsPage::onModelReset()
{
    // The store changed (a save, a sandbox restart, a reload): find the same environment again.
    const int row = m_current.isEmpty() ? -1 : m_model->rowOf(m_current);
    m_selecting = true;
    if (row >= 0)
        m_ui->environmentTable->selectionModel()->setCurrentIndex(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    else
        m_ui->environmentTable->selectionModel()->clearCurrentIndex();
    m_selecting = false;
    if (row < 0) {
        m_dirty = false;
        showEnvironment(nullptr);
    } else if (!m_dirty) {
        showEnvironment(&m_model->environment(row));
    }
    updateActions();
}

void EnvironmentsPage::showEnvironment(const Environment *environment)
{
    m_filling = true;
    m_original = environment ? *environment : Environment();
    m_current = environment ? environment->name : QString();
    const Environment &env = m_original;

    m_ui->nameEdit->setText(env.name);
    m_ui->baseUrlEdit->setText(env.baseUrl);
    for (const auto &[family, edit] : std::as_const(m_familyUrlEdits))
        edit->setText(env.familyBaseUrls.value(family));
    m_ui->kdfCombo->setCurrentIndex(qMax(0, m_ui->kdfCombo->findData(kdfModeName(env.kdf))));
    m_ui->autoRenewCheck->setChecked(env.autoRenew);
    m_ui->timeoutSpin->setValue(secondsOf(env.transport.timeoutMs));
    m_ui->maxSizeSpin->setValue(mebibytesOf(env.transport.maxResponseBytes));
    m_ui->caFileEdit->setText(env.transport.extraCaFile);
    m_ui->insecureCheck->setChecked(env.transport.insecure);
    m_ui->clientCertEdit->setText(env.transport.clientCertFile);
    m_ui->clientKeyEdit->setText(env.transport.clientKeyFile);
    m_ui->pinsEdit->setText(env.transport.pins.join(QStringLiteral("; ")));
    m_ui->proxyEdit->setText(env.transport.proxy);
    m_ui->noProxyCheck->setChecked(env.transport.noProxy);

    m_valuesModel->setPairs(pairsOf(env.values));
    KeyValueTableModel::Pairs headers;
    for (const auto &[name, value] : env.extraHeaders)
        headers.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    m_headersModel->setPairs(headers);
    m_overridesModel->setOverrides(env.pathOverrides, env.methodOverrides);

    const bool builtIn = environment && environment->builtIn;
    m_ui->builtInLabel->setVisible(builtIn);
    if (builtIn) {
        m_ui->builtInLabel->setText(tr("Built in: the Sandbox environment follows the running sandbox and cannot be "
                                       "edited or deleted. Duplicate it for an editable copy."));
        m_ui->builtInLabel->setStyleSheet(StatusColors::labelStyleSheet(Tone::Info, palette()));
    }
    setEditable(environment != nullptr && !builtIn);
    m_filling = false;
    m_dirty = false;
    showMessage(environment ? QString() : tr("Select an environment, or press New."));
    validateUrls();
    updateInsecure();
    updateActions();
}

void EnvironmentsPage::setEditable(bool editable)
{
    m_ui->generalGroup->setEnabled(editable);
    m_ui->transportGroup->setEnabled(editable);
    const QAbstractItemView::EditTriggers triggers = editable
        ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed
            | QAbstractItemView::SelectedClicked
        : QAbstractItemView::NoEditTriggers;
    for (QTableView *table : {m_ui->valuesTable, m_ui->headersTable, m_ui->overridesTable})
        table->setEditTriggers(triggers);
    for (QPushButton *button : {m_ui->addValueButton, m_ui->removeValueButton, m_ui->addHeaderButton,
                                m_ui->removeHeaderButton, m_ui->addOverrideButton, m_ui->removeOverrideButton})
        button->setEnabled(editable);
}

void EnvironmentsPage::markDirty()
{
    if (m_filling || m_current.isEmpty() || m_original.builtIn)
        return;
    m_dirty = true;
    showMessage(tr("Unsaved changes"), Tone::Warning);
    updateActions();
}

void EnvironmentsPage::updateActions()
{
    const bool has = !m_current.isEmpty();
    const bool builtIn = has && m_original.builtIn;
    const bool blocked = m_store.isBlocked();
    m_ui->newButton->setEnabled(!blocked);
    m_ui->duplicateButton->setEnabled(has && !blocked);
    m_ui->deleteButton->setEnabled(has && !builtIn && !blocked);
    m_ui->saveButton->setEnabled(m_dirty && !builtIn && !blocked);
    m_ui->revertButton->setEnabled(m_dirty);
    m_ui->deleteButton->setToolTip(builtIn ? tr("The built-in Sandbox environment cannot be deleted")
                                           : tr("Delete the selected environment"));
    updateVaultButtons();
}

void EnvironmentsPage::setVault(Vault *vault)
{
    if (m_vault)
        disconnect(m_vault, nullptr, this, nullptr);
    m_vault = vault;
    if (m_vault)
        connect(m_vault, &Vault::lockedChanged, this, &EnvironmentsPage::updateVaultButtons);
    updateVaultButtons();
}

void EnvironmentsPage::setVaultPrompts(VaultPicker::Chooser choose, VaultPicker::NameAsker askName)
{
    m_chooseEntry = std::move(choose);
    m_askName = std::move(askName);
}

int EnvironmentsPage::selectedValueRow() const
{
    const QModelIndex current = m_ui->valuesTable->selectionModel()->currentIndex();
    return current.isValid() && current.row() < m_valuesModel->rowCount() ? current.row() : -1;
}

void EnvironmentsPage::updateVaultButtons()
{
    const bool open = m_vault && !m_vault->isLocked();
    const bool editable = !m_current.isEmpty() && !m_original.builtIn && !m_store.isBlocked();
    const int row = selectedValueRow();
    const QPair<QString, QString> pair = row >= 0 ? m_valuesModel->pairs().at(row) : QPair<QString, QString>();
    const bool named = !pair.first.isEmpty();
    const bool movable = named && isSecretName(pair.first) && !pair.second.isEmpty() && !VaultReference::isReference(pair.second);
    m_ui->useVaultButton->setEnabled(open && editable && named);
    m_ui->moveToVaultButton->setEnabled(open && editable && movable);
    if (!open) {
        m_ui->useVaultButton->setToolTip(kNoVaultTip);
        m_ui->moveToVaultButton->setToolTip(kNoVaultTip);
        return;
    }
    m_ui->useVaultButton->setToolTip(named ? tr("Make %1 name a vault entry (vault:NAME)").arg(pair.first)
                                           : tr("Select a value row with a field name first"));
    m_ui->moveToVaultButton->setToolTip(movable ? tr("Keep this secret in the vault; the environment keeps only the reference")
                                                : tr("Select a secret value that is not a vault reference yet"));
}

QString EnvironmentsPage::resolvedText(const QString &value) const
{
    const std::optional<VaultReference> reference = VaultReference::parse(value);
    if (!reference)
        return value;
    const std::optional<VaultEntry> entry = m_vault ? m_vault->find(reference->name) : std::nullopt;
    if (!entry)
        return QString();
    return reference->part == VaultReference::Part::Identity ? entry->identity : QString::fromUtf8(entry->secret.toByteArray());
}

bool EnvironmentsPage::useVaultEntry()
{
    const int row = selectedValueRow();
    if (row < 0 || !m_vault || m_vault->isLocked() || !m_chooseEntry || !m_ui->useVaultButton->isEnabled())
        return false;
    const QString field = m_valuesModel->pairs().at(row).first;
    const VaultPicker::Filter filter
        = isKeyName(field) ? VaultPicker::bankezyKeyFilter() : VaultPicker::credentialFilter(isIdentityName(field));
    const QString name = m_chooseEntry(this, tr("Vault entry for %1").arg(field), VaultPicker::candidates(m_vault, filter));
    if (name.isEmpty())
        return false;
    const std::optional<VaultEntry> entry = m_vault ? m_vault->find(name) : std::nullopt;
    if (!entry || !filter.accepts(*entry)) {
        showMessage(tr("The vault has no entry \"%1\" that fits %2.").arg(name, field), Tone::Error);
        return false;
    }
    VaultReference reference;
    reference.name = entry->name;
    reference.part = isIdentityName(field) ? VaultReference::Part::Identity : VaultReference::Part::Secret;
    m_valuesModel->setData(m_valuesModel->index(row, KeyValueTableModel::ValueColumn), reference.toString());
    return true;
}

bool EnvironmentsPage::moveToVault()
{
    const int row = selectedValueRow();
    if (row < 0 || !m_vault || m_vault->isLocked() || !m_askName || !m_ui->moveToVaultButton->isEnabled())
        return false;
    const auto [field, value] = m_valuesModel->pairs().at(row);
    // An app secret and a password are kept with the app key / username they belong to.
    const QString partner = field == QLatin1String("appSecret") ? QStringLiteral("appKey")
        : field == QLatin1String("password")                   ? QStringLiteral("username")
                                                                : QString();
    QString identity;
    for (const auto &[name, other] : m_valuesModel->pairs()) {
        if (!partner.isEmpty() && name == partner)
            identity = resolvedText(other);
    }
    const VaultEntry::Kind kind = identity.isEmpty()                    ? VaultEntry::Kind::ApiCredential
        : field == QLatin1String("appSecret") ? VaultEntry::Kind::AppKey
                                               : VaultEntry::Kind::Login;
    const QString environmentName = m_ui->nameEdit->text().trimmed();
    const QString name = m_askName(this, tr("Name of the vault entry for %1 of %2:").arg(field, environmentName),
                                   QStringLiteral("%1 %2").arg(environmentName, field).trimmed())
                             .trimmed();
    if (name.isEmpty() || !m_vault)
        return false;
    VaultEntry entry = VaultEntry::credential(kind, name, kind == VaultEntry::Kind::ApiCredential ? QString() : identity,
                                              SecureBytes(value.toUtf8()));
    if (!environmentName.isEmpty())
        entry.environments = {environmentName};
    if (Result<void> added = m_vault->add(entry); !added) {
        showMessage(tr("Not moved to the vault: %1").arg(added.error().toString()), Tone::Error);
        return false;
    }
    if (Result<void> saved = m_vault->save(); !saved) {
        showMessage(tr("The vault could not be saved: %1").arg(saved.error().toString()), Tone::Error);
        return false;
    }
    const bool otherEdits = m_dirty;
    m_valuesModel->setData(m_valuesModel->index(row, KeyValueTableModel::ValueColumn),
                           VaultReference{name, VaultReference::Part::Secret}.toString());
    // Only the reference changed: store it now, so the secret is not lost on the next start.
    if (!otherEdits) {
        if (!save())
            return false;
        showMessage(tr("%1 moved to the vault as \"%2\"; the environment keeps the reference.").arg(field, name), Tone::Ok);
    } else {
        showMessage(tr("%1 moved to the vault as \"%2\". Save to keep the reference.").arg(field, name), Tone::Warning);
    }
    emit statusMessage(tr("%1 of \"%2\" moved to the vault").arg(field, environmentName));
    return true;
}

void EnvironmentsPage::updateInsecure()
{
    const bool insecure = m_ui->insecureCheck->isChecked();
    const QPalette &pal = palette();
    m_ui->insecureCheck->setStyleSheet(insecure ? QStringLiteral("QCheckBox { %1 font-weight: bold; }")
                                                      .arg(StatusColors::labelStyleSheet(Tone::Error, pal))
                                                : QString());
    m_ui->insecureBanner->setVisible(insecure && !m_current.isEmpty());
    m_ui->insecureBanner->setStyleSheet(QStringLiteral("QLabel { background-color: %1; color: %2; border-radius: 4px;"
                                                       " padding: 6px 10px; font-weight: bold; }")
                                            .arg(StatusColors::badgeBackground(Tone::Error, pal).name(),
                                                 StatusColors::badgeText(Tone::Error, pal).name()));
}

void EnvironmentsPage::setCatalog(const EndpointCatalog *catalog)
{
    m_catalog = catalog ? catalog : &EndpointCatalog::builtIn();
    QStringList ids;
    for (const EndpointSpec &spec : m_catalog->endpoints())
        ids << spec.id;
    m_endpointDelegate->setChoices(ids);
}

// One "<family> URL" row per family of the registry, under the base URL; the object names
// ("enosUrlEdit") are what tests and accessibility tools find.
void EnvironmentsPage::addFamilyUrlRows()
{
    const QList<FamilySpec> &families = FamilyRegistry::builtIn().families();
    for (int i = 0; i < families.size(); ++i) {
        const FamilySpec &family = families.at(i);
        auto *edit = new QLineEdit(m_ui->generalGroup);
        edit->setObjectName(family.id + QStringLiteral("UrlEdit"));
        edit->setAccessibleName(tr("%1 base URL").arg(family.displayName));
        edit->setPlaceholderText(tr("optional: overrides the base URL"));
        auto *label = new QLabel(tr("%1 URL:").arg(family.shortName), m_ui->generalGroup);
        label->setObjectName(family.id + QStringLiteral("UrlEditLabel"));
        label->setBuddy(edit);
        m_ui->generalForm->insertRow(2 + i, label, edit);
        m_familyUrlEdits.append({family.id, edit});
    }
    // Tab order follows the rows: base URL, the family URLs, then the KDF.
    QWidget *previous = m_ui->baseUrlEdit;
    for (const auto &[family, edit] : std::as_const(m_familyUrlEdits)) {
        setTabOrder(previous, edit);
        previous = edit;
    }
    setTabOrder(previous, m_ui->kdfCombo);
}

QList<QLineEdit *> EnvironmentsPage::urlEdits() const
{
    QList<QLineEdit *> edits{m_ui->baseUrlEdit};
    for (const auto &[family, edit] : m_familyUrlEdits)
        edits.append(edit);
    return edits;
}

void EnvironmentsPage::validateUrls()
{
    const QString bad = StatusColors::labelStyleSheet(Tone::Error, palette());
    for (QLineEdit *edit : urlEdits()) {
        const QString text = edit->text().trimmed();
        const bool ok = text.isEmpty() || isHttpUrl(text);
        edit->setStyleSheet(ok ? QString() : QStringLiteral("QLineEdit { %1 }").arg(bad));
        edit->setToolTip(ok ? QString() : tr("Not an http or https URL with a host"));
    }
}

Environment EnvironmentsPage::editedEnvironment() const
{
    Environment env = m_original;
    env.name = m_ui->nameEdit->text().trimmed();
    env.baseUrl = m_ui->baseUrlEdit->text().trimmed();
    // A family without a row here (its file is gone) keeps its URL: the page does not show it.
    for (const auto &[family, edit] : m_familyUrlEdits) {
        const QString text = edit->text().trimmed();
        if (text.isEmpty())
            env.familyBaseUrls.remove(family);
        else
            env.familyBaseUrls.insert(family, text);
    }
    env.kdf = kdfModeFromName(m_ui->kdfCombo->currentData().toString()).value_or(KdfMode::Raw);
    env.autoRenew = m_ui->autoRenewCheck->isChecked();
    // Spin boxes show whole seconds and MiB: an untouched box keeps the exact stored value.
    if (m_ui->timeoutSpin->value() != secondsOf(m_original.transport.timeoutMs))
        env.transport.timeoutMs = m_ui->timeoutSpin->value() * 1000;
    if (m_ui->maxSizeSpin->value() != mebibytesOf(m_original.transport.maxResponseBytes))
        env.transport.maxResponseBytes = m_ui->maxSizeSpin->value() * kMiB;
    env.transport.extraCaFile = m_ui->caFileEdit->text().trimmed();
    env.transport.insecure = m_ui->insecureCheck->isChecked();
    env.transport.clientCertFile = m_ui->clientCertEdit->text().trimmed();
    env.transport.clientKeyFile = m_ui->clientKeyEdit->text().trimmed();
    env.transport.pins.clear();
    for (const QString &pin : m_ui->pinsEdit->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (!pin.trimmed().isEmpty())
            env.transport.pins << pin.trimmed();
    }
    env.transport.proxy = m_ui->proxyEdit->text().trimmed();
    env.transport.noProxy = m_ui->noProxyCheck->isChecked();

    env.values.clear();
    for (const auto &[name, value] : m_valuesModel->pairs()) {
        if (!name.isEmpty())
            env.values.insert(name, value);
    }
    env.extraHeaders.clear();
    for (const auto &[name, value] : m_headersModel->pairs()) {
        if (!name.isEmpty())
            env.extraHeaders.append({name.toUtf8(), value.toUtf8()});
    }
    env.pathOverrides = m_overridesModel->pathOverrides();
    env.methodOverrides = m_overridesModel->methodOverrides();
    return env;
}

bool EnvironmentsPage::save()
{
    if (m_current.isEmpty() || m_original.builtIn)
        return false;
    const Environment env = editedEnvironment();
    // The file's own reader is the validator: what it would refuse on the next start is refused now.
    const Result<Environment> valid = Environment::fromJson(env.toJson(true));
    if (!valid) {
        showMessage(valid.error().toString(), Tone::Error);
        return false;
    }
    const Result<void> updated = m_store.update(m_current, env);
    if (!updated) {
        showMessage(updated.error().toString(), Tone::Error);
        return false;
    }
    m_dirty = false;
    m_current = env.name;
    onModelReset();
    selectEnvironment(env.name);
    showMessage(tr("Saved to %1").arg(QDir::toNativeSeparators(m_store.filePath())), Tone::Ok);
    emit statusMessage(tr("Environment \"%1\" saved").arg(env.name));
    return true;
}

void EnvironmentsPage::revert()
{
    m_dirty = false;
    const int row = m_model->rowOf(m_current);
    showEnvironment(row >= 0 ? &m_model->environment(row) : nullptr);
}

QString EnvironmentsPage::uniqueName(const QString &base) const
{
    QString name = base;
    for (int n = 2; m_store.find(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

void EnvironmentsPage::newEnvironment()
{
    if (m_dirty && !(m_confirm && m_confirm(this, tr("Discard the unsaved changes to \"%1\"?").arg(m_current))))
        return;
    Environment env;
    env.name = uniqueName(tr("New environment"));
    const Result<void> added = m_store.add(env);
    if (!added) {
        showMessage(added.error().toString(), Tone::Error);
        return;
    }
    m_dirty = false;
    m_current = env.name;
    onModelReset();
    m_ui->nameEdit->setFocus();
    m_ui->nameEdit->selectAll();
    showMessage(tr("Created \"%1\": give it a name and a base URL, then Save.").arg(env.name), Tone::Info);
}

void EnvironmentsPage::duplicateEnvironment()
{
    if (m_current.isEmpty())
        return;
    // The copy is of the form as shown, so unsaved edits are carried into it rather than lost.
    Environment env = m_original.builtIn ? m_original : editedEnvironment();
    env.name = uniqueName(tr("%1 copy").arg(m_original.name));
    env.builtIn = false;
    const Result<void> added = m_store.add(env);
    if (!added) {
        showMessage(added.error().toString(), Tone::Error);
        return;
    }
    m_dirty = false;
    m_current = env.name;
    onModelReset();
    showMessage(tr("Created \"%1\"").arg(env.name), Tone::Info);
}

void EnvironmentsPage::deleteEnvironment()
{
    if (m_current.isEmpty() || m_original.builtIn)
        return;
    if (!m_confirm || !m_confirm(this, tr("Delete the environment \"%1\"? This cannot be undone.").arg(m_current)))
        return;
    const QString name = m_current;
    const Result<void> removed = m_store.remove(name);
    if (!removed) {
        showMessage(removed.error().toString(), Tone::Error);
        return;
    }
    m_dirty = false;
    m_current.clear();
    onModelReset();
    if (m_model->rowCount() > 0)
        selectEnvironment(m_model->environment(0).name);
    emit statusMessage(tr("Environment \"%1\" deleted").arg(name));
}

void EnvironmentsPage::resetStore()
{
    const Result<void> reset = m_store.reset();
    if (!reset) {
        m_ui->loadErrorLabel->setText(reset.error().toString());
        return;
    }
    m_ui->loadErrorFrame->hide();
    m_dirty = false;
    onModelReset();
    showMessage(tr("The unreadable file was moved aside; starting with no environments of your own."), Tone::Info);
    updateActions();
}

void EnvironmentsPage::chooseCaFile()
{
    const QString path = m_chooseCaFile ? m_chooseCaFile(this) : QString();
    if (path.isEmpty())
        return;
    m_ui->caFileEdit->setText(QDir::toNativeSeparators(path));
    markDirty();
}

void EnvironmentsPage::showMessage(const QString &text, Tone tone)
{
    m_ui->messageLabel->setText(text);
    m_ui->messageLabel->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
}

bool EnvironmentsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->groupsScroll->viewport() && event->type() == QEvent::Resize) {
        const int sideBySide = m_ui->generalGroup->minimumSizeHint().width() + m_ui->groupsLayout->spacing()
            + m_ui->transportGroup->minimumSizeHint().width();
        const auto direction = m_ui->groupsScroll->viewport()->width() >= sideBySide ? QBoxLayout::LeftToRight
                                                                                      : QBoxLayout::TopToBottom;
        if (m_ui->groupsLayout->direction() != direction)
            m_ui->groupsLayout->setDirection(direction);
    }
    return QWidget::eventFilter(watched, event);
}

void EnvironmentsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateInsecure();
        validateUrls();
    }
}

} // namespace td
