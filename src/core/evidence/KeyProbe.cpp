// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyProbe.h"

#include "core/api/BankEzyCrypto.h"
#include "core/api/CallContext.h"
#include "core/evidence/KdfProbe.h"

#include <algorithm>

namespace td {

namespace {

// The keys worth trying: private P-256 keys other than the ones the exchanges used (those the
// call and KdfProbe have tried already), at most KeyProbe::kMaxKeys; the rest counted.
QList<const NamedKey *> otherKeys(const QList<NamedKey> &keys, const QList<KdfProbe::Exchange> &exchanges, int &skipped)
{
    QList<QByteArray> used;
    for (const KdfProbe::Exchange &exchange : exchanges) {
        if (exchange.own)
            used.append(BankEzyCrypto::encodePublicKey(*exchange.own));
    }
    QList<const NamedKey *> others;
    for (const NamedKey &named : keys) {
        const Jwk &key = named.key;
        if (key.type() != KeyType::EC || key.curve() != Curve::P256 || !key.hasPrivate()
            || used.contains(BankEzyCrypto::encodePublicKey(key)))
            continue;
        if (others.size() < KeyProbe::kMaxKeys)
            others.append(&named);
        else
            ++skipped;
    }
    return others;
}

} // namespace

KeyProbe::Outcome KeyProbe::probe(QByteArrayView answer, const CallContext &context, KdfMode environmentKdf,
                                  const QList<NamedKey> &keys)
{
    Outcome outcome;
    // The SDK session first: a wrong app key fails Get User Token's request already (TOK003, a
    // plain answer), so an encrypted answer that does not open is most often the SDK session's,
    // and a server that answers both exchanges with one key of its own cannot tell them apart.
    QList<KdfProbe::Exchange> exchanges = KdfProbe::exchanges(context);
    std::reverse(exchanges.begin(), exchanges.end());
    const QList<const NamedKey *> others = otherKeys(keys, exchanges, outcome.skipped);
    outcome.tried = exchanges.isEmpty() ? 0 : int(others.size());
    // The environment's KDF first: a wrong key is a likelier slip than a wrong key and a wrong KDF.
    QList<KdfMode> modes{environmentKdf};
    for (KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        if (mode != environmentKdf)
            modes.append(mode);
    }
    for (KdfMode mode : std::as_const(modes)) {
        for (const KdfProbe::Exchange &exchange : exchanges) {
            for (const NamedKey *named : others) {
                if (KdfProbe::opens(answer, named->key, *exchange.server, mode)) {
                    outcome.opened = named->label;
                    outcome.kdf = mode;
                    outcome.session = exchange.session;
                    return outcome;
                }
            }
        }
    }
    return outcome;
}

} // namespace td
