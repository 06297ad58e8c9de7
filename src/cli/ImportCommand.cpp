// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/evidence/CurlCommand.h"
#include "core/evidence/CurlImport.h"
#include "core/net/SecretMasker.h"

#include <QJsonDocument>

namespace td {

namespace {

const QString kUsage = QStringLiteral("tokendesk-cli import curl [FILE|-] [--json] [--show-secrets]");

void printText(CliIo &io, const CurlImport &import, bool showSecrets)
{
    io.writeOutLine(import.endpoint ? QStringLiteral("endpoint: %1 (%2)").arg(import.endpoint->id, import.endpoint->title)
                                    : QStringLiteral("endpoint: none has %1 %2").arg(QString::fromLatin1(import.method), import.path));
    io.writeOutLine(QStringLiteral("base URL: ") + import.baseUrl);
    for (auto it = import.values.cbegin(); it != import.values.cend(); ++it) {
        const bool masked = import.isSecret(it.key()) && !showSecrets;
        io.writeOutLine(QStringLiteral("  %1: %2").arg(it.key(), masked ? QString::fromLatin1(SecretMasker::mask()) : it.value()));
    }
    for (const QString &item : import.unmatched)
        io.writeOutLine(QStringLiteral("unmatched: ") + item);
}

} // namespace

QString ImportCommand::help()
{
    return QStringLiteral(
               "Usage:\n  %1\n\n"
               "Reads a curl command as it is pasted from API documents or a browser's \"Copy as cURL\"\n"
               "(bash, or Windows cmd with ^), from FILE or standard input, and matches it to an\n"
               "endpoint by method and path (the host is ignored). Prints the endpoint, the base URL to\n"
               "use as an environment, the field values it carries (secrets as *** unless\n"
               "--show-secrets) and, as \"unmatched\", every header, body member and option no field takes.\n"
               "With --json: {\"endpoint\": ID or null, \"baseUrl\", \"method\", \"path\", \"values\": {NAME: VALUE},\n"
               "\"unmatched\": [..]}. Nothing is sent and no file the command names is read.\n\n"
               "Exit status: 0 read (matched or not: see \"endpoint\"); 1 the text is not a curl command\n"
               "curl would run (the message says what and where); 2 wrong usage.\n")
        .arg(kUsage);
}

int ImportCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const QList<CliOption> options{{QStringLiteral("json"), false, false}, {QStringLiteral("show-secrets"), false, false}};
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, options, 2, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (args->positionals().isEmpty() || args->positionals().constFirst() != "curl")
        return m_io.usage(QStringLiteral("import needs what to read: curl"), kUsage);
    const bool fromFile = args->positionals().size() > 1 && args->positionals().at(1) != "-";
    Result<QByteArray> input = fromFile ? m_io.readFile(QString::fromLocal8Bit(args->positionals().at(1)))
                                        : m_io.readStdin(QStringLiteral("curl command"));
    if (!input)
        return m_io.fail(input.error());
    Result<CurlCommand> command = CurlCommand::parse(QString::fromUtf8(input.value()));
    if (!command)
        return m_io.fail(command.error());
    const CurlImport import = CurlImport::match(command.value(), EndpointCatalog::builtIn());
    const bool showSecrets = args->has(QStringLiteral("show-secrets"));
    if (args->has(QStringLiteral("json")))
        m_io.writeOut(QJsonDocument(import.toJson(showSecrets)).toJson(QJsonDocument::Indented));
    else
        printText(m_io, import, showSecrets);
    return CliExitSuccess;
}

} // namespace td
