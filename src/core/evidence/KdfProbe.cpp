// SPDX-License-Identifier: GPL-3.0-or-later
#include "KdfProbe.h"

#include "core/api/BankEzyCrypto.h"
#include "core/api/CallContext.h"

#include <openssl/crypto.h>

namespace td {

KdfProbe::Outcome KdfProbe::probe(QByteArrayView answer, const CallContext &context, KdfMode environmentKdf)
{
    struct Exchange {
        const std::optional<Jwk> &own;
        const std::optional<Jwk> &server;
        QString session;
    };
    const Exchange exchanges[] = {
        {context.clientKey, context.appServerKey, QStringLiteral("app session")},
        {context.sdkKey, context.userServerKey, QStringLiteral("SDK session")},
    };
    Outcome outcome;
    outcome.tried.append(environmentKdf); // the call itself tried it: that is why we are here
    for (KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        if (mode == environmentKdf)
            continue;
        for (const Exchange &exchange : exchanges) {
            if (!exchange.own || !exchange.own->hasPrivate() || !exchange.server)
                continue;
            const Result<SecureBytes> key = BankEzyCrypto::deriveSessionKey(*exchange.own, *exchange.server, mode);
            if (!key)
                continue;
            outcome.testable = true;
            Result<QByteArray> opened = BankEzyCrypto::decryptPayload(answer, key.value());
            if (opened) {
                // Only the fact is wanted: the plaintext (a token) is wiped, never shown.
                QByteArray &plaintext = opened.value();
                OPENSSL_cleanse(plaintext.data(), std::size_t(plaintext.size()));
                outcome.opened = mode;
                outcome.session = exchange.session;
                outcome.tried.append(mode);
                return outcome;
            }
        }
        if (outcome.testable)
            outcome.tried.append(mode);
    }
    return outcome;
}

} // namespace td
