// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenInspectorPage.h"

#include "ClaimTableModel.h"
#include "KeyTextParser.h"
#include "PayloadFormatter.h"
#include "SegmentTableModel.h"
#include "gui/GuiResources.h"
#include "gui/SecretClipboard.h"
#include "gui/StatusColors.h"

#include "core/jose/KeyFormats.h"

#include "ui_TokenInspectorPage.h"

#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QIcon>
#include <QJsonDocument>
#include <QListWidgetItem>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <openssl/crypto.h>

#include <algorithm>

namespace td {

namespace {

constexpr int kDebounceMs = 200;
constexpr int kMaxKeyLines = 6;

using Tone = StatusColors::Tone;

QIcon toneIcon(Tone tone)
{
    switch (tone) {
    case Tone::Ok:
        return QIcon(QStringLiteral(":/icons/ok.svg"));
    case Tone::Warning:
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    case Tone::Error:
        return QIcon(QStringLiteral(":/icons/error.svg"));
    case Tone::Info:
    case Tone::Neutral:
        break;
    }
    return QIcon(QStringLiteral(":/icons/info.svg"));
}

Tone severityTone(Diagnostic::Severity severity)
{
    switch (severity) {
    case Diagnostic::Severity::Error:
        return Tone::Error;
    case Diagnostic::Severity::Warning:
        return Tone::Warning;
    case Diagnostic::Severity::Info:
        break;
    }
    return Tone::Info;
}

QString headerString(const QJsonObject &header, const char *name)
{
    return header.value(QLatin1String(name)).toString();
}

} // namespace

TokenInspectorPage::TokenInspectorPage(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::TokenInspectorPage>())
{
    ensureGuiResources();
    m_ui->setupUi(this);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *edit : {m_ui->tokenEdit, m_ui->keyEdit, m_ui->headerView, m_ui->payloadView})
        edit->setFont(fixed);
    // Tokens and keys have no spaces to break at.
    m_ui->tokenEdit->setWordWrapMode(QTextOption::WrapAnywhere);
    m_ui->keyEdit->setWordWrapMode(QTextOption::WrapAnywhere);
    m_ui->payloadView->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_ui->headerView->setPlaceholderText(tr("The protected header appears here."));
    m_ui->loadKeyButton->setIcon(QIcon(QStringLiteral(":/icons/key.svg")));
    m_ui->copyPayloadButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_ui->copyPayloadButton->setToolTip(tr("Copy the payload; the clipboard is cleared after 30 s"));

    m_segmentModel = new SegmentTableModel(this);
    m_ui->segmentsTable->setModel(m_segmentModel);
    QHeaderView *segmentHeader = m_ui->segmentsTable->horizontalHeader();
    segmentHeader->setSectionResizeMode(QHeaderView::ResizeToContents);
    segmentHeader->setSectionResizeMode(SegmentTableModel::StatusColumn, QHeaderView::Stretch);

    m_claimModel = new ClaimTableModel(this);
    m_ui->claimsTable->setModel(m_claimModel);
    QHeaderView *claimHeader = m_ui->claimsTable->horizontalHeader();
    claimHeader->setSectionResizeMode(QHeaderView::Interactive);
    claimHeader->setSectionResizeMode(ClaimTableModel::RelativeColumn, QHeaderView::Stretch);

    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->resultSplitter->setStretchFactor(0, 3);
    m_ui->resultSplitter->setStretchFactor(1, 2);
    m_ui->resultSplitter->setSizes({420, 220});

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    m_keyDebounce = new QTimer(this);
    m_keyDebounce->setSingleShot(true);
    m_keyDebounce->setInterval(kDebounceMs);
    m_clockTimer = new QTimer(this);
    m_clockTimer->setInterval(1000);

    m_chooseKeyFile = [](QWidget *dialogParent) {
        return QFileDialog::getOpenFileName(dialogParent, tr("Load key file"), QString(),
                                            tr("Key files (*.jwk *.json *.jwks *.pem *.key *.pub *.txt);;All files (*)"));
    };
    m_clock = [] { return QDateTime::currentDateTimeUtc(); };

