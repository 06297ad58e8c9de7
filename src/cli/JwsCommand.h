// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliIo;

// `tokendesk-cli jws sign|verify`: compact JWS with keys from files.
class JwsCommand
{
public:
    explicit JwsCommand(CliIo &io) : m_io(io) {}

    // `args` are the words after "jws"; returns the process exit code.
    int run(const QByteArrayList &args);
    static QString help();

private:
    int sign(const QByteArrayList &args);
    int verify(const QByteArrayList &args);

    CliIo &m_io;
};

} // namespace td
