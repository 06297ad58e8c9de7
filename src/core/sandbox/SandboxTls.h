// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace td {

// The sandbox's own HTTPS material, made once and kept in a folder between runs: a private CA
// (ca.pem, its key ca.key) and a server certificate for localhost and 127.0.0.1 signed by it
// (server.pem, server.key), and a client certificate signed by it for mutual TLS (client.pem,
// certificate and key in one file, as --client-cert takes it). A certificate that expired or is
// missing is made again under the same CA, so a client that trusts ca.pem keeps working. Keys
// are written 0600.
struct SandboxTls {
    QString caFile;
    QString certFile;
    QString keyFile;
    QString pin; // "sha256//..." of the server key, for --pin
    QString clientFile; // empty for a server certificate given as files: no own CA to sign one

    static Result<SandboxTls> ensure(const QString &folder);
};

} // namespace td
