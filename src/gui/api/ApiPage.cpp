// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApiPage.h"

#include "EndpointForm.h"
#include "ResponseView.h"
#include "gui/GuiResources.h"
#include "gui/StatusColors.h"

#include "core/api/ApiCall.h"
#include "core/api/RequestBuilder.h"
#include "core/api/SpecLibrary.h"
#include "core/api/SpokenName.h"
#include "core/net/ApiClient.h"
#include "core/net/ProxyChoice.h"
#include "core/net/SecretMasker.h"
#include "core/session/SessionRetry.h"
#include "core/vault/Vault.h"

#include "ui_ApiPage.h"

#include <QDir>
#include <QEvent>
#include <QMessageBox>
#include <QFontDatabase>
#include <QIcon>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QTreeWidgetItem>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <algorithm>

namespace td {

namespace {

constexpr int kEndpointIdRole = Qt::UserRole;
constexpr int kUserSpecRole = Qt::UserRole + 1; // true on a spec read from a user folder

bool isSandbox(const Environment &environment)
{
    return environment.builtIn || environment.name == QLatin1String(Environment::kSandboxName);
}

} // namespace

ApiPage::ApiPage(ApiClient &client, QWidget *parent)
    : ApiPage(client, EndpointCatalog::builtIn(), parent)
{
}

ApiPage::ApiPage(ApiClient &client, const EndpointCatalog &catalog, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ApiPage>()), m_catalog(&catalog), m_client(client)
{
    init();
}

ApiPage::~ApiPage()
{
    // The call refers to a context held here; it goes first.
    delete m_send;
    m_send = nullptr;
}

void ApiPage::init()
{
    ensureGuiResources();
    m_ui->setupUi(this);

    // The response pane: a renew-and-retry note (hidden unless a send had one) above the answer.
    auto *responsePane = new QWidget(m_ui->mainSplitter);
    auto *responseLayout = new QVBoxLayout(responsePane);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    m_retryNote = new QLabel(responsePane);
    m_retryNote->setObjectName(QStringLiteral("retryNoteLabel"));
    m_retryNote->setWordWrap(true);
    m_retryNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retryNote->hide();
    responseLayout->addWidget(m_retryNote);
    m_response = new ResponseView(responsePane);
    responseLayout->addWidget(m_response, 1);
    m_ui->mainSplitter->addWidget(responsePane);
    m_ui->mainSplitter->setStretchFactor(0, 0);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->mainSplitter->setStretchFactor(2, 3);
    m_ui->mainSplitter->setSizes({200, 470, 430});
    // Minimums sized so that the window fits a 1024-pixel-wide screen beside the navigation.
    m_ui->formPane->setMinimumWidth(330);
    connect(m_response, &ResponseView::statusMessage, this, &ApiPage::statusMessage);

    QFont title = m_ui->titleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.3);
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    m_ui->requestLineLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->sendButton->setIcon(QIcon(QStringLiteral(":/icons/send.svg")));
    m_ui->busyBar->hide();
    m_ui->tlsBadge->hide();
    m_ui->tlsBadge->setContentsMargins(6, 2, 6, 2);
    m_ui->baseUrlEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_specProblems = new QLabel(this);
    m_specProblems->setObjectName(QStringLiteral("specProblemsLabel"));
    m_specProblems->setWordWrap(true);
    m_specProblems->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_specProblems->setContentsMargins(6, 2, 6, 2);
    m_specProblems->hide();
    connect(m_specProblems, &QLabel::linkActivated, this, &ApiPage::showSpecProblems);
    m_ui->pageLayout->insertWidget(1, m_specProblems);
    m_ui->pageLayout->setStretchFactor(m_ui->mainSplitter, 1); // the line takes its height, no more

    buildTree();

    connect(m_ui->environmentCombo, &QComboBox::currentIndexChanged, this, &ApiPage::onEnvironmentIndexChanged);
    connect(m_ui->endpointTree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current, QTreeWidgetItem *) { onEndpointSelected(current); });
    connect(m_ui->sendButton, &QPushButton::clicked, this, &ApiPage::send);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ApiPage::cancel);
    connect(m_ui->clearSessionButton, &QPushButton::clicked, this, &ApiPage::clearSession);

    // The first endpoint of the first family: where every life cycle starts.
    for (int i = 0; i < m_ui->endpointTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *family = m_ui->endpointTree->topLevelItem(i);
        if (family->childCount() > 0) {
            m_ui->endpointTree->setCurrentItem(family->child(0));
            break;
        }
    }
    updateTransportBadge();
    updateActions();
}

