// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliArgs;
class CliIo;
class CliSessions;

// `tokendesk-cli sessions list|show|renew|close|watch`: the tokens TokenDesk watches, kept with
// the vault, over the same store, renewer and scheduler as the Sessions page.
class SessionsCommand
{
public:
    explicit SessionsCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();

private:
    int list(const CliArgs &args, CliSessions &sessions);
    int show(const CliArgs &args, CliSessions &sessions);
    int renew(const CliArgs &args, CliSessions &sessions);
    int close(const CliArgs &args, CliSessions &sessions);
    int watch(const CliArgs &args, CliSessions &sessions);

    CliIo &m_io;
};

} // namespace td
