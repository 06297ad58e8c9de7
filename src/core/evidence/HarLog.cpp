// SPDX-License-Identifier: GPL-3.0-or-later
#include "HarLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace td {

namespace {

Error harError(const QString &message)
{
    return makeError(ErrorCode::HarInvalid, message);
}

Error jsonError(const QJsonParseError &parsed, qsizetype size)
{
    // Qt reports the end of the text for every kind of early end (a browser killed mid-write).
    const bool truncated = parsed.offset >= size - 1 || parsed.error == QJsonParseError::UnterminatedObject
                           || parsed.error == QJsonParseError::UnterminatedArray
                           || parsed.error == QJsonParseError::UnterminatedString;
    if (truncated)
        return harError(QStringLiteral("the HAR file is truncated: its JSON ends at byte %1 before the log is complete")
                            .arg(size));
    return harError(QStringLiteral("the HAR file is not valid JSON: %1 at byte %2").arg(parsed.errorString()).arg(parsed.offset));
}

HttpHeaders headersOf(const QJsonValue &list)
{
    HttpHeaders headers;
    for (const QJsonValue &header : list.toArray())
        headers.append({header[QLatin1String("name")].toString().toUtf8(), header[QLatin1String("value")].toString().toUtf8()});
    return headers;
}

// The text of postData or content; `what` names it in the error ("entry 3: response content").
Result<QByteArray> bodyOf(const QJsonObject &holder, const QString &what)
{
    const QByteArray text = holder[QLatin1String("text")].toString().toUtf8();
    const QString encoding = holder[QLatin1String("encoding")].toString();
    if (encoding.isEmpty())
        return text;
    if (encoding.compare(QLatin1String("base64"), Qt::CaseInsensitive) != 0)
        return harError(QStringLiteral("%1 has encoding \"%2\"; a HAR body is plain text or base64").arg(what, encoding));
    QByteArray::FromBase64Result decoded =
        QByteArray::fromBase64Encoding(text, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return harError(QStringLiteral("%1 is marked base64 but is not base64").arg(what));
    return std::move(decoded.decoded);
}

Result<HarEntry> entryOf(const QJsonValue &value, int index)
{
    const QString where = QStringLiteral("entry %1").arg(index);
    const QJsonObject request = value[QLatin1String("request")].toObject();
    const QJsonObject response = value[QLatin1String("response")].toObject();
    HarEntry entry;
    entry.index = index;
    entry.method = request[QLatin1String("method")].toString().toLatin1();
    entry.url = request[QLatin1String("url")].toString();
    if (!value.isObject() || entry.method.isEmpty() || entry.url.isEmpty())
        return harError(where + QStringLiteral(" has no request method and URL: not a HAR entry"));
    entry.startedAt = value[QLatin1String("startedDateTime")].toString();
    entry.requestHeaders = headersOf(request[QLatin1String("headers")]);
    Result<QByteArray> sent = bodyOf(request[QLatin1String("postData")].toObject(), where + QStringLiteral(": request postData"));
    if (!sent)
        return sent.error();
    entry.requestBody = std::move(sent.value());
    entry.status = response[QLatin1String("status")].toInt();
    entry.responseHeaders = headersOf(response[QLatin1String("headers")]);
    Result<QByteArray> answer = bodyOf(response[QLatin1String("content")].toObject(), where + QStringLiteral(": response content"));
    if (!answer)
        return answer.error();
    entry.responseBody = std::move(answer.value());
    return entry;
}

} // namespace

Result<HarLog> HarLog::parse(QByteArrayView data)
{
    if (data.size() > kMaxBytes)
        return makeError(ErrorCode::InputTooLarge, QStringLiteral("the HAR file has %1 MB; at most %2 MB is read")
                                                       .arg(data.size() / (1024 * 1024))
                                                       .arg(kMaxBytes / (1024 * 1024)));
    QJsonParseError parsed;
    const QJsonDocument document = QJsonDocument::fromJson(data.toByteArray(), &parsed);
    if (parsed.error != QJsonParseError::NoError)
        return jsonError(parsed, data.size());
    const QJsonValue entries = document.object()[QLatin1String("log")][QLatin1String("entries")];
    if (!entries.isArray())
        return harError(QStringLiteral("not a HAR file: it has no log.entries list (a HAR 1.2 file is "
                                       "{\"log\": {\"version\": \"1.2\", \"entries\": [...]}})"));
    const QJsonArray list = entries.toArray();
    if (list.size() > kMaxEntries)
        return makeError(ErrorCode::InputTooLarge,
                         QStringLiteral("the HAR file has %1 entries; at most %2 are read").arg(list.size()).arg(kMaxEntries));
    HarLog log;
    for (int index = 0; index < list.size(); ++index) {
        Result<HarEntry> entry = entryOf(list.at(index), index);
        if (!entry)
            return entry.error();
        log.entries.append(std::move(entry.value()));
    }
    return log;
}

} // namespace td
