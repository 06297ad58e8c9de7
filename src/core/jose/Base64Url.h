// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace td {

// base64url without padding (RFC 7515 §2), with diagnostics that name the first offending
// character and recognise standard base64 used by mistake.
class Base64Url
{
public:
    static QByteArray encode(QByteArrayView data);
    // Strict decode. On failure the code is SegmentIsStandardBase64 when the text is valid
    // standard base64 (has '+', '/' or '=' padding) and SegmentNotBase64Url otherwise; the
    // message names `what` (e.g. "segment 2 (encrypted key)") and the offending position.
    static Result<QByteArray> decode(QByteArrayView text, const QString &what = QStringLiteral("input"));
    // The fast path without diagnostics: false (and `out` unspecified) when the text is not
    // strict base64url. Use it where the error message would be built for nothing.
    static bool tryDecode(QByteArrayView text, QByteArray &out);
    // True when every character is in the base64url alphabet and the length is possible.
    static bool isBase64Url(QByteArrayView text);
};

} // namespace td
