// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustedJwk.h"

#include "core/crypto/OpenSslPtr.h"
#include "core/jose/Base64Url.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include <vector>

namespace td {

namespace {

BignumPtr bignum(const QJsonObject &jwk, const char *member)
{
    QByteArray bytes;
    if (!Base64Url::tryDecode(jwk.value(QLatin1String(member)).toString().toLatin1(), bytes) || bytes.isEmpty())
        return nullptr;
    BignumPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), static_cast<int>(bytes.size()), nullptr));
    OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
    return bn;
}

} // namespace

std::optional<Jwk> trustedJwk(const QJsonObject &jwk)
{
    const QString kty = jwk.value(QStringLiteral("kty")).toString();
    OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder)
        return std::nullopt;
    std::vector<BignumPtr> keep;
    auto push = [&](const char *member, const char *param) {
        BignumPtr bn = bignum(jwk, member);
        if (!bn || !OSSL_PARAM_BLD_push_BN(builder.get(), param, bn.get()))
            return false;
        keep.push_back(std::move(bn));
        return true;
    };
    const bool isPrivate = jwk.contains(QStringLiteral("d"));
    const char *type = nullptr;
    QByteArray point;
    if (kty == QLatin1String("EC")) {
        type = "EC";
        const Curve curve = curveFromName(jwk.value(QStringLiteral("crv")).toString());
        QByteArray x, y;
        if (curve == Curve::None || !Base64Url::tryDecode(jwk.value(QStringLiteral("x")).toString().toLatin1(), x)
            || !Base64Url::tryDecode(jwk.value(QStringLiteral("y")).toString().toLatin1(), y)
            || x.size() != curveFieldBytes(curve) || y.size() != curveFieldBytes(curve))
            return std::nullopt;
        point = QByteArray(1, '\x04') + x + y;
        if (!OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curveOpenSslName(curve), 0)
            || !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                                 static_cast<size_t>(point.size()))
            || (isPrivate && !push("d", OSSL_PKEY_PARAM_PRIV_KEY)))
            return std::nullopt;
    } else if (kty == QLatin1String("RSA")) {
        type = "RSA";
        if (!push("n", OSSL_PKEY_PARAM_RSA_N) || !push("e", OSSL_PKEY_PARAM_RSA_E))
            return std::nullopt;
        // Only the full CRT form: a key with d alone goes the checked way.
        if (isPrivate
            && (!push("d", OSSL_PKEY_PARAM_RSA_D) || !push("p", OSSL_PKEY_PARAM_RSA_FACTOR1)
                || !push("q", OSSL_PKEY_PARAM_RSA_FACTOR2) || !push("dp", OSSL_PKEY_PARAM_RSA_EXPONENT1)
                || !push("dq", OSSL_PKEY_PARAM_RSA_EXPONENT2) || !push("qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1)))
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &raw, isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    EvpPkeyPtr pkey(raw);
    auto key = Jwk::fromPkey(pkey.get());
    if (!key || key->hasPrivate() != isPrivate)
        return std::nullopt;
    Jwk result = key.value();
    result.setKid(jwk.value(QStringLiteral("kid")).toString());
    result.setAlg(jwk.value(QStringLiteral("alg")).toString());
    result.setUse(jwk.value(QStringLiteral("use")).toString());
    return result;
}

Result<Jwk> jwkFromAuthenticatedJson(const QJsonObject &jwk)
{
    if (std::optional<Jwk> fast = trustedJwk(jwk))
        return std::move(*fast);
    return Jwk::fromJson(jwk);
}

} // namespace td
