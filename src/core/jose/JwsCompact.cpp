// SPDX-License-Identifier: GPL-3.0-or-later
#include "JwsCompact.h"

// STUB: replaced by the real implementation.
namespace td {
static Error notYet() { return makeError(ErrorCode::Internal, QStringLiteral("not implemented yet")); }
Result<JwsToken> JwsCompact::parse(QByteArrayView) { return notYet(); }
Result<void> JwsCompact::verify(const JwsToken &, const Jwk &) { return notYet(); }
Result<QByteArray> JwsCompact::sign(QByteArrayView, const Jwk &, const JwsSignOptions &) { return notYet(); }
Result<void> JwsCompact::checkKey(JwsAlg, const Jwk &, bool) { return notYet(); }
} // namespace td
