// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionJson.h"

#include "core/jose/Base64Url.h"
#include "core/jose/TrustedJwk.h"

#include <QJsonArray>

#include <openssl/crypto.h>

namespace td {

namespace {

Error invalid(const QString &member, const QString &what)
{
    return makeError(ErrorCode::ConfigInvalid, QStringLiteral("A stored session's \"%1\" %2.").arg(member, what));
}

QString encodeSecret(const SecureBytes &bytes)
{
    return QString::fromLatin1(Base64Url::encode(bytes.view()));
}

Result<SecureBytes> decodeSecret(const QJsonObject &object, const QString &member)
{
    const QString text = object.value(member).toString();
    QByteArray bytes;
    if (!Base64Url::tryDecode(text.toLatin1(), bytes))
        return invalid(member, QStringLiteral("is not base64url"));
    SecureBytes secret{QByteArrayView(bytes)};
    OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
    return secret;
}

QJsonObject contextToJson(const CallContext &context)
{
    QJsonObject values;
    for (auto it = context.values.cbegin(); it != context.values.cend(); ++it)
        values.insert(it.key(), it.value());
    QJsonObject object{{QStringLiteral("values"), values}};
    if (context.clientKey)
        object.insert(QStringLiteral("clientKey"), context.clientKey->toJson(true));
    if (context.sdkKey)
        object.insert(QStringLiteral("sdkKey"), context.sdkKey->toJson(true));
    // The server's public keys: no secret, kept so a later answer can be tested with another KDF.
    if (context.appServerKey)
        object.insert(QStringLiteral("appServerKey"), context.appServerKey->toJson(false));
    if (context.userServerKey)
        object.insert(QStringLiteral("userServerKey"), context.userServerKey->toJson(false));
    if (!context.appSessionKey.isEmpty())
        object.insert(QStringLiteral("appSessionKey"), encodeSecret(context.appSessionKey));
    if (!context.userSessionKey.isEmpty())
        object.insert(QStringLiteral("userSessionKey"), encodeSecret(context.userSessionKey));
    return object;
}

Result<std::optional<Jwk>> keyFromJson(const QJsonObject &object, const QString &member)
{
    if (!object.contains(member))
        return std::optional<Jwk>();
    // The file is authenticated and each key was checked when it was first made or read.
    auto key = jwkFromAuthenticatedJson(object.value(member).toObject());
    if (!key)
        return invalid(QStringLiteral("context.") + member, QStringLiteral("is not a key: ") + key.error().message);
    return std::optional<Jwk>(std::move(key.value()));
}

Result<CallContext> contextFromJson(const QJsonObject &object)
{
    CallContext context;
    const QJsonObject values = object.value(QStringLiteral("values")).toObject();
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        if (!it.value().isString())
            return invalid(QStringLiteral("context.values.") + it.key(), QStringLiteral("is not a string"));
        context.values.insert(it.key(), it.value().toString());
    }
    auto clientKey = keyFromJson(object, QStringLiteral("clientKey"));
    if (!clientKey)
        return clientKey.error();
    context.clientKey = std::move(clientKey.value());
    auto sdkKey = keyFromJson(object, QStringLiteral("sdkKey"));
    if (!sdkKey)
        return sdkKey.error();
    context.sdkKey = std::move(sdkKey.value());
    for (const auto &[member, target] : {std::pair{QStringLiteral("appServerKey"), &context.appServerKey},
                                         std::pair{QStringLiteral("userServerKey"), &context.userServerKey}}) {
        auto key = keyFromJson(object, member);
        if (!key)
            return key.error();
        *target = std::move(key.value());
    }
    for (const auto &[member, target] : {std::pair{QStringLiteral("appSessionKey"), &context.appSessionKey},
                                         std::pair{QStringLiteral("userSessionKey"), &context.userSessionKey}}) {
        if (!object.contains(member))
            continue;
        auto bytes = decodeSecret(object, member);
        if (!bytes)
            return invalid(QStringLiteral("context.") + member, QStringLiteral("is not base64url"));
        *target = std::move(bytes.value());
    }
    return context;
}

QJsonArray renewalsToJson(const QList<Session::Renewal> &renewals)
{
    QJsonArray array;
    for (const Session::Renewal &renewal : renewals) {
        QJsonObject object{{QStringLiteral("at"), renewal.atMs},
                           {QStringLiteral("ok"), renewal.ok},
                           {QStringLiteral("httpStatus"), renewal.httpStatus},
                           {QStringLiteral("code"), renewal.code},
                           {QStringLiteral("message"), renewal.message}};
        if (renewal.newExpiresAtMs > 0)
            object.insert(QStringLiteral("newExpiresAt"), renewal.newExpiresAtMs);
        array.append(object);
    }
    return array;
}

QList<Session::Renewal> renewalsFromJson(const QJsonArray &array)
{
    QList<Session::Renewal> renewals;
    renewals.reserve(array.size());
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        Session::Renewal renewal;
        renewal.atMs = object.value(QStringLiteral("at")).toInteger();
        renewal.ok = object.value(QStringLiteral("ok")).toBool();
        renewal.httpStatus = object.value(QStringLiteral("httpStatus")).toInt();
        renewal.code = object.value(QStringLiteral("code")).toString();
        renewal.message = object.value(QStringLiteral("message")).toString();
        renewal.newExpiresAtMs = object.value(QStringLiteral("newExpiresAt")).toInteger();
        renewals.append(renewal);
    }
    return renewals;
}

QJsonArray stringArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

