// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxReply.h"
#include "core/sandbox/SandboxRequest.h"
#include "core/sandbox/TokenStore.h"

#include <QHash>

namespace td {

// EnOS APIM Get / Refresh Access Token as pure request → reply logic: signature check, replay
// memory, one valid token per appKey.
class EnosService
{
public:
    // Status codes; 1004..1006 are the sandbox's own (PROTOCOLS.md allows them).
    enum Status {
        Success = 0,
        DuplicatedEncryption = 1001,
        AppKeyUnknown = 1002,
        EncryptionInvalid = 1003,
        TimestampOutOfWindow = 1004,
        AccessTokenInvalid = 1005,
        BodyMalformed = 1006,
    };

    EnosService(SandboxConfig config, SandboxKeys keys);

    SandboxReply getToken(const SandboxRequest &request);
    SandboxReply refreshToken(const SandboxRequest &request);

    // Always HTTP 200 unless `httpStatus` says otherwise: {"status","msg","business","data":{}}.
    static SandboxReply errorReply(int status, const QString &message, int httpStatus = 200);
    QJsonObject storeSizes() const; // remembered encryptions (bounded, see TokenStore)
    // What SandboxState keeps: the valid token's key per appKey, so a refresh with it works after
    // a restart (Get Token then issues a new one; replay marks live minutes: not kept).
    QJsonObject exportState() const;
    void importState(const QJsonObject &state);

private:
    struct Issued {
        QByteArray token; // empty when loaded from a kept state (which holds only its key)
        QByteArray key;   // TokenStore::keyOf(token)
        qint64 expiryMs = 0;
    };
    SandboxReply handle(const SandboxRequest &request, bool refresh);
    Issued issue(const QString &appKey, qint64 now) const;

    SandboxConfig m_config;
    SandboxKeys m_keys;
    QHash<QString, Issued> m_current;       // appKey → its valid token (only the configured appKey gets here)
    TokenStore<bool, QString> m_seenEncryption; // accepted encryptions, until they fail the timestamp check anyway
};

} // namespace td
