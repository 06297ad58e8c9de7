// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace td {

// How BankEzy turns the ECDH shared secret Z into the payload key (PROTOCOLS.md, key exchange
// step 3). A per-environment setting because real deployments differ.
enum class KdfMode {
    Raw,    // key = Z (the default)
    Concat, // RFC 7518 §4.6.2 Concat KDF, SHA-256, AlgorithmID "A256GCM", empty PartyU/VInfo, 256 bits
    Sha256, // key = SHA-256(Z)
};

QString kdfModeName(KdfMode mode); // "raw", "concat", "sha256"
std::optional<KdfMode> kdfModeFromName(QStringView name);
// What a person reads in a list of modes (the environment editor, the Sandbox page), short
// enough for a narrow drop-down, e.g. "raw (default)"; kdfModeDescription says what it does
// ("raw: key = Z, the ECDH secret as it is") for the item's tooltip.
QString kdfModeText(KdfMode mode);
QString kdfModeDescription(KdfMode mode);

} // namespace td
