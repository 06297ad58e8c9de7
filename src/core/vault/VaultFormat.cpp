// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultFormat.h"

// The vault file, version 1. All integers are big-endian.
//
//   offset size  field
//        0    8  magic "TDVAULT\n"
//        8    2  format version (1)
//       10    1  KDF id (1 = scrypt)
//       11    1  log2 N
//       12    4  r
//       16    4  p
//       20   16  salt (fresh per save)
//       36   12  AES-GCM nonce (fresh per save)
//       48    8  ciphertext length
//       56   16  passphrase check: HMAC-SHA256(check key, "tokendesk vault passphrase check")[0..16)
//       72   32  header checksum: SHA-256 of bytes 0..72
//      104    n  ciphertext: AES-256-GCM of the JSON document, the 104-byte header as AAD
//    104+n   16  GCM tag
//
// scrypt(passphrase, salt, N, r, p) gives 64 bytes: the first 32 are the AES key, the last 32 the
// check key. The check tells a wrong passphrase apart from damaged content without decrypting;
// the checksum tells a damaged header apart from a wrong passphrase before paying for scrypt.

#include "core/crypto/AesGcm.h"
#include "core/crypto/Digest.h"
#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/crypto/Random.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>

#include <QtEndian>

#include <cstring>

namespace td {

namespace {

constexpr char kMagic[] = "TDVAULT\n";
constexpr int kMagicBytes = 8;
constexpr int kVersionOffset = 8;
constexpr int kKdfOffset = 10;
constexpr int kLog2NOffset = 11;
constexpr int kROffset = 12;
constexpr int kPOffset = 16;
constexpr int kSaltOffset = 20;
constexpr int kNonceOffset = 36;
constexpr int kLengthOffset = 48;
constexpr int kCheckOffset = 56;
constexpr int kChecksumOffset = 72;
constexpr int kCheckBytes = 16;
constexpr quint8 kKdfScrypt = 1;
constexpr int kDerivedBytes = 64;
constexpr char kCheckLabel[] = "tokendesk vault passphrase check";
// A vault document is JSON text; anything near this size is damage, not a vault.
constexpr quint64 kMaxCiphertextBytes = quint64(1) << 32;

static_assert(VaultFormat::kHeaderBytes == kChecksumOffset + 32, "header layout");

// scrypt needs 128 * r * (N + p + 2) bytes; OpenSSL refuses more than 32 MiB unless told.
quint64 scryptMemory(const ScryptParams &params)
{
    return 128ull * params.r * ((quint64(1) << params.log2N) + params.p + 2);
}

Result<SecureBytes> checkValue(const SecureBytes &derived)
{
    auto mac = hmac(DigestAlgorithm::Sha256, QByteArrayView(derived.data() + 32, 32), QByteArrayView(kCheckLabel));
    if (!mac)
        return mac.error();
    SecureBytes check = std::move(mac.value());
    check.resize(kCheckBytes);
    return check;
}

Error damaged(const QString &why)
{
    return makeError(ErrorCode::VaultDamaged, QStringLiteral("The vault file cannot be read: %1.").arg(why));
}

Error truncated(qint64 expected, qint64 actual)
{
    return makeError(ErrorCode::VaultTruncated,
                     QStringLiteral("The vault file is truncated: it should be %1 bytes long but is %2.")
                         .arg(expected)
                         .arg(actual));
}

} // namespace

Result<void> VaultFormat::checkParams(const ScryptParams &params)
{
    if (params.log2N < kMinLog2N || params.log2N > kMaxLog2N)
        return makeError(ErrorCode::VaultDamaged,
                         QStringLiteral("The vault's scrypt cost 2^%1 is outside 2^%2 to 2^%3.")
                             .arg(params.log2N)
                             .arg(kMinLog2N)
                             .arg(kMaxLog2N));
    if (params.r < 1 || params.r > kMaxR || params.p < 1 || params.p > kMaxP)
        return makeError(ErrorCode::VaultDamaged,
                         QStringLiteral("The vault's scrypt parameters r=%1, p=%2 are outside r 1 to %3, p 1 to %4.")
                             .arg(params.r)
                             .arg(params.p)
                             .arg(kMaxR)
                             .arg(kMaxP));
    if (scryptMemory(params) > kMaxScryptMemory)
        return makeError(ErrorCode::VaultDamaged,
                         QStringLiteral("The vault's scrypt parameters need %1 MiB of memory; at most %2 MiB is allowed.")
                             .arg(scryptMemory(params) >> 20)
                             .arg(kMaxScryptMemory >> 20));
    return {};
}

Result<SecureBytes> VaultFormat::deriveKeys(const SecureBytes &passphrase, QByteArrayView salt,
                                            const ScryptParams &params)
{
    if (auto valid = checkParams(params); !valid)
        return valid.error();
    static const EvpKdfPtr scrypt(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!scrypt)
        return openSslError(ErrorCode::Crypto, QStringLiteral("scrypt is not available in this OpenSSL"));
    EvpKdfCtxPtr ctx(EVP_KDF_CTX_new(scrypt.get()));
    if (!ctx)
        return openSslError(ErrorCode::Crypto, QStringLiteral("scrypt could not be set up"));

    // A valid pointer even for an empty passphrase: a NULL octet string is "not set" to OpenSSL.
    static unsigned char empty = 0;
    uint64_t n = uint64_t(1) << params.log2N;
    uint32_t r = params.r;
    uint32_t p = params.p;
    uint64_t maxMem = scryptMemory(params) + (1u << 20);
    OSSL_PARAM list[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                          passphrase.isEmpty() ? &empty : const_cast<unsigned char *>(passphrase.data()),
                                          passphrase.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(salt.data()),
                                          static_cast<size_t>(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMem),
        OSSL_PARAM_construct_end(),
    };
    SecureBytes derived(kDerivedBytes);
    if (EVP_KDF_derive(ctx.get(), derived.data(), derived.size(), list) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("scrypt key derivation failed"));
    return derived;
}

Result<QByteArray> VaultFormat::seal(const SecureBytes &document, const SecureBytes &passphrase,
                                     const ScryptParams &params)
{
    auto key = prepareSeal(passphrase, params);
    if (!key)
        return key.error();
    return seal(document, key.value());
}

Result<VaultFormat::SealKey> VaultFormat::prepareSeal(const SecureBytes &passphrase, const ScryptParams &params)
{
    if (auto valid = checkParams(params); !valid)
        return makeError(ErrorCode::Internal, valid.error().message);
    SealKey key{params, randomBytes(kSaltBytes), {}};
    auto derived = deriveKeys(passphrase, key.salt.view(), params);
    if (!derived)
        return derived.error();
    key.derived = std::move(derived.value());
    return key;
}

Result<QByteArray> VaultFormat::seal(const SecureBytes &document, const SealKey &key)
{
    const ScryptParams &params = key.params;
    if (auto valid = checkParams(params); !valid)
        return makeError(ErrorCode::Internal, valid.error().message);
    if (key.salt.size() != std::size_t(kSaltBytes) || key.derived.size() != std::size_t(kDerivedBytes))
        return makeError(ErrorCode::Internal, QStringLiteral("The vault's sealing key was not prepared."));

    QByteArray file(kHeaderBytes, '\0');
    char *h = file.data();
    std::memcpy(h, kMagic, kMagicBytes);
    qToBigEndian<quint16>(kVersion, h + kVersionOffset);
    h[kKdfOffset] = static_cast<char>(kKdfScrypt);
    h[kLog2NOffset] = static_cast<char>(params.log2N);
    qToBigEndian<quint32>(params.r, h + kROffset);
    qToBigEndian<quint32>(params.p, h + kPOffset);
    const SecureBytes nonce = randomBytes(kNonceBytes);
    std::memcpy(h + kSaltOffset, key.salt.data(), kSaltBytes);
    std::memcpy(h + kNonceOffset, nonce.data(), kNonceBytes);
    qToBigEndian<quint64>(document.size(), h + kLengthOffset);

    auto check = checkValue(key.derived);
    if (!check)
        return check.error();
    std::memcpy(h + kCheckOffset, check->data(), kCheckBytes);
    const QByteArray checksum = sha256(QByteArrayView(h, kChecksumOffset));
    std::memcpy(h + kChecksumOffset, checksum.constData(), 32);

    SecureBytes aesKey(key.derived.data(), 32);
    auto sealed = aesGcmEncrypt(aesKey, nonce.view(), file, document.view());
    if (!sealed)
        return sealed.error();
    file.reserve(kHeaderBytes + sealed->ciphertext.size() + kAesGcmTagBytes);
    file.append(sealed->ciphertext);
    file.append(sealed->tag);
    return file;
}

Result<ScryptParams> VaultFormat::params(QByteArrayView file)
{
    if (file.isEmpty())
        return makeError(ErrorCode::NotAVault, QStringLiteral("The file is empty: it is not a TokenDesk vault."));
    const qsizetype magicSeen = std::min<qsizetype>(file.size(), kMagicBytes);
    if (std::memcmp(file.data(), kMagic, static_cast<size_t>(magicSeen)) != 0)
        return makeError(ErrorCode::NotAVault, QStringLiteral("The file is not a TokenDesk vault."));
    if (file.size() < kVersionOffset + 2)
        return truncated(kHeaderBytes, file.size());
    const quint16 version = qFromBigEndian<quint16>(file.data() + kVersionOffset);
    // Checked before the checksum: a newer format may lay out (and checksum) its header differently.
    if (version > kVersion)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("The vault was written by a newer TokenDesk (format %1); this one reads "
                                        "format %2 and earlier.")
                             .arg(version)
                             .arg(kVersion));
    if (file.size() < kHeaderBytes)
        return truncated(kHeaderBytes, file.size());
    const QByteArray checksum = sha256(file.first(kChecksumOffset));
    if (CRYPTO_memcmp(checksum.constData(), file.data() + kChecksumOffset, 32) != 0)
        return damaged(QStringLiteral("the header is damaged"));
    if (version == 0)
        return damaged(QStringLiteral("the header names format 0"));
    if (static_cast<quint8>(file[kKdfOffset]) != kKdfScrypt)
        return damaged(QStringLiteral("the header names an unknown key derivation (%1)")
                           .arg(static_cast<quint8>(file[kKdfOffset])));
    ScryptParams params;
    params.log2N = static_cast<quint8>(file[kLog2NOffset]);
    params.r = qFromBigEndian<quint32>(file.data() + kROffset);
    params.p = qFromBigEndian<quint32>(file.data() + kPOffset);
    if (auto valid = checkParams(params); !valid)
        return valid.error();
    return params;
}

