// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/HistoryEntry.h"

#include <QStringList>
#include <QUuid>

namespace td {

class ApiCall;
class EndpointCatalog;
class HistoryStore;

// Turns a finished ApiCall into its history record and appends it with every secret masked:
// whatever CallSecrets::of() knows (the spec's secret fields, the secret values and pre-shared
// headers sent, the tokens the answer carried and the earlier sessions' secrets the caller passes).
class CallHistory
{
public:
    // A record not yet written: the entry with what must be masked in it, for a caller that
    // learns the session id only after the call object is gone (a flow keeps its sessions at the end).
    struct Pending {
        HistoryEntry entry;
        QStringList secretNames;
        QStringList secretValues;
    };

    static HistoryEntry entryFor(const ApiCall &call, HistoryOrigin origin = HistoryOrigin::Manual,
                                 const QUuid &sessionId = {});
    static QStringList secretValuesOf(const ApiCall &call); // what must never appear in the file
    [[nodiscard]] static Result<void> record(HistoryStore &store, const ApiCall &call, const QStringList &earlierSecrets = {},
                                             HistoryOrigin origin = HistoryOrigin::Manual, const QUuid &sessionId = {});
    static Pending pending(const ApiCall &call, const QStringList &earlierSecrets, HistoryOrigin origin);
    [[nodiscard]] static Result<void> record(HistoryStore &store, Pending pending, const QUuid &sessionId);
    // The explicit values to replay an entry with: its recorded fields minus masked and computed
    // ones (signatures, timestamps, key pairs are made afresh). The spec is looked up in `catalog`
    // (the workspace's, user specs included); an endpoint it lacks keeps only the unmasked values.
    static QMap<QString, QString> replayValues(const HistoryEntry &entry, const EndpointCatalog &catalog);
};

} // namespace td