    connect(m_ui->tokenEdit, &QPlainTextEdit::textChanged, this, &TokenInspectorPage::scheduleInspection);
    connect(m_debounce, &QTimer::timeout, this, &TokenInspectorPage::inspectStructure);
    connect(m_ui->keyEdit, &QPlainTextEdit::textChanged, m_keyDebounce, qOverload<>(&QTimer::start));
    connect(m_keyDebounce, &QTimer::timeout, this, &TokenInspectorPage::updateKeys);
    connect(m_ui->loadKeyButton, &QPushButton::clicked, this, &TokenInspectorPage::loadKeyFile);
    connect(m_ui->clearKeysButton, &QPushButton::clicked, this, &TokenInspectorPage::clearKeys);
    connect(m_ui->actionButton, &QPushButton::clicked, this, &TokenInspectorPage::runKeyOperation);
    connect(m_ui->copyPayloadButton, &QPushButton::clicked, this, &TokenInspectorPage::copyPayload);
    connect(&m_watcher, &QFutureWatcher<InspectionReport>::finished, this, &TokenInspectorPage::keyOperationFinished);
    connect(m_clockTimer, &QTimer::timeout, this, &TokenInspectorPage::tick);

    showReport(InspectionReport());
    showKeyStatus();
}

TokenInspectorPage::~TokenInspectorPage()
{
    // The worker only touches its own copies, but it must not outlive the watcher it reports to.
    m_watcher.waitForFinished();
}

void TokenInspectorPage::setKeyFileChooser(KeyFileChooser chooser)
{
    m_chooseKeyFile = std::move(chooser);
}

void TokenInspectorPage::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

QList<NamedKey> TokenInspectorPage::keys() const
{
    return m_pastedKeys + m_fileKeys + m_storedKeys;
}

QByteArray TokenInspectorPage::tokenText() const
{
    return m_ui->tokenEdit->toPlainText().toUtf8();
}

void TokenInspectorPage::scheduleInspection()
{
    // A result computed for the previous text must not land on the new one.
    ++m_generation;
    m_debounce->start();
}

void TokenInspectorPage::inspectStructure()
{
    m_debounce->stop();
    const bool hadClaims = m_report.claims.has_value();
    showReport(TokenInspector::inspect(tokenText(), {}, m_clock()));
    // A freshly pasted JWT is usually pasted for its claims.
    if (m_report.claims && !hadClaims && m_ui->resultTabs->currentWidget() == m_ui->structureTab)
        m_ui->resultTabs->setCurrentWidget(m_ui->claimsTab);
}

void TokenInspectorPage::runKeyOperation()
{
    if (m_busy)
        return;
    // A click right after typing must act on what is on screen, not wait for the debounce.
    if (m_debounce->isActive())
        inspectStructure();
    if (m_keyDebounce->isActive())
        updateKeys();
    if (!m_ui->actionButton->isEnabled())
        return;

    m_busy = true;
    m_runningGeneration = m_generation;
    updateActionButton();
    // Off the GUI thread: PBES2 iteration counts and RSA keys can take a noticeable while. The
    // pool thread's OpenSSL state is freed here, in the thread: left to OpenSSL's thread-exit
    // hook it may be freed while the process already exits (LeakSanitizer saw 904 bytes; the
    // sandbox's thread does the same in SandboxHost).
    m_watcher.setFuture(QtConcurrent::run([token = tokenText(), keys = keys(), now = m_clock()] {
        InspectionReport report = TokenInspector::inspect(token, keys, now);
        OPENSSL_thread_stop();
        return report;
    }));
}

void TokenInspectorPage::keyOperationFinished()
{
    m_busy = false;
    if (m_runningGeneration != m_generation) {
        updateActionButton();
        return;
    }
    const InspectionReport report = m_watcher.result();
    showReport(report);
    if (report.keyOperationOk) {
        m_ui->resultTabs->setCurrentWidget(report.claims ? m_ui->claimsTab : m_ui->payloadTab);
        emit statusMessage(report.kind == InspectionReport::Kind::Jwe ? tr("Decrypted with %1").arg(report.keyUsed)
                                                                      : tr("Signature verified with %1").arg(report.keyUsed));
    } else {
        emit statusMessage(report.kind == InspectionReport::Kind::Jwe ? tr("Decryption failed") : tr("Verification failed"));
    }
}

void TokenInspectorPage::setToken(const QString &token)
{
    m_ui->tokenEdit->setPlainText(token);
}

