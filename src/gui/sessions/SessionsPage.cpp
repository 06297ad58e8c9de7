// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionsPage.h"

#include "RemainingDelegate.h"
#include "SessionFilterModel.h"
#include "gui/GuiResources.h"
#include "gui/SecretClipboard.h"
#include "gui/api/ExpiryText.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/FamilyRegistry.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include "ui_SessionsPage.h"

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QSet>

namespace td {

namespace {

using Tone = StatusColors::Tone;

enum RenewalColumn { TimeColumn, ResultColumn, HttpColumn, CodeColumn, MessageColumn, NewExpiryColumn, RenewalColumnCount };

constexpr SessionState kStates[] = {SessionState::Fresh,       SessionState::Expiring,   SessionState::Expired,
                                    SessionState::Renewing,    SessionState::RenewFailed, SessionState::Terminated,
                                    SessionState::Closed};

// Values of the state combo's items: -1 any, -2 attention, otherwise int(SessionState).
constexpr int kAnyState = -1;
constexpr int kAttentionStates = -2;

Tone toneOf(SessionState state)
{
    switch (state) {
    case SessionState::Fresh:
        return Tone::Ok;
    case SessionState::Expiring:
        return Tone::Warning;
    case SessionState::Renewing:
        return Tone::Info;
    case SessionState::Expired:
    case SessionState::RenewFailed:
    case SessionState::Terminated:
        return Tone::Error;
    case SessionState::Closed:
        break;
    }
    return Tone::Neutral;
}

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

// English plurals without a translation loaded ("%n session(s)" would show the brackets).
QString plural(int n, const QString &one, const QString &many)
{
    return (n == 1 ? one : many).arg(n);
}

QString maskedToken(const QString &token)
{
    // Enough to tell two tokens apart (a JWT's first characters are its header, not its secret).
    const qsizetype shown = qMin<qsizetype>(10, token.size() / 4);
    return QStringLiteral("%1… (%2 characters)").arg(token.left(shown)).arg(token.size());
}

} // namespace

SessionsPage::SessionsPage(SessionStore &store, ExpiryScheduler &scheduler, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::SessionsPage>()), m_store(store), m_scheduler(scheduler)
{
    ensureGuiResources();
    m_ui->setupUi(this);

    m_proxy = new SessionFilterModel(this);
    m_proxy->setPalette(palette());
    m_proxy->setSourceModel(&m_store);
    m_delegate = new RemainingDelegate([this] { return m_store.now(); }, this);

    QTableView *view = m_ui->sessionsTable;
    view->setModel(m_proxy);
    view->setItemDelegateForColumn(SessionStore::RemainingColumn, m_delegate);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 14);
    view->setIconSize(QSize(16, 16));
    view->sortByColumn(-1, Qt::AscendingOrder); // the store's order (oldest first) until a header is clicked
    QHeaderView *header = view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(SessionStore::EndpointColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = view->fontMetrics();
    const auto fit = [&](int column, const QString &widest, int extra = 28) {
        const int title = metrics.horizontalAdvance(m_store.headerData(column, Qt::Horizontal).toString()) + 28;
        header->resizeSection(column, qMax(title, metrics.horizontalAdvance(widest) + extra));
    };
    QString widestFamily;
    for (const FamilySpec &family : m_store.catalog().familyRegistry().families()) {
        if (metrics.horizontalAdvance(family.displayName) > metrics.horizontalAdvance(widestFamily))
            widestFamily = family.displayName;
    }
    fit(SessionStore::FamilyColumn, widestFamily);
    fit(SessionStore::EnvironmentColumn, QStringLiteral("Production (EU)"));
    fit(SessionStore::StateColumn, SessionFilterModel::stateLabel(SessionState::RenewFailed), 48);
    fit(SessionStore::ExpiresAtColumn, QStringLiteral("2026-12-31 23:59:59 UTC"));
    fit(SessionStore::RemainingColumn, QStringLiteral("expired 59m 59s ago"));
    fit(SessionStore::RenewalsColumn, QStringLiteral("99"));
    fit(SessionStore::AutoRenewColumn, QStringLiteral("default"));
    header->setMinimumSectionSize(metrics.horizontalAdvance(QStringLiteral("endpoint")) + 20);

    // Filters.
    refreshFamilies();
    m_ui->environmentCombo->addItem(tr("All environments"), QString());
    m_ui->stateCombo->addItem(tr("All states"), kAnyState);
    m_ui->stateCombo->addItem(QIcon(QStringLiteral(":/icons/warning.svg")), tr("Needs attention"), kAttentionStates);
    m_ui->stateCombo->insertSeparator(m_ui->stateCombo->count());
    for (SessionState state : kStates) {
        const QString icon = SessionFilterModel::stateIconPath(state);
        m_ui->stateCombo->addItem(icon.isEmpty() ? QIcon() : QIcon(icon), SessionFilterModel::stateLabel(state), int(state));
    }
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setTextFilter(text);
        updateCount();
    });
    connect(m_ui->familyCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setFamilyFilter(m_ui->familyCombo->currentData().toString());
        updateCount();
    });
    connect(m_ui->environmentCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setEnvironmentFilter(m_ui->environmentCombo->currentData().toString());
        updateCount();
    });
    connect(m_ui->stateCombo, &QComboBox::currentIndexChanged, this, &SessionsPage::applyStateFilter);

    // Actions.
    m_ui->copyTokenButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_ui->inspectButton->setIcon(QIcon(QStringLiteral(":/icons/inspector.svg")));
    m_ui->renewButton->setIcon(QIcon(QStringLiteral(":/icons/sessions.svg")));
    connect(m_ui->renewButton, &QPushButton::clicked, this, &SessionsPage::renewNow);
    connect(m_ui->autoRenewCheck, &QCheckBox::clicked, this, &SessionsPage::setAutoRenew);
    connect(m_ui->copyTokenButton, &QPushButton::clicked, this, &SessionsPage::copyToken);
    connect(m_ui->inspectButton, &QPushButton::clicked, this, &SessionsPage::inspect);
    connect(m_ui->terminateButton, &QPushButton::clicked, this, &SessionsPage::terminate);
    connect(m_ui->closeSessionButton, &QPushButton::clicked, this, &SessionsPage::closeSession);

    // Details.
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->tokenValue->setFont(fixed);
    m_ui->expiryFieldValue->setFont(fixed);
    QTableWidget *chain = m_ui->renewalTable;
    chain->setColumnCount(RenewalColumnCount);
    chain->setHorizontalHeaderLabels({tr("Time"), tr("Result"), tr("HTTP"), tr("Code"), tr("Message"), tr("New expiry")});
    chain->verticalHeader()->hide();
    chain->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    chain->horizontalHeader()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    chain->horizontalHeader()->setHighlightSections(false);

    m_ui->mainSplitter->setStretchFactor(0, 3);
    m_ui->mainSplitter->setStretchFactor(1, 2);
    m_ui->detailSplitter->setStretchFactor(0, 2);
    m_ui->detailSplitter->setStretchFactor(1, 3);
    m_ui->detailSplitter->setSizes({480, 720});
    m_ui->mainSplitter->setSizes({420, 320});

    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SessionsPage::showCurrent);
    connect(&m_store, &SessionStore::sessionChanged, this, [this](const QUuid &id) {
        if (id == m_renewing)
            settleRenewing();
        if (id == currentSessionId())
            showCurrent();
    });
    connect(&m_store, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) { noteAttention(topLeft.row(), bottomRight.row()); });
    // Restoring thousands of sessions inserts them one by one: look at the new rows only.
    connect(&m_store, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        for (int row = first; row <= last; ++row) {
            if (m_ui->environmentCombo->findData(m_store.at(row).environment.name) < 0) {
                refreshEnvironments();
                break;
            }
        }
        noteAttention(first, last);
        updateCount();
    });
    connect(&m_store, &QAbstractItemModel::rowsRemoved, this, [this] {
        settleRenewing();
        refreshEnvironments();
        recountAttention();
        updateCount();
    });
    connect(&m_store, &QAbstractItemModel::modelReset, this, [this] {
        settleRenewing();
        refreshEnvironments();
        recountAttention();
        updateCount();
        showCurrent();
    });
    // A row that the filter hides or shows changes the count too.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SessionsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SessionsPage::updateCount);
    connect(&m_scheduler, &ExpiryScheduler::expiresSoon, this, &SessionsPage::onExpiresSoon);
    m_ui->noticeSpin->setValue(int(m_scheduler.noticeLeadMs() / (60 * 1000)));
    connect(m_ui->noticeSpin, &QSpinBox::valueChanged, this, [this](int minutes) {
        m_scheduler.setNoticeLeadMs(qint64(minutes) * 60 * 1000);
        Q_EMIT noticeLeadChanged(minutes);
    });
    connect(&m_scheduler, &ExpiryScheduler::attention, this, &SessionsPage::onAttention);
    m_proxy->setWaitReason([this](const QUuid &id) { return m_scheduler.waitReason(id); });
    connect(&m_scheduler, &ExpiryScheduler::renewWaiting, this, [this](const QUuid &id) {
        if (id == currentSessionId())
            showCurrent(); // the State line gives the reason
    });

    m_countdown.setInterval(kCountdownIntervalMs);
    connect(&m_countdown, &QTimer::timeout, this, &SessionsPage::refreshCountdown);

    refreshEnvironments();
    recountAttention();
    updateCount();
    showCurrent();
}