Result<SecureBytes> VaultFormat::open(QByteArrayView file, const SecureBytes &passphrase)
{
    auto params = VaultFormat::params(file);
    if (!params)
        return params.error();
    const quint64 length = qFromBigEndian<quint64>(file.data() + kLengthOffset);
    if (length > kMaxCiphertextBytes)
        return damaged(QStringLiteral("the header gives an impossible content size (%1 bytes)").arg(length));
    const qint64 expected = kHeaderBytes + static_cast<qint64>(length) + kAesGcmTagBytes;
    if (file.size() < expected)
        return truncated(expected, file.size());
    if (file.size() > expected)
        return damaged(QStringLiteral("it should be %1 bytes long but is %2").arg(expected).arg(file.size()));

    auto derived = deriveKeys(passphrase, file.sliced(kSaltOffset, kSaltBytes), params.value());
    if (!derived)
        return derived.error();
    auto check = checkValue(derived.value());
    if (!check)
        return check.error();
    if (CRYPTO_memcmp(check->data(), file.data() + kCheckOffset, kCheckBytes) != 0)
        return makeError(ErrorCode::WrongPassphrase, QStringLiteral("The passphrase is wrong."));

    const SecureBytes key(derived->data(), 32);
    auto document = aesGcmDecryptKey(key, file.sliced(kNonceOffset, kNonceBytes), file.first(kHeaderBytes),
                                     file.sliced(kHeaderBytes, static_cast<qsizetype>(length)),
                                     file.last(kAesGcmTagBytes));
    if (!document)
        return damaged(QStringLiteral("the encrypted content is damaged"));
    return document;
}

} // namespace td
