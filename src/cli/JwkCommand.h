// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliIo;

// `tokendesk-cli jwk gen|pub|thumbprint|convert`: create keys and move them between formats.
class JwkCommand
{
public:
    explicit JwkCommand(CliIo &io) : m_io(io) {}

    // `args` are the words after "jwk"; returns the process exit code.
    int run(const QByteArrayList &args);
    static QString help();

private:
    int generate(const QByteArrayList &args);
    int publicKey(const QByteArrayList &args);
    int thumbprint(const QByteArrayList &args);
    int convert(const QByteArrayList &args);

    CliIo &m_io;
};

} // namespace td