void TokenInspectorPage::setStoredKeys(const QList<NamedKey> &keys)
{
    m_storedKeys = keys;
    showKeyStatus();
}

void TokenInspectorPage::updateKeys()
{
    m_keyDebounce->stop();
    const ParsedKeys parsed = KeyTextParser::parsePasted(m_ui->keyEdit->toPlainText().toUtf8());
    m_pastedKeys = parsed.keys;
    m_pastedKeyErrors = parsed.errors;
    showKeyStatus();
}

void TokenInspectorPage::loadKeyFile()
{
    const QString path = m_chooseKeyFile ? m_chooseKeyFile(this) : QString();
    if (path.isEmpty())
        return;
    m_fileName = QFileInfo(path).fileName();
    const Result<ImportedKeys> imported = KeyFormats::parseFile(path);
    if (imported.ok()) {
        m_fileKeys = KeyTextParser::labelFileKeys(imported->keys, m_fileName);
        m_fileError.clear();
        emit statusMessage(tr("Loaded %1 key(s) from %2").arg(m_fileKeys.size()).arg(m_fileName));
    } else {
        m_fileKeys.clear();
        m_fileError = imported.error().toString();
        emit statusMessage(tr("Could not load %1").arg(m_fileName));
    }
    showKeyStatus();
}

void TokenInspectorPage::clearKeys()
{
    m_ui->keyEdit->clear();
    updateKeys();
    m_fileKeys.clear();
    m_fileName.clear();
    m_fileError.clear();
    showKeyStatus();
}

void TokenInspectorPage::copyPayload()
{
    const QString text = m_ui->payloadView->toPlainText();
    if (text.isEmpty())
        return;
    SecretClipboard::copy(text);
    emit statusMessage(tr("Payload copied; the clipboard is cleared in 30 s"));
}

void TokenInspectorPage::tick()
{
    if (m_claimModel->hasClaims())
        m_claimModel->setNow(m_clock());
}

void TokenInspectorPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        const InspectionReport report = m_report;
        showReport(report);
        showKeyStatus();
    }
}

void TokenInspectorPage::showReport(const InspectionReport &report)
{
    m_report = report;
    const QDateTime now = m_clock();

    showKind(report.kind);
    showSummary(report);
    m_segmentModel->setSegments(report.segments);

    if (report.header.isEmpty())
        m_ui->headerView->clear();
    else
        m_ui->headerView->setPlainText(QString::fromUtf8(QJsonDocument(report.header).toJson(QJsonDocument::Indented)).trimmed());

    m_claimModel->setClaims(report.claims, now);
    m_ui->claimsTable->resizeColumnsToContents();
    // A long claim value must not push the relative column out of sight.
    const int valueWidth = m_ui->claimsTable->columnWidth(ClaimTableModel::ValueColumn);
    m_ui->claimsTable->setColumnWidth(ClaimTableModel::ValueColumn, qMin(valueWidth, 360));
    if (report.claims)
        m_clockTimer->start();
    else
        m_clockTimer->stop();

    showPayload(report);
    showDiagnostics(report);
    updateActionButton();
}

void TokenInspectorPage::showKind(InspectionReport::Kind kind)
{
    QString text;
    Tone tone = Tone::Neutral;
    switch (kind) {
    case InspectionReport::Kind::Jwe:
        text = QStringLiteral("JWE");
        tone = Tone::Info;
        break;
    case InspectionReport::Kind::Jws:
        text = QStringLiteral("JWS");
        tone = Tone::Ok;
        break;
    case InspectionReport::Kind::Opaque:
        text = tr("opaque");
        tone = Tone::Warning;
        break;
    case InspectionReport::Kind::Empty:
        break;
    }
    m_ui->kindLabel->setText(text);
    m_ui->kindLabel->setVisible(!text.isEmpty());
    const QPalette &pal = palette();
    m_ui->kindLabel->setStyleSheet(QStringLiteral("QLabel { background-color: %1; color: %2; border-radius: 4px;"
                                                  " padding: 2px 8px; font-weight: bold; }")
                                       .arg(StatusColors::badgeBackground(tone, pal).name(),
                                            StatusColors::badgeText(tone, pal).name()));
}

