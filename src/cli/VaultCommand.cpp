// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "cli/KeyGeneration.h"
#include "cli/CliVault.h"
#include "core/AppPaths.h"
#include "core/jose/Jwk.h"
#include "core/jose/KeyFormats.h"
#include "core/net/ApiClient.h"
#include "core/net/ClientCertificate.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultEntry.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <openssl/crypto.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace td {

namespace {

const QString kInitUsage = QStringLiteral("tokendesk-cli vault init [--vault FILE] [--passphrase-fd N]");
const QString kListUsage = QStringLiteral("tokendesk-cli vault list [--json] [--vault FILE] [--passphrase-fd N]");
const QString kGenUsage = QStringLiteral(
    "tokendesk-cli vault gen NAME (--kty EC|RSA|oct) [--crv P-256|P-384|P-521] [--size N] [--kid K] [--tag T...] [--notes TEXT]");
const QString kImportUsage = QStringLiteral("tokendesk-cli vault import NAME FILE [--tag T...] [--notes TEXT]");
const QString kAddUsage = QStringLiteral(
    "tokendesk-cli vault add NAME --kind api-credential|app-key|login [--identity VALUE] [--tag T...] [--notes TEXT] < SECRET");
const QString kExportUsage = QStringLiteral("tokendesk-cli vault export NAME [--public] [--format jwk|pem|b64jwk] [--secret]");
const QString kRmUsage = QStringLiteral("tokendesk-cli vault rm NAME");
const QString kPasswdUsage = QStringLiteral("tokendesk-cli vault passwd");
const QString kVaultUsage = QStringLiteral("tokendesk-cli vault init|list|gen|import|add|export|rm|passwd ...");

constexpr std::size_t kMaxSecretBytes = 1024 * 1024;
constexpr int kMaxNameLength = 200;

QList<CliOption> withCommon(QList<CliOption> options)
{
    options.append({QStringLiteral("vault"), true});
    options.append({QStringLiteral("passphrase-fd"), true});
    return options;
}

QList<CliOption> withDescription(QList<CliOption> options)
{
    options.append({QStringLiteral("tag"), true, true});
    options.append({QStringLiteral("notes"), true});
    return withCommon(std::move(options));
}

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
}

QByteArray withNewline(QByteArray text)
{
    if (!text.endsWith('\n'))
        text.append('\n');
    return text;
}

// All of standard input straight into wiped memory (CliIo::readStdin grows a QByteArray, which
// would leave unwiped copies of the secret behind on every reallocation).
Result<SecureBytes> readSecretFromStdin()
{
    SecureBytes data;
    std::size_t used = 0;
    for (;;) {
        if (used == data.size()) {
            if (data.size() >= kMaxSecretBytes)
                return makeError(ErrorCode::InputTooLarge,
                                 QStringLiteral("the secret on standard input is larger than %1 KiB").arg(kMaxSecretBytes / 1024));
            data.resize(std::min(kMaxSecretBytes, std::max<std::size_t>(4096, data.size() * 2)));
        }
        const ssize_t got = ::read(STDIN_FILENO, data.data() + used, data.size() - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd waiting{STDIN_FILENO, POLLIN, 0};
            ::poll(&waiting, 1, -1);
            continue;
        }
        if (got < 0) {
            if (errno == EBADF)
                break;
            return makeError(ErrorCode::Io, QStringLiteral("cannot read the secret from standard input"),
                             QString::fromLocal8Bit(std::strerror(errno)));
        }
        if (got == 0)
            break;
        used += static_cast<std::size_t>(got);
    }
    // One trailing newline belongs to the shell (echo, here-strings), not to the secret.
    if (used > 0 && data.data()[used - 1] == '\n') {
        --used;
        if (used > 0 && data.data()[used - 1] == '\r')
            --used;
    }
    data.resize(used);
    if (data.isEmpty())
        return makeError(ErrorCode::EmptyInput, QStringLiteral("no secret on standard input (it is never an argument)"));
    return data;
}

