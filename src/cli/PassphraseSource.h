// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <QString>

#include <cstddef>

namespace td {

// Where `tokendesk-cli vault` gets a passphrase: never from an argument (it would show in `ps` and
// in the shell history). In order: a line on the descriptor given with --passphrase-fd, the
// environment variable TOKENDESK_VAULT_PASSPHRASE, a prompt on the terminal with echo off.
class PassphraseSource
{
public:
    static constexpr const char *kEnvironmentVariable = "TOKENDESK_VAULT_PASSPHRASE";
    // passwd's new passphrase when the current one comes from the environment.
    static constexpr const char *kNewEnvironmentVariable = "TOKENDESK_VAULT_NEW_PASSPHRASE";
    static constexpr std::size_t kMaxBytes = 4096;

    // `fd` is the value of --passphrase-fd, or -1 when it was not given.
    explicit PassphraseSource(int fd = -1) : m_fd(fd) {}

    // Usage for anything but a non-negative descriptor number.
    static Result<int> parseFd(const QString &text);

    // The passphrase of an existing vault (`what` names it in the prompt).
    Result<SecureBytes> current(const QString &what);
    // A passphrase to set: the only one for init, the new one for passwd (after current()). On a
    // terminal it is asked twice and compared; an empty passphrase is refused.
    Result<SecureBytes> next(bool changing);

    // One line from the descriptor given, for secrets other than the vault's passphrase (a client
    // certificate's); `what` names it in errors.
    Result<SecureBytes> lineFromDescriptor(const QString &what) { return fromDescriptor(what); }

    // One line typed on the terminal with echo off, for secrets other than the passphrase.
    // EmptyInput when the process has no terminal.
    static Result<SecureBytes> promptHidden(const QString &prompt);

private:
    Result<SecureBytes> fromDescriptor(const QString &what);
    static Result<SecureBytes> fromEnvironment(const char *name);
    static Result<SecureBytes> askTwice(bool changing);
    static Error noSource(bool changing);

    int m_fd;
    bool m_currentFromEnvironment = false;
};

} // namespace td
