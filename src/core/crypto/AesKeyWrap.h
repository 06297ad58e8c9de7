// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace td {

// AES Key Wrap (RFC 3394) with the default IV A6A6A6A6A6A6A6A6, as JWE's A*KW, ECDH-ES+A*KW and
// PBES2-*+A*KW use it. The KEK is 128, 192 or 256 bits (KeySizeMismatch otherwise).

// keyData must be a multiple of 8 bytes, at least 16 (SegmentLength otherwise).
[[nodiscard]] Result<QByteArray> aesKeyWrap(const SecureBytes &kek, const SecureBytes &keyData);
// KeyUnwrapFailed when the integrity check fails (wrong KEK or altered input); SegmentLength when
// the wrapped length is impossible (not a multiple of 8, or below 24 bytes).
[[nodiscard]] Result<SecureBytes> aesKeyUnwrap(const SecureBytes &kek, QByteArrayView wrapped);

} // namespace td