void TokenInspectorPage::showSummary(const InspectionReport &report)
{
    QStringList parts;
    Tone tone = Tone::Neutral;
    const QString alg = headerString(report.header, "alg");
    const QString enc = headerString(report.header, "enc");
    if (!alg.isEmpty())
        parts << tr("alg %1").arg(alg);
    if (!enc.isEmpty())
        parts << tr("enc %1").arg(enc);

    const bool jwe = report.kind == InspectionReport::Kind::Jwe;
    switch (report.kind) {
    case InspectionReport::Kind::Empty:
        parts << tr("Paste a token to inspect it.");
        break;
    case InspectionReport::Kind::Opaque:
        parts << tr("Opaque token, %1 characters: not a JWE or JWS, so there is nothing to decode, decrypt or verify.")
                     .arg(tokenText().trimmed().size());
        break;
    case InspectionReport::Kind::Jwe:
    case InspectionReport::Kind::Jws:
        if (report.keyOperationOk) {
            parts << (jwe ? tr("decrypted with %1") : tr("signature verified with %1")).arg(report.keyUsed);
            tone = Tone::Ok;
        } else if (report.keyOperationTried) {
            parts << (jwe ? tr("decryption failed") : tr("verification failed"))
                         + (report.error ? QStringLiteral(": ") + report.error->message : QString());
            tone = Tone::Error;
        } else if (!report.structureOk) {
            parts << tr("structure error") + (report.error ? QStringLiteral(": ") + report.error->message : QString());
            tone = Tone::Error;
        } else {
            parts << (jwe ? tr("structure OK; add a key and press Decrypt")
                          : tr("structure OK; signature not checked yet, add a key and press Verify"));
        }
        break;
    }
    m_ui->summaryLabel->setText(parts.join(QStringLiteral(" · ")));
    m_ui->summaryLabel->setStyleSheet(StatusColors::labelStyleSheet(tone, palette()));
}

void TokenInspectorPage::showPayload(const InspectionReport &report)
{
    const FormattedPayload formatted = PayloadFormatter::format(report.payload);
    m_ui->payloadView->setPlainText(formatted.text);
    m_ui->copyPayloadButton->setEnabled(!formatted.text.isEmpty());

    QString info = formatted.description;
    if (formatted.form == FormattedPayload::Form::Empty) {
        if (report.kind == InspectionReport::Kind::Jwe)
            info = tr("Encrypted: add the key and press Decrypt to see the plaintext.");
        else if (report.kind == InspectionReport::Kind::Jws && report.structureOk)
            info = tr("The payload is empty.");
        else
            info = tr("No payload.");
    } else if (report.kind == InspectionReport::Kind::Jws && !report.keyOperationOk) {
        // A JWS payload is readable without the key; say that nothing vouches for it yet.
        info += tr(" · not verified");
    }
    m_ui->payloadInfoLabel->setText(info);
}

