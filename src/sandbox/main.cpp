// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-sandbox: the built-in sandbox server as a standalone process. The first line on
// stdout is the base URL alone, so scripts can read it; then the demo credentials.
#include "core/BuildInfo.h"
#include "core/AppPaths.h"
#include "core/ProcessHardening.h"
#include "core/api/BankEzyCrypto.h"
#include "core/api/SpecLibrary.h"
#include "core/jose/KeyFormats.h"
#include "core/net/KdfMode.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxCredentials.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxServer.h"
#include "core/sandbox/SandboxTls.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>

#include <csignal>
#include <optional>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    // Only async-signal-safe work here: wake the event loop through the socket pair.
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalFd[0], &byte, 1);
}

void printErr(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stderr);
    std::fputs("\n", stderr);
}

bool parseSeconds(const QCommandLineParser &parser, const QString &name, qint64 &out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value < 1 || value > 10LL * 365 * 24 * 3600) {
        printErr(QStringLiteral("tokendesk-sandbox: --%1 needs a number of seconds (1 or more), got \"%2\".")
                     .arg(name, parser.value(name)));
        return false;
    }
    out = value;
    return true;
}

// --bankezy-sdk-key FILE: the one P-256 key in it (public or private: only the public half is
// kept), encoded as sdkPublicKey is on the wire. Empty with a message when it is not that.
QByteArray registeredSdkKey(const QString &path)
{
    const td::Result<td::ImportedKeys> read = td::KeyFormats::parseFile(path);
    if (!read) {
        printErr(QStringLiteral("tokendesk-sandbox: --bankezy-sdk-key: %1").arg(read.error().toString()));
        return {};
    }
    const QList<td::Jwk> &keys = read.value().keys;
    if (keys.size() != 1 || keys.constFirst().type() != td::KeyType::EC || keys.constFirst().curve() != td::Curve::P256) {
        printErr(QStringLiteral("tokendesk-sandbox: --bankezy-sdk-key needs a file with one EC P-256 key, %1 has %2.")
                     .arg(path, keys.size() == 1 ? keys.constFirst().describe() : QStringLiteral("%1 keys").arg(keys.size())));
        return {};
    }
    return td::BankEzyCrypto::encodePublicKey(keys.constFirst());
}

} // namespace