QString lastUsedText(const QDateTime &lastUsed)
{
    return lastUsed.isValid() ? lastUsed.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("never");
}

QJsonValue optionalText(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue dateTimeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

// What `list --json` shows of an entry: everything that helps to find it, never a secret.
QJsonObject listJson(const VaultEntry &entry)
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), entry.name);
    object.insert(QStringLiteral("kind"), VaultEntry::kindName(entry.kind));
    object.insert(QStringLiteral("tags"), QJsonArray::fromStringList(entry.tags));
    object.insert(QStringLiteral("environments"), QJsonArray::fromStringList(entry.environments));
    object.insert(QStringLiteral("thumbprint"), optionalText(entry.isKey() ? entry.thumbprint() : QString()));
    object.insert(QStringLiteral("kid"), optionalText(entry.key ? entry.key->kid() : QString()));
    object.insert(QStringLiteral("created"), dateTimeJson(entry.created));
    object.insert(QStringLiteral("lastUsed"), dateTimeJson(entry.lastUsed));
    object.insert(QStringLiteral("rotateBy"),
                  entry.rotateBy ? QJsonValue(entry.rotateBy->toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null));
    return object;
}

QString table(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype column = 0; column < row.size(); ++column) {
            if (widths.size() <= column)
                widths.append(0);
            widths[column] = std::max(widths.at(column), row.at(column).size());
        }
    }
    QString text;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column) {
            if (column + 1 < row.size())
                line += row.at(column).leftJustified(widths.at(column) + 2);
            else
                line += row.at(column);
        }
        text += line.trimmed() + QLatin1Char('\n');
    }
    return text;
}

// Tags and notes of gen/import/add.
void describeEntry(VaultEntry &entry, const CliArgs &args)
{
    QStringList tags;
    for (const QString &tag : args.values(QStringLiteral("tag"))) {
        const QString trimmed = tag.trimmed();
        if (!trimmed.isEmpty() && !tags.contains(trimmed, Qt::CaseInsensitive))
            tags.append(trimmed);
    }
    entry.tags = tags;
    entry.notes = args.value(QStringLiteral("notes"));
}

QString summary(const VaultEntry &entry)
{
    if (entry.isKey())
        return QStringLiteral("%1: %2, thumbprint %3").arg(entry.name, entry.describe(), entry.thumbprint());
    return QStringLiteral("%1: %2").arg(entry.name, entry.describe());
}

} // namespace

QString VaultCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  %1\n"
        "      Create an empty vault (the passphrase is asked twice on a terminal).\n"
        "  %2\n"
        "      The entries: name, kind, tags, thumbprint, last use. Never a secret.\n"
        "  %3\n"
        "      Generate a key into the vault (EC defaults to P-256, RSA to 2048, oct to 256 bits).\n"
        "  %4\n"
        "      Import the one key of FILE (JWK, PEM, base64url JWK, hex/base64 oct), or a client\n"
        "      certificate for mutual TLS: a PEM holding certificate and key, or PKCS#12 (its\n"
        "      passphrase in TOKENDESK_CLIENT_CERT_PASSPHRASE); use it as --client-cert vault:NAME.\n"
        "  %5\n"
        "      Store a credential; the secret (API key, app secret, password) is all of standard\n"
        "      input, one trailing newline removed. --identity is the app key or the username.\n"
        "  %6\n"
        "      Print a key (private unless --public; default jwk), or a credential's secret with\n"
        "      --secret.\n"
        "  %7\n"
        "      Remove an entry.\n"
        "  %8\n"
        "      Change the passphrase.\n"
        "\n"
        "Every subcommand takes --vault FILE (default: %9) and\n"
        "--passphrase-fd N. The passphrase is never an argument; it is read from, in order: one\n"
        "line on descriptor N (passwd: two lines, the current then the new passphrase), the\n"
        "environment variable TOKENDESK_VAULT_PASSPHRASE (passwd: the new one in\n"
        "TOKENDESK_VAULT_NEW_PASSPHRASE), or a prompt on the terminal. With --passphrase-fd 0 on\n"
        "`add`, the first line of standard input is the passphrase and the rest the secret.\n")
        .arg(kInitUsage, kListUsage, kGenUsage, kImportUsage, kAddUsage, kExportUsage, kRmUsage, kPasswdUsage,
             AppPaths::vaultFile());
}

