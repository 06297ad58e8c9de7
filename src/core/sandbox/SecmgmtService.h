// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxReply.h"
#include "core/sandbox/SandboxRequest.h"
#include "core/sandbox/TokenStore.h"

#include <QHash>
#include <QSet>

namespace td {

// Security management Create Token (POST) and Refresh Token (PUT) as pure request → reply logic:
// HS256 JWT pairs, single-use refresh tokens.
class SecmgmtService
{
public:
    SecmgmtService(SandboxConfig config, SandboxKeys keys);

    SandboxReply createToken(const SandboxRequest &request);
    SandboxReply refreshToken(const SandboxRequest &request);

    // The failure envelope: errorCode/errorMessage set, content and pageable "".
    static SandboxReply errorReply(int httpStatus, const QString &code, const QString &message);
    // customerId of a username: a name-based UUID, stable across runs.
    static QString customerIdFor(const QString &username);
    QJsonObject storeSizes() const; // live pairs (bounded, see TokenStore)
    // What SandboxState keeps: the live pairs, and the ones refreshed since the last export
    // ("removed"), so a merge with another process's state does not bring them back.
    QJsonObject exportState();
    void importState(const QJsonObject &state);
    void clearRemoved() { m_removed.clear(); }

private:
    struct Pair {
        QByteArray refreshToken; // keyOf(refresh token)
        QString username;
        qint64 refreshExpiryMs = 0;
    };
    SandboxReply issuePair(const QString &username, qint64 now);
    QByteArray sign(const QJsonObject &claims) const;

    SandboxConfig m_config;
    SandboxKeys m_keys;
    TokenStore<Pair> m_pairs; // keyOf(access token) → its live pair, until its refresh token expires
    QSet<QByteArray> m_removed; // refreshed since the state was last saved
};

} // namespace td
