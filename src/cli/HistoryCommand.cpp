// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryCommand.h"

#include "cli/CliIo.h"
#include "cli/ResultPrinter.h"
#include "core/AppPaths.h"
#include "core/evidence/FailureExplainer.h"
#include "core/net/HistoryStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <deque>

namespace td {

namespace {

const QString kUsage =
    QStringLiteral("tokendesk-cli history list [--json] [--limit N] [--endpoint ID] [--session ID] | show ID [--json]");

// The contract of `list --json`: these fields and nothing else (nothing secret is among them).
QJsonObject summaryJson(const HistoryEntry &entry)
{
    return QJsonObject{{QStringLiteral("id"), entry.id},
                       {QStringLiteral("at"), entry.time.toMSecsSinceEpoch()},
                       {QStringLiteral("endpoint"), entry.endpoint},
                       {QStringLiteral("environment"), entry.environment},
                       {QStringLiteral("origin"), historyOriginName(entry.origin)},
                       {QStringLiteral("ok"), entry.outcome.ok},
                       {QStringLiteral("httpStatus"), entry.status},
                       {QStringLiteral("code"), entry.outcome.code},
                       {QStringLiteral("durationMs"), entry.durationMs},
                       {QStringLiteral("sessionId"), entry.sessionId}};
}

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
}

QString summaryLine(const HistoryEntry &entry)
{
    return QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9 ms")
        .arg(utc(entry.time), entry.id.left(8), entry.endpoint, entry.environment, historyOriginName(entry.origin),
             entry.outcome.ok ? QStringLiteral("ok") : QStringLiteral("failed"),
             entry.status ? QStringLiteral("HTTP %1").arg(entry.status) : QStringLiteral("no HTTP"),
             entry.outcome.code.isEmpty() ? QStringLiteral("-") : entry.outcome.code)
        .arg(entry.durationMs);
}

QString headersText(const QJsonArray &headers)
{
    QString text;
    for (const QJsonValue &pair : headers)
        text += QStringLiteral("  %1: %2\n").arg(pair[0].toString(), pair[1].toString());
    return text;
}

// A stored body: text as is, a binary one (kept in base64) says so.
QString bodyText(const QJsonObject &part, const QString &name)
{
    if (part.contains(name + QStringLiteral("Base64")))
        return QStringLiteral("(binary, base64) ") + part.value(name + QStringLiteral("Base64")).toString();
    return part.value(name).toString();
}

Error ambiguous(const QString &what, const QString &prefix, const QStringList &matches)
{
    return makeError(ErrorCode::NotFound, QStringLiteral("\"%1\" matches %2 %3 (%4): give more of the id")
                                              .arg(prefix)
                                              .arg(matches.size())
                                              .arg(what, matches.join(QStringLiteral(", "))));
}

} // namespace

QString HistoryCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  tokendesk-cli history list [--json] [--limit N] [--endpoint ID] [--session ID]\n"
        "  tokendesk-cli history show ID [--json]\n"
        "\n"
        "The request history the app, `call` and `flow` keep (history.jsonl), shown as stored:\n"
        "every secret was masked before it was written.\n"
        "\n"
        "  list     the newest entries first, one line each: time (UTC), id (first 8 characters),\n"
        "           endpoint, environment, origin (manual, flow, renewal, retry), ok/failed, HTTP\n"
        "           status, code, duration. --json: an array of objects with id, at (ms since the\n"
        "           epoch), endpoint, environment, origin, ok, httpStatus, code, durationMs, sessionId\n"
        "  show     one entry with its fields, request and response (headers and bodies), and the\n"
        "           explanation kept with it (its likely causes, the server's clock offset); ID is an\n"
        "           entry's id or its first characters (at least 4). --json adds \"causes\" and\n"
        "           \"clockOffsetMs\" (as `call --json` has them) to the entry's fields\n"
        "\n"
        "Options:\n"
        "  --limit N        at most N entries (default %1)\n"
        "  --endpoint ID    only the calls of this endpoint, e.g. enos.get-token\n"
        "  --session ID     only the calls that issued or renewed this session (its id or first\n"
        "                   characters, as `tokendesk-cli sessions list` shows it)\n"
        "  --json           machine-readable output\n"
        "\n"
        "Exit status: 0 success; 1 unreadable history or unknown entry; 2 wrong usage.\n")
        .arg(kDefaultLimit);
}

int HistoryCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const QList<CliOption> options{{QStringLiteral("json"), false, false},
                                   {QStringLiteral("limit"), true, false},
                                   {QStringLiteral("endpoint"), true, false},
                                   {QStringLiteral("session"), true, false}};
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, options, 2, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (args->positionals().isEmpty())
        return m_io.usage(QStringLiteral("history needs a subcommand: list or show"), kUsage);
    const QByteArray sub = args->positionals().constFirst();
    const qsizetype ids = args->positionals().size() - 1;
    if (sub == "list") {
        if (ids != 0)
            return m_io.usage(QStringLiteral("history list takes no entry id"), kUsage);
        bool ok = true;
        const int limit = args->has(QStringLiteral("limit")) ? args->value(QStringLiteral("limit")).toInt(&ok) : kDefaultLimit;
        if (!ok || limit < 1)
            return m_io.usage(QStringLiteral("--limit needs a whole number of entries (1 or more)"), kUsage);
        return list(*args, HistoryStore(AppPaths::historyFile()), limit);
    }
    if (sub == "show") {
        if (ids != 1)
            return m_io.usage(QStringLiteral("history show takes one entry id"), kUsage);
        for (const char *filter : {"limit", "endpoint", "session"}) {
            if (args->has(QLatin1String(filter)))
                return m_io.usage(QStringLiteral("--%1 is for history list").arg(QLatin1String(filter)), kUsage);
        }
        return show(*args, HistoryStore(AppPaths::historyFile()));
    }
    return m_io.usage(QStringLiteral("unknown history subcommand '%1'").arg(QString::fromLocal8Bit(sub)), kUsage);
}

int HistoryCommand::list(const CliArgs &args, const HistoryStore &store, int limit)
{
    const QString endpoint = args.value(QStringLiteral("endpoint"));
    const QString session = args.value(QStringLiteral("session")).trimmed().toLower();
    const bool bySession = args.has(QStringLiteral("session"));
    if (bySession && session.isEmpty())
        return m_io.usage(QStringLiteral("--session needs a session id"), kUsage);
    // Only the newest `limit` matches are held, so a long history costs one line of memory.
    std::deque<HistoryEntry> newest;
    QSet<QString> sessions; // the distinct sessions a --session prefix matched
    Result<int> skipped = store.scan([&](HistoryEntry &&entry) {
        if (!endpoint.isEmpty() && entry.endpoint != endpoint)
            return;
        if (bySession) {
            if (entry.sessionId.isEmpty() || !entry.sessionId.startsWith(session))
                return;
            sessions.insert(entry.sessionId);
        }
        if (int(newest.size()) == limit)
            newest.pop_front();
        // A listed entry needs none of its exchange: without it a large --limit stays small.
        entry.fields.clear();
        entry.request = HttpRequest();
        entry.responseHeaders.clear();
        entry.responseBody.clear();
        entry.decryptedBody.clear();
        entry.outcome.message.clear();
        newest.push_back(std::move(entry));
    });
    if (!skipped)
        return m_io.fail(skipped.error());
    if (sessions.size() > 1) // session ids are UUIDs of one length: an exact id never prefixes another
        return m_io.fail(ambiguous(QStringLiteral("sessions"), session, QStringList(sessions.cbegin(), sessions.cend())));
    if (skipped.value() > 0)
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: %1 line(s) of %2 are not history entries and were skipped")
                              .arg(skipped.value())
                              .arg(store.filePath()));
    if (args.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (auto it = newest.crbegin(); it != newest.crend(); ++it)
            array.append(summaryJson(*it));
        m_io.writeOut(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return CliExitSuccess;
    }
    for (auto it = newest.crbegin(); it != newest.crend(); ++it)
        m_io.writeOutLine(summaryLine(*it));
    return CliExitSuccess;
}

