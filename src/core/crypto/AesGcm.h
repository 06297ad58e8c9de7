// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace td {

// The output of an authenticated encryption: ciphertext and detached authentication tag.
struct AeadOutput {
    QByteArray ciphertext;
    QByteArray tag;
};

// AES-GCM (NIST SP 800-38D) with a 128/192/256-bit key chosen by key.size(), as JWE uses it for
// content encryption (A*GCM) and key wrapping (A*GCMKW). The IV may have any non-zero length;
// JWE uses 96 bits. The tag is 128 bits.
constexpr int kAesGcmTagBytes = 16;

[[nodiscard]] Result<AeadOutput> aesGcmEncrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                               QByteArrayView plaintext);
// TagMismatch when the tag does not authenticate (IV, AAD, ciphertext or tag altered, or wrong
// key); no plaintext is released in that case.
[[nodiscard]] Result<QByteArray> aesGcmDecrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                               QByteArrayView ciphertext, QByteArrayView tag);
// Same as aesGcmDecrypt, decrypting `data` in place to spare a second buffer for large content.
// On failure `data` is cleared: it would hold unauthenticated plaintext.
[[nodiscard]] Result<void> aesGcmDecryptInPlace(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                                QByteArray &data, QByteArrayView tag);
// Same as aesGcmDecrypt, for when the plaintext is itself key material (A*GCMKW).
[[nodiscard]] Result<SecureBytes> aesGcmDecryptKey(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                                   QByteArrayView ciphertext, QByteArrayView tag);

} // namespace td
