// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/ResponseSpec.h"

#include <QJsonValue>
#include <QString>

namespace td {

// One expiry value of an answer, read by its unit into an absolute instant (UTC ms). Every value
// a server can send, however hostile, gives either an instant or an error whose message is the
// warning to show ("data.expire is not a number: abc"); nothing is cast or multiplied out of range.
class ExpiryReader
{
public:
    struct Instant {
        qint64 atMs = 0;
        QJsonValue raw; // what to show beside the field: the value, or a JWT's exp (never the token)
        QString field;  // the path, "<path> (JWT exp)" for jwt-exp
    };

    // An expiry beyond this (seconds or ms, about 317,000 years or 317 years) is nonsense from the
    // server, and the bound keeps the cast and the "* 1000" defined (fuzz_responses found 7.9e131
    // cast to qint64).
    static constexpr double kLimit = 1e13;
    // An ISO 8601 value longer than this is not a date; refused before any parsing.
    static constexpr qsizetype kMaxDateChars = 64;

    static Result<Instant> read(const ResponseSpec::Expiry &expiry, const QJsonValue &value, qint64 receivedAtMs);
};

} // namespace td
