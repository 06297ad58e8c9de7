// SPDX-License-Identifier: GPL-3.0-or-later
#include "GenericFamilyAnswer.h"

#include "core/api/CallContext.h"
#include "core/api/JsonPath.h"
#include "core/api/PreparedCall.h"
#include "core/api/ResponseInterpreter.h"
#include "core/net/Environment.h"
#include "core/net/HttpResponse.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace td {

namespace {

QJsonValue withValue(const QJsonValue &node, const QStringList &steps, int at, const QJsonValue &value)
{
    if (at == steps.size())
        return value;
    const QString &step = steps.at(at);
    bool isIndex = false;
    const int index = step.toInt(&isIndex);
    if (isIndex && index >= 0 && index <= GenericFamilyAnswer::kMaxArrayIndex && !node.isObject()) {
        QJsonArray array = node.toArray();
        while (array.size() <= index)
            array.append(QJsonValue::Null);
        array[index] = withValue(array.at(index), steps, at + 1, value);
        return array;
    }
    QJsonObject object = node.toObject();
    object.insert(step, withValue(object.value(step), steps, at + 1, value));
    return object;
}

// A code as the mapping compares it (as text): digits go out as a number, like most APIs send them.
QJsonValue codeValue(const QString &code)
{
    bool numeric = false;
    const qint64 number = code.toLongLong(&numeric);
    return numeric && QString::number(number) == code ? QJsonValue(number) : QJsonValue(code);
}

// Every way an expiry can be written, the unit's own first. Units ResponseSpec learns later are
// not named here: the client's reader picks among these (see writeExpiry).
QList<QJsonValue> expiryCandidates(ResponseSpec::ExpiryUnit unit, qint64 expiryMs, qint64 nowMs)
{
    const qint64 leftMs = qMax<qint64>(0, expiryMs - nowMs);
    const QJsonValue epochMs(expiryMs), secondsFromNow(leftMs / 1000);
    QList<QJsonValue> candidates;
    switch (unit) {
    case ResponseSpec::ExpiryUnit::EpochMs: candidates << epochMs; break;
    case ResponseSpec::ExpiryUnit::SecondsFromNow: candidates << secondsFromNow; break;
    default: break; // the readers' verdict below decides
    }
    candidates << epochMs << secondsFromNow << QJsonValue(expiryMs / 1000) << QJsonValue(leftMs)
               << QJsonValue(QDateTime::fromMSecsSinceEpoch(expiryMs, Qt::UTC).toString(Qt::ISODate));
    return candidates;
}

// What the client reads from `body` with only `expiry` mapped: the instant, or 0.
qint64 clientReads(const EndpointSpec &spec, const ResponseSpec::Expiry &expiry, const QJsonObject &body, qint64 nowMs)
{
    EndpointSpec probe = spec;
    probe.response.expiries = {expiry};
    PreparedCall call;
    call.spec = &probe;
    HttpResponse response;
    response.status = 200;
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    response.receivedAtMs = nowMs;
    CallContext context;
    const TokenResult result = ResponseInterpreter::interpret(call, response, context, Environment());
    return result.ok && result.expiryField == expiry.path ? result.expiresAtMs : 0;
}

} // namespace

void GenericFamilyAnswer::set(QJsonObject &root, QStringView path, const QJsonValue &value)
{
    const QStringList steps = path.toString().split(QLatin1Char('.'));
    root = withValue(root, steps, 0, value).toObject();
}

// The client's own reader is the judge of each candidate, so what it reads is the instant meant
// (within a second: epoch-s and ISO 8601 have no milliseconds). When none reads right (a unit that
// takes the expiry from the token itself, jwt-exp) the path stays empty and the token's exp tells.
void GenericFamilyAnswer::writeExpiry(const EndpointSpec &spec, const ResponseSpec::Expiry &expiry, QJsonObject &body,
                                      qint64 expiryMs, qint64 nowMs)
{
    const ResponseSpec &response = spec.response;
    if (response.tokenPaths.contains(expiry.path) || response.refreshTokenPaths.contains(expiry.path)
        || !JsonPath::lookup(body, expiry.path).isUndefined())
        return;
    for (const QJsonValue &candidate : expiryCandidates(expiry.unit, expiryMs, nowMs)) {
        QJsonObject probe = body;
        set(probe, expiry.path, candidate);
        if (qAbs(clientReads(spec, expiry, probe, nowMs) - expiryMs) <= 1000) {
            body = probe;
            return;
        }
    }
}

QJsonObject GenericFamilyAnswer::success(const EndpointSpec &spec, const Issued &issued, qint64 nowMs)
{
    const ResponseSpec &response = spec.response;
    QJsonObject body;
    QString code;
    for (const QString &success : response.successCodes) {
        if (!success.isEmpty()) {
            code = success;
            break;
        }
    }
    if (!response.codePaths.isEmpty() && !code.isEmpty())
        set(body, response.codePaths.constFirst(), codeValue(code));
    if (!response.messagePaths.isEmpty())
        set(body, response.messagePaths.constFirst(), QStringLiteral("OK"));
    for (const QString &path : response.tokenPaths)
        set(body, path, issued.token);
    if (!issued.refreshToken.isEmpty()) {
        for (const QString &path : response.refreshTokenPaths)
            set(body, path, issued.refreshToken);
    }
    for (const ResponseSpec::Expiry &expiry : response.expiries)
        writeExpiry(spec, expiry, body, issued.expiryMs, nowMs);
    return body;
}

SandboxReply GenericFamilyAnswer::error(const ResponseSpec &response, int status, const QString &message, const QString &code)
{
    QJsonObject body{{QStringLiteral("status"), status}, {QStringLiteral("error"), message}, {QStringLiteral("code"), code}};
    if (!response.messagePaths.isEmpty())
        set(body, response.messagePaths.constFirst(), message);
    if (!response.codePaths.isEmpty() && JsonPath::lookup(body, response.codePaths.constFirst()).isUndefined())
        set(body, response.codePaths.constFirst(), code);
    SandboxReply reply;
    reply.status = status;
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return reply;
}

} // namespace td
