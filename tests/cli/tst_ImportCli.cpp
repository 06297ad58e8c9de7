// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli import curl` as a process: from a file and from standard input, the --json
// contract, secrets masked unless asked for, and what curl would not run refused with exit 1.
#include "CliProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
        QCOMPARE(runCli(args({"import"})).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(tst_ImportCli)
#include "tst_ImportCli.moc"