void ApiPage::buildTree()
{
    QTreeWidget *tree = m_ui->endpointTree;
    tree->setIconSize(QSize(16, 16));
    for (const QString &family : m_catalog->families()) {
        auto *familyItem = new QTreeWidgetItem(tree, {familyTitle(family)});
        familyItem->setFlags(Qt::ItemIsEnabled);
        QFont bold = familyItem->font(0);
        bold.setBold(true);
        familyItem->setFont(0, bold);
        int step = 1;
        for (const EndpointSpec *spec : m_catalog->family(family)) {
            auto *item = new QTreeWidgetItem(familyItem, {QStringLiteral("%1. %2").arg(step++).arg(spec->title)});
            item->setData(0, kEndpointIdRole, spec->id);
            item->setToolTip(0, QStringLiteral("%1\n%2 %3").arg(spec->summary, QString::fromLatin1(spec->method), spec->path));
            markUserSpec(*item, *spec);
        }
    }
    tree->expandAll();
}

void ApiPage::markUserSpec(QTreeWidgetItem &item, const EndpointSpec &spec) const
{
    if (!m_library)
        return;
    const SpecLibrary::Origin origin = m_library->origin(spec.id);
    if (origin.file.isEmpty() || origin.builtIn)
        return;
    // The person sees at once that this endpoint is not the one TokenDesk ships.
    item.setText(0, item.text(0) + tr(" (user)"));
    item.setData(0, kUserSpecRole, true);
    QString note = tr("(user: %1)").arg(QDir::toNativeSeparators(origin.file));
    if (origin.overrides())
        note += QLatin1Char('\n') + tr("Replaces %1").arg(origin.replacedFile.startsWith(QLatin1String(":/"))
                                                               ? tr("the built-in spec")
                                                               : QDir::toNativeSeparators(origin.replacedFile));
    item.setToolTip(0, item.toolTip(0) + QLatin1Char('\n') + note);
}

QString ApiPage::familyTitle(QStringView family) const
{
    return m_catalog->familyRegistry().displayName(family);
}

void ApiPage::setSpecs(const SpecLibrary &library)
{
    const QString current = currentEndpointId();
    m_library = &library;
    m_catalog = &library.catalog();
    {
        const QSignalBlocker blocker(m_ui->endpointTree);
        m_ui->endpointTree->clear();
        buildTree();
    }
    showSpecProblemLine();
    // The same endpoint again, from the new specs (its form may have changed); else the first.
    QTreeWidgetItem *select = nullptr;
    for (QTreeWidgetItemIterator it(m_ui->endpointTree); *it; ++it) {
        const QString id = (*it)->data(0, kEndpointIdRole).toString();
        if (!select && !id.isEmpty())
            select = *it;
        if (!current.isEmpty() && id == current) {
            select = *it;
            break;
        }
    }
    if (m_form) {
        // The form refers to a spec of the old library: it is rebuilt from the new one, with what
        // was typed.
        stashTypedValues();
        delete m_ui->formScroll->takeWidget();
        m_form = nullptr;
    }
    if (select) {
        m_ui->endpointTree->setCurrentItem(select);
        onEndpointSelected(select);
    }
    updateActions();
}

void ApiPage::showSpecProblemLine()
{
    const QStringList problems = m_library ? m_library->problems() : QStringList();
    m_specProblems->setVisible(!problems.isEmpty());
    if (problems.isEmpty())
        return;
    const QString count = problems.size() == 1 ? tr("1 spec file not loaded") : tr("%1 spec files not loaded").arg(problems.size());
    m_specProblems->setText(QStringLiteral("%1 — <a href=\"details\">%2</a>").arg(count, tr("details")));
    m_specProblems->setToolTip(problems.join(QLatin1Char('\n')));
    m_specProblems->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Warning, palette()));
}

