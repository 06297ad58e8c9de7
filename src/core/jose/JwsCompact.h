// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/jose/JoseAlgorithms.h"
#include "core/jose/Jwk.h"

#include <QByteArray>
#include <QJsonObject>

namespace td {

// A compact JWS (RFC 7515 §7.1) after parsing.
struct JwsToken {
    QByteArray protectedB64; // segment 1 as received
    QByteArray payloadB64;   // segment 2 as received
    QJsonObject header;
    QByteArray payload;
    QByteArray signature;
    JwsAlg alg = JwsAlg::None;
};

struct JwsSignOptions {
    JwsAlg alg = JwsAlg::ES256;
    QString kid;
    QString typ;                   // e.g. "JWT"; omitted when empty
    QJsonObject extraHeader;
    QByteArray protectedHeaderB64; // use exactly this header segment (known-answer tests)
};

// JWS compact serialization: parse with diagnostics, verify, sign.
class JwsCompact
{
public:
    // Size, 3 segments, base64url per segment, header JSON object, alg present and supported
    // ("none" parses, so it can be shown, but verify refuses it), crit understood.
    static Result<JwsToken> parse(QByteArrayView compact);
    // SignatureMismatch when the signature does not verify; KeyTypeMismatch / KeySizeMismatch
    // when the key cannot be used for the alg; SegmentLength for an ECDSA
    // signature of the wrong length (DER instead of R||S, for instance).
    static Result<void> verify(const JwsToken &token, const Jwk &key);
    static Result<QByteArray> sign(QByteArrayView payload, const Jwk &key, const JwsSignOptions &options);
    static Result<void> checkKey(JwsAlg alg, const Jwk &key, bool forSign);
};

} // namespace td
