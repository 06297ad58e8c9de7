// SPDX-License-Identifier: GPL-3.0-or-later
#include "HarImport.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/evidence/EndpointMatcher.h"
#include "core/inspect/TokenInspector.h"
#include "core/net/SecretMasker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace td {

namespace {

// A token where the entry carries it; `wholeBody` when it is the body itself (an encrypted
// BankEzy body: ciphertext, kept as TokenDesk keeps it, and opened when a key fits).
struct FoundToken {
    QString where;
    QByteArray value;
    bool wholeBody = false;
    HarMessage *message = nullptr; // the side whose body it is, for the plaintext
};

// Compact JOSE whose header is a JSON object: "1.2.3" or a file name is not a token.
bool looksLikeToken(QByteArrayView text)
{
    return text.startsWith("eyJ") && SecretMasker::isCompactJose(text);
}

void collectJson(const QJsonValue &value, const QString &path, const QString &prefix, QList<FoundToken> &found)
{
    if (value.isString() && looksLikeToken(value.toString().toUtf8())) {
        found.append({prefix + QLatin1Char(' ') + path, value.toString().toUtf8()});
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            collectJson(it.value(), path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(), prefix, found);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (int index = 0; index < array.size(); ++index)
            collectJson(array.at(index), path + QStringLiteral("[%1]").arg(index), prefix, found);
    }
}

void collectBody(const QByteArray &body, const QString &where, HarMessage *message, QList<FoundToken> &found)
{
    if (looksLikeToken(body.trimmed())) {
        found.append({where, body.trimmed(), true, message});
        return;
    }
    const QJsonDocument document = QJsonDocument::fromJson(body);
    collectJson(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), QString(), where, found);
}

void collectHeaders(const HttpHeaders &headers, const QString &side, QList<FoundToken> &found)
{
    for (const auto &[name, value] : headers) {
        const QByteArray credential = value.startsWith("Bearer ") ? value.mid(7).trimmed() : value.trimmed();
        if (looksLikeToken(credential))
            found.append({side + QStringLiteral(" header ") + QString::fromUtf8(name), credential});
    }
}

HarToken summarise(const FoundToken &found, const QList<NamedKey> &keys, const QDateTime &now)
{
    const InspectionReport report = TokenInspector::inspect(found.value, keys, now);
    HarToken token;
    token.where = found.where;
    token.kind = InspectionReport::kindName(report.kind);
    token.alg = report.header[QLatin1String("alg")].toString();
    token.enc = report.header[QLatin1String("enc")].toString();
    token.kid = report.header[QLatin1String("kid")].toString();
    if (report.claims && report.claims->expiresAt()) {
        token.expiresAt = report.claims->expiresAt();
        token.expired = *token.expiresAt <= now.toSecsSinceEpoch();
    }
    if (report.keyOperationOk)
        token.openedWith = report.keyUsed;
    if (!report.structureOk && report.error)
        token.problem = report.error->message;
    if (found.wholeBody && found.message && report.kind == InspectionReport::Kind::Jwe && report.keyOperationOk) {
        found.message->decrypted = report.payload;
        found.message->openedWith = report.keyUsed;
    }
    return token;
}

// The tokens the entry carries, request first; with `call`, its sides take the bodies' plaintexts.
QList<FoundToken> entryTokens(const HarEntry &entry, HarCall *call)
{
    QList<FoundToken> found;
    collectHeaders(entry.requestHeaders, QStringLiteral("request"), found);
    collectBody(entry.requestBody, QStringLiteral("request body"), call ? &call->request : nullptr, found);
    collectHeaders(entry.responseHeaders, QStringLiteral("response"), found);
    collectBody(entry.responseBody, QStringLiteral("response body"), call ? &call->response : nullptr, found);
    return found;
}

// Every token of the entry inspected, the opened bodies' own tokens too; fills the plaintexts.
QList<FoundToken> inspectAll(const HarEntry &entry, HarCall &call, const QList<NamedKey> &keys, const QDateTime &now)
{
    const QList<FoundToken> found = entryTokens(entry, &call);
    for (const FoundToken &token : std::as_const(found))
        call.tokens.append(summarise(token, keys, now));
    QList<FoundToken> inner;
    collectBody(call.request.decrypted, QStringLiteral("request decrypted"), nullptr, inner);
    collectBody(call.response.decrypted, QStringLiteral("response decrypted"), nullptr, inner);
    for (const FoundToken &token : std::as_const(inner))
        call.tokens.append(summarise(token, keys, now));
    return found + inner;
}

// The values to hunt down everywhere: credentials the request carries, secret members of every
// body, and every token except an encrypted body itself (ciphertext, kept as history keeps it).
QStringList secretValues(const HttpRequest &request, const HarEntry &entry, const HarCall &call,
                         const QList<FoundToken> &tokens, const QStringList &names)
{
    QStringList values = SecretMasker::secretValuesIn(request, names);
    for (const QByteArray *body : {&entry.responseBody, &call.request.decrypted, &call.response.decrypted})
        values += SecretMasker::secretValuesInBody(*body, names);
    for (const FoundToken &token : tokens) {
        if (!(token.wholeBody && token.value.count('.') == 4))
            values.append(QString::fromUtf8(token.value));
    }
    values.removeDuplicates();
    return values;
}