int VaultCommand::run(const QByteArrayList &args)
{
    if (args.isEmpty())
        return m_io.usage(QStringLiteral("vault needs a subcommand"), kVaultUsage);
    const QByteArray &sub = args.first();
    const QByteArrayList rest = args.mid(1);
    if (sub == "--help" || sub == "-h" || sub == "help") {
        m_io.writeOut(help().toUtf8());
        return CliExitSuccess;
    }
    // Say why rather than just "unknown flag": a passphrase on the command line would be visible
    // to every user of the machine and kept in the shell history. The value is never repeated.
    for (const QByteArray &arg : rest) {
        if (arg == "--")
            break;
        if (arg == "--passphrase" || arg.startsWith("--passphrase=") || arg == "--password" || arg.startsWith("--password=")) {
            return m_io.usage(QStringLiteral("the passphrase is never an argument: use --passphrase-fd N, the environment "
                                             "variable TOKENDESK_VAULT_PASSPHRASE, or the prompt"),
                              kVaultUsage);
        }
    }
    if (sub == "init")
        return init(rest);
    if (sub == "list")
        return list(rest);
    if (sub == "gen")
        return generate(rest);
    if (sub == "import")
        return importKey(rest);
    if (sub == "add")
        return add(rest);
    if (sub == "export")
        return exportEntry(rest);
    if (sub == "rm")
        return remove(rest);
    if (sub == "passwd")
        return changePassphrase(rest);
    return m_io.usage(QStringLiteral("unknown vault subcommand '%1'").arg(QString::fromLocal8Bit(sub)), kVaultUsage);
}

std::optional<PassphraseSource> VaultCommand::passphraseSource(const CliArgs &args, const QString &usageLine, int &exitCode)
{
    if (!args.has(QStringLiteral("passphrase-fd")))
        return PassphraseSource();
    auto fd = PassphraseSource::parseFd(args.value(QStringLiteral("passphrase-fd")));
    if (!fd) {
        exitCode = m_io.usage(fd.error().message, usageLine);
        return std::nullopt;
    }
    return PassphraseSource(fd.value());
}

