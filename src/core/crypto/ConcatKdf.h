// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/SecureBytes.h"

#include <QByteArrayView>

namespace td {

// The single-step Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, in the form RFC 7518
// §4.6.2 uses for ECDH-ES: OtherInfo = AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo,
// each of the first three as a 32-bit big-endian length followed by the bytes, SuppPubInfo as
// keyBits in 32 bits big-endian, SuppPrivInfo empty. General enough for other ECDH key
// agreements that follow the same layout. keyBits must be a positive multiple of 8.
SecureBytes concatKdf(const SecureBytes &z, int keyBits, QByteArrayView algorithmId, QByteArrayView apu,
                      QByteArrayView apv);

} // namespace td
