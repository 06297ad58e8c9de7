// SPDX-License-Identifier: GPL-3.0-or-later
#include "BankEzyCrypto.h"

#include "core/crypto/ConcatKdf.h"
#include "core/crypto/Digest.h"
#include "core/crypto/Ecdh.h"
#include "core/jose/Base64Url.h"
#include "core/jose/JweCompact.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace td {

namespace {

Error publicKeyError(const QString &why, const QString &detail = {})
{
    return makeError(ErrorCode::FieldInvalid, QStringLiteral("The public key is not a base64url EC P-256 JWK: %1.").arg(why),
                     detail);
}

} // namespace

QByteArray BankEzyCrypto::encodePublicKey(const Jwk &key)
{
    const QJsonObject jwk = key.toJson(false);
    // Written by hand: QJsonObject sorts members, the wire format keeps kty, crv, x, y.
    const QByteArray json = "{\"kty\":\"EC\",\"crv\":\"" + jwk.value(QLatin1String("crv")).toString().toUtf8()
        + "\",\"x\":\"" + jwk.value(QLatin1String("x")).toString().toUtf8() + "\",\"y\":\""
        + jwk.value(QLatin1String("y")).toString().toUtf8() + "\"}";
    return Base64Url::encode(json);
}

Result<Jwk> BankEzyCrypto::decodePublicKey(QByteArrayView encoded)
{
    if (encoded.isEmpty())
        return publicKeyError(QStringLiteral("it is empty"));
    QByteArray json;
    if (!Base64Url::tryDecode(encoded, json))
        return publicKeyError(QStringLiteral("it is not base64url"));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return publicKeyError(QStringLiteral("it does not decode to a JSON object"), parseError.errorString());
    const QJsonObject object = doc.object();
    if (object.value(QLatin1String("kty")).toString() != QLatin1String("EC"))
        return publicKeyError(QStringLiteral("kty is not \"EC\""));
    if (object.value(QLatin1String("crv")).toString() != QLatin1String("P-256"))
        return publicKeyError(QStringLiteral("crv is not \"P-256\""));
    if (object.contains(QLatin1String("d")))
        return publicKeyError(QStringLiteral("it contains the private key (d)"));
    Result<Jwk> key = Jwk::fromJson(object);
    if (!key)
        return key.error().code == ErrorCode::KeyNotOnCurve
            ? key.error()
            : publicKeyError(QStringLiteral("its members are invalid"), key.error().toString());
    return key;
}

SecureBytes BankEzyCrypto::applyKdf(const SecureBytes &z, KdfMode mode)
{
    switch (mode) {
    case KdfMode::Raw: return z;
    case KdfMode::Concat: return concatKdf(z, 256, "A256GCM", {}, {});
    case KdfMode::Sha256: return SecureBytes(sha256(z.view()));
    }
    return z;
}

Result<SecureBytes> BankEzyCrypto::deriveSessionKey(const Jwk &ownPrivate, const Jwk &peerPublic, KdfMode mode)
{
    if (ownPrivate.curve() != Curve::P256 || peerPublic.curve() != Curve::P256)
        return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("The BankEzy key exchange needs two EC P-256 keys."));
    Result<SecureBytes> z = ecdhSharedSecret(ownPrivate.pkey(), peerPublic.pkey());
    if (!z)
        return z.error();
    return applyKdf(z.value(), mode);
}

Result<QByteArray> BankEzyCrypto::encryptPayload(QByteArrayView plaintext, const SecureBytes &key, const QString &kid)
{
    JweEncryptOptions options;
    options.alg = JweAlg::Dir;
    options.enc = JweEnc::A256GCM;
    options.kid = kid;
    return JweCompact::encrypt(plaintext, Jwk::fromOctets(key), options);
}

Result<QByteArray> BankEzyCrypto::decryptPayload(QByteArrayView compact, const SecureBytes &key)
{
    auto failed = [](const Error &error) {
        return makeError(ErrorCode::PayloadDecryptFailed,
                         QStringLiteral("The encrypted body could not be opened with the session key: %1")
                             .arg(error.message),
                         QStringLiteral("%1%2").arg(errorCodeName(error.code),
                                                    error.detail.isEmpty() ? QString() : QStringLiteral("; ") + error.detail));
    };
    Result<JweToken> token = JweCompact::parse(compact.trimmed());
    if (!token)
        return failed(token.error());
    if (token->alg != JweAlg::Dir || token->enc != JweEnc::A256GCM)
        return failed(makeError(ErrorCode::UnsupportedAlg,
                                QStringLiteral("the header is not {\"alg\":\"dir\",\"enc\":\"A256GCM\"}.")));
    Result<QByteArray> plaintext = JweCompact::decrypt(token.value(), Jwk::fromOctets(key));
    if (!plaintext)
        return failed(plaintext.error());
    return plaintext;
}

QString BankEzyCrypto::keyThumbprint(const SecureBytes &key)
{
    return Jwk::fromOctets(key).thumbprint();
}

} // namespace td
