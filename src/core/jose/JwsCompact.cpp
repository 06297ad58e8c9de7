// SPDX-License-Identifier: GPL-3.0-or-later
#include "JwsCompact.h"

#include "core/crypto/Digest.h"
#include "core/crypto/Signature.h"
#include "core/jose/Base64Url.h"
#include "core/jose/CompactSerialization.h"

#include <openssl/crypto.h>

#include <QJsonArray>
#include <QJsonDocument>

namespace td {

namespace {

enum class Family { Hmac, RsaPkcs1, RsaPss, Ecdsa, None };

struct AlgInfo {
    Family family;
    DigestAlgorithm digest;
    Curve curve; // ES only
};

AlgInfo algInfo(JwsAlg alg)
{
    switch (alg) {
    case JwsAlg::HS256: return {Family::Hmac, DigestAlgorithm::Sha256, Curve::None};
    case JwsAlg::HS384: return {Family::Hmac, DigestAlgorithm::Sha384, Curve::None};
    case JwsAlg::HS512: return {Family::Hmac, DigestAlgorithm::Sha512, Curve::None};
    case JwsAlg::RS256: return {Family::RsaPkcs1, DigestAlgorithm::Sha256, Curve::None};
    case JwsAlg::RS384: return {Family::RsaPkcs1, DigestAlgorithm::Sha384, Curve::None};
    case JwsAlg::RS512: return {Family::RsaPkcs1, DigestAlgorithm::Sha512, Curve::None};
    case JwsAlg::PS256: return {Family::RsaPss, DigestAlgorithm::Sha256, Curve::None};
    case JwsAlg::PS384: return {Family::RsaPss, DigestAlgorithm::Sha384, Curve::None};
    case JwsAlg::PS512: return {Family::RsaPss, DigestAlgorithm::Sha512, Curve::None};
    case JwsAlg::ES256: return {Family::Ecdsa, DigestAlgorithm::Sha256, Curve::P256};
    case JwsAlg::ES384: return {Family::Ecdsa, DigestAlgorithm::Sha384, Curve::P384};
    case JwsAlg::ES512: return {Family::Ecdsa, DigestAlgorithm::Sha512, Curve::P521};
    case JwsAlg::None: break;
    }
    return {Family::None, DigestAlgorithm::Sha256, Curve::None};
}

SignatureScheme schemeOf(Family family)
{
    switch (family) {
    case Family::RsaPkcs1: return SignatureScheme::RsaPkcs1;
    case Family::RsaPss: return SignatureScheme::RsaPss;
    default: return SignatureScheme::Ecdsa;
    }
}

// "a" or "an" before a key description such as "EC P-256 public key" or "RSA ..." .
QString withArticle(const QString &description)
{
    const bool vowel = description.startsWith(QLatin1Char('E')) || description.startsWith(QLatin1Char('o'))
        || description.startsWith(QLatin1String("RSA"));
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + description;
}

Error unsecuredRefused()
{
    return makeError(ErrorCode::UnsupportedAlg,
                     QStringLiteral("unsecured JWS (\"alg\": \"none\") refused: it carries no signature, so anyone "
                                    "could have written it"));
}

Error signatureMismatch()
{
    return makeError(ErrorCode::SignatureMismatch,
                     QStringLiteral("the signature does not match: the header or payload was changed, or this is "
                                    "not the key that signed it"));
}

// RFC 7797 (unencoded payload) changes what is signed; not understanding it must mean refusal.
bool critNamesB64(const QJsonObject &header)
{
    const QJsonValue crit = header.value(QStringLiteral("crit"));
    if (!crit.isArray())
        return false;
    for (const QJsonValue &name : crit.toArray())
        if (name.toString() == QLatin1String("b64"))
            return true;
    return false;
}

} // namespace

Result<JwsToken> JwsCompact::parse(QByteArrayView compact)
{
    auto prepared = CompactSerialization::prepare(compact);
    if (!prepared)
        return prepared.error();
    auto segments = CompactSerialization::split(prepared.value(), {3}, QStringLiteral("JWS"));
    if (!segments)
        return segments.error();
    const QList<QByteArrayView> &parts = segments.value();

    auto headerBytes = CompactSerialization::decodeSegment(parts[0], 0, QStringLiteral("protected header"));
    if (!headerBytes)
        return headerBytes.error();
    auto header = CompactSerialization::parseHeader(headerBytes.value());
    if (!header)
        return header.error();

    JwsToken token;
    token.header = std::move(header.value());
    const QJsonValue algValue = token.header.value(QStringLiteral("alg"));
    if (algValue.isUndefined())
        return makeError(ErrorCode::MissingAlg,
                         QStringLiteral("the protected header has no \"alg\"; a JWS must name its signature algorithm"));
    if (!algValue.isString())
        return makeError(ErrorCode::UnsupportedAlg, QStringLiteral("\"alg\" must be a string naming the algorithm"));
    const QString algName = algValue.toString();
    const auto alg = jwsAlgFromName(algName);
    if (!alg) {
        QString message = QStringLiteral("the JWS algorithm \"%1\" is not supported; supported: %2")
                              .arg(algName, allJwsAlgNames().join(QStringLiteral(", ")));
        if (jweAlgFromName(algName))
            message += QStringLiteral(" (\"%1\" is a JWE key management algorithm: is this an encrypted token "
                                      "missing two segments?)").arg(algName);
        return makeError(ErrorCode::UnsupportedAlg, message);
    }
    token.alg = *alg;

    if (critNamesB64(token.header))
        return makeError(ErrorCode::UnknownCrit,
                         QStringLiteral("the header marks \"b64\" as critical: this is an RFC 7797 JWS with an "
                                        "unencoded payload, which TokenDesk does not support, so the token must "
                                        "be refused"));
    auto crit = CompactSerialization::checkCrit(token.header, {});
    if (!crit)
        return crit.error();

    auto payload = CompactSerialization::decodeSegment(parts[1], 1, QStringLiteral("payload"));
    if (!payload)
        return payload.error();
    auto signature = CompactSerialization::decodeSegment(parts[2], 2, QStringLiteral("signature"));
    if (!signature)
        return signature.error();

    token.protectedB64 = parts[0].toByteArray();
    token.payloadB64 = parts[1].toByteArray();
    token.payload = std::move(payload.value());
    token.signature = std::move(signature.value());
    return token;
}

Result<void> JwsCompact::checkKey(JwsAlg alg, const Jwk &key, bool forSign)
{
    const AlgInfo info = algInfo(alg);
    const QString name = jwsAlgName(alg);
    switch (info.family) {
    case Family::None:
        return unsecuredRefused();
    case Family::Hmac: {
        if (key.type() != KeyType::Oct)
            return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("%1 needs an oct (symmetric) key; this is %2")
                                                             .arg(name, withArticle(key.describe())));
        const auto size = static_cast<int>(key.octets().size());
        const int hashSize = digestSize(info.digest);
        if (size == 0)
            return makeError(ErrorCode::KeySizeMismatch, QStringLiteral("the %1 key is empty").arg(name));
        // RFC 7518 §3.2 sets the minimum for creating tokens; verification accepts shorter
        // secrets because real services use them and an engineer must be able to check them.
        if (forSign && size < hashSize)
            return makeError(ErrorCode::KeySizeMismatch,
                             QStringLiteral("%1 needs a key of at least %2 bits to sign (RFC 7518 §3.2); this one has %3")
                                 .arg(name)
                                 .arg(hashSize * 8)
                                 .arg(size * 8));
        return {};
    }
    case Family::RsaPkcs1:
    case Family::RsaPss:
        if (key.type() != KeyType::RSA)
            return makeError(ErrorCode::KeyTypeMismatch,
                             QStringLiteral("%1 needs an RSA key; this is %2").arg(name, withArticle(key.describe())));
        if (key.bits() < 2048)
            return makeError(ErrorCode::KeySizeMismatch,
                             QStringLiteral("%1 needs an RSA key of at least 2048 bits (RFC 7518 §3.3); this one has %2")
                                 .arg(name)
                                 .arg(key.bits()));
        break;
    case Family::Ecdsa:
        if (key.type() != KeyType::EC || key.curve() != info.curve)
            return makeError(ErrorCode::KeyTypeMismatch,
                             QStringLiteral("%1 needs an EC %2 key; this is %3")
                                 .arg(name, curveName(info.curve), withArticle(key.describe())));
        break;
    }
    if (forSign && !key.hasPrivate())
        return makeError(ErrorCode::KeyNotPrivate,
                         QStringLiteral("signing needs the private key; this is %1").arg(withArticle(key.describe())));
    return {};
}

