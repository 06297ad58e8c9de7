// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli import curl` as a process: from a file and from standard input, the --json
// contract, secrets masked unless asked for, and what curl would not run refused with exit 1.
#include "CliProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class tst_ImportCli : public QObject
{
    Q_OBJECT

    static QString data(const char *name) { return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/curl/") + QLatin1String(name); }

private Q_SLOTS:
    void jsonContractFromAFile()
    {
        const CliRun run = runCli({QStringLiteral("import"), QStringLiteral("curl"), data("seed-app-token.txt"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.keys(), (QStringList{QStringLiteral("baseUrl"), QStringLiteral("endpoint"), QStringLiteral("method"),
                                           QStringLiteral("path"), QStringLiteral("unmatched"), QStringLiteral("values")}));
        QCOMPARE(json[QLatin1String("endpoint")].toString(), QStringLiteral("bankezy.get-app-token"));
        QCOMPARE(json[QLatin1String("method")].toString(), QStringLiteral("POST"));
        QCOMPARE(json[QLatin1String("path")].toString(), QStringLiteral("/token-service/new/v2/token"));
        QCOMPARE(json[QLatin1String("values")][QLatin1String("secret")].toString(), QStringLiteral("***"));
        QVERIFY(!run.out.contains("TEST123"));
        QVERIFY(json[QLatin1String("unmatched")].toArray().contains(QStringLiteral("header Content-Type")));
    }

    void showSecretsFromStandardInput()
    {
        QFile file(data("chrome-bash.txt"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const CliRun run = runCli(args({"import", "curl", "-", "--show-secrets"}), file.readAll());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("endpoint: secmgmt.create-token"));
        QVERIFY(run.out.contains("base URL: http://127.0.0.1:8080"));
        QVERIFY(run.out.contains("password: it's demo123"));
        QVERIFY(run.out.contains("unmatched: option --compressed"));
    }

    void whatCurlWouldNotRunFailsClearly()
    {
        const CliRun run = runCli(args({"import", "curl"}), "curl 'http://x -H A: b");
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("curl-invalid: unterminated single quote starting on line 1"), run.err.constData());
        const CliRun unknown = runCli(args({"import", "curl"}), "curl --frobnicate http://x");
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("unknown curl option \"--frobnicate\""));
        QCOMPARE(runCli(args({"import", "har"})).exitCode, 2);
        QCOMPARE(runCli(args({"import", "curl", "--vault", "v"})).exitCode, 2);
        QCOMPARE(runCli(args({"import"})).exitCode, 2);
    }

    // The contract of import har --json, on the browser-shaped export of a sandbox session.
    void harJsonContract()
    {
        const QString har = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/har/sandbox-session.har");
        const CliRun run = runCli({QStringLiteral("import"), QStringLiteral("har"), har, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.keys(), (QStringList{QStringLiteral("entries"), QStringLiteral("skipped")}));
        QCOMPARE(json[QLatin1String("skipped")].toInt(), 4);
        const QJsonArray entries = json[QLatin1String("entries")].toArray();
        QCOMPARE(entries.size(), 7);
        const QJsonObject enos = entries.at(3).toObject();
        QCOMPARE(enos.keys(), (QStringList{QStringLiteral("endpoint"), QStringLiteral("index"), QStringLiteral("method"),
                                           QStringLiteral("request"), QStringLiteral("response"), QStringLiteral("startedAt"),
                                           QStringLiteral("status"), QStringLiteral("tokens"), QStringLiteral("url")}));
        QCOMPARE(enos[QLatin1String("endpoint")].toString(), QStringLiteral("enos.get-token"));
        QCOMPARE(enos[QLatin1String("index")].toInt(), 6);
        QCOMPARE(enos[QLatin1String("status")].toInt(), 200);
        QCOMPARE(enos[QLatin1String("response")][QLatin1String("body")].toString(),
                 QStringLiteral("{\"business\":\"apim-token-service\",\"data\":{\"accessToken\":\"***\",\"expire\":7200},"
                                "\"msg\":\"SUCCESS\",\"status\":0}"));
        const QJsonObject token = enos[QLatin1String("tokens")][0].toObject();
        QCOMPARE(token[QLatin1String("kind")].toString(), QStringLiteral("jws"));
        QCOMPARE(token[QLatin1String("alg")].toString(), QStringLiteral("HS256"));
        QVERIFY(token[QLatin1String("expiresAt")].toString().startsWith(QLatin1String("2026-12-03T08:23:41")));
        for (const char *secret : {"HAR-HDR-KEY-61", "har-s3cr3t-61", "har-app-secret-61", "har-pass-61", "eyJhbGciOiJIUzI1NiIs"})
            QVERIFY2(!run.out.contains(secret), secret);
        const CliRun text = runCli({QStringLiteral("import"), QStringLiteral("har"), har});
        QVERIFY(text.out.contains("#6 enos.get-token POST http://127.0.0.1:18761/apim-token-service/v2.0/token/get -> HTTP 200"));
        QVERIFY(text.out.contains("7 token call(s); 4 other entries skipped"));
    }

    // A BankEzy answer encrypted under a session key that the vault keeps opens with --vault;
    // its plaintext is shown masked, and without --vault it stays ciphertext.
    void harBodyOpensWithAVaultKey()
    {
        QTemporaryDir dir;
        const QProcessEnvironment env = cliEnvironment(dir.path(), QStringLiteral("passphrase-Har-29"));
        const QString vault = dir.filePath(QStringLiteral("keys.vault"));
        const QString key = dir.filePath(QStringLiteral("session.jwk"));
        QFile keyFile(key);
        QVERIFY(keyFile.open(QIODevice::WriteOnly));
        keyFile.write("{\"kty\":\"oct\",\"k\":\"WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo\"}");
        keyFile.close();
        QCOMPARE(runCli({QStringLiteral("vault"), QStringLiteral("init"), QStringLiteral("--vault"), vault}, {}, env).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("vault"), QStringLiteral("import"), QStringLiteral("bankezy-session"), key,
                         QStringLiteral("--vault"), vault}, {}, env).exitCode, 0);
        const QByteArray inner = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3OTYyODAwMDB9.c2lnbmF0dXJl";
        const CliRun jwe = runCli({QStringLiteral("jwe"), QStringLiteral("encrypt"), QStringLiteral("--key"), key, QStringLiteral("--alg"),
                                   QStringLiteral("dir"), QStringLiteral("--enc"), QStringLiteral("A256GCM"),
                                   QStringLiteral("{\"resCode\":\"TOK200\",\"token\":\"%1\"}").arg(QString::fromLatin1(inner))});
        QVERIFY2(jwe.exitCode == 0, jwe.err.constData());
        const QString har = dir.filePath(QStringLiteral("answer.har"));
        QFile harFile(har);
        QVERIFY(harFile.open(QIODevice::WriteOnly));
        harFile.write("{\"log\": {\"version\": \"1.2\", \"entries\": [{\"startedDateTime\": \"2026-12-03T06:00:00Z\", \"request\": "
                      "{\"method\": \"POST\", \"url\": \"https://bank.example/token-service/client/server/new/v2/token\", "
                      "\"headers\": []}, \"response\": {\"status\": 200, \"headers\": [], \"content\": {\"text\": \""
                      + jwe.out.trimmed() + "\"}}}]}}");
        harFile.close();

        const CliRun opened = runCli({QStringLiteral("import"), QStringLiteral("har"), har, QStringLiteral("--json"),
                                      QStringLiteral("--vault"), vault}, {}, env);
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        const QJsonObject response = QJsonDocument::fromJson(opened.out).object()[QLatin1String("entries")][0][QLatin1String("response")].toObject();
        QCOMPARE(response[QLatin1String("openedWith")].toString(), QStringLiteral("vault:bankezy-session"));
        QCOMPARE(response[QLatin1String("decrypted")].toString(), QStringLiteral("{\"resCode\":\"TOK200\",\"token\":\"***\"}"));
        QVERIFY(!opened.out.contains(inner));

        const CliRun closed = runCli({QStringLiteral("import"), QStringLiteral("har"), har, QStringLiteral("--json")}, {}, env);
        QVERIFY(!closed.out.contains("decrypted"));
        const CliRun wrongPassphrase = runCli({QStringLiteral("import"), QStringLiteral("har"), har, QStringLiteral("--vault"), vault}, {},
                                              cliEnvironment(dir.path(), QStringLiteral("not-the-passphrase")));
        QCOMPARE(wrongPassphrase.exitCode, 1);
    }

    // A user API matches as a built-in one does (issue 14 matches by the registry): through
    // --specs, and through TOKENDESK_SPECS_PATH; without either the same command matches nothing.
    void userSpecs_matchCurlAndHar()
    {
        QTemporaryDir home;
        const QProcessEnvironment env = cliEnvironment(home.path(), QString());
        const QString globex = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex");
        const QByteArray curl = "curl -X POST 'https://id.globex.example/globex/v1/token' -H 'Content-Type: application/json' "
                                "--data-raw '{\"clientId\": \"globex-client\", \"clientSecret\": \"gl0bex-s3cret\", \"scope\": \"all\"}'";
        const CliRun matched = runCli(args({"import", "curl", "--json", "--specs"}) << globex, curl, env);
        QVERIFY2(matched.exitCode == 0, matched.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(matched.out).object();
        QCOMPARE(json[QLatin1String("endpoint")].toString(), QStringLiteral("globex.sign-in"));
        QCOMPARE(json[QLatin1String("values")][QLatin1String("clientId")].toString(), QStringLiteral("globex-client"));
        QCOMPARE(json[QLatin1String("values")][QLatin1String("clientSecret")].toString(), QStringLiteral("***"));
        QVERIFY(json[QLatin1String("unmatched")].toArray().contains(QStringLiteral("body scope")));
        QVERIFY(!matched.out.contains("gl0bex-s3cret"));

        QProcessEnvironment viaPath = env;
        viaPath.insert(QStringLiteral("TOKENDESK_SPECS_PATH"), globex);
        QVERIFY(runCli(args({"import", "curl"}), curl, viaPath).out.contains("endpoint: globex.sign-in (Sign In)"));
        const CliRun builtInOnly = runCli(args({"import", "curl", "--json"}), curl, env);
        QCOMPARE(builtInOnly.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(builtInOnly.out).object()[QLatin1String("endpoint")].isNull());

        const QString har = home.filePath(QStringLiteral("globex.har"));
        QFile harFile(har);
        QVERIFY(harFile.open(QIODevice::WriteOnly));
        harFile.write("{\"log\": {\"version\": \"1.2\", \"entries\": [{\"startedDateTime\": \"2026-12-03T06:00:00Z\", \"request\": "
                      "{\"method\": \"POST\", \"url\": \"https://id.globex.example/globex/v1/refresh\", \"headers\": [], "
                      "\"postData\": {\"mimeType\": \"application/json\", \"text\": \"{\\\"clientId\\\": \\\"c\\\", "
                      "\\\"refreshToken\\\": \\\"gl0bex-refresh\\\"}\"}}, "
                      "\"response\": {\"status\": 200, \"headers\": [], \"content\": {\"text\": \"{}\"}}}]}}");
        harFile.close();
        const CliRun harRun = runCli(QStringList{QStringLiteral("import"), QStringLiteral("har"), har, QStringLiteral("--specs"), globex}, {}, env);
        QVERIFY2(harRun.exitCode == 0, harRun.err.constData());
        QVERIFY2(harRun.out.contains("#0 globex.refresh POST"), harRun.out.constData());
        QVERIFY(!harRun.out.contains("gl0bex-refresh"));
        QVERIFY(runCli(QStringList{QStringLiteral("import"), QStringLiteral("har"), har}, {}, env).out.contains("0 token call(s); 1 other"));
        const CliRun noFolder = runCli(args({"import", "curl", "--specs"}) << home.filePath(QStringLiteral("nope")), curl, env);
        QCOMPARE(noFolder.exitCode, 1);
        QVERIFY(noFolder.err.contains("not a folder"));
    }

    void harThatIsNotOneFailsClearly()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("cut.har")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"log\": {\"version\": \"1.2\", \"entries\": [{\"request\": {\"method\": \"POST\"");
        file.close();
        const CliRun run = runCli({QStringLiteral("import"), QStringLiteral("har"), file.fileName()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("har-invalid: the HAR file is truncated"), run.err.constData());
        const CliRun missing = runCli({QStringLiteral("import"), QStringLiteral("har"), dir.filePath(QStringLiteral("none.har"))});
        QCOMPARE(missing.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(tst_ImportCli)
#include "tst_ImportCli.moc"
