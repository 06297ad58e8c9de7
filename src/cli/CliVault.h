// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/vault/Vault.h"

#include <QList>
#include <QString>

#include <memory>

namespace td {

class CliArgs;

struct NamedKey;

// Opening the vault for a CLI command: the path (--vault FILE, or the default in the data
// folder), the passphrase from PassphraseSource (--passphrase-fd, TOKENDESK_VAULT_PASSPHRASE, a
// prompt). The idle lock never fires: a CLI run has no event loop.
class CliVault
{
public:
    static QString path(const CliArgs &args);
    // NotFound naming the path and the `vault init` command that creates it.
    static Error missing(const CliArgs &args);
    // NotFound with the `vault init` command to run when there is no vault file.
    static Result<std::unique_ptr<Vault>> open(const CliArgs &args);
    // Every key entry as a candidate labelled "vault:NAME".
    static QList<NamedKey> keys(const Vault &vault);
};

} // namespace td
