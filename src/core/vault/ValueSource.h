// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"
#include "core/jose/Jwk.h"
#include "core/vault/VaultReference.h"

namespace td {

// Where field values written as vault references ("vault:NAME") come from when a request is
// prepared. The vault implements it; a call without one refuses references with a clear error.
class ValueSource
{
public:
    virtual ~ValueSource() = default;
    // The entry's secret or identity. NotFound naming the entry, VaultLocked when locked.
    virtual Result<QString> text(const VaultReference &reference) const = 0;
    // The entry's key (private part included when stored). KeyTypeMismatch for a credential entry.
    virtual Result<Jwk> key(const VaultReference &reference) const = 0;
    // A client-certificate entry's chain and private key, both PEM, for the TLS handshake only.
    // KeyTypeMismatch for an entry of another kind.
    struct ClientCertificatePem {
        QByteArray chain;
        SecureBytes key;
    };
    virtual Result<ClientCertificatePem> clientCertificate(const VaultReference &reference) const = 0;
};

} // namespace td
