// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HistoryEntry.h"

#include <QJsonArray>
#include <QStringDecoder>

#include <iterator>

namespace td {

namespace {

Error invalid(const QString &member, const QString &what)
{
    return makeError(ErrorCode::ConfigInvalid, QStringLiteral("History member \"%1\" %2").arg(member, what));
}

QJsonArray headersToJson(const HttpHeaders &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonArray{QString::fromUtf8(name), QString::fromUtf8(value)});
    return array;
}

Result<HttpHeaders> headersFromJson(const QJsonValue &value, const QString &member)
{
    HttpHeaders headers;
    if (value.isUndefined() || value.isNull())
        return headers;
    if (!value.isArray())
        return invalid(member, QStringLiteral("must be an array of [name, value] pairs"));
    for (const QJsonValue &item : value.toArray()) {
        const QJsonArray pair = item.toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
            return invalid(member, QStringLiteral("must be an array of [name, value] pairs"));
        headers.append({pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
    }
    return headers;
}

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(bytes);
    return !decoder.hasError();
}

// Bodies are text in practice (JSON, JWE); anything else goes in base64 under "<name>Base64"
// rather than being silently mangled.
void putBody(QJsonObject &object, const QString &name, const QByteArray &body)
{
    if (isUtf8(body))
        object.insert(name, QString::fromUtf8(body));
    else
        object.insert(name + QStringLiteral("Base64"), QString::fromLatin1(body.toBase64()));
}

QByteArray takeBody(const QJsonObject &object, const QString &name)
{
    const QJsonValue base64 = object.value(name + QStringLiteral("Base64"));
    if (base64.isString())
        return QByteArray::fromBase64(base64.toString().toLatin1());
    return object.value(name).toString().toUtf8();
}

const char *const kOriginNames[] = {"manual", "flow", "renewal", "retry"};

} // namespace

QString historyOriginName(HistoryOrigin origin)
{
    return QString::fromLatin1(kOriginNames[static_cast<int>(origin)]);
}

HistoryOrigin historyOriginFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kOriginNames)); ++i) {
        if (name == QLatin1String(kOriginNames[i]))
            return static_cast<HistoryOrigin>(i);
    }
    return HistoryOrigin::Manual;
}

void HistoryEntry::setResponse(const HttpResponse &response)
{
    status = response.status;
    responseHeaders = response.headers;
    responseBody = response.body;
    durationMs = response.durationMs;
    tls = response.tls;
    proxy = response.proxy;
}

QJsonObject HistoryEntry::toJson() const
{
    QJsonObject fieldObject;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        fieldObject.insert(it.key(), it.value());

    QJsonObject requestObject{
        {QStringLiteral("method"), QString::fromLatin1(request.method)},
        {QStringLiteral("url"), QString::fromUtf8(request.url.toEncoded())},
        {QStringLiteral("headers"), headersToJson(request.headers)},
    };
    putBody(requestObject, QStringLiteral("body"), request.body);

    QJsonObject responseObject{
        {QStringLiteral("status"), status},
        {QStringLiteral("headers"), headersToJson(responseHeaders)},
    };
    putBody(responseObject, QStringLiteral("body"), responseBody);
    putBody(responseObject, QStringLiteral("decryptedBody"), decryptedBody);
    if (tls)
        responseObject.insert(QStringLiteral("tls"), tls->toJson());
    if (!proxy.isEmpty())
        responseObject.insert(QStringLiteral("proxy"), proxy);

    const QJsonObject outcomeObject{
        {QStringLiteral("ok"), outcome.ok},
        {QStringLiteral("code"), outcome.code},
        {QStringLiteral("message"), outcome.message},
        {QStringLiteral("expiresAt"), outcome.expiresAt ? QJsonValue(*outcome.expiresAt) : QJsonValue(QJsonValue::Null)},
    };

    QJsonObject object{
        {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("origin"), historyOriginName(origin)},
        {QStringLiteral("environment"), environment},
        {QStringLiteral("endpoint"), endpoint},
        {QStringLiteral("fields"), fieldObject},
        {QStringLiteral("request"), requestObject},
        {QStringLiteral("response"), responseObject},
        {QStringLiteral("durationMs"), durationMs},
        {QStringLiteral("outcome"), outcomeObject},
    };
    if (!id.isEmpty())
        object.insert(QStringLiteral("id"), id);
    if (!sessionId.isEmpty())
        object.insert(QStringLiteral("sessionId"), sessionId);
    if (clockOffsetMs)
        object.insert(QStringLiteral("clockOffsetMs"), *clockOffsetMs);
    if (!causes.isEmpty())
        object.insert(QStringLiteral("causes"), causes);
    return object;
}

