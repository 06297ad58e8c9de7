// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"
#include "core/jose/JoseAlgorithms.h"
#include "core/jose/Jwk.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace td {

// A compact JWE (RFC 7516 §7.1) after parsing: raw segments, decoded parts, header, alg/enc.
struct JweToken {
    QByteArray protectedB64; // segment 1 exactly as received: it is the AAD
    QJsonObject header;
    QByteArray encryptedKey;
    QByteArray iv;
    QByteArray ciphertext;
    QByteArray tag;
    JweAlg alg = JweAlg::Dir;
    JweEnc enc = JweEnc::A256GCM;
};

// Options for JweCompact::encrypt. The optional fields exist so known-answer tests (RFC 7520)
// can reproduce an exact output; normal callers leave them empty and get fresh random values.
struct JweEncryptOptions {
    JweAlg alg = JweAlg::Dir;
    JweEnc enc = JweEnc::A256GCM;
    QString kid;                 // added to the header when not empty
    QJsonObject extraHeader;     // merged into the protected header (e.g. "cty", "apu")
    bool deflate = false;        // "zip":"DEF"
    // Deterministic seams:
    SecureBytes cek;             // content key (ignored for dir / ECDH-ES direct)
    QByteArray iv;               // content IV
    QByteArray keyWrapIv;        // AxxxGCMKW IV
    std::optional<Jwk> ephemeralKey; // ECDH-ES ephemeral private key
    QByteArray p2s;              // PBES2 salt input
    int p2c = 0;                 // PBES2 iteration count; 0 = the default, 310000 (OWASP 2023 for HMAC-SHA256)
    QByteArray protectedHeaderB64; // use exactly this header segment (must match the options)
};

// JWE compact serialization: parse with step-by-step diagnostics, decrypt, encrypt.
class JweCompact
{
public:
    // Structure and header checks: size, 5 segments, each segment base64url, header JSON object,
    // alg and enc present and supported, crit understood, alg-specific header members present.
    static Result<JweToken> parse(QByteArrayView compact);
    // Decrypts with one key. Errors name the failing step: KeyTypeMismatch, KeySizeMismatch,
    // KeyNotPrivate, EpkNotOnCurve, KeyUnwrapFailed, CekLengthMismatch, TagMismatch,
    // DecompressFailed. The plaintext is returned as bytes (it may not be UTF-8).
    static Result<QByteArray> decrypt(const JweToken &token, const Jwk &key);
    static Result<QByteArray> decrypt(QByteArrayView compact, const Jwk &key);
    static Result<QByteArray> encrypt(QByteArrayView plaintext, const Jwk &key, const JweEncryptOptions &options);
    // Checks that a key can be used with alg/enc at all (type, size, private part when
    // `forDecrypt`), without touching any token.
    static Result<void> checkKey(JweAlg alg, JweEnc enc, const Jwk &key, bool forDecrypt);
};

} // namespace td
