// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResponseInterpreter.h"

#include "core/api/CallSecrets.h"
#include "core/api/ExpiryReader.h"
#include "core/api/FamilyAdapter.h"
#include "core/api/JsonPath.h"
#include "core/jose/JwsCompact.h"
#include "core/jose/JwtClaims.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

namespace td {

namespace {

constexpr qint64 kExpiryToleranceMs = 60 * 1000;

bool isHttpSuccess(int status)
{
    return status >= 200 && status < 300;
}

// The start of a body for a message, masked first: messages reach the CLI's standard error,
// history and the outcome line, and a cut would leave a secret's first characters in clear.
QString snippet(const QByteArray &body, const CallSecrets &secrets)
{
    QString text = QString::fromUtf8(secrets.maskBody(body).left(120)).simplified();
    if (body.size() > 120)
        text += QStringLiteral("…");
    return text;
}

void fail(TokenResult &result, ErrorCode code, const QString &message)
{
    result.ok = false;
    result.error = makeError(code, message);
    result.message = message;
}

// Why a body is not a JSON object, in words: empty, cut short, or not JSON at all.
// (Malformed chunked framing never gets here: HttpResponseParser refuses it as the answer is read.)
QString notJsonSentence(const QByteArray &body, const QJsonParseError &error, const CallSecrets &secrets)
{
    if (body.trimmed().isEmpty())
        return QStringLiteral("The answer has an empty body.");
    const bool endsEarly = error.offset >= body.trimmed().size()
        && (error.error == QJsonParseError::UnterminatedObject || error.error == QJsonParseError::UnterminatedString
            || error.error == QJsonParseError::UnterminatedArray || error.error == QJsonParseError::IllegalValue
            || error.error == QJsonParseError::IllegalNumber || error.error == QJsonParseError::MissingObject
            || error.error == QJsonParseError::TerminationByNumber);
    if (endsEarly && body.trimmed().startsWith('{'))
        return QStringLiteral("The answer stops after %1 bytes in the middle of its JSON: the body was truncated.").arg(body.size());
    if (error.error == QJsonParseError::NoError)
        return QStringLiteral("The answer is JSON but not an object: %1").arg(snippet(body, secrets));
    return QStringLiteral("The answer is not JSON (%1 at byte %2): %3").arg(error.errorString()).arg(error.offset).arg(snippet(body, secrets));
}

void readExpiry(const ResponseSpec &spec, const QJsonObject &body, TokenResult &result)
{
    for (const ResponseSpec::Expiry &expiry : spec.expiries) {
        const QJsonValue value = JsonPath::lookup(body, expiry.path);
        if (value.isUndefined() || value.isNull())
            continue;
        Result<ExpiryReader::Instant> instant = ExpiryReader::read(expiry, value, result.receivedAtMs);
        if (!instant) {
            result.warnings.append(instant.error().message);
            continue;
        }
        result.expiryField = instant->field;
        result.expiryRaw = instant->raw;
        result.expiresAtMs = instant->atMs;
        return;
    }
}

// A JWT's exp against the expiry field (PROTOCOLS.md: warn above 60 s); exp fills in when the
// answer has no expiry field.
void checkJwtExpiry(TokenResult &result)
{
    if (result.token.count(QLatin1Char('.')) != 2)
        return;
    Result<JwsToken> jws = JwsCompact::parse(result.token.toLatin1());
    if (!jws)
        return;
    Result<JwtClaims> claims = JwtClaims::fromPayload(jws->payload);
    if (!claims || !claims->expiresAt())
        return;
    const qint64 expMs = *claims->expiresAt() * 1000;
    if (result.expiresAtMs == 0) {
        if (expMs < 0) // before 1970: no expiry, as the jwt-exp unit says
            return;
        result.expiresAtMs = expMs;
        result.expiryField = QStringLiteral("exp (JWT)");
        result.expiryRaw = QJsonValue(*claims->expiresAt());
    } else if (std::llabs(expMs - result.expiresAtMs) > kExpiryToleranceMs) {
        result.warnings.append(QStringLiteral("The token's exp and %1 disagree by %2.")
                                   .arg(result.expiryField, JwtClaims::formatDuration(std::llabs(expMs - result.expiresAtMs) / 1000)));
    }
}

} // namespace

TokenResult ResponseInterpreter::notSent(const QString &endpointId, const Error &error)
{
    TokenResult result;
    result.endpointId = endpointId;
    result.error = error;
    result.message = error.message;
    return result;
}

TokenResult ResponseInterpreter::interpret(const PreparedCall &call, const HttpResponse &response, CallContext &context,
                                           const Environment &environment)
{
    const EndpointSpec &spec = *call.spec;
    TokenResult result;
    result.endpointId = spec.id;
    result.httpStatus = response.status;
    result.durationMs = response.durationMs;
    result.receivedAtMs = response.receivedAtMs;
    result.rawBody = response.body;
    result.details = call.details;
    result.tls = response.tls;
    result.proxy = response.proxy;
    if (response.transportError) {
        result.error = response.transportError;
        result.message = response.transportError->message;
        return result;
    }
    const FamilyAdapter &adapter = FamilyAdapter::forCall(call);
    Result<QByteArray> opened = adapter.openBody(spec, response.body, context, result);
    if (!opened) {
        fail(result, opened.error().code, opened.error().message);
        result.error->detail = opened.error().detail;
        return result;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(opened.value(), &parseError);
    if (!doc.isObject()) {
        if (isHttpSuccess(response.status))
            fail(result, ErrorCode::ResponseMalformed,
                 notJsonSentence(opened.value(), parseError, CallSecrets::of(call, context)));
        else
            result.message = QStringLiteral("HTTP %1 without a JSON body%2")
                                 .arg(response.status)
                                 .arg(response.body.trimmed().isEmpty() ? QString() : QStringLiteral(": ") + snippet(response.body, CallSecrets::of(call, context)));
        return result;
    }
    const QJsonObject body = doc.object();
    const QJsonValue codeValue = JsonPath::first(body, spec.response.codePaths);
    result.code = JsonPath::toText(codeValue);
    result.message = JsonPath::toText(JsonPath::first(body, spec.response.messagePaths));
    if (codeValue.isUndefined() && !spec.response.successCodes.contains(QString())) {
        if (isHttpSuccess(response.status))
            fail(result, ErrorCode::ResponseMalformed,
                 QStringLiteral("The answer has no %1 member.").arg(spec.response.codePaths.join(QStringLiteral(" or "))));
        else if (result.message.isEmpty())
            result.message = QStringLiteral("HTTP %1").arg(response.status);
        return result;
    }
    if (!spec.response.successCodes.contains(result.code) || !isHttpSuccess(response.status)) {
        if (result.message.isEmpty())
            result.message = QStringLiteral("HTTP %1").arg(response.status);
        return result;
    }
    result.token = JsonPath::toText(JsonPath::first(body, spec.response.tokenPaths));
    result.refreshToken = JsonPath::toText(JsonPath::first(body, spec.response.refreshTokenPaths));
    if (result.token.isEmpty() && !spec.response.tokenPaths.isEmpty()) {
        fail(result, ErrorCode::ResponseMalformed,
             QStringLiteral("The answer reports success but has no token at %1.").arg(spec.response.tokenPaths.join(QStringLiteral(" or "))));
        return result;
    }
    if (spec.response.encrypted && result.decryptedBody.isEmpty())
        result.warnings.append(QStringLiteral("The answer came as plain JSON although %1 answers are encrypted.").arg(spec.title));
    readExpiry(spec.response, body, result);
    checkJwtExpiry(result);
    for (auto it = spec.response.outputs.begin(); it != spec.response.outputs.end(); ++it) {
        const QString value = JsonPath::toText(JsonPath::first(body, it.value()));
        if (!value.isEmpty())
            result.outputs.insert(it.key(), value);
    }
    for (const QString &carried : spec.carryFields) {
        if (!call.value(carried).isEmpty())
            result.outputs.insert(carried, call.value(carried));
    }
    result.ok = true;
    adapter.afterSuccess(spec, body, call, context, environment, result);
    if (result.ok) {
        for (auto it = result.outputs.begin(); it != result.outputs.end(); ++it)
            context.values.insert(it.key(), it.value());
    }
    return result;
}

} // namespace td
