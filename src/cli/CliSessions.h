// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/Environment.h"
#include "core/session/SessionState.h"

#include <QString>
#include <QStringList>
#include <QUuid>

#include <functional>
#include <memory>

namespace td {

class CliArgs;
class ExpiryScheduler;
class SandboxHost;
class SessionPersistence;
class SessionRenewer;
class SessionStore;
class Vault;
class Workspace;
struct CallContext;
struct EndpointSpec;
struct Session;

// The Workspace of one CLI command: on the app's files (history, environments, the vault and its
// sessions file), with the vault once open and the embedded sandbox when the command started
// one. Its renewer, scheduler and recorder are the app's, so `call`, `flow` and `sessions
// renew|watch` record, renew and keep sessions exactly as the app does. What is here on top is
// the command line's part: opening the vault with --vault/--passphrase-fd, naming sessions by a
// prefix of their id, and which kept session a step continues.
class CliSessions
{
public:
    // A workspace on the app's files; `vault` and `sandbox` when the command has them already.
    // Its specs are the user folders plus `specsOptions` (the command's --specs DIRs), so a
    // session of a --specs family is kept and renewed by its own steps.
    explicit CliSessions(std::shared_ptr<Vault> vault = {}, std::shared_ptr<SandboxHost> sandbox = {},
                         const QStringList &specsOptions = {});
    ~CliSessions();

    // Opens the vault (--vault/--passphrase-fd as `vault` commands take them) unless one is given,
    // and reads its sessions file. NotFound naming `vault init` when there is no vault.
    static Result<std::unique_ptr<CliSessions>> open(const CliArgs &args, std::shared_ptr<Vault> vault = {});
    // The same for this workspace: opens the vault unless it holds one, reads its sessions file.
    Result<void> keepWithVault(const CliArgs &args);
    // For `call` and `flow`: the first exchange that issues a token keeps it as a session, the
    // vault opened then unless it is already (tokens are secrets: sessions are kept with the
    // vault). When it cannot be (--no-session, a sandbox that forgets its tokens, no vault), the
    // token is not kept and `note` gets why (nothing for --no-session).
    void keepOnDemand(const CliArgs &args, bool fleetingSandbox, std::function<void(const QString &)> note);

    // Where the workspace's problems (history, sessions or vault not written) go; qWarning unless set.
    void warnWith(std::function<void(const QString &)> warn) { m_warn = std::move(warn); }

    Workspace &workspace() { return *m_workspace; }
    SessionStore &store();
    SessionPersistence &persistence();
    // Auto-renew is off until a command (watch) turns it on: see ExpiryScheduler::setAutoRenewEnabled.
    ExpiryScheduler &scheduler();
    SessionRenewer &renewer();
    Vault &vault(); // once open()/keepWithVault() succeeded

    // The session whose id is `text` or starts with it (at least 4 characters, as `list` shows 8).
    // NotFound when none or several match; the message says which.
    Result<QUuid> resolve(const QString &text) const;
    // The state to show now: a Fresh session inside its threshold reads "expiring", a live one
    // past its expiry "expired", even before a scheduler has moved it.
    SessionState shownState(const Session &session) const;

    // True when the endpoint sends values an earlier step produced (carried "from" fields).
    static bool carries(const EndpointSpec &spec);
    // Kept Sandbox sessions among `ids` renew against a sandbox: the one that issued them when it
    // still listens (the app's), else one this command starts on the kept state (the command
    // that issued them has stopped its own). Nothing to do without such a session.
    Result<void> serveSandboxSessions(const QList<QUuid> &ids);
    // Whether a `call`/`flow` may use kept sessions: not with --no-session, not against an
    // embedded sandbox that forgets its tokens, and only when there is a vault.
    static bool wanted(const CliArgs &args, const std::shared_ptr<Vault> &vault, bool fleetingSandbox);
    // Fills `context` from the session given with --session ID, else from the newest open session
    // of the spec's family and the environment that has the carried values the call still needs
    // (none given with --set). Returns a note naming the session used ("" when none was needed or
    // found: the call then reports what is missing); NotFound for an unknown --session.
    Result<QString> seed(const CliArgs &args, const EndpointSpec &spec, const Environment &environment,
                         const QMap<QString, QString> &values, CallContext &context) const;

private:
    std::unique_ptr<Workspace> m_workspace;
    std::function<void(const QString &)> m_warn;
};

} // namespace td
