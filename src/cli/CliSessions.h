// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/ApiClient.h"
#include "core/net/HistoryStore.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionPersistence.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultValueSource.h"

#include <QUuid>

#include <memory>

namespace td {

class CliArgs;
struct EndpointSpec;
class CliIo;

// The sessions a CLI command works on: the store of the vault's sessions file, with the renewer
// and scheduler the app uses, so `sessions renew|watch` behave exactly like the Sessions page.
// Sessions of vault-backed environments renew through the same vault.
class CliSessions
{
public:
    // Opens the vault (--vault/--passphrase-fd as `vault` commands take them) unless one is given,
    // and reads its sessions file. NotFound naming `vault init` when there is no vault.
    static Result<std::unique_ptr<CliSessions>> open(const CliArgs &args, std::shared_ptr<Vault> vault = {});
    ~CliSessions();

    SessionStore &store() { return m_store; }
    SessionPersistence &persistence() { return m_persistence; }
    // Auto-renew is off until a command (watch) turns it on: see ExpiryScheduler::setAutoRenewEnabled.
    ExpiryScheduler &scheduler() { return *m_scheduler; }
    SessionRenewer &renewer() { return m_renewer; }
    Vault &vault() { return *m_vault; }

    // The session whose id is `text` or starts with it (at least 4 characters, as `list` shows 8).
    // NotFound when none or several match; the message says which.
    Result<QUuid> resolve(const QString &text) const;
    // The state to show now: a Fresh session inside its threshold reads "expiring", a live one
    // past its expiry "expired", even before a scheduler has moved it.
    SessionState shownState(const Session &session) const;

    // True when the endpoint sends values an earlier step produced (carried "from" fields).
    static bool carries(const EndpointSpec &spec);
    // Whether a `call`/`flow` may use kept sessions: not with --no-session, not against the
    // embedded sandbox, and only when there is a vault.
    // Kept Sandbox sessions talk to this command's embedded sandbox (same state, maybe another
    // port than the one they were issued on).
    void adoptSandbox(const Environment &sandbox);
    static bool wanted(const CliArgs &args, const std::shared_ptr<Vault> &vault, bool embeddedSandbox);
    // Fills `context` from the session given with --session ID, else from the newest open session
    // of the spec's family and the environment that has the carried values the call still needs
    // (none given with --set). Returns a note naming the session used ("" when none was needed or
    // found: the call then reports what is missing); NotFound for an unknown --session.
    Result<QString> seed(const CliArgs &args, const EndpointSpec &spec, const Environment &environment,
                         const QMap<QString, QString> &values, CallContext &context) const;

    // Keeps the sessions of a `call` or `flow` (unless --no-session): opens the vault if the
    // command has none, adds the results, saves. Returns a note for standard error ("" when kept).
    static QString keep(const CliArgs &args, const std::shared_ptr<Vault> &vault, bool embeddedSandbox,
                        const std::function<void(SessionStore &)> &add);

private:
    explicit CliSessions(std::shared_ptr<Vault> vault);

    std::shared_ptr<Vault> m_vault;
    VaultValueSource m_values;
    ApiClient m_client;
    SessionStore m_store;
    SessionPersistence m_persistence;
    SessionRenewer m_renewer;
    std::unique_ptr<ExpiryScheduler> m_scheduler;
    HistoryStore m_history; // renewals are recorded like the app records them
};

} // namespace td