std::optional<QString> VaultCommand::entryName(const CliArgs &args, const QString &usageLine, int &exitCode)
{
    if (args.positionals().isEmpty()) {
        exitCode = m_io.usage(QStringLiteral("the entry NAME is missing"), usageLine);
        return std::nullopt;
    }
    const QString name = QString::fromLocal8Bit(args.positionals().constFirst());
    QString problem;
    if (name.isEmpty())
        problem = QStringLiteral("the entry name is empty");
    else if (name != name.trimmed())
        problem = QStringLiteral("the entry name starts or ends with a space");
    else if (name.size() > kMaxNameLength)
        problem = QStringLiteral("the entry name is longer than %1 characters").arg(kMaxNameLength);
    else if (std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        problem = QStringLiteral("the entry name holds a control character");
    if (!problem.isEmpty()) {
        exitCode = m_io.usage(problem, usageLine);
        return std::nullopt;
    }
    return name;
}

std::unique_ptr<Vault> VaultCommand::openVault(const CliArgs &args, const QString &usageLine, int &exitCode)
{
    if (!passphraseSource(args, usageLine, exitCode))
        return nullptr; // a bad --passphrase-fd: usage, exit 2
    auto vault = CliVault::open(args);
    if (!vault) {
        exitCode = m_io.fail(vault.error());
        return nullptr;
    }
    return std::move(vault).value();
}

int VaultCommand::save(Vault &vault)
{
    auto saved = vault.save();
    if (!saved)
        return m_io.fail(saved.error());
    return CliExitSuccess;
}

int VaultCommand::init(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, withCommon({}), 0, kInitUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto source = passphraseSource(args.value(), kInitUsage, exitCode);
    if (!source)
        return exitCode;
    const QString path = CliVault::path(args.value());
    if (QFileInfo::exists(path))
        return m_io.fail(makeError(ErrorCode::Io, QStringLiteral("%1 exists already; nothing was changed").arg(path)));
    auto passphrase = source->next(false);
    if (!passphrase)
        return m_io.fail(passphrase.error());
    auto vault = Vault::create(path, passphrase.value());
    if (!vault)
        return m_io.fail(vault.error());
    m_io.writeOutLine(QStringLiteral("created the vault %1").arg(path));
    return CliExitSuccess;
}

int VaultCommand::list(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, withCommon({{QStringLiteral("json"), false}}), 0, kListUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto vault = openVault(args.value(), kListUsage, exitCode);
    if (!vault)
        return exitCode;
    const QList<VaultEntry> entries = vault->entries();
    if (args->has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const VaultEntry &entry : entries)
            array.append(listJson(entry));
        m_io.writeOut(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return CliExitSuccess;
    }
    if (entries.isEmpty()) {
        m_io.writeErrLine(QStringLiteral("%1: the vault holds no entries").arg(CliIo::programName()));
        return CliExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("TAGS"),
                             QStringLiteral("THUMBPRINT"), QStringLiteral("LAST USED")}};
    for (const VaultEntry &entry : entries) {
        rows.append({entry.name, VaultEntry::kindName(entry.kind),
                     entry.tags.isEmpty() ? QStringLiteral("-") : entry.tags.join(QLatin1Char(',')),
                     entry.isKey() ? entry.thumbprint() : QStringLiteral("-"), lastUsedText(entry.lastUsed)});
    }
    m_io.writeOut(table(rows).toUtf8());
    return CliExitSuccess;
}

int VaultCommand::generate(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs,
                                  withDescription({{QStringLiteral("kty"), true}, {QStringLiteral("crv"), true},
                                                   {QStringLiteral("size"), true}, {QStringLiteral("kid"), true}}),
                                  1, kGenUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto name = entryName(args.value(), kGenUsage, exitCode);
    if (!name)
        return exitCode;
    if (!args->has(QStringLiteral("kty")))
        return m_io.usage(QStringLiteral("--kty is required (EC, RSA or oct)"), kGenUsage);
    // A bad --passphrase-fd is a usage mistake, reported before any work.
    if (!passphraseSource(args.value(), kGenUsage, exitCode))
        return exitCode;

    // Generate first: a usage mistake is reported before anything is asked.
    auto key = KeyGeneration::fromArgs(args.value());
    if (!key)
        return key.error().code == ErrorCode::Usage ? m_io.usage(key.error().message, kGenUsage) : m_io.fail(key.error());

    return addEntry(args.value(), kGenUsage, VaultEntry::fromKey(*name, key.value()));
}

int VaultCommand::addEntry(const CliArgs &args, const QString &usageLine, VaultEntry entry)
{
    int exitCode = CliExitSuccess;
    auto vault = openVault(args, usageLine, exitCode);
    if (!vault)
        return exitCode;
    describeEntry(entry, args);
    if (auto added = vault->add(entry); !added)
        return m_io.fail(added.error());
    if (const int saved = save(*vault); saved != CliExitSuccess)
        return saved;
    m_io.writeOutLine(summary(entry));
    return CliExitSuccess;
}

