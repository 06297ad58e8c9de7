// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoCommand.h"

#include "cli/CliEnvironments.h"
#include "cli/CliIo.h"
#include "cli/ResultPrinter.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/FlowRunner.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxHost.h"

#include <QDateTime>
#include <QEventLoop>

namespace td {

namespace {

const QString kUsage = QStringLiteral("tokendesk-cli demo [--verbose]");

} // namespace

QString DemoCommand::help()
{
    return QStringLiteral("Usage:\n  %1\n\nStarts an embedded sandbox on a free loopback port and runs the BankEzy, EnOS and\n"
                          "security-management flows against it, one line per step. --verbose also prints each\n"
                          "request and response (secrets masked).\n\nExit status: 0 when every flow succeeded, 1 otherwise.\n")
        .arg(kUsage);
}

int DemoCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const std::optional<CliArgs> args =
        m_io.parseCommand(rawArgs, {{QStringLiteral("verbose"), false, false}}, 0, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    std::shared_ptr<SandboxHost> sandbox;
    Result<Environment> environment = CliEnvironments::startSandbox(sandbox);
    if (!environment)
        return m_io.fail(environment.error());
    m_io.writeOutLine(QStringLiteral("TokenDesk demo: embedded sandbox at %1").arg(environment->baseUrl));
    m_io.writeOutLine(QStringLiteral("Demo credentials: BankEzy X-API-KEY %1, apiKey %2; EnOS appKey %3; security management user %4")
                          .arg(environment->values.value(QStringLiteral("X-API-KEY")), environment->values.value(QStringLiteral("apiKey")),
                               environment->values.value(QStringLiteral("appKey")), environment->values.value(QStringLiteral("username"))));
    ApiClient client;
    bool allOk = true;
    for (const QString &family : EndpointCatalog::builtIn().families()) {
        m_io.writeOutLine(QString());
        m_io.writeOutLine(QStringLiteral("%1 flow:").arg(EndpointCatalog::familyTitle(family)));
        FlowRunner flow(client, EndpointCatalog::builtIn(), family, environment.value(), {});
        if (args->has(QStringLiteral("verbose")))
            flow.setObserver([this](const ApiCall &call) { m_io.writeOutLine(ResultPrinter::exchange(call)); });
        QObject::connect(&flow, &FlowRunner::stepFinished, &flow, [this](const TokenResult &result) {
            m_io.writeOutLine(QStringLiteral("  ") + ResultPrinter::stepLine(result, QDateTime::currentMSecsSinceEpoch()));
            for (const TokenResult::Detail &detail : result.details)
                m_io.writeOutLine(QStringLiteral("        %1: %2").arg(detail.label, detail.maskedValue));
        });
        QEventLoop loop;
        QObject::connect(&flow, &FlowRunner::finished, &loop, &QEventLoop::quit);
        flow.start();
        loop.exec();
        allOk = allOk && flow.ok();
    }
    m_io.writeOutLine(QString());
    m_io.writeOutLine(allOk ? QStringLiteral("All flows succeeded.") : QStringLiteral("Some steps failed (see above)."));
    return allOk ? CliExitSuccess : CliExitFailure;
}

} // namespace td
