// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/SecureBytes.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxReply.h"
#include "core/sandbox/SandboxRequest.h"
#include "core/sandbox/TokenStore.h"

#include <QHash>
#include <QJsonValue>
#include <QSet>

#include <memory>

namespace td {

// The three BankEzy endpoints of PROTOCOLS.md as pure request → reply logic, with the state a
// real token service keeps: key-exchange sessions per app token, user tokens, renew chains.
class BankEzyService
{
public:
    BankEzyService(SandboxConfig config, SandboxKeys keys);

    SandboxReply getAppToken(const SandboxRequest &request);
    SandboxReply getUserToken(const SandboxRequest &request);
    SandboxReply renewToken(const SandboxRequest &request);

    // Ends the session (the whole renew chain) of a user token / of every user token of an
    // account; returns how many chains were terminated (0 = nothing known).
    int terminateToken(const QByteArray &userToken);
    int terminateAccount(const QString &accountNumber);
    // How many app sessions and user tokens are kept (bounded, see TokenStore).
    QJsonObject storeSizes() const;
    // What SandboxState keeps: app sessions and user tokens with their keys, terminated chains.
    QJsonObject exportState();
    void importState(const QJsonObject &state);

    // {"resCode":code,"resDesc":desc}; a code that is all digits is sent as a JSON number.
    static SandboxReply errorReply(int httpStatus, const QString &code, const QString &description);

private:
    struct AppSession {
        SecureBytes key;
        qint64 expiryMs = 0;
    };
    struct UserSession {
        std::shared_ptr<const SecureBytes> key; // shared by every token of one renew chain
        QString accountNumber;
        QString referenceId;
        QString xApiKey;
        qint64 expiryMs = 0;
        qint64 loginId = 0;
        quint64 chain = 0; // random: chains of two processes sharing a kept state never collide
        bool renewed = false;
    };

    QByteArray issueToken(const QString &type, const QString &subject, qint64 expiryMs) const;
    qint64 userDropTime(qint64 expiryMs) const;
    SandboxReply encryptedReply(const QByteArray &plaintext, const SecureBytes &key) const;

    SandboxConfig m_config;
    SandboxKeys m_keys;
    TokenStore<AppSession> m_appSessions;   // by keyOf(app token)
    QHash<QString, QByteArray> m_latestExchange; // X-API-KEY → keyOf(app token) (only the configured key gets here)
    TokenStore<UserSession> m_userTokens;   // by keyOf(user token)
    QSet<quint64> m_terminatedChains;
    qint64 m_nextLoginId = 1001;
};

} // namespace td
