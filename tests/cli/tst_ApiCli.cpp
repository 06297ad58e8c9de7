// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli call`, `flow` and `demo` as processes, against the embedded sandbox and the
// standalone `tokendesk-sandbox`: command lines, exit codes, the --json contract, and that no
// secret reaches the history file.
#include "CliProcess.h"

#include "core/net/EnvironmentStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class tst_ApiCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home; // XDG config and data folders of the CLI under test
    QProcess m_sandbox;
    QString m_sandboxUrl;

    QProcessEnvironment environment() const
    {
        return cliEnvironment(m_home.path(), QStringLiteral("passphrase-Fig-77"));
    }

    CliRun cli(const QStringList &arguments) { return runCli(arguments, {}, environment()); }

    QString historyPath() const
    {
        return m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/history.jsonl"));
    }

    QString writeCredentials(const QString &name, const QByteArray &json)
    {
        const QString path = m_home.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // A standalone sandbox with its own, unusual credentials: a client that ignored
        // --credentials would be refused.
        const QString credentials = writeCredentials(
            QStringLiteral("sandbox-credentials.json"),
            "{\"bankezy\": {\"X-API-KEY\": \"HDR-KEY-77\", \"apiKey\": \"BODY-KEY-77\", \"secret\": \"s3cr3t-Banana-77\","
            " \"sdkApiKey\": \"SDK-KEY-77\"},"
            " \"enos\": {\"appKey\": \"app-key-77\", \"appSecret\": \"app-secret-Kiwi-77\"},"
            " \"secmgmt\": {\"username\": \"ops77\", \"password\": \"pass-Mango-77\"}}");
        QVERIFY(!credentials.isEmpty());
        m_sandboxUrl = startSandboxProcess(m_sandbox, credentials);
        QVERIFY(!m_sandboxUrl.isEmpty());
    }

    // A partner whose clock runs 10 minutes ahead: the EnOS timestamp is refused, and `call`
    // says why first, with the offset it read off the Date header.
    void aFailureComesWithItsLikelyCauses()
    {
        QProcess skewed;
        const QString url = startSandboxProcess(skewed, m_home.filePath(QStringLiteral("sandbox-credentials.json")),
                                                args({"--clock-offset", "600"}));
        QVERIFY(!url.isEmpty());
        const QStringList call{QStringLiteral("call"), QStringLiteral("enos.get-token"), QStringLiteral("--base-url"), url,
                               QStringLiteral("--credentials"), m_home.filePath(QStringLiteral("sandbox-credentials.json")),
                               QStringLiteral("--no-session")};
        const CliRun text = cli(call);
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains("\n  likely: The server's clock is 10 min 0 s ahead of this machine's\n"), text.out.constData());
        const CliRun json = cli(call + QStringList{QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 1);
        const QJsonObject object = QJsonDocument::fromJson(json.out).object();
        QVERIFY(qAbs(object[QLatin1String("clockOffsetMs")].toDouble() - 600000) < 2000);
        const QJsonArray causes = object[QLatin1String("causes")].toArray();
        QVERIFY(!causes.isEmpty());
        QVERIFY(causes.at(0)[QLatin1String("cause")].toString().contains(QLatin1String("ahead")));
        QVERIFY(causes.at(0)[QLatin1String("evidence")].toString().contains(QLatin1String("Date header")));
        skewed.terminate();
        QVERIFY(skewed.waitForFinished(5000));

        // A server on the concat KDF: the flow's Get User Token fails with TOK003, and the KDF is
        // named as the first suspect right under that step.
        QProcess concat;
        const QString concatUrl = startSandboxProcess(concat, m_home.filePath(QStringLiteral("sandbox-credentials.json")),
                                                      args({"--kdf", "concat"}));
        QVERIFY(!concatUrl.isEmpty());
        const CliRun flow = cli({QStringLiteral("flow"), QStringLiteral("bankezy"), QStringLiteral("--base-url"), concatUrl,
                                 QStringLiteral("--credentials"), m_home.filePath(QStringLiteral("sandbox-credentials.json")),
                                 QStringLiteral("--set"), QStringLiteral("accountNumber=1000000001"), QStringLiteral("--no-session")});
        QCOMPARE(flow.exitCode, 1);
        QVERIFY2(flow.out.contains("code TOK003") && flow.out.contains("\n  likely: The session key is derived differently on the "
                                                                        "server: this environment uses the raw KDF; try concat or sha256"),
                 flow.out.constData());
        concat.terminate();
        QVERIFY(concat.waitForFinished(5000));
    }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        if (!m_sandbox.waitForFinished(5000))
            m_sandbox.kill();
    }

    void callPrintsOutcomeAndToken()
    {
        const CliRun run = cli(args({"call", "secmgmt.create-token", "--env", "Sandbox"}));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith("ok  "), run.out.constData());
        QVERIFY(run.out.contains("secmgmt.create-token"));
        QVERIFY(run.out.contains("HTTP 200"));
        QVERIFY(QRegularExpression(QStringLiteral("\ntoken: eyJ[^.]+\\.[^.]+\\.[^.\\s]+\n"))
                    .match(QString::fromUtf8(run.out)).hasMatch());
        QVERIFY(run.out.contains("refreshToken: eyJ"));
    }

    // Behind a corporate proxy (the variables set, the proxy unreachable from here) the built-in
    // sandbox still answers: it is on this machine's loopback, where the proxy cannot reach.
    void sandboxIsNotReachedThroughTheProxyVariables()
    {
        QProcessEnvironment variables = environment();
        for (const char *name : {"http_proxy", "https_proxy", "all_proxy", "ALL_PROXY"})
            variables.insert(QLatin1String(name), QStringLiteral("http://127.0.0.1:9"));
        variables.remove(QStringLiteral("no_proxy"));
        variables.remove(QStringLiteral("NO_PROXY"));
        const CliRun run = runCli(args({"call", "enos.get-token", "--env", "Sandbox", "--json"}), {}, variables);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), true);
        QVERIFY2(json.value(QLatin1String("proxy")).toString().isEmpty(), run.out.constData());
    }

    // "Sandbox (TLS)": the kept sandbox over HTTPS with its own CA, verified (not --insecure), the
    // chain in the answer.
    void sandboxTlsEnvironmentIsServedOverVerifiedHttps()
    {
        const CliRun run = cli(args({"call", "enos.get-token", "--env", "Sandbox (TLS)", "--json"}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), true);
        const QJsonObject tls = json.value(QLatin1String("tls")).toObject();
        QVERIFY2(!tls.isEmpty(), run.out.constData());
        QVERIFY(!tls.value(QLatin1String("chain")).toArray().isEmpty());
        QVERIFY(!run.err.contains("insecure"));
        const CliRun unknown = cli(args({"call", "enos.get-token", "--env", "Staging"}));
        QVERIFY2(unknown.err.contains("there are: Sandbox, Sandbox (TLS)"), unknown.err.constData());
    }

    void callJson()
    {
        const CliRun run = cli(args({"call", "enos.get-token", "--env", "Sandbox", "--json"}));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QLatin1String("endpoint")).toString(), QStringLiteral("enos.get-token"));
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(json.value(QLatin1String("httpStatus")).toInt(), 200);
        QCOMPARE(json.value(QLatin1String("code")).toString(), QStringLiteral("0"));
        QCOMPARE(json.value(QLatin1String("message")).toString(), QStringLiteral("SUCCESS"));
        QVERIFY(json.value(QLatin1String("expiresAt")).toDouble() > 1.7e12);
        QVERIFY(!json.value(QLatin1String("token")).toString().isEmpty());
    }

    void callAgainstStandaloneSandboxWithCredentialsFile()
    {
        const QString credentials = m_home.filePath(QStringLiteral("sandbox-credentials.json"));
        const CliRun refused = cli({QStringLiteral("call"), QStringLiteral("bankezy.get-app-token"), QStringLiteral("--base-url"),
                                    m_sandboxUrl, QStringLiteral("--set"), QStringLiteral("X-API-KEY=HDR-KEY-77"),
                                    QStringLiteral("--set"), QStringLiteral("apiKey=BODY-KEY-77"), QStringLiteral("--set"),
                                    QStringLiteral("secret=wrong")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.out.contains("code TOK004"), refused.out.constData());
        QVERIFY2(refused.err.startsWith("tokendesk-cli: server-rejected: "), refused.err.constData());

        const CliRun accepted = cli({QStringLiteral("call"), QStringLiteral("bankezy.get-app-token"), QStringLiteral("--base-url"),
                                     m_sandboxUrl, QStringLiteral("--credentials"), credentials, QStringLiteral("--kdf"),
                                     QStringLiteral("raw")});
        QCOMPARE(accepted.exitCode, 0);
        QVERIFY(accepted.out.contains("code 100"));
        QVERIFY(accepted.out.contains("Derived app session key (KDF raw)"));
    }

    void flowJsonContract_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QStringList>("endpoints");
        QTest::newRow("bankezy") << "bankezy" << args({"bankezy.get-app-token", "bankezy.get-user-token", "bankezy.renew-token"});
        QTest::newRow("enos") << "enos" << args({"enos.get-token", "enos.refresh-token"});
        QTest::newRow("secmgmt") << "secmgmt" << args({"secmgmt.create-token", "secmgmt.refresh-token"});
    }

    void flowJsonContract()
    {
        QFETCH(QString, family);
        QFETCH(QStringList, endpoints);
        const QString credentials = m_home.filePath(QStringLiteral("sandbox-credentials.json"));
        QStringList arguments{QStringLiteral("flow"), family, QStringLiteral("--base-url"), m_sandboxUrl,
                              QStringLiteral("--credentials"), credentials, QStringLiteral("--json")};
        if (family == QLatin1String("bankezy")) // 19 digits: beyond a double, kept exact end to end
            arguments << QStringLiteral("--set") << QStringLiteral("accountNumber=9223372036854775807");
        const CliRun run = cli(arguments);
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.keys(), args({"family", "ok", "steps"}));
        QCOMPARE(json.value(QLatin1String("family")).toString(), family);
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), true);
        const QJsonArray steps = json.value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.size(), endpoints.size());
        for (int i = 0; i < steps.size(); ++i) {
            const QJsonObject step = steps.at(i).toObject();
            QCOMPARE(step.keys(), args({"code", "endpoint", "expiresAt", "httpStatus", "message", "ok"}));
            QCOMPARE(step.value(QLatin1String("endpoint")).toString(), endpoints.at(i));
            QCOMPARE(step.value(QLatin1String("ok")).toBool(), true);
            QCOMPARE(step.value(QLatin1String("httpStatus")).toInt(), 200);
            QVERIFY(step.value(QLatin1String("expiresAt")).isDouble());
        }
    }

    void flowFailureExitsOneAndStops()
    {
        const CliRun run = cli(args({"flow", "enos", "--env", "Sandbox", "--set", "appSecret=wrong", "--json"}));
        QCOMPARE(run.exitCode, 1);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), false);
        const QJsonArray steps = json.value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.size(), 1); // refresh never ran
        QCOMPARE(steps.at(0).toObject().value(QLatin1String("code")).toString(), QStringLiteral("1003"));
    }

    // A flow step refused for its signature in one partner environment names the earlier success
    // of the same appKey in another (the history is the evidence, as for `call`).
    void aFlowStepNamesAnEarlierSuccessElsewhere()
    {
        const QString credentials = m_home.filePath(QStringLiteral("sandbox-credentials.json"));
        auto flow = [&](const QString &url, const QStringList &extra) {
            return cli(QStringList{QStringLiteral("flow"), QStringLiteral("enos"), QStringLiteral("--base-url"), url,
                                   QStringLiteral("--credentials"), credentials, QStringLiteral("--no-session")}
                       + extra);
        };
        CliRun run = flow(m_sandboxUrl, {});
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        QProcess other;
        const QString otherUrl = startSandboxProcess(other, credentials);
        QVERIFY(!otherUrl.isEmpty());
        run = flow(otherUrl, {QStringLiteral("--set"), QStringLiteral("appSecret=wrong-Kiwi")});
        other.terminate();
        other.waitForFinished(5000);
        QCOMPARE(run.exitCode, 1);
        const QRegularExpression worked(QStringLiteral("appKey app-key-77 \\(from environment [^)]*\\), appSecret \\(typed\\); the same "
                                                       "appKey worked at 20[0-9-]+T[0-9:]+Z in %1")
                                            .arg(QRegularExpression::escape(QUrl(m_sandboxUrl).toString())));
        QVERIFY2(worked.match(QString::fromUtf8(run.out)).hasMatch(), run.out.constData());
        QVERIFY(!run.out.contains("wrong-Kiwi"));
    }

    void flowRepeatReportsThroughput()
    {
        const CliRun run = cli(args({"flow", "bankezy", "--env", "Sandbox", "--repeat", "12", "--concurrency", "4", "--json"}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(json.value(QLatin1String("repeat")).toInt(), 12);
        QCOMPARE(json.value(QLatin1String("concurrency")).toInt(), 4);
        QCOMPARE(json.value(QLatin1String("failed")).toInt(), 0);
        QVERIFY(json.value(QLatin1String("flowsPerSecond")).toDouble() > 0);
        QVERIFY(run.err.contains("12/12 flows, 0 failed"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no endpoint") << args({"call", "--env", "Sandbox"}) << "call needs an endpoint id";
        QTest::newRow("unknown endpoint") << args({"call", "bankezy.nope", "--env", "Sandbox"}) << "unknown endpoint 'bankezy.nope'";
        QTest::newRow("neither env nor url") << args({"call", "enos.get-token"}) << "exactly one of --env";
        QTest::newRow("both env and url") << args({"call", "enos.get-token", "--env", "Sandbox", "--base-url", "http://x"})
                                          << "exactly one of --env";
        QTest::newRow("unknown field") << args({"call", "enos.get-token", "--env", "Sandbox", "--set", "nope=1"}) << "no field 'nope'";
        QTest::newRow("set without =") << args({"call", "enos.get-token", "--env", "Sandbox", "--set", "appKey"}) << "NAME=VALUE";
        QTest::newRow("bad kdf") << args({"call", "enos.get-token", "--env", "Sandbox", "--kdf", "md5"}) << "--kdf must be";
        QTest::newRow("bad url") << args({"call", "enos.get-token", "--base-url", "ftp://host"}) << "--base-url must be";
        QTest::newRow("unknown family") << args({"flow", "acme", "--env", "Sandbox"}) << "unknown family 'acme'";
        QTest::newRow("bad repeat") << args({"flow", "enos", "--env", "Sandbox", "--repeat", "0"}) << "--repeat takes";
        QTest::newRow("flow field of another family") << args({"flow", "enos", "--env", "Sandbox", "--set", "password=x"})
                                                      << "no field 'password'";
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CliRun run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    void unknownEnvironmentIsAFailure()
    {
        const CliRun run = cli(args({"call", "enos.get-token", "--env", "Staging"}));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: not-found: No environment named \"Staging\""), run.err.constData());
    }

    void fieldValidationNamesTheField()
    {
        const CliRun run = cli(args({"call", "bankezy.get-app-token", "--env", "Sandbox", "--set", "X-API-KEY="}));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("field-missing: X-API-KEY is required."), run.err.constData());
    }

    void unreachableServerIsANetworkFailure()
    {
        const CliRun run = cli(args({"call", "enos.get-token", "--base-url", "http://127.0.0.1:9", "--set", "appSecret=x",
                                     "--set", "appKey=y", "--timeout", "5"}));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: network: "), run.err.constData());
    }

    // --insecure is loud on every use: the warning reaches stderr even when the call then fails.
    void insecureWarnsOnStandardError()
    {
        const QStringList base = args({"call", "enos.get-token", "--base-url", "https://127.0.0.1:9", "--set",
                                       "appSecret=x", "--set", "appKey=y", "--timeout", "5"});
        const CliRun insecure = cli(base + QStringList{QStringLiteral("--insecure")});
        QCOMPARE(insecure.exitCode, 1);
        QVERIFY2(insecure.err.contains("warning: TLS certificate verification is off for https://127.0.0.1:9 "),
                 insecure.err.constData());
        const CliRun verified = cli(base);
        QCOMPARE(verified.exitCode, 1);
        QVERIFY2(!verified.err.contains("verification is off"), verified.err.constData());
    }

    // A --ca-file that is not there is named as missing, not as a file without certificates.
    void missingCaFileIsNamed()
    {
        const QString missing = QDir::temp().filePath(QStringLiteral("tokendesk-no-such-ca-%1.pem").arg(QCoreApplication::applicationPid()));
        const CliRun run = cli(args({"call", "enos.get-token", "--base-url", "https://127.0.0.1:9", "--set", "appSecret=x",
                                     "--set", "appKey=y", "--timeout", "5"})
                               + QStringList{QStringLiteral("--ca-file"), missing});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("config-invalid: The extra CA file %1 does not exist").arg(missing).toUtf8()),
                 run.err.constData());
    }

    void demoRunsAllThreeFlows()
    {
        const CliRun run = cli(args({"demo"}));
        QVERIFY2(run.exitCode == 0, run.out.constData());
        const QString out = QString::fromUtf8(run.out);
        for (const char *endpoint : {"bankezy.get-app-token", "bankezy.get-user-token", "bankezy.renew-token", "enos.get-token",
                                     "enos.refresh-token", "secmgmt.create-token", "secmgmt.refresh-token"}) {
            QVERIFY2(QRegularExpression(QStringLiteral("\\n  ok +%1 ").arg(QString::fromUtf8(endpoint))).match(out).hasMatch(),
                     endpoint);
        }
        QVERIFY(out.contains(QLatin1String("All flows succeeded.")));
        QVERIFY(!out.contains(QLatin1String("sandbox-app-secret"))); // the signed string is shown masked
    }

    // The scripted session: secrets go into the vault on standard input, an environment
    // refers to them by name, all three flows run against the standalone sandbox; afterwards no
    // file in the config or data folder (vault, its backup, environments, history) holds any of
    // them, raw, base64 or hex.
    void vaultSessionLeavesNoSecretsInFiles()
    {
        QCOMPARE(cli(args({"vault", "init"})).exitCode, 0);
        struct Stored {
            const char *name;
            const char *kind;
            const char *identity;
            QByteArray secret;
        };
        const QList<Stored> stored = {
            {"bz-api", "api-credential", nullptr, "BODY-KEY-77"},
            {"bz-secret", "api-credential", nullptr, "s3cr3t-Banana-77"},
            {"bz-sdk", "api-credential", nullptr, "SDK-KEY-77"},
            {"enos", "app-key", "app-key-77", "app-secret-Kiwi-77"},
            {"login", "login", "ops77", "pass-Mango-77"},
        };
        for (const Stored &entry : stored) {
            QStringList arguments = args({"vault", "add"});
            arguments << QString::fromUtf8(entry.name) << QStringLiteral("--kind") << QString::fromUtf8(entry.kind);
            if (entry.identity)
                arguments << QStringLiteral("--identity") << QString::fromUtf8(entry.identity);
            QProcess process;
            process.setProcessEnvironment(environment());
            process.start(QStringLiteral(TOKENDESK_CLI_PATH), arguments);
            QVERIFY(process.waitForStarted(10000));
            process.write(entry.secret + '\n');
            process.closeWriteChannel();
            QVERIFY(process.waitForFinished(60000));
            QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        }
        {
            td::EnvironmentStore store(m_home.filePath(QStringLiteral("config/TokenDesk/TokenDesk/environments.json")));
            QVERIFY(store.load().ok());
            td::Environment partner;
            partner.name = QStringLiteral("Partner");
            partner.baseUrl = m_sandboxUrl;
            partner.values = {{QStringLiteral("X-API-KEY"), QStringLiteral("HDR-KEY-77")},
                              {QStringLiteral("apiKey"), QStringLiteral("vault:bz-api")},
                              {QStringLiteral("secret"), QStringLiteral("vault:bz-secret")},
                              {QStringLiteral("sdkApiKey"), QStringLiteral("vault:bz-sdk")},
                              {QStringLiteral("accountNumber"), QStringLiteral("77")},
                              {QStringLiteral("appKey"), QStringLiteral("vault:enos#identity")},
                              {QStringLiteral("appSecret"), QStringLiteral("vault:enos")},
                              {QStringLiteral("username"), QStringLiteral("vault:login#identity")},
                              {QStringLiteral("password"), QStringLiteral("vault:login")}};
            QVERIFY(store.add(partner).ok());
        }
        for (const char *family : {"bankezy", "enos", "secmgmt"}) {
            const CliRun run = cli({QStringLiteral("flow"), QString::fromUtf8(family), QStringLiteral("--env"), QStringLiteral("Partner")});
            QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        }
        const CliRun listed = cli(args({"vault", "list", "--json"}));
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(!listed.out.contains("never\""), "every entry was used"); // lastUsed saved after the flows

        int filesSearched = 0;
        // The config and data folders; the sandbox's own credentials file beside them is the test's.
        for (const QString &folder : {m_home.filePath(QStringLiteral("config")), m_home.filePath(QStringLiteral("data"))}) {
            QDirIterator files(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile file(files.next());
                QVERIFY(file.open(QIODevice::ReadOnly));
                const QByteArray bytes = file.readAll();
                ++filesSearched;
                for (const Stored &entry : stored) {
                    for (const QByteArray &form : {entry.secret, entry.secret.toBase64(), entry.secret.toHex()})
                        QVERIFY2(!bytes.contains(form), qPrintable(file.fileName() + QStringLiteral(" holds ") + QString::fromUtf8(form)));
                }
            }
        }
        QVERIFY(QFile::exists(m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/vault.tdvault"))));
        QVERIFY(filesSearched >= 4); // vault, its backup, environments.json, history.jsonl, …
    }

    // Last: the history file now holds every call above. None of the secret values sent, and none
    // of the tokens issued, may appear in it.
    void historyHoldsNoSecrets()
    {
        const CliRun issued = cli(args({"call", "secmgmt.create-token", "--env", "Sandbox", "--json"}));
        QCOMPARE(issued.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(issued.out).object();
        const QByteArray token = json.value(QLatin1String("token")).toString().toUtf8();
        const QByteArray refreshToken = json.value(QLatin1String("refreshToken")).toString().toUtf8();
        QVERIFY(!token.isEmpty() && !refreshToken.isEmpty());

        QFile file(historyPath());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(historyPath()));
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        const QByteArray history = file.readAll();
        QVERIFY(history.count('\n') >= 10);
        QVERIFY(history.contains("secmgmt.create-token"));
        for (const QByteArray &secret : {QByteArray("s3cr3t-Banana-77"), QByteArray("BODY-KEY-77"), QByteArray("SDK-KEY-77"),
                                         QByteArray("app-secret-Kiwi-77"), QByteArray("pass-Mango-77"),
                                         QByteArray("sandbox-app-secret"), QByteArray("demo123"), QByteArray("TEST123"),
                                         QByteArray("ABCDEFGH"), token, refreshToken}) {
            QVERIFY2(!history.contains(secret), secret.constData());
        }
    }

    // A server on concat and a kept session whose SDK key was derived with raw (the KDF changed
    // between Get App Token and Get User Token): the renewal's answer does not open with raw,
    // TokenDesk opens it itself with concat, and `call` prints that as confirmed right after FAIL,
    // and in --json as causes[0] with the same "cause" and "evidence" plus "confirmed" and "fix".
    void aConfirmedKdfCauseIsPrintedAfterFail()
    {
        // The vault keeps the session between the calls (vaultSessionLeavesNoSecretsInFiles made
        // it when the whole test runs).
        if (!QFile::exists(m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/vault.tdvault"))))
            QCOMPARE(cli(args({"vault", "init"})).exitCode, 0);
        QProcess concat;
        const QString credentials = m_home.filePath(QStringLiteral("sandbox-credentials.json"));
        const QString url = startSandboxProcess(concat, credentials, args({"--kdf", "concat"}));
        QVERIFY(!url.isEmpty());
        auto call = [&](const char *endpoint, const char *kdf, const QStringList &extra = {}) {
            return cli(QStringList{QStringLiteral("call"), QString::fromLatin1(endpoint), QStringLiteral("--base-url"), url,
                                   QStringLiteral("--credentials"), credentials, QStringLiteral("--kdf"), QString::fromLatin1(kdf)}
                       + extra);
        };
        const QStringList account{QStringLiteral("--set"), QStringLiteral("accountNumber=1000000001")};
        CliRun run = call("bankezy.get-app-token", "concat");
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        run = call("bankezy.get-user-token", "raw", account);
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        run = call("bankezy.renew-token", "raw");
        QCOMPARE(run.exitCode, 1);
        const QByteArray confirmed = "\n  confirmed: The server derives the session key with the concat KDF; this environment uses raw\n"
                                     "          evidence: the answer opened with concat and the SDK session key pair (checked locally, "
                                     "no request sent)";
        QVERIFY2(run.out.contains("FAIL") && run.out.contains(confirmed), run.out.constData());
        QVERIFY2(run.out.contains("\n          fix: set the environment's KDF to concat"), run.out.constData());
        QVERIFY(run.out.indexOf(confirmed) < run.out.indexOf("likely:") || !run.out.contains("likely:"));

        run = call("bankezy.get-user-token", "raw", account); // a fresh user token: the last one was renewed
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        run = call("bankezy.renew-token", "raw", {QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject first = QJsonDocument::fromJson(run.out).object()[QLatin1String("causes")].toArray().at(0).toObject();
        QCOMPARE(first[QLatin1String("cause")].toString(),
                 QStringLiteral("The server derives the session key with the concat KDF; this environment uses raw"));
        QVERIFY(first[QLatin1String("evidence")].toString().contains(QLatin1String("no request sent")));
        QCOMPARE(first[QLatin1String("confirmed")].toBool(), true);
        QVERIFY(first[QLatin1String("fix")].toString().contains(QLatin1String("concat")));
        concat.terminate();
        QVERIFY(concat.waitForFinished(5000));
    }

    // The partner registered our old SDK key (the sandbox's --bankezy-sdk-key); the session was
    // made with the environment pointing at the new one (sdkPublicKey=vault:partner-new): the
    // renewal's answer does not open, and `call` tries the vault's other EC keys itself and names
    // the one it opens with, confirmed, with the fix.
    void aConfirmedVaultKeyCauseIsPrintedAfterFail()
    {
        if (!QFile::exists(m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/vault.tdvault"))))
            QCOMPARE(cli(args({"vault", "init"})).exitCode, 0);
        const QString pem = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p256.pkcs8.pem");
        CliRun run = cli({QStringLiteral("vault"), QStringLiteral("import"), QStringLiteral("partner-old"), pem});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        run = cli(args({"vault", "gen", "partner-new", "--kty", "EC", "--crv", "P-256"}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QProcess pinned;
        const QString credentials = m_home.filePath(QStringLiteral("sandbox-credentials.json"));
        const QString url = startSandboxProcess(pinned, credentials, {QStringLiteral("--bankezy-sdk-key"),
                                                                      QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p256.spki.pem")});
        QVERIFY(!url.isEmpty());
        auto call = [&](const char *endpoint, const QStringList &extra = {}) {
            return cli(QStringList{QStringLiteral("call"), QString::fromLatin1(endpoint), QStringLiteral("--base-url"), url,
                                   QStringLiteral("--credentials"), credentials}
                       + extra);
        };
        run = call("bankezy.get-app-token");
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        run = call("bankezy.get-user-token", {QStringLiteral("--set"), QStringLiteral("accountNumber=1000000002"), QStringLiteral("--set"),
                                              QStringLiteral("sdkPublicKey=vault:partner-new")});
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        run = call("bankezy.renew-token");
        pinned.terminate();
        pinned.waitForFinished(5000);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("\n  confirmed: The answer opens with vault:partner-old: the server holds that key for the SDK "
                                  "session, not the one this environment sends\n"),
                 run.out.constData());
        QVERIFY2(run.out.contains("\n          fix: point the environment's sdkPublicKey at vault:partner-old"), run.out.constData());
        QFile key(pem);
        QVERIFY(key.open(QIODevice::ReadOnly));
        for (const QByteArray &line : key.readAll().split('\n')) {
            if (!line.startsWith("-----") && line.size() > 16)
                QVERIFY(!run.out.contains(line.left(24)) && !run.err.contains(line.left(24)));
        }
    }
};

QTEST_GUILESS_MAIN(tst_ApiCli)
#include "tst_ApiCli.moc"
