// SPDX-License-Identifier: GPL-3.0-or-later
#include "GenericFamilyService.h"

#include "core/api/JsonPath.h"
#include "core/crypto/Random.h"
#include "core/jose/JwsCompact.h"
#include "core/sandbox/GenericFamilyAnswer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QUuid>

#include <limits>

namespace td {

namespace {

using Values = QMap<QString, QString>;

SandboxReply refuse(const EndpointSpec &spec, int status, const QString &message, const QString &code)
{
    return GenericFamilyAnswer::error(spec.response, status, message, code);
}

bool sameSecret(const QString &a, const QString &b)
{
    return SecureBytes(a.toUtf8()) == SecureBytes(b.toUtf8()); // constant time
}

// A JSON member as the client's field held it: text as is, numbers without ".0", objects compact.
QString memberText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return JsonPath::toText(value);
}

// The body's members by name: a JSON object, or a form (application/x-www-form-urlencoded).
Result<QMap<QString, QString>> bodyMembers(const SandboxRequest &request)
{
    QMap<QString, QString> members;
    if (request.body.trimmed().isEmpty())
        return members;
    if (request.header("Content-Type").toLower().contains("x-www-form-urlencoded")) {
        const QUrlQuery form(QString::fromUtf8(request.body));
        for (const auto &[name, value] : form.queryItems(QUrl::FullyDecoded))
            members.insert(name, value);
        return members;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return makeError(ErrorCode::FieldInvalid, QStringLiteral("The body is not a JSON object."));
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it)
        members.insert(it.key(), memberText(it.value()));
    return members;
}

// What the request carries for each sent field of the spec (by its name or an alias), by field name.
Result<Values> readValues(const EndpointSpec &spec, const SandboxRequest &request)
{
    Result<QMap<QString, QString>> members = bodyMembers(request);
    if (!members)
        return members.error();
    Values values;
    for (const FieldSpec &field : spec.fields) {
        if (field.location == FieldSpec::Location::Credential)
            continue;
        for (const QString &name : QStringList{field.name} + field.aliases) {
            const QString value = field.location == FieldSpec::Location::Header
                ? QString::fromUtf8(request.header(name.toUtf8()))
                : members->value(name);
            if (!value.isEmpty()) {
                values.insert(field.name, value);
                break;
            }
        }
    }
    return values;
}

std::optional<SandboxReply> checkRequired(const EndpointSpec &spec, const Values &values)
{
    for (const FieldSpec &field : spec.fields) {
        if (field.required && field.location != FieldSpec::Location::Credential && values.value(field.name).isEmpty())
            return refuse(spec, 400,
                          QStringLiteral("Missing required field %1 (%2).").arg(field.name, FieldSpec::locationName(field.location)),
                          errorCodeName(ErrorCode::FieldMissing));
    }
    return std::nullopt;
}

} // namespace

GenericFamilyService::GenericFamilyService(SandboxConfig config, SandboxKeys keys)
    : m_config(std::move(config))
    , m_keys(std::move(keys))
    , m_tokens(SandboxLimits::kMaxTokens, m_config.clock())
{
}

SandboxReply GenericFamilyService::handle(const EndpointSpec &spec, bool singleUseRefresh, const SandboxRequest &request)
{
    Result<Values> values = readValues(spec, request);
    if (!values)
        return refuse(spec, 400, values.error().message, errorCodeName(values.error().code));
    if (std::optional<SandboxReply> refused = checkRequired(spec, values.value()))
        return *refused;
    if (std::optional<SandboxReply> refused = checkCredentials(spec, values.value()))
        return *refused;
    if (std::optional<SandboxReply> refused = checkTimestamps(spec, values.value()))
        return *refused;
    if (std::optional<SandboxReply> refused = checkComputed(spec, values.value()))
        return *refused;
    if (std::optional<SandboxReply> refused = spendPresented(spec, singleUseRefresh, values.value()))
        return *refused;
    return issue(spec);
}

// A sent field named like one of the family's credentials (clientId, clientSecret) must equal it.
std::optional<SandboxReply> GenericFamilyService::checkCredentials(const EndpointSpec &spec, const Values &values) const
{
    const Values credentials = m_config.credentials.family(spec.family);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (credentials.contains(it.key()) && !sameSecret(it.value(), credentials.value(it.key())))
            return refuse(spec, 401,
                          QStringLiteral("%1 does not match the sandbox's credentials for %2.").arg(it.key(), spec.family),
                          QStringLiteral("credentials-mismatch"));
    }
    return std::nullopt;
}