void TokenInspectorPage::showDiagnostics(const InspectionReport &report)
{
    QListWidget *list = m_ui->diagnosticsList;
    list->clear();
    QStringList shown;
    const QPalette &pal = palette();

    const auto add = [&](Tone tone, const QString &text, const QString &code, const QString &detail) {
        if (text.isEmpty() || shown.contains(text))
            return;
        shown << text;
        auto *item = new QListWidgetItem(toneIcon(tone), text, list);
        if (tone != Tone::Info)
            item->setForeground(StatusColors::foreground(tone, pal));
        item->setData(Qt::UserRole, code);
        item->setToolTip(detail.isEmpty() ? text : text + QLatin1Char('\n') + detail);
    };
    const auto withCode = [](const QString &message, ErrorCode code) {
        return QStringLiteral("%1  [%2]").arg(message, errorCodeName(code));
    };

    // The inspector's own sentence for a success names the key; show it as the good news it is.
    const auto isSuccessNote = [&](const Diagnostic &diagnostic) {
        return report.keyOperationOk && !report.keyUsed.isEmpty() && diagnostic.severity == Diagnostic::Severity::Info
            && diagnostic.message.contains(report.keyUsed);
    };
    bool successShown = false;
    for (const Diagnostic &diagnostic : report.diagnostics) {
        const Tone tone = severityTone(diagnostic.severity);
        if (isSuccessNote(diagnostic)) {
            add(Tone::Ok, diagnostic.message, QString(), QString());
            successShown = true;
        } else if (tone == Tone::Info) {
            add(tone, diagnostic.message, QString(), QString());
        } else {
            add(tone, withCode(diagnostic.message, diagnostic.code), errorCodeName(diagnostic.code), QString());
        }
    }
    if (report.keyOperationOk && !report.keyUsed.isEmpty() && !successShown) {
        add(Tone::Ok,
            (report.kind == InspectionReport::Kind::Jwe ? tr("Decrypted with %1") : tr("Signature verified with %1")).arg(report.keyUsed),
            QString(), QString());
    }

    // One line per key tried, in the order tried. A failure whose sentence is already on screen
    // (the usual case with a single key) is not repeated; the code and the reason still are.
    const auto sentenceShown = [&](const QString &message) {
        return std::any_of(shown.cbegin(), shown.cend(), [&](const QString &line) { return line.startsWith(message); });
    };
    for (const KeyAttempt &attempt : report.attempts) {
        const QString reason = attempt.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(attempt.reason);
        if (attempt.succeeded) {
            add(Tone::Ok, tr("Key %1: worked%2").arg(attempt.label, reason), QString(), QString());
            continue;
        }
        const QString what = sentenceShown(attempt.error.message) ? tr("failed") : attempt.error.message;
        add(Tone::Error, withCode(tr("Key %1: %2%3").arg(attempt.label, what, reason), attempt.error.code),
            errorCodeName(attempt.error.code), attempt.error.toString());
    }

    if (report.error) {
        const bool alreadyShown = std::any_of(report.diagnostics.cbegin(), report.diagnostics.cend(), [&](const Diagnostic &d) {
            return d.code == report.error->code && d.message == report.error->message;
        });
        if (!alreadyShown)
            add(Tone::Error, withCode(report.error->message, report.error->code), errorCodeName(report.error->code),
                report.error->detail);
    }
}

void TokenInspectorPage::updateActionButton()
{
    const InspectionReport::Kind kind = m_report.kind;
    const bool jwe = kind == InspectionReport::Kind::Jwe;
    const bool jws = kind == InspectionReport::Kind::Jws;
    QString label = tr("Decrypt / Verify");
    if (jwe)
        label = m_busy ? tr("Decrypting…") : tr("Decrypt");
    else if (jws)
        label = m_busy ? tr("Verifying…") : tr("Verify");
    m_ui->actionButton->setText(label);
    m_ui->actionButton->setEnabled((jwe || jws) && m_report.structureOk && !m_busy);
    if (jwe || jws)
        m_ui->actionButton->setToolTip(keys().isEmpty() ? tr("No key yet: paste or load one first")
                                                        : tr("Try %n key(s), the most likely first", nullptr,
                                                             static_cast<int>(keys().size())));
    else
        m_ui->actionButton->setToolTip(tr("Paste a JWE or JWS first"));
}

void TokenInspectorPage::showKeyStatus()
{
    QStringList lines;
    bool anyError = false;
    const QPalette &pal = palette();
    const QString errorColor = StatusColors::foreground(Tone::Error, pal).name();
    const auto errorLine = [&](const QString &text) {
        anyError = true;
        return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(errorColor, text.toHtmlEscaped());
    };

    for (const QString &error : m_pastedKeyErrors)
        lines << errorLine(error);
    if (!m_fileError.isEmpty())
        lines << errorLine(tr("%1: %2").arg(m_fileName, m_fileError));

    const QList<NamedKey> all = keys();
    for (int i = 0; i < all.size() && i < kMaxKeyLines; ++i)
        lines << QStringLiteral("%1: %2").arg(all.at(i).label, KeyTextParser::describe(all.at(i).key)).toHtmlEscaped();
    if (all.size() > kMaxKeyLines)
        lines << tr("… and %1 more").arg(all.size() - kMaxKeyLines).toHtmlEscaped();

    if (lines.isEmpty())
        lines << tr("No key: structure, header and claims are shown without one.").toHtmlEscaped();

    m_ui->keyStatusLabel->setTextFormat(Qt::RichText);
    m_ui->keyStatusLabel->setText(lines.join(QStringLiteral("<br>")));
    m_ui->keyStatusLabel->setAccessibleDescription(anyError ? tr("Some keys could not be read") : QString());
    updateActionButton();
}

} // namespace td
