// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HistoryStore.h"

#include "core/io/SafeFile.h"
#include "core/net/SecretMasker.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace td {

namespace {

// The explanation's words name fields and show non-secret values only; masked all the same, as
// the outcome's message is, in case a server echoed a secret into something they quote.
QJsonArray maskedCauses(const QJsonArray &causes, const QStringList &secretFieldNames, const QStringList &values)
{
    QJsonArray out;
    for (const QJsonValue &cause : causes) {
        QJsonObject object = cause.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isString())
                it.value() = QString::fromUtf8(SecretMasker::maskText(it.value().toString().toUtf8(), secretFieldNames, values));
        }
        out.append(object);
    }
    return out;
}

} // namespace

HistoryStore::HistoryStore(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(filePath)
{
}

HistoryEntry HistoryStore::masked(const HistoryEntry &entry, const QStringList &secretFieldNames,
                                  const QStringList &secretValues)
{
    // Every secret this entry carries anywhere becomes a known value, so that an echo of it
    // under an innocent name (a response repeating the token) is masked too.
    QStringList values = secretValues;
    for (auto it = entry.fields.cbegin(); it != entry.fields.cend(); ++it) {
        if (SecretMasker::isSecret(it.key(), secretFieldNames))
            values.append(it.value());
    }
    values += SecretMasker::secretValuesIn(entry.request, secretFieldNames);
    HttpRequest responseAsRequest; // reuse the header and body scan for the response side
    responseAsRequest.headers = entry.responseHeaders;
    responseAsRequest.body = entry.responseBody;
    values += SecretMasker::secretValuesIn(responseAsRequest, secretFieldNames);
    values += SecretMasker::secretValuesInBody(entry.decryptedBody, secretFieldNames);

    HistoryEntry out = entry;
    out.fields = SecretMasker::maskFields(entry.fields, secretFieldNames);
    for (auto it = out.fields.begin(); it != out.fields.end(); ++it)
        it.value() = SecretMasker::maskKnownValues(it.value(), values);
    out.request = SecretMasker::maskRequest(entry.request, secretFieldNames, values);
    out.responseHeaders = SecretMasker::maskHeaders(entry.responseHeaders, secretFieldNames);
    for (auto &header : out.responseHeaders)
        header.second = SecretMasker::maskKnownValues(header.second, values);
    // maskBody holds for every shape (truncated, HTML, oversized ...), withholding what it cannot mask.
    out.responseBody = SecretMasker::maskBody(entry.responseBody, secretFieldNames, values);
    out.decryptedBody = SecretMasker::maskBody(entry.decryptedBody, secretFieldNames, values);
    out.outcome.message = QString::fromUtf8(SecretMasker::maskText(entry.outcome.message.toUtf8(), secretFieldNames, values));
    out.causes = maskedCauses(entry.causes, secretFieldNames, values);
    return out;
}

Result<void> HistoryStore::append(const HistoryEntry &entry, const QStringList &secretFieldNames,
                                  const QStringList &secretValues)
{
    HistoryEntry safe = masked(entry, secretFieldNames, secretValues);
    if (safe.id.isEmpty())
        safe.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray line = QJsonDocument(safe.toJson()).toJson(QJsonDocument::Compact) + '\n';
    if (auto written = appendToFile(m_filePath, line); !written)
        return written;
    Q_EMIT appended(safe);
    return trimIfNeeded();
}

Result<HistoryStore::Loaded> HistoryStore::load(int maxEntries) const
{
    Loaded loaded;
    Result<int> skipped = scan([&loaded, maxEntries](HistoryEntry &&entry) {
        if (maxEntries > 0 && loaded.entries.size() >= maxEntries)
            loaded.entries.removeFirst(); // keeps memory at maxEntries however long the file is
        loaded.entries.append(std::move(entry));
    });
    if (!skipped)
        return skipped.error();
    loaded.skipped = skipped.value();
    return loaded;
}

Result<int> HistoryStore::scan(const std::function<void(HistoryEntry &&)> &visit) const
{
    QFile file(m_filePath);
    if (!file.exists())
        return 0;
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2")
                                            .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
    int skipped = 0;
    QByteArray pending;
    bool overlong = false; // inside a line past kMaxLineBytes: dropped up to its newline
    const auto take = [&](QByteArrayView line) {
        if (overlong) {
            overlong = false;
            ++skipped;
        } else if (!parseLine(line, visit)) {
            ++skipped;
        }
    };
    // Fixed-size reads rather than readLine(max), which allocates `max` bytes for every line.
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(64 * 1024);
        if (chunk.isEmpty())
            break;
        qsizetype from = 0;
        for (qsizetype newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', from)) {
            if (!overlong)
                pending.append(QByteArrayView(chunk).sliced(from, newline - from));
            take(pending);
            pending.clear();
            from = newline + 1;
        }
        if (!overlong)
            pending.append(QByteArrayView(chunk).sliced(from));
        if (pending.size() > m_maxLineBytes) {
            overlong = true;
            pending = QByteArray();
        }
    }
    if (!pending.isEmpty() || overlong)
        take(pending);
    return skipped;
}

// False when the line is not a history record; blank lines count as fine.
bool HistoryStore::parseLine(QByteArrayView line, const std::function<void(HistoryEntry &&)> &visit)
{
    line = line.trimmed();
    if (line.isEmpty())
        return true;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    Result<HistoryEntry> entry = HistoryEntry::fromJson(document.object());
    if (!entry)
        return false;
    if (entry->id.isEmpty())
        entry->id = lineId(line);
    visit(std::move(entry).value());
    return true;
}

QString HistoryStore::lineId(QByteArrayView line)
{
    return QString::fromLatin1(QCryptographicHash::hash(line, QCryptographicHash::Sha256).toHex().left(16));
}

Result<void> HistoryStore::clear()
{
    if (QFile::exists(m_filePath) && !QFile::remove(m_filePath))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot delete %1").arg(QDir::toNativeSeparators(m_filePath)));
    Q_EMIT cleared();
    return {};
}

// Keeps the newest lines that fit in half the limit, so trimming happens rarely.
Result<void> HistoryStore::trimIfNeeded()
{
    if (m_maxBytes <= 0 || QFileInfo(m_filePath).size() <= m_maxBytes)
        return {};
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2")
                                            .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
    const QByteArray all = file.readAll();
    file.close();

    const qint64 budget = m_maxBytes / 2;
    qsizetype start = all.size();
    // Walk back line by line from the end (the last byte is the final newline).
    while (start > 0) {
        const qsizetype previous = all.lastIndexOf('\n', start - 2);
        const qsizetype lineStart = previous < 0 ? 0 : previous + 1;
        if (all.size() - lineStart > budget)
            break;
        start = lineStart;
    }
    if (start == all.size()) // the newest entry alone is over budget: keep it anyway
        start = qMax<qsizetype>(0, all.lastIndexOf('\n', all.size() - 2) + 1);
    return writeFileAtomically(m_filePath, QByteArrayView(all).sliced(start));
}

} // namespace td