int HistoryCommand::show(const CliArgs &args, const HistoryStore &store)
{
    const QString wanted = QString::fromUtf8(args.positionals().at(1)).trimmed().toLower();
    if (wanted.size() < 4)
        return m_io.fail(makeError(ErrorCode::NotFound,
                                   QStringLiteral("\"%1\" is too short to name a history entry: give at least 4 characters of its id")
                                       .arg(wanted)));
    std::optional<HistoryEntry> found;
    QStringList matches;
    Result<int> scanned = store.scan([&](HistoryEntry &&entry) {
        if (!entry.id.startsWith(wanted))
            return;
        matches.append(entry.id);
        if (!found || entry.id == wanted) // an exact id wins over the ids it prefixes
            found = std::move(entry);
    });
    if (!scanned)
        return m_io.fail(scanned.error());
    if (!found)
        return m_io.fail(makeError(ErrorCode::NotFound,
                                   QStringLiteral("no history entry has an id starting with \"%1\" (`tokendesk-cli history list` shows them)")
                                       .arg(wanted)));
    if (matches.size() > 1 && found->id != wanted)
        return m_io.fail(ambiguous(QStringLiteral("history entries"), wanted, matches));

    const QJsonObject stored = found->toJson(); // as the file holds it: masked
    if (args.has(QStringLiteral("json"))) {
        QJsonObject object = summaryJson(*found);
        for (const char *member : {"fields", "request", "response"})
            object.insert(QLatin1String(member), stored.value(QLatin1String(member)));
        object.insert(QStringLiteral("message"), found->outcome.message);
        object.insert(QStringLiteral("expiresAt"), found->outcome.expiresAt ? QJsonValue(*found->outcome.expiresAt) : QJsonValue());
        object.insert(QStringLiteral("causes"), found->causes);
        if (found->clockOffsetMs)
            object.insert(QStringLiteral("clockOffsetMs"), *found->clockOffsetMs);
        m_io.writeOut(QJsonDocument(object).toJson(QJsonDocument::Indented));
        return CliExitSuccess;
    }
    printEntry(*found, stored);
    return CliExitSuccess;
}

void HistoryCommand::printEntry(const HistoryEntry &entry, const QJsonObject &stored)
{
    const auto line = [this](const QString &label, const QString &value) {
        m_io.writeOutLine((label + QLatin1Char(':')).leftJustified(13) + value);
    };
    line(QStringLiteral("id"), entry.id);
    line(QStringLiteral("time"), utc(entry.time));
    line(QStringLiteral("endpoint"), entry.endpoint);
    line(QStringLiteral("environment"), entry.environment);
    line(QStringLiteral("origin"), historyOriginName(entry.origin));
    line(QStringLiteral("session"), entry.sessionId.isEmpty() ? QStringLiteral("-") : entry.sessionId);
    line(QStringLiteral("outcome"), QStringLiteral("%1%2%3")
                                        .arg(entry.outcome.ok ? QStringLiteral("ok") : QStringLiteral("failed"),
                                             entry.outcome.code.isEmpty() ? QString() : QStringLiteral(", code ") + entry.outcome.code,
                                             entry.outcome.message.isEmpty() ? QString() : QStringLiteral(": ") + entry.outcome.message));
    line(QStringLiteral("duration"), QStringLiteral("%1 ms").arg(entry.durationMs));
    if (entry.clockOffsetMs)
        line(QStringLiteral("clock"), QStringLiteral("server %1 (from its Date header)").arg(FailureExplainer::offsetText(*entry.clockOffsetMs)));
    if (!entry.causes.isEmpty())
        m_io.writeOutLine(ResultPrinter::causeLines(FailureExplainer::causesFromJson(entry.causes)));
    for (auto it = entry.fields.cbegin(); it != entry.fields.cend(); ++it)
        line(QStringLiteral("field"), QStringLiteral("%1 = %2").arg(it.key(), it.value()));
    const QJsonObject request = stored.value(QStringLiteral("request")).toObject();
    const QJsonObject response = stored.value(QStringLiteral("response")).toObject();
    m_io.writeOut(QStringLiteral("\nRequest: %1 %2\n%3\n%4\n")
                      .arg(request.value(QStringLiteral("method")).toString(), request.value(QStringLiteral("url")).toString(),
                           headersText(request.value(QStringLiteral("headers")).toArray()), bodyText(request, QStringLiteral("body")))
                      .toUtf8());
    m_io.writeOut(QStringLiteral("\nResponse: %1\n%2\n%3\n")
                      .arg(entry.status ? QStringLiteral("HTTP %1").arg(entry.status) : QStringLiteral("none"),
                           headersText(response.value(QStringLiteral("headers")).toArray()), bodyText(response, QStringLiteral("body")))
                      .toUtf8());
    const QString decrypted = bodyText(response, QStringLiteral("decryptedBody"));
    if (!decrypted.isEmpty())
        m_io.writeOut(QStringLiteral("\nDecrypted response body:\n%1\n").arg(decrypted).toUtf8());
}

} // namespace td
