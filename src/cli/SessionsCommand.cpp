// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionsCommand.h"

#include "cli/CliIo.h"
#include "cli/CliSessions.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionPersistence.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/api/EndpointCatalog.h"
#include "core/session/SessionJson.h"
#include "core/vault/Vault.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <unistd.h>

namespace td {

namespace {

const QString kUsage = QStringLiteral("tokendesk-cli sessions list|show ID|renew ID|close ID...|watch [--auto-renew] [--json] "
                                      "[--vault FILE] [--passphrase-fd N]");

QString utc(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                  : QStringLiteral("-");
}

QString shortId(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces).left(8);
}

QString padded(const QString &text, int width)
{
    return text.leftJustified(width);
}

// SIGINT/SIGTERM end `watch` cleanly (the sessions are saved): the handler only writes a byte to
// a pipe, which the event loop reads.
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

QString SessionsCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  tokendesk-cli sessions list [--json]\n"
        "  tokendesk-cli sessions show ID [--json] [--token]\n"
        "  tokendesk-cli sessions renew ID [--json]\n"
        "  tokendesk-cli sessions close ID... | --ended\n"
        "  tokendesk-cli sessions watch [--auto-renew] [--json] [--threshold PERCENT] [--threshold-min S]\n"
        "\n"
        "Every token issued, renewed or refreshed by `call`, `flow` or the app is a session, kept\n"
        "(encrypted) with the vault. ID is a session's id or its first characters (at least 4).\n"
        "\n"
        "  list     one line per session: id, family, environment, endpoint, state, expiry, renewals\n"
        "  show     one session with its renewal chain; --token prints only its current token\n"
        "  renew    renews now through the family's renew or refresh endpoint\n"
        "  close    stops watching the sessions and forgets them; --ended closes every expired,\n"
        "           terminated or renew-failed one\n"
        "  watch    runs the scheduler until interrupted, one line per state change (--json: one\n"
        "           JSON object per line); --auto-renew renews every session at its threshold\n"
        "           unless the session says otherwise; without it, the sessions whose own or whose\n"
        "           environment's auto-renew is on. Sessions added by other commands meanwhile\n"
        "           are picked up. A session turns \"expiring\" (and auto-renew renews it) once less\n"
        "           than max(--threshold % of its lifetime, --threshold-min seconds) is left,\n"
        "           but never in the first half of its life (defaults 20 % and 300 s, as in the\n"
        "           app). Renewals of one session are at least 1 s apart, at most 60 a minute go\n"
        "           to one host, and a renewal that brings no later expiry stops auto-renew for\n"
        "           that session (the reason is shown; --json: autoRenewStoppedReason, and\n"
        "           renewWaitReason when a renewal waits for the host's budget).\n"
        "\n"
        "Options:\n"
        "  --vault FILE        the vault whose sessions these are (default: the app's vault)\n"
        "  --passphrase-fd N   read the vault passphrase from descriptor N (else the environment\n"
        "                      variable TOKENDESK_VAULT_PASSPHRASE, else a prompt)\n"
        "  --json              machine-readable output\n"
        "  --specs DIR         also read the endpoint specs of DIR, after <config>/apis and\n"
        "                      TOKENDESK_SPECS_PATH (repeatable), so a session of a family that only\n"
        "                      DIR describes is renewed by its own steps\n"
        "\n"
        "Exit status: 0 success; 1 no vault, unknown session, or a renew that failed; 2 wrong usage.\n");
}

int SessionsCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const QList<CliOption> options{{QStringLiteral("json"), false, false},          {QStringLiteral("token"), false, false},
                                   {QStringLiteral("auto-renew"), false, false},    {QStringLiteral("ended"), false, false},
                                   {QStringLiteral("vault"), true, false},          {QStringLiteral("passphrase-fd"), true, false},
                                   {QStringLiteral("threshold"), true, false},      {QStringLiteral("threshold-min"), true, false},
                                   {QStringLiteral("specs"), true, true}};
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, options, 64, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (args->positionals().isEmpty())
        return m_io.usage(QStringLiteral("sessions needs a subcommand: list, show, renew, close or watch"), kUsage);
    const QByteArray sub = args->positionals().constFirst();
    const QList<QByteArray> known{"list", "show", "renew", "close", "watch"};
    if (!known.contains(sub))
        return m_io.usage(QStringLiteral("unknown sessions subcommand '%1'").arg(QString::fromLocal8Bit(sub)), kUsage);
    const qsizetype ids = args->positionals().size() - 1;
    if ((sub == "show" || sub == "renew") && ids != 1)
        return m_io.usage(QStringLiteral("sessions %1 takes one session id").arg(QString::fromLatin1(sub)), kUsage);
    if ((sub == "list" || sub == "watch") && ids != 0)
        return m_io.usage(QStringLiteral("sessions %1 takes no session id").arg(QString::fromLatin1(sub)), kUsage);
    if (sub == "close" && (ids == 0) == !args->has(QStringLiteral("ended")))
        return m_io.usage(QStringLiteral("sessions close takes session ids or --ended"), kUsage);

    bool percentOk = true, minimumOk = true;
    const double percent = args->has(QStringLiteral("threshold")) ? args->value(QStringLiteral("threshold")).toDouble(&percentOk) : 20.0;
    const int minimumS = args->has(QStringLiteral("threshold-min")) ? args->value(QStringLiteral("threshold-min")).toInt(&minimumOk) : 300;
    if (!percentOk || !(percent >= 0 && percent <= 100)) // also refuses "nan"
        return m_io.usage(QStringLiteral("--threshold needs a percentage from 0 to 100"), kUsage);
    if (!minimumOk || minimumS < 0)
        return m_io.usage(QStringLiteral("--threshold-min needs a number of seconds (0 or more)"), kUsage);

    Result<std::unique_ptr<CliSessions>> sessions = CliSessions::open(*args);
    if (!sessions)
        return m_io.fail(sessions.error());
    if (const QString notice = sessions.value()->persistence().notice(); !notice.isEmpty())
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: ") + notice);
    CliSessions &store = *sessions.value();
    store.warnWith([this](const QString &line) { m_io.writeErrLine(line); });
    store.scheduler().setThreshold(percent / 100.0, qint64(minimumS) * 1000);
    if (sub == "list")
        return list(*args, store);
    if (sub == "show")
        return show(*args, store);
    if (sub == "renew")
        return renew(*args, store);
    if (sub == "close")
        return close(*args, store);
    return watch(*args, store);
}

int SessionsCommand::list(const CliArgs &args, CliSessions &sessions)
{
    const SessionStore &store = sessions.store();
    const qint64 now = store.now();
    if (args.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (int row = 0; row < store.size(); ++row) {
            Session shown = store.at(row);
            shown.state = sessions.shownState(shown);
            array.append(SessionJson::toPublic(shown, now));
        }
        m_io.writeOut(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return CliExitSuccess;
    }
    if (store.size() == 0) {
        m_io.writeOutLine(QStringLiteral("No sessions. Tokens issued by `call`, `flow` or the app appear here."));
        return CliExitSuccess;
    }
    // Columns as wide as their longest cell: environment names may be whole base URLs.
    QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("FAMILY"), QStringLiteral("ENVIRONMENT"), QStringLiteral("ENDPOINT"),
                             QStringLiteral("STATE"), QStringLiteral("EXPIRES"), QStringLiteral("REMAINING"), QStringLiteral("RENEWALS")}};
    for (int row = 0; row < store.size(); ++row) {
        const Session &session = store.at(row);
        rows.append({shortId(session.id), session.family, session.environment.name, session.endpointId,
                     sessionStateName(sessions.shownState(session)), utc(session.expiresAtMs),
                     SessionStore::remainingText(session.expiresAtMs, now), QString::number(session.successfulRenewals())});
    }
    QList<int> widths(rows.constFirst().size(), 0);
    for (const QStringList &cells : std::as_const(rows))
        for (qsizetype column = 0; column < cells.size(); ++column)
            widths[column] = qMax(widths.at(column), int(cells.at(column).size()));
    for (const QStringList &cells : std::as_const(rows)) {
        QString line;
        for (qsizetype column = 0; column < cells.size(); ++column)
            line += column + 1 < cells.size() ? padded(cells.at(column), widths.at(column) + 2) : cells.at(column);
        m_io.writeOutLine(line);
    }
    return CliExitSuccess;
}

