// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliApp.h"

#include "cli/BundleCommand.h"
#include "cli/CallCommand.h"
#include "cli/CliIo.h"
#include "cli/DemoCommand.h"
#include "cli/FlowCommand.h"
#include "cli/HistoryCommand.h"
#include "cli/ImportCommand.h"
#include "cli/InspectCommand.h"
#include "cli/JweCommand.h"
#include "cli/JwkCommand.h"
#include "cli/JwsCommand.h"
#include "cli/SessionsCommand.h"
#include "cli/SpecsCommand.h"
#include "cli/VaultCommand.h"
#include "core/BuildInfo.h"
#include "core/api/FamilyRegistry.h"
#include "core/ProcessHardening.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace td {

namespace {

const QString kToolUsage = QStringLiteral("tokendesk-cli jwk|jwe|jws|inspect|call|flow|specs|demo|vault|sessions|history|import|bundle ...");

} // namespace

QByteArrayList CliApp::rawArguments(int argc, char **argv)
{
    QByteArrayList args;
    for (int i = 1; i < argc; ++i)
        args.append(QByteArray(argv[i]));
    return args;
}

QString CliApp::help()
{
    return QStringLiteral(
        "tokendesk-cli: token APIs, JWK, JWE and JWS from the command line.\n"
        "\n"
        "Usage:\n"
        "  tokendesk-cli jwk gen (--kty EC|RSA|oct) [--crv P-256|P-384|P-521] [--size N] [--kid K]\n"
        "  tokendesk-cli jwk pub [KEYFILE]\n"
        "  tokendesk-cli jwk thumbprint [KEYFILE]\n"
        "  tokendesk-cli jwk convert --to jwk|pem|b64jwk [--public] [KEYFILE]\n"
        "  tokendesk-cli jwe encrypt --key FILE --alg A --enc E [--kid K] [--zip] [PLAINTEXT]\n"
        "  tokendesk-cli jwe decrypt --key FILE [--key FILE...] [TOKEN]\n"
        "  tokendesk-cli jws sign --key FILE --alg A [--kid K] [--typ T] [PAYLOAD]\n"
        "  tokendesk-cli jws verify --key FILE [--key FILE...] [TOKEN]\n"
        "  tokendesk-cli inspect [TOKEN] [--key FILE...] [--json]\n"
        "  tokendesk-cli call ENDPOINT-ID (--env NAME | --base-url URL) [--set NAME=VALUE...] [--kdf K] [--json]\n"
        "  tokendesk-cli flow %1 (--env NAME | --base-url URL) [--set NAME=VALUE...] [--json]\n"
        "                     [--repeat N --concurrency C]\n"
        "  tokendesk-cli specs list [--json] | show ID | validate FILE...   (list, show: [--specs DIR...])\n"
        "  tokendesk-cli demo\n"
        "  tokendesk-cli vault init | list [--json] | passwd   (each vault command: [--vault FILE] [--passphrase-fd N])\n"
        "  tokendesk-cli vault gen NAME --kty EC|RSA|oct [--crv C] [--size N] [--kid K] [--tag T...] [--notes TEXT]\n"
        "  tokendesk-cli vault import NAME FILE | rm NAME\n"
        "  tokendesk-cli vault add NAME --kind api-credential|app-key|login [--identity VALUE] < SECRET\n"
        "  tokendesk-cli vault export NAME [--public] [--format jwk|pem|b64jwk] [--secret]\n"
        "  tokendesk-cli sessions list [--json] | show ID [--json] [--token] | renew ID | close ID...|--ended\n"
        "  tokendesk-cli sessions watch [--auto-renew] [--json]   (sessions: [--vault FILE] [--passphrase-fd N])\n"
        "  tokendesk-cli history list [--json] [--limit N] [--endpoint ID] [--session ID] | show ID [--json]\n"
        "  tokendesk-cli import curl [FILE|-] [--json] [--show-secrets]\n"
        "  tokendesk-cli import har FILE [--json] [--vault FILE]\n"
        "  tokendesk-cli bundle [--history ID...] [--session ID] -o FILE.zip\n"
        "  tokendesk-cli --help | --version\n"
        "\n"
        "Each command takes --help. Inputs in brackets are read from standard input when absent or\n"
        "\"-\" (at most 16 MiB). Key files may hold JWK, JWK Set, PEM, base64url JWK, or hex/base64\n"
        "oct keys; every key in every --key file is a candidate.\n"
        "\n"
        "Exit status: 0 success; 1 crypto or validation failure, unreadable input or key file\n"
        "(\"tokendesk-cli: <error-code>: <message>\" on standard error); 2 wrong usage.\n")
        .arg(FamilyRegistry::builtIn().ids().join(QLatin1Char('|')));
}

QString CliApp::versionText()
{
    return BuildInfo::versionText(QStringLiteral("tokendesk-cli"));
}

void CliApp::prepareProcess()
{
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            // open() returns the lowest free descriptor, which is `fd` itself here.
            const int opened = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
            if (opened != fd && opened >= 0)
                ::close(opened);
        }
    }
    ProcessHardening::disableCoreDumps();
}

int CliApp::run(const QByteArrayList &args)
{
    CliIo io;
    if (args.isEmpty())
        return io.usage(QStringLiteral("no command given"), kToolUsage);

    const QByteArray &command = args.first();
    const QByteArrayList rest = args.mid(1);
    if (command == "--help" || command == "-h" || command == "help") {
        io.writeOut(help().toUtf8());
        return CliExitSuccess;
    }
    if (command == "--version") {
        io.writeOut(versionText().toUtf8());
        return CliExitSuccess;
    }
    if (command == "jwk")
        return JwkCommand(io).run(rest);
    if (command == "jwe")
        return JweCommand(io).run(rest);
    if (command == "jws")
        return JwsCommand(io).run(rest);
    if (command == "inspect")
        return InspectCommand(io).run(rest);
    if (command == "call")
        return CallCommand(io).run(rest);
    if (command == "flow")
        return FlowCommand(io).run(rest);
    if (command == "specs")
        return SpecsCommand(io).run(rest);
    if (command == "demo")
        return DemoCommand(io).run(rest);
    if (command == "vault")
        return VaultCommand(io).run(rest);
    if (command == "sessions")
        return SessionsCommand(io).run(rest);
    if (command == "history")
        return HistoryCommand(io).run(rest);
    if (command == "import")
        return ImportCommand(io).run(rest);
    if (command == "bundle")
        return BundleCommand(io).run(rest);
    if (command.startsWith('-'))
        return io.usage(QStringLiteral("unknown flag '%1'").arg(QString::fromLocal8Bit(command)), kToolUsage);
    return io.usage(QStringLiteral("unknown command '%1'").arg(QString::fromLocal8Bit(command)), kToolUsage);
}

} // namespace td
