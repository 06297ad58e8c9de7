// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <openssl/evp.h>

namespace td {

// Elliptic-curve Diffie-Hellman (NIST SP 800-56A, cofactor 1 for the NIST curves): the raw shared
// secret Z, the x coordinate of ownPrivate * peerPublic, as many bytes as the curve's field.
// KeyTypeMismatch when the keys are not EC or not on the same curve; KeyNotPrivate when ownPrivate
// has no private part; KeyNotOnCurve when OpenSSL rejects the peer's point.
[[nodiscard]] Result<SecureBytes> ecdhSharedSecret(EVP_PKEY *ownPrivate, EVP_PKEY *peerPublic);

} // namespace td
