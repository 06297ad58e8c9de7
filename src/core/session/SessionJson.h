// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/session/Session.h"

#include <QJsonObject>

namespace td {

// Sessions as JSON, in two forms that must not be confused:
// - the stored form (toStored/fromStored): everything needed to renew after a restart, tokens,
//   session keys and the environment's secret values included. It is only ever written sealed in
//   the sessions file (SessionFile), under a key kept in the vault.
// - the public form (toPublic): what `sessions list|show --json` prints. No token, key or secret
//   value; times in ms since the epoch.
class SessionJson
{
public:
    static QJsonObject toStored(const Session &session);
    // ConfigInvalid naming the member that is wrong.
    static Result<Session> fromStored(const QJsonObject &object);

    // id, family, environment, endpoint, state, issuedAt, expiresAt, renewals (successful count),
    // autoRenew (absent: the environment's default), remainingMs, expiryField, lastError,
    // warnings; with `chain`, the renewal chain as "chain": [{at, ok, httpStatus, code, message, newExpiresAt}].
    static QJsonObject toPublic(const Session &session, qint64 nowMs, bool chain = false);
};

} // namespace td
