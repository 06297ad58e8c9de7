// SPDX-License-Identifier: GPL-3.0-or-later
#include "BankEzyAdapter.h"

#include "core/api/BankEzyCrypto.h"
#include "core/net/Environment.h"

namespace td {

namespace {

Result<QString> newKeyPair(std::optional<Jwk> &slot)
{
    Result<Jwk> key = Jwk::generateEc(Curve::P256);
    if (!key)
        return key.error();
    slot = key.value();
    return QString::fromLatin1(BankEzyCrypto::encodePublicKey(key.value()));
}

// The private key we hold, if it is the one whose public half was sent as `sentValue`.
const Jwk *heldKeyFor(const std::optional<Jwk> &held, const QString &sentValue)
{
    if (!held || sentValue.isEmpty() || BankEzyCrypto::encodePublicKey(*held) != sentValue.toLatin1())
        return nullptr;
    return &*held;
}

// Derives a session key from the server's public key in `member` and our private key; keeps that
// public key in `serverKey` so another KDF can be tried later without asking the server again.
Result<SecureBytes> deriveFrom(const QJsonObject &response, const QString &member, const Jwk &own, KdfMode kdf,
                               std::optional<Jwk> &serverKey)
{
    Result<Jwk> server = BankEzyCrypto::decodePublicKey(response.value(member).toString().toLatin1());
    if (!server)
        return makeError(ErrorCode::ResponseMalformed, QStringLiteral("%1 in the answer: %2").arg(member, server.error().message),
                         server.error().detail);
    serverKey = server.value();
    return BankEzyCrypto::deriveSessionKey(own, server.value(), kdf);
}

} // namespace

Result<QString> BankEzyAdapter::generate(const FieldSpec &field, PreparedCall &call, CallContext &context,
                                         const Environment &environment, qint64 nowMs) const
{
    if (field.generator == QLatin1String("bankezy-client-key"))
        return newKeyPair(context.clientKey);
    if (field.generator == QLatin1String("bankezy-sdk-key"))
        return newKeyPair(context.sdkKey);
    return FamilyAdapter::generate(field, call, context, environment, nowMs);
}

bool BankEzyAdapter::takesKey(const FieldSpec &field) const
{
    return field.generator == QLatin1String("bankezy-client-key") || field.generator == QLatin1String("bankezy-sdk-key");
}

Result<QString> BankEzyAdapter::useKey(const FieldSpec &field, const Jwk &key, CallContext &context) const
{
    // A stored key reproduces a partner's exact key exchange; it must be a private P-256 key.
    if (key.type() != KeyType::EC || key.curve() != Curve::P256 || !key.hasPrivate())
        return makeError(ErrorCode::KeyTypeMismatch,
                         QStringLiteral("%1 needs a private EC P-256 key; the vault entry holds a %2.").arg(field.label, key.describe()));
    std::optional<Jwk> &slot = field.generator == QLatin1String("bankezy-client-key") ? context.clientKey : context.sdkKey;
    slot = key;
    return QString::fromLatin1(BankEzyCrypto::encodePublicKey(key));
}

Result<QByteArray> BankEzyAdapter::sealBody(const EndpointSpec &spec, const QByteArray &json, PreparedCall &call,
                                            CallContext &context) const
{
    if (!spec.encryptedRequest)
        return json;
    if (context.appSessionKey.isEmpty())
        return makeError(ErrorCode::NoKey, QStringLiteral("%1 sends an encrypted body and there is no session key yet: "
                                                          "run Get App Token first in this environment.")
                                               .arg(spec.title));
    call.details.append({QStringLiteral("Session key thumbprint"), BankEzyCrypto::keyThumbprint(context.appSessionKey),
                         BankEzyCrypto::keyThumbprint(context.appSessionKey)});
    return BankEzyCrypto::encryptPayload(json, context.appSessionKey);
}

Result<QByteArray> BankEzyAdapter::openBody(const EndpointSpec &spec, const QByteArray &body, CallContext &context,
                                            TokenResult &result) const
{
    const QByteArray trimmed = body.trimmed();
    // Error answers come as plain JSON; only a success body is encrypted.
    if (!spec.response.encrypted || trimmed.isEmpty() || trimmed.startsWith('{'))
        return body;
    const std::pair<const SecureBytes *, QString> candidates[] = {
        {&context.appSessionKey, QStringLiteral("app session key")},
        {&context.userSessionKey, QStringLiteral("SDK session key")},
    };
    Error lastError = makeError(ErrorCode::PayloadDecryptFailed,
                                QStringLiteral("The answer is encrypted and this session holds no key for it: run Get App Token "
                                               "(and Get User Token with a generated SDK key) first."));
    for (const auto &[key, name] : candidates) {
        if (key->isEmpty())
            continue;
        Result<QByteArray> plaintext = BankEzyCrypto::decryptPayload(trimmed, *key);
        if (plaintext) {
            result.decryptedBody = plaintext.value();
            result.details.append({QStringLiteral("Opened with"),
                                   QStringLiteral("%1 (thumbprint %2)").arg(name, BankEzyCrypto::keyThumbprint(*key)),
                                   QStringLiteral("%1 (thumbprint %2)").arg(name, BankEzyCrypto::keyThumbprint(*key))});
            return plaintext;
        }
        lastError = plaintext.error();
    }
    return lastError;
}

void BankEzyAdapter::afterSuccess(const EndpointSpec &, const QJsonObject &response, const PreparedCall &call,
                                  CallContext &context, const Environment &environment, TokenResult &result) const
{
    struct Exchange {
        QString serverMember; // the server's public key in the answer
        QString sentField;    // the field that carried our public key
        std::optional<Jwk> *ownKey;
        SecureBytes *sessionKey;
        std::optional<Jwk> *serverKey;
        QString label;
    };
    const Exchange exchanges[] = {
        {QStringLiteral("serverPublicKey"), QStringLiteral("publicKey"), &context.clientKey, &context.appSessionKey,
         &context.appServerKey, QStringLiteral("app session")},
        {QStringLiteral("serverPubKey"), QStringLiteral("sdkPublicKey"), &context.sdkKey, &context.userSessionKey,
         &context.userServerKey, QStringLiteral("SDK session")},
    };
    for (const Exchange &exchange : exchanges) {
        if (!response.contains(exchange.serverMember) || call.value(exchange.sentField).isEmpty())
            continue;
        const Jwk *own = heldKeyFor(*exchange.ownKey, call.value(exchange.sentField));
        if (!own) {
            exchange.sessionKey->clear();
            exchange.serverKey->reset();
            result.warnings.append(QStringLiteral("%1 was set by hand, so TokenDesk holds no private key for it: the %2 key "
                                                  "cannot be derived and answers encrypted with it cannot be opened.")
                                       .arg(exchange.sentField, exchange.label));
            continue;
        }
        Result<SecureBytes> key = deriveFrom(response, exchange.serverMember, *own, environment.kdf, *exchange.serverKey);
        if (!key) {
            result.ok = false;
            result.error = key.error();
            result.message = key.error().message;
            return;
        }
        *exchange.sessionKey = key.value();
        const QString thumbprint = BankEzyCrypto::keyThumbprint(key.value());
        result.details.append({QStringLiteral("Derived %1 key (KDF %2), thumbprint").arg(exchange.label, kdfModeName(environment.kdf)),
                               thumbprint, thumbprint});
    }
}

FamilyAdapter::RenewRefusal BankEzyAdapter::renewRefusal(const TokenResult &result) const
{
    // Not a termination: this server does not know the token. Retrying cannot help either.
    if (result.code == QLatin1String(kSandboxUnknownTokenCode))
        return RenewRefusal::UnknownToken;
    // BankEzy answers 401 when the session was terminated or is past the renew window.
    return RenewRefusal::Terminated;
}

} // namespace td