int SessionsCommand::show(const CliArgs &args, CliSessions &sessions)
{
    Result<QUuid> id = sessions.resolve(QString::fromUtf8(args.positionals().at(1)));
    if (!id)
        return m_io.fail(id.error());
    const Session &session = *sessions.store().find(id.value());
    const qint64 now = sessions.store().now();
    if (args.has(QStringLiteral("token"))) {
        // Asked for explicitly, for `$(tokendesk-cli sessions show ID --token)`.
        m_io.writeOutLine(session.token);
        return CliExitSuccess;
    }
    Session shown = session;
    shown.state = sessions.shownState(session);
    if (args.has(QStringLiteral("json"))) {
        m_io.writeOut(QJsonDocument(SessionJson::toPublic(shown, now, true)).toJson(QJsonDocument::Indented));
        return CliExitSuccess;
    }
    const auto line = [this](const QString &label, const QString &value) {
        m_io.writeOutLine(padded(label + QLatin1Char(':'), 13) + value);
    };
    line(QStringLiteral("id"), session.id.toString(QUuid::WithoutBraces));
    line(QStringLiteral("family"), QStringLiteral("%1 (%2)").arg(EndpointCatalog::familyTitle(session.family), session.family));
    line(QStringLiteral("environment"),
         QStringLiteral("%1 (%2)").arg(session.environment.name, session.environment.baseUrlFor(session.family)));
    line(QStringLiteral("endpoint"), session.endpointId);
    line(QStringLiteral("state"), sessionStateName(shown.state));
    line(QStringLiteral("issued"), utc(session.issuedAtMs));
    line(QStringLiteral("expires"),
         session.expiresAtMs > 0
             ? QStringLiteral("%1 (%2), from %3 = %4")
                   .arg(utc(session.expiresAtMs), SessionStore::remainingText(session.expiresAtMs, now), session.expiryField,
                        QString::fromUtf8(QJsonDocument(QJsonArray{session.expiryRaw}).toJson(QJsonDocument::Compact)
                                              .mid(1).chopped(1)))
             : QStringLiteral("no expiry given"));
    const bool autoRenew = sessions.scheduler().autoRenewFor(session);
    line(QStringLiteral("auto-renew"),
         session.autoRenew ? (autoRenew ? QStringLiteral("on") : QStringLiteral("off"))
                           : QStringLiteral("%1 (the default)").arg(autoRenew ? QStringLiteral("on") : QStringLiteral("off")));
    for (const QString &warning : session.warnings)
        line(QStringLiteral("warning"), warning);
    if (!session.autoRenewStoppedReason.isEmpty())
        line(QStringLiteral("auto-renew stopped"), session.autoRenewStoppedReason);
    if (!session.lastError.isEmpty())
        line(QStringLiteral("last error"), session.lastError);
    line(QStringLiteral("renewals"), session.renewals.isEmpty() ? QStringLiteral("none") : QString());
    for (const Session::Renewal &renewal : session.renewals) {
        QString text = QStringLiteral("  %1  %2  HTTP %3").arg(utc(renewal.atMs), renewal.ok ? QStringLiteral("ok    ") : QStringLiteral("failed"))
                           .arg(renewal.httpStatus);
        if (!renewal.code.isEmpty())
            text += QStringLiteral("  code %1").arg(renewal.code);
        if (!renewal.message.isEmpty())
            text += QStringLiteral("  ") + renewal.message;
        if (renewal.ok)
            text += QStringLiteral("  → expires %1").arg(utc(renewal.newExpiresAtMs));
        m_io.writeOutLine(text);
    }
    return CliExitSuccess;
}

int SessionsCommand::renew(const CliArgs &args, CliSessions &sessions)
{
    Result<QUuid> id = sessions.resolve(QString::fromUtf8(args.positionals().at(1)));
    if (!id)
        return m_io.fail(id.error());
    if (Result<void> served = sessions.serveSandboxSessions({id.value()}); !served)
        return m_io.fail(served.error());
    const Session before = *sessions.store().find(id.value());
    ExpiryScheduler &scheduler = sessions.scheduler();
    QEventLoop loop;
    QObject::connect(&scheduler, &ExpiryScheduler::stateChanged, &loop,
                     [&loop, &id](const QUuid &changed, SessionState from, SessionState) {
                         if (changed == id.value() && from == SessionState::Renewing)
                             loop.quit();
                     });
    if (!scheduler.renewNow(id.value())) {
        const bool renewable = SessionRenewer::renewSpec(before, sessions.store().catalog()) != nullptr;
        return m_io.fail(makeError(ErrorCode::NotFound,
                                   renewable ? QStringLiteral("session %1 is %2: it cannot be renewed").arg(shortId(before.id), sessionStateName(before.state))
                                             : QStringLiteral("session %1's %2 token has no renew step").arg(shortId(before.id), before.family)));
    }
    loop.exec(); // the renew call has its own timeout, so this ends
    const Session &after = *sessions.store().find(id.value());
    if (Result<void> saved = sessions.persistence().save(); !saved)
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: the renewal was not saved: ") + saved.error().toString());
    // Judged by the chain, not the state: a short-lived token is Expiring again at once.
    const bool ok = after.renewals.size() > before.renewals.size() && after.renewals.constLast().ok;
    if (args.has(QStringLiteral("json"))) {
        QJsonObject object = SessionJson::toPublic(after, sessions.store().now(), true);
        object.insert(QStringLiteral("ok"), ok);
        m_io.writeOut(QJsonDocument(object).toJson(QJsonDocument::Indented));
    } else if (ok) {
        m_io.writeOutLine(QStringLiteral("renewed %1: expires %2 (%3)")
                              .arg(shortId(after.id), utc(after.expiresAtMs),
                                   SessionStore::remainingText(after.expiresAtMs, sessions.store().now())));
    }
    if (ok)
        return CliExitSuccess;
    return m_io.fail(makeError(ErrorCode::ServerRejected,
                               QStringLiteral("renewing session %1 failed (%2): %3")
                                   .arg(shortId(after.id), sessionStateName(after.state), after.lastError)));
}

