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

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>

namespace td {

namespace {

const QString kUsage = QStringLiteral(
    "tokendesk-cli call ENDPOINT-ID (--env NAME | --base-url URL) [--set NAME=VALUE...] [--kdf K] [--json]");

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
                          "Endpoints: %2\n\nOptions:\n%3\n"
                          "Exit status: 0 the call succeeded; 1 it failed (the server's code, or a client error);\n"
                          "2 wrong usage.\n")
        .arg(kUsage, endpointList(), ApiOptions::optionsHelp());
}

int CallCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, ApiOptions::cliOptions(), 1, kUsage, help(), exitCode);
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

    ApiClient client;
    CallContext context;
    ApiCall call(client, *spec, options->environment, options->values, context);
    call.setValueSource(options->vaultValues.get());
    QEventLoop loop;
    QObject::connect(&call, &ApiCall::finished, &loop, &QEventLoop::quit);
    call.start();
    loop.exec();

    const TokenResult &result = call.result();
    if (result.ok && !result.token.isEmpty()) {
        const QString note = CliSessions::keep(*args, options->vault, options->sandbox != nullptr,
                                               [&call, &context](SessionStore &store) { store.addFromCall(call, context); });
        if (!note.isEmpty())
            m_io.writeErrLine(note);
    }
    if (const QString warning = options->saveVault(); !warning.isEmpty())
        m_io.writeErrLine(warning);
    HistoryStore history(AppPaths::historyFile());
    if (Result<void> recorded = CallHistory::record(history, call); !recorded)
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: not recorded in history: ") + recorded.error().toString());
    if (options->verbose)
        m_io.writeErrLine(ResultPrinter::exchange(call));
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