void ApiPage::showSpecProblems()
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Specs not loaded"),
                                tr("These spec files were refused (file: JSON path: problem); the others loaded."),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("specProblemsBox"));
    box->setInformativeText(m_specProblems->toolTip());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void ApiPage::setEnvironments(const QList<Environment> &environments)
{
    const QString previous = m_ui->environmentCombo->currentText();
    QList<Environment> ordered;
    for (const Environment &environment : environments) {
        if (isSandbox(environment))
            ordered.append(environment);
    }
    for (const Environment &environment : environments) {
        if (!isSandbox(environment))
            ordered.append(environment);
    }
    stashTypedValues();
    {
        const QSignalBlocker blocker(m_ui->environmentCombo);
        m_environments = ordered;
        m_ui->environmentCombo->clear();
        for (const Environment &environment : std::as_const(m_environments))
            m_ui->environmentCombo->addItem(environment.name);
        const int keep = m_ui->environmentCombo->findText(previous);
        m_ui->environmentCombo->setCurrentIndex(keep >= 0 ? keep : (m_environments.isEmpty() ? -1 : 0));
    }
    onEnvironmentIndexChanged(m_ui->environmentCombo->currentIndex());
}

bool ApiPage::selectEnvironment(const QString &name)
{
    const int index = m_ui->environmentCombo->findText(name);
    if (index < 0)
        return false;
    m_ui->environmentCombo->setCurrentIndex(index);
    return true;
}

Environment ApiPage::currentEnvironment() const
{
    const int index = m_ui->environmentCombo->currentIndex();
    return index >= 0 && index < m_environments.size() ? m_environments.at(index) : Environment();
}

void ApiPage::onEnvironmentIndexChanged(int)
{
    stashTypedValues();
    restoreTypedValues();
    refreshSources();
    updateHeader();
    updateTransportBadge();
    updateActions();
}

void ApiPage::stashTypedValues()
{
    if (m_form && !m_shownEnvironment.isNull())
        m_typed[m_shownEnvironment].insert(m_form->spec().id, m_form->values());
}

void ApiPage::restoreTypedValues()
{
    m_shownEnvironment = currentEnvironment().name;
    if (m_form)
        m_form->setValues(m_typed.value(m_shownEnvironment).value(m_form->spec().id));
}

QString ApiPage::contextKey(const QString &environment, const QString &family) const
{
    return environment + QChar(0x1f) + family;
}

CallContext &ApiPage::callContext(const QString &family)
{
    return m_contexts[contextKey(currentEnvironment().name, family)];
}

void ApiPage::refreshSources()
{
    if (m_form)
        m_form->setSources(currentEnvironment(), &callContext(m_form->spec().family));
    updateSession();
}

void ApiPage::onEndpointSelected(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const EndpointSpec *spec = m_catalog->find(item->data(0, kEndpointIdRole).toString());
    if (!spec) {
        // A family heading: its first step stands for it.
        if (item->childCount() > 0)
            m_ui->endpointTree->setCurrentItem(item->child(0));
        return;
    }
    if (m_form && m_form->spec().id == spec->id)
        return;
    showForm(*spec);
}

void ApiPage::showForm(const EndpointSpec &spec)
{
    stashTypedValues();
    // One form at a time: editors are found by objectName and every BankEzy form has X-API-KEY.
    if (m_form) {
        delete m_ui->formScroll->takeWidget();
        m_form = nullptr;
    }
    m_form = new EndpointForm(spec, *m_catalog);
    m_form->setObjectName(QStringLiteral("endpointForm"));
    connect(m_form, &EndpointForm::validityChanged, this, &ApiPage::updateActions);
    connect(m_form, &EndpointForm::statusMessage, this, &ApiPage::statusMessage);
    m_form->setVaultPrompts(m_chooseEntry, m_askName);
    m_form->setVault(m_vault);
    m_ui->formScroll->setWidget(m_form);
    placeFormInTabOrder();
    restoreTypedValues();
    refreshSources();
    updateHeader();
    updateActions();
    showLastAnswer(spec);
}

