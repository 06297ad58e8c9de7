// SPDX-License-Identifier: GPL-3.0-or-later
#include "JwkCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "cli/KeyGeneration.h"
#include "core/jose/Jwk.h"
#include "core/jose/KeyFormats.h"

namespace td {

namespace {

const QString kGenUsage = QStringLiteral("tokendesk-cli jwk gen (--kty EC|RSA|oct) [--crv P-256|P-384|P-521] [--size N] [--kid K]");
const QString kPubUsage = QStringLiteral("tokendesk-cli jwk pub [KEYFILE]");
const QString kThumbprintUsage = QStringLiteral("tokendesk-cli jwk thumbprint [KEYFILE]");
const QString kConvertUsage = QStringLiteral("tokendesk-cli jwk convert --to jwk|pem|b64jwk [--public] [KEYFILE]");
const QString kJwkUsage = QStringLiteral("tokendesk-cli jwk gen|pub|thumbprint|convert ...");

QByteArray withNewline(QByteArray text)
{
    if (!text.endsWith('\n'))
        text.append('\n');
    return text;
}

QList<Jwk> keysOf(const QList<NamedKey> &named)
{
    QList<Jwk> keys;
    for (const NamedKey &key : named)
        keys.append(key.key);
    return keys;
}

} // namespace

QString JwkCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  %1\n"
        "      Generate a key and print it as a private JWK. EC defaults to P-256; --size is the\n"
        "      RSA modulus (2048..4096, default 2048) or the oct key length in bits (default 256).\n"
        "  %2\n"
        "      Print the public part of the key(s) as a JWK (a JWK Set for several keys).\n"
        "  %3\n"
        "      Print the RFC 7638 SHA-256 thumbprint of each key, one per line.\n"
        "  %4\n"
        "      Print the key(s) as JWK (a JWK Set for several), PEM (PKCS#8 / SPKI) or\n"
        "      base64url-encoded JWK. Private parts are kept unless --public is given.\n"
        "\n"
        "KEYFILE may hold a JWK, a JWK Set, PEM, a base64url JWK, or an oct key as hex or base64;\n"
        "it is read from standard input when absent or \"-\".\n")
        .arg(kGenUsage, kPubUsage, kThumbprintUsage, kConvertUsage);
}

int JwkCommand::run(const QByteArrayList &args)
{
    if (args.isEmpty())
        return m_io.usage(QStringLiteral("jwk needs a subcommand"), kJwkUsage);
    const QByteArray &sub = args.first();
    const QByteArrayList rest = args.mid(1);
    if (sub == "--help" || sub == "-h" || sub == "help") {
        m_io.writeOut(help().toUtf8());
        return CliExitSuccess;
    }
    if (sub == "gen")
        return generate(rest);
    if (sub == "pub")
        return publicKey(rest);
    if (sub == "thumbprint")
        return thumbprint(rest);
    if (sub == "convert")
        return convert(rest);
    return m_io.usage(QStringLiteral("unknown jwk subcommand '%1'").arg(QString::fromLocal8Bit(sub)), kJwkUsage);
}

int JwkCommand::generate(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs,
                               {{QStringLiteral("kty"), true}, {QStringLiteral("crv"), true},
                                {QStringLiteral("size"), true}, {QStringLiteral("kid"), true}}, 0, kGenUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (!args->has(QStringLiteral("kty")))
        return m_io.usage(QStringLiteral("--kty is required (EC, RSA or oct)"), kGenUsage);

    auto key = KeyGeneration::fromArgs(args.value());
    if (!key)
        return key.error().code == ErrorCode::Usage ? m_io.usage(key.error().message, kGenUsage) : m_io.fail(key.error());
    // Printing the private key is the purpose of this command.
    m_io.writeOut(withNewline(key->toJsonText(true)));
    return CliExitSuccess;
}

int JwkCommand::publicKey(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, {}, 1, kPubUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto keys = m_io.loadKeyInput(args.value(), 0);
    if (!keys)
        return m_io.fail(keys.error());
    QList<Jwk> publicKeys;
    for (const NamedKey &named : keys.value()) {
        auto pub = named.key.publicKey();
        if (!pub)
            return m_io.fail(makeError(pub.error().code, QStringLiteral("%1: %2").arg(named.label, pub.error().message), pub.error().detail));
        publicKeys.append(pub.value());
    }
    if (publicKeys.size() == 1)
        m_io.writeOut(withNewline(publicKeys.first().toJsonText(false)));
    else
        m_io.writeOut(withNewline(KeyFormats::toJwkSet(publicKeys, false)));
    return CliExitSuccess;
}

int JwkCommand::thumbprint(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, {}, 1, kThumbprintUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto keys = m_io.loadKeyInput(args.value(), 0);
    if (!keys)
        return m_io.fail(keys.error());
    for (const NamedKey &named : keys.value())
        m_io.writeOutLine(named.key.thumbprint());
    return CliExitSuccess;
}

int JwkCommand::convert(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, {{QStringLiteral("to"), true}, {QStringLiteral("public"), false}}, 1, kConvertUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (!args->has(QStringLiteral("to")))
        return m_io.usage(QStringLiteral("--to is required (jwk, pem or b64jwk)"), kConvertUsage);
    const QString to = args->value(QStringLiteral("to"));
    if (to != QLatin1String("jwk") && to != QLatin1String("pem") && to != QLatin1String("b64jwk"))
        return m_io.usage(QStringLiteral("unknown output format '%1' (jwk, pem or b64jwk)").arg(to), kConvertUsage);
    const bool publicOnly = args->has(QStringLiteral("public"));

    auto loaded = m_io.loadKeyInput(args.value(), 0);
    if (!loaded)
        return m_io.fail(loaded.error());
    QList<NamedKey> keys = loaded.value();
    if (publicOnly) {
        for (NamedKey &named : keys) {
            auto pub = named.key.publicKey();
            if (!pub)
                return m_io.fail(makeError(pub.error().code, QStringLiteral("%1: %2").arg(named.label, pub.error().message), pub.error().detail));
            named.key = pub.value();
        }
    }
    const bool includePrivate = !publicOnly;

    if (to == QLatin1String("jwk")) {
        if (keys.size() == 1)
            m_io.writeOut(withNewline(keys.first().key.toJsonText(includePrivate)));
        else
            m_io.writeOut(withNewline(KeyFormats::toJwkSet(keysOf(keys), includePrivate)));
        return CliExitSuccess;
    }

    // Build the whole output first so a failure on the second key prints nothing half-done.
    QByteArray output;
    for (const NamedKey &named : keys) {
        if (to == QLatin1String("pem")) {
            auto pem = KeyFormats::toPem(named.key, includePrivate);
            if (!pem)
                return m_io.fail(makeError(pem.error().code, QStringLiteral("%1: %2").arg(named.label, pem.error().message), pem.error().detail));
            output += withNewline(pem.value());
        } else {
            const QByteArray encoded = KeyFormats::toBase64UrlJwk(named.key, includePrivate);
            if (encoded.isEmpty())
                return m_io.fail(makeError(ErrorCode::Internal, QStringLiteral("%1: could not encode the key").arg(named.label)));
            output += withNewline(encoded);
        }
    }
    m_io.writeOut(output);
    return CliExitSuccess;
}

} // namespace td
