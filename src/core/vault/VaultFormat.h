// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <QByteArray>

namespace td {

// scrypt cost parameters, stored in the vault's header.
struct ScryptParams {
    int log2N = 17;   // N = 2^17: about 0.3–0.5 s on the reference machine (measured in docs/performance.md)
    quint32 r = 8;
    quint32 p = 1;
};

// The vault file: a versioned header (magic, version, KDF parameters, salt, nonce, sizes and a
// passphrase check), then the whole document encrypted with AES-256-GCM under a key derived with
// scrypt, the header as associated data. Each failure has its own code and sentence:
// not a vault, unsupported version, header damaged, truncated, wrong passphrase, content damaged.
class VaultFormat
{
public:
    static constexpr int kVersion = 1;
    static constexpr int kHeaderBytes = 104; // the layout is documented in VaultFormat.cpp
    static constexpr int kSaltBytes = 16;
    static constexpr int kNonceBytes = 12;
    // What open() accepts from a header, so a crafted file cannot make TokenDesk hang or exhaust memory.
    static constexpr int kMinLog2N = 10;
    static constexpr int kMaxLog2N = 22;
    static constexpr quint32 kMaxR = 32;
    static constexpr quint32 kMaxP = 16;
    static constexpr quint64 kMaxScryptMemory = quint64(1) << 30;

    // A fresh salt and nonce every time: two saves of the same document differ completely.
    static Result<QByteArray> seal(const SecureBytes &document, const SecureBytes &passphrase, const ScryptParams &params);
    // The costly half of seal(), a fresh salt and the keys scrypt derives from it, so a caller can
    // do it before taking the file's lock and hold the lock only for the cheap half. Use once.
    struct SealKey {
        ScryptParams params;
        SecureBytes salt;
        SecureBytes derived;
    };
    static Result<SealKey> prepareSeal(const SecureBytes &passphrase, const ScryptParams &params);
    static Result<QByteArray> seal(const SecureBytes &document, const SealKey &key);
    static Result<SecureBytes> open(QByteArrayView file, const SecureBytes &passphrase);
    // The header's parameters without the passphrase (for `vault info`, and for re-sealing with
    // the same cost).
    static Result<ScryptParams> params(QByteArrayView file);

    // VaultDamaged when the parameters are outside the limits above.
    static Result<void> checkParams(const ScryptParams &params);
    // The 64 bytes scrypt derives (AES key, then check key): exposed so the benchmark can time
    // scrypt alone.
    static Result<SecureBytes> deriveKeys(const SecureBytes &passphrase, QByteArrayView salt, const ScryptParams &params);
};

} // namespace td
