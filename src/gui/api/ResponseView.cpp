// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResponseView.h"

#include "ExpiryText.h"
#include "gui/SecretClipboard.h"
#include "gui/GuiResources.h"
#include "gui/StatusColors.h"
#include "gui/inspector/PayloadFormatter.h"

#include "core/api/ApiCall.h"
#include "core/net/CurlExport.h"
#include "core/net/SecretMasker.h"
#include "core/session/SessionStore.h"

#include "ui_ResponseView.h"

#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QEvent>
#include <QFontDatabase>
#include <QIcon>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>

namespace td {

namespace {

using Tone = StatusColors::Tone;

QString iconFor(Tone tone)
{
    switch (tone) {
    case Tone::Ok: return QStringLiteral(":/icons/ok.svg");
    case Tone::Error: return QStringLiteral(":/icons/error.svg");
    case Tone::Warning: return QStringLiteral(":/icons/warning.svg");
    case Tone::Info:
    case Tone::Neutral: break;
    }
    return QStringLiteral(":/icons/info.svg");
}

QString pretty(const QByteArray &body)
{
    return PayloadFormatter::format(body).text;
}

} // namespace

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ResponseView>())
{
    ensureGuiResources();
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("responseView"));

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *view : {m_ui->decryptedView, m_ui->rawView, m_ui->requestView, m_ui->connectionView}) {
        view->setFont(fixed);
        // Tokens and JWE bodies have no spaces to break at.
        view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    }
    m_ui->tokenEdit->setFont(fixed);
    m_ui->refreshTokenEdit->setFont(fixed);
    m_ui->copyTokenButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_ui->copyRefreshTokenButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_ui->curlButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_ui->bodyTabs->setMinimumHeight(160);
    m_ui->detailsTree->header()->setStretchLastSection(true);
    setMinimumWidth(300); // with the form and the endpoint list, the page fits a 1024-pixel screen

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    m_nowMs = [] { return QDateTime::currentMSecsSinceEpoch(); };
    m_confirmReveal = [](QWidget *dialogParent) {
        return QMessageBox::question(dialogParent, tr("Copy with secrets"),
                                     tr("The curl command will contain the API keys, secrets and tokens of this request in "
                                        "clear text. Copy it anyway?"),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    };

    connect(m_tick, &QTimer::timeout, this, &ResponseView::renderExpiry);
    connect(m_ui->revealButton, &QToolButton::toggled, this, [this](bool shown) {
        m_ui->revealButton->setText(shown ? tr("Hide") : tr("Show"));
        render();
    });
    connect(m_ui->copyTokenButton, &QToolButton::clicked, this, [this] {
        SecretClipboard::copy(m_result.token);
        Q_EMIT statusMessage(tr("Token copied; the clipboard is cleared in 30 s"));
    });
    connect(m_ui->copyRefreshTokenButton, &QToolButton::clicked, this, [this] {
        SecretClipboard::copy(m_result.refreshToken);
        Q_EMIT statusMessage(tr("Refresh token copied; the clipboard is cleared in 30 s"));
    });
    connect(m_ui->curlButton, &QPushButton::clicked, this, [this] { copyCurl(false); });
    connect(m_ui->curlSecretsButton, &QPushButton::clicked, this, [this] { copyCurl(true); });
    clear();
}

ResponseView::~ResponseView() = default;

void ResponseView::setClock(std::function<qint64()> nowMs)
{
    m_nowMs = std::move(nowMs);
}

void ResponseView::setRevealConfirmation(RevealConfirmation confirm)
{
    m_confirmReveal = std::move(confirm);
}

void ResponseView::clear()
{
    m_hasResult = false;
    m_sending = false;
    m_sent = false;
    m_withheld = false;
    m_noCallFor.clear();
    m_result = TokenResult();
    m_request = HttpRequest();
    m_plainBody.clear();
    m_causes.clear();
    m_secrets = CallSecrets();
    m_ui->revealButton->setChecked(false);
    m_ui->outcomeGroup->setTitle(tr("Response"));
    render();
}

