// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliIo;

// `tokendesk-cli demo`: starts an embedded sandbox and runs all three flows against it with
// readable output; what ./scripts/run shows on a machine without a display.
class DemoCommand
{
public:
    explicit DemoCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();

private:
    CliIo &m_io;
};

} // namespace td
