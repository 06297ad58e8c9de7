// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QString>

namespace td {

// The words for a token's expiry: the absolute instant in local time and UTC, how far away it is
// ("expires in 14 min 58 s", "expired 2 min ago") and the raw field it was read from.
class ExpiryText
{
public:
    static QString absolute(qint64 expiresAtMs);             // "2026-11-22 17:00:00 CET · 2026-11-22 16:00:00 UTC"
    static QString relative(qint64 expiresAtMs, qint64 nowMs); // "expires in 14 min 58 s"
    static QString rawField(const QString &field, const QJsonValue &raw); // "expireAt = 1732291200000"
};

} // namespace td
