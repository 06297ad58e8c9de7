// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnosAdapter.h"

#include "core/api/EnosSignature.h"

namespace td {

Result<QString> EnosAdapter::generate(const FieldSpec &field, PreparedCall &call, CallContext &context,
                                      const Environment &environment, qint64 nowMs) const
{
    if (field.generator != QLatin1String("enos-signature"))
        return FamilyAdapter::generate(field, call, context, environment, nowMs);
    const QString appKey = call.value(u"appKey");
    const QString timestamp = call.value(u"timestamp");
    const QString appSecret = call.value(u"appSecret");
    bool numeric = false;
    const qint64 timestampMs = timestamp.toLongLong(&numeric);
    if (appKey.isEmpty() || appSecret.isEmpty() || !numeric)
        return makeError(ErrorCode::FieldMissing,
                         QStringLiteral("%1: needs App key, App secret and a numeric Timestamp to sign.").arg(field.label));
    const QString signedText = QString::fromUtf8(EnosSignature::signedString(appKey, timestampMs, appSecret));
    // The signed string holds the secret: shown masked until the user reveals it.
    call.details.append({QStringLiteral("Signed string"), signedText,
                         appKey + timestamp + QStringLiteral("***")});
    return EnosSignature::compute(appKey, timestampMs, appSecret);
}

} // namespace td
