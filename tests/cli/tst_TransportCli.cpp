// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli call` over real TLS and a real CONNECT proxy on loopback, with certificates the
// test makes: the tls object and tlsReason in --json, client certificates from PKCS#12 with the
// passphrase on a descriptor, pins, --proxy/--verbose, https_proxy and no_proxy, history.
#include "CliProcess.h"
#include "unit/ConnectProxy.h"
#include "unit/HostileServer.h"
#include "unit/TestPki.h"

#include "core/sandbox/SandboxCredentials.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace td::test;

namespace {

// The sandbox's published demo credentials for EnOS.
const QString kSandboxAppKey = td::SandboxCredentials{}.enosAppKey;
const QString kSandboxAppSecret = td::SandboxCredentials{}.enosAppSecret;

const QByteArray kToken = R"({"status":"0","msg":"SUCCESS","data":{"accessToken":"arrived","expire":60}})";

} // namespace

class tst_TransportCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    TestPki::Issued m_ca;
    TestPki::Issued m_server;
    TestPki::Issued m_clientCa;
    TestPki::Issued m_client;
    QString m_caFile;

    // Runs the CLI while this process's event loop serves the loopback servers.
    CliRun call(const QStringList &extra, const QByteArray &input = {}, const QStringList &variables = {})
    {
        QProcessEnvironment environment = cliEnvironment(m_home.path(), QStringLiteral("unused-Vault-1"));
        for (const char *name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"})
            environment.remove(QLatin1String(name));
        for (const QString &variable : variables)
            environment.insert(variable.section(QLatin1Char('='), 0, 0), variable.section(QLatin1Char('='), 1));
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(TOKENDESK_CLI_PATH),
                      args({"call", "enos.get-token", "--set", "appKey=k", "--set", "appSecret=s", "--no-session",
                            "--json", "--timeout", "20"}) + extra);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, 60000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        return CliRun{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                      process.readAllStandardOutput(), process.readAllStandardError()};
    }

    static QJsonObject json(const CliRun &run) { return QJsonDocument::fromJson(run.out).object(); }

    QString historyText() const
    {
        QFile file(m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/history.jsonl")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        QVERIFY(m_home.isValid());
        m_ca = TestPki::ca(QStringLiteral("CLI Test CA"));
        m_server = TestPki::server(m_ca);
        m_clientCa = TestPki::ca(QStringLiteral("CLI Client CA"));
        m_client = TestPki::client(m_clientCa, QStringLiteral("cli-client"));
        m_caFile = TestPki::write(m_home.path(), QStringLiteral("ca.pem"), m_ca.certificatePem);
    }

    void jsonShowsTheChainAndHistoryKeepsIt()
    {
        HostileServer server(TestPki::serverConfiguration(m_server, {m_ca.certificate}));
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) { socket->write(HostileServer::response(200, "OK", kToken)); };
        const CliRun run = call({QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"), m_caFile});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject tls = json(run).value(QLatin1String("tls")).toObject();
        QVERIFY2(tls.value(QLatin1String("protocol")).toString().startsWith(QLatin1String("TLSv1.")), run.out.constData());
        QVERIFY(!tls.value(QLatin1String("cipher")).toString().isEmpty());
        const QJsonArray chain = tls.value(QLatin1String("chain")).toArray();
        QCOMPARE(chain.size(), 2);
        const QJsonObject leaf = chain.at(0).toObject();
        QCOMPARE(leaf.value(QLatin1String("subject")).toString(), QStringLiteral("CN=localhost,O=TokenDesk tests"));
        QCOMPARE(leaf.value(QLatin1String("issuer")).toString(), QStringLiteral("CN=CLI Test CA,O=TokenDesk tests"));
        QVERIFY(leaf.value(QLatin1String("notBefore")).toString().endsWith(QLatin1Char('Z')));
        QVERIFY(leaf.value(QLatin1String("notAfter")).toString().endsWith(QLatin1Char('Z')));
        const QString pin = leaf.value(QLatin1String("spkiSha256")).toString();
        QCOMPARE(QByteArray::fromBase64(pin.toLatin1()).size(), 32);
        QVERIFY(json(run).value(QLatin1String("proxy")).isNull());
        QVERIFY2(historyText().contains(pin), "the history entry keeps the chain");

        // The pin just read off the chain is accepted; another is refused before anything is sent.
        const qsizetype before = server.requests.size();
        const CliRun pinned = call({QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"),
                                    m_caFile, QStringLiteral("--pin"), QStringLiteral("sha256//") + pin});
        QVERIFY2(pinned.exitCode == 0, pinned.err.constData());
        const QString otherPin = chain.at(1).toObject().value(QLatin1String("spkiSha256")).toString();
        const CliRun wrong = call({QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"),
                                   m_caFile, QStringLiteral("--pin"), QStringLiteral("sha256//") + QString(otherPin).replace(0, 4, QStringLiteral("AAAA"))});
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(json(wrong).value(QLatin1String("error")).toString(), QStringLiteral("tls-failure"));
        QCOMPARE(json(wrong).value(QLatin1String("tlsReason")).toString(), QStringLiteral("pin-mismatch"));
        QCOMPARE(server.requests.size(), before + 1);
    }

    void untrustedSaysSo()
    {
        HostileServer server(TestPki::serverConfiguration(m_server));
        QVERIFY(server.listen());
        const CliRun run = call({QStringLiteral("--base-url"), server.url(QString()).toString()});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(json(run).value(QLatin1String("error")).toString(), QStringLiteral("tls-failure"));
        QCOMPARE(json(run).value(QLatin1String("tlsReason")).toString(), QStringLiteral("untrusted"));
        QVERIFY2(run.err.contains("\"CN=CLI Test CA,O=TokenDesk tests\" is not trusted"), run.err.constData());
        QCOMPARE(json(run).value(QLatin1String("tls")).toObject().value(QLatin1String("chain")).toArray().size(), 1);
    }

    void clientCertificateFromPkcs12OnADescriptor()
    {
        HostileServer server(TestPki::serverConfiguration(m_server, {}, {m_clientCa.certificate}));
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) { socket->write(HostileServer::response(200, "OK", kToken)); };
        const QByteArray passphrase = "p12-Passphrase-Quince-9";
        const QString p12 = TestPki::write(m_home.path(), QStringLiteral("client.p12"), TestPki::pkcs12(m_client, passphrase));
        const QStringList base{QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"), m_caFile};

        const CliRun none = call(base);
        QCOMPARE(json(none).value(QLatin1String("tlsReason")).toString(), QStringLiteral("client-cert-required"));
        const CliRun withFd = call(base + QStringList{QStringLiteral("--client-cert"), p12, QStringLiteral("--client-cert-passphrase-fd"),
                                                      QStringLiteral("0"), QStringLiteral("--verbose")},
                                   passphrase + '\n');
        QVERIFY2(withFd.exitCode == 0, withFd.err.constData());
        const CliRun withVariable = call(base + QStringList{QStringLiteral("--client-cert"), p12}, {},
                                         {QStringLiteral("TOKENDESK_CLIENT_CERT_PASSPHRASE=") + QString::fromLatin1(passphrase)});
        QVERIFY2(withVariable.exitCode == 0, withVariable.err.constData());
        const CliRun wrongPassphrase = call(base + QStringList{QStringLiteral("--client-cert"), p12, QStringLiteral("--client-cert-passphrase-fd"),
                                                               QStringLiteral("0")}, "not-it\n");
        QCOMPARE(wrongPassphrase.exitCode, 1);
        QVERIFY2(wrongPassphrase.err.contains("wrong-passphrase"), wrongPassphrase.err.constData());
        for (const CliRun &run : {withFd, withVariable, wrongPassphrase})
            QVERIFY(!run.out.contains(passphrase) && !run.err.contains(passphrase));
        QVERIFY(!historyText().contains(QString::fromLatin1(passphrase)));
    }

    void proxyShownAndTheVariablesHonoured()
    {
        HostileServer server(TestPki::serverConfiguration(m_server));
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) { socket->write(HostileServer::response(200, "OK", kToken)); };
        ConnectProxy proxy;
        QVERIFY(proxy.listen());
        const QStringList base{QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"), m_caFile};
        const QString withPassword = QStringLiteral("http://me:Pr0xy-Lime-5@127.0.0.1:%1").arg(proxy.port());
        const CliRun viaOption = call(base + QStringList{QStringLiteral("--proxy"), withPassword, QStringLiteral("--verbose")});
        QVERIFY2(viaOption.exitCode == 0, viaOption.err.constData());
        const QString shown = QStringLiteral("http://me@127.0.0.1:%1").arg(proxy.port());
        QCOMPARE(json(viaOption).value(QLatin1String("proxy")).toString(), shown);
        QVERIFY2(viaOption.err.contains((QStringLiteral("* proxy: ") + shown).toUtf8()), viaOption.err.constData());
        QVERIFY(!viaOption.err.contains("Pr0xy-Lime-5") && !viaOption.out.contains("Pr0xy-Lime-5"));
        QVERIFY(!historyText().contains(QStringLiteral("Pr0xy-Lime-5")));
        QCOMPARE(proxy.targets.size(), 1);

        const CliRun viaVariable = call(base, {}, {QStringLiteral("https_proxy=") + proxy.url()});
        QVERIFY2(viaVariable.exitCode == 0, viaVariable.err.constData());
        QCOMPARE(json(viaVariable).value(QLatin1String("proxy")).toString(), proxy.url());
        QCOMPARE(proxy.targets.size(), 2);

        const CliRun bypassed = call(base, {}, {QStringLiteral("https_proxy=") + proxy.url(), QStringLiteral("no_proxy=localhost,127.0.0.1")});
        QVERIFY2(bypassed.exitCode == 0, bypassed.err.constData());
        QVERIFY(json(bypassed).value(QLatin1String("proxy")).isNull());
        const CliRun switchedOff = call(base + QStringList{QStringLiteral("--no-proxy")}, {}, {QStringLiteral("https_proxy=") + proxy.url()});
        QVERIFY2(switchedOff.exitCode == 0, switchedOff.err.constData());
        QCOMPARE(proxy.targets.size(), 2);

        ConnectProxy refusing(ConnectProxy::Mode::Refuse);
        QVERIFY(refusing.listen());
        const CliRun refused = call(base + QStringList{QStringLiteral("--proxy"), refusing.url()});
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(json(refused).value(QLatin1String("error")).toString(), QStringLiteral("proxy-failure"));
        QCOMPARE(json(refused).value(QLatin1String("proxyReason")).toString(), QStringLiteral("refused"));
    }

    // --proxy https://: TLS to the proxy itself, trusted through --ca-file as the server is; a
    // proxy whose certificate is not trusted gets nothing, and the reason is "tls".
    void httpsProxy()
    {
        HostileServer server(TestPki::serverConfiguration(m_server));
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) { socket->write(HostileServer::response(200, "OK", kToken)); };
        ConnectProxy proxy(ConnectProxy::Mode::Tunnel, TestPki::serverConfiguration(m_server));
        QVERIFY(proxy.listen());
        const QStringList target{QStringLiteral("--base-url"), server.url(QString()).toString()};
        const CliRun run = call(target + QStringList{QStringLiteral("--ca-file"), m_caFile, QStringLiteral("--proxy"), proxy.url(),
                                                     QStringLiteral("--verbose")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(json(run).value(QLatin1String("proxy")).toString(), proxy.url());
        QVERIFY2(run.err.contains((QStringLiteral("* proxy: ") + proxy.url()).toUtf8()), run.err.constData());
        QCOMPARE(proxy.targets.size(), 1);

        const CliRun untrusted = call(target + QStringList{QStringLiteral("--insecure"), QStringLiteral("--proxy"), proxy.url()});
        QCOMPARE(untrusted.exitCode, 1);
        QCOMPARE(json(untrusted).value(QLatin1String("error")).toString(), QStringLiteral("proxy-failure"));
        QCOMPARE(json(untrusted).value(QLatin1String("proxyReason")).toString(), QStringLiteral("tls"));
        QVERIFY2(untrusted.err.contains("is not trusted"), untrusted.err.constData());
        QCOMPARE(proxy.targets.size(), 1);
        QCOMPARE(server.connections, 1);
    }

    // --proxy http://USER:vault:NAME@HOST: the password comes from the vault for the call and
    // reaches the proxy only; an entry that is missing stops the call before anything is sent.
    void proxyPasswordFromTheVault()
    {
        HostileServer server(TestPki::serverConfiguration(m_server));
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) { socket->write(HostileServer::response(200, "OK", kToken)); };
        const QByteArray password = "Pr0xy-Vault-Fig-8";
        ConnectProxy proxy(ConnectProxy::Mode::RequireCredentials);
        proxy.expectedAuthorization = "Basic " + QByteArray("me:" + password).toBase64();
        QVERIFY(proxy.listen());
        const QString vaultFile = m_home.filePath(QStringLiteral("proxy.tdvault"));
        const QProcessEnvironment environment = cliEnvironment(m_home.path(), QStringLiteral("unused-Vault-1"));
        QCOMPARE(runCli(args({"vault", "init", "--vault"}) + QStringList{vaultFile}, {}, environment).exitCode, 0);
        const CliRun added = runCli(args({"vault", "add", "corp-proxy", "--kind", "login", "--identity", "me", "--vault"})
                                        + QStringList{vaultFile}, password + '\n', environment);
        QVERIFY2(added.exitCode == 0, added.err.constData());

        const QStringList base{QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"), m_caFile};
        const QString viaVault = QStringLiteral("http://me:vault:corp-proxy@127.0.0.1:%1").arg(proxy.port());
        const CliRun run = call(base + QStringList{QStringLiteral("--proxy"), viaVault, QStringLiteral("--vault"), vaultFile,
                                                   QStringLiteral("--verbose")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // Qt asks without credentials first and answers the 407 with them.
        QVERIFY(!proxy.authorizations.isEmpty());
        QCOMPARE(proxy.authorizations.constLast(), proxy.expectedAuthorization);
        const qsizetype asked = proxy.authorizations.size();
        QCOMPARE(json(run).value(QLatin1String("proxy")).toString(), QStringLiteral("http://me@127.0.0.1:%1").arg(proxy.port()));
        QVERIFY(!run.out.contains(password) && !run.err.contains(password));
        QVERIFY(!historyText().contains(QString::fromLatin1(password)));

        const QString missing = QStringLiteral("http://me:vault:no-such-entry@127.0.0.1:%1").arg(proxy.port());
        const CliRun refused = call(base + QStringList{QStringLiteral("--proxy"), missing, QStringLiteral("--vault"), vaultFile});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("no entry named \"no-such-entry\"") || refused.out.contains("no entry named \\\"no-such-entry\\\""),
                 refused.out.constData());
        QCOMPARE(proxy.authorizations.size(), asked); // nothing sent
    }

    // A client certificate imported into the vault (PKCS#12, then a PEM pair in one file) and
    // used as --client-cert vault:NAME: the key stays encrypted in the vault file.
    void clientCertificateFromTheVault()
    {
        HostileServer server(TestPki::serverConfiguration(m_server, {}, {m_clientCa.certificate}));
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) { socket->write(HostileServer::response(200, "OK", kToken)); };
        const QString vaultFile = m_home.filePath(QStringLiteral("certs.tdvault"));
        const QByteArray passphrase = "p12-Vault-Plum-3";
        const QString p12 = TestPki::write(m_home.path(), QStringLiteral("vault-client.p12"), TestPki::pkcs12(m_client, passphrase));
        const QString both = TestPki::write(m_home.path(), QStringLiteral("vault-client.pem"), m_client.certificatePem + m_client.keyPem);
        QProcessEnvironment environment = cliEnvironment(m_home.path(), QStringLiteral("unused-Vault-1"));
        QCOMPARE(runCli(args({"vault", "init", "--vault"}) + QStringList{vaultFile}, {}, environment).exitCode, 0);
        const CliRun refused = runCli(args({"vault", "import", "mtls-p12"}) + QStringList{p12, QStringLiteral("--vault"), vaultFile}, {}, environment);
        QCOMPARE(refused.exitCode, 1); // no passphrase for the PKCS#12
        environment.insert(QStringLiteral("TOKENDESK_CLIENT_CERT_PASSPHRASE"), QString::fromLatin1(passphrase));
        const CliRun imported = runCli(args({"vault", "import", "mtls-p12"}) + QStringList{p12, QStringLiteral("--vault"), vaultFile}, {}, environment);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QVERIFY2(runCli(args({"vault", "import", "mtls-pem"}) + QStringList{both, QStringLiteral("--vault"), vaultFile}, {}, environment).exitCode == 0,
                 "a PEM with certificate and key imports too");
        const CliRun listed = runCli(args({"vault", "list", "--vault"}) + QStringList{vaultFile}, {}, environment);
        QVERIFY2(listed.out.contains("client-certificate"), listed.out.constData());
        QFile file(vaultFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.contains("PRIVATE KEY") && !stored.contains(m_client.keyPem.mid(40, 30)));

        for (const char *name : {"vault:mtls-p12", "vault:mtls-pem"}) {
            const CliRun run = call({QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"), m_caFile,
                                     QStringLiteral("--vault"), vaultFile, QStringLiteral("--client-cert"), QString::fromLatin1(name)});
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        // Its key never becomes a field value that would be sent.
        const CliRun asField = call({QStringLiteral("--base-url"), server.url(QString()).toString(), QStringLiteral("--ca-file"), m_caFile,
                                     QStringLiteral("--vault"), vaultFile, QStringLiteral("--set"), QStringLiteral("appSecret=vault:mtls-pem")});
        QCOMPARE(asField.exitCode, 1);
        QVERIFY2(asField.err.contains("is a client certificate: use it with --client-cert vault:mtls-pem"), asField.err.constData());
        QVERIFY(!asField.err.contains("PRIVATE KEY") && !asField.out.contains("PRIVATE KEY"));
    }

    // tokendesk-sandbox --tls: its own CA and certificate, kept in the folder, trusted by the
    // client through the printed CA path and pin; the second start keeps both.
    void sandboxMakesAndKeepsItsOwnTls()
    {
        const QString folder = m_home.filePath(QStringLiteral("sandbox-tls"));
        QString firstPin;
        QByteArray firstCa;
        for (int run = 0; run < 2; ++run) {
            QProcess sandbox;
            sandbox.start(QStringLiteral(TOKENDESK_SANDBOX_PATH), {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls"),
                                                                   QStringLiteral("--tls-folder"), folder});
            QVERIFY(sandbox.waitForStarted(10000));
            QByteArray printed;
            QVERIFY(QTest::qWaitFor([&] { printed += sandbox.readAllStandardOutput(); return printed.contains("admin:"); }, 15000));
            const QList<QByteArray> lines = printed.split('\n');
            const QString url = QString::fromUtf8(lines.value(0)).trimmed();
            QVERIFY2(url.startsWith(QLatin1String("https://127.0.0.1:")), printed.constData());
            const QRegularExpressionMatch tls = QRegularExpression(QStringLiteral("tls: CA (\\S+) .* server pin (sha256//\\S+)"))
                                                    .match(QString::fromUtf8(printed));
            QVERIFY2(tls.hasMatch(), printed.constData());
            const QString caFile = tls.captured(1);
            QCOMPARE(caFile, folder + QStringLiteral("/ca.pem"));
            QCOMPARE(QFileInfo(folder + QStringLiteral("/server.key")).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
            const CliRun call1 = call({QStringLiteral("--base-url"), url, QStringLiteral("--ca-file"), caFile, QStringLiteral("--pin"),
                                       tls.captured(2), QStringLiteral("--set"), QStringLiteral("appKey=") + kSandboxAppKey,
                                       QStringLiteral("--set"), QStringLiteral("appSecret=") + kSandboxAppSecret});
            QVERIFY2(call1.exitCode == 0, call1.err.constData());
            QFile ca(caFile);
            QVERIFY(ca.open(QIODevice::ReadOnly));
            if (run == 0) {
                firstPin = tls.captured(2);
                firstCa = ca.readAll();
            } else {
                QCOMPARE(tls.captured(2), firstPin); // kept between runs
                QCOMPARE(ca.readAll(), firstCa);
            }
            sandbox.terminate();
            QVERIFY(sandbox.waitForFinished(5000));
        }
    }

    // tokendesk-sandbox --tls-cert/--tls-key/--client-ca against the client: HTTPS with mutual TLS.
    void sandboxServesHttpsWithClientCertificates()
    {
        const QString dir = m_home.path();
        const QString cert = TestPki::write(dir, QStringLiteral("sandbox.pem"), m_server.certificatePem);
        const QString key = TestPki::write(dir, QStringLiteral("sandbox.key"), m_server.keyPem);
        const QString clientCa = TestPki::write(dir, QStringLiteral("client-ca.pem"), m_clientCa.certificatePem);
        const QString clientPem = TestPki::write(dir, QStringLiteral("client.pem"), m_client.certificatePem + m_client.keyPem);
        QProcess sandbox;
        sandbox.start(QStringLiteral(TOKENDESK_SANDBOX_PATH),
                      {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"),
                       key, QStringLiteral("--client-ca"), clientCa});
        QVERIFY(sandbox.waitForStarted(10000));
        QVERIFY(QTest::qWaitFor([&sandbox] { return sandbox.canReadLine() || sandbox.state() == QProcess::NotRunning; }, 10000));
        const QString url = QString::fromUtf8(sandbox.readLine()).trimmed();
        QVERIFY2(url.startsWith(QLatin1String("https://127.0.0.1:")), qPrintable(url + QString::fromUtf8(sandbox.readAllStandardError())));
        const QStringList base{QStringLiteral("--base-url"), url, QStringLiteral("--ca-file"), m_caFile,
                               QStringLiteral("--set"), QStringLiteral("appKey=") + kSandboxAppKey,
                               QStringLiteral("--set"), QStringLiteral("appSecret=") + kSandboxAppSecret};
        const CliRun without = call(base);
        QCOMPARE(without.exitCode, 1);
        QCOMPARE(json(without).value(QLatin1String("tlsReason")).toString(), QStringLiteral("client-cert-required"));
        const CliRun with = call(base + QStringList{QStringLiteral("--client-cert"), clientPem});
        QVERIFY2(with.exitCode == 0, with.err.constData());
        QVERIFY(!json(with).value(QLatin1String("token")).toString().isEmpty());
        QCOMPARE(json(with).value(QLatin1String("tls")).toObject().value(QLatin1String("chain")).toArray().size(), 1);
        sandbox.terminate();
        QVERIFY(sandbox.waitForFinished(5000));
    }

    // tokendesk-sandbox --tls --mtls: mutual TLS with nothing brought along. The sandbox's own CA
    // signs a client certificate kept beside it (client.pem, owner-only, certificate and key for
    // --client-cert); a call without it is client-cert-required, one with it succeeds, and a
    // certificate from another CA is rejected. --mtls alone, or with --client-ca, is refused.
    void sandboxMutualTlsWithItsOwnClientCertificate()
    {
        const QString folder = m_home.filePath(QStringLiteral("sandbox-mtls"));
        QProcess sandbox;
        sandbox.start(QStringLiteral(TOKENDESK_SANDBOX_PATH), {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls"),
                                                               QStringLiteral("--mtls"), QStringLiteral("--tls-folder"), folder});
        QVERIFY(sandbox.waitForStarted(10000));
        QByteArray printed;
        QVERIFY(QTest::qWaitFor([&] { printed += sandbox.readAllStandardOutput(); return printed.contains("admin:"); }, 15000));
        const QString url = QString::fromUtf8(printed.split('\n').value(0)).trimmed();
        const QRegularExpressionMatch client = QRegularExpression(QStringLiteral("mtls: .* one is (\\S+) \\(--client-cert\\)"))
                                                   .match(QString::fromUtf8(printed));
        QVERIFY2(client.hasMatch(), printed.constData());
        const QString clientFile = client.captured(1);
        QCOMPARE(clientFile, folder + QStringLiteral("/client.pem"));
        QCOMPARE(QFileInfo(clientFile).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        const QStringList base{QStringLiteral("--base-url"), url, QStringLiteral("--ca-file"), folder + QStringLiteral("/ca.pem"),
                               QStringLiteral("--set"), QStringLiteral("appKey=") + kSandboxAppKey,
                               QStringLiteral("--set"), QStringLiteral("appSecret=") + kSandboxAppSecret};
        const CliRun without = call(base);
        QCOMPARE(without.exitCode, 1);
        QCOMPARE(json(without).value(QLatin1String("tlsReason")).toString(), QStringLiteral("client-cert-required"));
        const CliRun with = call(base + QStringList{QStringLiteral("--client-cert"), clientFile});
        QVERIFY2(with.exitCode == 0, with.err.constData());
        QVERIFY(!json(with).value(QLatin1String("token")).toString().isEmpty());
        const QString otherPem = TestPki::write(m_home.path(), QStringLiteral("other-client.pem"), m_client.certificatePem + m_client.keyPem);
        const CliRun other = call(base + QStringList{QStringLiteral("--client-cert"), otherPem});
        QCOMPARE(other.exitCode, 1);
        QCOMPARE(json(other).value(QLatin1String("tlsReason")).toString(), QStringLiteral("client-cert-rejected"));
        sandbox.terminate();
        QVERIFY(sandbox.waitForFinished(5000));

        for (const QStringList &wrong : {QStringList{QStringLiteral("--mtls")},
                                         QStringList{QStringLiteral("--tls"), QStringLiteral("--mtls"), QStringLiteral("--client-ca"), otherPem}}) {
            QProcess refused;
            refused.start(QStringLiteral(TOKENDESK_SANDBOX_PATH), QStringList{QStringLiteral("--port"), QStringLiteral("0")} + wrong);
            QVERIFY(refused.waitForFinished(10000));
            QCOMPARE(refused.exitCode(), 2);
            QVERIFY(refused.readAllStandardError().contains("--mtls needs --tls"));
        }
    }
};

QTEST_MAIN(tst_TransportCli)
#include "tst_TransportCli.moc"
