// SPDX-License-Identifier: GPL-3.0-or-later
#include "JweCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "core/jose/JoseAlgorithms.h"
#include "core/jose/JweCompact.h"
#include "core/jose/KeyCandidates.h"

namespace td {

namespace {

const QString kEncryptUsage = QStringLiteral("tokendesk-cli jwe encrypt --key FILE --alg A --enc E [--kid K] [--zip] [PLAINTEXT]");
const QString kDecryptUsage = QStringLiteral("tokendesk-cli jwe decrypt --key FILE [--key FILE...] [TOKEN]");
const QString kJweUsage = QStringLiteral("tokendesk-cli jwe encrypt|decrypt ...");

QStringList encryptableAlgNames()
{
    QStringList names;
    for (const QString &name : allJweAlgNames()) {
        const std::optional<JweAlg> alg = jweAlgFromName(name);
        if (alg && canEncrypt(*alg))
            names.append(name);
    }
    return names;
}

} // namespace

QString JweCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  %1\n"
        "      Encrypt PLAINTEXT (its exact bytes) into a compact JWE and print the token. The key\n"
        "      file may hold several keys: the one whose kid equals --kid, else the first that fits\n"
        "      the algorithm, is used. The header kid is --kid, else the key's own kid.\n"
        "  %2\n"
        "      Decrypt TOKEN, trying every key of every file (most likely first), and print the\n"
        "      plaintext bytes. On failure each key attempt is listed on standard error.\n"
        "\n"
        "PLAINTEXT and TOKEN are read from standard input when absent or \"-\"; use \"--\" before\n"
        "a plaintext that starts with \"-\".\n"
        "alg: %3\n"
        "enc: %4\n")
        .arg(kEncryptUsage, kDecryptUsage, encryptableAlgNames().join(QStringLiteral(", ")),
             allJweEncNames().join(QStringLiteral(", ")));
}

int JweCommand::run(const QByteArrayList &args)
{
    if (args.isEmpty())
        return m_io.usage(QStringLiteral("jwe needs a subcommand"), kJweUsage);
    const QByteArray &sub = args.first();
    if (sub == "--help" || sub == "-h" || sub == "help") {
        m_io.writeOut(help().toUtf8());
        return CliExitSuccess;
    }
    if (sub == "encrypt")
        return encrypt(args.mid(1));
    if (sub == "decrypt")
        return decrypt(args.mid(1));
    return m_io.usage(QStringLiteral("unknown jwe subcommand '%1'").arg(QString::fromLocal8Bit(sub)), kJweUsage);
}

int JweCommand::encrypt(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs,
                               {{QStringLiteral("key"), true}, {QStringLiteral("alg"), true},
                                {QStringLiteral("enc"), true}, {QStringLiteral("kid"), true},
                                {QStringLiteral("zip"), false}}, 1, kEncryptUsage, help(), exitCode);
    if (!args)
        return exitCode;
    for (const QString &required : {QStringLiteral("key"), QStringLiteral("alg"), QStringLiteral("enc")}) {
        if (!args->has(required))
            return m_io.usage(QStringLiteral("--%1 is required").arg(required), kEncryptUsage);
    }
    const QString algName = args->value(QStringLiteral("alg"));
    const std::optional<JweAlg> alg = jweAlgFromName(algName);
    if (!alg || !canEncrypt(*alg))
        return m_io.usage(QStringLiteral("--alg '%1' cannot encrypt; use one of %2")
                              .arg(algName, encryptableAlgNames().join(QStringLiteral(", "))),
                          kEncryptUsage);
    const QString encName = args->value(QStringLiteral("enc"));
    const std::optional<JweEnc> enc = jweEncFromName(encName);
    if (!enc)
        return m_io.usage(QStringLiteral("unknown --enc '%1'; use one of %2")
                              .arg(encName, allJweEncNames().join(QStringLiteral(", "))),
                          kEncryptUsage);

    auto keys = m_io.loadKeyFiles(args->paths(QStringLiteral("key")));
    if (!keys)
        return m_io.fail(keys.error());

    // Prefer the key named by --kid; otherwise the first the algorithm can use.
    const QString kid = args->value(QStringLiteral("kid"));
    auto chosen = CliIo::chooseKey(keys.value(), kid, [alg, enc](const Jwk &key) { return JweCompact::checkKey(*alg, *enc, key, false); });
    if (!chosen)
        return m_io.fail(chosen.error());

    auto plaintext = m_io.readInput(args.value(), 0, QStringLiteral("plaintext"), true);
    if (!plaintext)
        return m_io.fail(plaintext.error());

    JweEncryptOptions options;
    options.alg = *alg;
    options.enc = *enc;
    options.kid = kid.isEmpty() ? chosen->key.kid() : kid;
    options.deflate = args->has(QStringLiteral("zip"));
    auto token = JweCompact::encrypt(plaintext.value(), chosen->key, options);
    if (!token)
        return m_io.fail(token.error());
    m_io.writeOut(token.value() + '\n');
    return CliExitSuccess;
}

int JweCommand::decrypt(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, {{QStringLiteral("key"), true, true}}, 1, kDecryptUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (!args->has(QStringLiteral("key")))
        return m_io.usage(QStringLiteral("--key is required"), kDecryptUsage);

    auto keys = m_io.loadKeyFiles(args->paths(QStringLiteral("key")));
    if (!keys)
        return m_io.fail(keys.error());
    auto input = m_io.readInput(args.value(), 0, QStringLiteral("token"), false);
    if (!input)
        return m_io.fail(input.error());
    auto token = JweCompact::parse(input.value());
    if (!token)
        return m_io.fail(token.error());

    const KeyTrialOutcome outcome = KeyCandidates::decrypt(token.value(), keys.value());
    if (!outcome.ok)
        return m_io.fail(outcome.error, outcome.attempts);
    // The plaintext is what the user asked for: print it as bytes.
    m_io.writeData(outcome.plaintext);
    return CliExitSuccess;
}

} // namespace td
