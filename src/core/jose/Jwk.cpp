// SPDX-License-Identifier: GPL-3.0-or-later
#include "Jwk.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/crypto/Random.h"
#include "core/jose/Base64Url.h"

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>

#include <QJsonDocument>
#include <QJsonValue>

#include <cstring>

namespace td {

QString keyTypeName(KeyType type)
{
    switch (type) {
    case KeyType::EC: return QStringLiteral("EC");
    case KeyType::RSA: return QStringLiteral("RSA");
    case KeyType::Oct: return QStringLiteral("oct");
    }
    return {};
}

QString curveName(Curve curve)
{
    switch (curve) {
    case Curve::P256: return QStringLiteral("P-256");
    case Curve::P384: return QStringLiteral("P-384");
    case Curve::P521: return QStringLiteral("P-521");
    case Curve::None: break;
    }
    return {};
}

Curve curveFromName(const QString &name)
{
    if (name == QLatin1String("P-256"))
        return Curve::P256;
    if (name == QLatin1String("P-384"))
        return Curve::P384;
    if (name == QLatin1String("P-521"))
        return Curve::P521;
    return Curve::None;
}

int curveFieldBytes(Curve curve)
{
    switch (curve) {
    case Curve::P256: return 32;
    case Curve::P384: return 48;
    case Curve::P521: return 66;
    case Curve::None: break;
    }
    return 0;
}

const char *curveOpenSslName(Curve curve)
{
    switch (curve) {
    case Curve::P256: return "prime256v1";
    case Curve::P384: return "secp384r1";
    case Curve::P521: return "secp521r1";
    case Curve::None: break;
    }
    return "";
}

namespace {

int curveNid(Curve curve)
{
    switch (curve) {
    case Curve::P256: return NID_X9_62_prime256v1;
    case Curve::P384: return NID_secp384r1;
    case Curve::P521: return NID_secp521r1;
    case Curve::None: break;
    }
    return NID_undef;
}

Curve curveFromOpenSslName(const char *name)
{
    const QByteArray n(name);
    if (n == "prime256v1" || n == "P-256" || n == "secp256r1")
        return Curve::P256;
    if (n == "secp384r1" || n == "P-384")
        return Curve::P384;
    if (n == "secp521r1" || n == "P-521")
        return Curve::P521;
    return Curve::None;
}

BignumPtr bnFromBytes(QByteArrayView bytes)
{
    return BignumPtr(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

// Big-endian bytes of a BIGNUM parameter of the key, left-padded to `width` when width > 0.
SecureBytes bnParam(EVP_PKEY *pkey, const char *name, int width = 0)
{
    BIGNUM *raw = nullptr;
    if (!EVP_PKEY_get_bn_param(pkey, name, &raw)) {
        drainOpenSslErrors();
        return {};
    }
    BignumPtr bn(raw);
    const int size = width > 0 ? width : BN_num_bytes(bn.get());
    SecureBytes out(static_cast<std::size_t>(size));
    BN_bn2binpad(bn.get(), out.data(), size);
    return out;
}

bool hasBnParam(EVP_PKEY *pkey, const char *name)
{
    BIGNUM *raw = nullptr;
    const bool present = EVP_PKEY_get_bn_param(pkey, name, &raw) == 1;
    BignumPtr owned(raw);
    drainOpenSslErrors();
    return present;
}

std::shared_ptr<EVP_PKEY> share(EVP_PKEY *pkey)
{
    return std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

// Reads a required or optional base64url member; `present` reports whether it was there.
Result<QByteArray> member(const QJsonObject &object, const char *name, bool required, bool *present = nullptr)
{
    const QString key = QString::fromLatin1(name);
    const QJsonValue value = object.value(key);
    if (present)
        *present = !value.isUndefined();
    if (value.isUndefined()) {
        if (required)
            return makeError(ErrorCode::KeyParse, QStringLiteral("the JWK has no \"%1\" member").arg(key));
        return QByteArray();
    }
    if (!value.isString())
        return makeError(ErrorCode::KeyParse, QStringLiteral("the JWK member \"%1\" is not a string").arg(key));
    auto decoded = Base64Url::decode(value.toString().toLatin1(), QStringLiteral("the JWK member \"%1\"").arg(key));
    if (!decoded)
        return makeError(ErrorCode::KeyParse, decoded.error().message);
    if (decoded.value().isEmpty())
        return makeError(ErrorCode::KeyParse, QStringLiteral("the JWK member \"%1\" is empty").arg(key));
    return decoded;
}

Result<EvpPkeyPtr> pkeyFromParams(const char *type, OSSL_PARAM_BLD *builder, bool isPrivate)
{
    OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &raw, isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return openSslError(ErrorCode::KeyParse, QStringLiteral("OpenSSL refused the %1 key parameters").arg(QString::fromLatin1(type)));
    return EvpPkeyPtr(raw);
}

Result<Jwk> ecFromJson(const QJsonObject &object);
Result<Jwk> rsaFromJson(const QJsonObject &object);

} // namespace

Result<Jwk> Jwk::generateEc(Curve curve)
{
    if (curve == Curve::None)
        return makeError(ErrorCode::UnsupportedKey, QStringLiteral("choose a curve: P-256, P-384 or P-521"));
    EVP_PKEY *raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curveOpenSslName(curve));
    if (!raw)
        return openSslError(ErrorCode::Crypto, QStringLiteral("EC key generation failed"));
    EvpPkeyPtr owned(raw);
    return fromPkey(owned.get());
}

Result<Jwk> Jwk::generateRsa(int bits)
{
    if (bits < 2048 || bits > 4096 || bits % 8 != 0)
        return makeError(ErrorCode::KeySizeMismatch,
                         QStringLiteral("RSA keys are generated with 2048 to 4096 bits (a multiple of 8), not %1").arg(bits));
    EVP_PKEY *raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits));
    if (!raw)
        return openSslError(ErrorCode::Crypto, QStringLiteral("RSA key generation failed"));
    EvpPkeyPtr owned(raw);
    return fromPkey(owned.get());
}

Result<Jwk> Jwk::generateOct(int bits)
{
    if (bits < 8 || bits > 8192 || bits % 8 != 0)
        return makeError(ErrorCode::KeySizeMismatch,
                         QStringLiteral("oct keys are generated with 8 to 8192 bits (a multiple of 8), not %1").arg(bits));
    return fromOctets(randomBytes(static_cast<std::size_t>(bits / 8)));
}

Jwk Jwk::fromOctets(SecureBytes octets)
{
    Jwk key;
    key.m_type = KeyType::Oct;
    key.m_private = true;
    key.m_octets = std::move(octets);
    return key;
}

Result<Jwk> Jwk::fromPkey(EVP_PKEY *pkey)
{
    if (!pkey)
        return makeError(ErrorCode::UnsupportedKey, QStringLiteral("no key"));
    Jwk key;
    if (EVP_PKEY_is_a(pkey, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length))
            return openSslError(ErrorCode::UnsupportedKey, QStringLiteral("the EC key has no named curve"));
        key.m_curve = curveFromOpenSslName(group);
        if (key.m_curve == Curve::None)
            return makeError(ErrorCode::UnsupportedKey,
                             QStringLiteral("the EC curve %1 is not supported; JOSE uses P-256, P-384 and P-521")
                                 .arg(QString::fromLatin1(group)));
        key.m_type = KeyType::EC;
        key.m_private = hasBnParam(pkey, OSSL_PKEY_PARAM_PRIV_KEY);
    } else if (EVP_PKEY_is_a(pkey, "RSA")) {
        key.m_type = KeyType::RSA;
        key.m_private = hasBnParam(pkey, OSSL_PKEY_PARAM_RSA_D);
    } else {
        return makeError(ErrorCode::UnsupportedKey,
                         QStringLiteral("the key type %1 is not supported; TokenDesk handles EC, RSA and oct keys")
                             .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(pkey))));
    }
    EVP_PKEY_up_ref(pkey);
    key.m_pkey = share(pkey);
    return key;
}