int SessionsCommand::close(const CliArgs &args, CliSessions &sessions)
{
    QList<QUuid> ids;
    if (args.has(QStringLiteral("ended"))) {
        for (const QUuid &id : sessions.store().ids()) {
            const SessionState state = sessions.shownState(*sessions.store().find(id));
            if (state == SessionState::Expired || state == SessionState::Terminated || state == SessionState::RenewFailed)
                ids.append(id);
        }
    }
    for (qsizetype i = 1; i < args.positionals().size(); ++i) {
        Result<QUuid> id = sessions.resolve(QString::fromUtf8(args.positionals().at(i)));
        if (!id)
            return m_io.fail(id.error());
        ids.append(id.value());
    }
    for (const QUuid &id : std::as_const(ids)) {
        sessions.store().close(id);
        m_io.writeOutLine(QStringLiteral("closed %1").arg(id.toString(QUuid::WithoutBraces)));
    }
    if (Result<void> saved = sessions.persistence().save(); !saved)
        return m_io.fail(saved.error());
    return CliExitSuccess;
}

int SessionsCommand::watch(const CliArgs &args, CliSessions &sessions)
{
    const bool json = args.has(QStringLiteral("json"));
    const bool autoRenew = args.has(QStringLiteral("auto-renew"));
    // Two auto-renewers on one vault would renew each session twice; the second renew would use
    // a token the first one already replaced.
    QLockFile renewLock(SessionPersistence::watcherLockPath(sessions.persistence().path()));
    if (autoRenew && !renewLock.tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        renewLock.getLockInfo(&pid, &host, &app);
        return m_io.fail(makeError(ErrorCode::Io, QStringLiteral("another `sessions watch --auto-renew` (pid %1) already renews these "
                                                                 "sessions")
                                                      .arg(pid)));
    }
    if (autoRenew) {
        if (Result<void> served = sessions.serveSandboxSessions(sessions.store().ids()); !served)
            return m_io.fail(served.error());
    }
    SessionStore &store = sessions.store();
    ExpiryScheduler &scheduler = sessions.scheduler();
    // Connected first: switching auto-renew on ticks the scheduler, and a session already due
    // moves at once; its line must be printed too.
    QObject::connect(&scheduler, &ExpiryScheduler::stateChanged, &scheduler,
                     [this, &store, json](const QUuid &id, SessionState from, SessionState to) {
                         const Session *session = store.find(id);
                         if (!session)
                             return;
                         const qint64 now = store.now();
                         if (json) {
                             QJsonObject object{{QStringLiteral("at"), now},
                                                {QStringLiteral("id"), id.toString(QUuid::WithoutBraces)},
                                                {QStringLiteral("family"), session->family},
                                                {QStringLiteral("environment"), session->environment.name},
                                                {QStringLiteral("endpoint"), session->endpointId},
                                                {QStringLiteral("from"), sessionStateName(from)},
                                                {QStringLiteral("to"), sessionStateName(to)},
                                                {QStringLiteral("expiresAt"), session->expiresAtMs},
                                                {QStringLiteral("renewals"), session->successfulRenewals()}};
                             if (!session->lastError.isEmpty() && to != SessionState::Fresh)
                                 object.insert(QStringLiteral("reason"), session->lastError);
                             if (!session->autoRenewStoppedReason.isEmpty())
                                 object.insert(QStringLiteral("autoRenewStoppedReason"), session->autoRenewStoppedReason);
                             m_io.writeOut(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
                             return;
                         }
                         QString text = QStringLiteral("%1  %2  %3  %4  %5 -> %6  expires %7 (%8)")
                                            .arg(QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODate), shortId(id),
                                                 session->family, session->environment.name, sessionStateName(from),
                                                 sessionStateName(to), utc(session->expiresAtMs),
                                                 SessionStore::remainingText(session->expiresAtMs, now));
                         if (!session->lastError.isEmpty() && to != SessionState::Fresh)
                             text += QStringLiteral("  reason: ") + session->lastError;
                         if (!session->autoRenewStoppedReason.isEmpty())
                             text += QStringLiteral("  ") + session->autoRenewStoppedReason;
                         m_io.writeOutLine(text);
                     });
    // A due renewal held back by the host's budget: said once, so a quiet watch is not a mystery.
    QObject::connect(&scheduler, &ExpiryScheduler::renewWaiting, &scheduler,
                     [this, &store, json](const QUuid &id, const QString &reason) {
                         const Session *session = store.find(id);
                         if (!session)
                             return;
                         const QString state = sessionStateName(session->state);
                         if (json) {
                             const QJsonObject object{{QStringLiteral("at"), store.now()},
                                                      {QStringLiteral("id"), id.toString(QUuid::WithoutBraces)},
                                                      {QStringLiteral("family"), session->family},
                                                      {QStringLiteral("environment"), session->environment.name},
                                                      {QStringLiteral("endpoint"), session->endpointId},
                                                      {QStringLiteral("from"), state},
                                                      {QStringLiteral("to"), state},
                                                      {QStringLiteral("expiresAt"), session->expiresAtMs},
                                                      {QStringLiteral("renewals"), session->successfulRenewals()},
                                                      {QStringLiteral("renewWaitReason"), reason}};
                             m_io.writeOut(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
                             return;
                         }
                         m_io.writeOutLine(QStringLiteral("%1  %2  %3  %4  %5")
                                               .arg(QDateTime::fromMSecsSinceEpoch(store.now(), Qt::UTC).toString(Qt::ISODate),
                                                    shortId(id), session->family, session->environment.name, reason));
                     });
    scheduler.setDefaultAutoRenew(autoRenew);
    scheduler.setAutoRenewEnabled(true); // sessions whose own or environment's setting is on renew too
    QObject::connect(&store, &SessionStore::sessionAdded, &scheduler, [this, &store, json](const QUuid &id) {
        const Session *session = store.find(id);
        if (!session || json)
            return;
        m_io.writeErrLine(QStringLiteral("watching %1 (%2, %3, %4)")
                              .arg(shortId(id), session->family, session->environment.name, sessionStateName(session->state)));
    });

    if (::pipe(g_signalPipe) != 0)
        return m_io.fail(makeError(ErrorCode::Io, QStringLiteral("cannot set up signal handling")));
    QSocketNotifier interrupted(g_signalPipe[0], QSocketNotifier::Read);
    QEventLoop loop;
    QObject::connect(&interrupted, &QSocketNotifier::activated, &loop, &QEventLoop::quit);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    // Other commands (call, flow, close, the app) write the same file: take their changes.
    QTimer reload;
    reload.setInterval(1000);
    QObject::connect(&reload, &QTimer::timeout, &loop, [this, &sessions] {
        if (Result<int> changed = sessions.persistence().reload(); !changed)
            m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: ") + changed.error().toString());
    });
    sessions.persistence().setAutoSave(500);
    QObject::connect(&sessions.persistence(), &SessionPersistence::saveFailed, &loop,
                     [this](const QString &message) { m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: not saved: ") + message); });
    if (!json)
        m_io.writeErrLine(QStringLiteral("watching %1 session(s)%2; Ctrl-C stops")
                              .arg(store.size())
                              .arg(autoRenew ? QStringLiteral(", renewing them at their threshold") : QString()));
    reload.start();
    scheduler.start();
    loop.exec();
    scheduler.stop();
    scheduler.setAutoRenewEnabled(false);
    // A renewal in flight may already have spent the old refresh token on the server: wait for
    // its answer (each call has its own timeout) rather than save a session that can never renew.
    if (sessions.renewer().running() > 0) {
        m_io.writeErrLine(QStringLiteral("waiting for %1 renewal(s) in flight").arg(sessions.renewer().running()));
        QEventLoop drain;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &drain, [&drain, &sessions] {
            if (sessions.renewer().running() == 0)
                drain.quit();
        });
        poll.start(20);
        drain.exec();
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    if (Result<void> saved = sessions.persistence().save(); !saved)
        return m_io.fail(saved.error());
    return CliExitSuccess;
}

} // namespace td
