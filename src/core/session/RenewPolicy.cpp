// SPDX-License-Identifier: GPL-3.0-or-later
#include "RenewPolicy.h"

#include <QDateTime>
#include <QUrl>

#include <cmath>

namespace td {

void RenewPolicy::setThreshold(double fraction, qint64 minimumMs)
{
    m_fraction = qBound(0.0, fraction, 1.0);
    m_minimumMs = qMax<qint64>(0, minimumMs);
}

qint64 RenewPolicy::thresholdMs(const Session &session) const
{
    const qint64 lifetime = session.lifetimeMs();
    const auto share = qint64(std::llround(m_fraction * double(lifetime)));
    // The half-lifetime cap is what keeps a short token (shorter than the 5 min floor) from being
    // due for renewal the moment it arrives, which renewed 6-second tokens 1,250 times a second.
    return qMin(qMax(share, m_minimumMs), lifetime / 2);
}

qint64 RenewPolicy::renewAtMs(const Session &session) const
{
    qint64 at = thresholdAtMs(session);
    if (!session.renewals.isEmpty())
        at = qMax(at, session.renewals.constLast().atMs + m_minimumIntervalMs);
    return at;
}

QString RenewPolicy::hostOf(const Session &session)
{
    const QUrl url(session.environment.baseUrlFor(session.family));
    if (!url.isValid() || url.host().isEmpty())
        return session.environment.name;
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    return QStringLiteral("%1:%2").arg(url.host()).arg(port);
}

std::deque<qint64> &RenewPolicy::windowOf(const QString &host, qint64 nowMs)
{
    std::deque<qint64> &window = m_renewalsByHost[host];
    while (!window.empty() && window.front() <= nowMs - kBudgetWindowMs)
        window.pop_front();
    return window;
}

qint64 RenewPolicy::hostFreeAtMs(const QString &host, qint64 nowMs)
{
    const std::deque<qint64> &window = windowOf(host, nowMs);
    if (int(window.size()) < m_hostBudget)
        return nowMs;
    // The oldest renewal that must leave the window for one more to fit.
    return window[window.size() - std::size_t(m_hostBudget)] + kBudgetWindowMs;
}

void RenewPolicy::recordRenewal(const QString &host, qint64 nowMs)
{
    windowOf(host, nowMs).push_back(nowMs);
}

QString RenewPolicy::budgetWaitReason(const QString &host) const
{
    return QStringLiteral("waiting: %1 renewals to %2 in the last minute is the limit").arg(m_hostBudget).arg(host);
}

QString RenewPolicy::stopReason(const Session &before, const TokenResult &result)
{
    if (result.expiresAtMs <= 0)
        return before.expiresAtMs > 0 ? QStringLiteral("the renewal gave no expiry; auto-renew stopped") : QString();
    if (result.expiresAtMs > before.expiresAtMs)
        return {};
    const QString at = QDateTime::fromMSecsSinceEpoch(result.expiresAtMs, Qt::UTC).toString(Qt::ISODate);
    return QStringLiteral("the renewal gave no later expiry (%1, %2); auto-renew stopped")
        .arg(at, result.expiresAtMs == before.expiresAtMs ? QStringLiteral("as before") : QStringLiteral("earlier than before"));
}

} // namespace td