void ResponseView::showSending(const QString &endpointTitle)
{
    clear();
    m_sending = true;
    m_ui->outcomeGroup->setTitle(tr("Response: %1").arg(endpointTitle));
    m_ui->outcomeLabel->setText(tr("Sending %1…").arg(endpointTitle));
}

void ResponseView::showCall(const ApiCall &call, const SessionStore *sessions, const QList<FailureExplainer::Cause> &causes)
{
    m_hasResult = true;
    m_sending = false;
    m_ui->outcomeGroup->setTitle(tr("Response: %1").arg(call.spec().title));
    m_sent = call.wasSent();
    m_result = call.result();
    m_request = call.prepared().request;
    m_plainBody = call.prepared().plainBody;
    m_secrets = CallSecrets::of(call, sessions ? sessions->secretValues() : QStringList());
    m_causes = causes;
    m_ui->revealButton->setChecked(false);
    render();
    // The decrypted body is what people came for when there is one.
    if (!m_result.decryptedBody.isEmpty())
        m_ui->bodyTabs->setCurrentWidget(m_ui->decryptedTab);
    else
        m_ui->bodyTabs->setCurrentWidget(m_result.rawBody.isEmpty() ? m_ui->requestTab : m_ui->rawTab);
}

ResponseView::Answer ResponseView::answerOf(const ApiCall &call, const SessionStore *sessions,
                                            const QList<FailureExplainer::Cause> &causes)
{
    const CallSecrets secrets = CallSecrets::of(call, sessions ? sessions->secretValues() : QStringList());
    const QString mask = QString::fromLatin1(SecretMasker::mask());
    Answer answer;
    answer.endpointTitle = call.spec().title;
    answer.sent = call.wasSent();
    TokenResult &result = answer.result;
    result = call.result();
    if (!result.token.isEmpty())
        result.token = mask;
    if (!result.refreshToken.isEmpty())
        result.refreshToken = mask;
    result.message = secrets.maskText(result.message);
    if (result.error) {
        result.error->message = secrets.maskText(result.error->message);
        result.error->detail = secrets.maskText(result.error->detail);
    }
    result.rawBody = secrets.maskBody(result.rawBody);
    result.decryptedBody = secrets.maskBody(result.decryptedBody);
    result.outputs.clear(); // values for later steps: the call context has them
    for (QString &warning : result.warnings)
        warning = secrets.maskText(warning);
    for (TokenResult::Detail &detail : result.details)
        detail.value = detail.maskedValue;
    answer.request = secrets.maskRequest(call.prepared().request);
    answer.plainBody = secrets.maskBody(call.prepared().plainBody);
    for (FailureExplainer::Cause cause : causes) {
        cause.evidence = secrets.maskText(cause.evidence);
        answer.causes.append(cause);
    }
    return answer;
}

void ResponseView::showAnswer(const Answer &answer)
{
    clear();
    m_hasResult = true;
    m_withheld = true;
    m_ui->outcomeGroup->setTitle(tr("Response: %1").arg(answer.endpointTitle));
    m_sent = answer.sent;
    m_result = answer.result;
    m_request = answer.request;
    m_plainBody = answer.plainBody;
    m_causes = answer.causes;
    render();
    if (!m_result.decryptedBody.isEmpty())
        m_ui->bodyTabs->setCurrentWidget(m_ui->decryptedTab);
    else
        m_ui->bodyTabs->setCurrentWidget(m_result.rawBody.isEmpty() ? m_ui->requestTab : m_ui->rawTab);
}

void ResponseView::showNoCall(const QString &endpointTitle)
{
    clear();
    m_noCallFor = endpointTitle;
    m_ui->outcomeGroup->setTitle(tr("Response: %1").arg(endpointTitle));
    render();
}

QString ResponseView::masked(const QByteArray &text) const
{
    if (m_ui->revealButton->isChecked())
        return QString::fromUtf8(text);
    return QString::fromUtf8(m_secrets.maskBody(text));
}

void ResponseView::render()
{
    renderOutcome();
    renderExpiry();
    renderDetails();
    renderBodies();
}

