// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryPage.h"

#include "HistoryModel.h"
#include "gui/GuiResources.h"
#include "gui/StatusColors.h"

#include "core/api/EndpointCatalog.h"
#include "gui/inspector/PayloadFormatter.h"

#include "core/api/CallHistory.h"
#include "core/net/CurlExport.h"
#include "core/net/HistoryStore.h"

#include "ui_HistoryPage.h"

#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QIcon>
#include <QJsonArray>
#include <QJsonObject>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QSortFilterProxyModel>

namespace td {

namespace {

using Tone = StatusColors::Tone;

QString headerLines(const HttpHeaders &headers)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines << QString::fromUtf8(name) + QStringLiteral(": ") + QString::fromUtf8(value);
    return lines.join(QLatin1Char('\n'));
}

QString bodyText(const QByteArray &body)
{
    const FormattedPayload formatted = PayloadFormatter::format(body);
    return formatted.form == FormattedPayload::Form::Empty ? QString() : formatted.text;
}

} // namespace

HistoryPage::HistoryPage(HistoryStore &store, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::HistoryPage>()), m_store(store), m_catalog(&EndpointCatalog::builtIn())
{
    ensureGuiResources();
    m_ui->setupUi(this);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *view : {m_ui->requestView, m_ui->responseView, m_ui->decryptedView}) {
        view->setFont(fixed);
        view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    }
    m_ui->copyCurlButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_ui->copyCurlButton->setToolTip(
        tr("Copy the recorded request as a curl command. The history file holds no secrets (they were masked "
           "before it was written), so the command has *** where they were: put them back before running it."));
    m_ui->clearButton->setToolTip(tr("Delete every recorded call from %1")
                                      .arg(QDir::toNativeSeparators(m_store.filePath())));

    m_model = new HistoryModel(this);
    m_model->setPalette(palette());
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(HistoryModel::SearchTextRole);
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_ui->historyTable->setModel(m_proxy);
    QHeaderView *header = m_ui->historyTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(HistoryModel::EndpointColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);

    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->mainSplitter->setSizes({260, 420});

    m_confirm = [](QWidget *dialogParent, const QString &question) {
        return QMessageBox::question(dialogParent, tr("Clear history"), question,
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };

    connect(&m_store, &HistoryStore::appended, this, &HistoryPage::onAppended);
    connect(&m_store, &HistoryStore::cleared, this, &HistoryPage::onCleared);
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateCount();
        showCurrent();
    });
    connect(m_ui->historyTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HistoryPage::showCurrent);
    connect(m_ui->replayButton, &QPushButton::clicked, this, &HistoryPage::replay);
    connect(m_ui->copyCurlButton, &QPushButton::clicked, this, &HistoryPage::copyAsCurl);
    connect(m_ui->clearButton, &QPushButton::clicked, this, &HistoryPage::clearHistory);

    reload();
}

HistoryPage::~HistoryPage() = default;

void HistoryPage::setConfirm(Confirm confirm)
{
    m_confirm = std::move(confirm);
}

void HistoryPage::reload()
{
    const Result<HistoryStore::Loaded> loaded = m_store.load();
    if (!loaded) {
        m_model->clear();
        m_skipped = 0;
        showMessage(tr("The history could not be read: %1").arg(loaded.error().toString()), Tone::Error);
    } else {
        m_model->setEntries(loaded->entries);
        m_skipped = loaded->skipped;
        showMessage(QString());
    }
    m_ui->skippedLabel->setVisible(m_skipped > 0);
    if (m_skipped > 0) {
        m_ui->skippedLabel->setText(tr("%n line(s) of %1 could not be read and were skipped.", nullptr, m_skipped)
                                        .arg(QDir::toNativeSeparators(m_store.filePath())));
        m_ui->skippedLabel->setStyleSheet(StatusColors::labelStyleSheet(Tone::Warning, palette()));
    }
    updateCount();
    selectNewestIfNone();
    showCurrent();
}

void HistoryPage::selectNewestIfNone()
{
    // An empty details pane next to a list of calls looks broken: show the newest one.
    if (!currentEntry() && m_proxy->rowCount() > 0)
        selectRow(0);
}

