// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QString>

namespace td {

class CliArgs;

class CliIo;
class EndpointCatalog;

// `tokendesk-cli flow bankezy|enos|secmgmt …`: a family's whole life cycle, once or repeated
// concurrently with a flows-per-second figure.
class FlowCommand
{
public:
    explicit FlowCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();

private:
    int runOnce(const EndpointCatalog &catalog, const CliArgs &args, const struct ApiOptions &options, const QString &family);
    int runRepeated(const EndpointCatalog &catalog, const struct ApiOptions &options, const QString &family, int repeat,
                    int concurrency);
    CliIo &m_io;
};

} // namespace td