HarCall callOf(const HarEntry &entry, const EndpointSpec &spec, const QList<NamedKey> &keys, const QDateTime &now)
{
    HarCall call;
    call.index = entry.index;
    call.endpoint = &spec;
    call.method = entry.method;
    call.status = entry.status;
    call.startedAt = entry.startedAt;
    const QList<FoundToken> tokens = inspectAll(entry, call, keys, now);
    const QStringList names = spec.secretFieldNames();
    const HttpRequest request{entry.method, QUrl(entry.url), entry.requestHeaders, entry.requestBody};
    const QStringList values = secretValues(request, entry, call, tokens, names);
    const HttpRequest masked = SecretMasker::maskRequest(request, names, values);
    call.url = masked.url.toString(QUrl::FullyEncoded);
    call.request.headers = masked.headers;
    call.request.body = masked.body;
    call.request.decrypted = SecretMasker::maskBody(call.request.decrypted, names, values);
    for (const auto &[name, value] : SecretMasker::maskHeaders(entry.responseHeaders, names))
        call.response.headers.append({name, SecretMasker::maskKnownValues(value, values)});
    call.response.body = SecretMasker::maskBody(entry.responseBody, names, values);
    call.response.decrypted = SecretMasker::maskBody(call.response.decrypted, names, values);
    return call;
}

QJsonArray headersJson(const HttpHeaders &headers)
{
    QJsonArray list;
    for (const auto &[name, value] : headers)
        list.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(name)}, {QStringLiteral("value"), QString::fromUtf8(value)}});
    return list;
}

} // namespace

QJsonObject HarToken::toJson() const
{
    QJsonObject object{{QStringLiteral("where"), where}, {QStringLiteral("kind"), kind}};
    const QList<QPair<QString, QString>> optional{{QStringLiteral("alg"), alg}, {QStringLiteral("enc"), enc},
                                                  {QStringLiteral("kid"), kid}, {QStringLiteral("openedWith"), openedWith},
                                                  {QStringLiteral("problem"), problem}};
    for (const auto &[name, value] : optional) {
        if (!value.isEmpty())
            object.insert(name, value);
    }
    if (expiresAt) {
        object.insert(QStringLiteral("expiresAt"), QDateTime::fromSecsSinceEpoch(*expiresAt, Qt::UTC).toString(Qt::ISODate));
        object.insert(QStringLiteral("expired"), expired);
    }
    return object;
}

QJsonObject HarMessage::toJson() const
{
    QJsonObject object{{QStringLiteral("headers"), headersJson(headers)}, {QStringLiteral("body"), QString::fromUtf8(body)}};
    if (!openedWith.isEmpty()) {
        object.insert(QStringLiteral("decrypted"), QString::fromUtf8(decrypted));
        object.insert(QStringLiteral("openedWith"), openedWith);
    }
    return object;
}

QJsonObject HarCall::toJson() const
{
    QJsonArray tokenList;
    for (const HarToken &token : tokens)
        tokenList.append(token.toJson());
    return {{QStringLiteral("index"), index},
            {QStringLiteral("endpoint"), endpoint ? endpoint->id : QString()},
            {QStringLiteral("method"), QString::fromLatin1(method)},
            {QStringLiteral("url"), url},
            {QStringLiteral("status"), status},
            {QStringLiteral("startedAt"), startedAt},
            {QStringLiteral("request"), request.toJson()},
            {QStringLiteral("response"), response.toJson()},
            {QStringLiteral("tokens"), tokenList}};
}

Result<HarImport> HarImport::read(QByteArrayView har, const EndpointCatalog &catalog, const QList<NamedKey> &keys,
                                  const QDateTime &now)
{
    Result<HarLog> log = HarLog::parse(har);
    if (!log)
        return log.error();
    return of(log.value(), catalog, keys, now);
}

HarImport HarImport::of(const HarLog &log, const EndpointCatalog &catalog, const QList<NamedKey> &keys, const QDateTime &now)
{
    HarImport import;
    for (const HarEntry &entry : log.entries) {
        const EndpointSpec *spec = EndpointMatcher::findExact(entry.method, QUrl(entry.url).path(), catalog);
        if (spec)
            import.calls.append(callOf(entry, *spec, keys, now));
        else
            ++import.skipped;
    }
    return import;
}

QList<QPair<QString, QByteArray>> HarImport::tokensIn(const HarEntry &entry)
{
    QList<QPair<QString, QByteArray>> tokens;
    for (const FoundToken &token : entryTokens(entry, nullptr))
        tokens.append({token.where, token.value});
    return tokens;
}

QJsonObject HarImport::toJson() const
{
    QJsonArray entries;
    for (const HarCall &call : calls)
        entries.append(call.toJson());
    return {{QStringLiteral("entries"), entries}, {QStringLiteral("skipped"), skipped}};
}

} // namespace td