void ApiPage::placeFormInTabOrder()
{
    // A new form joins the end of the focus chain (after the answer pane): Tab is to read as the
    // page does, endpoint list → the form's fields → Clear session, Cancel, Send → the answer.
    // setTabOrder ignores the form itself (it takes no focus), so its inputs move one by one.
    QList<QWidget *> inputs;
    for (QWidget *w = m_form->nextInFocusChain(); w != m_form && m_form->isAncestorOf(w); w = w->nextInFocusChain()) {
        if (w->focusPolicy() & Qt::TabFocus)
            inputs.append(w);
    }
    QWidget *previous = m_ui->formScroll;
    for (QWidget *input : inputs) {
        QWidget::setTabOrder(previous, input);
        previous = input;
    }
}

void ApiPage::showLastAnswer(const EndpointSpec &spec)
{
    if (spec.id == m_sendingEndpoint) {
        m_response->showSending(spec.title);
        showRetryNote(m_send ? m_send->note() : QString(), StatusColors::Tone::Info);
        return;
    }
    const auto kept = m_answers.constFind(spec.id);
    if (kept == m_answers.cend()) {
        m_response->showNoCall(spec.title);
        showRetryNote(QString(), StatusColors::Tone::Neutral);
        return;
    }
    m_response->showAnswer(kept->answer);
    showRetryNote(kept->note, kept->noteTone);
}

void ApiPage::showRetryNote(const QString &note, StatusColors::Tone tone)
{
    m_retryNote->setText(note);
    m_retryNote->setVisible(!note.isEmpty());
    m_retryNote->setStyleSheet(tone == StatusColors::Tone::Neutral ? QString()
                                                                   : StatusColors::labelStyleSheet(tone, palette()));
}

void ApiPage::setVault(Vault *vault)
{
    m_vault = vault;
    if (m_form)
        m_form->setVault(vault);
}

void ApiPage::setVaultPrompts(VaultPicker::Chooser choose, VaultPicker::NameAsker askName)
{
    m_chooseEntry = std::move(choose);
    m_askName = std::move(askName);
    if (m_form)
        m_form->setVaultPrompts(m_chooseEntry, m_askName);
}

QString ApiPage::currentEndpointId() const
{
    return m_form ? m_form->spec().id : QString();
}

bool ApiPage::openEndpoint(const QString &id, const QMap<QString, QString> &values)
{
    if (!m_catalog->find(id))
        return false;
    QTreeWidgetItemIterator it(m_ui->endpointTree);
    for (; *it; ++it) {
        if ((*it)->data(0, kEndpointIdRole).toString() == id) {
            m_ui->endpointTree->setCurrentItem(*it);
            break;
        }
    }
    QMap<QString, QString> usable;
    for (auto value = values.cbegin(); value != values.cend(); ++value) {
        // History keeps secrets as "***"; sending that would only earn an "invalid key".
        if (value.value() != QString::fromLatin1(SecretMasker::mask()))
            usable.insert(value.key(), value.value());
    }
    if (!m_form || m_form->spec().id != id)
        return false;
    m_form->setValues(usable);
    updateActions();
    return true;
}

void ApiPage::updateHeader()
{
    const EndpointForm *form = currentForm();
    if (!form) {
        m_ui->titleLabel->clear();
        m_ui->requestLineLabel->clear();
        m_ui->summaryLabel->clear();
        return;
    }
    const EndpointSpec &spec = form->spec();
    const Environment environment = currentEnvironment();
    m_ui->titleLabel->setText(QStringLiteral("%1 — %2").arg(familyTitle(spec.family), spec.title));
    const QString path = environment.pathOverrides.value(spec.id, spec.path);
    m_ui->requestLineLabel->setText(QStringLiteral("%1 %2").arg(QString::fromLatin1(RequestBuilder::method(spec, environment)), path));
    QString summary = spec.summary;
    if (spec.encryptedRequest)
        summary += tr(" The request body is sent as a JWE.");
    m_ui->summaryLabel->setText(summary);

    const QString base = environment.baseUrlFor(spec.family);
    m_ui->baseUrlEdit->setText(base);
    m_ui->baseUrlEdit->setCursorPosition(0);
    m_ui->baseUrlEdit->setToolTip(environment.familyBaseUrls.contains(spec.family)
                                      ? tr("The %1 base URL of this environment").arg(familyTitle(spec.family))
                                      : tr("The base URL of this environment"));
    updateProxyBadge(base);
}

