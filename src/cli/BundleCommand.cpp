// SPDX-License-Identifier: GPL-3.0-or-later
#include "BundleCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "cli/CliSessions.h"
#include "core/BuildInfo.h"
#include "core/api/BankEzyCrypto.h"
#include "core/evidence/SupportBundle.h"
#include "core/io/SafeFile.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/net/SecretNames.h"
#include "core/session/Session.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/workspace/Workspace.h"

#include <QJsonArray>

namespace td {

namespace {

const QString kUsage = QStringLiteral("tokendesk-cli bundle [--history ID...] [--session ID] -o FILE.zip");

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

// The session without its tokens or keys: what it is, where, and how its renewals went.
QJsonObject sessionOutline(const Session &session)
{
    QJsonArray renewals;
    for (const Session::Renewal &renewal : session.renewals)
        renewals.append(QJsonObject{{QStringLiteral("at"), isoTime(renewal.atMs)}, {QStringLiteral("ok"), renewal.ok},
                                    {QStringLiteral("httpStatus"), renewal.httpStatus}, {QStringLiteral("code"), renewal.code},
                                    {QStringLiteral("message"), renewal.message}});
    return {{QStringLiteral("id"), session.id.toString(QUuid::WithoutBraces)},
            {QStringLiteral("family"), session.family},
            {QStringLiteral("endpoint"), session.endpointId},
            {QStringLiteral("environment"), session.environment.name},
            {QStringLiteral("state"), sessionStateName(session.state)},
            {QStringLiteral("issuedAt"), isoTime(session.issuedAtMs)},
            {QStringLiteral("expiresAt"), isoTime(session.expiresAtMs)},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(session.warnings)},
            {QStringLiteral("lastError"), session.lastError},
            {QStringLiteral("renewals"), renewals}};
}

// Thumbprints of the vault's keys and the session's keys; the vault's secrets as values to hunt.
void addKeys(SupportBundle &bundle, const Vault *vault, const Session *session)
{
    for (const VaultEntry &entry : vault ? vault->entries() : QList<VaultEntry>()) {
        if (entry.isKey())
            bundle.keys.append({QStringLiteral("vault:") + entry.name, VaultEntry::kindName(entry.kind), entry.thumbprint()});
        else if (!entry.secret.isEmpty())
            bundle.secretValues.append(QString::fromUtf8(entry.secret.toByteArray()));
    }
    if (!session)
        return;
    const QList<QPair<QString, const SecureBytes *>> sessionKeys{{QStringLiteral("session app key"), &session->context.appSessionKey},
                                                                 {QStringLiteral("session user key"), &session->context.userSessionKey}};
    for (const auto &[name, key] : sessionKeys) {
        if (!key->isEmpty())
            bundle.keys.append({name, QStringLiteral("oct-key"), BankEzyCrypto::keyThumbprint(*key)});
    }
}

void addEnvironment(SupportBundle &bundle, const Environment &environment)
{
    for (const Environment &known : std::as_const(bundle.environments)) {
        if (known.name == environment.name)
            return;
    }
    // An environment keeps X-API-KEY visible in its own file; an export masks it like history does.
    Environment shown = environment;
    for (auto it = shown.values.begin(); it != shown.values.end();) {
        const bool secret = isSecretName(it.key()) || isSecretHeaderName(it.key());
        if (secret && !it.value().startsWith(QLatin1String("vault:")))
            bundle.secretValues.append(it.value());
        it = secret ? shown.values.erase(it) : std::next(it);
    }
    bundle.environments.append(shown);
}

// The stored exchanges whose id starts with one of `ids` (each naming exactly one) or that belong
// to `sessionId`.
Result<QList<HistoryEntry>> chosenExchanges(const HistoryStore &history, const QStringList &ids, const QString &sessionId)
{
    QList<HistoryEntry> chosen;
    QMap<QString, QStringList> matches;
    Result<int> scanned = history.scan([&](HistoryEntry &&entry) {
        bool wanted = !sessionId.isEmpty() && entry.sessionId == sessionId;
        for (const QString &id : ids) {
            if (entry.id.startsWith(id)) {
                matches[id].append(entry.id);
                wanted = true;
            }
        }
        if (wanted)
            chosen.append(std::move(entry));
    });
    if (!scanned)
        return scanned.error();
    for (const QString &id : ids) {
        if (matches.value(id).size() != 1)
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("\"%1\" names %2 history entries; give (a longer part of) one id that "
                                            "`tokendesk-cli history list` shows")
                                 .arg(id)
                                 .arg(matches.value(id).size()));
    }
    return chosen;
}

} // namespace

