// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <openssl/evp.h>

#include <QByteArray>
#include <QByteArrayView>

namespace td {

// RSA key encryption as JWE uses it: RSA1_5 (PKCS #1 v1.5), RSA-OAEP (SHA-1, MGF1-SHA-1) and
// RSA-OAEP-256 (SHA-256, MGF1-SHA-256).
enum class RsaPadding { Pkcs1v15, OaepSha1, OaepSha256 };

[[nodiscard]] Result<QByteArray> rsaEncrypt(EVP_PKEY *publicKey, RsaPadding padding, const SecureBytes &plaintext);
// KeyUnwrapFailed when the ciphertext does not decrypt to a correctly padded message (wrong key
// or altered ciphertext); KeyNotPrivate when the key has no private part.
[[nodiscard]] Result<SecureBytes> rsaDecrypt(EVP_PKEY *privateKey, RsaPadding padding, QByteArrayView ciphertext);

} // namespace td