int main(int argc, char **argv)
{
    td::ProcessHardening::disableCoreDumps(); // it holds the sandbox's private keys and issued tokens
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokendesk-sandbox"));
    QCoreApplication::setApplicationVersion(td::BuildInfo::version());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The TokenDesk sandbox: BankEzy, EnOS APIM and security management token APIs on loopback."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port (0 = any free port)."), QStringLiteral("N"),
                                  QStringLiteral("0"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                  QStringLiteral("ADDRESS"));
    const QCommandLineOption bankezy(QStringLiteral("bankezy-lifetime"), QStringLiteral("BankEzy token lifetime (default 900)."),
                                     QStringLiteral("S"));
    const QCommandLineOption enos(QStringLiteral("enos-lifetime"), QStringLiteral("EnOS token lifetime (default 7200)."),
                                  QStringLiteral("S"));
    const QCommandLineOption secmgmt(QStringLiteral("secmgmt-lifetime"),
                                     QStringLiteral("Security management token lifetime (default 3600)."), QStringLiteral("S"));
    const QCommandLineOption userLifetime(QStringLiteral("user-lifetime"),
                                          QStringLiteral("Token lifetime for the families of --specs (default 3600)."),
                                          QStringLiteral("S"));
    const QCommandLineOption renewWindow(QStringLiteral("renew-window"),
                                         QStringLiteral("How long after expiry a BankEzy user token can be renewed (default 3600)."),
                                         QStringLiteral("S"));
    const QCommandLineOption kdf(QStringLiteral("kdf"), QStringLiteral("BankEzy session key derivation: raw, concat or sha256."),
                                 QStringLiteral("MODE"));
    const QCommandLineOption sdkKey(QStringLiteral("bankezy-sdk-key"),
                                    QStringLiteral("Derive BankEzy SDK session keys from this client key (PEM or JWK, its public half) "
                                                   "whatever sdkPublicKey is sent, as a partner that registered the key does."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption credentials(QStringLiteral("credentials"),
                                         QStringLiteral("JSON file with the credentials to accept instead of the demo ones."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption renewShape(QStringLiteral("renew-shape"),
                                        QStringLiteral("Renew Token response shape: flat or nested."), QStringLiteral("SHAPE"));
    const QCommandLineOption idleTimeout(QStringLiteral("idle-timeout"),
                                         QStringLiteral("Close a connection that sends no complete request for S seconds (default 30)."),
                                         QStringLiteral("S"));
    const QCommandLineOption clockOffset(QStringLiteral("clock-offset"),
                                         QStringLiteral("Run the sandbox's clock S seconds ahead (negative: behind) of this machine's."),
                                         QStringLiteral("S"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"),
                                     QStringLiteral("Serve HTTPS with this PEM server certificate (its key in the same file or --tls-key)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM key of --tls-cert."), QStringLiteral("FILE"));
    const QCommandLineOption clientCa(QStringLiteral("client-ca"),
                                      QStringLiteral("Require a client certificate signed by a CA in this PEM file (mutual TLS)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption tls(QStringLiteral("tls"),
                                 QStringLiteral("Serve HTTPS with the sandbox's own CA and server certificate, made once and kept in "
                                                "the folder given by --tls-folder (default: the data folder's sandbox/tls)."));
    const QCommandLineOption tlsFolder(QStringLiteral("tls-folder"), QStringLiteral("Where --tls keeps its CA and certificate."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption mtls(QStringLiteral("mtls"),
                                  QStringLiteral("With --tls: require client certificates signed by the sandbox's own CA (mutual TLS); "
                                                 "one is kept beside it, client.pem (certificate and key), for --client-cert."));
    const QCommandLineOption specs(QStringLiteral("specs"),
                                   QStringLiteral("Also read endpoint specs from DIR (repeatable), after the configuration folder's "
                                                  "apis and TOKENDESK_SPECS_PATH: their paths are served, a user family's endpoints "
                                                  "answered from their specs (credentials under the family's id in --credentials)."),
                                   QStringLiteral("DIR"));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version of TokenDesk, Qt and OpenSSL."));
    parser.addOptions({help, version, port, host, bankezy, enos, secmgmt, userLifetime, renewWindow, kdf, credentials, renewShape, idleTimeout,
                       clockOffset, tlsCert, tlsKey, clientCa, tls, tlsFolder, mtls, specs, sdkKey});

    if (!parser.parse(QCoreApplication::arguments())) {
        printErr(QStringLiteral("tokendesk-sandbox: %1 (see --help)").arg(parser.errorText()));
        return 2;
    }
    if (parser.isSet(help)) {
        std::fputs(parser.helpText().toLocal8Bit().constData(), stdout);
        return 0;
    }
    if (parser.isSet(version)) {
        std::fputs(td::BuildInfo::versionText(QStringLiteral("tokendesk-sandbox")).toUtf8().constData(), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printErr(QStringLiteral("tokendesk-sandbox: unexpected argument \"%1\" (see --help)").arg(parser.positionalArguments().first()));
        return 2;
    }

    td::SandboxConfig config;
    bool portOk = false;
    const uint portValue = parser.value(port).toUInt(&portOk);
    if (!portOk || portValue > 65535) {
        printErr(QStringLiteral("tokendesk-sandbox: --port needs 0..65535, got \"%1\".").arg(parser.value(port)));
        return 2;
    }
    config.port = quint16(portValue);
    if (parser.isSet(host))
        config.host = parser.value(host);
    if (!parseSeconds(parser, bankezy.names().constFirst(), config.bankezyLifetimeSeconds)
        || !parseSeconds(parser, enos.names().constFirst(), config.enosLifetimeSeconds)
        || !parseSeconds(parser, secmgmt.names().constFirst(), config.secmgmtLifetimeSeconds)
        || !parseSeconds(parser, userLifetime.names().constFirst(), config.userLifetimeSeconds))
        return 2;
    if (parser.isSet(idleTimeout)) {
        bool ok = false;
        const int value = parser.value(idleTimeout).toInt(&ok);
        if (!ok || value < 1 || value > 24 * 3600) {
            printErr(QStringLiteral("tokendesk-sandbox: --idle-timeout needs 1..86400 seconds, got \"%1\".").arg(parser.value(idleTimeout)));
            return 2;
        }
        config.idleTimeoutMs = value * 1000;
    }
    if (parser.isSet(clockOffset)) {
        bool ok = false;
        const qint64 value = parser.value(clockOffset).toLongLong(&ok);
        if (!ok || qAbs(value) > 10LL * 365 * 86400) {
            printErr(QStringLiteral("tokendesk-sandbox: --clock-offset needs a number of seconds (at most ten years either way), got \"%1\".")
                         .arg(parser.value(clockOffset)));
            return 2;
        }
        config.clockOffsetMs = value * 1000;
    }
    if (parser.isSet(renewWindow)) {
        bool ok = false;
        const qint64 value = parser.value(renewWindow).toLongLong(&ok);
        if (!ok || value < 0) {
            printErr(QStringLiteral("tokendesk-sandbox: --renew-window needs a number of seconds (0 or more), got \"%1\".")
                         .arg(parser.value(renewWindow)));
            return 2;
        }
        config.renewWindowSeconds = value;
    }
    if (parser.isSet(kdf)) {
        const std::optional<td::KdfMode> mode = td::kdfModeFromName(parser.value(kdf));
        if (!mode) {
            printErr(QStringLiteral("tokendesk-sandbox: --kdf is raw, concat or sha256, got \"%1\".").arg(parser.value(kdf)));
            return 2;
        }
        config.kdf = *mode;
    }
    if (parser.isSet(renewShape)) {
        const std::optional<td::RenewShape> shape = td::renewShapeFromName(parser.value(renewShape));
        if (!shape) {
            printErr(QStringLiteral("tokendesk-sandbox: --renew-shape is flat or nested, got \"%1\".").arg(parser.value(renewShape)));
            return 2;
        }
        config.renewShape = *shape;
    }
    if (parser.isSet(sdkKey)) {
        config.bankezyRegisteredSdkKey = registeredSdkKey(parser.value(sdkKey));
        if (config.bankezyRegisteredSdkKey.isEmpty())
            return 2;
    }
    if (parser.isSet(credentials)) {
        td::Result<td::SandboxCredentials> loaded = td::SandboxCredentials::fromJsonFile(parser.value(credentials));
        if (!loaded) {
            printErr(QStringLiteral("tokendesk-sandbox: %1").arg(loaded.error().toString()));
            return 1;
        }
        config.credentials = loaded.value();
    }

    // The same folders the CLI and the app read (TokenDesk's configuration folder's apis, not one
    // under this program's name), so `flow FAMILY --specs DIR` and this sandbox agree.
    const QString ownOrganization = QCoreApplication::organizationName();
    td::AppPaths::setApplicationIdentity();
    config.specFolders = td::SpecLibrary::userFolders(parser.values(specs));
    QCoreApplication::setOrganizationName(ownOrganization);
    QCoreApplication::setApplicationName(QStringLiteral("tokendesk-sandbox"));
    for (const QString &folder : parser.values(specs)) {
        if (!QFileInfo(folder).isDir()) {
            printErr(QStringLiteral("tokendesk-sandbox: --specs %1: not a folder").arg(folder));
            return 1;
        }
    }

    config.tlsCertFile = parser.value(tlsCert);
    config.tlsKeyFile = parser.value(tlsKey);
    config.clientCaFile = parser.value(clientCa);
    std::optional<td::SandboxTls> ownTls;
    if (parser.isSet(mtls) && (!parser.isSet(tls) || parser.isSet(clientCa))) {
        printErr(QStringLiteral("tokendesk-sandbox: --mtls needs --tls and stands for --client-ca: give one of them."));
        return 2;
    }
    if (parser.isSet(tls)) {
        if (parser.isSet(tlsCert)) {
            printErr(QStringLiteral("tokendesk-sandbox: give --tls or --tls-cert, not both."));
            return 2;
        }
        const QString folder = parser.isSet(tlsFolder) ? parser.value(tlsFolder)
                                                       : QDir(td::AppPaths::sandboxStateFolder()).filePath(QStringLiteral("tls"));
        td::Result<td::SandboxTls> made = td::SandboxTls::ensure(folder);
        if (!made) {
            printErr(QStringLiteral("tokendesk-sandbox: %1").arg(made.error().toString()));
            return 1;
        }
        ownTls = made.value();
        config.tlsCertFile = ownTls->certFile;
        config.tlsKeyFile = ownTls->keyFile;
        if (parser.isSet(mtls))
            config.clientCaFile = ownTls->caFile;
    }

    td::Result<td::SandboxKeys> keys = td::SandboxKeys::generate();
    if (!keys) {
        printErr(QStringLiteral("tokendesk-sandbox: %1").arg(keys.error().toString()));
        return 1;
    }
    td::SandboxServer server(config, keys.value());
    const td::Result<QUrl> url = server.start();
    if (!url) {
        printErr(QStringLiteral("tokendesk-sandbox: %1").arg(url.error().toString()));
        return 1;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) == 0) {
        auto *notifier = new QSocketNotifier(g_signalFd[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, []() { QCoreApplication::quit(); });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }

    // The demo credentials are printed on purpose: they are the sandbox's published test values.
    // Credentials from a file are the user's own and stay off the terminal.
    std::printf("%s\n", url->toString().toUtf8().constData());
    const td::SandboxCredentials &c = config.credentials;
    if (parser.isSet(credentials)) {
        std::printf("credentials from %s (not shown)\n", qPrintable(parser.value(credentials)));
    } else {
        std::printf("bankezy  X-API-KEY=%s apiKey=%s secret=%s sdkApiKey=%s\n", qPrintable(c.bankezyXApiKey),
                    qPrintable(c.bankezyApiKey), qPrintable(c.bankezySecret), qPrintable(c.bankezySdkApiKey));
        std::printf("enos     appKey=%s appSecret=%s\n", qPrintable(c.enosAppKey), qPrintable(c.enosAppSecret));
        std::printf("secmgmt  username=%s password=%s\n", qPrintable(c.secmgmtUsername), qPrintable(c.secmgmtPassword));
        const td::SandboxCredentials &served = server.config().credentials; // with the user families' demo values
        for (auto family = served.families.cbegin(); family != served.families.cend(); ++family) {
            QStringList values;
            for (auto it = family->cbegin(); it != family->cend(); ++it)
                values.append(it.key() + QLatin1Char('=') + it.value());
            std::printf("%-8s %s\n", qPrintable(family.key()), qPrintable(values.join(QLatin1Char(' '))));
        }
    }
    if (ownTls)
        std::printf("tls: CA %s (trust it with --ca-file), server pin %s\n", qPrintable(ownTls->caFile), qPrintable(ownTls->pin));
    if (ownTls && parser.isSet(mtls))
        std::printf("mtls: client certificates signed by that CA are required; one is %s (--client-cert)\n",
                    qPrintable(ownTls->clientFile));
    std::printf("kdf=%s renew-shape=%s; admin: %s/__sandbox/info; Ctrl+C to stop\n",
                qPrintable(td::kdfModeName(config.kdf)), qPrintable(td::renewShapeName(config.renewShape)),
                url->toString().toUtf8().constData());
    std::fflush(stdout);

    const int rc = QCoreApplication::exec();
    ::close(g_signalFd[0]);
    ::close(g_signalFd[1]);
    return rc;
}
