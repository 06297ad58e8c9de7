// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/EndpointSpec.h"
#include "core/sandbox/SandboxReply.h"

#include <QJsonObject>
#include <QJsonValue>

namespace td {

// The body a user family's endpoint answers, in the shape its spec's response mapping reads: the
// success code and a message at their paths, the token and refresh token at theirs, and the
// expiry at each expiry path in that entry's unit. Errors keep the sandbox's own
// {"status","error","code"} and carry the message at the mapping's message path too.
class GenericFamilyAnswer
{
public:
    struct Issued {
        QString token;
        QString refreshToken; // empty: none issued
        qint64 expiryMs = 0;  // of the token
    };

    // The success body for `issued`, as of `nowMs`.
    static QJsonObject success(const EndpointSpec &spec, const Issued &issued, qint64 nowMs);
    static SandboxReply error(const ResponseSpec &response, int status, const QString &message, const QString &code);

    // Writes `value` at a dotted path ("data.token", "content.0.token": a number indexes an array),
    // making the objects and arrays on the way; what stood in the way is replaced.
    static void set(QJsonObject &root, QStringView path, const QJsonValue &value);
    static constexpr int kMaxArrayIndex = 64; // a larger index in a path is written as an object key

private:
    static void writeExpiry(const EndpointSpec &spec, const ResponseSpec::Expiry &expiry, QJsonObject &body,
                            qint64 expiryMs, qint64 nowMs);
};

} // namespace td
