// SPDX-License-Identifier: GPL-3.0-or-later
#include "SupportBundleDialog.h"

#include "gui/StatusColors.h"
#include "gui/history/HistoryModel.h"

#include "core/BuildInfo.h"
#include "core/api/EndpointCatalog.h"
#include "core/io/SafeFile.h"
#include "core/net/HistoryStore.h"
#include "core/session/Session.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/workspace/BundleContents.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QUuid>
#include <QVBoxLayout>

namespace td {

namespace {

constexpr int kIdRole = Qt::UserRole;

} // namespace

SupportBundleDialog::SupportBundleDialog(const HistoryStore &history, const EnvironmentStore &environments,
                                         const SessionStore &sessions, const Vault *vault, const QString &selectedEntryId,
                                         QWidget *parent)
    : QDialog(parent), m_history(history), m_environments(environments), m_sessions(sessions), m_vault(vault)
{
    setObjectName(QStringLiteral("supportBundleDialog"));
    setWindowTitle(tr("Export a support bundle"));
    m_choosePath = [](QWidget *chooserParent, const QString &suggested) {
        return QFileDialog::getSaveFileName(chooserParent, tr("Save the support bundle"), suggested, tr("ZIP archives (*.zip)"));
    };
    buildLayout();
    fillHistory(selectedEntryId);
    fillSessions();
    updateExportButton();
    resize(720, 560);
}

SupportBundleDialog::~SupportBundleDialog() = default;

void SupportBundleDialog::buildLayout()
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("A ZIP to attach to a ticket: the chosen exchanges as the history keeps them (masked), the "
                                "environments they used without secret values, key thumbprints (never keys), the session's "
                                "outline without its tokens, the clock offsets seen and each failure's likely causes, and "
                                "the TokenDesk, Qt and OpenSSL versions."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_entries = new QListWidget(this);
    m_entries->setObjectName(QStringLiteral("historyList"));
    m_entries->setAccessibleName(tr("History exchanges to include"));
    layout->addWidget(new QLabel(tr("Exchanges (newest first):"), this));
    layout->addWidget(m_entries, 1);

    auto *form = new QFormLayout;
    m_newest = new QSpinBox(this);
    m_newest->setObjectName(QStringLiteral("newestSpin"));
    m_newest->setAccessibleName(tr("Check the newest exchanges"));
    m_newest->setRange(0, kListed);
    m_newest->setValue(kDefaultNewest);
    auto *newestRow = new QHBoxLayout;
    auto *checkNewestButton = new QPushButton(tr("Check the newest"), this);
    checkNewestButton->setObjectName(QStringLiteral("checkNewestButton"));
    newestRow->addWidget(checkNewestButton);
    newestRow->addWidget(m_newest);
    newestRow->addStretch();
    form->addRow(newestRow);
    m_session = new QComboBox(this);
    m_session->setObjectName(QStringLiteral("sessionCombo"));
    m_session->setAccessibleName(tr("Session to include"));
    form->addRow(tr("Session:"), m_session);
    m_path = new QLineEdit(QDir::home().filePath(
                               QStringLiteral("tokendesk-bundle-%1.zip").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")))),
                           this);
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setAccessibleName(tr("Bundle file"));
    m_browse = new QPushButton(tr("Choose…"), this);
    m_browse->setObjectName(QStringLiteral("choosePathButton"));
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    form->addRow(tr("Save as:"), pathRow);
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->hide();
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &SupportBundleDialog::onExport);
    connect(checkNewestButton, &QPushButton::clicked, this, [this] { checkNewest(m_newest->value()); });
    connect(m_browse, &QPushButton::clicked, this, &SupportBundleDialog::choosePath);
    connect(m_entries, &QListWidget::itemChanged, this, &SupportBundleDialog::updateExportButton);
    connect(m_session, &QComboBox::currentIndexChanged, this, &SupportBundleDialog::updateExportButton);
    connect(m_path, &QLineEdit::textChanged, this, &SupportBundleDialog::updateExportButton);
}

void SupportBundleDialog::fillHistory(const QString &selectedEntryId)
{
    Result<HistoryStore::Loaded> loaded = m_history.load(kListed);
    const QList<HistoryEntry> entries = loaded ? loaded->entries : QList<HistoryEntry>();
    bool selectedFound = false;
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        // Named as the History page names it; the id stays in the tooltip.
        auto *item = new QListWidgetItem(QStringLiteral("%1  %2 · %3 · %4")
                                             .arg(it->time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                                  EndpointCatalog::displayName(it->endpoint), it->environment,
                                                  HistoryModel::outcomeText(*it)),
                                         m_entries);
        item->setToolTip(it->endpoint);
        item->setData(kIdRole, it->id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const bool selected = !selectedEntryId.isEmpty() && it->id == selectedEntryId;
        selectedFound = selectedFound || selected;
        item->setCheckState(selected ? Qt::Checked : Qt::Unchecked);
    }
    if (!selectedFound)
        checkNewest(kDefaultNewest);
    if (entries.isEmpty()) {
        m_message->setText(tr("The history is empty: send a call first, or choose a session."));
        m_message->show();
    }
    if (!loaded) {
        m_message->setText(loaded.error().message);
        m_message->show();
    }
}

void SupportBundleDialog::fillSessions()
{
    m_session->addItem(tr("No session"));
    for (int row = 0; row < m_sessions.size(); ++row) {
        const Session &session = m_sessions.at(row);
        const QString id = session.id.toString(QUuid::WithoutBraces);
        m_session->addItem(QStringLiteral("%1 · %2 · %3 (%4)").arg(session.endpointId, session.environment.name,
                                                                   sessionStateName(session.state), id.left(8)),
                           id);
    }
}

void SupportBundleDialog::checkNewest(int count)
{
    for (int row = 0; row < m_entries->count(); ++row)
        m_entries->item(row)->setCheckState(row < count ? Qt::Checked : Qt::Unchecked);
}

QStringList SupportBundleDialog::chosenIds() const
{
    QStringList ids;
    for (int row = 0; row < m_entries->count(); ++row) {
        if (m_entries->item(row)->checkState() == Qt::Checked)
            ids.append(m_entries->item(row)->data(kIdRole).toString());
    }
    return ids;
}

QString SupportBundleDialog::sessionId() const
{
    return m_session->currentData().toString();
}

void SupportBundleDialog::choosePath()
{
    const QString path = m_choosePath ? m_choosePath(this, m_path->text()) : QString();
    if (!path.isEmpty())
        m_path->setText(path);
}

void SupportBundleDialog::updateExportButton()
{
    m_export->setEnabled(!m_path->text().trimmed().isEmpty() && (!chosenIds().isEmpty() || !sessionId().isEmpty()));
}

Result<QString> SupportBundleDialog::exportBundle()
{
    const QString session = sessionId();
    Result<QList<HistoryEntry>> exchanges = BundleContents::chosenExchanges(m_history, chosenIds(), session);
    if (!exchanges)
        return exchanges.error();
    const Session *chosenSession = session.isEmpty() ? nullptr : m_sessions.find(QUuid(session));
    const Vault *vault = m_vault && !m_vault->isLocked() ? m_vault : nullptr;
    const SupportBundle bundle = BundleContents::assemble(exchanges.value(), m_environments, m_sessions, vault, chosenSession,
                                                          BuildInfo::versionText(QStringLiteral("tokendesk")));
    const QString path = m_path->text().trimmed();
    if (Result<void> written = writeFileAtomically(path, bundle.zip()); !written)
        return written.error();
    return tr("Wrote %1: %2 exchange(s), %3 environment(s), %4 key thumbprint(s)%5.")
        .arg(QDir::toNativeSeparators(path))
        .arg(bundle.exchanges.size())
        .arg(bundle.environments.size())
        .arg(bundle.keys.size())
        .arg(chosenSession ? tr(", the session's outline") : QString());
}

void SupportBundleDialog::onExport()
{
    Result<QString> written = exportBundle();
    if (!written) {
        m_message->setText(written.error().message);
        m_message->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Error, palette()));
        m_message->show();
        return;
    }
    Q_EMIT exported(written.value());
    accept();
}

} // namespace td