Result<Jwk> Jwk::fromJsonText(QByteArrayView text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(ErrorCode::KeyParse,
                         QStringLiteral("the key is not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return makeError(ErrorCode::KeyParse, QStringLiteral("a JWK must be a JSON object"));
    return fromJson(document.object());
}

Result<Jwk> Jwk::fromJson(const QJsonObject &object)
{
    const QJsonValue kty = object.value(QStringLiteral("kty"));
    if (!kty.isString())
        return makeError(ErrorCode::KeyParse, QStringLiteral("the JWK has no \"kty\" member"));
    Result<Jwk> parsed = makeError(ErrorCode::Internal, {});
    const QString type = kty.toString();
    if (type == QLatin1String("EC")) {
        parsed = ecFromJson(object);
    } else if (type == QLatin1String("RSA")) {
        parsed = rsaFromJson(object);
    } else if (type == QLatin1String("oct")) {
        auto k = member(object, "k", true);
        if (!k)
            return k.error();
        parsed = fromOctets(SecureBytes(k.value()));
    } else {
        return makeError(ErrorCode::UnsupportedKey,
                         QStringLiteral("the key type \"%1\" is not supported; TokenDesk handles EC, RSA and oct").arg(type));
    }
    if (!parsed)
        return parsed;
    Jwk key = parsed.value();
    key.m_kid = object.value(QStringLiteral("kid")).toString();
    key.m_alg = object.value(QStringLiteral("alg")).toString();
    key.m_use = object.value(QStringLiteral("use")).toString();
    return key;
}

namespace {

// A parameters-only key per curve, built once. Copying its parameters into a new key is several
// times cheaper than building the curve's group again, which matters for ECDH-ES, where every
// token carries a fresh ephemeral public key.
EVP_PKEY *curveTemplate(Curve curve)
{
    auto make = [](Curve c) {
        EVP_PKEY *raw = nullptr;
        EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
        if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) != 1
            || EVP_PKEY_CTX_set_group_name(ctx.get(), curveOpenSslName(c)) != 1 || EVP_PKEY_paramgen(ctx.get(), &raw) != 1)
            drainOpenSslErrors();
        return EvpPkeyPtr(raw);
    };
    static const EvpPkeyPtr p256 = make(Curve::P256);
    static const EvpPkeyPtr p384 = make(Curve::P384);
    static const EvpPkeyPtr p521 = make(Curve::P521);
    switch (curve) {
    case Curve::P256: return p256.get();
    case Curve::P384: return p384.get();
    case Curve::P521: return p521.get();
    case Curve::None: break;
    }
    return nullptr;
}

// A public EC key from its uncompressed point. OpenSSL refuses a point that is not on the curve
// when it decodes it, so that failure is reported as KeyNotOnCurve.
Result<Jwk> ecPublicKey(Curve curve, const QByteArray &uncompressedPoint)
{
    EVP_PKEY *params = curveTemplate(curve);
    EvpPkeyPtr pkey(EVP_PKEY_new());
    if (!params || !pkey || EVP_PKEY_copy_parameters(pkey.get(), params) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not set up the %1 key").arg(curveName(curve)));
    if (EVP_PKEY_set1_encoded_public_key(pkey.get(), reinterpret_cast<const unsigned char *>(uncompressedPoint.constData()),
                                         static_cast<size_t>(uncompressedPoint.size())) != 1) {
        drainOpenSslErrors();
        return makeError(ErrorCode::KeyNotOnCurve,
                         QStringLiteral("the point (x, y) is not on the curve %1: the key is corrupt or its coordinates "
                                        "belong to another curve").arg(curveName(curve)));
    }
    return Jwk::fromPkey(pkey.get());
}

Result<Jwk> ecFromJson(const QJsonObject &object)
{
    const QJsonValue crv = object.value(QStringLiteral("crv"));
    // A missing member is a malformed key (KeyParse); a well-formed key on another curve is UnsupportedKey.
    if (!crv.isString())
        return makeError(ErrorCode::KeyParse, crv.isUndefined() ? QStringLiteral("the JWK has no \"crv\" member")
                                                                : QStringLiteral("the JWK member \"crv\" is not a string"));
    const QString crvName = crv.toString();
    const Curve curve = curveFromName(crvName);
    if (curve == Curve::None)
        return makeError(ErrorCode::UnsupportedKey,
                         QStringLiteral("the curve \"%1\" is not supported; use P-256, P-384 or P-521").arg(crvName));
    const int width = curveFieldBytes(curve);
    auto x = member(object, "x", true);
    if (!x)
        return x.error();
    auto y = member(object, "y", true);
    if (!y)
        return y.error();
    bool hasD = false;
    auto d = member(object, "d", false, &hasD);
    if (!d)
        return d.error();
    for (const auto &[name, value] : {std::pair{"x", x.value()}, std::pair{"y", y.value()}}) {
        if (value.size() != width)
            return makeError(ErrorCode::KeyParse, QStringLiteral("the %1 coordinate of a %2 key must be %3 bytes, not %4")
                                                      .arg(QLatin1String(name), crvName).arg(width).arg(value.size()));
    }
    SecureBytes dBytes(d.value());
    d.value().fill('\0');
    if (hasD && static_cast<int>(dBytes.size()) != width)
        return makeError(ErrorCode::KeyParse, QStringLiteral("the private value d of a %1 key must be %2 bytes, not %3")
                                                  .arg(crvName).arg(width).arg(dBytes.size()));

    QByteArray encoded(1, '\x04');
    encoded += x.value();
    encoded += y.value();
    if (!hasD)
        return ecPublicKey(curve, encoded);

    // Check the point ourselves so the message can say exactly what is wrong with it.
    EcGroupPtr group(EC_GROUP_new_by_curve_name(curveNid(curve)));
    EcPointPtr point(group ? EC_POINT_new(group.get()) : nullptr);
    BnCtxPtr bnCtx(BN_CTX_new());
    BignumPtr bx = bnFromBytes(x.value());
    BignumPtr by = bnFromBytes(y.value());
    if (!group || !point || !bnCtx || !bx || !by)
        return openSslError(ErrorCode::Crypto, QStringLiteral("out of memory while reading the EC key"));
    if (EC_POINT_set_affine_coordinates(group.get(), point.get(), bx.get(), by.get(), bnCtx.get()) != 1
        || EC_POINT_is_on_curve(group.get(), point.get(), bnCtx.get()) != 1) {
        drainOpenSslErrors();
        return makeError(ErrorCode::KeyNotOnCurve,
                         QStringLiteral("the point (x, y) is not on the curve %1: the key is corrupt or its coordinates "
                                        "belong to another curve").arg(crvName));
    }
    BignumPtr bd;
    if (hasD) {
        bd = BignumPtr(BN_bin2bn(dBytes.data(), static_cast<int>(dBytes.size()), nullptr));
        // 0 or a value >= the group order would still "work" modulo the order: refuse the
        // non-canonical encoding instead of accepting a key other tools reject.
        const BIGNUM *order = EC_GROUP_get0_order(group.get());
        if (bd && (BN_is_zero(bd.get()) || BN_cmp(bd.get(), order) >= 0))
            return makeError(ErrorCode::KeyParse,
                             QStringLiteral("the private value d is out of range for %1 (it must be between 1 and the group order)").arg(crvName));
        EcPointPtr derived(EC_POINT_new(group.get()));
        if (!bd || !derived || EC_POINT_mul(group.get(), derived.get(), bd.get(), nullptr, nullptr, bnCtx.get()) != 1)
            return openSslError(ErrorCode::KeyParse, QStringLiteral("the private value d is not valid for %1").arg(crvName));
        if (EC_POINT_cmp(group.get(), derived.get(), point.get(), bnCtx.get()) != 0)
            return makeError(ErrorCode::KeyParse,
                             QStringLiteral("the private value d does not belong to the public point (x, y)"));
    }

    OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curveOpenSslName(curve), 0)
        || !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.constData(), static_cast<size_t>(encoded.size()))
        || (bd && !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, bd.get())))
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not build the EC key parameters"));
    auto pkey = pkeyFromParams("EC", builder.get(), hasD);
    if (!pkey)
        return pkey.error();
    return Jwk::fromPkey(pkey.value().get());
}

