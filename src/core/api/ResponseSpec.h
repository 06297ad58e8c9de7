// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace td {

// How to read an endpoint's answer into a TokenResult. Paths are dotted JSON paths into the
// (decrypted) body: "token", "data.expiryDate", "content.0.token". Lists are tried in order; the
// first present wins, which is how both renew shapes of BankEzy are read by one spec.
struct ResponseSpec {
    // The "unit" of an "expiry" (names in docs/specs.md; a contract): epoch-ms, seconds-from-now,
    // ms-from-now, epoch-s, iso-8601 (a date and time with a zone), jwt-exp (the JWT's exp claim).
    enum class ExpiryUnit { EpochMs, SecondsFromNow, MsFromNow, EpochS, Iso8601, JwtExp };
    struct Expiry {
        QString path;
        ExpiryUnit unit = ExpiryUnit::EpochMs;
    };

    bool encrypted = false;        // the success body is a JWE under a session key
    QStringList codePaths;         // "resCode", "status", "errorCode"
    QStringList messagePaths;      // "resDesc", "msg", "errorMessage"
    QStringList successCodes;      // codes (as text) that mean success: "100", "TOK200", "0", ""
    QStringList tokenPaths;        // the token this endpoint issues
    QStringList refreshTokenPaths; // the refresh token, when the endpoint issues one
    QList<Expiry> expiries;
    QMap<QString, QStringList> outputs; // carried value name → paths ("appToken" → ["token"])
};

} // namespace td
