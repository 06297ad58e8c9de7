// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/KdfMode.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace td {

class Jwk;
struct CallContext;

// Tests the hypothesis "the server derives its session keys with another KDF" on a BankEzy answer
// that did not open, locally: the context still holds our private keys and the server's public
// keys of the same exchanges, so each other KDF's key can be derived and tried on the answer. No
// request is sent; the work is bounded (two exchanges, two other modes). The derived keys live in
// SecureBytes for the duration of the call only and are never shown, only the mode that worked.
class KdfProbe
{
public:
    struct Outcome {
        bool testable = false;          // a private key and the server's public key were at hand
        std::optional<KdfMode> opened;  // the mode whose key opened the answer
        QString session;                // which exchange's key: "app session", "SDK session"
        QList<KdfMode> tried;           // every mode tried, the environment's own first
    };

    // `answer`: the encrypted body as received; `environmentKdf`: the mode the call already used.
    static Outcome probe(QByteArrayView answer, const CallContext &context, KdfMode environmentKdf);

    // What KeyProbe shares. One key exchange an answer may be encrypted for: the server's public
    // key of it, our private key (null when none is held) and its name ("app session").
    struct Exchange {
        const Jwk *server = nullptr;
        const Jwk *own = nullptr;
        QString session;
    };
    // The app and SDK exchanges of `context` whose server key is known.
    static QList<Exchange> exchanges(const CallContext &context);
    // Whether `answer` opens with the session key `own` and `server` make under `mode`. Only the
    // fact is kept: the key and the plaintext (a token) are wiped, never shown.
    static bool opens(QByteArrayView answer, const Jwk &own, const Jwk &server, KdfMode mode);
};

} // namespace td