int VaultCommand::importKey(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, withDescription({}), 2, kImportUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto name = entryName(args.value(), kImportUsage, exitCode);
    if (!name)
        return exitCode;
    if (args->positionals().size() < 2)
        return m_io.usage(QStringLiteral("the key FILE is missing"), kImportUsage);
    // A bad --passphrase-fd is a usage mistake, reported before any work.
    if (!passphraseSource(args.value(), kImportUsage, exitCode))
        return exitCode;
    const QByteArray fileArgument = args->positionals().at(1);
    const bool fromStdin = fileArgument == "-";
    if (fromStdin && args->value(QStringLiteral("passphrase-fd")).toInt() == 0 && args->has(QStringLiteral("passphrase-fd")))
        return m_io.usage(QStringLiteral("FILE \"-\" and --passphrase-fd 0 both need standard input"), kImportUsage);

    // Read and check the key before asking for the passphrase.
    const QString label = fromStdin ? QStringLiteral("standard input") : QFile::decodeName(fileArgument);
    auto text = fromStdin ? m_io.readStdin(QStringLiteral("key")) : m_io.readFile(label);
    if (!text)
        return m_io.fail(text.error());
    // A certificate with its key (PEM) or a PKCS#12 file is a client certificate for mutual TLS.
    // PKCS#12 is DER: it starts with a SEQUENCE byte, which no JWK, PEM or hex/base64 text does.
    if (!fromStdin && (text->contains("-----BEGIN CERTIFICATE") || text->startsWith('\x30'))) {
        wipe(text.value());
        return importClientCertificate(args.value(), *name, label);
    }
    auto imported = KeyFormats::parse(text.value());
    wipe(text.value());
    if (!imported)
        return m_io.fail(makeError(imported.error().code, QStringLiteral("%1: %2").arg(label, imported.error().message),
                                   imported.error().detail));
    const QList<Jwk> &keys = imported->keys;
    if (keys.isEmpty())
        return m_io.fail(makeError(ErrorCode::NoKey, QStringLiteral("%1: holds no key").arg(label)));
    if (keys.size() > 1) {
        return m_io.fail(makeError(ErrorCode::KeyParse,
                                   QStringLiteral("%1 holds %2 keys; the vault imports one key per entry: split the set "
                                                  "and import each under its own name")
                                       .arg(label)
                                       .arg(keys.size())));
    }

    return addEntry(args.value(), kImportUsage, VaultEntry::fromKey(*name, keys.first()));
}

// The PKCS#12 passphrase comes from TOKENDESK_CLIENT_CERT_PASSPHRASE (--passphrase-fd is the
// vault's); the key is stored as PKCS#8 PEM inside the encrypted vault.
int VaultCommand::importClientCertificate(const CliArgs &args, const QString &name, const QString &path)
{
    const SecureBytes passphrase(QByteArrayView(qgetenv(ApiClient::kClientCertPassphraseVariable)));
    Result<ClientCertificate> loaded = ClientCertificate::load(path, {}, passphrase.view());
    if (!loaded)
        return m_io.fail(loaded.error());
    Result<SecureBytes> keyPem = loaded->keyPem();
    if (!keyPem)
        return m_io.fail(keyPem.error());
    return addEntry(args, kImportUsage, VaultEntry::clientCertificate(name, loaded->chainPem(), keyPem.value()));
}

