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
                 (QByteArrayList{"README.txt", "exchanges.jsonl", "environments.json", "keys.json", "session.json", "versions.txt"}));
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
