// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/AesGcm.h"
#include "core/crypto/SecureBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace td {

// AES-CBC with HMAC-SHA-2 (RFC 7518 §5.2), the authenticated encryption behind A128CBC-HS256,
// A192CBC-HS384 and A256CBC-HS512. The key is MAC_KEY || ENC_KEY, 32, 48 or 64 bytes, which picks
// AES-128/192/256 and HMAC-SHA-256/384/512; the IV is 16 bytes; the tag is the first half of
// HMAC(MAC_KEY, AAD || IV || ciphertext || AAD length in bits as 64-bit big-endian).

[[nodiscard]] Result<AeadOutput> aesCbcHmacEncrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                                   QByteArrayView plaintext);
// The tag is checked (in constant time) before anything is decrypted: TagMismatch when it does
// not match.
[[nodiscard]] Result<QByteArray> aesCbcHmacDecrypt(const SecureBytes &key, QByteArrayView iv, QByteArrayView aad,
                                                   QByteArrayView ciphertext, QByteArrayView tag);

} // namespace td