Result<HistoryEntry> HistoryEntry::fromJson(const QJsonObject &object)
{
    HistoryEntry entry;
    entry.time = QDateTime::fromString(object.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    if (!entry.time.isValid())
        return invalid(QStringLiteral("time"), QStringLiteral("must be an ISO-8601 date and time"));
    entry.time = entry.time.toUTC();
    entry.id = object.value(QStringLiteral("id")).toString();
    entry.origin = historyOriginFromName(object.value(QStringLiteral("origin")).toString(QStringLiteral("manual")));
    entry.sessionId = object.value(QStringLiteral("sessionId")).toString();

    const QJsonValue endpoint = object.value(QStringLiteral("endpoint"));
    if (!endpoint.isString())
        return invalid(QStringLiteral("endpoint"), QStringLiteral("must be a string"));
    entry.endpoint = endpoint.toString();
    entry.environment = object.value(QStringLiteral("environment")).toString();

    const QJsonValue fields = object.value(QStringLiteral("fields"));
    if (!fields.isUndefined() && !fields.isObject())
        return invalid(QStringLiteral("fields"), QStringLiteral("must be an object"));
    const QJsonObject fieldObject = fields.toObject();
    for (auto it = fieldObject.begin(); it != fieldObject.end(); ++it)
        entry.fields.insert(it.key(), it.value().isString() ? it.value().toString() : it.value().toVariant().toString());

    const QJsonValue request = object.value(QStringLiteral("request"));
    if (!request.isObject())
        return invalid(QStringLiteral("request"), QStringLiteral("must be an object"));
    const QJsonObject requestObject = request.toObject();
    entry.request.method = requestObject.value(QStringLiteral("method")).toString().toLatin1();
    entry.request.url = QUrl::fromEncoded(requestObject.value(QStringLiteral("url")).toString().toUtf8());
    auto requestHeaders = headersFromJson(requestObject.value(QStringLiteral("headers")), QStringLiteral("request.headers"));
    if (!requestHeaders)
        return requestHeaders.error();
    entry.request.headers = requestHeaders.value();
    entry.request.body = takeBody(requestObject, QStringLiteral("body"));

    const QJsonObject responseObject = object.value(QStringLiteral("response")).toObject();
    entry.status = responseObject.value(QStringLiteral("status")).toInt();
    auto responseHeaders = headersFromJson(responseObject.value(QStringLiteral("headers")), QStringLiteral("response.headers"));
    if (!responseHeaders)
        return responseHeaders.error();
    entry.responseHeaders = responseHeaders.value();
    entry.responseBody = takeBody(responseObject, QStringLiteral("body"));
    entry.decryptedBody = takeBody(responseObject, QStringLiteral("decryptedBody"));
    if (const QJsonValue tls = responseObject.value(QStringLiteral("tls")); tls.isObject())
        entry.tls = TlsSessionInfo::fromJson(tls.toObject());
    entry.proxy = responseObject.value(QStringLiteral("proxy")).toString();
    entry.durationMs = object.value(QStringLiteral("durationMs")).toInteger();

    const QJsonValue outcome = object.value(QStringLiteral("outcome"));
    if (!outcome.isObject())
        return invalid(QStringLiteral("outcome"), QStringLiteral("must be an object"));
    const QJsonObject outcomeObject = outcome.toObject();
    const QJsonValue ok = outcomeObject.value(QStringLiteral("ok"));
    if (!ok.isBool())
        return invalid(QStringLiteral("outcome.ok"), QStringLiteral("must be true or false"));
    entry.outcome.ok = ok.toBool();
    entry.outcome.code = outcomeObject.value(QStringLiteral("code")).toString();
    entry.outcome.message = outcomeObject.value(QStringLiteral("message")).toString();
    const QJsonValue expiresAt = outcomeObject.value(QStringLiteral("expiresAt"));
    if (expiresAt.isDouble())
        entry.outcome.expiresAt = expiresAt.toInteger();
    // Both are absent from lines written before they existed, and never worth losing a line over.
    if (const QJsonValue offset = object.value(QStringLiteral("clockOffsetMs")); offset.isDouble())
        entry.clockOffsetMs = offset.toInteger();
    for (const QJsonValue &cause : object.value(QStringLiteral("causes")).toArray()) {
        if (cause.isObject() && cause.toObject().value(QStringLiteral("cause")).isString())
            entry.causes.append(cause);
    }
    return entry;
}

} // namespace td
