// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/TransportSettings.h"

namespace td {

class ValueSource;

// Vault references in an environment's transport, the one place they are resolved for the app,
// the CLI and renewals alike: a client certificate "vault:NAME" (clientCertFile) and a proxy
// password "vault:NAME" (http://USER:vault:NAME@proxy:3128). They resolve into a copy of the
// settings for one call, so the secret lives for that call only and what is saved keeps the
// reference.
class TransportReferences
{
public:
    static bool refersToVault(const TransportSettings &settings);
    // Errors name the entry: NotFound, VaultLocked, KeyTypeMismatch (a client certificate that is
    // not one, a key as a proxy password).
    static Result<TransportSettings> resolve(TransportSettings settings, const ValueSource *source);
};

} // namespace td