Result<void> JwsCompact::verify(const JwsToken &token, const Jwk &key)
{
    const AlgInfo info = algInfo(token.alg);
    if (info.family == Family::None)
        return unsecuredRefused();
    if (info.family == Family::Ecdsa) {
        const int expected = 2 * curveFieldBytes(info.curve);
        if (token.signature.size() != expected) {
            QString message = QStringLiteral("an %1 signature is %2 bytes (R||S); this one is %3")
                                  .arg(jwsAlgName(token.alg))
                                  .arg(expected)
                                  .arg(token.signature.size());
            if (!token.signature.isEmpty() && token.signature.at(0) == '\x30') // SEQUENCE tag
                message += QStringLiteral(" \u2014 DER-encoded by mistake?");
            return makeError(ErrorCode::SegmentLength, message);
        }
    }
    auto usable = checkKey(token.alg, key, false);
    if (!usable)
        return usable;

    // Detached content (RFC 7515 Appendix F): the caller may put the payload into a parsed token
    // whose payload segment was empty; it is then encoded here.
    QByteArray encodedPayload;
    QByteArrayView payloadB64 = token.payloadB64;
    if (payloadB64.isEmpty() && !token.payload.isEmpty()) {
        encodedPayload = Base64Url::encode(token.payload);
        payloadB64 = encodedPayload;
    }

    if (info.family == Family::Hmac) {
        QByteArray input;
        input.reserve(token.protectedB64.size() + 1 + payloadB64.size());
        input.append(token.protectedB64).append('.').append(payloadB64);
        auto mac = hmac(info.digest, key.octets().view(), input);
        if (!mac)
            return mac.error();
        if (static_cast<std::size_t>(token.signature.size()) != mac->size()
            || CRYPTO_memcmp(mac->data(), token.signature.constData(), mac->size()) != 0)
            return signatureMismatch();
        return {};
    }

    QByteArray der;
    QByteArrayView signature = token.signature;
    if (info.family == Family::Ecdsa) {
        auto converted = Signature::ecdsaRawToDer(token.signature);
        if (!converted)
            return converted.error();
        der = std::move(converted.value());
        signature = der;
    }
    auto verdict = Signature::verify(key.pkey(), info.digest, schemeOf(info.family),
                                     {token.protectedB64, QByteArrayView("."), payloadB64}, signature);
    if (!verdict)
        return verdict.error();
    if (!verdict.value())
        return signatureMismatch();
    return {};
}

