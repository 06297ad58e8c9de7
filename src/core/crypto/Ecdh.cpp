// SPDX-License-Identifier: GPL-3.0-or-later
#include "Ecdh.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/core_names.h>

namespace td {

namespace {

QString groupName(EVP_PKEY *pkey)
{
    char group[64] = {};
    size_t length = 0;
    if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length)) {
        drainOpenSslErrors();
        return {};
    }
    return QString::fromLatin1(group, static_cast<qsizetype>(length));
}

bool hasPrivate(EVP_PKEY *pkey)
{
    BIGNUM *raw = nullptr;
    const bool present = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &raw) == 1;
    BignumPtr owned(raw);
    drainOpenSslErrors();
    return present;
}

} // namespace

Result<SecureBytes> ecdhSharedSecret(EVP_PKEY *ownPrivate, EVP_PKEY *peerPublic)
{
    if (!ownPrivate || !peerPublic || !EVP_PKEY_is_a(ownPrivate, "EC") || !EVP_PKEY_is_a(peerPublic, "EC"))
        return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("ECDH needs two EC keys"));
    const QString ownGroup = groupName(ownPrivate);
    const QString peerGroup = groupName(peerPublic);
    if (ownGroup.isEmpty() || ownGroup != peerGroup)
        return makeError(ErrorCode::KeyTypeMismatch,
                         QStringLiteral("ECDH needs both keys on the same curve; one is on %1, the other on %2")
                             .arg(ownGroup, peerGroup));
    if (!hasPrivate(ownPrivate))
        return makeError(ErrorCode::KeyNotPrivate, QStringLiteral("ECDH needs the private part of our own key"));

    // The peer's point must be on the curve (invalid-curve attacks), checked here even when the
    // caller did. The quick check is enough: the NIST curves have cofactor 1, so every point on
    // the curve is in the prime-order group, and the full check (validate_peer = 1) would add a
    // scalar multiplication that doubles the cost of a derivation.
    EvpPkeyCtxPtr peerCtx(EVP_PKEY_CTX_new_from_pkey(nullptr, peerPublic, nullptr));
    if (!peerCtx || EVP_PKEY_public_check_quick(peerCtx.get()) != 1)
        return openSslError(ErrorCode::KeyNotOnCurve, QStringLiteral("the peer's EC public key is not a valid point on %1").arg(peerGroup));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, ownPrivate, nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("ECDH could not be set up"));
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peerPublic, 0) != 1)
        return openSslError(ErrorCode::KeyNotOnCurve, QStringLiteral("the peer's EC public key is not a valid point on %1").arg(peerGroup));
    size_t length = 0;
    if (EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("ECDH key agreement failed"));
    SecureBytes secret(length);
    if (EVP_PKEY_derive(ctx.get(), secret.data(), &length) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("ECDH key agreement failed"));
    secret.resize(length);
    return secret;
}

} // namespace td
