// SPDX-License-Identifier: GPL-3.0-or-later
#include "HarImportDialog.h"
#include "ui_HarImportDialog.h"

#include "gui/StatusColors.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/evidence/CurlCommand.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>

namespace td {

namespace {

QString messageText(const QString &side, const HarMessage &message)
{
    QString text;
    for (const auto &[name, value] : message.headers)
        text += QStringLiteral("%1: %2\n").arg(QString::fromUtf8(name), QString::fromUtf8(value));
    if (!message.body.isEmpty())
        text += QStringLiteral("\n%1\n").arg(QString::fromUtf8(message.body));
    if (!message.openedWith.isEmpty())
        text += QObject::tr("\n%1 body opened with %2:\n%3\n").arg(side, message.openedWith, QString::fromUtf8(message.decrypted));
    return text;
}

QString tokenText(const HarToken &token)
{
    QStringList parts{token.kind};
    if (!token.alg.isEmpty())
        parts.append(QStringLiteral("alg ") + token.alg);
    if (!token.enc.isEmpty())
        parts.append(QStringLiteral("enc ") + token.enc);
    if (!token.kid.isEmpty())
        parts.append(QStringLiteral("kid ") + token.kid);
    if (token.expiresAt)
        parts.append(QObject::tr("%1 %2 UTC")
                         .arg(token.expired ? QObject::tr("expired") : QObject::tr("expires"),
                              QDateTime::fromSecsSinceEpoch(*token.expiresAt, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    if (!token.openedWith.isEmpty())
        parts.append(QObject::tr("opened with %1").arg(token.openedWith));
    if (!token.problem.isEmpty())
        parts.append(token.problem);
    return QStringLiteral("%1: %2").arg(token.where, parts.join(QStringLiteral(", ")));
}

} // namespace

HarImportDialog::HarImportDialog(const EndpointCatalog &catalog, const QList<NamedKey> &keys, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::HarImportDialog>()), m_catalog(catalog), m_keys(keys)
{
    m_chooseFile = [](QWidget *chooserParent) {
        return QFileDialog::getOpenFileName(chooserParent, tr("Open a HAR file"), QString(), tr("HAR files (*.har);;All files (*)"));
    };
    buildLayout();
    setObjectName(QStringLiteral("harImportDialog")); // after setupUi, which names it after the class
}

HarImportDialog::~HarImportDialog() = default;

// The widgets are ui/HarImportDialog.ui's; what Designer cannot say is set here.
void HarImportDialog::buildLayout()
{
    m_ui->setupUi(this);
    m_openFile = m_ui->openFileButton;
    m_summary = m_ui->summaryLabel;
    m_calls = m_ui->callsTree;
    m_detail = m_ui->detailView;
    m_toApi = m_ui->openInApiButton;
    m_toInspector = m_ui->openInInspectorButton;
    m_calls->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->splitter->setStretchFactor(0, 1);
    m_ui->splitter->setStretchFactor(1, 2);

    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_openFile, &QPushButton::clicked, this, &HarImportDialog::openFile);
    connect(m_calls, &QTreeWidget::currentItemChanged, this, &HarImportDialog::showCurrent);
    connect(m_toApi, &QPushButton::clicked, this, &HarImportDialog::emitOpenInApiPage);
    connect(m_toInspector, &QPushButton::clicked, this, &HarImportDialog::emitOpenInInspector);
    showCurrent();
}

void HarImportDialog::openFile()
{
    const QString path = m_chooseFile ? m_chooseFile(this) : QString();
    if (!path.isEmpty())
        loadFile(path);
}

bool HarImportDialog::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_summary->setText(tr("%1 could not be read: %2").arg(path, file.errorString()));
        m_summary->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Error, palette()));
        return false;
    }
    // One byte over the cap lets the reader refuse it with its own message.
    return loadData(file.read(HarLog::kMaxBytes + 1), QFileInfo(path).fileName());
}