void ApiPage::updateSession()
{
    const EndpointForm *form = currentForm();
    if (!form)
        return;
    const QString family = form->spec().family;
    const Environment environment = currentEnvironment();
    const CallContext &context = callContext(family);
    // Only what a later form of the family takes; the rest is bookkeeping.
    QStringList used;
    for (const EndpointSpec *spec : m_catalog->family(family)) {
        for (const FieldSpec &field : spec->fields) {
            if (!field.from.isEmpty() && !used.contains(field.from))
                used << field.from;
        }
    }
    QStringList carried;
    for (const QString &name : std::as_const(used)) {
        if (!context.value(name).isEmpty())
            carried << spokenName(name);
    }
    if (!context.appSessionKey.isEmpty())
        carried << tr("app session key");
    if (!context.userSessionKey.isEmpty())
        carried << tr("SDK session key");
    const QString where = QStringLiteral("%1 · %2").arg(environment.name.isEmpty() ? tr("no environment") : environment.name,
                                                         familyTitle(family));
    m_ui->sessionLabel->setText(carried.isEmpty() ? tr("Session %1: nothing carried yet.").arg(where)
                                                  : tr("Session %1 carries: %2.").arg(where, carried.join(QStringLiteral(", "))));
    m_ui->clearSessionButton->setEnabled(!carried.isEmpty() && !isBusy());
}

// The proxy a call to `baseUrl` would go through, chosen as the call chooses it (the environment's
// proxy, else the *_proxy variables, no_proxy honoured): hidden when the call goes direct. The badge
// names the proxy's host and port; the tooltip says the whole URL (never its password) and where
// the choice came from, or why the setting is refused.
void ApiPage::updateProxyBadge(const QString &baseUrl)
{
    const Environment environment = currentEnvironment();
    const Result<ProxyChoice> choice = ProxyChoice::choose(QUrl(baseUrl), environment.transport, m_client.processEnvironment());
    QLabel *badge = m_ui->proxyBadge;
    if (!choice.ok()) {
        badge->setText(tr("Proxy setting refused"));
        badge->setToolTip(choice.error().message);
        badge->setStyleSheet(QStringLiteral("QLabel { color: %1; font-weight: bold; }")
                                 .arg(StatusColors::foreground(StatusColors::Tone::Error, palette()).name()));
        badge->setVisible(true);
        return;
    }
    badge->setVisible(!choice->isDirect());
    if (choice->isDirect())
        return;
    // A long proxy host is cut in the middle so that the page keeps fitting a 1024-wide window.
    badge->setText(badge->fontMetrics().elidedText(tr("via proxy %1").arg(choice->hostAndPort()), Qt::ElideMiddle, 240));
    badge->setToolTip(tr("Calls to this base URL go through the proxy %1 (from %2)").arg(choice->shown(), choice->source));
    badge->setStyleSheet(QStringLiteral("QLabel { color: %1; }")
                             .arg(StatusColors::foreground(StatusColors::Tone::Info, palette()).name()));
}

void ApiPage::updateTransportBadge()
{
    const bool insecure = !m_environments.isEmpty() && currentEnvironment().transport.insecure;
    m_ui->tlsBadge->setVisible(insecure);
    if (insecure) {
        m_ui->tlsBadge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 3px; font-weight: bold; }")
                                          .arg(StatusColors::badgeBackground(StatusColors::Tone::Error, palette()).name(),
                                               StatusColors::badgeText(StatusColors::Tone::Error, palette()).name()));
    }
}

void ApiPage::updateActions()
{
    const EndpointForm *form = currentForm();
    const bool busy = isBusy();
    const bool haveEnvironment = !m_environments.isEmpty();
    m_ui->sendButton->setEnabled(!busy && form && haveEnvironment && form->isValid());
    m_ui->sendButton->setText(busy ? tr("Sending…") : tr("&Send"));
    m_ui->sendButton->setToolTip(!haveEnvironment        ? tr("No environment to send to")
                                     : form && !form->isValid() ? tr("Fix the fields marked in red first")
                                                                : tr("Send the request"));
    m_ui->cancelButton->setEnabled(busy);
    m_ui->busyBar->setVisible(busy);
    m_ui->environmentCombo->setEnabled(!busy);
    updateSession();
}