// A field whose `compute` is the clock (now_ms(), now_s()) must be a whole number within the
// sandbox's timestamp window of its own clock (the EnOS window, ±enosSkewSeconds, and its
// --clock-offset), so a partner's skewed clock or a stale signed request can be tried offline.
// A signature over it cannot be checked for replays generically: with now_s() two honest calls
// in one second sign the same text.
std::optional<SandboxReply> GenericFamilyService::checkTimestamps(const EndpointSpec &spec, const Values &values) const
{
    for (const FieldSpec &field : spec.fields) {
        const int unitMs = field.expression.isNull() ? 0 : field.expression.clockUnitMs();
        if (unitMs == 0 || field.location == FieldSpec::Location::Credential || !values.contains(field.name))
            continue;
        bool number = false;
        const qint64 sent = values.value(field.name).toLongLong(&number);
        const qint64 windowMs = m_config.enosSkewSeconds * 1000;
        if (!number || sent <= 0 || sent > std::numeric_limits<qint64>::max() / unitMs)
            return refuse(spec, 400, QStringLiteral("%1 is not a time in %2 since 1970 (%3).")
                                         .arg(field.name, unitMs == 1 ? QStringLiteral("milliseconds") : QStringLiteral("seconds"),
                                              field.expression.text()),
                          errorCodeName(ErrorCode::FieldInvalid));
        const qint64 offsetMs = sent * unitMs - m_config.now();
        if (qAbs(offsetMs) > windowMs + unitMs) // + one unit: now_s() truncates
            return refuse(spec, 401, QStringLiteral("The timestamp %1 is %2 s %3 the sandbox's time; the window is ±%4 s.")
                                         .arg(field.name)
                                         .arg(qAbs(offsetMs) / 1000)
                                         .arg(offsetMs < 0 ? QStringLiteral("behind") : QStringLiteral("ahead of"))
                                         .arg(m_config.enosSkewSeconds),
                          QStringLiteral("timestamp-out-of-window"));
    }
    return std::nullopt;
}

// Every `compute` field again, from what was sent and the family's credentials (so a signature made
// with the secret verifies). Not checked: a volatile value (now_s(), uuid()), which no one can
// recompute, and one that reads a value of an earlier step the sandbox does not see.
std::optional<SandboxReply> GenericFamilyService::checkComputed(const EndpointSpec &spec, const Values &values) const
{
    const Values credentials = m_config.credentials.family(spec.family);
    QString missingCredential;
    bool unknowable = false;
    SpecExpression::Scope scope;
    scope.clock = m_config.clock();
    scope.lookup = [&](const QString &name) -> std::optional<SpecExpression::Input> {
        const FieldSpec *field = spec.field(name);
        if (field && field->location != FieldSpec::Location::Credential)
            return SpecExpression::Input{values.value(field->name), field->secret};
        if (credentials.contains(name))
            return SpecExpression::Input{credentials.value(name), true};
        if (field)
            missingCredential = name;
        else
            unknowable = true;
        return std::nullopt;
    };
    for (int index : spec.computeOrder) {
        const FieldSpec &field = spec.fields.at(index);
        if (field.location == FieldSpec::Location::Credential || field.expression.isVolatile())
            continue;
        missingCredential.clear();
        unknowable = false;
        const Result<SpecExpression::Value> expected = field.expression.evaluate(scope);
        if (!missingCredential.isEmpty())
            return refuse(spec, 500,
                          QStringLiteral("The sandbox has no credential \"%1\" for %2: add it to the --credentials file under \"%2\".")
                              .arg(missingCredential, spec.family),
                          errorCodeName(ErrorCode::ConfigInvalid));
        if (unknowable)
            continue;
        if (!expected)
            return refuse(spec, 400, QStringLiteral("%1 cannot be computed: %2").arg(field.name, expected.error().message),
                          errorCodeName(expected.error().code));
        if (!sameSecret(expected->text, values.value(field.name)))
            return refuse(spec, 401,
                          QStringLiteral("%1 does not match what the sandbox computes from the request and its credentials for %2.")
                              .arg(field.name, spec.family),
                          errorCodeName(ErrorCode::SignatureMismatch));
    }
    return std::nullopt;
}

