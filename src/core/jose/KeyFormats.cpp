// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyFormats.h"

// STUB: replaced by the real implementation.
namespace td {
static Error notYet() { return makeError(ErrorCode::Internal, QStringLiteral("not implemented yet")); }
QString keyFormatName(KeyFormat) { return {}; }
Result<ImportedKeys> KeyFormats::parse(QByteArrayView) { return notYet(); }
Result<ImportedKeys> KeyFormats::parseFile(const QString &) { return notYet(); }
Result<QByteArray> KeyFormats::toPem(const Jwk &, bool) { return notYet(); }
QByteArray KeyFormats::toBase64UrlJwk(const Jwk &, bool) { return {}; }
QByteArray KeyFormats::toJwkSet(const QList<Jwk> &, bool) { return {}; }
} // namespace td
