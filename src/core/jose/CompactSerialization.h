// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace td {

// The steps JWE and JWS share when reading a compact serialization: size limits, splitting into
// segments, base64url-decoding each with its name in the diagnostic, and parsing the header.
class CompactSerialization
{
public:
    // Tokens above this size are refused before any work (InputTooLarge).
    static constexpr qsizetype kMaxTokenBytes = 8 * 1024 * 1024;

    // Trims surrounding whitespace (a pasted token often ends in a newline) and checks emptiness
    // and size.
    static Result<QByteArrayView> prepare(QByteArrayView input);
    // Splits on '.'; SegmentCount unless the count is one of `allowedCounts`, with a message that
    // says what was found and what was expected, e.g. "4 segments; a JWE has 5".
    static Result<QList<QByteArrayView>> split(QByteArrayView token, const QList<int> &allowedCounts,
                                               const QString &kind);
    // Decodes segment `index` (0-based) named `name`; an empty segment decodes to empty bytes.
    static Result<QByteArray> decodeSegment(QByteArrayView segment, int index, const QString &name);
    // Parses the decoded protected header: HeaderNotJson / HeaderNotObject.
    static Result<QJsonObject> parseHeader(const QByteArray &decoded);
    // Checks "crit" (RFC 7515 §4.1.11): must be a non-empty array of names present in the header
    // and all in `understood`; UnknownCrit otherwise.
    static Result<void> checkCrit(const QJsonObject &header, const QStringList &understood);
};

} // namespace td