// Which private member does not belong to (n, e), or "" when they agree. OpenSSL's own pairwise
// check tests primality (a tenth of a second per 2048-bit key) and needs p and q; this costs a few
// modular exponentiations and also covers keys that carry d alone.
QString rsaPrivateMismatch(const BIGNUM *n, const BIGNUM *e, const std::vector<BignumPtr> &priv)
{
    BnCtxPtr ctx(BN_CTX_new());
    BignumPtr probe(BN_new()), cipher(BN_new()), back(BN_new());
    if (!ctx || !probe || !cipher || !back || !BN_set_word(probe.get(), 0x10001F) // any value in [2, n-2]
        || !BN_mod_exp(cipher.get(), probe.get(), e, n, ctx.get())
        || !BN_mod_exp_mont_consttime(back.get(), cipher.get(), priv.at(0).get(), n, ctx.get(), nullptr)) {
        drainOpenSslErrors();
        return QStringLiteral("the RSA private value d could not be checked against n");
    }
    if (BN_cmp(back.get(), probe.get()) != 0)
        return QStringLiteral("the RSA private value d does not belong to the public key (n, e)");
    if (priv.size() < 6)
        return {};
    const BIGNUM *d = priv[0].get(), *p = priv[1].get(), *q = priv[2].get();
    BignumPtr product(BN_new()), pMinus1(BN_dup(p)), qMinus1(BN_dup(q)), reduced(BN_new());
    if (!product || !pMinus1 || !qMinus1 || !reduced || !BN_mul(product.get(), p, q, ctx.get())
        || !BN_sub_word(pMinus1.get(), 1) || !BN_sub_word(qMinus1.get(), 1)) {
        drainOpenSslErrors();
        return QStringLiteral("the RSA factors could not be checked");
    }
    if (BN_cmp(product.get(), n) != 0)
        return QStringLiteral("the RSA factors p and q do not multiply to the modulus n");
    const auto differs = [&](const BIGNUM *value, const BIGNUM *modulus, const BIGNUM *expected) {
        return !BN_mod(reduced.get(), value, modulus, ctx.get()) || BN_cmp(reduced.get(), expected) != 0;
    };
    if (differs(d, pMinus1.get(), priv[3].get()))
        return QStringLiteral("the RSA member dp is not d mod (p - 1)");
    if (differs(d, qMinus1.get(), priv[4].get()))
        return QStringLiteral("the RSA member dq is not d mod (q - 1)");
    BignumPtr one(BN_new());
    if (!one || !BN_mod_mul(product.get(), priv[5].get(), q, p, ctx.get()) || !BN_one(one.get()) || BN_cmp(product.get(), one.get()) != 0)
        return QStringLiteral("the RSA member qi is not the inverse of q mod p");
    return {};
}

