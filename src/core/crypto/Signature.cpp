// SPDX-License-Identifier: GPL-3.0-or-later
#include "Signature.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include <array>

namespace td {

namespace {

struct EcdsaSigDeleter {
    void operator()(ECDSA_SIG *sig) const { ECDSA_SIG_free(sig); }
};
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter>;

// Sets the RSA padding on the context that EVP_DigestSignInit/VerifyInit created.
bool configureScheme(EVP_PKEY_CTX *pctx, SignatureScheme scheme)
{
    switch (scheme) {
    case SignatureScheme::RsaPkcs1:
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
    case SignatureScheme::RsaPss:
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0;
    case SignatureScheme::Ecdsa:
        return true;
    }
    return false;
}

} // namespace

const EVP_MD *Signature::evpMd(DigestAlgorithm digest)
{
    // Fetched once (thread-safe static initialisation); the deleters run before OpenSSL's own
    // atexit cleanup because OpenSSL was initialised first.
    static const std::array<EvpMdPtr, 4> fetched{{
        EvpMdPtr(EVP_MD_fetch(nullptr, digestName(DigestAlgorithm::Sha1), nullptr)),
        EvpMdPtr(EVP_MD_fetch(nullptr, digestName(DigestAlgorithm::Sha256), nullptr)),
        EvpMdPtr(EVP_MD_fetch(nullptr, digestName(DigestAlgorithm::Sha384), nullptr)),
        EvpMdPtr(EVP_MD_fetch(nullptr, digestName(DigestAlgorithm::Sha512), nullptr)),
    }};
    switch (digest) {
    case DigestAlgorithm::Sha1: return fetched[0].get();
    case DigestAlgorithm::Sha256: return fetched[1].get();
    case DigestAlgorithm::Sha384: return fetched[2].get();
    case DigestAlgorithm::Sha512: return fetched[3].get();
    }
    return fetched[1].get();
}

Result<QByteArray> Signature::sign(EVP_PKEY *key, DigestAlgorithm digest, SignatureScheme scheme, Parts message)
{
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, evpMd(digest), nullptr, key) <= 0
        || !configureScheme(pctx, scheme))
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not set up the signature"));
    for (QByteArrayView part : message)
        if (EVP_DigestSignUpdate(ctx.get(), part.data(), static_cast<size_t>(part.size())) <= 0)
            return openSslError(ErrorCode::Crypto, QStringLiteral("signing failed"));
    size_t length = 0;
    if (EVP_DigestSignFinal(ctx.get(), nullptr, &length) <= 0)
        return openSslError(ErrorCode::Crypto, QStringLiteral("signing failed"));
    QByteArray out(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_DigestSignFinal(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length) <= 0)
        return openSslError(ErrorCode::Crypto, QStringLiteral("signing failed"));
    out.resize(static_cast<qsizetype>(length)); // ECDSA's DER length varies
    return out;
}

Result<bool> Signature::verify(EVP_PKEY *key, DigestAlgorithm digest, SignatureScheme scheme, Parts message,
                               QByteArrayView signature)
{
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, evpMd(digest), nullptr, key) <= 0
        || !configureScheme(pctx, scheme))
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not set up the signature check"));
    for (QByteArrayView part : message)
        if (EVP_DigestVerifyUpdate(ctx.get(), part.data(), static_cast<size_t>(part.size())) <= 0)
            return openSslError(ErrorCode::Crypto, QStringLiteral("the signature check failed"));
    const int verdict = EVP_DigestVerifyFinal(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
                                              static_cast<size_t>(signature.size()));
    if (verdict == 1)
        return true;
    // 0 is a mismatch; a negative value is a malformed signature (bad DER, wrong RSA length),
    // which for the caller is also "does not match". Either way the queue must not leak.
    drainOpenSslErrors();
    return false;
}

Result<QByteArray> Signature::ecdsaDerToRaw(QByteArrayView der, int fieldBytes)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.data());
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
    if (!sig)
        return openSslError(ErrorCode::Crypto, QStringLiteral("the ECDSA signature is not valid DER"));
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    QByteArray raw(2 * fieldBytes, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    if (BN_bn2binpad(r, out, fieldBytes) != fieldBytes || BN_bn2binpad(s, out + fieldBytes, fieldBytes) != fieldBytes)
        return openSslError(ErrorCode::Crypto, QStringLiteral("the ECDSA signature values do not fit the curve"));
    return raw;
}

Result<QByteArray> Signature::ecdsaRawToDer(QByteArrayView raw)
{
    if (raw.isEmpty() || raw.size() % 2 != 0)
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("an R||S signature has two halves of equal length; this one is %1 bytes").arg(raw.size()));
    const int half = static_cast<int>(raw.size() / 2);
    const auto *in = reinterpret_cast<const unsigned char *>(raw.data());
    EcdsaSigPtr sig(ECDSA_SIG_new());
    BIGNUM *r = BN_bin2bn(in, half, nullptr);
    BIGNUM *s = BN_bin2bn(in + half, half, nullptr);
    if (!sig || !r || !s || !ECDSA_SIG_set0(sig.get(), r, s)) { // set0 takes r and s only on success
        BN_free(r);
        BN_free(s);
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not encode the ECDSA signature"));
    }
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0)
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not encode the ECDSA signature"));
    QByteArray der(length, Qt::Uninitialized);
    auto *cursor = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &cursor) != length)
        return openSslError(ErrorCode::Crypto, QStringLiteral("could not encode the ECDSA signature"));
    return der;
}

} // namespace td