const HistoryEntry *HistoryPage::currentEntry() const
{
    const QModelIndex current = m_ui->historyTable->selectionModel()->currentIndex();
    if (!current.isValid())
        return nullptr;
    const QModelIndex source = m_proxy->mapToSource(current);
    return source.isValid() ? &m_model->entry(source.row()) : nullptr;
}

void HistoryPage::selectRow(int row)
{
    m_ui->historyTable->selectRow(row);
    m_ui->historyTable->setCurrentIndex(m_proxy->index(row, 0));
}

bool HistoryPage::selectEntry(const QString &id)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->entry(row).id != id)
            continue;
        QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (!index.isValid()) {
            m_ui->filterEdit->clear(); // asked for by name: the filter must not hide it
            index = m_proxy->mapFromSource(m_model->index(row, 0));
        }
        selectRow(index.row());
        m_ui->historyTable->scrollTo(index);
        return true;
    }
    return false;
}

void HistoryPage::onAppended(const HistoryEntry &entry)
{
    m_model->prepend(entry);
    updateCount();
    selectNewestIfNone();
}

void HistoryPage::onCleared()
{
    m_model->clear();
    m_skipped = 0;
    m_ui->skippedLabel->hide();
    updateCount();
    showCurrent();
}

void HistoryPage::showCurrent()
{
    showEntry(currentEntry());
}

void HistoryPage::showEntry(const HistoryEntry *entry)
{
    m_ui->replayButton->setEnabled(entry != nullptr);
    m_ui->copyCurlButton->setEnabled(entry != nullptr && !entry->request.url.isEmpty());
    showCauses(entry);
    if (!entry) {
        m_ui->outcomeLabel->setText(tr("Select a call to see its request and response."));
        m_ui->outcomeLabel->setStyleSheet(QString());
        m_ui->requestView->clear();
        m_ui->responseView->clear();
        m_ui->decryptedView->clear();
        m_ui->connectionView->clear();
        m_ui->responseTabs->setTabEnabled(1, false);
        m_ui->responseTabs->setTabEnabled(2, false);
        return;
    }

    QString outcome = entry->outcome.ok ? tr("Succeeded") : tr("Failed: %1").arg(HistoryModel::outcomeText(*entry));
    if (!entry->outcome.message.isEmpty())
        outcome += QStringLiteral(" · ") + entry->outcome.message;
    outcome += QStringLiteral(" · ") + tr("%1 ms").arg(entry->durationMs);
    QString origin = HistoryModel::originText(entry->origin);
    if (!entry->sessionId.isEmpty())
        origin += tr(" (session %1)").arg(entry->sessionId.left(8));
    m_ui->outcomeLabel->setText(QStringLiteral("%1 · %2 · %3 · %4").arg(m_catalog->nameOf(entry->endpoint), entry->environment, origin, outcome));
    m_ui->outcomeLabel->setToolTip(entry->endpoint);
    m_ui->outcomeLabel->setStyleSheet(StatusColors::labelStyleSheet(entry->outcome.ok ? Tone::Ok : Tone::Error, palette()));

    // Everything below is shown as the file holds it: already masked by HistoryStore.
    QString request;
    if (entry->request.url.isEmpty()) {
        request = tr("Not sent: the call failed before a request was made.");
    } else {
        request = QString::fromLatin1(entry->request.method) + QLatin1Char(' ') + entry->request.url.toString();
        const QString headers = headerLines(entry->request.headers);
        if (!headers.isEmpty())
            request += QLatin1Char('\n') + headers;
        const QString body = bodyText(entry->request.body);
        if (!body.isEmpty())
            request += QStringLiteral("\n\n") + body;
    }
    m_ui->requestView->setPlainText(request);

    QString response;
    if (entry->status > 0) {
        response = tr("HTTP %1").arg(entry->status);
        const QString headers = headerLines(entry->responseHeaders);
        if (!headers.isEmpty())
            response += QLatin1Char('\n') + headers;
        const QString body = bodyText(entry->responseBody);
        response += QStringLiteral("\n\n") + (body.isEmpty() ? tr("(empty body)") : body);
    } else {
        response = tr("No HTTP response.");
    }
    m_ui->responseView->setPlainText(response);

    const QString decrypted = bodyText(entry->decryptedBody);
    m_ui->decryptedView->setPlainText(decrypted);
    m_ui->responseTabs->setTabEnabled(1, !decrypted.isEmpty());
    // Kept with the entry, so a pin or a certificate's expiry can be read off an old call.
    const bool sent = entry->status > 0 || entry->tls;
    m_ui->connectionView->setPlainText(sent ? TlsSessionInfo::connectionText(entry->tls, entry->proxy) : QString());
    m_ui->responseTabs->setTabEnabled(2, sent);
    if (!m_ui->responseTabs->isTabEnabled(m_ui->responseTabs->currentIndex()))
        m_ui->responseTabs->setCurrentIndex(0);
}