Result<Jwk> rsaFromJson(const QJsonObject &object)
{
    auto n = member(object, "n", true);
    if (!n)
        return n.error();
    auto e = member(object, "e", true);
    if (!e)
        return e.error();
    bool hasD = false;
    auto d = member(object, "d", false, &hasD);
    if (!d)
        return d.error();
    OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
    BignumPtr bn = bnFromBytes(n.value());
    BignumPtr be = bnFromBytes(e.value());
    if (!builder || !bn || !be || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn.get())
        || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, be.get()))
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not build the RSA key parameters"));
    if (BN_num_bits(bn.get()) < 512)
        return makeError(ErrorCode::KeySizeMismatch, QStringLiteral("the RSA modulus has only %1 bits").arg(BN_num_bits(bn.get())));
    std::vector<BignumPtr> keep;
    if (hasD) {
        keep.push_back(bnFromBytes(d.value()));
        d.value().fill('\0');
        if (!OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_D, keep.back().get()))
            return openSslError(ErrorCode::Crypto, QStringLiteral("could not build the RSA key parameters"));
        // The CRT members are optional, but all or none (RFC 7518 §6.3.2).
        const char *crt[] = {"p", "q", "dp", "dq", "qi"};
        const char *params[] = {OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
                                OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
        int present = 0;
        for (int i = 0; i < 5; ++i) {
            bool has = false;
            auto value = member(object, crt[i], false, &has);
            if (!value)
                return value.error();
            if (!has)
                continue;
            ++present;
            keep.push_back(bnFromBytes(value.value()));
            value.value().fill('\0');
            if (!OSSL_PARAM_BLD_push_BN(builder.get(), params[i], keep.back().get()))
                return openSslError(ErrorCode::Crypto, QStringLiteral("could not build the RSA key parameters"));
        }
        if (present != 0 && present != 5)
            return makeError(ErrorCode::KeyParse,
                             QStringLiteral("the RSA JWK has only some of p, q, dp, dq, qi: give all five or none"));
        // keep: d, then p, q, dp, dq, qi when present.
        if (auto mismatch = rsaPrivateMismatch(bn.get(), be.get(), keep); !mismatch.isEmpty())
            return makeError(ErrorCode::KeyParse, mismatch);
    }
    auto pkey = pkeyFromParams("RSA", builder.get(), hasD);
    if (!pkey)
        return pkey.error();
    return Jwk::fromPkey(pkey.value().get());
}

