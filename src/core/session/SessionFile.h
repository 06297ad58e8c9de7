// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"
#include "core/session/Session.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace td {

// The sessions file beside the vault ("<vault>.sessions"): every tracked session in the stored
// form of SessionJson, sealed with AES-256-GCM under the vault's sessions key. A save costs one
// AES pass, not a scrypt derivation, so sessions can be saved after every renewal.
//
// Layout: "TDSESS" | version (2 bytes, big-endian) | nonce (12) | ciphertext | tag (16); the first
// 8 bytes are the associated data. The plaintext is {"format":1,"sessions":[...]}.
class SessionFile
{
public:
    static constexpr quint16 kVersion = 1;
    static constexpr int kNonceBytes = 12;
    static constexpr qint64 kMaxFileBytes = 256LL * 1024 * 1024;

    // A missing file is an empty list. SessionsUnreadable (not ours, truncated, damaged, or sealed
    // under another vault's key), UnsupportedVersion, Io; the file is never touched by a read.
    static Result<QList<Session>> read(const QString &path, const SecureBytes &key);
    // The file's bytes as they are, nullopt when there is no file; for a caller that compares
    // them with what it wrote before opening them. Io, or SessionsUnreadable when far too large.
    static Result<std::optional<QByteArray>> readRaw(const QString &path);
    // Atomic (SafeFile): the old file stays whole until the new one is complete; 0600.
    static Result<void> write(const QString &path, const SecureBytes &key, const QList<Session> &sessions);

    static Result<QByteArray> seal(const SecureBytes &key, const QList<Session> &sessions);
    static Result<QList<Session>> open(QByteArrayView file, const SecureBytes &key, const QString &path = {});
};

} // namespace td
