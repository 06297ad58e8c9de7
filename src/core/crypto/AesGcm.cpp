// SPDX-License-Identifier: GPL-3.0-or-later
#include "AesGcm.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/evp.h>

namespace td {

namespace {

// Never a fetch per call. Given a legacy getter such as EVP_aes_256_gcm(), OpenSSL 3 repeats an
// implicit provider fetch inside every EVP_*Init_ex, about a third of the cost of decrypting
// 1 KiB; so each cipher is fetched once and shared (EVP_CIPHER objects are immutable and
// reference counted, safe across threads). The getters remain the fallback should a fetch fail.
const EVP_CIPHER *gcmCipher(std::size_t keyBytes)
{
    static const EvpCipherPtr aes128(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr));
    static const EvpCipherPtr aes192(EVP_CIPHER_fetch(nullptr, "AES-192-GCM", nullptr));
    static const EvpCipherPtr aes256(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
    switch (keyBytes) {
    case 16: return aes128 ? aes128.get() : EVP_aes_128_gcm();
    case 24: return aes192 ? aes192.get() : EVP_aes_192_gcm();
    case 32: return aes256 ? aes256.get() : EVP_aes_256_gcm();
    default: return nullptr;
    }
}

Error badKey(std::size_t keyBytes)
{
    return makeError(ErrorCode::KeySizeMismatch,
                     QStringLiteral("AES-GCM needs a 128, 192 or 256-bit key; this key has %1 bits").arg(keyBytes * 8));
}

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

// Sets cipher, key and IV. The common 96-bit IV is GCM's default and takes one initialisation;
// other lengths need the cipher set first so the IV length can be changed before the key and IV.
bool initCipher(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, bool encrypt, const SecureBytes &key, QByteArrayView iv)
{
    const int enc = encrypt ? 1 : 0;
    if (iv.size() == 12)
        return EVP_CipherInit_ex(ctx, cipher, nullptr, key.data(), bytes(iv), enc) == 1;
    return EVP_CipherInit_ex(ctx, cipher, nullptr, nullptr, nullptr, enc) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) == 1
        && EVP_CipherInit_ex(ctx, nullptr, nullptr, key.data(), bytes(iv), enc) == 1;
}

// Decrypts into `out` (ciphertext.size() bytes). The plaintext in `out` must be discarded when
// this fails.
Result<void> gcmDecrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad, QByteArrayView ciphertext,
                        QByteArrayView tag, unsigned char *out)
{
    const EVP_CIPHER *cipher = gcmCipher(key.size());
    if (!cipher)
        return badKey(key.size());
    if (iv.isEmpty())
        return makeError(ErrorCode::SegmentLength, QStringLiteral("AES-GCM needs a non-empty IV"));
    if (tag.size() != kAesGcmTagBytes)
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("the AES-GCM authentication tag is %1 bytes; it must be %2").arg(tag.size()).arg(kAesGcmTagBytes));
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    // The AAD pass reports its own length: kept apart, or an empty ciphertext would leave `out`
    // offset by the AAD's size for the final call (found by UBSan).
    int aadLength = 0;
    int length = 0;
    if (!ctx || !initCipher(ctx.get(), cipher, false, key, iv)
        || (!aad.isEmpty() && EVP_DecryptUpdate(ctx.get(), nullptr, &aadLength, bytes(aad), static_cast<int>(aad.size())) != 1)
        || (!ciphertext.isEmpty()
            && EVP_DecryptUpdate(ctx.get(), out, &length, bytes(ciphertext), static_cast<int>(ciphertext.size())) != 1)
        // EVP takes a non-const pointer for both directions of the tag control; it only reads here.
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAesGcmTagBytes,
                               const_cast<char *>(tag.data())) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("AES-GCM decryption could not be set up"));
    int finalLength = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), out + length, &finalLength) != 1) {
        drainOpenSslErrors();
        return makeError(ErrorCode::TagMismatch,
                         QStringLiteral("the AES-GCM authentication tag does not match: the key is wrong, or the "
                                        "header, IV, ciphertext or tag was altered"));
    }
    return {};
}

} // namespace

Result<AeadOutput> aesGcmEncrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad, QByteArrayView plaintext)
{
    const EVP_CIPHER *cipher = gcmCipher(key.size());
    if (!cipher)
        return badKey(key.size());
    if (iv.isEmpty())
        return makeError(ErrorCode::SegmentLength, QStringLiteral("AES-GCM needs a non-empty IV"));
    AeadOutput output;
    output.ciphertext = QByteArray(plaintext.size(), Qt::Uninitialized);
    output.tag = QByteArray(kAesGcmTagBytes, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(output.ciphertext.data());
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int aadLength = 0; // apart from `length`, as in gcmDecrypt
    int length = 0;
    int finalLength = 0;
    if (!ctx || !initCipher(ctx.get(), cipher, true, key, iv)
        || (!aad.isEmpty() && EVP_EncryptUpdate(ctx.get(), nullptr, &aadLength, bytes(aad), static_cast<int>(aad.size())) != 1)
        || (!plaintext.isEmpty()
            && EVP_EncryptUpdate(ctx.get(), out, &length, bytes(plaintext), static_cast<int>(plaintext.size())) != 1)
        || EVP_EncryptFinal_ex(ctx.get(), out + length, &finalLength) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAesGcmTagBytes, output.tag.data()) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("AES-GCM encryption failed"));
    return output;
}

Result<QByteArray> aesGcmDecrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                 QByteArrayView ciphertext, QByteArrayView tag)
{
    QByteArray plaintext(ciphertext.size(), Qt::Uninitialized);
    auto done = gcmDecrypt(key, iv, aad, ciphertext, tag, reinterpret_cast<unsigned char *>(plaintext.data()));
    if (!done)
        return done.error();
    return plaintext;
}

Result<void> aesGcmDecryptInPlace(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad, QByteArray &data,
                                  QByteArrayView tag)
{
    // GCM allows the output to be exactly the input buffer.
    auto done = gcmDecrypt(key, iv, aad, data, tag, reinterpret_cast<unsigned char *>(data.data()));
    if (!done)
        data.clear(); // it may hold unauthenticated plaintext now
    return done;
}

Result<SecureBytes> aesGcmDecryptKey(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                     QByteArrayView ciphertext, QByteArrayView tag)
{
    SecureBytes plaintext(static_cast<std::size_t>(ciphertext.size()));
    auto done = gcmDecrypt(key, iv, aad, ciphertext, tag, plaintext.data());
    if (!done)
        return done.error();
    return plaintext;
}

} // namespace td