SessionsPage::~SessionsPage() = default;

QTableView *SessionsPage::table() const
{
    return m_ui->sessionsTable;
}

QUuid SessionsPage::currentSessionId() const
{
    const QModelIndex current = m_ui->sessionsTable->selectionModel()->currentIndex();
    return current.isValid() ? current.data(SessionStore::IdRole).toUuid() : QUuid();
}

const Session *SessionsPage::currentSession() const
{
    const QUuid id = currentSessionId();
    return id.isNull() ? nullptr : m_store.find(id);
}

bool SessionsPage::selectSession(const QUuid &id)
{
    const int row = m_store.rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_store.index(row, 0));
    if (!index.isValid())
        return false; // filtered out
    m_ui->sessionsTable->selectRow(index.row());
    m_ui->sessionsTable->setCurrentIndex(index);
    m_ui->sessionsTable->scrollTo(index);
    return true;
}

void SessionsPage::refreshCountdown()
{
    QTableView *view = m_ui->sessionsTable;
    const int rows = m_proxy->rowCount();
    if (rows > 0 && !view->isColumnHidden(SessionStore::RemainingColumn)) {
        const int first = view->rowAt(0);
        int last = view->rowAt(view->viewport()->height() - 1);
        if (last < 0)
            last = rows - 1;
        if (first >= 0) {
            // Only the remaining cells of the rows on screen: 10,000 sessions cost what 20 do.
            const QRect top = view->visualRect(m_proxy->index(first, SessionStore::RemainingColumn));
            const QRect bottom = view->visualRect(m_proxy->index(last, SessionStore::RemainingColumn));
            const QRect region = top.united(bottom);
            if (!region.isEmpty())
                view->viewport()->update(region);
        }
    }
    updateRemaining(currentSession());
}

void SessionsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshCountdown();
    m_countdown.start();
}

void SessionsPage::hideEvent(QHideEvent *event)
{
    // Nothing on screen to count down: no wake-ups while another page is shown.
    m_countdown.stop();
    QWidget::hideEvent(event);
}

void SessionsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_proxy) {
        m_proxy->setPalette(palette());
        showCurrent();
    }
}

void SessionsPage::applyStateFilter()
{
    const int value = m_ui->stateCombo->currentData().toInt();
    SessionFilterModel::StateFilter filter;
    if (value == kAttentionStates) {
        filter.kind = SessionFilterModel::StateFilter::Kind::Attention;
    } else if (value >= 0) {
        filter.kind = SessionFilterModel::StateFilter::Kind::One;
        filter.state = SessionState(value);
    }
    m_proxy->setStateFilter(filter);
    updateCount();
}

void SessionsPage::refreshEnvironments()
{
    QSet<QString> seen;
    QStringList names;
    for (int row = 0; row < m_store.size(); ++row) {
        const QString &name = m_store.at(row).environment.name;
        if (!seen.contains(name)) {
            seen.insert(name);
            names.append(name);
        }
    }
    QStringList shown;
    for (int i = 1; i < m_ui->environmentCombo->count(); ++i)
        shown.append(m_ui->environmentCombo->itemData(i).toString());
    names.sort(Qt::CaseInsensitive);
    if (names == shown)
        return;
    const QString selected = m_ui->environmentCombo->currentData().toString();
    const QSignalBlocker blocker(m_ui->environmentCombo);
    while (m_ui->environmentCombo->count() > 1)
        m_ui->environmentCombo->removeItem(1);
    for (const QString &name : std::as_const(names))
        m_ui->environmentCombo->addItem(name, name);
    const int index = m_ui->environmentCombo->findData(selected);
    m_ui->environmentCombo->setCurrentIndex(qMax(0, index));
    if (index < 0 && !selected.isEmpty())
        m_proxy->setEnvironmentFilter(QString()); // its last session went away
}

