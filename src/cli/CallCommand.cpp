// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallCommand.h"

#include "cli/ApiOptions.h"
#include "cli/CliIo.h"
#include "cli/CliSessions.h"
#include "cli/ResultPrinter.h"
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/evidence/FailureExplainer.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxHost.h"
#include "core/session/SessionRetry.h"
#include "core/workspace/ExchangeRecorder.h"
#include "core/workspace/Workspace.h"
#include "cli/SpecsCommand.h"
#include "core/api/SpecLibrary.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

namespace td {

namespace {

const QString kUsage = QStringLiteral(
    "tokendesk-cli call ENDPOINT-ID (--env NAME | --base-url URL) [--set NAME=VALUE...] [--kdf K] [--session ID] [--json]");

QString endpointList(const EndpointCatalog &catalog = EndpointCatalog::builtIn())
{
    QStringList ids;
    for (const EndpointSpec &spec : catalog.endpoints())
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
                          "A failure is followed by its likely causes, each with its evidence (\"likely:\" lines; in\n"
                          "--json \"causes\": [{\"cause\", \"evidence\"}]); a cause TokenDesk checked locally (an encrypted\n"
                          "answer that opens with another KDF) comes first as \"confirmed:\" with its \"fix:\" (in --json\n"
                          "\"confirmed\": true and \"fix\"); a server clock more than 30 s off is one of\n"
                          "them even when the call succeeds (--json \"clockOffsetMs\": server minus local, from its Date).\n"
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
    // The built-in specs, then the user's folders and --specs (a spec there may replace one).
    const std::unique_ptr<SpecLibrary> library = SpecsCommand::load(*args, m_io);
    if (!library)
        return CliExitFailure;
    const EndpointCatalog &catalog = library->catalog();
    if (args->positionals().isEmpty())
        return m_io.usage(QStringLiteral("call needs an endpoint id (%1)").arg(endpointList(catalog)), kUsage);
    const QString id = QString::fromUtf8(args->positionals().constFirst());
    const EndpointSpec *spec = catalog.find(id);
    if (!spec)
        return m_io.usage(QStringLiteral("unknown endpoint '%1' (%2)").arg(id, endpointList(catalog)), kUsage);
    Result<ApiOptions> options = ApiOptions::fromArgs(*args, {spec});
    if (!options)
        return options.error().code == ErrorCode::Usage ? m_io.usage(options.error().message, kUsage) : m_io.fail(options.error());

    // One workspace for the command: its recorder keeps the session and writes history as the
    // app does. A step that carries an earlier step's values (Get User Token, the renew steps)
    // continues from a kept session, so it works in a new process; its 401 renews that session
    // and retries. Only a sandbox that forgets its tokens at exit has no sessions worth keeping.
    CliSessions sessions(options->vault, options->sandbox, args->paths(QStringLiteral("specs")));
    sessions.warnWith([this](const QString &line) { m_io.writeErrLine(line); });
    const bool fleeting = options->sandbox && !options->sandbox->isKept();
    CallContext context;
    if (CliSessions::carries(*spec) && CliSessions::wanted(*args, options->vault, fleeting)) {
        if (Result<void> kept = sessions.keepWithVault(*args); !kept)
            return m_io.fail(kept.error());
        Result<QString> seeded = sessions.seed(*args, *spec, options->environment, options->values, context);
        if (!seeded)
            return m_io.fail(seeded.error());
        if (!seeded->isEmpty())
            m_io.writeErrLine(seeded.value());
    }
    sessions.keepOnDemand(*args, fleeting, [this](const QString &note) { m_io.writeErrLine(note); });

    Workspace &workspace = sessions.workspace();
    SessionRetry call(workspace.client(), *spec, options->environment, options->values, context, &workspace.sessions(),
                      &workspace.scheduler());
    call.setValueSource(options->vaultValues.get());
    call.setCatalog(workspace.catalog());
    QObject::connect(&call, &SessionRetry::callFinished, &call, [this, &call, &workspace, &options](const ApiCall &done, bool final) {
        workspace.recorder().record(done, final && call.wasRetried() ? HistoryOrigin::Retry : HistoryOrigin::Manual);
        if (options->verbose)
            m_io.writeErrLine(ResultPrinter::exchange(done));
    });
    QEventLoop loop;
    QObject::connect(&call, &SessionRetry::finished, &loop, &QEventLoop::quit);
    call.start();
    loop.exec();
    if (!call.note().isEmpty())
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: note: ") + call.note());
    // The session, the 401 renewal's changes, the vault's last-used times.
    for (const QString &problem : workspace.flush())
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: ") + problem);

    const TokenResult &result = call.result();
    // The causes of a failure (or of a clock worth a word) as the recorder made and kept them for
    // the last exchange, with the recent history as evidence and the open vault's keys tested.
    const FailureExplainer::Explanation explanation = workspace.recorder().lastExplanation();
    if (options->json) {
        QJsonObject json = ResultPrinter::callJson(result);
        json.insert(QStringLiteral("causes"), explanation.causesJson());
        if (explanation.clockOffsetMs)
            json.insert(QStringLiteral("clockOffsetMs"), *explanation.clockOffsetMs);
        m_io.writeOut(QJsonDocument(json).toJson(QJsonDocument::Indented));
    } else {
        m_io.writeOutLine(ResultPrinter::stepLine(result, QDateTime::currentMSecsSinceEpoch()));
        if (!explanation.causes.isEmpty())
            m_io.writeOutLine(ResultPrinter::causeLines(explanation.causes));
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