void HistoryPage::setCatalog(const EndpointCatalog *catalog)
{
    m_catalog = catalog ? catalog : &EndpointCatalog::builtIn();
    showCurrent(); // the outcome line names the endpoint by this catalog
}

// The explanation kept with the entry when it was recorded, as `call` prints it: what TokenDesk
// checked itself ("Confirmed", with the fix) first, then the likely causes.
void HistoryPage::showCauses(const HistoryEntry *entry)
{
    QStringList lines;
    for (const QJsonValue &value : entry ? entry->causes : QJsonArray()) {
        const QJsonObject cause = value.toObject();
        const bool confirmed = cause.value(QLatin1String("confirmed")).toBool();
        QString line = (confirmed ? tr("Confirmed: %1") : tr("Likely: %1")).arg(cause.value(QLatin1String("cause")).toString());
        if (const QString evidence = cause.value(QLatin1String("evidence")).toString(); !evidence.isEmpty())
            line += QStringLiteral("\n    ") + tr("Evidence: %1").arg(evidence);
        if (const QString fix = cause.value(QLatin1String("fix")).toString(); confirmed && !fix.isEmpty())
            line += QStringLiteral("\n    ") + tr("Fix: %1").arg(fix);
        lines.append(line);
    }
    m_ui->causesLabel->setText(lines.join(QLatin1Char('\n')));
    m_ui->causesLabel->setVisible(!lines.isEmpty());
}

void HistoryPage::replay()
{
    const HistoryEntry *entry = currentEntry();
    if (!entry)
        return;
    emit replayRequested(entry->endpoint, entry->environment, CallHistory::replayValues(*entry, *m_catalog));
    emit statusMessage(tr("Replaying %1: secrets and computed fields are filled afresh").arg(m_catalog->nameOf(entry->endpoint)));
}

void HistoryPage::copyAsCurl()
{
    const HistoryEntry *entry = currentEntry();
    if (!entry || entry->request.url.isEmpty())
        return;
    // The recorded request is already masked, so this is not a secret and needs no clearing.
    QGuiApplication::clipboard()->setText(CurlExport::toCurl(entry->request, false));
    emit statusMessage(tr("curl command copied; secrets appear as ***"));
}

void HistoryPage::clearHistory()
{
    const QString question = tr("Delete all %n recorded call(s)? This cannot be undone.", nullptr,
                                static_cast<int>(m_model->rowCount()));
    if (!m_confirm || !m_confirm(this, question))
        return;
    const Result<void> cleared = m_store.clear();
    if (!cleared) {
        showMessage(tr("The history could not be cleared: %1").arg(cleared.error().toString()), Tone::Error);
        return;
    }
    // HistoryStore::cleared has emptied the model already; a store that does not signal still
    // leaves an empty page.
    onCleared();
    showMessage(QString());
    emit statusMessage(tr("History cleared"));
}

void HistoryPage::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    if (total == 0)
        m_ui->countLabel->setText(tr("No calls yet"));
    else if (shown == total)
        m_ui->countLabel->setText(tr("%n call(s)", nullptr, total));
    else
        m_ui->countLabel->setText(tr("%1 of %n call(s)", nullptr, total).arg(shown));
    m_ui->clearButton->setEnabled(total > 0 || m_skipped > 0);
}

void HistoryPage::showMessage(const QString &text, Tone tone)
{
    m_ui->messageLabel->setText(text);
    m_ui->messageLabel->setVisible(!text.isEmpty());
    m_ui->messageLabel->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
}

void HistoryPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_model->setPalette(palette());
        showCurrent();
    }
}

} // namespace td
