// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"
#include "core/jose/JwtClaims.h"
#include "core/jose/KeyCandidates.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace td {

// One segment of the token as the inspector shows it.
struct SegmentInfo {
    QString name;        // "protected header", "encrypted key", "IV", "ciphertext", "tag", "payload", "signature"
    int encodedLength = 0;
    int decodedLength = -1; // -1 when it did not decode
    bool ok = true;
    QString note;        // e.g. "empty: expected for alg dir", or the decode error
};

struct Diagnostic {
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Info;
    ErrorCode code = ErrorCode::Internal; // meaningful for warnings and errors
    QString message;
};

// Everything the inspector knows about one token; the GUI page and `tokendesk-cli inspect` both
// render this, so they always agree.
struct InspectionReport {
    enum class Kind { Empty, Jwe, Jws, Opaque };
    Kind kind = Kind::Empty;
    QList<SegmentInfo> segments;
    QJsonObject header;
    bool structureOk = false;     // segments and header parsed
    bool keyOperationTried = false;
    bool keyOperationOk = false;  // decrypted / signature verified
    QString keyUsed;              // label of the key that worked
    QList<KeyAttempt> attempts;
    QByteArray payload;           // JWS payload (always) or JWE plaintext (after decrypt)
    bool payloadIsUtf8 = false;
    std::optional<JwtClaims> claims; // when the payload is a JSON object
    QList<Diagnostic> diagnostics;
    std::optional<Error> error;   // the failure that stopped the inspection, if any

    // Stable JSON used by `tokendesk-cli inspect --json`.
    QJsonObject toJson(const QDateTime &now) const;
    static QString kindName(Kind kind); // "jwe", "jws", "opaque", "empty"
};

// Looks at any pasted token and explains it: kind, segments, header, claims, and with keys the
// decrypt or verify result with a diagnostic for the step that failed.
class TokenInspector
{
public:
    static InspectionReport inspect(QByteArrayView token, const QList<NamedKey> &keys, const QDateTime &now);
};

} // namespace td
