// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace td {

// The EnOS APIM "encryption" field: lowercase hex SHA-256 of appKey + decimal(timestamp ms) +
// appSecret. The signed string itself is exposed so the GUI can show exactly what was hashed.
class EnosSignature
{
public:
    static QByteArray signedString(const QString &appKey, qint64 timestampMs, const QString &appSecret);
    static QString compute(const QString &appKey, qint64 timestampMs, const QString &appSecret);
};

} // namespace td
