// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/PassphraseSource.h"
#include "core/Error.h"
#include "core/vault/VaultEntry.h"

#include <QByteArrayList>
#include <QString>

#include <memory>
#include <optional>

namespace td {

class CliArgs;
class CliIo;
class Vault;

// `tokendesk-cli vault init|list|gen|import|add|export|rm|passwd`: the encrypted vault of keys and
// pre-shared credentials from the command line. Passphrases come from PassphraseSource and
// secrets from standard input, never from arguments.
class VaultCommand
{
public:
    explicit VaultCommand(CliIo &io) : m_io(io) {}

    // `args` are the words after "vault"; returns the process exit code.
    int run(const QByteArrayList &args);
    static QString help();

private:
    int init(const QByteArrayList &args);
    int list(const QByteArrayList &args);
    int generate(const QByteArrayList &args);
    int importKey(const QByteArrayList &args);
    int importClientCertificate(const CliArgs &args, const QString &name, const QString &path);
    int add(const QByteArrayList &args);
    int exportEntry(const QByteArrayList &args);
    int remove(const QByteArrayList &args);
    int changePassphrase(const QByteArrayList &args);

    // The PassphraseSource of --passphrase-fd; nullopt after a usage message (exitCode set).
    std::optional<PassphraseSource> passphraseSource(const CliArgs &args, const QString &usageLine, int &exitCode);
    // The NAME positional, checked; nullopt after a usage message.
    std::optional<QString> entryName(const CliArgs &args, const QString &usageLine, int &exitCode);
    // Checks --passphrase-fd (a usage mistake), then opens the vault (CliVault: the passphrase
    // from PassphraseSource); null after a printed message (exitCode set).
    std::unique_ptr<Vault> openVault(const CliArgs &args, const QString &usageLine, int &exitCode);
    // Saves after a change; the failure is printed and returned as exit code 1.
    int save(Vault &vault);
    // Opens the vault, adds the entry with the --tag/--notes of `args`, saves, prints its summary.
    int addEntry(const CliArgs &args, const QString &usageLine, VaultEntry entry);

    CliIo &m_io;
};

} // namespace td
