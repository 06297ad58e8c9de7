// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>

#include <memory>
#include <QString>

namespace td {

class CliArgs;
class CliIo;
class SpecLibrary;

// `tokendesk-cli specs list|show|validate`: the endpoint specs call and flow would use (built-in
// and the user's folders), one spec's JSON, and whether spec files load.
class SpecsCommand
{
public:
    explicit SpecsCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();
    // The specs for a command: built-in, <config>/apis, TOKENDESK_SPECS_PATH, then each --specs
    // DIR. Refused files are named on standard error; null (after the message) when a --specs
    // DIR is not a folder.
    static std::unique_ptr<SpecLibrary> load(const CliArgs &args, CliIo &io);

private:
    int list(const CliArgs &args, const SpecLibrary &library);
    int show(const CliArgs &args, const SpecLibrary &library);
    int validate(const CliArgs &args);
    bool validateFamily(const QString &file);

    CliIo &m_io;
};

} // namespace td
