// SPDX-License-Identifier: GPL-3.0-or-later
#include "JwtClaims.h"

// STUB: replaced by the real implementation.
namespace td {
Result<JwtClaims> JwtClaims::fromPayload(QByteArrayView) { return makeError(ErrorCode::Internal, QStringLiteral("not implemented yet")); }
JwtClaims::Validity JwtClaims::validity(const QDateTime &) const { return Validity::NoExpiry; }
QList<ClaimRow> JwtClaims::rows(const QDateTime &) const { return {}; }
QString JwtClaims::relativePhrase(const QString &, qint64, const QDateTime &) { return {}; }
QString JwtClaims::formatDuration(qint64) { return {}; }
} // namespace td