void ResponseView::renderOutcome()
{
    const bool reveal = m_ui->revealButton->isChecked();
    Tone tone = Tone::Neutral;
    if (!m_hasResult) {
        if (!m_sending)
            m_ui->outcomeLabel->setText(m_noCallFor.isEmpty()
                                            ? tr("No call yet: fill in the form and press Send.")
                                            : tr("No call yet for %1: fill in the form and press Send.").arg(m_noCallFor));
        tone = Tone::Info;
    } else if (m_result.error && m_result.error->code == ErrorCode::Cancelled) {
        // The person stopped it: not a failure of the API, nothing to alarm anyone about.
        m_ui->outcomeLabel->setText(tr("Cancelled"));
        tone = Tone::Neutral;
    } else {
        QStringList parts;
        if (m_result.httpStatus)
            parts << tr("HTTP %1").arg(m_result.httpStatus);
        if (!m_result.code.isEmpty())
            parts << tr("code %1").arg(m_result.code);
        QString line = m_result.ok ? tr("OK") : tr("Failed");
        if (!parts.isEmpty())
            line += QStringLiteral(" — ") + parts.join(QStringLiteral(", "));
        else if (m_result.error)
            line += QStringLiteral(" — ") + errorCodeName(m_result.error->code);
        const QString sentence = m_result.error ? m_result.error->message : m_result.message;
        if (!sentence.isEmpty())
            line += QStringLiteral(": ") + sentence;
        if (m_result.error && !m_result.error->detail.isEmpty())
            line += QStringLiteral(" (") + m_result.error->detail + QLatin1Char(')');
        if (!m_sent && m_result.error)
            line += tr(" Nothing was sent.");
        m_ui->outcomeLabel->setText(reveal ? line : m_secrets.maskText(line)); // messages may quote the body
        tone = m_result.ok ? Tone::Ok : Tone::Error;
    }
    m_ui->outcomeLabel->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
    m_ui->outcomeIcon->setPixmap(QIcon(iconFor(tone)).pixmap(20, 20));

    m_ui->summaryPane->setVisible(m_hasResult);
    renderTokens(reveal);

    m_ui->durationLabel->setText(m_sent ? tr("%1 ms, received %2")
                                              .arg(m_result.durationMs)
                                              .arg(QDateTime::fromMSecsSinceEpoch(m_result.receivedAtMs).toLocalTime().toString(
                                                  QStringLiteral("HH:mm:ss")))
                                        : tr("not sent"));

    m_ui->warningsLabel->setVisible(!m_result.warnings.isEmpty());
    QStringList warningLines;
    for (const QString &warning : std::as_const(m_result.warnings))
        warningLines << QStringLiteral("⚠ ") + warning;
    m_ui->warningsLabel->setText(warningLines.join(QLatin1Char('\n')));
    m_ui->warningsLabel->setStyleSheet(StatusColors::labelStyleSheet(Tone::Warning, palette()));
    renderCauses(reveal);

    m_ui->curlButton->setEnabled(m_sent);
    m_ui->curlSecretsButton->setEnabled(m_sent && !m_withheld);
}

void ResponseView::renderCauses(bool reveal)
{
    QStringList lines;
    for (int i = 0; i < m_causes.size(); ++i) {
        const FailureExplainer::Cause &cause = m_causes.at(i);
        if (cause.confirmed) // tested locally, not a guess
            lines << tr("%1. Confirmed: %2\n    %3\n    Fix: %4").arg(i + 1).arg(cause.cause, cause.evidence, cause.fix);
        else
            lines << tr("%1. %2\n    %3").arg(i + 1).arg(cause.cause, cause.evidence);
    }
    const QString text = lines.isEmpty() ? QString() : tr("Likely causes, most likely first:\n") + lines.join(QLatin1Char('\n'));
    m_ui->causesLabel->setVisible(!lines.isEmpty());
    m_ui->causesLabel->setText(reveal || m_withheld ? text : m_secrets.maskText(text));
    m_ui->causesLabel->setStyleSheet(StatusColors::labelStyleSheet(m_result.ok ? Tone::Warning : Tone::Info, palette()));
}

