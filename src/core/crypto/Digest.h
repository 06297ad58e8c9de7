// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace td {

enum class DigestAlgorithm { Sha1, Sha256, Sha384, Sha512 };

// The OpenSSL name of the digest ("SHA256", ...), for EVP_*_fetch and OSSL_PARAMs.
const char *digestName(DigestAlgorithm algorithm);
int digestSize(DigestAlgorithm algorithm);

QByteArray digest(DigestAlgorithm algorithm, QByteArrayView data);
inline QByteArray sha256(QByteArrayView data) { return digest(DigestAlgorithm::Sha256, data); }

// HMAC over data with key; the result is secret when it is used as key material, hence SecureBytes.
Result<SecureBytes> hmac(DigestAlgorithm algorithm, QByteArrayView key, QByteArrayView data);

} // namespace td
