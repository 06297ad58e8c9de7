// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/KdfMode.h"
#include "core/crypto/SecureBytes.h"
#include "core/jose/Jwk.h"

#include <QByteArray>
#include <QByteArrayView>

namespace td {

// The BankEzy key exchange and payload encryption of PROTOCOLS.md, shared by the client adapter
// and the sandbox so both sides speak exactly the same wire format.
class BankEzyCrypto
{
public:
    // base64url (no padding) of the UTF-8 JSON {"kty":"EC","crv":"P-256","x":…,"y":…}, members in
    // that order as the seed sample has them. The key must be EC P-256.
    static QByteArray encodePublicKey(const Jwk &key);

    // The inverse: FieldInvalid with a sentence when the text is not base64url, not a JSON
    // object, not an EC P-256 JWK; KeyNotOnCurve when the point is off the curve.
    static Result<Jwk> decodePublicKey(QByteArrayView encoded);

    // ECDH(ownPrivate, peerPublic) → Z, then the KDF of `mode`: a 256-bit AES-GCM key.
    static Result<SecureBytes> deriveSessionKey(const Jwk &ownPrivate, const Jwk &peerPublic, KdfMode mode);
    static SecureBytes applyKdf(const SecureBytes &z, KdfMode mode);

    // JWE compact, protected header {"alg":"dir","enc":"A256GCM"} (+ kid when given), random
    // 96-bit IV.
    static Result<QByteArray> encryptPayload(QByteArrayView plaintext, const SecureBytes &key,
                                             const QString &kid = {});
    // PayloadDecryptFailed when the body is not a dir/A256GCM JWE or the key does not open it;
    // the detail names the step (segment, header, tag).
    static Result<QByteArray> decryptPayload(QByteArrayView compact, const SecureBytes &key);

    // RFC 7638 thumbprint of the oct key, shown so that client and server can compare keys
    // without revealing them.
    static QString keyThumbprint(const SecureBytes &key);
};

} // namespace td
