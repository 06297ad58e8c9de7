// SPDX-License-Identifier: GPL-3.0-or-later
#include "JwsCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "core/jose/JoseAlgorithms.h"
#include "core/jose/JwsCompact.h"
#include "core/jose/KeyCandidates.h"

namespace td {

namespace {

const QString kSignUsage = QStringLiteral("tokendesk-cli jws sign --key FILE --alg A [--kid K] [--typ T] [PAYLOAD]");
const QString kVerifyUsage = QStringLiteral("tokendesk-cli jws verify --key FILE [--key FILE...] [TOKEN]");
const QString kJwsUsage = QStringLiteral("tokendesk-cli jws sign|verify ...");

} // namespace

QString JwsCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  %1\n"
        "      Sign PAYLOAD (its exact bytes) into a compact JWS and print the token. The key file\n"
        "      may hold several keys: the one whose kid equals --kid, else the first that fits the\n"
        "      algorithm, is used. The header kid is --kid, else the key's own kid.\n"
        "  %2\n"
        "      Verify TOKEN, trying every key of every file (most likely first), and print the\n"
        "      payload on success. On failure each key attempt is listed on standard error.\n"
        "\n"
        "PAYLOAD and TOKEN are read from standard input when absent or \"-\"; use \"--\" before a\n"
        "payload that starts with \"-\".\n"
        "alg: %3\n")
        .arg(kSignUsage, kVerifyUsage, allJwsAlgNames().join(QStringLiteral(", ")));
}

int JwsCommand::run(const QByteArrayList &args)
{
    if (args.isEmpty())
        return m_io.usage(QStringLiteral("jws needs a subcommand"), kJwsUsage);
    const QByteArray &sub = args.first();
    if (sub == "--help" || sub == "-h" || sub == "help") {
        m_io.writeOut(help().toUtf8());
        return CliExitSuccess;
    }
    if (sub == "sign")
        return sign(args.mid(1));
    if (sub == "verify")
        return verify(args.mid(1));
    return m_io.usage(QStringLiteral("unknown jws subcommand '%1'").arg(QString::fromLocal8Bit(sub)), kJwsUsage);
}

int JwsCommand::sign(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs,
                               {{QStringLiteral("key"), true}, {QStringLiteral("alg"), true},
                                {QStringLiteral("kid"), true}, {QStringLiteral("typ"), true}}, 1, kSignUsage, help(), exitCode);
    if (!args)
        return exitCode;
    for (const QString &required : {QStringLiteral("key"), QStringLiteral("alg")}) {
        if (!args->has(required))
            return m_io.usage(QStringLiteral("--%1 is required").arg(required), kSignUsage);
    }
    const QString algName = args->value(QStringLiteral("alg"));
    const std::optional<JwsAlg> alg = jwsAlgFromName(algName);
    // "none" is recognised so the inspector can show it; signing with it is never offered.
    if (!alg || *alg == JwsAlg::None)
        return m_io.usage(QStringLiteral("--alg '%1' cannot sign; use one of %2")
                              .arg(algName, allJwsAlgNames().join(QStringLiteral(", "))),
                          kSignUsage);

    auto keys = m_io.loadKeyFiles(args->paths(QStringLiteral("key")));
    if (!keys)
        return m_io.fail(keys.error());

    // Prefer the key named by --kid; otherwise the first the algorithm can use.
    const QString kid = args->value(QStringLiteral("kid"));
    auto chosen = CliIo::chooseKey(keys.value(), kid, [alg](const Jwk &key) { return JwsCompact::checkKey(*alg, key, true); });
    if (!chosen)
        return m_io.fail(chosen.error());

    auto payload = m_io.readInput(args.value(), 0, QStringLiteral("payload"), true);
    if (!payload)
        return m_io.fail(payload.error());

    JwsSignOptions options;
    options.alg = *alg;
    options.kid = kid.isEmpty() ? chosen->key.kid() : kid;
    options.typ = args->value(QStringLiteral("typ"));
    auto token = JwsCompact::sign(payload.value(), chosen->key, options);
    if (!token)
        return m_io.fail(token.error());
    m_io.writeOut(token.value() + '\n');
    return CliExitSuccess;
}

int JwsCommand::verify(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, {{QStringLiteral("key"), true, true}}, 1, kVerifyUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (!args->has(QStringLiteral("key")))
        return m_io.usage(QStringLiteral("--key is required"), kVerifyUsage);

    auto keys = m_io.loadKeyFiles(args->paths(QStringLiteral("key")));
    if (!keys)
        return m_io.fail(keys.error());
    auto input = m_io.readInput(args.value(), 0, QStringLiteral("token"), false);
    if (!input)
        return m_io.fail(input.error());
    auto token = JwsCompact::parse(input.value());
    if (!token)
        return m_io.fail(token.error());

    const KeyTrialOutcome outcome = KeyCandidates::verify(token.value(), keys.value());
    if (!outcome.ok)
        return m_io.fail(outcome.error, outcome.attempts);
    m_io.writeData(token->payload);
    return CliExitSuccess;
}

} // namespace td
