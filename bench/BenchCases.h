// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/crypto/SecureBytes.h"
#include "core/jose/Jwk.h"

#include <QByteArray>

#include <optional>

namespace td::bench {

// The inputs of the three measured cases, built once with plain OpenSSL (not with TokenDesk's own
// encrypt/sign, so the bench does not depend on the code it measures) and then fed both to
// TokenDesk's full path and to the bare primitive. Each "primitive" function does exactly the
// cryptographic work the token requires and nothing else: no parsing, no base64url, no JSON.
class BenchCases
{
public:
    static Result<BenchCases> create();

    // JWE dir + A256GCM, 1 KiB payload.
    Result<QByteArray> tokenDeskDirDecrypt() const;
    bool primitiveDirDecrypt(QByteArray &out) const;

    // JWE ECDH-ES+A256KW (P-256) + A256GCM, 1 KiB payload.
    Result<QByteArray> tokenDeskEcdhDecrypt() const;
    bool primitiveEcdhDecrypt(QByteArray &out) const;

    // JWS ES256 over a 1 KiB payload.
    Result<void> tokenDeskEs256Verify() const;
    bool primitiveEs256Verify() const;

    const QByteArray &payload() const { return m_payload; }

private:
    BenchCases() = default;
    bool gcmDecrypt(const unsigned char *key, const QByteArray &iv, const QByteArray &aad,
                    const QByteArray &ciphertext, const QByteArray &tag, QByteArray &out) const;

    QByteArray m_payload;

    // Fetched once, as a careful caller of OpenSSL 3 would: an implicit fetch per call
    // (EVP_aes_256_gcm() & co.) would make the primitive look slower than it needs to be.
    std::shared_ptr<EVP_CIPHER> m_gcm;
    std::shared_ptr<EVP_CIPHER> m_wrap;
    std::shared_ptr<EVP_MD> m_sha256;

    // dir + A256GCM
    std::optional<Jwk> m_dirKey;
    QByteArray m_dirCompact;
    QByteArray m_dirAad; // protected header segment, ASCII
    QByteArray m_dirIv;
    QByteArray m_dirCiphertext;
    QByteArray m_dirTag;

    // ECDH-ES+A256KW
    std::optional<Jwk> m_ecdhKey;          // the recipient's private key
    std::shared_ptr<EVP_PKEY> m_ephemeral; // the epk as an EVP_PKEY (its parsing is TokenDesk's work)
    QByteArray m_ecdhCompact;
    QByteArray m_ecdhAad;
    QByteArray m_ecdhWrappedKey;
    QByteArray m_ecdhIv;
    QByteArray m_ecdhCiphertext;
    QByteArray m_ecdhTag;

    // ES256
    std::optional<Jwk> m_esPublic;
    QByteArray m_esCompact;
    QByteArray m_esSigningInput;
    QByteArray m_esDerSignature;
};

} // namespace td::bench
