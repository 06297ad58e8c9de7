// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxKeys.h"

#include "core/api/BankEzyCrypto.h"

namespace td {

SandboxKeys::SandboxKeys(Jwk serverKey, Jwk tokenKey, Jwk hmacKey)
    : m_serverKey(std::move(serverKey))
    , m_tokenKey(std::move(tokenKey))
    , m_hmacKey(std::move(hmacKey))
    , m_serverPublicEncoded(BankEzyCrypto::encodePublicKey(m_serverKey))
{
}

Result<SandboxKeys> SandboxKeys::generate()
{
    Result<Jwk> server = Jwk::generateEc(Curve::P256);
    if (!server)
        return server.error();
    Result<Jwk> token = Jwk::generateOct(256);
    if (!token)
        return token.error();
    Result<Jwk> hmacKey = Jwk::generateOct(256);
    if (!hmacKey)
        return hmacKey.error();
    server->setKid(QStringLiteral("sandbox-server"));
    token->setKid(QStringLiteral("sandbox-token"));
    token->setAlg(QStringLiteral("dir"));
    hmacKey->setKid(QStringLiteral("sandbox-hmac"));
    hmacKey->setAlg(QStringLiteral("HS256"));
    return SandboxKeys(std::move(server).value(), std::move(token).value(), std::move(hmacKey).value());
}

Result<SandboxKeys> SandboxKeys::fromJson(const QJsonObject &object)
{
    auto read = [&object](const char *name, bool oct) -> Result<Jwk> {
        Result<Jwk> key = Jwk::fromJson(object.value(QLatin1String(name)).toObject());
        if (!key)
            return makeError(ErrorCode::KeyParse, QStringLiteral("the sandbox key %1 is not readable").arg(QLatin1String(name)));
        if ((key->type() == KeyType::Oct) != oct || !key->hasPrivate())
            return makeError(ErrorCode::KeyParse, QStringLiteral("the sandbox key %1 is of the wrong kind").arg(QLatin1String(name)));
        return key;
    };
    Result<Jwk> server = read("serverPrivateKey", false);
    if (!server)
        return server.error();
    if (server->curve() != Curve::P256)
        return makeError(ErrorCode::KeyParse, QStringLiteral("the sandbox key serverPrivateKey is not a P-256 key"));
    Result<Jwk> token = read("tokenKey", true);
    if (!token)
        return token.error();
    Result<Jwk> hmacKey = read("hmacSecret", true);
    if (!hmacKey)
        return hmacKey.error();
    return SandboxKeys(std::move(server).value(), std::move(token).value(), std::move(hmacKey).value());
}

QJsonObject SandboxKeys::toJson() const
{
    return QJsonObject{
        {QStringLiteral("serverPublicKey"), m_serverKey.toJson(false)},
        {QStringLiteral("serverPrivateKey"), m_serverKey.toJson(true)},
        {QStringLiteral("serverPublicKeyEncoded"), QString::fromLatin1(m_serverPublicEncoded)},
        {QStringLiteral("tokenKey"), m_tokenKey.toJson(true)},
        {QStringLiteral("hmacSecret"), m_hmacKey.toJson(true)},
    };
}

} // namespace td
