// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/TokenResult.h"
#include "core/session/Session.h"

#include <QHash>
#include <QString>

#include <deque>

namespace td {

// The rules that decide when a session may renew by itself, so that auto-renew can never storm a
// server, whatever lifetime it hands out:
// - the renew point is max(fraction × lifetime, minimum) before expiry, but never earlier than
//   half the lifetime: a token is used for at least half its life, so each token renews once;
// - successive renewals of one session are at least minimumInterval apart;
// - all sessions together renew at most hostBudget times per minute towards one host;
// - a renewal that returns no later expiry stops auto-renew for that session (stopReason()).
// A renewal the engineer asks for (Renew now, the 401 renew-and-retry) is not held back, but it
// counts against the host's budget. Times are the caller's clock (the scheduler's).
class RenewPolicy
{
public:
    static constexpr double kDefaultFraction = 0.2;
    static constexpr qint64 kDefaultMinimumMs = 5 * 60 * 1000;
    static constexpr qint64 kDefaultMinimumIntervalMs = 1000;
    static constexpr int kDefaultHostBudgetPerMinute = 60;
    static constexpr qint64 kBudgetWindowMs = 60 * 1000;

    // Threshold = max(fraction × lifetime, minimum), at most half the lifetime.
    void setThreshold(double fraction, qint64 minimumMs);
    qint64 thresholdMs(const Session &session) const;
    qint64 thresholdAtMs(const Session &session) const { return session.expiresAtMs - thresholdMs(session); }

    void setMinimumIntervalMs(qint64 ms) { m_minimumIntervalMs = qMax<qint64>(0, ms); }
    qint64 minimumIntervalMs() const { return m_minimumIntervalMs; }
    // When the session may renew by itself: its threshold, and not before minimumInterval after
    // its last renew attempt.
    qint64 renewAtMs(const Session &session) const;

    // Renewals per minute towards one host, all sessions together; at least 1.
    void setHostBudgetPerMinute(int renewals) { m_hostBudget = qMax(1, renewals); }
    // The host the session renews against ("payment1.example.com:443").
    static QString hostOf(const Session &session);
    // The instant from which one more renewal towards host fits the budget (nowMs when it does now).
    qint64 hostFreeAtMs(const QString &host, qint64 nowMs);
    void recordRenewal(const QString &host, qint64 nowMs);
    // Why a renewal due now waits for the host's budget, for the engineer.
    QString budgetWaitReason(const QString &host) const;

    // Non-empty when a successful renewal must stop auto-renew: it brought no later expiry, so
    // renewing again would only repeat it.
    static QString stopReason(const Session &before, const TokenResult &result);

private:
    std::deque<qint64> &windowOf(const QString &host, qint64 nowMs);

    double m_fraction = kDefaultFraction;
    qint64 m_minimumMs = kDefaultMinimumMs;
    qint64 m_minimumIntervalMs = kDefaultMinimumIntervalMs;
    int m_hostBudget = kDefaultHostBudgetPerMinute;
    QHash<QString, std::deque<qint64>> m_renewalsByHost; // start instants within the last minute
};

} // namespace td