void SessionsPage::updateCount()
{
    const int total = m_store.rowCount();
    const int shown = m_proxy->rowCount();
    QString text;
    if (total == 0)
        text = tr("No sessions yet");
    else if (shown == total)
        text = plural(total, tr("%1 session"), tr("%1 sessions"));
    else
        text = tr("%1 of %2 shown").arg(shown).arg(plural(total, tr("%1 session"), tr("%1 sessions")));
    if (m_attentionCount > 0)
        text += QStringLiteral(" · ") + plural(m_attentionCount, tr("%1 needs attention"), tr("%1 need attention"));
    m_ui->countLabel->setText(text);
    m_ui->countLabel->setStyleSheet(StatusColors::labelStyleSheet(m_attentionCount > 0 ? Tone::Warning : Tone::Neutral, palette()));
}

void SessionsPage::recountAttention()
{
    m_attention.clear();
    noteAttention(0, m_store.size() - 1);
}

void SessionsPage::noteAttention(int first, int last)
{
    // Only the rows that changed: a tick may move 10,000 sessions, one dataChanged each.
    for (int row = first; row <= last && row < m_store.size(); ++row) {
        const Session &session = m_store.at(row);
        if (SessionFilterModel::needsAttention(session.state))
            m_attention.insert(session.id);
        else
            m_attention.remove(session.id);
    }
    const int count = int(m_attention.size());
    if (count == m_attentionCount)
        return;
    m_attentionCount = count;
    updateCount();
    Q_EMIT attentionChanged(count);
}

QString SessionsPage::titleFor(const Session &session) const
{
    return tr("%1 session on %2").arg(EndpointCatalog::familyTitle(session.family), session.environment.name);
}

void SessionsPage::onExpiresSoon(const QUuid &id, qint64 remainingMs)
{
    Q_UNUSED(remainingMs)
    // Gathered until the event loop runs again: a burst (one tick) is one notification.
    m_expiringSoon.append(id);
    if (m_expiringSoon.size() == 1)
        QTimer::singleShot(0, this, &SessionsPage::announceExpiringSoon);
}

void SessionsPage::announceExpiringSoon()
{
    const QList<QUuid> ids = std::exchange(m_expiringSoon, {});
    const Session *first = ids.isEmpty() ? nullptr : m_store.find(ids.first());
    if (!first || !m_notify)
        return;
    if (ids.size() == 1) {
        m_notify(tr("%1 expiring").arg(titleFor(*first)),
                 tr("The token %1 (%2).")
                     .arg(ExpiryText::relative(first->expiresAtMs, m_store.now()), ExpiryText::absolute(first->expiresAtMs)));
        return;
    }
    m_notify(tr("%1 sessions expiring").arg(ids.size()),
             tr("%1 and %2 more: the first token %3.")
                 .arg(titleFor(*first))
                 .arg(ids.size() - 1)
                 .arg(ExpiryText::relative(first->expiresAtMs, m_store.now())));
}

void SessionsPage::setKeptStatus(const QString &text, bool kept)
{
    m_ui->keptLabel->setText(text);
    m_ui->keptLabel->setStyleSheet(StatusColors::labelStyleSheet(kept ? Tone::Neutral : Tone::Warning, palette()));
}

QString SessionsPage::keptStatus() const
{
    return m_ui->keptLabel->text();
}

void SessionsPage::setNoticeLeadMinutes(int minutes)
{
    m_ui->noticeSpin->setValue(minutes); // valueChanged sets the scheduler's
    m_scheduler.setNoticeLeadMs(qint64(m_ui->noticeSpin->value()) * 60 * 1000);
}

