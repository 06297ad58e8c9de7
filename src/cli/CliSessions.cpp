// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliSessions.h"

#include "cli/CliArgs.h"
#include "cli/CliVault.h"
#include "core/AppPaths.h"
#include "core/api/ApiCall.h"
#include "core/api/CallHistory.h"
#include "core/session/TestClockHook.h"
#include "core/vault/Vault.h"

#include "core/api/EndpointSpec.h"

#include <QFileInfo>

#include <algorithm>

namespace td {

namespace {

QString notKept(const QString &why)
{
    return QStringLiteral("tokendesk-cli: note: not kept as a session: %1 (--no-session skips this)").arg(why);
}

} // namespace

CliSessions::CliSessions(std::shared_ptr<Vault> vault)
    : m_vault(std::move(vault))
    , m_values(m_vault.get())
    , m_persistence(m_store)
    , m_renewer(m_client)
    , m_history(AppPaths::historyFile())
{
    m_renewer.setValueSource(&m_values);
    QObject::connect(&m_renewer, &SessionRenewer::exchanged, &m_renewer, [this](const QUuid &id, const ApiCall &call) {
        if (Result<void> recorded = CallHistory::record(m_history, call, m_store.secretValues(), HistoryOrigin::Renewal, id);
            !recorded)
            qWarning("tokendesk-cli: warning: the renewal was not recorded in history: %s", qPrintable(recorded.error().toString()));
    });
    m_scheduler = std::make_unique<ExpiryScheduler>(m_store, m_renewer);
    // A command renews only what it is asked to; `sessions watch` switches auto-renew on.
    m_scheduler->setAutoRenewEnabled(false);
    TestClockHook::install(m_store, *m_scheduler); // test-only: TOKENDESK_TEST_CLOCK_FILE (docs/reliability.md)
}

CliSessions::~CliSessions()
{
    // The scheduler listens to the store and the renewer: it goes first.
    m_scheduler.reset();
}

Result<std::unique_ptr<CliSessions>> CliSessions::open(const CliArgs &args, std::shared_ptr<Vault> vault)
{
    if (!vault) {
        Result<std::unique_ptr<Vault>> opened = CliVault::open(args);
        if (!opened)
            return opened.error();
        vault = std::move(opened).value();
    }
    Result<SecureBytes> key = vault->sessionsKey();
    if (!key)
        return key.error();
    std::unique_ptr<CliSessions> sessions(new CliSessions(vault));
    Result<int> attached = sessions->m_persistence.attach(vault->sessionsPath(), key.value());
    if (!attached)
        return attached.error();
    return sessions;
}

Result<QUuid> CliSessions::resolve(const QString &text) const
{
    const QString wanted = text.trimmed().toLower().remove(QLatin1Char('{')).remove(QLatin1Char('}'));
    if (wanted.size() < 4)
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("\"%1\" is too short to name a session: give at least 4 characters of its id").arg(text));
    QList<QUuid> matches;
    for (const QUuid &id : m_store.ids()) {
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
    const qint64 now = m_store.now();
    const bool live = session.state == SessionState::Fresh || session.state == SessionState::Expiring;
    if (!live || session.expiresAtMs <= 0)
        return session.state;
    if (now >= session.expiresAtMs)
        return SessionState::Expired;
    if (now >= m_scheduler->thresholdAtMs(session))
        return SessionState::Expiring;
    return session.state;
}

bool CliSessions::carries(const EndpointSpec &spec)
{
    return std::any_of(spec.fields.cbegin(), spec.fields.cend(), [](const FieldSpec &field) { return !field.from.isEmpty(); });
}

void CliSessions::adoptSandbox(const Environment &sandbox)
{
    for (const QUuid &id : m_store.ids()) {
        Session session = *m_store.find(id);
        if (session.environment.builtIn && session.environment.name == sandbox.name
            && session.environment.baseUrl != sandbox.baseUrl) {
            session.environment = sandbox;
            m_store.update(session);
        }
    }
}

bool CliSessions::wanted(const CliArgs &args, const std::shared_ptr<Vault> &vault, bool embeddedSandbox)
{
    return !args.has(QStringLiteral("no-session")) && !embeddedSandbox && (vault || QFileInfo::exists(CliVault::path(args)));
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
        chosen = m_store.find(id.value());
    } else if (!needed.isEmpty()) {
        for (int row = m_store.size() - 1; row >= 0 && !chosen; --row) {
            const Session &session = m_store.at(row);
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

QString CliSessions::keep(const CliArgs &args, const std::shared_ptr<Vault> &vault, bool embeddedSandbox,
                          const std::function<void(SessionStore &)> &add)
{
    if (args.has(QStringLiteral("no-session")))
        return {};
    if (embeddedSandbox)
        return notKept(QStringLiteral("the embedded sandbox stops with this command"));
    if (!wanted(args, vault, false))
        return notKept(CliVault::missing(args).message);
    Result<std::unique_ptr<CliSessions>> sessions = open(args, vault);
    if (!sessions)
        return notKept(sessions.error().toString());
    add(sessions.value()->store());
    if (Result<void> saved = sessions.value()->persistence().save(); !saved)
        return notKept(saved.error().toString());
    return {};
}

} // namespace td