void ResponseView::renderTokens(bool reveal)
{
    const bool hasToken = !m_result.token.isEmpty();
    // A kept answer's token is only the mask: say so rather than show three dots.
    m_ui->tokenEdit->setText(m_withheld ? QString() : m_result.token);
    m_ui->tokenEdit->setEchoMode(reveal ? QLineEdit::Normal : QLineEdit::Password);
    m_ui->tokenEdit->setCursorPosition(0);
    m_ui->tokenEdit->setPlaceholderText(!m_hasResult ? QString()
                                        : !hasToken  ? tr("no token in this answer")
                                        : m_withheld ? tr("not kept")
                                                     : QString());
    m_ui->tokenEdit->setToolTip(m_withheld && hasToken ? tr("The token of an earlier answer is not kept: send again to see it")
                                : hasToken             ? tr("%1 characters").arg(m_result.token.size())
                                                       : QString());
    m_ui->copyTokenButton->setEnabled(hasToken && !m_withheld);
    // A kept answer holds the mask, not the secrets: nothing to reveal or copy.
    m_ui->revealButton->setEnabled(!m_withheld);
    m_ui->revealButton->setToolTip(m_withheld ? tr("The secrets of an earlier answer are not kept: send again to see them")
                                              : tr("Show or hide the tokens and the secret details of this response"));
    const bool hasRefresh = !m_result.refreshToken.isEmpty();
    m_ui->refreshTokenTitle->setVisible(hasRefresh);
    m_ui->refreshTokenEdit->setVisible(hasRefresh);
    m_ui->copyRefreshTokenButton->setVisible(hasRefresh);
    m_ui->copyRefreshTokenButton->setEnabled(!m_withheld);
    m_ui->refreshTokenEdit->setText(m_withheld ? QString() : m_result.refreshToken);
    m_ui->refreshTokenEdit->setPlaceholderText(m_withheld ? tr("not kept") : QString());
    m_ui->refreshTokenEdit->setEchoMode(reveal ? QLineEdit::Normal : QLineEdit::Password);
    m_ui->refreshTokenEdit->setCursorPosition(0);
}

void ResponseView::renderExpiry()
{
    if (m_result.expiresAtMs <= 0) {
        m_tick->stop();
        m_ui->expiryLabel->setText(m_hasResult && m_result.ok ? tr("the answer gives no expiry") : QString());
        m_ui->expiryLabel->setStyleSheet(QString());
        return;
    }
    const qint64 now = m_nowMs();
    QStringList lines{ExpiryText::absolute(m_result.expiresAtMs), ExpiryText::relative(m_result.expiresAtMs, now)};
    const QString raw = ExpiryText::rawField(m_result.expiryField, m_result.expiryRaw);
    if (!raw.isEmpty())
        lines << raw;
    m_ui->expiryLabel->setText(lines.join(QLatin1Char('\n')));
    m_ui->expiryLabel->setStyleSheet(
        StatusColors::labelStyleSheet(m_result.expiresAtMs > now ? Tone::Neutral : Tone::Warning, palette()));
    if (!m_tick->isActive())
        m_tick->start();
}

void ResponseView::renderDetails()
{
    QTreeWidget *tree = m_ui->detailsTree;
    tree->clear();
    const bool reveal = m_ui->revealButton->isChecked();
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QFont bold = tree->font();
    bold.setBold(true);
    for (const TokenResult::Detail &detail : std::as_const(m_result.details)) {
        const bool secret = detail.value != detail.maskedValue;
        const QString shown = reveal ? detail.value : detail.maskedValue;
        // Label above value: thumbprints and signed strings need the whole width.
        auto *label = new QTreeWidgetItem(tree, {detail.label});
        label->setFont(0, bold);
        label->setFlags(Qt::ItemIsEnabled);
        label->setToolTip(0, detail.label); // long labels are elided in the middle
        auto *value = new QTreeWidgetItem(label, {shown});
        value->setFont(0, fixed);
        value->setToolTip(0, secret && !reveal ? tr("Secret: press Show to reveal") : shown);
    }
    tree->expandAll();
    // As tall as its rows: a handful of lines never needs a scroll bar of its own.
    const int rows = 2 * tree->topLevelItemCount();
    const int rowHeight = std::max(tree->sizeHintForRow(0), QFontMetrics(fixed).height() + 4);
    const int height = 2 * tree->frameWidth() + rows * rowHeight;
    tree->setFixedHeight(height + 2);
    m_ui->detailsGroup->setVisible(!m_result.details.isEmpty());
}

