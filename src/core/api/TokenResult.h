// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"
#include "core/net/TlsSessionInfo.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace td {

// One call's outcome, the same for every family: success or the server's code and message (or
// the client's own error), the token(s), the absolute expiry, the raw and decrypted bodies and
// what the adapter wants shown (derived-key thumbprint, signed string).
struct TokenResult {
    struct Detail {
        QString label;
        QString value;      // may contain a secret (the EnOS signed string holds appSecret)
        QString maskedValue; // what to show until the user reveals; equal to value when not secret
    };

    QString endpointId;
    bool ok = false;
    int httpStatus = 0;               // 0 when no HTTP response arrived
    QString code;                     // the server's code as text ("100", "TOK200", "1003", "AUTH_1002")
    QString message;                  // the server's message, or the client error's sentence
    std::optional<Error> error;       // set when the client failed (validation, transport, body)
    QString token;
    QString refreshToken;
    qint64 expiresAtMs = 0;           // absolute UTC ms; 0 when the response gives none
    QString expiryField;              // the response member the expiry came from
    QJsonValue expiryRaw;             // its value as received
    qint64 receivedAtMs = 0;
    qint64 durationMs = 0;
    QByteArray rawBody;
    QByteArray decryptedBody;         // empty when the body was not encrypted
    QMap<QString, QString> outputs;   // values for later steps
    QStringList warnings;             // e.g. JWT exp and expiry field disagree by more than 60 s
    QList<Detail> details;
    std::optional<TlsSessionInfo> tls; // what an https server presented, also when it was refused
    QString proxy;                    // the proxy used (no password); empty: direct

    // {"endpoint","ok","httpStatus","code","message","expiresAt"} plus "error" (kebab code) when
    // the client failed, with "tlsReason" for a tls-failure and "proxyReason" for a proxy-failure:
    // the shape `tokendesk-cli flow --json` promises for each step.
    QJsonObject toStepJson() const;
    // One line for people: "OK 100 Success, expires 2026-11-22 16:00:00 UTC" or the failure.
    QString summary() const;
};

} // namespace td
