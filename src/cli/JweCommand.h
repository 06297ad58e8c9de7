// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliIo;

// `tokendesk-cli jwe encrypt|decrypt`: compact JWE with keys from files.
class JweCommand
{
public:
    explicit JweCommand(CliIo &io) : m_io(io) {}

    // `args` are the words after "jwe"; returns the process exit code.
    int run(const QByteArrayList &args);
    static QString help();

private:
    int encrypt(const QByteArrayList &args);
    int decrypt(const QByteArrayList &args);

    CliIo &m_io;
};

} // namespace td
