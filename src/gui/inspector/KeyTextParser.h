// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/jose/KeyCandidates.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace td {

// The keys found in pasted text, labelled for people ("pasted key 1", "key.pem"), and the
// reason for every part that was not a key.
struct ParsedKeys {
    QList<NamedKey> keys;
    QList<QString> errors; // "pasted key 2: <why>"
};

// Turns the contents of the key box into named keys. The whole text is tried first (so a JWK
// Set or a multi-line PEM is one input); when that fails, blank-line separated blocks and PEM
// blocks are parsed one by one, so several keys can be pasted together.
class KeyTextParser
{
public:
    static ParsedKeys parsePasted(QByteArrayView text);
    // Labels the keys read from one file with the file's name ("keys.json", "keys.json #2").
    static QList<NamedKey> labelFileKeys(const QList<Jwk> &keys, const QString &fileName);
    // "EC P-256 private key · thumbprint NzbLsXh8…"
    static QString describe(const Jwk &key);
};

} // namespace td