int SessionsPage::noticeLeadMinutes() const
{
    return m_ui->noticeSpin->value();
}

void SessionsPage::onAttention(const QUuid &id, const QString &reason)
{
    if (!m_notify)
        return;
    const Session *session = m_store.find(id);
    m_notify(session ? titleFor(*session) : tr("TokenDesk session"), reason);
}

void SessionsPage::showMessage(const QString &text, Tone tone)
{
    m_ui->messageLabel->setVisible(!text.isEmpty());
    m_ui->messageLabel->setText(text);
    m_ui->messageLabel->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
}

void SessionsPage::showCurrent()
{
    showSession(currentSession());
}

void SessionsPage::refreshFamilies()
{
    const QString chosen = m_ui->familyCombo->currentData().toString();
    {
        const QSignalBlocker blocker(m_ui->familyCombo);
        m_ui->familyCombo->clear();
        m_ui->familyCombo->addItem(tr("All families"), QString());
        for (const QString &family : m_store.catalog().families())
            m_ui->familyCombo->addItem(m_store.catalog().familyRegistry().displayName(family), family);
        m_ui->familyCombo->setCurrentIndex(qMax(0, m_ui->familyCombo->findData(chosen)));
    }
    if (m_ui->familyCombo->currentData().toString() != chosen) { // the family chosen is gone
        m_proxy->setFamilyFilter(QString());
        updateCount();
    }
}

void SessionsPage::updateActions(const Session *session)
{
    const bool open = session && session->isOpen();
    const bool renewable = open && SessionRenewer::renewSpec(*session, m_store.catalog()) != nullptr;
    const bool hasToken = session && !session->token.isEmpty();
    m_ui->renewButton->setEnabled(renewable && session->state != SessionState::Renewing);
    const bool reissue = renewable && SessionRenewer::renewsByReissue(*session, m_store.catalog());
    m_ui->renewButton->setToolTip(session && open && !renewable ? tr("This token has no renew step: issue a new one instead")
                                  : reissue ? tr("Renew this token by issuing it again through %1 (it has no renew step)")
                                                  .arg(session->endpointId)
                                            : tr("Renew this session's token now through its family's renew or refresh endpoint"));
    m_ui->autoRenewCheck->setEnabled(renewable);
    // Stopped (the server's answer said renewing cannot go on): unchecked with the reason; checking
    // it again is the engineer's decision and clears the reason.
    const bool stopped = session && !session->autoRenewStoppedReason.isEmpty();
    {
        const QSignalBlocker blocker(m_ui->autoRenewCheck);
        m_ui->autoRenewCheck->setChecked(session && !stopped && m_scheduler.autoRenewFor(*session));
    }
    m_ui->autoRenewCheck->setText(stopped                                       ? tr("Auto-renew (stopped)")
                                  : session && renewable && !session->autoRenew ? tr("Auto-renew (environment default)")
                                                                                : tr("Auto-renew"));
    m_ui->autoRenewCheck->setToolTip(
        stopped ? tr("Auto-renew stopped: %1\nCheck to renew automatically again.").arg(session->autoRenewStoppedReason)
                : tr("Renew this session automatically when it reaches its renew threshold"));
    m_ui->copyTokenButton->setEnabled(hasToken);
    m_ui->inspectButton->setEnabled(hasToken);
    // The sandbox terminates the sessions of some families (BankEzy user tokens): those a renew
    // step can act on.
    m_ui->terminateButton->setEnabled(renewable && !reissue && m_store.catalog().familyRegistry().sandboxTerminates(session->family));
    m_ui->closeSessionButton->setEnabled(session && session->state != SessionState::Closed);
}

void SessionsPage::updateRemaining(const Session *session)
{
    if (!session) {
        m_ui->remainingValue->setText(QStringLiteral("—"));
        m_ui->remainingValue->setStyleSheet(QString());
        return;
    }
    if (session->expiresAtMs <= 0) {
        m_ui->remainingValue->setText(tr("no expiry"));
        m_ui->remainingValue->setStyleSheet(QString());
        return;
    }
    const qint64 nowMs = m_store.now();
    m_ui->remainingValue->setText(SessionStore::remainingText(session->expiresAtMs, nowMs));
    const Tone tone = session->expiresAtMs <= nowMs ? Tone::Error
        : session->state == SessionState::Expiring     ? Tone::Warning
                                                        : Tone::Neutral;
    m_ui->remainingValue->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
}

