// SPDX-License-Identifier: GPL-3.0-or-later
#include "FlowCommand.h"

#include "cli/ApiOptions.h"
#include "cli/CliIo.h"
#include "cli/CliSessions.h"
#include "cli/ResultPrinter.h"
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/FamilyRegistry.h"
#include "core/api/SpecLibrary.h"
#include "cli/SpecsCommand.h"
#include "core/api/FlowRunner.h"
#include "core/evidence/FailureExplainer.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxHost.h"
#include "core/workspace/ExchangeRecorder.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

#include <sys/resource.h>
#include <memory>
#include <vector>

namespace td {

namespace {

// The families come from the registry, so a new family file shows here with no code change;
// once the command's specs are read, their families (user ones included).
QString usageLine(const QStringList &families = FamilyRegistry::builtIn().ids())
{
    return QStringLiteral("tokendesk-cli flow %1 (--env NAME | --base-url URL) [--set NAME=VALUE...] [--kdf K] [--json] "
                          "[--repeat N --concurrency C]")
        .arg(families.join(QLatin1Char('|')));
}

// "  bankezy  get-app-token -> get-user-token -> renew-token", one line per family of `catalog`
// (the built-in one for --help, the command's own for its errors).
QString flowLines(const EndpointCatalog &catalog = EndpointCatalog::builtIn())
{
    const QStringList families = catalog.families();
    qsizetype width = 0;
    for (const QString &family : families)
        width = qMax(width, family.size());
    QString lines;
    for (const QString &family : families) {
        QStringList steps;
        for (const EndpointSpec *spec : catalog.flow(family))
            steps.append(spec->id.mid(family.size() + 1));
        lines += QStringLiteral("  %1  %2\n").arg(family.leftJustified(width), steps.join(QStringLiteral(" -> ")));
    }
    return lines;
}

double processCpuSeconds()
{
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Result<int> positiveInt(const CliArgs &args, const QString &name, int fallback, int max)
{
    if (!args.has(name))
        return fallback;
    bool ok = false;
    const int value = args.value(name).toInt(&ok);
    if (!ok || value < 1 || value > max)
        return makeError(ErrorCode::Usage, QStringLiteral("--%1 takes a whole number from 1 to %2").arg(name).arg(max));
    return value;
}

} // namespace

QString FlowCommand::help()
{
    return QStringLiteral(
               "Usage:\n  %1\n\n"
               "Runs a family's whole life cycle, each step feeding the next:\n"
               "%3"
               "--set accepts the fields of every step. With --json the outcome is\n"
               "{\"family\", \"ok\", \"steps\": [{\"endpoint\", \"ok\", \"httpStatus\", \"code\", \"message\", \"expiresAt\"}]}.\n"
               "--repeat N --concurrency C runs the flow N times, C at once, and prints flows per second\n"
               "and the CPU time this process used.\n\nOptions:\n%2\n"
               "  --repeat N          run the flow N times (default 1)\n"
               "  --concurrency C     at most C flows at once (default 1)\n\n"
               "Exit status: 0 every step of every flow succeeded; 1 otherwise; 2 wrong usage.\n")
        .arg(usageLine(), ApiOptions::optionsHelp(), flowLines());
}

int FlowCommand::run(const QByteArrayList &rawArgs)
{
    QList<CliOption> optionList = ApiOptions::cliOptions();
    optionList << CliOption{QStringLiteral("repeat"), true, false} << CliOption{QStringLiteral("concurrency"), true, false};
    int exitCode = CliExitSuccess;
    const QString usage = usageLine();
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, optionList, 1, usage, help(), exitCode);
    if (!args)
        return exitCode;
    const std::unique_ptr<SpecLibrary> library = SpecsCommand::load(*args, m_io);
    if (!library)
        return CliExitFailure;
    const EndpointCatalog &catalog = library->catalog();
    const QStringList families = catalog.families();
    // A family of the user's specs or --specs is named beside the built-in ones, with its steps.
    const QString flows = QStringLiteral("; the flows are:\n") + flowLines(catalog).chopped(1);
    const QString specsUsage = usageLine(families);
    if (args->positionals().isEmpty())
        return m_io.usage(QStringLiteral("flow needs a family") + flows, specsUsage);
    const QString family = QString::fromUtf8(args->positionals().constFirst());
    if (!families.contains(family))
        return m_io.usage(QStringLiteral("unknown family '%1'").arg(family) + flows, specsUsage);
    const Result<int> repeat = positiveInt(*args, QStringLiteral("repeat"), 1, 10000000);
    const Result<int> concurrency = positiveInt(*args, QStringLiteral("concurrency"), 1, 256);
    if (!repeat)
        return m_io.usage(repeat.error().message, specsUsage);
    if (!concurrency)
        return m_io.usage(concurrency.error().message, specsUsage);
    Result<ApiOptions> options = ApiOptions::fromArgs(*args, catalog.flow(family));
    if (!options)
        return options.error().code == ErrorCode::Usage ? m_io.usage(options.error().message, specsUsage) : m_io.fail(options.error());
    if (args->has(QStringLiteral("repeat")) || args->has(QStringLiteral("concurrency")))
        return runRepeated(catalog, options.value(), family, repeat.value(), concurrency.value());
    return runOnce(catalog, *args, options.value(), family);
}

int FlowCommand::runOnce(const EndpointCatalog &catalog, const CliArgs &args, const ApiOptions &options, const QString &family)
{
    // Each step goes through the workspace's recorder as it lands: its session is kept (the
    // vault opened at the first token unless it is open) and its history entry names it.
    CliSessions sessions(options.vault, options.sandbox, args.paths(QStringLiteral("specs")));
    sessions.warnWith([this](const QString &line) { m_io.writeErrLine(line); });
    sessions.keepOnDemand(args, options.sandbox && !options.sandbox->isKept(),
                          [this](const QString &note) { m_io.writeErrLine(note); });
    Workspace &workspace = sessions.workspace();
    FlowRunner flow(workspace.client(), catalog, family, options.environment, options.values);
    flow.setValueSource(options.vaultValues.get());
    // The step's likely causes, printed under its line (the observer runs before stepFinished):
    // the recorder's, made with the history as evidence ("the same appKey worked at … in …").
    QList<FailureExplainer::Cause> causes;
    flow.setObserver([this, &workspace, &causes, verbose = options.verbose](const ApiCall &call) {
        workspace.recorder().record(call, HistoryOrigin::Flow);
        causes = workspace.recorder().lastExplanation().causes;
        if (verbose)
            m_io.writeErrLine(ResultPrinter::exchange(call));
    });
    if (!options.json) {
        QObject::connect(&flow, &FlowRunner::stepFinished, &flow, [this, &causes](const TokenResult &result) {
            m_io.writeOutLine(ResultPrinter::stepLine(result, QDateTime::currentMSecsSinceEpoch()));
            if (!causes.isEmpty())
                m_io.writeOutLine(ResultPrinter::causeLines(causes));
        });
    }
    QEventLoop loop;
    QObject::connect(&flow, &FlowRunner::finished, &loop, &QEventLoop::quit);
    flow.start();
    loop.exec();
    if (options.json)
        m_io.writeOut(QJsonDocument(flow.toJson()).toJson(QJsonDocument::Indented));
    for (const QString &problem : workspace.flush())
        m_io.writeErrLine(QStringLiteral("tokendesk-cli: warning: ") + problem);
    return flow.ok() ? CliExitSuccess : CliExitFailure;
}

int FlowCommand::runRepeated(const EndpointCatalog &catalog, const ApiOptions &options, const QString &family, int repeat,
                             int concurrency)
{
    // ApiClient opens a connection of its own per request, with no per-host limit and no thread
    // of its own, so one client lets --concurrency mean what it says.
    ApiClient client;
    QEventLoop loop;
    int started = 0, done = 0, failed = 0;
    QJsonObject firstFailure;
    const bool terminal = CliIo::isTerminal(2);
    int lastReportedPercent = -1;
    const double cpuBefore = processCpuSeconds();
    QElapsedTimer clock;
    clock.start();

    std::vector<std::unique_ptr<FlowRunner>> runners;
    std::function<void(FlowRunner &)> startNext = [&](FlowRunner &runner) {
        if (started >= repeat)
            return;
        ++started;
        runner.start();
    };
    auto report = [&] {
        const int percent = done * 100 / repeat;
        if (terminal)
            m_io.writeErrLine(QStringLiteral("\x1b[1A\x1b[2K%1/%2 flows, %3 failed").arg(done).arg(repeat).arg(failed));
        else if (percent / 10 != lastReportedPercent / 10 || done == repeat)
            m_io.writeErrLine(QStringLiteral("%1/%2 flows, %3 failed").arg(done).arg(repeat).arg(failed));
        lastReportedPercent = percent;
    };
    if (terminal)
        m_io.writeErrLine(QString());
    for (int i = 0; i < qMin(concurrency, repeat); ++i) {
        runners.push_back(std::make_unique<FlowRunner>(client, catalog, family, options.environment,
                                                       options.values));
        FlowRunner *runner = runners.back().get();
        runner->setValueSource(options.vaultValues.get());
        QObject::connect(runner, &FlowRunner::finished, &loop, [&, runner](bool ok) {
            ++done;
            if (!ok && failed++ == 0)
                firstFailure = runner->toJson();
            report();
            if (done == repeat)
                loop.quit();
            else
                startNext(*runner);
        });
    }
    for (auto &runner : runners)
        startNext(*runner);
    loop.exec();

    const double seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    const double cpu = processCpuSeconds() - cpuBefore;
    const double rate = seconds > 0 ? repeat / seconds : 0.0;
    const bool ok = failed == 0;
    if (options.json) {
        QJsonObject json{{QStringLiteral("family"), family},
                         {QStringLiteral("ok"), ok},
                         {QStringLiteral("steps"), ok ? runners.front()->toJson().value(QStringLiteral("steps"))
                                                      : firstFailure.value(QStringLiteral("steps"))},
                         {QStringLiteral("repeat"), repeat},
                         {QStringLiteral("concurrency"), concurrency},
                         {QStringLiteral("failed"), failed},
                         {QStringLiteral("seconds"), seconds},
                         {QStringLiteral("flowsPerSecond"), rate},
                         {QStringLiteral("clientCpuSeconds"), cpu}};
        m_io.writeOut(QJsonDocument(json).toJson(QJsonDocument::Indented));
    } else {
        m_io.writeOutLine(QStringLiteral("%1 %2 flows (concurrency %3) in %4 s: %5 flows/s, %6 failed; CPU of this process %7 s")
                              .arg(repeat)
                              .arg(family)
                              .arg(concurrency)
                              .arg(seconds, 0, 'f', 2)
                              .arg(rate, 0, 'f', 1)
                              .arg(failed)
                              .arg(cpu, 0, 'f', 2));
        if (!ok) {
            const QJsonArray steps = firstFailure.value(QStringLiteral("steps")).toArray();
            for (const QJsonValue &step : steps)
                m_io.writeOutLine(QStringLiteral("  first failure: %1 %2 %3 %4")
                                      .arg(step[QStringLiteral("endpoint")].toString(),
                                           step[QStringLiteral("ok")].toBool() ? QStringLiteral("ok") : QStringLiteral("FAILED"),
                                           step[QStringLiteral("code")].toString(), step[QStringLiteral("message")].toString()));
        }
    }
    return ok ? CliExitSuccess : CliExitFailure;
}

} // namespace td
