// SPDX-License-Identifier: GPL-3.0-or-later
#include "AesKeyWrap.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/evp.h>

namespace td {

namespace {

const EVP_CIPHER *wrapCipher(std::size_t kekBytes)
{
    switch (kekBytes) {
    case 16: return EVP_aes_128_wrap();
    case 24: return EVP_aes_192_wrap();
    case 32: return EVP_aes_256_wrap();
    default: return nullptr;
    }
}

Error badKek(std::size_t kekBytes)
{
    return makeError(ErrorCode::KeySizeMismatch,
                     QStringLiteral("AES key wrap needs a 128, 192 or 256-bit key-encryption key; this one has %1 bits")
                         .arg(kekBytes * 8));
}

// One pass of the wrap cipher; `out` must hold in.size() + 8 bytes. Returns the output length or
// -1 (the OpenSSL error queue is left for the caller to drain into its own message).
int runWrap(const EVP_CIPHER *cipher, bool encrypt, const SecureBytes &kek, const unsigned char *in, int inLength,
            unsigned char *out)
{
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return -1;
    // Legacy EVP refuses wrap modes unless asked explicitly; harmless with providers.
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    int length = 0;
    int finalLength = 0;
    if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, kek.data(), nullptr, encrypt ? 1 : 0) != 1
        || EVP_CipherUpdate(ctx.get(), out, &length, in, inLength) != 1
        || EVP_CipherFinal_ex(ctx.get(), out + length, &finalLength) != 1)
        return -1;
    return length + finalLength;
}

} // namespace

Result<QByteArray> aesKeyWrap(const SecureBytes &kek, const SecureBytes &keyData)
{
    const EVP_CIPHER *cipher = wrapCipher(kek.size());
    if (!cipher)
        return badKek(kek.size());
    if (keyData.size() < 16 || keyData.size() % 8 != 0)
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("AES key wrap takes a multiple of 8 bytes, at least 16; the key to wrap has %1")
                             .arg(keyData.size()));
    QByteArray wrapped(static_cast<qsizetype>(keyData.size() + 8), Qt::Uninitialized);
    const int length = runWrap(cipher, true, kek, keyData.data(), static_cast<int>(keyData.size()),
                               reinterpret_cast<unsigned char *>(wrapped.data()));
    if (length < 0)
        return openSslError(ErrorCode::Crypto, QStringLiteral("AES key wrap failed"));
    wrapped.resize(length);
    return wrapped;
}

Result<SecureBytes> aesKeyUnwrap(const SecureBytes &kek, QByteArrayView wrapped)
{
    const EVP_CIPHER *cipher = wrapCipher(kek.size());
    if (!cipher)
        return badKek(kek.size());
    if (wrapped.size() < 24 || wrapped.size() % 8 != 0)
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("an AES-wrapped key is a multiple of 8 bytes and at least 24; this one has %1")
                             .arg(wrapped.size()));
    // The cipher writes a full block more than the result while it works.
    SecureBytes out(static_cast<std::size_t>(wrapped.size()) + 8);
    const int length = runWrap(cipher, false, kek, reinterpret_cast<const unsigned char *>(wrapped.data()),
                               static_cast<int>(wrapped.size()), out.data());
    if (length < 0) {
        drainOpenSslErrors();
        return makeError(ErrorCode::KeyUnwrapFailed,
                         QStringLiteral("AES key unwrap failed its integrity check: the key-encryption key is wrong "
                                        "or the encrypted key was altered"));
    }
    out.resize(static_cast<std::size_t>(length));
    return out;
}

} // namespace td