bool HarImportDialog::loadData(QByteArrayView har, const QString &name)
{
    Result<HarLog> log = HarLog::parse(har);
    m_log = log ? log.value() : HarLog();
    m_import = HarImport::of(m_log, m_catalog, m_keys, QDateTime::currentDateTimeUtc());
    showCalls();
    if (!log) {
        m_summary->setText(tr("%1: %2").arg(name, log.error().message));
        m_summary->setStyleSheet(StatusColors::labelStyleSheet(StatusColors::Tone::Error, palette()));
        return false;
    }
    m_summary->setStyleSheet(QString());
    m_summary->setText(tr("%1: %n token call(s); %2 other entries skipped (no endpoint has their method and path).", nullptr,
                          int(m_import.calls.size()))
                           .arg(name)
                           .arg(m_import.skipped));
    return true;
}

void HarImportDialog::showCalls()
{
    m_calls->clear();
    for (const HarCall &call : std::as_const(m_import.calls)) {
        new QTreeWidgetItem(m_calls, {QStringLiteral("#%1").arg(call.index),
                                      QStringLiteral("%1 (%2)").arg(call.endpoint->title, call.endpoint->id),
                                      call.status > 0 ? QString::number(call.status) : tr("no answer"), call.startedAt,
                                      QString::number(call.tokens.size())});
    }
    if (m_calls->topLevelItemCount() > 0)
        m_calls->setCurrentItem(m_calls->topLevelItem(0));
    showCurrent();
}

int HarImportDialog::currentCall() const
{
    return m_calls->currentItem() ? m_calls->indexOfTopLevelItem(m_calls->currentItem()) : -1;
}

void HarImportDialog::selectCall(int index)
{
    if (QTreeWidgetItem *item = m_calls->topLevelItem(index))
        m_calls->setCurrentItem(item);
}

QString HarImportDialog::errorText() const
{
    return m_summary->styleSheet().isEmpty() ? QString() : m_summary->text();
}

QString HarImportDialog::describe(const HarCall &call)
{
    QString text = QStringLiteral("%1 %2\n%3\n").arg(QString::fromLatin1(call.method), call.url, messageText(tr("Request"), call.request));
    text += tr("\n— Response: %1 —\n").arg(call.status > 0 ? QStringLiteral("HTTP %1").arg(call.status) : tr("no answer"));
    text += messageText(tr("Response"), call.response);
    if (!call.tokens.isEmpty()) {
        text += tr("\n— Tokens —\n");
        for (const HarToken &token : call.tokens)
            text += tokenText(token) + QLatin1Char('\n');
    }
    return text;
}

void HarImportDialog::showCurrent()
{
    const int index = currentCall();
    const HarCall *call = index >= 0 ? &m_import.calls.at(index) : nullptr;
    m_detail->setPlainText(call ? describe(*call) : QString());
    m_toApi->setEnabled(call);
    m_toInspector->setEnabled(call && index < m_import.calls.size()
                              && !HarImport::tokensIn(m_log.entries.value(call->index)).isEmpty());
}

CurlImport HarImportDialog::requestOf(const HarEntry &entry, const EndpointCatalog &catalog)
{
    CurlCommand command;
    command.method = entry.method;
    command.urlText = entry.url;
    for (const auto &[name, value] : entry.requestHeaders)
        command.headers.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    command.body = entry.requestBody;
    return CurlImport::match(command, catalog);
}

void HarImportDialog::emitOpenInApiPage()
{
    const int index = currentCall();
    if (index < 0)
        return;
    const HarCall &call = m_import.calls.at(index);
    Q_EMIT openInApiPage(requestOf(m_log.entries.value(call.index), m_catalog),
                         tr("The request of HAR entry #%1 (%2, %3)").arg(call.index).arg(call.endpoint->title, call.startedAt));
}

void HarImportDialog::emitOpenInInspector()
{
    const int index = currentCall();
    if (index < 0)
        return;
    // The answer's token first: what the call was for; else the one it sent.
    const QList<QPair<QString, QByteArray>> tokens = HarImport::tokensIn(m_log.entries.value(m_import.calls.at(index).index));
    if (tokens.isEmpty())
        return;
    Q_EMIT openInInspector(QString::fromUtf8(tokens.constLast().second));
}

} // namespace td
