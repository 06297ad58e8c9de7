// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliVault.h"

#include "cli/CliArgs.h"
#include "cli/PassphraseSource.h"
#include "core/AppPaths.h"
#include "core/jose/KeyCandidates.h"
#include "core/vault/Vault.h"

#include <QFileInfo>

namespace td {

QString CliVault::path(const CliArgs &args)
{
    return args.has(QStringLiteral("vault")) ? args.paths(QStringLiteral("vault")).constLast() : AppPaths::vaultFile();
}

Error CliVault::missing(const CliArgs &args)
{
    const QString file = path(args);
    const QString init = args.has(QStringLiteral("vault")) ? QStringLiteral("tokendesk-cli vault init --vault %1").arg(file)
                                                           : QStringLiteral("tokendesk-cli vault init");
    return makeError(ErrorCode::NotFound, QStringLiteral("there is no vault at %1; create one with `%2`").arg(file, init));
}

Result<std::unique_ptr<Vault>> CliVault::open(const CliArgs &args)
{
    const QString file = path(args);
    if (!QFileInfo::exists(file))
        return missing(args);
    int fd = -1;
    if (args.has(QStringLiteral("passphrase-fd"))) {
        Result<int> parsed = PassphraseSource::parseFd(args.value(QStringLiteral("passphrase-fd")));
        if (!parsed)
            return parsed.error();
        fd = parsed.value();
    }
    PassphraseSource source(fd);
    Result<SecureBytes> passphrase = source.current(file);
    if (!passphrase)
        return passphrase.error();
    Result<std::unique_ptr<Vault>> vault = Vault::open(file, passphrase.value());
    if (!vault)
        return vault.error();
    return vault;
}

QList<NamedKey> CliVault::keys(const Vault &vault)
{
    QList<NamedKey> keys;
    for (const VaultEntry &entry : vault.entries()) {
        if (entry.key)
            keys.append({QStringLiteral("vault:") + entry.name, *entry.key});
    }
    return keys;
}

} // namespace td