// A renew, refresh or revoke step presents what an earlier step issued in its carried (`from`)
// fields: each must be a live token of this family.
std::optional<SandboxReply> GenericFamilyService::spendPresented(const EndpointSpec &spec, bool singleUseRefresh,
                                                                 const Values &values)
{
    if (!spec.renews() && spec.role != EndpointSpec::Role::Revoke)
        return std::nullopt;
    for (const FieldSpec &field : spec.fields) {
        const QString presented = values.value(field.name);
        if (field.from.isEmpty() || presented.isEmpty())
            continue;
        const QByteArray key = TokenStore<Issued>::keyOf(presented.toUtf8());
        const Issued *issued = m_tokens.find(key);
        if (!issued || issued->family != spec.family)
            return refuse(spec, 401,
                          QStringLiteral("unknown token in %1: this sandbox did not issue it to %2, or it expired or was used up.")
                              .arg(field.name, spec.family),
                          QStringLiteral("unknown-token"));
        if (spec.role == EndpointSpec::Role::Revoke || (issued->refresh && singleUseRefresh)) {
            m_tokens.remove(key);
            m_removed.insert(key);
        }
    }
    return std::nullopt;
}

SandboxReply GenericFamilyService::issue(const EndpointSpec &spec)
{
    const qint64 now = m_config.now();
    GenericFamilyAnswer::Issued issued;
    if (!spec.response.tokenPaths.isEmpty() && spec.role != EndpointSpec::Role::Revoke) {
        issued.expiryMs = now + m_config.userLifetimeSeconds * 1000;
        // A JWT, so a mapping that reads the expiry from the token (jwt-exp) finds it there too.
        const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("tokendesk-sandbox")},
                                 {QStringLiteral("sub"), spec.family},
                                 {QStringLiteral("iat"), now / 1000},
                                 {QStringLiteral("exp"), issued.expiryMs / 1000},
                                 {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
        JwsSignOptions options;
        options.alg = JwsAlg::HS256;
        options.typ = QStringLiteral("JWT");
        Result<QByteArray> token = JwsCompact::sign(QJsonDocument(claims).toJson(QJsonDocument::Compact), m_keys.hmacKey(), options);
        if (!token)
            return refuse(spec, 500, token.error().message, errorCodeName(token.error().code));
        issued.token = QString::fromLatin1(token.value());
        m_tokens.insert(TokenStore<Issued>::keyOf(token.value()), Issued{spec.family, false}, issued.expiryMs);
        if (!spec.response.refreshTokenPaths.isEmpty()) {
            const QByteArray refresh = randomBytes(32).toByteArray().toHex();
            issued.refreshToken = QString::fromLatin1(refresh);
            m_tokens.insert(TokenStore<Issued>::keyOf(refresh), Issued{spec.family, true},
                            now + m_config.userRefreshLifetimeSeconds * 1000);
        }
    }
    SandboxReply reply;
    reply.body = QJsonDocument(GenericFamilyAnswer::success(spec, issued, now)).toJson(QJsonDocument::Compact);
    return reply;
}

QJsonObject GenericFamilyService::storeSizes() const
{
    return QJsonObject{{QStringLiteral("userFamilyTokens"), m_tokens.size()}};
}

QJsonObject GenericFamilyService::exportState()
{
    // The shape SandboxState merges by id: entries past "dropAt" go, "removed" ones stay gone.
    QJsonArray tokens;
    m_tokens.forEachWithDropTime([&tokens](const QByteArray &key, const Issued &issued, qint64 dropAtMs) {
        tokens.append(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(key)},
                                  {QStringLiteral("family"), issued.family},
                                  {QStringLiteral("refresh"), issued.refresh},
                                  {QStringLiteral("dropAt"), dropAtMs}});
    });
    QJsonArray removed;
    for (const QByteArray &key : std::as_const(m_removed))
        removed.append(QString::fromLatin1(key));
    return QJsonObject{{QStringLiteral("tokens"), tokens}, {QStringLiteral("removed"), removed}};
}

void GenericFamilyService::importState(const QJsonObject &state)
{
    const qint64 now = m_config.now();
    for (const QJsonValue &value : state.value(QLatin1String("tokens")).toArray()) {
        const QJsonObject token = value.toObject();
        const qint64 dropAtMs = token.value(QLatin1String("dropAt")).toInteger();
        const QByteArray key = token.value(QLatin1String("id")).toString().toLatin1();
        if (dropAtMs < now || key.isEmpty() || m_removed.contains(key))
            continue;
        m_tokens.insert(key, Issued{token.value(QLatin1String("family")).toString(), token.value(QLatin1String("refresh")).toBool()},
                        dropAtMs);
    }
}

} // namespace td
