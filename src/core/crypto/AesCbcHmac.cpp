// SPDX-License-Identifier: GPL-3.0-or-later
#include "AesCbcHmac.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace td {

namespace {

constexpr int kIvBytes = 16;

struct Suite {
    const EVP_CIPHER *cipher = nullptr;
    const char *digest = nullptr;
    std::size_t halfBytes = 0; // MAC key, ENC key and tag length
};

Suite suiteFor(std::size_t keyBytes)
{
    switch (keyBytes) {
    case 32: return {EVP_aes_128_cbc(), "SHA256", 16};
    case 48: return {EVP_aes_192_cbc(), "SHA384", 24};
    case 64: return {EVP_aes_256_cbc(), "SHA512", 32};
    default: return {};
    }
}

Error badKey(std::size_t keyBytes)
{
    return makeError(ErrorCode::KeySizeMismatch,
                     QStringLiteral("AES-CBC-HMAC-SHA2 needs a 256, 384 or 512-bit key; this key has %1 bits").arg(keyBytes * 8));
}

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

// HMAC over AAD || IV || ciphertext || AL, truncated to the suite's tag length.
Result<SecureBytes> computeTag(const Suite &suite, const unsigned char *macKey, QByteArrayView iv, QByteArrayView aad,
                               QByteArrayView ciphertext)
{
    // Fetched once: the HMAC implementation is immutable and safe to share between threads.
    static const EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    const quint64 aadBits = static_cast<quint64>(aad.size()) * 8;
    unsigned char al[8];
    for (int i = 0; i < 8; ++i)
        al[i] = static_cast<unsigned char>((aadBits >> (56 - 8 * i)) & 0xff);
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(suite.digest), 0),
                           OSSL_PARAM_construct_end()};
    EvpMacCtxPtr ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    SecureBytes full(64);
    size_t length = 0;
    if (!ctx || EVP_MAC_init(ctx.get(), macKey, suite.halfBytes, params) != 1
        || EVP_MAC_update(ctx.get(), bytes(aad), static_cast<size_t>(aad.size())) != 1
        || EVP_MAC_update(ctx.get(), bytes(iv), static_cast<size_t>(iv.size())) != 1
        || EVP_MAC_update(ctx.get(), bytes(ciphertext), static_cast<size_t>(ciphertext.size())) != 1
        || EVP_MAC_update(ctx.get(), al, sizeof al) != 1 || EVP_MAC_final(ctx.get(), full.data(), &length, full.size()) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("HMAC computation failed"));
    full.resize(suite.halfBytes);
    return full;
}

// The suite for the key's size, once the key and IV sizes are known to fit.
Result<Suite> checkedSuite(const SecureBytes &key, QByteArrayView iv)
{
    const Suite suite = suiteFor(key.size());
    if (!suite.cipher)
        return badKey(key.size());
    if (iv.size() != kIvBytes)
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("AES-CBC needs a 16-byte IV; this one has %1 bytes").arg(iv.size()));
    return suite;
}

} // namespace

Result<AeadOutput> aesCbcHmacEncrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad, QByteArrayView plaintext)
{
    auto checked = checkedSuite(key, iv);
    if (!checked)
        return checked.error();
    const Suite suite = checked.value();
    AeadOutput output;
    // PKCS #7 padding adds 1 to 16 bytes.
    output.ciphertext = QByteArray(plaintext.size() + kIvBytes, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(output.ciphertext.data());
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), suite.cipher, nullptr, key.data() + suite.halfBytes, bytes(iv)) != 1
        || EVP_EncryptUpdate(ctx.get(), out, &length, bytes(plaintext), static_cast<int>(plaintext.size())) != 1
        || EVP_EncryptFinal_ex(ctx.get(), out + length, &finalLength) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("AES-CBC encryption failed"));
    output.ciphertext.resize(length + finalLength);
    auto tag = computeTag(suite, key.data(), iv, aad, output.ciphertext);
    if (!tag)
        return tag.error();
    output.tag = tag.value().toByteArray();
    return output;
}

Result<QByteArray> aesCbcHmacDecrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                     QByteArrayView ciphertext, QByteArrayView tag)
{
    auto checked = checkedSuite(key, iv);
    if (!checked)
        return checked.error();
    const Suite suite = checked.value();
    if (static_cast<std::size_t>(tag.size()) != suite.halfBytes)
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("the authentication tag is %1 bytes; with a %2-bit key it must be %3")
                             .arg(tag.size())
                             .arg(key.size() * 8)
                             .arg(suite.halfBytes));
    auto expected = computeTag(suite, key.data(), iv, aad, ciphertext);
    if (!expected)
        return expected.error();
    // Authenticate first, in constant time; only an authentic ciphertext reaches the CBC decryption.
    if (CRYPTO_memcmp(expected.value().data(), tag.data(), suite.halfBytes) != 0)
        return makeError(ErrorCode::TagMismatch,
                         QStringLiteral("the HMAC authentication tag does not match: the key is wrong, or the header, "
                                        "IV, ciphertext or tag was altered"));
    if (ciphertext.isEmpty() || ciphertext.size() % kIvBytes != 0)
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("AES-CBC ciphertext must be a non-zero multiple of 16 bytes; this one has %1")
                             .arg(ciphertext.size()));
    QByteArray plaintext(ciphertext.size(), Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(plaintext.data());
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    int finalLength = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), suite.cipher, nullptr, key.data() + suite.halfBytes, bytes(iv)) != 1
        || EVP_DecryptUpdate(ctx.get(), out, &length, bytes(ciphertext), static_cast<int>(ciphertext.size())) != 1
        || EVP_DecryptFinal_ex(ctx.get(), out + length, &finalLength) != 1)
        // The tag matched, so the sender itself produced bad padding: a broken encoder, not tampering.
        return openSslError(ErrorCode::Crypto,
                            QStringLiteral("the ciphertext is authentic but its AES-CBC padding is invalid: the "
                                           "sender's encryption is broken"));
    plaintext.resize(length + finalLength);
    return plaintext;
}

} // namespace td
