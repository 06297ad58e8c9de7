// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-sandbox as a process: first line, options, exit codes, clean stop on SIGTERM.
#include "tst_SandboxHttpSupport.h"
#include "tst_SandboxSupport.h"

#include <QProcess>

using namespace sandboxtest;

namespace {
const QString kSandbox = QStringLiteral(TOKENDESK_SANDBOX_PATH);
const QString kDataDir = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/sandbox/");
}

class tst_SandboxProcess : public QObject
{
    Q_OBJECT

private:

    static void stop(QProcess &process)
    {
        process.terminate(); // SIGTERM
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished(5000);
        }
    }

private slots:
    void firstLineIsTheUrl()
    {
        QProcess process;
        const QUrl url = startSandboxProcess(process, {QStringLiteral("--port"), QStringLiteral("0")});
        QCOMPARE(url.scheme(), QStringLiteral("http"));
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(url.port() > 0);
        QVERIFY(url.path().isEmpty());

        QNetworkAccessManager nam;
        QUrl info = url;
        info.setPath(QStringLiteral("/__sandbox/info"));
        const HttpResult result = call(nam, "GET", info);
        QCOMPARE(result.status, 200);
        QCOMPARE(json(result.body).value(QLatin1String("url")).toString(), url.toString());

        // The demo credentials follow the URL.
        QTRY_VERIFY_WITH_TIMEOUT(process.bytesAvailable() > 0 || process.canReadLine(), 5000);
        const QByteArray rest = process.readAll();
        QVERIFY(rest.contains("X-API-KEY=MOB-APP-2001"));
        QVERIFY(rest.contains("username=demo"));

        stop(process);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void optionsReachTheServer()
    {
        QProcess process;
        const QUrl url = startSandboxProcess(process, {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--kdf"),
                                                   QStringLiteral("concat"), QStringLiteral("--renew-shape"),
                                                   QStringLiteral("nested"), QStringLiteral("--bankezy-lifetime"),
                                                   QStringLiteral("60"), QStringLiteral("--enos-lifetime"), QStringLiteral("120"),
                                                   QStringLiteral("--secmgmt-lifetime"), QStringLiteral("180"),
                                                   QStringLiteral("--renew-window"), QStringLiteral("0"),
                                                   QStringLiteral("--idle-timeout"), QStringLiteral("7"),
                                                   QStringLiteral("--credentials"), kDataDir + QStringLiteral("credentials.json")});
        QVERIFY(url.port() > 0);
        QNetworkAccessManager nam;
        QUrl info = url;
        info.setPath(QStringLiteral("/__sandbox/info"));
        const QJsonObject object = json(call(nam, "GET", info).body);
        const QJsonObject config = object.value(QLatin1String("config")).toObject();
        QCOMPARE(config.value(QLatin1String("kdf")).toString(), QStringLiteral("concat"));
        QCOMPARE(config.value(QLatin1String("renewShape")).toString(), QStringLiteral("nested"));
        QCOMPARE(config.value(QLatin1String("bankezyLifetimeSeconds")).toInt(), 60);
        QCOMPARE(config.value(QLatin1String("enosLifetimeSeconds")).toInt(), 120);
        QCOMPARE(config.value(QLatin1String("secmgmtLifetimeSeconds")).toInt(), 180);
        QCOMPARE(config.value(QLatin1String("renewWindowSeconds")).toInt(), 0);
        QCOMPARE(config.value(QLatin1String("idleTimeoutMs")).toInt(), 7000);
        QCOMPARE(object.value(QLatin1String("credentials")).toObject().value(QLatin1String("secmgmt")).toObject()
                     .value(QLatin1String("username")).toString(),
                 QStringLiteral("alice"));
        // Credentials from a file are not echoed on stdout.
        QTRY_VERIFY_WITH_TIMEOUT(process.bytesAvailable() > 0, 5000);
        QVERIFY(!process.readAll().contains("wonderland"));
        stop(process);
        QCOMPARE(process.exitCode(), 0);
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrContains");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 2 << "frobnicate";
        QTest::newRow("port text") << QStringList{QStringLiteral("--port"), QStringLiteral("http")} << 2 << "--port";
        QTest::newRow("port too big") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << 2 << "--port";
        QTest::newRow("kdf unknown") << QStringList{QStringLiteral("--kdf"), QStringLiteral("hkdf")} << 2 << "--kdf";
        QTest::newRow("shape unknown") << QStringList{QStringLiteral("--renew-shape"), QStringLiteral("deep")} << 2 << "--renew-shape";
        QTest::newRow("lifetime zero") << QStringList{QStringLiteral("--bankezy-lifetime"), QStringLiteral("0")} << 2
                                       << "--bankezy-lifetime";
        QTest::newRow("window negative") << QStringList{QStringLiteral("--renew-window"), QStringLiteral("-1")} << 2
                                         << "--renew-window";
        QTest::newRow("idle timeout zero") << QStringList{QStringLiteral("--idle-timeout"), QStringLiteral("0")} << 2
                                           << "--idle-timeout";
        QTest::newRow("positional") << QStringList{QStringLiteral("serve")} << 2 << "serve";
        QTest::newRow("credentials missing") << QStringList{QStringLiteral("--credentials"), kDataDir + QStringLiteral("nope.json")}
                                             << 1 << "Cannot read";
        QTest::newRow("credentials member") << QStringList{QStringLiteral("--credentials"),
                                                           kDataDir + QStringLiteral("credentials-missing-secret.json")}
                                            << 1 << "bankezy.secret";
        QTest::newRow("sdk key missing") << QStringList{QStringLiteral("--bankezy-sdk-key"), kDataDir + QStringLiteral("nope.pem")}
                                         << 2 << "--bankezy-sdk-key: cannot read";
        QTest::newRow("sdk key not P-256") << QStringList{QStringLiteral("--bankezy-sdk-key"), QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p384.spki.pem")}
                                           << 2 << "needs a file with one EC P-256 key";
    }

    void badUsage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrContains);
        QProcess process;
        process.start(kSandbox, arguments);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), exitCode);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(stderrContains), qPrintable(err));
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }

    void help()
    {
        QProcess process;
        process.start(kSandbox, {QStringLiteral("--help")});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        for (const char *option : {"--port", "--bankezy-lifetime", "--enos-lifetime", "--secmgmt-lifetime", "--renew-window",
                                   "--kdf", "--credentials", "--renew-shape"})
            QVERIFY2(out.contains(option), option);
    }
};

QTEST_GUILESS_MAIN(tst_SandboxProcess)
#include "tst_SandboxProcess.moc"
