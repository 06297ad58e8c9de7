// SPDX-License-Identifier: GPL-3.0-or-later
#include "Session.h"

#include <algorithm>

namespace td {

int Session::successfulRenewals() const
{
    return int(std::count_if(renewals.cbegin(), renewals.cend(), [](const Renewal &renewal) { return renewal.ok; }));
}

Session Session::fromResult(const TokenResult &result, const Environment &environment, const CallContext &context,
                            qint64 nowMs)
{
    Session session;
    session.id = QUuid::createUuid();
    session.family = result.endpointId.section(QLatin1Char('.'), 0, 0);
    session.environment = environment;
    session.endpointId = result.endpointId;
    session.token = result.token;
    session.refreshToken = result.refreshToken;
    session.context = context;
    // The caller's clock (the one the scheduler runs on) rather than the arrival instant, so a
    // lifetime is measured on one clock; the two differ by the time it took to get here.
    session.issuedAtMs = nowMs;
    session.expiresAtMs = result.expiresAtMs;
    session.expiryField = result.expiryField;
    session.expiryRaw = result.expiryRaw;
    session.warnings = result.warnings;
    return session;
}

void Session::applyRenewal(const TokenResult &result, const CallContext &renewedContext, qint64 nowMs)
{
    token = result.token;
    if (!result.refreshToken.isEmpty())
        refreshToken = result.refreshToken;
    context = renewedContext;
    issuedAtMs = nowMs;
    expiresAtMs = result.expiresAtMs;
    expiryField = result.expiryField;
    expiryRaw = result.expiryRaw;
    warnings = result.warnings;
    lastError.clear();
    renewals.append({nowMs, true, result.httpStatus, result.code, result.message, result.expiresAtMs});
}

void Session::recordFailure(const TokenResult &result, qint64 nowMs)
{
    lastError = reasonOf(result);
    renewals.append({nowMs, false, result.httpStatus, result.code, lastError, 0});
}

QString Session::reasonOf(const TokenResult &result)
{
    QString reason = result.message;
    if (result.error && reason.isEmpty())
        reason = result.error->toString();
    if (!result.code.isEmpty())
        reason = reason.isEmpty() ? result.code : QStringLiteral("%1 %2").arg(result.code, reason);
    if (result.httpStatus != 0 && result.httpStatus != 200)
        reason += QStringLiteral(" (HTTP %1)").arg(result.httpStatus);
    if (reason.isEmpty())
        reason = QStringLiteral("the renew call failed without a reason");
    return reason.trimmed();
}

} // namespace td