QString b64(const SecureBytes &bytes)
{
    return QString::fromLatin1(Base64Url::encode(bytes.view()));
}

} // namespace

int Jwk::bits() const
{
    switch (m_type) {
    case KeyType::EC: return m_curve == Curve::P521 ? 521 : curveFieldBytes(m_curve) * 8;
    case KeyType::RSA: return EVP_PKEY_get_bits(m_pkey.get());
    case KeyType::Oct: return static_cast<int>(m_octets.size() * 8);
    }
    return 0;
}

QJsonObject Jwk::toJson(bool includePrivate) const
{
    QJsonObject object;
    object.insert(QStringLiteral("kty"), keyTypeName(m_type));
    const bool priv = includePrivate && m_private;
    switch (m_type) {
    case KeyType::EC: {
        const int width = curveFieldBytes(m_curve);
        object.insert(QStringLiteral("crv"), curveName(m_curve));
        object.insert(QStringLiteral("x"), b64(bnParam(m_pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, width)));
        object.insert(QStringLiteral("y"), b64(bnParam(m_pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, width)));
        if (priv)
            object.insert(QStringLiteral("d"), b64(bnParam(m_pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, width)));
        break;
    }
    case KeyType::RSA: {
        object.insert(QStringLiteral("n"), b64(bnParam(m_pkey.get(), OSSL_PKEY_PARAM_RSA_N)));
        object.insert(QStringLiteral("e"), b64(bnParam(m_pkey.get(), OSSL_PKEY_PARAM_RSA_E)));
        if (priv) {
            object.insert(QStringLiteral("d"), b64(bnParam(m_pkey.get(), OSSL_PKEY_PARAM_RSA_D)));
            const std::pair<const char *, const char *> crt[] = {
                {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},     {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
                {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1}, {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
                {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}};
            for (const auto &[name, param] : crt) {
                const SecureBytes value = bnParam(m_pkey.get(), param);
                if (!value.isEmpty())
                    object.insert(QString::fromLatin1(name), b64(value));
            }
        }
        break;
    }
    case KeyType::Oct:
        if (includePrivate)
            object.insert(QStringLiteral("k"), b64(m_octets));
        break;
    }
    if (!m_kid.isEmpty())
        object.insert(QStringLiteral("kid"), m_kid);
    if (!m_alg.isEmpty())
        object.insert(QStringLiteral("alg"), m_alg);
    if (!m_use.isEmpty())
        object.insert(QStringLiteral("use"), m_use);
    return object;
}

QByteArray Jwk::toJsonText(bool includePrivate, bool indented) const
{
    return QJsonDocument(toJson(includePrivate)).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact).trimmed();
}

Result<Jwk> Jwk::publicKey() const
{
    if (m_type == KeyType::Oct)
        return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("an oct (symmetric) key has no public part"));
    if (!m_private)
        return *this;
    auto pub = fromJson(toJson(false));
    if (!pub)
        return pub;
    return pub.value();
}

