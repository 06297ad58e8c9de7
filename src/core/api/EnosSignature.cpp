// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnosSignature.h"

#include "core/crypto/Digest.h"

namespace td {

QByteArray EnosSignature::signedString(const QString &appKey, qint64 timestampMs, const QString &appSecret)
{
    return appKey.toUtf8() + QByteArray::number(timestampMs) + appSecret.toUtf8();
}

QString EnosSignature::compute(const QString &appKey, qint64 timestampMs, const QString &appSecret)
{
    return QString::fromLatin1(sha256(signedString(appKey, timestampMs, appSecret)).toHex());
}

} // namespace td
