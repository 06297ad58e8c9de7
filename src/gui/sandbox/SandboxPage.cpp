// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxPage.h"

#include "CredentialTableModel.h"
#include "DurationSpinBox.h"
#include "FaultTableModel.h"
#include "SandboxTlsEditor.h"
#include "gui/GuiResources.h"
#include "gui/SecretClipboard.h"

#include "core/api/EndpointCatalog.h"
#include "core/io/SafeFile.h"
#include "core/sandbox/SandboxHost.h"
#include "core/sandbox/SandboxServer.h"
#include "core/sandbox/SandboxSettings.h"

#include "ui_SandboxPage.h"

#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QIcon>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalBlocker>

#include <algorithm>

namespace td {

namespace {

using Tone = StatusColors::Tone;

} // namespace

SandboxPage::SandboxPage(SandboxHost &host, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::SandboxPage>()), m_host(host)
{
    ensureGuiResources();
    m_ui->setupUi(this);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->urlEdit->setFont(fixed);
    m_ui->terminateEdit->setFont(fixed);
    m_ui->copyUrlButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_ui->startButton->setIcon(QIcon(QStringLiteral(":/icons/sandbox.svg")));

    m_credentials = new CredentialTableModel(this);
    m_ui->credentialsTable->setModel(m_credentials);
    m_ui->credentialsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ui->credentialsTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->credentialsTable->horizontalHeader()->setStretchLastSection(true);
    m_ui->credentialsTable->setFont(fixed);
    m_ui->credentialsTable->setMinimumHeight(150);

    m_faults = new FaultTableModel(this);
    m_ui->faultTable->setModel(m_faults);
    m_ui->faultTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_ui->faultTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->faultTable->horizontalHeader()->setSectionResizeMode(FaultTableModel::EndpointColumn, QHeaderView::Stretch);
    m_ui->faultTable->horizontalHeader()->setStretchLastSection(false);

    showFaultEndpoints(SandboxServer::endpointIds());
    for (const SandboxFault::Kind kind : {SandboxFault::Kind::LatencyMs, SandboxFault::Kind::ErrorCode,
                                          SandboxFault::Kind::HttpStatus, SandboxFault::Kind::Malformed,
                                          SandboxFault::Kind::Truncated, SandboxFault::Kind::WrongKey,
                                          SandboxFault::Kind::Drop}) {
        m_ui->faultKindCombo->addItem(FaultTableModel::kindText(kind), SandboxFault::kindName(kind));
        m_ui->faultKindCombo->setItemData(m_ui->faultKindCombo->count() - 1, SandboxFault::kindName(kind), Qt::ToolTipRole);
    }

    m_ui->serverKeyLabel->setText(
        tr("<b>Server key</b> (EC P-256): the BankEzy key exchange. Its private half opens what a client "
           "encrypts to the sandbox."));
    m_ui->tokenKeyLabel->setText(
        tr("<b>Token key</b> (oct, 256 bit): encrypts the BankEzy tokens; paste it into the token inspector to "
           "decrypt them."));
    m_ui->hmacKeyLabel->setText(
        tr("<b>HMAC secret</b> (oct, 256 bit): signs the EnOS and security-management JWTs; the inspector "
           "verifies them with it."));
    for (QLabel *label : {m_ui->serverKeyLabel, m_ui->tokenKeyLabel, m_ui->hmacKeyLabel})
        label->setTextFormat(Qt::RichText);
    const QString secretTip = tr("Copied with the password-manager hint; the clipboard is cleared after 30 s");
    for (QPushButton *button : {m_ui->copyServerPrivateButton, m_ui->copyTokenKeyButton, m_ui->copyHmacButton}) {
        button->setToolTip(secretTip);
        button->setIcon(QIcon(QStringLiteral(":/icons/key.svg")));
    }
    m_ui->copyServerPublicButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    for (QPushButton *button : {m_ui->saveServerKeyButton, m_ui->saveTokenKeyButton, m_ui->saveHmacButton})
        button->setToolTip(tr("Save the private JWK to a file readable only by you"));

    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->mainSplitter->setSizes({530, 670});
    m_ui->faultCountSpin->setMaximumWidth(150);
    // The header and two faults: the endpoint has its own row (display names are long) and the
    // page still fits 1024 × 640.
    m_ui->faultTable->setMinimumHeight(64);
    QFont bold = m_ui->statusLabel->font();
    bold.setBold(true);
    m_ui->statusLabel->setFont(bold);
    m_ui->settingsNoteLabel->setStyleSheet(QString());

    m_chooseSaveFile = [](QWidget *dialogParent, const QString &suggestedName) {
        return QFileDialog::getSaveFileName(dialogParent, tr("Save key"), QDir::home().filePath(suggestedName),
                                            tr("JSON Web Key (*.jwk *.json);;All files (*)"));
    };

    connect(m_ui->startButton, &QPushButton::clicked, this, &SandboxPage::start);
    connect(m_ui->stopButton, &QPushButton::clicked, this, &SandboxPage::stop);
    connect(m_ui->copyUrlButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_ui->urlEdit->text());
        emit statusMessage(tr("Sandbox URL copied"));
    });
    connect(m_ui->revealCredentialsCheck, &QCheckBox::toggled, m_credentials, &CredentialTableModel::setRevealed);
    connect(m_ui->copyCredentialButton, &QPushButton::clicked, this, &SandboxPage::copyCredential);
    connect(m_ui->credentialsTable, &QTableView::doubleClicked, this, &SandboxPage::copyCredential);
    connect(m_ui->addFaultButton, &QPushButton::clicked, this, &SandboxPage::addFault);
    connect(m_ui->clearFaultsButton, &QPushButton::clicked, this, &SandboxPage::clearFaults);
    connect(m_ui->faultKindCombo, &QComboBox::currentIndexChanged, this, &SandboxPage::updateFaultValueHint);
    connect(m_ui->terminateButton, &QPushButton::clicked, this, &SandboxPage::terminate);
    connect(m_ui->terminateEdit, &QLineEdit::returnPressed, this, &SandboxPage::terminate);
    connect(m_ui->terminateEdit, &QLineEdit::textChanged, this, &SandboxPage::showState);

    connect(m_ui->copyServerPublicButton, &QPushButton::clicked, this,
            [this] { copyKey(QStringLiteral("serverPublicKey"), false); });
    connect(m_ui->copyServerPrivateButton, &QPushButton::clicked, this,
            [this] { copyKey(QStringLiteral("serverPrivateKey"), true); });
    connect(m_ui->copyTokenKeyButton, &QPushButton::clicked, this, [this] { copyKey(QStringLiteral("tokenKey"), true); });
    connect(m_ui->copyHmacButton, &QPushButton::clicked, this, [this] { copyKey(QStringLiteral("hmacSecret"), true); });
    connect(m_ui->addKeysToVaultButton, &QPushButton::clicked, this, &SandboxPage::addKeysToVaultRequested);
    connect(m_ui->saveServerKeyButton, &QPushButton::clicked, this,
            [this] { saveKey(QStringLiteral("serverPrivateKey"), QStringLiteral("sandbox-server-key.jwk")); });
    connect(m_ui->saveTokenKeyButton, &QPushButton::clicked, this,
            [this] { saveKey(QStringLiteral("tokenKey"), QStringLiteral("sandbox-token-key.jwk")); });
    connect(m_ui->saveHmacButton, &QPushButton::clicked, this,
            [this] { saveKey(QStringLiteral("hmacSecret"), QStringLiteral("sandbox-hmac-secret.jwk")); });

    setupSettings();
    fitPanes();
    m_credentials->setCredentials(m_host.credentials());
    updateFaultValueHint();
    refresh();
}

