// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/Digest.h"

#include <openssl/evp.h>

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>

namespace td {

// How an asymmetric signature is computed over the digest.
enum class SignatureScheme {
    RsaPkcs1, // RSASSA-PKCS1-v1_5
    RsaPss,   // RSASSA-PSS, MGF1 with the same digest, salt length = digest length (RFC 7518 §3.5)
    Ecdsa,    // ECDSA; OpenSSL's DER encoding (see ecdsaDerToRaw / ecdsaRawToDer for JOSE's R||S)
};

// Public-key signatures with EVP_DigestSign/EVP_DigestVerify. The message is passed as parts
// that are fed to the digest in order, so callers (a JWS signing input "header.payload") need
// not concatenate them first.
class Signature
{
public:
    using Parts = std::initializer_list<QByteArrayView>;

    [[nodiscard]] static Result<QByteArray> sign(EVP_PKEY *key, DigestAlgorithm digest, SignatureScheme scheme,
                                                 Parts message);
    // true when the signature matches, false when it does not (including a malformed signature);
    // an Error only when the check itself could not be set up.
    [[nodiscard]] static Result<bool> verify(EVP_PKEY *key, DigestAlgorithm digest, SignatureScheme scheme,
                                             Parts message, QByteArrayView signature);

    // ECDSA DER (SEQUENCE of two INTEGERs) -> R||S, each left-padded to fieldBytes (RFC 7518 §3.4).
    [[nodiscard]] static Result<QByteArray> ecdsaDerToRaw(QByteArrayView der, int fieldBytes);
    // R||S (two equal halves) -> DER.
    [[nodiscard]] static Result<QByteArray> ecdsaRawToDer(QByteArrayView raw);

    // The digest as a fetched EVP_MD, fetched once per process and kept (EVP_MD_fetch is not free,
    // and verification is on a hot path).
    static const EVP_MD *evpMd(DigestAlgorithm digest);
};

} // namespace td