QJsonObject SessionJson::toStored(const Session &session)
{
    QJsonObject environment = session.environment.toJson(true);
    environment.insert(QStringLiteral("builtIn"), session.environment.builtIn);
    QJsonObject object{{QStringLiteral("id"), session.id.toString(QUuid::WithoutBraces)},
                       {QStringLiteral("family"), session.family},
                       {QStringLiteral("environment"), environment},
                       {QStringLiteral("endpoint"), session.endpointId},
                       {QStringLiteral("token"), session.token},
                       {QStringLiteral("context"), contextToJson(session.context)},
                       {QStringLiteral("issuedAt"), session.issuedAtMs},
                       {QStringLiteral("expiresAt"), session.expiresAtMs},
                       {QStringLiteral("expiryField"), session.expiryField},
                       {QStringLiteral("expiryRaw"), session.expiryRaw},
                       {QStringLiteral("warnings"), stringArray(session.warnings)},
                       {QStringLiteral("state"), sessionStateName(session.state)},
                       {QStringLiteral("lastError"), session.lastError},
                       {QStringLiteral("renewals"), renewalsToJson(session.renewals)},
                       {QStringLiteral("failedAttempts"), session.failedAttempts},
                       {QStringLiteral("nextRetryAt"), session.nextRetryAtMs}};
    if (!session.refreshToken.isEmpty())
        object.insert(QStringLiteral("refreshToken"), session.refreshToken);
    if (session.autoRenew)
        object.insert(QStringLiteral("autoRenew"), *session.autoRenew);
    if (!session.autoRenewStoppedReason.isEmpty())
        object.insert(QStringLiteral("autoRenewStoppedReason"), session.autoRenewStoppedReason);
    return object;
}

Result<Session> SessionJson::fromStored(const QJsonObject &object)
{
    Session session;
    session.id = QUuid::fromString(object.value(QStringLiteral("id")).toString());
    if (session.id.isNull())
        return invalid(QStringLiteral("id"), QStringLiteral("is not a UUID"));
    session.family = object.value(QStringLiteral("family")).toString();
    session.endpointId = object.value(QStringLiteral("endpoint")).toString();
    if (session.family.isEmpty() || !session.endpointId.startsWith(session.family + QLatin1Char('.')))
        return invalid(QStringLiteral("endpoint"), QStringLiteral("does not name an endpoint of its family"));
    const QJsonObject environmentObject = object.value(QStringLiteral("environment")).toObject();
    auto environment = Environment::fromJson(environmentObject);
    if (!environment)
        return invalid(QStringLiteral("environment"), QStringLiteral("is not an environment: ") + environment.error().message);
    session.environment = std::move(environment.value());
    session.environment.builtIn = environmentObject.value(QStringLiteral("builtIn")).toBool();
    session.token = object.value(QStringLiteral("token")).toString();
    session.refreshToken = object.value(QStringLiteral("refreshToken")).toString();
    auto context = contextFromJson(object.value(QStringLiteral("context")).toObject());
    if (!context)
        return context.error();
    session.context = std::move(context.value());
    session.issuedAtMs = object.value(QStringLiteral("issuedAt")).toInteger();
    session.expiresAtMs = object.value(QStringLiteral("expiresAt")).toInteger();
    session.expiryField = object.value(QStringLiteral("expiryField")).toString();
    session.expiryRaw = object.value(QStringLiteral("expiryRaw"));
    session.warnings = stringList(object.value(QStringLiteral("warnings")));
    const auto state = sessionStateFromName(object.value(QStringLiteral("state")).toString());
    if (!state)
        return invalid(QStringLiteral("state"), QStringLiteral("is not a session state"));
    session.state = *state;
    if (object.value(QStringLiteral("autoRenew")).isBool())
        session.autoRenew = object.value(QStringLiteral("autoRenew")).toBool();
    session.lastError = object.value(QStringLiteral("lastError")).toString();
    session.autoRenewStoppedReason = object.value(QStringLiteral("autoRenewStoppedReason")).toString();
    session.renewals = renewalsFromJson(object.value(QStringLiteral("renewals")).toArray());
    session.failedAttempts = object.value(QStringLiteral("failedAttempts")).toInt();
    session.nextRetryAtMs = object.value(QStringLiteral("nextRetryAt")).toInteger();
    return session;
}

QJsonObject SessionJson::toPublic(const Session &session, qint64 nowMs, bool chain)
{
    QJsonObject object{{QStringLiteral("id"), session.id.toString(QUuid::WithoutBraces)},
                       {QStringLiteral("family"), session.family},
                       {QStringLiteral("environment"), session.environment.name},
                       {QStringLiteral("endpoint"), session.endpointId},
                       {QStringLiteral("state"), sessionStateName(session.state)},
                       {QStringLiteral("issuedAt"), session.issuedAtMs},
                       {QStringLiteral("expiresAt"), session.expiresAtMs},
                       {QStringLiteral("renewals"), session.successfulRenewals()},
                       {QStringLiteral("expiryField"), session.expiryField},
                       {QStringLiteral("lastError"), session.lastError},
                       {QStringLiteral("warnings"), stringArray(session.warnings)}};
    if (session.expiresAtMs > 0)
        object.insert(QStringLiteral("remainingMs"), session.expiresAtMs - nowMs);
    if (session.autoRenew)
        object.insert(QStringLiteral("autoRenew"), *session.autoRenew);
    if (!session.autoRenewStoppedReason.isEmpty())
        object.insert(QStringLiteral("autoRenewStoppedReason"), session.autoRenewStoppedReason);
    if (chain)
        object.insert(QStringLiteral("chain"), renewalsToJson(session.renewals));
    return object;
}

} // namespace td
