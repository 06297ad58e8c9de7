// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli bundle` as a process against a standalone sandbox: sessions and history made by
// call and flow, a vault key, the bundle written and opened with Debian's unzip (an independent
// reader), its files as README.txt says, and no secret or token of the session anywhere in it.
#include "CliProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class tst_BundleCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcess m_sandbox;
    QString m_url;
    QString m_credentials;
    QByteArrayList m_secrets; // credentials, the vault key's PEM lines, every token issued

    QProcessEnvironment environment() const { return cliEnvironment(m_home.path(), QStringLiteral("passphrase-Bundle-83")); }
    CliRun cli(const QStringList &arguments) { return runCli(arguments, {}, environment()); }
    QStringList against(const QStringList &arguments) const
    {
        return arguments + QStringList{QStringLiteral("--base-url"), m_url, QStringLiteral("--credentials"), m_credentials};
    }

    // Runs a call or flow with --json and keeps every token it printed as a secret.
    void issue(const QStringList &arguments)
    {
        const CliRun run = cli(against(arguments + QStringList{QStringLiteral("--json")}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        keepTokens(run.out);
    }

    void keepTokens(const QByteArray &text)
    {
        static const QRegularExpression token(QStringLiteral("eyJ[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]*){2,4}"));
        for (auto it = token.globalMatch(QString::fromUtf8(text)); it.hasNext();)
            m_secrets.append(it.next().captured().toUtf8());
    }

    static QByteArray unzip(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral("unzip"), arguments);
        process.waitForFinished(30000);
        return process.exitCode() == 0 ? process.readAllStandardOutput() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_credentials = m_home.filePath(QStringLiteral("credentials.json"));
        QFile file(m_credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"bankezy\": {\"X-API-KEY\": \"HDR-KEY-Bundle-83\", \"apiKey\": \"BODY-KEY-Bundle-83\", \"secret\": \"s3cr3t-Bundle-83\","
                   " \"sdkApiKey\": \"SDK-KEY-Bundle-83\"},"
                   " \"enos\": {\"appKey\": \"app-key-83\", \"appSecret\": \"app-secret-Bundle-83\"},"
                   " \"secmgmt\": {\"username\": \"ops83\", \"password\": \"pass-Bundle-83\"}}");
        file.close();
        m_secrets = {"HDR-KEY-Bundle-83", "BODY-KEY-Bundle-83", "s3cr3t-Bundle-83", "SDK-KEY-Bundle-83",
                     "app-secret-Bundle-83", "pass-Bundle-83", "passphrase-Bundle-83"};
        m_url = startSandboxProcess(m_sandbox, m_credentials);
        QVERIFY(!m_url.isEmpty());
        QVERIFY(cli(args({"vault", "init"})).exitCode == 0);
        QFile pem(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p256.pkcs8.pem"));
        QVERIFY(pem.open(QIODevice::ReadOnly));
        for (const QByteArray &line : pem.readAll().split('\n')) {
            if (!line.startsWith("-----") && line.size() > 16)
                m_secrets.append(line.left(24));
        }
        const CliRun imported = cli({QStringLiteral("vault"), QStringLiteral("import"), QStringLiteral("partner-ec"), pem.fileName()});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
    }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        if (!m_sandbox.waitForFinished(5000))
            m_sandbox.kill();
    }

    void bundleHoldsTheSessionAndNoSecret()
    {
        issue(args({"call", "secmgmt.create-token"}));
        issue(args({"flow", "enos"}));
        issue(args({"flow", "bankezy", "--set", "accountNumber=4111222233334444"}));
        const QJsonArray sessions = QJsonDocument::fromJson(cli(args({"sessions", "list", "--json"})).out).array();
        QString bankezySession;
        for (const QJsonValue &session : sessions) {
            // Each session's current token (flows print none): it must not be in the bundle either.
            keepTokens(cli({QStringLiteral("sessions"), QStringLiteral("show"), session[QLatin1String("id")].toString(),
                            QStringLiteral("--token")}).out);
            if (session[QLatin1String("family")].toString() == QLatin1String("bankezy"))
                bankezySession = session[QLatin1String("id")].toString();
        }
        QVERIFY(!bankezySession.isEmpty());
        const QJsonArray history = QJsonDocument::fromJson(cli(args({"history", "list", "--json"})).out).array();
        QStringList others; // the EnOS and security-management exchanges, by id prefix
        int ofSession = 0;
        for (const QJsonValue &entry : history) {
            if (!entry[QLatin1String("endpoint")].toString().startsWith(QLatin1String("bankezy.")))
                others.append(entry[QLatin1String("id")].toString().left(8));
            ofSession += entry[QLatin1String("sessionId")].toString() == bankezySession ? 1 : 0;
        }
        QCOMPARE(others.size(), 3);
        QVERIFY(ofSession >= 2); // the token it issued and the renewal at least

        const QString zip = m_home.filePath(QStringLiteral("ticket-83.zip"));
        const CliRun run = cli(QStringList{QStringLiteral("bundle"), QStringLiteral("--session"), bankezySession.left(8),
                                           QStringLiteral("--history")}
                               + others + QStringList{QStringLiteral("-o"), zip});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains(QByteArray::number(ofSession + 3) + " exchange(s)"), run.out.constData());
        QCOMPARE(QFile(zip).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

        const QByteArray listing = unzip({QStringLiteral("-Z1"), zip});
        QCOMPARE(listing.trimmed().split('\n'),
                 (QByteArrayList{"README.txt", "exchanges.jsonl", "clock.json", "environments.json", "keys.json", "session.json",
                                 "versions.txt"}));
        QVERIFY(unzip({QStringLiteral("-t"), zip}).contains("No errors detected"));
        const QByteArray everything = unzip({QStringLiteral("-p"), zip});
        QVERIFY(everything.size() > 2000);
        for (const QByteArray &secret : std::as_const(m_secrets))
            QVERIFY2(!everything.contains(secret), secret.constData());
        QVERIFY(m_secrets.size() >= 14); // credentials, the key, 2 call tokens, 3 sessions' tokens

        const QByteArray keys = unzip({QStringLiteral("-p"), zip, QStringLiteral("keys.json")});
        QVERIFY2(keys.contains("\"thumbprint\": \"LiLFerUQ0LEtzbSiV8X2jQo8yYVI89_a3VYCg6aPEDY\""), keys.constData());
        QVERIFY(keys.contains("\"name\": \"session app key\""));
        QVERIFY(unzip({QStringLiteral("-p"), zip, QStringLiteral("versions.txt")}).contains("OpenSSL"));
        const QByteArray exchanges = unzip({QStringLiteral("-p"), zip, QStringLiteral("exchanges.jsonl")});
        QCOMPARE(exchanges.count('\n'), ofSession + 3);
        QVERIFY(exchanges.contains("\"username\":\"ops83\"")); // what is not secret is there to read
    }

    // A sandbox whose clock runs 10 minutes ahead refuses EnOS's timestamp: the exchange is
    // recorded with its offset and causes, and the bundle carries both (clock.json, and the causes
    // in exchanges.jsonl), as README.txt says.
    void bundleCarriesTheClockOffsetsAndCauses()
    {
        QProcess skewed;
        const QString url = startSandboxProcess(skewed, m_credentials, {QStringLiteral("--clock-offset"), QStringLiteral("600")});
        QVERIFY(!url.isEmpty());
        const CliRun refused = cli({QStringLiteral("call"), QStringLiteral("enos.get-token"), QStringLiteral("--base-url"), url,
                                    QStringLiteral("--credentials"), m_credentials});
        skewed.terminate();
        skewed.waitForFinished(5000);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.out.contains("The server's clock is 10 min"), refused.out.constData());
        const QJsonArray history = QJsonDocument::fromJson(cli(args({"history", "list", "--json"})).out).array();
        QString id;
        for (const QJsonValue &entry : history) {
            if (entry[QLatin1String("endpoint")].toString() == QLatin1String("enos.get-token") && !entry[QLatin1String("ok")].toBool())
                id = entry[QLatin1String("id")].toString();
        }
        QVERIFY(!id.isEmpty());
        // The history keeps what `call` said: `history show` prints it again, --json has it.
        const CliRun shown = cli({QStringLiteral("history"), QStringLiteral("show"), id});
        QVERIFY2(shown.out.contains("\nclock:       server 10 min") && shown.out.contains("\n  likely: The server's clock is 10 min"),
                 shown.out.constData());
        const QJsonObject shownJson = QJsonDocument::fromJson(cli({QStringLiteral("history"), QStringLiteral("show"), id,
                                                                   QStringLiteral("--json")}).out).object();
        QVERIFY(qAbs(shownJson[QLatin1String("clockOffsetMs")].toInteger() - 600000) < 2000);
        QVERIFY(shownJson[QLatin1String("causes")][0][QLatin1String("cause")].toString().startsWith(QLatin1String("The server's clock")));

        const QString zip = m_home.filePath(QStringLiteral("clock-83.zip"));
        const CliRun run = cli({QStringLiteral("bundle"), QStringLiteral("--history"), id.left(12), QStringLiteral("-o"), zip});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject clock = QJsonDocument::fromJson(unzip({QStringLiteral("-p"), zip, QStringLiteral("clock.json")})).object();
        const QJsonObject exchange = clock[QLatin1String("exchanges")][id].toObject();
        const qint64 offset = exchange[QLatin1String("clockOffsetMs")].toInteger();
        QVERIFY2(qAbs(offset - 600000) < 2000, QJsonDocument(clock).toJson().constData());
        QVERIFY(!exchange[QLatin1String("time")].toString().isEmpty());
        const QString environment = exchange[QLatin1String("environment")].toString();
        QVERIFY(!environment.isEmpty());
        QCOMPARE(clock[QLatin1String("largestByEnvironment")][environment][QLatin1String("clockOffsetMs")].toInteger(), offset);
        QCOMPARE(clock[QLatin1String("largestByEnvironment")][environment][QLatin1String("exchange")].toString(), id);

        const QJsonObject line = QJsonDocument::fromJson(unzip({QStringLiteral("-p"), zip, QStringLiteral("exchanges.jsonl")})).object();
        QCOMPARE(line[QLatin1String("clockOffsetMs")].toInteger(), offset);
        const QJsonArray causes = line[QLatin1String("causes")].toArray();
        QVERIFY(!causes.isEmpty());
        QVERIFY2(causes.at(0)[QLatin1String("cause")].toString().startsWith(QLatin1String("The server's clock is 10 min")),
                 QJsonDocument(causes).toJson().constData());
        QVERIFY(causes.at(0)[QLatin1String("evidence")].toString().contains(QLatin1String("Date header")));
        const QByteArray readme = unzip({QStringLiteral("-p"), zip, QStringLiteral("README.txt")});
        QVERIFY(readme.contains("clock.json") && readme.contains("\"causes\""));
        const QByteArray everything = unzip({QStringLiteral("-p"), zip});
        for (const QByteArray &secret : std::as_const(m_secrets))
            QVERIFY2(!everything.contains(secret), secret.constData());
    }

    void wrongUseFailsClearly()
    {
        QCOMPARE(cli(args({"bundle", "--history", "abcd"})).exitCode, 2); // no -o
        QCOMPARE(cli(args({"bundle", "-o", "x.zip"})).exitCode, 2);       // nothing to put in
        const CliRun unknown = cli({QStringLiteral("bundle"), QStringLiteral("--history"), QStringLiteral("ffffffff"),
                                    QStringLiteral("-o"), m_home.filePath(QStringLiteral("none.zip"))});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("\"ffffffff\" names 0 history entries"), unknown.err.constData());
        QVERIFY(!QFile::exists(m_home.filePath(QStringLiteral("none.zip"))));
    }
};

QTEST_GUILESS_MAIN(tst_BundleCli)
#include "tst_BundleCli.moc"
