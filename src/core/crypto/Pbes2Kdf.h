// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/Digest.h"
#include "core/crypto/SecureBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace td {

// PBES2 key derivation as RFC 7518 §4.8 uses it: PBKDF2 (RFC 8018) with HMAC-SHA-256/384/512.

// Iteration counts above this are refused, so a hostile token cannot make the app spin for
// minutes (10 million HMAC-SHA-512 rounds already take several seconds).
constexpr int kPbes2MaxIterations = 10'000'000;
// What trying several passwords on one token may spend in all (KeyCandidates): one attempt at the
// largest count, or as many attempts as fit.
constexpr qint64 kPbes2MaxIterationsPerToken = kPbes2MaxIterations;

// The PBKDF2 salt of RFC 7518 §4.8.1.1: UTF8(alg) || 0x00 || saltInput (p2s).
QByteArray pbes2Salt(QByteArrayView algName, QByteArrayView saltInput);

// PBKDF2-HMAC over `password` and the full `salt`, producing keyBytes bytes. InvalidHeaderParameter
// when iterations is outside 1..kPbes2MaxIterations.
[[nodiscard]] Result<SecureBytes> pbkdf2(DigestAlgorithm digest, const SecureBytes &password, QByteArrayView salt,
                                         int iterations, int keyBytes);

} // namespace td
