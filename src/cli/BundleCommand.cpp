// SPDX-License-Identifier: GPL-3.0-or-later
#include "BundleCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "cli/CliSessions.h"
#include "core/BuildInfo.h"
#include "core/evidence/SupportBundle.h"
#include "core/io/SafeFile.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/session/Session.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/workspace/BundleContents.h"
#include "core/workspace/Workspace.h"


namespace td {

namespace {

const QString kUsage = QStringLiteral("tokendesk-cli bundle [--history ID...] [--session ID] -o FILE.zip");

} // namespace

QString BundleCommand::help()
{
    return QStringLiteral(
               "Usage:\n  %1 [--vault FILE] [--passphrase-fd N]\n\n"
               "Writes a support bundle to attach to a ticket: a ZIP archive with README.txt (what is\n"
               "inside), exchanges.jsonl (the chosen history exchanges exactly as the history stores\n"
               "them: masked, each with the causes TokenDesk gave and its clockOffsetMs), clock.json (the\n"
               "clock offsets seen per exchange and the largest per environment), environments.json\n"
               "(the environments they used, without secret values),\n"
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
    Result<QList<HistoryEntry>> exchanges = BundleContents::chosenExchanges(
        workspace.history(), ids, session ? session->id.toString(QUuid::WithoutBraces) : QString());
    if (!exchanges)
        return m_io.fail(exchanges.error());

    const SupportBundle bundle = BundleContents::assemble(exchanges.value(), workspace.environments(), sessions->store(),
                                                          withVault ? &sessions->vault() : nullptr, session,
                                                          BuildInfo::versionText(QStringLiteral("tokendesk-cli")));

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
