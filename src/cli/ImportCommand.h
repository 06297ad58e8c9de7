// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliIo;

// `tokendesk-cli import curl [FILE|-] [--json] [--show-secrets]`: a pasted curl command matched
// to an endpoint, with the field values it carries and what it carries that no field takes.
class ImportCommand
{
public:
    explicit ImportCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();

private:
    CliIo &m_io;
};

} // namespace td
