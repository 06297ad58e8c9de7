// SPDX-License-Identifier: GPL-3.0-or-later
#include "KdfProbe.h"

#include "core/api/BankEzyCrypto.h"
#include "core/api/CallContext.h"

#include <openssl/crypto.h>

namespace td {

QList<KdfProbe::Exchange> KdfProbe::exchanges(const CallContext &context)
{
    QList<Exchange> list;
    const auto add = [&list](const std::optional<Jwk> &server, const std::optional<Jwk> &own, const QString &session) {
        if (server)
            list.append({&*server, own && own->hasPrivate() ? &*own : nullptr, session});
    };
    add(context.appServerKey, context.clientKey, QStringLiteral("app session"));
    add(context.userServerKey, context.sdkKey, QStringLiteral("SDK session"));
    return list;
}

bool KdfProbe::opens(QByteArrayView answer, const Jwk &own, const Jwk &server, KdfMode mode)
{
    const Result<SecureBytes> key = BankEzyCrypto::deriveSessionKey(own, server, mode);
    if (!key)
        return false;
    Result<QByteArray> opened = BankEzyCrypto::decryptPayload(answer, key.value());
    if (!opened)
        return false;
    QByteArray &plaintext = opened.value();
    OPENSSL_cleanse(plaintext.data(), std::size_t(plaintext.size()));
    return true;
}

KdfProbe::Outcome KdfProbe::probe(QByteArrayView answer, const CallContext &context, KdfMode environmentKdf)
{
    QList<Exchange> held = exchanges(context);
    held.removeIf([](const Exchange &exchange) { return !exchange.own; });
    Outcome outcome;
    outcome.testable = !held.isEmpty();
    outcome.tried.append(environmentKdf); // the call itself tried it: that is why we are here
    if (!outcome.testable)
        return outcome;
    for (KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        if (mode == environmentKdf)
            continue;
        outcome.tried.append(mode);
        for (const Exchange &exchange : std::as_const(held)) {
            if (opens(answer, *exchange.own, *exchange.server, mode)) {
                outcome.opened = mode;
                outcome.session = exchange.session;
                return outcome;
            }
        }
    }
    return outcome;
}

} // namespace td
