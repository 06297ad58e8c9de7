// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/jose/KeyCandidates.h"
#include "core/net/KdfMode.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace td {

struct CallContext;

// Tests the hypothesis "the server encrypted for another key of ours" on a BankEzy answer that did
// not open, as KdfProbe tests another KDF: each other EC P-256 private key at hand (the vault's)
// is put in place of ours in each exchange whose server key is known, and the key it derives
// (the environment's KDF first, then the others) is tried on the answer. Locally, no request
// sent; bounded to kMaxKeys keys. Only the name of the key that worked is kept.
class KeyProbe
{
public:
    static constexpr int kMaxKeys = 16;

    struct Outcome {
        int tried = 0;                 // keys tried (each in every exchange, with every KDF)
        int skipped = 0;               // other EC keys beyond kMaxKeys, not tried
        std::optional<QString> opened; // the label of the key that opened the answer
        KdfMode kdf = KdfMode::Raw;    // with which KDF it did
        QString session;               // in which exchange: "app session", "SDK session"
    };

    // `keys`: any keys (labels like "vault:partner-old"); those that are not private P-256 keys,
    // and those the exchanges already used, are passed over.
    static Outcome probe(QByteArrayView answer, const CallContext &context, KdfMode environmentKdf, const QList<NamedKey> &keys);
};

} // namespace td
