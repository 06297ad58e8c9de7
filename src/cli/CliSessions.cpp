// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliSessions.h"

#include "cli/CliArgs.h"
#include "cli/CliEnvironments.h"
#include "cli/CliVault.h"
#include "core/AppPaths.h"
#include "core/api/SpecLibrary.h"
#include "core/api/ApiCall.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionPersistence.h"
#include "core/session/SessionStore.h"
#include "core/session/TestClockHook.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/ExchangeRecorder.h"
#include "core/workspace/Workspace.h"

#include "core/api/EndpointSpec.h"

#include <QFileInfo>
#include <QTcpSocket>

#include <algorithm>

namespace td {

namespace {

QString notKept(const QString &why)
{
    return QStringLiteral("tokendesk-cli: note: not kept as a session: %1 (--no-session skips this)").arg(why);
}

} // namespace

CliSessions::CliSessions(std::shared_ptr<Vault> vault, std::shared_ptr<SandboxHost> sandbox, const QStringList &specsOptions)
    : m_workspace(std::make_unique<Workspace>(
        Workspace::Options{AppPaths::environmentsFile(), AppPaths::historyFile(), QString(), std::nullopt,
                           SpecLibrary::userFolders(specsOptions)}))
{
    m_workspace->vault().set(std::move(vault));
    if (sandbox)
        m_workspace->setSandbox(std::move(sandbox));
    // A command saves once at its end (flush): each vault save costs a key derivation.
    m_workspace->recorder().setSaveVaultEachTime(false);
    QObject::connect(m_workspace.get(), &Workspace::problem, m_workspace.get(), [this](const QString &message) {
        if (m_warn)
            m_warn(QStringLiteral("tokendesk-cli: warning: ") + message);
        else
            qWarning("tokendesk-cli: warning: %s", qPrintable(message));
    });
    // A command renews only what it is asked to; `sessions watch` switches auto-renew on.
    m_workspace->scheduler().setAutoRenewEnabled(false);
    // test-only: TOKENDESK_TEST_CLOCK_FILE (docs/reliability.md)
    TestClockHook::install(m_workspace->sessions(), m_workspace->scheduler());
}

CliSessions::~CliSessions() = default;

Result<std::unique_ptr<CliSessions>> CliSessions::open(const CliArgs &args, std::shared_ptr<Vault> vault)
{
    // A session of a --specs family is renewed by that family's own steps.
    auto sessions = std::make_unique<CliSessions>(std::move(vault), nullptr, args.paths(QStringLiteral("specs")));
    if (Result<void> kept = sessions->keepWithVault(args); !kept)
        return kept.error();
    return sessions;
}

Result<void> CliSessions::keepWithVault(const CliArgs &args)
{
    if (!m_workspace->vault().get()) {
        Result<std::unique_ptr<Vault>> opened = CliVault::open(args);
        if (!opened)
            return opened.error();
        m_workspace->vault().set(std::shared_ptr<Vault>(std::move(opened).value()));
    }
    Result<int> attached = m_workspace->keepSessionsWithVault();
    if (!attached)
        return attached.error();
    return {};
}

void CliSessions::keepOnDemand(const CliArgs &args, bool fleetingSandbox, std::function<void(const QString &)> note)
{
    m_workspace->recorder().setSessionGate([this, &args, fleetingSandbox, note = std::move(note)] {
        if (args.has(QStringLiteral("no-session")))
            return false;
        if (fleetingSandbox) {
            note(notKept(QStringLiteral("the embedded sandbox stops with this command")));
            return false;
        }
        if (!wanted(args, m_workspace->vault().shared(), false)) {
            note(notKept(CliVault::missing(args).message));
            return false;
        }
        if (Result<void> kept = keepWithVault(args); !kept) {
            note(notKept(kept.error().toString()));
            return false;
        }
        return true;
    });
}

SessionStore &CliSessions::store()
{
    return m_workspace->sessions();
}

SessionPersistence &CliSessions::persistence()
{
    return m_workspace->sessionFile();
}

ExpiryScheduler &CliSessions::scheduler()
{
    return m_workspace->scheduler();
}

SessionRenewer &CliSessions::renewer()
{
    return m_workspace->renewer();
}

Vault &CliSessions::vault()
{
    return *m_workspace->vault().get();
}

Result<QUuid> CliSessions::resolve(const QString &text) const
{
    const QString wanted = text.trimmed().toLower().remove(QLatin1Char('{')).remove(QLatin1Char('}'));
    if (wanted.size() < 4)
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("\"%1\" is too short to name a session: give at least 4 characters of its id").arg(text));
    QList<QUuid> matches;
    for (const QUuid &id : m_workspace->sessions().ids()) {
        if (id.toString(QUuid::WithoutBraces).startsWith(wanted))
            matches.append(id);
    }
    if (matches.size() == 1)
        return matches.constFirst();
    if (matches.isEmpty())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no session has an id starting with \"%1\" (`tokendesk-cli sessions list` shows them)").arg(wanted));
    QStringList shown;
    for (const QUuid &id : std::as_const(matches))
        shown.append(id.toString(QUuid::WithoutBraces));
    return makeError(ErrorCode::NotFound, QStringLiteral("\"%1\" matches %2 sessions (%3): give more of the id")
                                              .arg(wanted)
                                              .arg(matches.size())
                                              .arg(shown.join(QStringLiteral(", "))));
}

