// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/evidence/CurlCommand.h"
#include "core/evidence/CurlImport.h"
#include "core/evidence/HarImport.h"
#include "cli/CliVault.h"
#include "cli/SpecsCommand.h"
#include "core/api/SpecLibrary.h"
#include "core/net/SecretMasker.h"

#include <QJsonDocument>

namespace td {

namespace {

const QString kUsage = QStringLiteral("tokendesk-cli import curl [FILE|-] [--json] [--show-secrets] [--specs DIR...]\n"
                                      "  tokendesk-cli import har FILE [--json] [--vault FILE] [--passphrase-fd N] [--specs DIR...]");

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

void printMessage(CliIo &io, const QString &side, const HarMessage &message)
{
    for (const auto &[name, value] : message.headers)
        io.writeOutLine(QStringLiteral("  %1 %2: %3").arg(side, QString::fromUtf8(name), QString::fromUtf8(value)));
    if (!message.body.isEmpty())
        io.writeOutLine(QStringLiteral("  %1 body: %2").arg(side, QString::fromUtf8(message.body)));
    if (!message.openedWith.isEmpty())
        io.writeOutLine(QStringLiteral("  %1 decrypted with %2: %3").arg(side, message.openedWith, QString::fromUtf8(message.decrypted)));
}

QString tokenLine(const HarToken &token)
{
    QStringList parts{token.kind};
    if (!token.alg.isEmpty())
        parts.append(QStringLiteral("alg ") + token.alg);
    if (!token.enc.isEmpty())
        parts.append(QStringLiteral("enc ") + token.enc);
    if (token.expiresAt)
        parts.append(QStringLiteral("%1 %2 UTC").arg(token.expired ? QStringLiteral("expired") : QStringLiteral("expires"),
                                                    QDateTime::fromSecsSinceEpoch(*token.expiresAt, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    if (!token.openedWith.isEmpty())
        parts.append(QStringLiteral("opened with ") + token.openedWith);
    if (!token.problem.isEmpty())
        parts.append(token.problem);
    return QStringLiteral("  token in %1: %2").arg(token.where, parts.join(QStringLiteral(", ")));
}

void printHar(CliIo &io, const HarImport &import)
{
    for (const HarCall &call : import.calls) {
        io.writeOutLine(QStringLiteral("#%1 %2 %3 %4 -> HTTP %5  %6")
                            .arg(call.index)
                            .arg(call.endpoint->id, QString::fromLatin1(call.method), call.url)
                            .arg(call.status)
                            .arg(call.startedAt));
        printMessage(io, QStringLiteral("request"), call.request);
        printMessage(io, QStringLiteral("response"), call.response);
        for (const HarToken &token : call.tokens)
            io.writeOutLine(tokenLine(token));
    }
    io.writeOutLine(QStringLiteral("%1 token call(s); %2 other entries skipped (no endpoint has their method and path)")
                        .arg(import.calls.size())
                        .arg(import.skipped));
}

int runCurl(CliIo &io, const CliArgs &args, const EndpointCatalog &catalog)
{
    const bool fromFile = args.positionals().size() > 1 && args.positionals().at(1) != "-";
    Result<QByteArray> input = fromFile ? io.readFile(QString::fromLocal8Bit(args.positionals().at(1)))
                                        : io.readStdin(QStringLiteral("curl command"));
    if (!input)
        return io.fail(input.error());
    Result<CurlCommand> command = CurlCommand::parse(QString::fromUtf8(input.value()));
    if (!command)
        return io.fail(command.error());
    const CurlImport import = CurlImport::match(command.value(), catalog);
    const bool showSecrets = args.has(QStringLiteral("show-secrets"));
    if (args.has(QStringLiteral("json")))
        io.writeOut(QJsonDocument(import.toJson(showSecrets)).toJson(QJsonDocument::Indented));
    else
        printText(io, import, showSecrets);
    return CliExitSuccess;
}

int runHar(CliIo &io, const CliArgs &args, const EndpointCatalog &catalog)
{
    if (args.positionals().size() != 2 || args.has(QStringLiteral("show-secrets")))
        return io.usage(QStringLiteral("import har needs one FILE (and takes no --show-secrets: a HAR is shown masked)"), kUsage);
    QList<NamedKey> keys;
    if (args.has(QStringLiteral("vault"))) {
        Result<std::unique_ptr<Vault>> vault = CliVault::open(args);
        if (!vault)
            return io.fail(vault.error());
        keys = CliVault::keys(*vault.value());
    }
    // A browser's export of a long session is larger than a key or a token: HarLog's own cap.
    Result<QByteArray> input = io.readFile(QString::fromLocal8Bit(args.positionals().at(1)), HarLog::kMaxBytes);
    if (!input)
        return io.fail(input.error());
    Result<HarImport> import = HarImport::read(input.value(), catalog, keys, QDateTime::currentDateTimeUtc());
    if (!import)
        return io.fail(import.error());
    if (args.has(QStringLiteral("json")))
        io.writeOut(QJsonDocument(import->toJson()).toJson(QJsonDocument::Indented));
    else
        printHar(io, import.value());
    return CliExitSuccess;
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
               "\"unmatched\": [..]}. Nothing is sent and no file the command names is read.\n"
               "The endpoints are those call and flow use: the built-in specs, <config>/apis,\n"
               "TOKENDESK_SPECS_PATH and every --specs DIR (repeatable), so a user API matches too.\n\n"
               "import har reads a HAR 1.2 file (a browser's \"Save all as HAR\"; at most 64 MB and 10000\n"
               "entries) and lists its token calls: the entries whose method and path are an endpoint's\n"
               "(host ignored); the others are only counted. Each call is shown as TokenDesk shows it:\n"
               "the endpoint's secret fields, credentials and every token masked (***) in URL, headers\n"
               "and bodies; tokens summarised by the inspector (kind, alg/enc, expiry); a body that is a\n"
               "JWE opened with the keys of --vault FILE (passphrase from --passphrase-fd N,\n"
               "TOKENDESK_VAULT_PASSPHRASE or a prompt) when one fits. With --json:\n"
               "{\"entries\": [{\"index\": N (position in log.entries), \"endpoint\": ID, \"method\", \"url\",\n"
               "  \"status\", \"startedAt\", \"request\": MESSAGE, \"response\": MESSAGE,\n"
               "  \"tokens\": [{\"where\", \"kind\", \"alg\", \"enc\", \"kid\", \"expiresAt\", \"expired\",\n"
               "              \"openedWith\", \"problem\"}]}],\n"
               " \"skipped\": N}\n"
               "where MESSAGE is {\"headers\": [{\"name\", \"value\"}], \"body\", \"decrypted\", \"openedWith\"}\n"
               "(decrypted and openedWith only when a key opened the body; token members without a value\n"
               "are left out; expiresAt is ISO 8601 UTC).\n\n"
               "Exit status: 0 read (matched or not: see \"endpoint\"); 1 the text is not a curl command\n"
               "curl would run, or the file is not a readable HAR (truncated, not JSON, no log.entries,\n"
               "bad base64: the message says what and where), or the vault does not open; 2 wrong usage.\n")
        .arg(kUsage);
}

int ImportCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const QList<CliOption> options{{QStringLiteral("json"), false, false},
                                   {QStringLiteral("show-secrets"), false, false},
                                   {QStringLiteral("vault"), true, false},
                                   {QStringLiteral("passphrase-fd"), true, false},
                                   {QStringLiteral("specs"), true, true}};
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, options, 2, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    const QByteArray what = args->positionals().isEmpty() ? QByteArray() : args->positionals().constFirst();
    const bool curl = what == "curl" && !args->has(QStringLiteral("vault")) && !args->has(QStringLiteral("passphrase-fd"));
    if (!curl && what != "har")
        return m_io.usage(QStringLiteral("import needs what to read: curl (without --vault) or har"), kUsage);
    // Matched against the specs call and flow use: built-in, the user's folders and --specs.
    const std::unique_ptr<SpecLibrary> library = SpecsCommand::load(*args, m_io);
    if (!library)
        return CliExitFailure;
    return curl ? runCurl(m_io, *args, library->catalog()) : runHar(m_io, *args, library->catalog());
}

} // namespace td
