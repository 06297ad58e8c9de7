// SPDX-License-Identifier: GPL-3.0-or-later
#include "JweCompact.h"

// STUB: replaced by the real implementation.
namespace td {
static Error notYet() { return makeError(ErrorCode::Internal, QStringLiteral("not implemented yet")); }
Result<JweToken> JweCompact::parse(QByteArrayView) { return notYet(); }
Result<QByteArray> JweCompact::decrypt(const JweToken &, const Jwk &) { return notYet(); }
Result<QByteArray> JweCompact::decrypt(QByteArrayView, const Jwk &) { return notYet(); }
Result<QByteArray> JweCompact::encrypt(QByteArrayView, const Jwk &, const JweEncryptOptions &) { return notYet(); }
Result<void> JweCompact::checkKey(JweAlg, JweEnc, const Jwk &, bool) { return notYet(); }
} // namespace td
