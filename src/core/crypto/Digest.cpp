// SPDX-License-Identifier: GPL-3.0-or-later
#include "Digest.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>

namespace td {

const char *digestName(DigestAlgorithm algorithm)
{
    switch (algorithm) {
    case DigestAlgorithm::Sha1: return "SHA1";
    case DigestAlgorithm::Sha256: return "SHA256";
    case DigestAlgorithm::Sha384: return "SHA384";
    case DigestAlgorithm::Sha512: return "SHA512";
    }
    return "SHA256";
}

int digestSize(DigestAlgorithm algorithm)
{
    switch (algorithm) {
    case DigestAlgorithm::Sha1: return 20;
    case DigestAlgorithm::Sha256: return 32;
    case DigestAlgorithm::Sha384: return 48;
    case DigestAlgorithm::Sha512: return 64;
    }
    return 32;
}

static const EVP_MD *evpMd(DigestAlgorithm algorithm)
{
    switch (algorithm) {
    case DigestAlgorithm::Sha1: return EVP_sha1();
    case DigestAlgorithm::Sha256: return EVP_sha256();
    case DigestAlgorithm::Sha384: return EVP_sha384();
    case DigestAlgorithm::Sha512: return EVP_sha512();
    }
    return EVP_sha256();
}

QByteArray digest(DigestAlgorithm algorithm, QByteArrayView data)
{
    QByteArray out(digestSize(algorithm), Qt::Uninitialized);
    unsigned int length = 0;
    // EVP_Digest on an in-memory buffer cannot fail short of memory exhaustion.
    EVP_Digest(data.data(), static_cast<size_t>(data.size()), reinterpret_cast<unsigned char *>(out.data()),
               &length, evpMd(algorithm), nullptr);
    out.resize(static_cast<qsizetype>(length));
    return out;
}

Result<SecureBytes> hmac(DigestAlgorithm algorithm, QByteArrayView key, QByteArrayView data)
{
    SecureBytes out(static_cast<std::size_t>(digestSize(algorithm)));
    size_t length = 0;
    // EVP_Q_mac refuses an empty key with a NULL pointer; a one-byte dummy view avoids that
    // while still passing a length of 0.
    static const unsigned char emptyKey = 0;
    const void *keyData = key.isEmpty() ? static_cast<const void *>(&emptyKey) : key.data();
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, digestName(algorithm), nullptr, keyData,
                   static_cast<size_t>(key.size()), reinterpret_cast<const unsigned char *>(data.data()),
                   static_cast<size_t>(data.size()), out.data(), out.size(), &length))
        return openSslError(ErrorCode::Crypto, QStringLiteral("HMAC computation failed"));
    out.resize(length);
    return out;
}

} // namespace td