// Both columns scroll when the window is short (1024 × 640), so the page asks for no height of
// its own; a column is never narrower than its content, so nothing is cut at the side. Measured
// again when the font changes: a font with wider glyphs (X's, not the offscreen platform's) needs
// wider columns.
void SandboxPage::fitPanes()
{
    for (QScrollArea *scroll : {m_ui->leftScroll, m_ui->rightScroll}) {
        scroll->setMinimumWidth(scroll->widget()->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
        scroll->setMinimumHeight(60);
    }
}

// The editors follow SandboxSettings::durations() in order.
QSpinBox *SandboxPage::durationSpin(int index) const
{
    QSpinBox *const spins[] = {m_ui->bankezyLifetimeSpin, m_ui->enosLifetimeSpin, m_ui->secmgmtLifetimeSpin,
                               m_ui->secmgmtRefreshLifetimeSpin, m_ui->renewWindowSpin, m_ui->enosSkewSpin};
    static_assert(std::size(spins) == 6);
    return spins[index];
}

void SandboxPage::setupSettings()
{
    m_tls = new SandboxTlsEditor(m_ui->settingsGroup);
    m_ui->settingsLayout->insertWidget(1, m_tls); // below the form, above Apply
    connect(m_tls, &SandboxTlsEditor::edited, this, &SandboxPage::updateSettingsButtons);
    connect(m_tls, &SandboxTlsEditor::statusMessage, this, &SandboxPage::statusMessage);
    QWidget *previous = m_ui->renewShapeCombo; // then the HTTPS rows, then Revert and Apply
    for (QWidget *widget : m_tls->focusChain()) {
        setTabOrder(previous, widget);
        previous = widget;
    }
    const QList<SandboxSettings::Duration> &durations = SandboxSettings::durations();
    Q_ASSERT(durations.size() == 6);
    for (int i = 0; i < durations.size(); ++i) {
        QSpinBox *spin = durationSpin(i);
        spin->setRange(int(durations.at(i).minSeconds), int(durations.at(i).maxSeconds));
        connect(spin, &QSpinBox::valueChanged, this, &SandboxPage::updateSettingsButtons);
    }
    for (const KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        m_ui->kdfCombo->addItem(kdfModeText(mode), kdfModeName(mode));
        m_ui->kdfCombo->setItemData(m_ui->kdfCombo->count() - 1, kdfModeDescription(mode), Qt::ToolTipRole);
    }
    for (const RenewShape shape : {RenewShape::Flat, RenewShape::Nested}) {
        m_ui->renewShapeCombo->addItem(renewShapeText(shape), renewShapeName(shape));
        m_ui->renewShapeCombo->setItemData(m_ui->renewShapeCombo->count() - 1, renewShapeDescription(shape), Qt::ToolTipRole);
    }
    for (QComboBox *combo : {m_ui->kdfCombo, m_ui->renewShapeCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, &SandboxPage::updateSettingsButtons);
    connect(m_ui->applySettingsButton, &QPushButton::clicked, this, &SandboxPage::applySettings);
    connect(m_ui->revertSettingsButton, &QPushButton::clicked, this, [this] {
        showSettings();
        m_ui->settingsMessageLabel->clear();
    });
    m_ui->keysGroup->setTitle(m_host.isKept() ? tr("Keys (kept between runs)") : tr("Keys (new ones on every start)"));
    showSettings();
}

SandboxPage::~SandboxPage() = default;

void SandboxPage::setSaveFileChooser(SaveFileChooser chooser)
{
    m_chooseSaveFile = std::move(chooser);
}

bool SandboxPage::start()
{
    const Result<QUrl> url = m_host.start();
    if (!url) {
        m_startError = url.error().toString();
        refresh();
        emit statusMessage(tr("The sandbox did not start"));
        return false;
    }
    m_startError.clear();
    refresh();
    emit sandboxUrlChanged(url.value());
    emit statusMessage(tr("Sandbox running at %1").arg(url->toString()));
    return true;
}

void SandboxPage::stop()
{
    if (!m_host.isRunning())
        return;
    m_host.stop();
    m_startError.clear();
    refresh();
    emit sandboxUrlChanged(QUrl());
    emit statusMessage(tr("Sandbox stopped"));
}

void SandboxPage::setCatalog(const EndpointCatalog *catalog)
{
    m_catalog = catalog;
    m_faults->setCatalog(catalog);
    m_ui->faultEndpointCombo->clear(); // named again by refresh()
    refresh();
}

void SandboxPage::refresh()
{
    const bool running = m_host.isRunning();
    const QJsonObject info = running ? m_host.infoJson() : QJsonObject();
    QStringList served;
    for (const QJsonValue &id : info.value(QLatin1String("endpoints")).toArray())
        served.append(id.toString());
    if (served.isEmpty())
        served = SandboxServer::endpointIds();
    showFaultEndpoints(served);
    m_faults->setFaults(info.value(QLatin1String("faults")).toArray(), served);
    showState();
}

// The endpoints a fault can be armed on: those the running server answers, user families'
// included (a user endpoint shows its id: the built-in catalog has no title for it).
void SandboxPage::showFaultEndpoints(const QStringList &ids)
{
    QComboBox *combo = m_ui->faultEndpointCombo;
    QStringList listed;
    for (int i = 1; i < combo->count(); ++i)
        listed.append(combo->itemData(i).toString());
    if (combo->count() > 0 && listed == ids)
        return;
    const QString current = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(tr("* (every endpoint)"), QStringLiteral("*"));
    for (const QString &id : ids) {
        combo->addItem(m_catalog ? m_catalog->nameOf(id) : EndpointCatalog::displayName(id), id);
        combo->setItemData(combo->count() - 1, id, Qt::ToolTipRole);
    }
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

void SandboxPage::showState()
{
    const bool running = m_host.isRunning();
    const QString url = running ? m_host.url().toString() : QString();
    if (running)
        setLabel(m_ui->statusLabel, tr("Running at %1").arg(url), Tone::Ok);
    else if (!m_startError.isEmpty())
        setLabel(m_ui->statusLabel, tr("Stopped: %1").arg(m_startError), Tone::Error);
    else
        setLabel(m_ui->statusLabel, tr("Stopped: press Start to serve all seven endpoints on this computer"), Tone::Neutral);
    if (m_ui->urlEdit->text() != url)
        m_ui->urlEdit->setText(url);
    m_ui->startButton->setEnabled(!running);
    m_ui->stopButton->setEnabled(running);
    m_ui->copyUrlButton->setEnabled(running);
    const bool hasKeys = m_host.keys().has_value();
    for (QPushButton *button : {m_ui->copyServerPublicButton, m_ui->copyServerPrivateButton, m_ui->saveServerKeyButton,
                                m_ui->copyTokenKeyButton, m_ui->saveTokenKeyButton, m_ui->copyHmacButton,
                                m_ui->saveHmacButton})
        button->setEnabled(hasKeys);
    m_ui->addFaultButton->setEnabled(running);
    m_ui->addKeysToVaultButton->setEnabled(running);
    m_ui->clearFaultsButton->setEnabled(running && m_faults->rowCount() > 0);
    m_ui->terminateButton->setEnabled(running && !m_ui->terminateEdit->text().trimmed().isEmpty());
    m_ui->applySettingsButton->setText(running ? tr("Apply and restart") : tr("Apply"));
    m_tls->showServed(m_host.tls());
}

// The editors show what the host runs with (or starts with); edits stay until applied or reverted.
void SandboxPage::showSettings()
{
    const SandboxConfig &config = m_host.config();
    const QList<SandboxSettings::Duration> &durations = SandboxSettings::durations();
    for (int i = 0; i < durations.size(); ++i)
        durationSpin(i)->setValue(int(config.*durations.at(i).member));
    m_ui->kdfCombo->setCurrentIndex(m_ui->kdfCombo->findData(kdfModeName(config.kdf)));
    m_ui->renewShapeCombo->setCurrentIndex(m_ui->renewShapeCombo->findData(renewShapeName(config.renewShape)));
    m_tls->setConfig(config);
    updateSettingsButtons();
}

SandboxConfig SandboxPage::editedConfig() const
{
    SandboxConfig config = m_host.config();
    const QList<SandboxSettings::Duration> &durations = SandboxSettings::durations();
    for (int i = 0; i < durations.size(); ++i)
        config.*durations.at(i).member = durationSpin(i)->value();
    config.kdf = kdfModeFromName(m_ui->kdfCombo->currentData().toString()).value_or(config.kdf);
    config.renewShape = renewShapeFromName(m_ui->renewShapeCombo->currentData().toString()).value_or(config.renewShape);
    m_tls->apply(config);
    return config;
}

void SandboxPage::updateSettingsButtons()
{
    const bool edited = !SandboxSettings::sameSettings(editedConfig(), m_host.config());
    m_ui->applySettingsButton->setEnabled(edited);
    m_ui->revertSettingsButton->setEnabled(edited);
}

bool SandboxPage::applySettings()
{
    const bool running = m_host.isRunning();
    const QUrl before = m_host.url();
    const Result<QUrl> restarted = m_host.restart(editedConfig());
    if (!restarted) {
        // The host went back to the settings it had; the editors keep the refused ones.
        setLabel(m_ui->settingsMessageLabel, tr("Not applied: %1").arg(restarted.error().toString()), Tone::Error);
        refresh();
        emit sandboxUrlChanged(m_host.url());
        return false;
    }
    if (m_settings)
        SandboxSettings::save(*m_settings, m_host.config());
    showSettings();
    refresh();
    if (!running) {
        setLabel(m_ui->settingsMessageLabel, tr("Saved: the sandbox starts with these settings"), Tone::Ok);
        return true;
    }
    // The Sandbox environment follows: a new port, the KDF and the credentials.
    emit sandboxUrlChanged(restarted.value());
    if (restarted.value().port() == before.port()) // http ↔ https changes the URL, not the port
        setLabel(m_ui->settingsMessageLabel, tr("Restarted with the new settings; issued tokens are still good"), Tone::Ok);
    else
        setLabel(m_ui->settingsMessageLabel,
                 tr("Restarted on a new port (the old one was taken): the Sandbox environment now uses %1")
                     .arg(restarted.value().toString()),
                 Tone::Warning);
    emit statusMessage(tr("Sandbox restarted at %1").arg(restarted.value().toString()));
    return true;
}

void SandboxPage::updateFaultValueHint()
{
    const std::optional<SandboxFault::Kind> kind = SandboxFault::kindFromName(m_ui->faultKindCombo->currentData().toString());
    QString hint;
    bool needsValue = true;
    switch (kind.value_or(SandboxFault::Kind::Malformed)) {
    case SandboxFault::Kind::LatencyMs:
        hint = tr("delay in ms");
        break;
    case SandboxFault::Kind::ErrorCode:
        hint = tr("code, e.g. TOK003");
        break;
    case SandboxFault::Kind::HttpStatus:
        hint = tr("status, e.g. 503");
        break;
    default:
        needsValue = false;
        hint = tr("no value");
        break;
    }
    m_ui->faultValueEdit->setPlaceholderText(hint);
    m_ui->faultValueEdit->setEnabled(needsValue);
}

void SandboxPage::addFault()
{
    QJsonObject fault{{QStringLiteral("endpoint"), m_ui->faultEndpointCombo->currentData().toString()},
                      {QStringLiteral("kind"), m_ui->faultKindCombo->currentData().toString()},
                      {QStringLiteral("count"), m_ui->faultCountSpin->value()}};
    if (m_ui->faultValueEdit->isEnabled())
        fault.insert(QStringLiteral("value"), m_ui->faultValueEdit->text().trimmed());
    const Result<void> added = m_host.addFault(fault);
    if (!added) {
        setLabel(m_ui->faultMessageLabel, added.error().toString(), Tone::Error);
        return;
    }
    setLabel(m_ui->faultMessageLabel,
             tr("Armed %1 on %2").arg(m_ui->faultKindCombo->currentText(), m_ui->faultEndpointCombo->currentText()),
             Tone::Ok);
    refresh();
}

void SandboxPage::clearFaults()
{
    m_host.clearFaults();
    setLabel(m_ui->faultMessageLabel, tr("All faults cleared"), Tone::Neutral);
    refresh();
}

void SandboxPage::terminate()
{
    const QString text = m_ui->terminateEdit->text().trimmed();
    if (text.isEmpty() || !m_host.isRunning())
        return;
    // Account numbers are digits; a user token never is (it is a JWE).
    bool isNumber = false;
    text.toULongLong(&isNumber);
    const int ended = isNumber ? m_host.terminateAccount(text) : m_host.terminateToken(text.toUtf8());
    const QString what = isNumber ? tr("account %1").arg(text) : tr("that user token");
    setLabel(m_ui->terminateResultLabel, tr("%n session(s) ended for %1", nullptr, ended).arg(what),
             ended > 0 ? Tone::Ok : Tone::Warning);
}

void SandboxPage::copyKey(const QString &member, bool secret)
{
    const QJsonObject key = m_host.keysJson().value(member).toObject();
    if (key.isEmpty())
        return;
    const QString text = QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact));
    if (secret) {
        SecretClipboard::copy(text);
        setLabel(m_ui->keysMessageLabel, tr("Private key copied; the clipboard is cleared in 30 s"), Tone::Warning);
    } else {
        QGuiApplication::clipboard()->setText(text);
        setLabel(m_ui->keysMessageLabel, tr("Public key copied"), Tone::Neutral);
    }
}

void SandboxPage::saveKey(const QString &member, const QString &fileName)
{
    const QJsonObject key = m_host.keysJson().value(member).toObject();
    if (key.isEmpty())
        return;
    const QString path = m_chooseSaveFile ? m_chooseSaveFile(this, fileName) : QString();
    if (path.isEmpty())
        return;
    const Result<void> written = writeFileAtomically(path, QJsonDocument(key).toJson(QJsonDocument::Indented));
    if (!written) {
        setLabel(m_ui->keysMessageLabel, written.error().toString(), Tone::Error);
        return;
    }
    setLabel(m_ui->keysMessageLabel, tr("Saved to %1 (readable only by you)").arg(QDir::toNativeSeparators(path)), Tone::Ok);
}

void SandboxPage::copyCredential()
{
    const QModelIndex current = m_ui->credentialsTable->currentIndex();
    if (!current.isValid())
        return;
    const CredentialTableModel::Row &row = m_credentials->row(current.row());
    if (CredentialTableModel::isSecret(row))
        SecretClipboard::copy(row.value);
    else
        QGuiApplication::clipboard()->setText(row.value);
    emit statusMessage(tr("%1 copied").arg(row.name));
}

void SandboxPage::setLabel(QLabel *label, const QString &text, Tone tone)
{
    label->setText(text);
    label->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
}

void SandboxPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fitPanes(); // polished now: the style's button and label sizes, not the ones before it applied
    refresh(); // faults armed over HTTP (/__sandbox/faults) or used up meanwhile
}

void SandboxPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        showState();
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fitPanes();
}

} // namespace td