void ApiPage::send()
{
    EndpointForm *form = currentForm();
    if (isBusy() || !form || m_environments.isEmpty() || !form->isValid())
        return;
    if (!form->checkRequired()) {
        Q_EMIT statusMessage(tr("Fill in the required fields marked in red."));
        return;
    }
    const EndpointSpec &spec = form->spec();
    m_send = new SessionRetry(m_client, spec, currentEnvironment(), form->values(), callContext(spec.family), m_sessions,
                              m_scheduler, this);
    m_send->setCatalog(*m_catalog);
    m_send->setValueSource(m_valueSource);
    // A first call that is retried is recorded now; the final one after it is shown.
    connect(m_send, &SessionRetry::callFinished, this, [this](const ApiCall &call, bool final) {
        if (!final)
            Q_EMIT callFinished(call, HistoryOrigin::Manual);
    });
    connect(m_send, &SessionRetry::renewing, this, [this](const QString &note) {
        if (currentEndpointId() == m_sendingEndpoint)
            showRetryNote(note, StatusColors::Tone::Info);
        Q_EMIT statusMessage(note);
    });
    connect(m_send, &SessionRetry::finished, this, &ApiPage::onSendFinished);
    m_sendingEndpoint = spec.id;
    showRetryNote(QString(), StatusColors::Tone::Neutral);
    m_response->showSending(spec.title);
    updateActions();
    m_send->start();
}

void ApiPage::setSessionRetry(SessionStore *store, ExpiryScheduler *scheduler)
{
    m_sessions = store;
    m_scheduler = scheduler;
}

QString ApiPage::retryNote() const
{
    return m_retryNote->text();
}

void ApiPage::cancel()
{
    if (m_send)
        m_send->cancel();
}

void ApiPage::onSendFinished()
{
    SessionRetry *send = m_send;
    if (!send || !send->lastCall())
        return;
    m_send = nullptr;
    m_sendingEndpoint.clear();
    const ApiCall &call = *send->lastCall();
    // Recorded first, so the pane shows the recorder's explanation (history and vault keys as
    // evidence, computed once) rather than a poorer one of its own.
    Q_EMIT callFinished(call, send->wasRetried() ? HistoryOrigin::Retry : HistoryOrigin::Manual);
    const QList<FailureExplainer::Cause> causes = m_explain ? m_explain(call) : FailureExplainer::explain(call).causes;
    // Into the endpoint's own slot; the pane only when that endpoint is still the one shown.
    LastAnswer &kept = m_answers[call.spec().id];
    kept.answer = ResponseView::answerOf(call, m_sessions, causes);
    kept.note = send->note();
    kept.noteTone = send->outcome() == SessionRetry::Outcome::NotRetried ? StatusColors::Tone::Neutral
        : send->wasRetried()                                             ? StatusColors::Tone::Info
                                                                         : StatusColors::Tone::Warning;
    if (currentEndpointId() == call.spec().id) {
        m_response->showCall(call, m_sessions, causes); // live: Show and the copies work until it is left
        showRetryNote(kept.note, kept.noteTone);
    }
    refreshSources();
    updateActions();
    const bool cancelled = call.result().error && call.result().error->code == ErrorCode::Cancelled;
    const QString summary = cancelled ? tr("Cancelled") : call.result().summary();
    Q_EMIT statusMessage(send->note().isEmpty() ? summary : QStringLiteral("%1 (%2)").arg(summary, send->note()));
    send->deleteLater();
}

void ApiPage::clearSession()
{
    const EndpointForm *form = currentForm();
    if (!form || isBusy())
        return;
    const QString family = form->spec().family;
    callContext(family).clear();
    refreshSources();
    Q_EMIT statusMessage(tr("%1 session cleared in %2").arg(familyTitle(family), currentEnvironment().name));
}

void ApiPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateTransportBadge();
        updateHeader();
    }
}

} // namespace td
