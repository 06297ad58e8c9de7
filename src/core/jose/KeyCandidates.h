// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/jose/JweCompact.h"
#include "core/jose/JwsCompact.h"
#include "core/jose/Jwk.h"

#include <QList>
#include <QString>

namespace td {

// A key with a name a person recognises ("key.pem", "vault: partner-x", "pasted key 2").
struct NamedKey {
    QString label;
    Jwk key;
};

// What happened when one candidate key was tried.
struct KeyAttempt {
    QString label;
    bool succeeded = false;
    QString reason; // why it was tried first ("kid matches") or skipped
    Error error;    // when !succeeded
};

struct KeyTrialOutcome {
    bool ok = false;
    Error error;          // when !ok: NoKey, NoKeyMatched, or the single key's own error
    QByteArray plaintext; // JWE plaintext (empty for JWS)
    QString keyLabel;     // the key that worked
    QList<KeyAttempt> attempts;
};

// Tries several keys on one token, the most likely first: a key whose kid equals the header's
// kid, then one whose RFC 7638 thumbprint equals the kid (or x5t#S256), then keys whose type fits
// the algorithm, then the rest. Reports every attempt and which key worked.
class KeyCandidates
{
public:
    static QList<NamedKey> order(const QJsonObject &header, const QList<NamedKey> &keys, QList<QString> *reasons = nullptr);
    // Never fails as a call: the outcome says ok or not, and keeps every attempt either way.
    // NoKey when `keys` is empty. With one key its own error is the outcome's error; with
    // several, the error is NoKeyMatched and its message lists each key's reason.
    static KeyTrialOutcome decrypt(const JweToken &token, const QList<NamedKey> &keys);
    static KeyTrialOutcome verify(const JwsToken &token, const QList<NamedKey> &keys);
};

} // namespace td
