// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/KdfMode.h"
#include "core/crypto/SecureBytes.h"
#include "core/jose/Jwk.h"

#include <QMap>
#include <QString>

#include <optional>

namespace td {

// What one family's life cycle carries from step to step: values produced by earlier calls (app
// token, user token, account number, access token, token pair) and the BankEzy keys. The forms
// and `tokendesk-cli flow` each keep one per family, so nothing is copied and pasted.
struct CallContext {
    QMap<QString, QString> values;       // "appToken", "userToken", "accountNumber", "accessToken", ...
    std::optional<Jwk> clientKey;        // private half of the publicKey sent to Get App Token
    std::optional<Jwk> sdkKey;           // private half of the sdkPublicKey sent to Get User Token
    SecureBytes appSessionKey;           // ECDH(client key, serverPublicKey) through the KDF
    SecureBytes userSessionKey;          // ECDH(sdk key, serverPubKey) through the KDF
    // The server's public halves of the same two exchanges (public keys, no secret): with the
    // private keys above they let FailureExplainer test another KDF on an answer that does not open.
    std::optional<Jwk> appServerKey;     // serverPublicKey of Get App Token
    std::optional<Jwk> userServerKey;    // serverPubKey of Get User Token

    QString value(const QString &name) const { return values.value(name); }
    void clear() { *this = CallContext(); }
};

} // namespace td
