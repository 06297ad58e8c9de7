// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliIo;

// `tokendesk-cli call ENDPOINT-ID …`: one request to one endpoint, its outcome and token.
class CallCommand
{
public:
    explicit CallCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();

private:
    CliIo &m_io;
};

} // namespace td