void ResponseView::renderBodies()
{
    const bool hasDecrypted = !m_result.decryptedBody.isEmpty();
    m_ui->bodyTabs->setTabVisible(m_ui->bodyTabs->indexOf(m_ui->decryptedTab), hasDecrypted);
    m_ui->decryptedView->setPlainText(hasDecrypted ? pretty(masked(m_result.decryptedBody).toUtf8()) : QString());
    if (m_result.rawBody.isEmpty())
        m_ui->rawView->setPlainText(QString());
    else
        m_ui->rawView->setPlainText(pretty(masked(m_result.rawBody).toUtf8()));
    m_ui->rawView->setPlaceholderText(m_hasResult ? tr("The answer has no body.") : QString());
    renderConnection();

    if (!m_sent) {
        m_ui->requestView->setPlainText(QString());
        m_ui->requestView->setPlaceholderText(m_hasResult ? tr("Nothing was sent.") : QString());
        return;
    }
    // The request tab is always masked: it is what people paste into tickets.
    const HttpRequest shown = m_secrets.maskRequest(m_request);
    QString text = QStringLiteral("%1 %2\n").arg(QString::fromLatin1(shown.method), QString::fromUtf8(shown.url.toEncoded()));
    for (const auto &[name, value] : shown.headers)
        text += QStringLiteral("%1: %2\n").arg(QString::fromLatin1(name), QString::fromUtf8(value));
    if (!shown.body.isEmpty())
        text += QLatin1Char('\n') + pretty(shown.body) + QLatin1Char('\n');
    if (!m_plainBody.isEmpty() && m_plainBody != m_request.body) {
        const QByteArray plain = m_secrets.maskBody(m_plainBody);
        text += tr("\nBody before encryption:\n") + pretty(plain) + QLatin1Char('\n');
    }
    m_ui->requestView->setPlainText(text);
}

// Small and plain: the proxy, then protocol, cipher and one block per certificate with its pin,
// so a pin or an expiry can be copied off it. Shown also when the chain was refused.
void ResponseView::renderConnection()
{
    const bool shown = m_sent && (m_result.tls || !m_result.proxy.isEmpty());
    m_ui->bodyTabs->setTabVisible(m_ui->bodyTabs->indexOf(m_ui->connectionTab), shown);
    if (!shown) {
        m_ui->connectionView->setPlainText(QString());
        return;
    }
    m_ui->connectionView->setPlainText(TlsSessionInfo::connectionText(m_result.tls, m_result.proxy));
}

QString ResponseView::curlCommand(bool revealSecrets) const
{
    if (!m_sent)
        return {};
    return CurlExport::toCurl(m_request, revealSecrets, m_secrets.names(), m_secrets.values());
}

void ResponseView::copyCurl(bool revealSecrets)
{
    if (!m_sent || (revealSecrets && m_withheld))
        return;
    if (!revealSecrets) {
        QGuiApplication::clipboard()->setText(curlCommand(false));
        Q_EMIT statusMessage(tr("curl command copied with secrets masked"));
        return;
    }
    if (!m_confirmReveal || !m_confirmReveal(this)) {
        Q_EMIT statusMessage(tr("Nothing copied"));
        return;
    }
    SecretClipboard::copy(curlCommand(true));
    Q_EMIT statusMessage(tr("curl command copied WITH secrets; the clipboard is cleared in 30 s"));
}

void ResponseView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

} // namespace td
