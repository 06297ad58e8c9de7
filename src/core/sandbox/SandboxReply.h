// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace td {

// What a sandbox service answers. For an encrypted answer `plaintext` keeps the JSON before
// encryption, so the wrongKey fault can re-encrypt it under a random key and tests can read it.
struct SandboxReply {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QByteArray plaintext; // only for encrypted bodies

    bool encrypted() const { return !plaintext.isEmpty(); }

    // The sandbox's own JSON error answer: {"status":…,"error":message[,"code":code]}.
    static SandboxReply problem(int status, const QString &message, const QString &code = {});
};

} // namespace td