int VaultCommand::add(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, withDescription({{QStringLiteral("kind"), true}, {QStringLiteral("identity"), true}}),
                                  1, kAddUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto name = entryName(args.value(), kAddUsage, exitCode);
    if (!name)
        return exitCode;
    if (!args->has(QStringLiteral("kind")))
        return m_io.usage(QStringLiteral("--kind is required (api-credential, app-key or login)"), kAddUsage);
    const QString kindText = args->value(QStringLiteral("kind"));
    const std::optional<VaultEntry::Kind> kind = VaultEntry::kindFromName(kindText);
    if (!kind || (*kind != VaultEntry::Kind::ApiCredential && *kind != VaultEntry::Kind::AppKey && *kind != VaultEntry::Kind::Login)) {
        return m_io.usage(QStringLiteral("unknown credential kind '%1' (api-credential, app-key or login; keys go in with "
                                         "`vault gen` or `vault import`)")
                              .arg(kindText),
                          kAddUsage);
    }
    const bool hasIdentity = args->has(QStringLiteral("identity"));
    const QString identity = args->value(QStringLiteral("identity"));
    if (*kind == VaultEntry::Kind::ApiCredential && hasIdentity)
        return m_io.usage(QStringLiteral("--identity does not apply to an api-credential (it is a single value)"), kAddUsage);
    if (*kind != VaultEntry::Kind::ApiCredential && identity.isEmpty()) {
        return m_io.usage(QStringLiteral("--identity is required for %1 (%2)")
                              .arg(kindText, *kind == VaultEntry::Kind::AppKey ? QStringLiteral("the app key") : QStringLiteral("the username")),
                          kAddUsage);
    }
    // The passphrase first: with --passphrase-fd 0 it is the first line of standard input, and a
    // wrong one is reported before the user types the secret.
    auto vault = openVault(args.value(), kAddUsage, exitCode);
    if (!vault)
        return exitCode;
    if (vault->find(*name))
        return m_io.fail(makeError(ErrorCode::NameTaken, QStringLiteral("the vault has an entry named %1 already").arg(*name)));

    Result<SecureBytes> secret = makeError(ErrorCode::Internal, QString());
    if (CliIo::isTerminal(STDIN_FILENO)) {
        const QString what = *kind == VaultEntry::Kind::Login ? QStringLiteral("Password") : QStringLiteral("Secret");
        secret = PassphraseSource::promptHidden(QStringLiteral("%1 for %2: ").arg(what, *name));
        if (secret && secret->isEmpty())
            secret = makeError(ErrorCode::EmptyInput, QStringLiteral("the secret is empty"));
    } else {
        secret = readSecretFromStdin();
    }
    if (!secret)
        return m_io.fail(secret.error());

    VaultEntry entry = VaultEntry::credential(*kind, *name, identity, secret.value());
    describeEntry(entry, args.value());
    if (auto added = vault->add(entry); !added)
        return m_io.fail(added.error());
    if (const int saved = save(*vault); saved != CliExitSuccess)
        return saved;
    m_io.writeOutLine(summary(entry));
    return CliExitSuccess;
}

