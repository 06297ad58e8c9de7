// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/TokenResult.h"
#include "core/net/Environment.h"
#include "core/session/SessionState.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace td {

// One issued token that TokenDesk watches until it is closed: what issued it, where, when it
// expires (normalised, with the raw field), what a renew needs (the CallContext) and the chain of
// renew attempts with their outcomes.
struct Session {
    struct Renewal {
        qint64 atMs = 0;
        bool ok = false;
        int httpStatus = 0;
        QString code;
        QString message;
        qint64 newExpiresAtMs = 0; // 0 when the attempt failed
    };

    QUuid id;
    QString family;
    Environment environment;
    QString endpointId;      // the endpoint that issued the first token
    QString token;
    QString refreshToken;
    CallContext context;     // session key, account number, app key… for the renew step
    qint64 issuedAtMs = 0;   // when the current token arrived (reset by each renewal)
    qint64 expiresAtMs = 0;  // 0: the server gave no expiry, nothing to schedule
    QString expiryField;
    QJsonValue expiryRaw;
    QStringList warnings;    // e.g. JWT exp and the expiry field disagree
    SessionState state = SessionState::Fresh;
    std::optional<bool> autoRenew; // unset: the scheduler's default for the environment
    // Set when a renewal brought no later expiry: the scheduler no longer renews this session by
    // itself until the engineer switches auto-renew again or a renewal brings a later expiry.
    QString autoRenewStoppedReason;
    QString lastError;
    QList<Renewal> renewals;

    // Scheduler bookkeeping: consecutive failed renew attempts and when the next one is due.
    int failedAttempts = 0;
    qint64 nextRetryAtMs = 0;

    qint64 lifetimeMs() const { return expiresAtMs > issuedAtMs ? expiresAtMs - issuedAtMs : 0; }
    int successfulRenewals() const;
    bool isOpen() const { return state != SessionState::Closed && state != SessionState::Terminated; }

    // A new session (fresh id, state Fresh) for a successful token-issuing call.
    static Session fromResult(const TokenResult &result, const Environment &environment, const CallContext &context,
                              qint64 nowMs);
    // Applies a successful renew: new token(s), expiry and context; appends to the chain.
    void applyRenewal(const TokenResult &result, const CallContext &renewedContext, qint64 nowMs);
    // Appends a failed attempt to the chain and keeps the server's reason in lastError.
    void recordFailure(const TokenResult &result, qint64 nowMs);
    // "TOK003 failure (HTTP 500)"-style reason for a failed result.
    static QString reasonOf(const TokenResult &result);
};

} // namespace td
