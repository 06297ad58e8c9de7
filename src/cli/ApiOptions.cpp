// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApiOptions.h"

#include "cli/CliEnvironments.h"
#include "cli/CliVault.h"
#include "cli/PassphraseSource.h"
#include "core/api/EndpointSpec.h"
#include "core/api/SpecLibrary.h"
#include "core/api/TransportReferences.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultValueSource.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace td {

namespace {

Error usageError(const QString &message)
{
    return makeError(ErrorCode::Usage, message);
}

bool knownField(const QList<const EndpointSpec *> &specs, const QString &name)
{
    for (const EndpointSpec *spec : specs) {
        if (spec->field(name))
            return true;
    }
    return false;
}

QStringList fieldNames(const QList<const EndpointSpec *> &specs)
{
    QStringList names;
    for (const EndpointSpec *spec : specs) {
        for (const FieldSpec &field : spec->fields) {
            if (!names.contains(field.name))
                names.append(field.name);
        }
    }
    return names;
}

Result<void> applySets(const CliArgs &args, const QList<const EndpointSpec *> &specs, QMap<QString, QString> &values)
{
    for (const QString &assignment : args.values(QStringLiteral("set"))) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return usageError(QStringLiteral("--set needs NAME=VALUE, got '%1'").arg(assignment));
        QString name = assignment.left(equals);
        if (!knownField(specs, name))
            return usageError(QStringLiteral("no field '%1' here; fields: %2").arg(name, fieldNames(specs).join(QStringLiteral(", "))));
        // An alias sets the field it stands for.
        for (const EndpointSpec *spec : specs) {
            if (const FieldSpec *field = spec->field(name)) {
                name = field->name;
                break;
            }
        }
        values.insert(name, assignment.mid(equals + 1));
    }
    return {};
}

// Client certificate, pins and proxy: each option replaces what the environment says.
Result<void> applyTrust(const CliArgs &args, TransportSettings &transport)
{
    if (args.has(QStringLiteral("client-key")) && !args.has(QStringLiteral("client-cert")))
        return usageError(QStringLiteral("--client-key needs --client-cert"));
    if (args.has(QStringLiteral("client-cert"))) {
        transport.clientCertFile = args.paths(QStringLiteral("client-cert")).constLast();
        transport.clientKeyFile = args.has(QStringLiteral("client-key")) ? args.paths(QStringLiteral("client-key")).constLast() : QString();
    }
    if (args.has(QStringLiteral("client-cert-passphrase-fd"))) {
        bool ok = false;
        const int fd = args.value(QStringLiteral("client-cert-passphrase-fd")).toInt(&ok);
        if (!ok || fd < 0)
            return usageError(QStringLiteral("--client-cert-passphrase-fd needs a descriptor number (0 for standard input)"));
        PassphraseSource source(fd);
        Result<SecureBytes> passphrase = source.lineFromDescriptor(QStringLiteral("the client certificate's passphrase"));
        if (!passphrase)
            return passphrase.error();
        transport.clientCertPassphrase = std::move(passphrase).value();
    }
    if (args.has(QStringLiteral("pin")))
        transport.pins = args.values(QStringLiteral("pin"));
    if (args.has(QStringLiteral("proxy")) && args.has(QStringLiteral("no-proxy")))
        return usageError(QStringLiteral("give at most one of --proxy URL and --no-proxy"));
    if (args.has(QStringLiteral("proxy"))) {
        transport.proxy = args.value(QStringLiteral("proxy"));
        transport.noProxy = false;
    }
    if (args.has(QStringLiteral("no-proxy"))) {
        transport.noProxy = true;
        transport.proxy.clear();
    }
    return {};
}

Result<void> applyTransport(const CliArgs &args, Environment &environment)
{
    if (args.has(QStringLiteral("kdf"))) {
        const std::optional<KdfMode> kdf = kdfModeFromName(args.value(QStringLiteral("kdf")));
        if (!kdf)
            return usageError(QStringLiteral("--kdf must be raw, concat or sha256"));
        environment.kdf = *kdf;
    }
    if (args.has(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = args.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return usageError(QStringLiteral("--timeout takes seconds between 0 and 3600"));
        environment.transport.timeoutMs = static_cast<int>(seconds * 1000);
    }
    if (args.has(QStringLiteral("insecure")))
        environment.transport.insecure = true;
    if (args.has(QStringLiteral("ca-file")))
        environment.transport.extraCaFile = args.paths(QStringLiteral("ca-file")).constLast();
    return applyTrust(args, environment.transport);
}

bool refersToVault(const ApiOptions &options)
{
    const auto anyReference = [](const QMap<QString, QString> &values) {
        return std::any_of(values.cbegin(), values.cend(), [](const QString &value) { return VaultReference::isReference(value); });
    };
    return anyReference(options.values) || anyReference(options.environment.values)
        || TransportReferences::refersToVault(options.environment.transport);
}

} // namespace

QList<CliOption> ApiOptions::cliOptions()
{
    return {
        {QStringLiteral("env"), true, false},         {QStringLiteral("base-url"), true, false},
        {QStringLiteral("set"), true, true},          {QStringLiteral("credentials"), true, false},
        {QStringLiteral("kdf"), true, false},         {QStringLiteral("timeout"), true, false},
        {QStringLiteral("insecure"), false, false},   {QStringLiteral("ca-file"), true, false},
        {QStringLiteral("json"), false, false},       {QStringLiteral("verbose"), false, false},
        {QStringLiteral("vault"), true, false},       {QStringLiteral("passphrase-fd"), true, false},
        {QStringLiteral("no-session"), false, false},
        {QStringLiteral("client-cert"), true, false}, {QStringLiteral("client-key"), true, false},
        {QStringLiteral("client-cert-passphrase-fd"), true, false},
        {QStringLiteral("pin"), true, true},          {QStringLiteral("proxy"), true, false},
        {QStringLiteral("no-proxy"), false, false},    {QStringLiteral("specs"), true, true},
    };
}