void SessionsPage::showSession(const Session *session)
{
    updateActions(session);
    updateRemaining(session);
    m_ui->detailsGroup->setEnabled(session != nullptr);
    const QList<QLabel *> values = {m_ui->familyValue,     m_ui->environmentValue, m_ui->endpointValue,
                                    m_ui->stateValue,      m_ui->issuedValue,      m_ui->expiresValue,
                                    m_ui->expiryFieldValue, m_ui->tokenValue,      m_ui->warningsValue,
                                    m_ui->lastErrorValue};
    if (!session) {
        for (QLabel *label : values) {
            label->setText(QStringLiteral("—"));
            label->setStyleSheet(QString());
        }
        m_ui->detailsGroup->setTitle(tr("Select a session to see its details"));
        m_ui->renewalTable->setRowCount(0);
        showMessage(QString());
        return;
    }
    m_ui->detailsGroup->setTitle(titleFor(*session));
    m_ui->familyValue->setText(EndpointCatalog::familyTitle(session->family));
    const QString base = session->environment.baseUrlFor(session->family);
    m_ui->environmentValue->setText(base.isEmpty() ? session->environment.name
                                                   : QStringLiteral("%1 — %2").arg(session->environment.name, base));
    m_ui->endpointValue->setText(EndpointCatalog::endpointTitle(session->endpointId));
    m_ui->endpointValue->setToolTip(session->endpointId);

    QString state = SessionFilterModel::stateLabel(session->state);
    if (session->state == SessionState::RenewFailed && session->nextRetryAtMs > 0)
        state += QStringLiteral(" · ") + tr("attempt %1 of %2 failed, next at %3")
                                              .arg(session->failedAttempts)
                                              .arg(m_scheduler.maxAttempts())
                                              .arg(localTime(session->nextRetryAtMs));
    if (!session->autoRenewStoppedReason.isEmpty())
        state += QStringLiteral(" · ") + session->autoRenewStoppedReason;
    else if (const QString waiting = m_scheduler.waitReason(session->id); !waiting.isEmpty())
        state += QStringLiteral(" · ") + waiting;
    m_ui->stateValue->setText(state);
    m_ui->stateValue->setStyleSheet(StatusColors::labelStyleSheet(toneOf(session->state), palette()));

    m_ui->issuedValue->setText(session->issuedAtMs > 0 ? ExpiryText::absolute(session->issuedAtMs) : tr("unknown"));
    m_ui->expiresValue->setText(session->expiresAtMs > 0 ? ExpiryText::absolute(session->expiresAtMs)
                                                         : tr("The server gave no expiry: nothing to count down"));
    const QString raw = ExpiryText::rawField(session->expiryField, session->expiryRaw);
    m_ui->expiryFieldValue->setText(raw.isEmpty() ? tr("none in the response") : raw);

    QString token = session->token.isEmpty() ? tr("none") : maskedToken(session->token);
    if (!session->refreshToken.isEmpty())
        token += QLatin1Char('\n') + tr("refresh token held");
    m_ui->tokenValue->setText(token);

    m_ui->warningsValue->setText(session->warnings.isEmpty() ? tr("none") : session->warnings.join(QLatin1Char('\n')));
    m_ui->warningsValue->setStyleSheet(
        StatusColors::labelStyleSheet(session->warnings.isEmpty() ? Tone::Neutral : Tone::Warning, palette()));
    m_ui->lastErrorValue->setText(session->lastError.isEmpty() ? tr("none") : session->lastError);
    m_ui->lastErrorValue->setStyleSheet(
        StatusColors::labelStyleSheet(session->lastError.isEmpty() ? Tone::Neutral : Tone::Error, palette()));
    showRenewals(*session);
}

