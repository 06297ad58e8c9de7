// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallCommand.h"

#include "cli/ApiOptions.h"
#include "cli/CliIo.h"
#include "cli/CliSessions.h"
#include "cli/ResultPrinter.h"
#include "core/AppPaths.h"
#include "core/api/ApiCall.h"
#include "core/api/CallHistory.h"
#include "core/net/HistoryStore.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxHost.h"
#include "core/session/SessionRetry.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>

namespace td {

namespace {

const QString kUsage = QStringLiteral(
    "tokendesk-cli call ENDPOINT-ID (--env NAME | --base-url URL) [--set NAME=VALUE...] [--kdf K] [--session ID] [--json]");

QString endpointList()
{
    QStringList ids;
    for (const EndpointSpec &spec : EndpointCatalog::builtIn().endpoints())
        ids.append(spec.id);
    return ids.join(QStringLiteral(", "));
}

} // namespace

QString CallCommand::help()
{
    return QStringLiteral("Usage:\n  %1\n\nSends one request to one endpoint and prints the outcome and the token(s).\n"
                          "A step that needs an earlier step's values (bankezy.get-user-token, the renew and\n"
                          "refresh steps) takes them from the newest kept session of its family and environment\n"
                          "(or --session ID); a 401 on a session's token renews that session once and retries.\n"
                          "Endpoints: %2\n\nOptions:\n%3\n"
                          "Exit status: 0 the call succeeded; 1 it failed (the server's code, or a client error);\n"
                          "2 wrong usage.\n")
        .arg(kUsage, endpointList(), ApiOptions::optionsHelp());
}

int CallCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    QList<CliOption> optionList = ApiOptions::cliOptions();
    optionList << CliOption{QStringLiteral("session"), true, false};
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, optionList, 1, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (args->positionals().isEmpty())
        return m_io.usage(QStringLiteral("call needs an endpoint id (%1)").arg(endpointList()), kUsage);
    const QString id = QString::fromUtf8(args->positionals().constFirst());
    const EndpointSpec *spec = EndpointCatalog::builtIn().find(id);
    if (!spec)
        return m_io.usage(QStringLiteral("unknown endpoint '%1' (%2)").arg(id, endpointList()), kUsage);
    Result<ApiOptions> options = ApiOptions::fromArgs(*args, {spec});
    if (!options)
        return options.error().code == ErrorCode::Usage ? m_io.usage(options.error().message, kUsage) : m_io.fail(options.error());

    // A step that carries an earlier step's values (Get User Token, the renew steps) continues
    // from a kept session, so it works in a new process; its 401 renews that session and retries.
    std::unique_ptr<CliSessions> sessions;
    CallContext context;
    // Only a sandbox that forgets its tokens at exit has no sessions worth keeping.
    const bool fleeting = options->sandbox && !options->sandbox->isKept();
    if (CliSessions::carries(*spec) && CliSessions::wanted(*args, options->vault, fleeting)) {
        Result<std::unique_ptr<CliSessions>> opened = CliSessions::open(*args, options->vault);
        if (!opened)
            return m_io.fail(opened.error());
        sessions = std::move(opened).value();
        if (options->sandbox)
            sessions->adoptSandbox(options->environment);
        Result<QString> seeded = sessions->seed(*args, *spec, options->environment, options->values, context);
        if (!seeded)
            return m_io.fail(seeded.error());
        if (!seeded->isEmpty())
            m_io.writeErrLine(seeded.value());
    }

    ApiClient client;
    SessionRetry call(client, *spec, options->environment, options->values, context, sessions ? &sessions->store() : nullptr,
                      sessions ? &sessions->scheduler() : nullptr);
    call.setValueSource(options->vaultValues.get());
    HistoryStore history(AppPaths::historyFile());
    const auto record = [this, &history, &sessions](const ApiCall &done, HistoryOrigin origin, const QUuid &sessionId) {
        if (Result<void> recorded = CallHistory::record(history, done, sessions ? sessions->store().secretValues() : QStringList(), origin, sessionId);
            !recorded)
            m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: not recorded in history: ") + recorded.error().toString());
    };
    // The final call is recorded once its session is kept, so that its entry names the session.
    QObject::connect(&call, &SessionRetry::callFinished, &call, [this, &record, &options](const ApiCall &done, bool final) {
        if (!final)
            record(done, HistoryOrigin::Manual, {});
        if (options->verbose)
            m_io.writeErrLine(ResultPrinter::exchange(done));
    });
    QEventLoop loop;
    QObject::connect(&call, &SessionRetry::finished, &loop, &QEventLoop::quit);
    call.start();
    loop.exec();
    if (!call.note().isEmpty())
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: note: ") + call.note());

    const TokenResult &result = call.result();
    const ApiCall &last = *call.lastCall();
    QUuid sessionId;
    if (result.ok && !result.token.isEmpty()) {
        const auto add = [&last, &context, &sessionId](SessionStore &store) { sessionId = store.addFromCall(last, context); };
        QString note;
        if (sessions) {
            add(sessions->store());
            if (Result<void> saved = sessions->persistence().save(); !saved)
                note = QStringLiteral("tokendesk-cli: warning: the session was not saved: ") + saved.error().toString();
        } else {
            note = CliSessions::keep(*args, options->vault, fleeting, add);
        }
        if (!note.isEmpty())
            m_io.writeErrLine(note);
    } else if (sessions && sessions->persistence().hasUnsavedChanges()) {
        // The 401 renewal changed a session even though the call failed in the end.
        (void)sessions->persistence().save();
    }
    record(last, call.wasRetried() ? HistoryOrigin::Retry : HistoryOrigin::Manual, sessionId);
    if (const QString warning = options->saveVault(); !warning.isEmpty())
        m_io.writeErrLine(warning);
    if (options->json) {
        m_io.writeOut(QJsonDocument(ResultPrinter::callJson(result)).toJson(QJsonDocument::Indented));
    } else {
        m_io.writeOutLine(ResultPrinter::stepLine(result, QDateTime::currentMSecsSinceEpoch()));
        if (!result.token.isEmpty())
            m_io.writeOutLine(QStringLiteral("token: ") + result.token);
        if (!result.refreshToken.isEmpty())
            m_io.writeOutLine(QStringLiteral("refreshToken: ") + result.refreshToken);
        for (const TokenResult::Detail &detail : result.details)
            m_io.writeOutLine(QStringLiteral("%1: %2").arg(detail.label, detail.maskedValue));
    }
    if (result.ok)
        return CliExitSuccess;
    if (result.error)
        return m_io.fail(*result.error);
    return m_io.fail(makeError(ErrorCode::ServerRejected,
                               QStringLiteral("%1 answered%2%3: %4")
                                   .arg(id, result.httpStatus ? QStringLiteral(" HTTP %1").arg(result.httpStatus) : QString(),
                                        result.code.isEmpty() ? QString() : QStringLiteral(" code %1").arg(result.code),
                                        result.message)));
}

} // namespace td
