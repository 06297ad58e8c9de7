// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExpiryText.h"

#include "core/jose/JwtClaims.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonArray>

namespace td {

QString ExpiryText::absolute(qint64 expiresAtMs)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(expiresAtMs, Qt::UTC);
    const QDateTime local = utc.toLocalTime();
    const QString utcText = utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (local.offsetFromUtc() == 0 && local.timeZoneAbbreviation() == QLatin1String("UTC"))
        return utcText + QStringLiteral(" UTC");
    return QStringLiteral("%1 %2 · %3 UTC")
        .arg(local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), local.timeZoneAbbreviation(), utcText);
}

QString ExpiryText::relative(qint64 expiresAtMs, qint64 nowMs)
{
    // Whole seconds, rounded towards the expiry, so a fresh 900 s token reads "15 min" for a moment
    // rather than "14 min 59 s" because a few ms passed.
    const qint64 deltaMs = expiresAtMs - nowMs;
    if (deltaMs > 0)
        return QStringLiteral("expires in %1").arg(JwtClaims::formatDuration((deltaMs + 999) / 1000));
    if (deltaMs > -1000)
        return QStringLiteral("expires now");
    return QStringLiteral("expired %1 ago").arg(JwtClaims::formatDuration(-deltaMs / 1000));
}

QString ExpiryText::rawField(const QString &field, const QJsonValue &raw)
{
    if (field.isEmpty())
        return {};
    QString value;
    if (raw.isString())
        value = QStringLiteral("\"%1\"").arg(raw.toString());
    else if (raw.isDouble())
        value = QString::number(raw.toInteger(static_cast<qint64>(raw.toDouble())));
    else
        value = QString::fromUtf8(QJsonDocument(QJsonArray{raw}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    return QStringLiteral("%1 = %2").arg(field, value);
}

} // namespace td