void SessionsPage::showRenewals(const Session &session)
{
    QTableWidget *chain = m_ui->renewalTable;
    chain->setRowCount(int(session.renewals.size()));
    const QIcon ok(QStringLiteral(":/icons/ok.svg"));
    const QIcon failed(QStringLiteral(":/icons/error.svg"));
    for (int row = 0; row < session.renewals.size(); ++row) {
        const Session::Renewal &renewal = session.renewals.at(row);
        const auto set = [&](int column, const QString &text, const QString &toolTip = {}) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(toolTip.isEmpty() ? text : toolTip);
            chain->setItem(row, column, item);
            return item;
        };
        set(TimeColumn, localTime(renewal.atMs), ExpiryText::absolute(renewal.atMs));
        QTableWidgetItem *result = set(ResultColumn, renewal.ok ? tr("renewed") : tr("failed"));
        result->setIcon(renewal.ok ? ok : failed);
        result->setForeground(StatusColors::foreground(renewal.ok ? Tone::Ok : Tone::Error, palette()));
        set(HttpColumn, renewal.httpStatus > 0 ? QString::number(renewal.httpStatus) : QStringLiteral("—"));
        set(CodeColumn, renewal.code.isEmpty() ? QStringLiteral("—") : renewal.code);
        set(MessageColumn, renewal.message);
        set(NewExpiryColumn, renewal.newExpiresAtMs > 0 ? localTime(renewal.newExpiresAtMs) : QStringLiteral("—"),
            renewal.newExpiresAtMs > 0 ? ExpiryText::absolute(renewal.newExpiresAtMs) : QString());
    }
    m_ui->chainGroup->setTitle(session.renewals.isEmpty()
                                   ? tr("Renewals: none yet")
                                   : tr("Renewals: %1 of %2 succeeded")
                                         .arg(session.successfulRenewals())
                                         .arg(plural(int(session.renewals.size()), tr("%1 attempt"), tr("%1 attempts"))));
    if (!session.renewals.isEmpty())
        chain->scrollToBottom();
}

void SessionsPage::renewNow()
{
    const QUuid id = currentSessionId();
    if (id.isNull())
        return;
    const Session *session = m_store.find(id);
    const int before = session ? int(session->renewals.size()) : 0;
    if (!m_scheduler.renewNow(id)) {
        showMessage(tr("This session cannot be renewed now."), Tone::Warning);
        return;
    }
    m_renewing = id;
    m_renewalsBefore = before;
    showMessage(tr("Renewing…"), Tone::Info);
    settleRenewing(); // a renewal refused before any call ends at once
}

void SessionsPage::settleRenewing()
{
    if (m_renewing.isNull())
        return;
    const Session *session = m_store.find(m_renewing);
    if (session && session->state == SessionState::Renewing)
        return;
    m_renewing = QUuid();
    if (!session) {
        showMessage(tr("The session was removed while it renewed."));
    } else if (session->renewals.size() > m_renewalsBefore) {
        const Session::Renewal &last = session->renewals.constLast();
        if (last.ok)
            showMessage(tr("Renewed: %1").arg(last.newExpiresAtMs > 0 ? tr("expires %1").arg(localTime(last.newExpiresAtMs))
                                                                     : tr("no expiry given")),
                        Tone::Ok);
        else
            showMessage(tr("Renewal failed: %1").arg(last.message), Tone::Error);
    } else if (!session->isOpen()) {
        showMessage(tr("Session closed while it renewed: the answer is ignored."));
    } else {
        showMessage(tr("The renewal ended without an answer."), Tone::Warning);
    }
}

void SessionsPage::setAutoRenew(bool on)
{
    const QUuid id = currentSessionId();
    if (!id.isNull())
        m_scheduler.setAutoRenew(id, on);
    showCurrent();
}

void SessionsPage::copyToken()
{
    if (const Session *session = currentSession()) {
        SecretClipboard::copy(session->token);
        showMessage(tr("Token copied; the clipboard is cleared in %1 seconds.").arg(SecretClipboard::kClearAfterMs / 1000));
    }
}

void SessionsPage::inspect()
{
    if (const Session *session = currentSession())
        Q_EMIT openInInspector(session->token);
}

void SessionsPage::terminate()
{
    const QUuid id = currentSessionId();
    if (!id.isNull())
        Q_EMIT terminateRequested(id);
}

void SessionsPage::closeSession()
{
    const QUuid id = currentSessionId();
    if (!id.isNull() && m_store.close(id))
        showMessage(tr("Session closed: it is no longer watched or renewed."));
}

} // namespace td
