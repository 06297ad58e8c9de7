// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/jose/Jwk.h"

#include <QByteArray>
#include <QJsonObject>

namespace td {

// The sandbox's own keys, generated once (kept in SandboxState when the sandbox is kept): the P-256 key of the BankEzy key exchange, the
// oct key that encrypts BankEzy tokens, and the HMAC secret that signs EnOS and security
// management JWTs. All exportable as JWK so the inspector can open what the sandbox issues.
class SandboxKeys
{
public:
    static Result<SandboxKeys> generate();
    // The keys toJson() wrote (a kept sandbox's state): Parse when a key is missing or of the
    // wrong kind, so a damaged file never yields half a key set.
    static Result<SandboxKeys> fromJson(const QJsonObject &object);

    const Jwk &serverKey() const { return m_serverKey; }        // EC P-256, private
    const QByteArray &serverPublicKeyEncoded() const { return m_serverPublicEncoded; } // base64url JWK
    const Jwk &tokenKey() const { return m_tokenKey; }          // oct 256
    const Jwk &hmacKey() const { return m_hmacKey; }            // oct 256

    // {"serverPublicKey":jwk, "serverPrivateKey":jwk, "tokenKey":jwk, "hmacSecret":jwk}
    QJsonObject toJson() const;

private:
    SandboxKeys(Jwk serverKey, Jwk tokenKey, Jwk hmacKey);
    Jwk m_serverKey;
    Jwk m_tokenKey;
    Jwk m_hmacKey;
    QByteArray m_serverPublicEncoded; // cached: it goes into every key-exchange answer
};

} // namespace td