QString Jwk::thumbprint(DigestAlgorithm algorithm) const
{
    // RFC 7638 §3: the required members only, in lexicographic order, no whitespace.
    QByteArray canonical;
    const QJsonObject full = toJson(m_type == KeyType::Oct);
    auto field = [&full](const char *name) { return full.value(QString::fromLatin1(name)).toString().toLatin1(); };
    switch (m_type) {
    case KeyType::EC:
        canonical = "{\"crv\":\"" + field("crv") + "\",\"kty\":\"EC\",\"x\":\"" + field("x") + "\",\"y\":\"" + field("y") + "\"}";
        break;
    case KeyType::RSA:
        canonical = "{\"e\":\"" + field("e") + "\",\"kty\":\"RSA\",\"n\":\"" + field("n") + "\"}";
        break;
    case KeyType::Oct:
        canonical = "{\"k\":\"" + field("k") + "\",\"kty\":\"oct\"}";
        break;
    }
    return QString::fromLatin1(Base64Url::encode(digest(algorithm, canonical)));
}

QString Jwk::describe() const
{
    switch (m_type) {
    case KeyType::EC: return QStringLiteral("EC %1 %2 key").arg(curveName(m_curve), m_private ? QStringLiteral("private") : QStringLiteral("public"));
    case KeyType::RSA: return QStringLiteral("RSA %1-bit %2 key").arg(bits()).arg(m_private ? QStringLiteral("private") : QStringLiteral("public"));
    case KeyType::Oct: return QStringLiteral("oct %1-bit key").arg(bits());
    }
    return {};
}

} // namespace td