Result<QByteArray> JwsCompact::sign(QByteArrayView payload, const Jwk &key, const JwsSignOptions &options)
{
    const AlgInfo info = algInfo(options.alg);
    if (info.family == Family::None)
        return makeError(ErrorCode::UnsupportedAlg, QStringLiteral("TokenDesk does not create unsecured (\"alg\": \"none\") JWS"));
    auto usable = checkKey(options.alg, key, true);
    if (!usable)
        return usable.error();

    QByteArray headerB64;
    if (!options.protectedHeaderB64.isEmpty()) {
        // Used verbatim so known-answer tests reproduce the exact bytes; it must still say the
        // same alg, or the token would lie about how it was signed.
        auto decoded = CompactSerialization::decodeSegment(options.protectedHeaderB64, 0, QStringLiteral("protected header"));
        if (!decoded)
            return decoded.error();
        auto header = CompactSerialization::parseHeader(decoded.value());
        if (!header)
            return header.error();
        if (header->value(QStringLiteral("alg")).toString() != jwsAlgName(options.alg))
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the given protected header does not say \"alg\": \"%1\"").arg(jwsAlgName(options.alg)));
        headerB64 = options.protectedHeaderB64;
    } else {
        QJsonObject header = options.extraHeader;
        header.insert(QStringLiteral("alg"), jwsAlgName(options.alg));
        if (!options.kid.isEmpty())
            header.insert(QStringLiteral("kid"), options.kid);
        if (!options.typ.isEmpty())
            header.insert(QStringLiteral("typ"), options.typ);
        headerB64 = Base64Url::encode(QJsonDocument(header).toJson(QJsonDocument::Compact));
    }
    const QByteArray payloadB64 = Base64Url::encode(payload);

    QByteArray signature;
    if (info.family == Family::Hmac) {
        QByteArray input;
        input.reserve(headerB64.size() + 1 + payloadB64.size());
        input.append(headerB64).append('.').append(payloadB64);
        auto mac = hmac(info.digest, key.octets().view(), input);
        if (!mac)
            return mac.error();
        signature = mac->toByteArray(); // a MAC over public data is not secret
    } else {
        auto signed_ = Signature::sign(key.pkey(), info.digest, schemeOf(info.family),
                                       {headerB64, QByteArrayView("."), payloadB64});
        if (!signed_)
            return signed_.error();
        signature = std::move(signed_.value());
        if (info.family == Family::Ecdsa) {
            auto raw = Signature::ecdsaDerToRaw(signature, curveFieldBytes(info.curve));
            if (!raw)
                return raw.error();
            signature = std::move(raw.value());
        }
    }

    QByteArray compact;
    const QByteArray signatureB64 = Base64Url::encode(signature);
    compact.reserve(headerB64.size() + payloadB64.size() + signatureB64.size() + 2);
    compact.append(headerB64).append('.').append(payloadB64).append('.').append(signatureB64);
    return compact;
}

} // namespace td
