// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/evidence/SupportBundle.h"
#include "core/net/HistoryEntry.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace td {

class EnvironmentStore;
class HistoryStore;
class SessionStore;
class Vault;
struct Session;

// What goes into a support bundle, gathered from the workspace's stores: one rule for
// `tokendesk-cli bundle` and the GUI's File → Export support bundle…
class BundleContents
{
public:
    // The stored exchanges whose id starts with one of `ids` (each naming exactly one: NotFound
    // otherwise) or that belong to `sessionId`, oldest first.
    static Result<QList<HistoryEntry>> chosenExchanges(const HistoryStore &history, const QStringList &ids,
                                                       const QString &sessionId);
    // The session without its tokens or keys: what it is, where, and how its renewals went.
    static QJsonObject sessionOutline(const Session &session);
    // The bundle of `exchanges`: the environments they (and the session) used without secret
    // values, the vault's and the session's key thumbprints, the session's outline, and every
    // secret the sessions, the vault and the environments know as a value to mask anywhere.
    // `vault` and `session` may be null.
    static SupportBundle assemble(const QList<HistoryEntry> &exchanges, const EnvironmentStore &environments,
                                  const SessionStore &sessions, const Vault *vault, const Session *session,
                                  const QString &versions);
};

} // namespace td