QString ApiOptions::optionsHelp()
{
    return QStringLiteral(
        "  --env NAME          an environment from the Environments page; \"Sandbox\" starts an\n"
        "                      embedded sandbox for this command, with the keys, port and tokens the\n"
        "                      app's sandbox keeps in the data folder (so its tokens renew later);\n"
        "                      \"Sandbox (TLS)\" the same over HTTPS with its own CA, verified\n"
        "  --base-url URL      send to this base URL instead of an environment\n"
        "  --set NAME=VALUE    set a field by its name: a body field, a header (X-API-KEY=...)\n"
        "                      or a credential that is used but not sent (appSecret=...)\n"
        "  --credentials FILE  field values from a JSON file shaped like the sandbox's:\n"
        "                      {\"bankezy\": {\"X-API-KEY\": ...}, \"enos\": {...}, \"secmgmt\": {...}}\n"
        "  --kdf K             BankEzy key derivation: raw, concat or sha256\n"
        "  --timeout S         seconds before a request is abandoned (default 30)\n"
        "  --insecure          do not verify TLS certificates\n"
        "  --ca-file FILE      trust this PEM CA bundle in addition to the system's\n"
        "  --client-cert FILE  send this client certificate (mutual TLS): PEM, with its key in the\n"
        "                      same file or in --client-key FILE, or PKCS#12 (.p12/.pfx), or\n"
        "                      vault:NAME (an entry added with `vault import NAME FILE`)\n"
        "  --client-cert-passphrase-fd N  read the passphrase of an encrypted key or PKCS#12 from\n"
        "                      descriptor N (else the variable TOKENDESK_CLIENT_CERT_PASSPHRASE)\n"
        "  --pin sha256//B64   accept the server only if a certificate of its verified chain has this\n"
        "                      public key (SHA-256 of the SubjectPublicKeyInfo, as curl's\n"
        "                      --pinnedpubkey); repeatable, any one matches\n"
        "  --proxy URL         go through this proxy: http://[user:pass@]host:port, https://... (TLS to\n"
        "                      the proxy, trusted as the server is, --ca-file included) or socks5://...;\n"
        "                      the password may be vault:NAME (http://user:vault:NAME@host:port)\n"
        "                      (default: https_proxy, http_proxy, all_proxy and no_proxy, as curl)\n"
        "  --no-proxy          connect directly, whatever the proxy variables say\n"
        "  --specs DIR         also read the endpoint specs of DIR, after <config>/apis and\n"
        "                      TOKENDESK_SPECS_PATH (repeatable; see `tokendesk-cli specs --help`)\n"
        "  --json              print the outcome as JSON\n"
        "  --verbose           also print each request and response (secrets masked)\n"
        "  --vault FILE        look up values written as vault:NAME (or vault:NAME#identity) in this\n"
        "                      vault; without it the default vault is used when a value refers to it.\n"
        "                      A BankEzy publicKey/sdkPublicKey of vault:NAME uses that stored EC key.\n"
        "  --passphrase-fd N   read the vault passphrase from descriptor N (else the environment\n"
        "                      variable TOKENDESK_VAULT_PASSPHRASE, else a prompt)\n"
        "  --no-session        do not keep the issued tokens as sessions (by default they are kept,\n"
        "                      encrypted, with the vault: see `tokendesk-cli sessions`; not with\n"
        "                      --repeat)\n"
        "A field left unset takes the value an earlier step produced, the environment's value, or\n"
        "its generator (UUID, current time, key pair, signature).\n");
}

Result<ApiOptions> ApiOptions::fromArgs(const CliArgs &args, const QList<const EndpointSpec *> &specs)
{
    const bool hasEnv = args.has(QStringLiteral("env"));
    const bool hasBase = args.has(QStringLiteral("base-url"));
    if (hasEnv == hasBase)
        return usageError(QStringLiteral("give exactly one of --env NAME and --base-url URL"));
    ApiOptions options;
    options.json = args.has(QStringLiteral("json"));
    options.verbose = args.has(QStringLiteral("verbose"));
    if (hasBase) {
        const QUrl url(args.value(QStringLiteral("base-url")), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
            return usageError(QStringLiteral("--base-url must be an http or https URL, got '%1'").arg(args.value(QStringLiteral("base-url"))));
        options.environment.name = url.toString();
        options.environment.baseUrl = url.toString();
    } else {
        Result<Environment> environment = CliEnvironments::load(args.value(QStringLiteral("env")), options.sandbox,
                                                                SpecLibrary::userFolders(args.paths(QStringLiteral("specs"))));
        if (!environment)
            return environment.error();
        options.environment = std::move(environment).value();
    }
    if (args.has(QStringLiteral("credentials"))) {
        Result<QMap<QString, QString>> credentials = CliEnvironments::credentialValues(args.paths(QStringLiteral("credentials")).constLast());
        if (!credentials)
            return credentials.error();
        for (auto it = credentials->cbegin(); it != credentials->cend(); ++it)
            options.environment.values.insert(it.key(), it.value());
    }
    if (Result<void> transport = applyTransport(args, options.environment); !transport)
        return transport.error();
    if (Result<void> sets = applySets(args, specs, options.values); !sets)
        return sets.error();
    if (args.has(QStringLiteral("vault")) || refersToVault(options)) {
        Result<std::unique_ptr<Vault>> vault = CliVault::open(args);
        if (!vault)
            return vault.error();
        options.vault = std::move(vault).value();
        options.vaultValues = std::make_shared<VaultValueSource>(options.vault.get());
    }
    return options;
}

} // namespace td