QString BundleCommand::help()
{
    return QStringLiteral(
               "Usage:\n  %1 [--vault FILE] [--passphrase-fd N]\n\n"
               "Writes a support bundle to attach to a ticket: a ZIP archive with README.txt (what is\n"
               "inside), exchanges.jsonl (the chosen history exchanges exactly as the history stores\n"
               "them: masked), environments.json (the environments they used, without secret values),\n"
               "keys.json (thumbprints of the vault's keys and the session's keys, never the keys),\n"
               "session.json (with --session: its outline without tokens) and versions.txt (TokenDesk,\n"
               "Qt, OpenSSL). Every known secret (credentials, tokens, vault secrets) is masked in\n"
               "every file as a last check.\n\n"
               "  --history ID...  history entries by id or a unique prefix (4+ characters), as\n"
               "                   `tokendesk-cli history list` shows them; repeat it or list several\n"
               "  --session ID     the exchanges of this session (`tokendesk-cli sessions list`); opens\n"
               "                   the vault the sessions are kept with\n"
               "  --vault FILE     the vault (default: the app's); its key thumbprints are listed\n"
               "  -o FILE.zip      where to write the bundle (owner-only permissions)\n\n"
               "Exit status: 0 written; 1 an id names no entry (or several), the vault does not open, or\n"
               "the file cannot be written; 2 wrong usage.\n")
        .arg(kUsage);
}

int BundleCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const QList<CliOption> options{{QStringLiteral("history"), true, true},     {QStringLiteral("session"), true, false},
                                   {QStringLiteral("o"), true, false},          {QStringLiteral("vault"), true, false},
                                   {QStringLiteral("passphrase-fd"), true, false}};
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, options, 100, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    QStringList ids = args->values(QStringLiteral("history"));
    for (const QByteArray &more : args->positionals())
        ids.append(QString::fromUtf8(more)); // --history A B C
    for (QString &id : ids)
        id = id.trimmed().toLower();
    if (!args->has(QStringLiteral("o")))
        return m_io.usage(QStringLiteral("bundle needs -o FILE.zip"), kUsage);
    if (ids.isEmpty() && !args->has(QStringLiteral("session")))
        return m_io.usage(QStringLiteral("bundle needs what to put in: --history ID... and/or --session ID"), kUsage);
    if (!args->positionals().isEmpty() && !args->has(QStringLiteral("history")))
        return m_io.usage(QStringLiteral("unexpected argument '%1'").arg(QString::fromUtf8(args->positionals().constFirst())), kUsage);
    for (const QString &id : std::as_const(ids)) {
        if (id.size() < 4)
            return m_io.fail(makeError(ErrorCode::NotFound, QStringLiteral("\"%1\" is too short to name a history entry: give at "
                                                                            "least 4 characters of its id").arg(id)));
    }

    const bool withVault = args->has(QStringLiteral("session")) || args->has(QStringLiteral("vault"));
    std::unique_ptr<CliSessions> sessions;
    if (withVault) {
        Result<std::unique_ptr<CliSessions>> opened = CliSessions::open(*args);
        if (!opened)
            return m_io.fail(opened.error());
        sessions = std::move(opened.value());
    } else {
        sessions = std::make_unique<CliSessions>();
    }
    const Session *session = nullptr;
    if (args->has(QStringLiteral("session"))) {
        Result<QUuid> id = sessions->resolve(args->value(QStringLiteral("session")));
        if (!id)
            return m_io.fail(id.error());
        session = sessions->store().find(id.value());
    }

    Workspace &workspace = sessions->workspace();
    Result<QList<HistoryEntry>> exchanges = chosenExchanges(
        workspace.history(), ids, session ? session->id.toString(QUuid::WithoutBraces) : QString());
    if (!exchanges)
        return m_io.fail(exchanges.error());

    SupportBundle bundle;
    bundle.createdAt = QDateTime::currentDateTimeUtc();
    bundle.versions = BuildInfo::versionText(QStringLiteral("tokendesk-cli"));
    bundle.exchanges = exchanges.value();
    bundle.secretValues = sessions->store().secretValues();
    if (session) {
        bundle.session = sessionOutline(*session);
        addEnvironment(bundle, session->environment);
    }
    for (const HistoryEntry &entry : std::as_const(bundle.exchanges)) {
        if (const Environment *environment = workspace.environments().find(entry.environment))
            addEnvironment(bundle, *environment);
    }
    addKeys(bundle, withVault ? &sessions->vault() : nullptr, session);

    const QString path = args->paths(QStringLiteral("o")).constLast();
    if (Result<void> written = writeFileAtomically(path, bundle.zip()); !written)
        return m_io.fail(written.error());
    m_io.writeOutLine(QStringLiteral("wrote %1: %2 exchange(s), %3 environment(s), %4 key thumbprint(s)%5")
                          .arg(path)
                          .arg(bundle.exchanges.size())
                          .arg(bundle.environments.size())
                          .arg(bundle.keys.size())
                          .arg(session ? QStringLiteral(", the session's outline") : QString()));
    return CliExitSuccess;
}

} // namespace td