SessionState CliSessions::shownState(const Session &session) const
{
    const qint64 now = m_workspace->sessions().now();
    const bool live = session.state == SessionState::Fresh || session.state == SessionState::Expiring;
    if (!live || session.expiresAtMs <= 0)
        return session.state;
    if (now >= session.expiresAtMs)
        return SessionState::Expired;
    if (now >= m_workspace->scheduler().thresholdAtMs(session))
        return SessionState::Expiring;
    return session.state;
}

bool CliSessions::carries(const EndpointSpec &spec)
{
    return std::any_of(spec.fields.cbegin(), spec.fields.cend(), [](const FieldSpec &field) { return !field.from.isEmpty(); });
}

Result<void> CliSessions::serveSandboxSessions(const QList<QUuid> &ids)
{
    const Session *kept = nullptr;
    bool tls = false; // a "Sandbox (TLS)" session among them: the sandbox serves HTTPS
    for (const QUuid &id : ids) {
        const Session *session = store().find(id);
        if (session && session->isOpen() && session->environment.builtIn && Environment::isBuiltInName(session->environment.name)) {
            kept = session;
            tls = tls || session->environment.name == QLatin1String(Environment::kSandboxTlsName);
        }
    }
    if (!kept || m_workspace->sandbox())
        return {};
    const QUrl url(kept->environment.baseUrl);
    QTcpSocket probe;
    probe.connectToHost(url.host(), quint16(url.port()));
    if (probe.waitForConnected(1000))
        return {};
    std::shared_ptr<SandboxHost> sandbox;
    Result<Environment> environment = CliEnvironments::startSandbox(sandbox, true, {}, tls);
    if (!environment)
        return environment.error();
    m_workspace->setSandbox(std::move(sandbox)); // the Sandbox sessions follow it
    return {};
}

bool CliSessions::wanted(const CliArgs &args, const std::shared_ptr<Vault> &vault, bool fleetingSandbox)
{
    return !args.has(QStringLiteral("no-session")) && !fleetingSandbox && (vault || QFileInfo::exists(CliVault::path(args)));
}

Result<QString> CliSessions::seed(const CliArgs &args, const EndpointSpec &spec, const Environment &environment,
                                  const QMap<QString, QString> &values, CallContext &context) const
{
    QStringList needed;
    for (const FieldSpec &field : spec.fields) {
        if (!field.from.isEmpty() && field.required && values.value(field.name).isEmpty())
            needed.append(field.from);
    }
    const Session *chosen = nullptr;
    if (args.has(QStringLiteral("session"))) {
        Result<QUuid> id = resolve(args.value(QStringLiteral("session")));
        if (!id)
            return id.error();
        chosen = m_workspace->sessions().find(id.value());
    } else if (!needed.isEmpty()) {
        for (int row = m_workspace->sessions().size() - 1; row >= 0 && !chosen; --row) {
            const Session &session = m_workspace->sessions().at(row);
            const bool hasAll = std::all_of(needed.cbegin(), needed.cend(),
                                            [&session](const QString &name) { return !session.context.value(name).isEmpty(); });
            if (session.isOpen() && session.family == spec.family && session.environment.name == environment.name && hasAll)
                chosen = &session;
        }
    }
    if (!chosen)
        return QString();
    context = chosen->context;
    return QStringLiteral("tokendesk-cli: note: continuing session %1 (%2, %3)")
        .arg(chosen->id.toString(QUuid::WithoutBraces).left(8), chosen->endpointId, sessionStateName(shownState(*chosen)));
}

} // namespace td
