// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

// The `tokendesk-cli` front end: hardens the process, dispatches the first word to a command
// object and turns every outcome into the documented exit code (0 ok, 1 failure, 2 usage).
class CliApp
{
public:
    // The raw argv bytes after the program name; arguments are kept as bytes so that a
    // plaintext given on the command line reaches the command unchanged.
    static QByteArrayList rawArguments(int argc, char **argv);

    // Call first in main(), before Qt opens any descriptor: a closed stdin/stdout/stderr is
    // reopened on /dev/null (otherwise the next open() would land on fd 0 and be read as input),
    // and core dumps are disabled.
    static void prepareProcess();

    int run(const QByteArrayList &args);
    static QString help();
    static QString versionText();
};

} // namespace td
