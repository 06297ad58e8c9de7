// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliIo;

// `tokendesk-cli bundle [--history ID...] [--session ID] -o FILE.zip`: a support bundle (see
// SupportBundle) of the chosen history exchanges and the session's, for a ticket.
class BundleCommand
{
public:
    explicit BundleCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();

private:
    CliIo &m_io;
};

} // namespace td