int VaultCommand::exportEntry(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs,
                                  withCommon({{QStringLiteral("public"), false}, {QStringLiteral("format"), true},
                                              {QStringLiteral("secret"), false}}),
                                  1, kExportUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto name = entryName(args.value(), kExportUsage, exitCode);
    if (!name)
        return exitCode;
    const QString format = args->has(QStringLiteral("format")) ? args->value(QStringLiteral("format")) : QStringLiteral("jwk");
    if (format != QLatin1String("jwk") && format != QLatin1String("pem") && format != QLatin1String("b64jwk"))
        return m_io.usage(QStringLiteral("unknown key format '%1' (jwk, pem or b64jwk)").arg(format), kExportUsage);
    const bool publicOnly = args->has(QStringLiteral("public"));
    const bool wantSecret = args->has(QStringLiteral("secret"));
    if (wantSecret && (publicOnly || args->has(QStringLiteral("format"))))
        return m_io.usage(QStringLiteral("--secret prints a credential's value; --public and --format are for keys"), kExportUsage);
    auto vault = openVault(args.value(), kExportUsage, exitCode);
    if (!vault)
        return exitCode;
    const std::optional<VaultEntry> entry = vault->find(*name);
    if (!entry)
        return m_io.fail(makeError(ErrorCode::NotFound, QStringLiteral("the vault has no entry named %1").arg(*name)));

    if (!entry->isKey()) {
        if (!wantSecret) {
            return m_io.usage(QStringLiteral("%1 is a credential (%2): its secret is printed only with --secret")
                                  .arg(entry->name, VaultEntry::kindName(entry->kind)),
                              kExportUsage);
        }
        m_io.writeData(entry->secret.view());
    } else {
        if (wantSecret)
            return m_io.usage(QStringLiteral("%1 is a key: --secret is for credentials; keys print their private part "
                                             "unless --public is given")
                                  .arg(entry->name),
                              kExportUsage);
        if (!entry->key)
            return m_io.fail(makeError(ErrorCode::Internal, QStringLiteral("%1 holds no key").arg(entry->name)));
        Jwk key = *entry->key;
        if (publicOnly) {
            auto pub = key.publicKey();
            if (!pub)
                return m_io.fail(makeError(pub.error().code, QStringLiteral("%1: %2").arg(entry->name, pub.error().message),
                                           pub.error().detail));
            key = pub.value();
        }
        QByteArray output;
        if (format == QLatin1String("jwk")) {
            output = key.toJsonText(!publicOnly);
        } else if (format == QLatin1String("pem")) {
            auto pem = KeyFormats::toPem(key, !publicOnly);
            if (!pem)
                return m_io.fail(makeError(pem.error().code, QStringLiteral("%1: %2").arg(entry->name, pem.error().message),
                                           pem.error().detail));
            output = pem.value();
        } else {
            output = KeyFormats::toBase64UrlJwk(key, !publicOnly);
            if (output.isEmpty())
                return m_io.fail(makeError(ErrorCode::Internal, QStringLiteral("%1: could not encode the key").arg(entry->name)));
        }
        output = withNewline(std::move(output));
        m_io.writeOut(output);
        wipe(output);
    }

    // The export is a use; failing to record it must not fail the export that already happened.
    vault->markUsed(entry->name);
    if (auto saved = vault->save(); !saved) {
        m_io.writeErrLine(QStringLiteral("%1: warning: the last-used time was not saved: %2")
                              .arg(CliIo::programName(), saved.error().toString()));
    }
    return CliExitSuccess;
}

int VaultCommand::remove(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, withCommon({}), 1, kRmUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto name = entryName(args.value(), kRmUsage, exitCode);
    if (!name)
        return exitCode;
    auto vault = openVault(args.value(), kRmUsage, exitCode);
    if (!vault)
        return exitCode;
    if (!vault->find(*name))
        return m_io.fail(makeError(ErrorCode::NotFound, QStringLiteral("the vault has no entry named %1").arg(*name)));
    auto removed = vault->remove(*name);
    if (!removed)
        return m_io.fail(removed.error());
    if (const int saved = save(*vault); saved != CliExitSuccess)
        return saved;
    m_io.writeOutLine(QStringLiteral("removed %1").arg(removed->name));
    return CliExitSuccess;
}

int VaultCommand::changePassphrase(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs, withCommon({}), 0, kPasswdUsage, help(), exitCode);
    if (!args)
        return exitCode;
    auto source = passphraseSource(args.value(), kPasswdUsage, exitCode);
    if (!source)
        return exitCode;
    const QString path = CliVault::path(args.value());
    if (!QFileInfo::exists(path))
        return m_io.fail(CliVault::missing(args.value()));
    auto current = source->current(path);
    if (!current)
        return m_io.fail(current.error());
    auto vault = Vault::open(path, current.value());
    if (!vault)
        return m_io.fail(vault.error());
    auto next = source->next(true);
    if (!next)
        return m_io.fail(next.error());
    if (auto changed = vault.value()->changePassphrase(current.value(), next.value()); !changed)
        return m_io.fail(changed.error());
    m_io.writeOutLine(QStringLiteral("changed the passphrase of %1").arg(path));
    return CliExitSuccess;
}

} // namespace td
