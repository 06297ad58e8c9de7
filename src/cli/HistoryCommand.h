// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QJsonObject>
#include <QString>

namespace td {

class CliArgs;
class CliIo;
class HistoryStore;
struct HistoryEntry;

// `tokendesk-cli history list|show`: the request history the app, `call` and `flow` write
// (history.jsonl), read line by line and shown as stored, that is with every secret masked.
class HistoryCommand
{
public:
    static constexpr int kDefaultLimit = 50;

    explicit HistoryCommand(CliIo &io) : m_io(io) {}
    int run(const QByteArrayList &args);
    static QString help();

private:
    int list(const CliArgs &args, const HistoryStore &store, int limit);
    int show(const CliArgs &args, const HistoryStore &store);
    void printEntry(const HistoryEntry &entry, const QJsonObject &stored);

    CliIo &m_io;
};

} // namespace td
