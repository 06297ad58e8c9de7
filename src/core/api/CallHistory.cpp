// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallHistory.h"

#include "core/api/ApiCall.h"
#include "core/api/CallSecrets.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/HistoryStore.h"
#include "core/net/SecretMasker.h"

namespace td {

HistoryEntry CallHistory::entryFor(const ApiCall &call, HistoryOrigin origin, const QUuid &sessionId)
{
    const TokenResult &result = call.result();
    HistoryEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.origin = origin;
    if (!sessionId.isNull())
        entry.sessionId = sessionId.toString(QUuid::WithoutBraces);
    entry.environment = call.environment().name;
    entry.endpoint = call.spec().id;
    for (const ResolvedField &field : call.prepared().fields)
        entry.fields.insert(field.spec->name, field.value);
    if (call.wasSent()) {
        entry.request = call.prepared().request;
        entry.setResponse(call.response());
    }
    entry.decryptedBody = result.decryptedBody;
    entry.outcome.ok = result.ok;
    entry.outcome.code = result.error ? errorCodeName(result.error->code) : result.code;
    entry.outcome.message = result.message;
    if (result.expiresAtMs > 0)
        entry.outcome.expiresAt = result.expiresAtMs;
    return entry;
}

QStringList CallHistory::secretValuesOf(const ApiCall &call)
{
    return CallSecrets::of(call).values();
}

Result<void> CallHistory::record(HistoryStore &store, const ApiCall &call, const QStringList &earlierSecrets, HistoryOrigin origin,
                                 const QUuid &sessionId)
{
    const CallSecrets secrets = CallSecrets::of(call, earlierSecrets);
    return store.append(entryFor(call, origin, sessionId), secrets.names(), secrets.values());
}

CallHistory::Pending CallHistory::pending(const ApiCall &call, const QStringList &earlierSecrets, HistoryOrigin origin)
{
    const CallSecrets secrets = CallSecrets::of(call, earlierSecrets);
    return Pending{entryFor(call, origin), secrets.names(), secrets.values()};
}

Result<void> CallHistory::record(HistoryStore &store, Pending pending, const QUuid &sessionId)
{
    if (!sessionId.isNull())
        pending.entry.sessionId = sessionId.toString(QUuid::WithoutBraces);
    return store.append(pending.entry, pending.secretNames, pending.secretValues);
}

QMap<QString, QString> CallHistory::replayValues(const HistoryEntry &entry, const EndpointCatalog &catalog)
{
    QMap<QString, QString> values;
    const EndpointSpec *spec = catalog.find(entry.endpoint);
    for (auto it = entry.fields.cbegin(); it != entry.fields.cend(); ++it) {
        const FieldSpec *field = spec ? spec->field(it.key()) : nullptr;
        if (it.value() == QString::fromLatin1(SecretMasker::mask()) || (field && (field->secret || field->computed || !field->generator.isEmpty())))
            continue;
        values.insert(it.key(), it.value());
    }
    return values;
}

} // namespace td
