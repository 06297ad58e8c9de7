// SPDX-License-Identifier: GPL-3.0-or-later
#include "Pbes2Kdf.h"

#include "core/crypto/OpenSslError.h"

#include <openssl/evp.h>

namespace td {

namespace {

const EVP_MD *evpMd(DigestAlgorithm digest)
{
    switch (digest) {
    case DigestAlgorithm::Sha1: return EVP_sha1();
    case DigestAlgorithm::Sha256: return EVP_sha256();
    case DigestAlgorithm::Sha384: return EVP_sha384();
    case DigestAlgorithm::Sha512: return EVP_sha512();
    }
    return nullptr;
}

} // namespace

QByteArray pbes2Salt(QByteArrayView algName, QByteArrayView saltInput)
{
    QByteArray salt;
    salt.reserve(algName.size() + 1 + saltInput.size());
    salt.append(algName);
    salt.append('\0');
    salt.append(saltInput);
    return salt;
}

Result<SecureBytes> pbkdf2(DigestAlgorithm digest, const SecureBytes &password, QByteArrayView salt, int iterations,
                           int keyBytes)
{
    if (iterations < 1 || iterations > kPbes2MaxIterations)
        return makeError(ErrorCode::InvalidHeaderParameter,
                         QStringLiteral("the PBES2 iteration count %1 is outside 1 to %2; larger counts are refused so "
                                        "a token cannot make TokenDesk hang")
                             .arg(iterations)
                             .arg(kPbes2MaxIterations));
    if (keyBytes <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("PBKDF2 asked for %1 bytes").arg(keyBytes));
    const EVP_MD *md = evpMd(digest);
    SecureBytes key(static_cast<std::size_t>(keyBytes));
    // PKCS5_PBKDF2_HMAC treats a NULL password with length 0 as empty; pass a valid pointer anyway.
    static const char empty = 0;
    const char *pass = password.isEmpty() ? &empty : reinterpret_cast<const char *>(password.data());
    if (!md
        || PKCS5_PBKDF2_HMAC(pass, static_cast<int>(password.size()), reinterpret_cast<const unsigned char *>(salt.data()),
                             static_cast<int>(salt.size()), iterations, md, keyBytes, key.data()) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("PBKDF2 key derivation failed"));
    return key;
}

} // namespace td
