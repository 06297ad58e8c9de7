// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace td {

// How a payload is shown: indented JSON when it parses as JSON, else UTF-8 text, else a hex dump.
struct FormattedPayload {
    enum class Form { Empty, Json, Text, Hex };
    Form form = Form::Empty;
    QString text;
    QString description; // "JSON, 312 bytes", "text, 40 bytes", "binary, 16 bytes (hex dump)"
};

class PayloadFormatter
{
public:
    static FormattedPayload format(const QByteArray &payload);
    // Classic 16-bytes-per-line dump with offsets and an ASCII column; at most maxBytes are shown.
    static QString hexDump(const QByteArray &bytes, int maxBytes = 64 * 1024);
};

} // namespace td
