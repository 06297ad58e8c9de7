// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli history list|show` as a process, over the history that `call` and `flow` write
// against a standalone `tokendesk-sandbox`: the list --json contract (newest first, the fields,
// origins, session ids matching `sessions list`), filters and limit, `show` with nothing secret in
// it, usage and not-found exit codes, and a line written before origins and ids existed.
#include "CliProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_HistoryCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcess m_sandbox;
    QString m_url;
    QString m_credentials;
    QByteArrayList m_secrets; // every credential in the credentials file, and the tokens issued

    QProcessEnvironment environment() const { return cliEnvironment(m_home.path(), QStringLiteral("passphrase-Fig-47")); }

    QString historyPath() const { return m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/history.jsonl")); }

    CliRun cli(const QStringList &arguments) { return runCli(arguments, {}, environment()); }

    QStringList against(const QStringList &arguments) const
    {
        return arguments + QStringList{QStringLiteral("--base-url"), m_url, QStringLiteral("--credentials"), m_credentials};
    }

    QJsonArray history(const QStringList &extra = {})
    {
        const CliRun run = cli(args({"history", "list", "--json"}) + extra);
        if (run.exitCode != 0)
            qWarning("%s", run.err.constData());
        return QJsonDocument::fromJson(run.out).array();
    }

    static QStringList endpoints(const QJsonArray &entries)
    {
        QStringList list;
        for (const QJsonValue &entry : entries)
            list.append(entry[QLatin1String("endpoint")].toString());
        return list;
    }

    void verifyNoSecret(const QByteArray &output)
    {
        for (const QByteArray &secret : std::as_const(m_secrets))
            QVERIFY2(!output.contains(secret), secret.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_credentials = m_home.filePath(QStringLiteral("credentials.json"));
        QFile file(m_credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"bankezy\": {\"X-API-KEY\": \"HDR-KEY-47\", \"apiKey\": \"BODY-KEY-47\", \"secret\": \"s3cr3t-Fig-47\","
                   " \"sdkApiKey\": \"SDK-KEY-47\"},"
                   " \"enos\": {\"appKey\": \"app-key-47\", \"appSecret\": \"app-secret-Fig-47\"},"
                   " \"secmgmt\": {\"username\": \"ops47\", \"password\": \"pass-Fig-47\"}}");
        file.close();
        m_secrets = {"s3cr3t-Fig-47", "app-secret-Fig-47", "pass-Fig-47"};
        m_url = startSandboxProcess(m_sandbox, m_credentials);
        QVERIFY(!m_url.isEmpty());
        const CliRun init = cli(args({"vault", "init"}));
        QVERIFY2(init.exitCode == 0, init.err.constData());
    }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        if (!m_sandbox.waitForFinished(5000))
            m_sandbox.kill();
    }

    void emptyHistoryIsAnEmptyList()
    {
        const CliRun run = cli(args({"history", "list", "--json"}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 0);
    }

    // A line as TokenDesk wrote it before entries had an id, an origin and a session.
    void oldLineIsListedAsManual()
    {
        QFile file(historyPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"time\":\"2025-01-02T03:04:05.678Z\",\"environment\":\"Old\",\"endpoint\":\"secmgmt.create-token\","
                   "\"fields\":{},\"request\":{\"method\":\"POST\",\"url\":\"http://127.0.0.1:1/x\",\"headers\":[],\"body\":\"\"},"
                   "\"response\":{\"status\":401,\"headers\":[],\"body\":\"{}\"},\"durationMs\":7,"
                   "\"outcome\":{\"ok\":false,\"code\":\"401\",\"message\":\"no\",\"expiresAt\":null}}\n");
        file.close();
        const QJsonArray entries = history();
        QCOMPARE(entries.size(), 1);
        const QJsonObject old = entries.first().toObject();
        QCOMPARE(old[QLatin1String("origin")].toString(), QStringLiteral("manual"));
        QCOMPARE(old[QLatin1String("sessionId")].toString(), QString());
        QCOMPARE(old[QLatin1String("at")].toInteger(), qint64(1735787045678));
        QCOMPARE(old[QLatin1String("httpStatus")].toInt(), 401);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$")).match(old[QLatin1String("id")].toString()).hasMatch());
        QCOMPARE(history().first()[QLatin1String("id")], old[QLatin1String("id")]); // the same id on every read
    }

    void callAndFlowAreListedNewestFirstWithTheContractFields()
    {
        const CliRun call = cli(against(args({"call", "enos.get-token"})));
        QVERIFY2(call.exitCode == 0, call.err.constData());
        const CliRun flow = cli(against(args({"flow", "enos"})));
        QVERIFY2(flow.exitCode == 0, flow.err.constData());
        const CliRun failed = cli(against(args({"call", "secmgmt.create-token", "--set", "password=wrong-Fig-47"})));
        QCOMPARE(failed.exitCode, 1);
        m_secrets.append("wrong-Fig-47");

        const QJsonArray entries = history();
        QCOMPARE(endpoints(entries), QStringList({QStringLiteral("secmgmt.create-token"), QStringLiteral("enos.refresh-token"),
                                                  QStringLiteral("enos.get-token"), QStringLiteral("enos.get-token"),
                                                  QStringLiteral("secmgmt.create-token")}));
        const QStringList contract{QStringLiteral("at"),     QStringLiteral("code"),       QStringLiteral("durationMs"),
                                   QStringLiteral("endpoint"), QStringLiteral("environment"), QStringLiteral("httpStatus"),
                                   QStringLiteral("id"),     QStringLiteral("ok"),         QStringLiteral("origin"),
                                   QStringLiteral("sessionId")};
        qint64 previous = std::numeric_limits<qint64>::max();
        QSet<QString> ids;
        for (const QJsonValue &entry : entries) {
            QCOMPARE(entry.toObject().keys(), contract); // exactly these, nothing else
            QVERIFY(entry[QLatin1String("at")].toInteger() <= previous);
            previous = entry[QLatin1String("at")].toInteger();
            ids.insert(entry[QLatin1String("id")].toString());
        }
        QCOMPARE(ids.size(), 5);
        QStringList origins;
        for (const QJsonValue &entry : entries)
            origins.append(entry[QLatin1String("origin")].toString());
        QCOMPARE(origins, QStringList({QStringLiteral("manual"), QStringLiteral("flow"), QStringLiteral("flow"), QStringLiteral("manual"),
                                       QStringLiteral("manual")}));
        const QJsonObject rejected = entries.at(0).toObject();
        QCOMPARE(rejected[QLatin1String("ok")].toBool(), false);
        QVERIFY(rejected[QLatin1String("httpStatus")].toInt() >= 400);
        QCOMPARE(rejected[QLatin1String("sessionId")].toString(), QString());
        QCOMPARE(entries.at(3)[QLatin1String("ok")].toBool(), true);
        QCOMPARE(entries.at(3)[QLatin1String("httpStatus")].toInt(), 200);

        // The session ids are the ones `sessions list` shows. The sandbox hands EnOS the same token
        // while it is valid, so the call and the flow's get-token are one session (the same token
        // issued again updates its session), and the flow's refresh renewed that one.
        const CliRun sessionsRun = cli(args({"sessions", "list", "--json"}));
        QCOMPARE(sessionsRun.exitCode, 0);
        QStringList sessionIds;
        QString renewedSession;
        for (const QJsonValue &session : QJsonDocument::fromJson(sessionsRun.out).array()) {
            sessionIds.append(session[QLatin1String("id")].toString());
            if (session[QLatin1String("renewals")].toInt() == 1)
                renewedSession = sessionIds.constLast();
        }
        QCOMPARE(sessionIds.size(), 1);
        const QString callSession = entries.at(3)[QLatin1String("sessionId")].toString();
        const QString flowSession = entries.at(2)[QLatin1String("sessionId")].toString();
        QCOMPARE(sessionIds, QStringList{callSession});
        QCOMPARE(flowSession, callSession);
        QCOMPARE(entries.at(1)[QLatin1String("sessionId")].toString(), renewedSession);
        QCOMPARE(renewedSession, callSession);
        for (const QString &id : std::as_const(sessionIds)) {
            const CliRun token = cli(args({"sessions", "show"}) + QStringList{id, QStringLiteral("--token")});
            QCOMPARE(token.exitCode, 0);
            m_secrets.append(token.out.trimmed());
        }
        QVERIFY(call.out.contains("token: "));
        m_secrets.append(QRegularExpression(QStringLiteral("token: (\\S+)")).match(QString::fromUtf8(call.out)).captured(1).toUtf8());
    }

    void filtersAndLimit()
    {
        const QJsonArray all = history();
        QCOMPARE(all.size(), 5);
        const QJsonArray two = history(args({"--limit", "2"}));
        QCOMPARE(two.size(), 2);
        QCOMPARE(two.at(0), all.at(0));
        QCOMPARE(two.at(1), all.at(1));
        QCOMPARE(endpoints(history(args({"--endpoint", "enos.get-token"}))),
                 QStringList({QStringLiteral("enos.get-token"), QStringLiteral("enos.get-token")}));
        QCOMPARE(history(args({"--endpoint", "enos.get-token", "--limit", "1"})).at(0), all.at(2));
        const QString flowSession = all.at(2)[QLatin1String("sessionId")].toString();
        const QJsonArray bySession = history(QStringList{QStringLiteral("--session"), flowSession.left(8)});
        QVERIFY(!bySession.isEmpty());
        for (const QJsonValue &entry : bySession)
            QCOMPARE(entry[QLatin1String("sessionId")].toString(), flowSession);
        QCOMPARE(bySession.size(), 3); // the flow's refresh and get-token, and the call that issued it
        QCOMPARE(bySession.last(), all.at(3));
        QCOMPARE(history(QStringList{QStringLiteral("--session"), flowSession.toUpper()}), bySession);
        const QString callSession = all.at(3)[QLatin1String("sessionId")].toString();
        QCOMPARE(history(QStringList{QStringLiteral("--session"), callSession}).last(), all.at(3));
        QCOMPARE(history(args({"--session", "ffffffff-0000"})).size(), 0);
        QCOMPARE(history(args({"--endpoint", "no.such-endpoint"})).size(), 0);

        const CliRun text = cli(args({"history", "list"}));
        QCOMPARE(text.exitCode, 0);
        const QList<QByteArray> lines = text.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QVERIFY2(lines.at(1).contains(all.at(1)[QLatin1String("id")].toString().left(8).toUtf8()), lines.at(1).constData());
        QVERIFY(lines.at(1).contains(" UTC  ") && lines.at(1).contains("enos.refresh-token") && lines.at(1).contains("  flow  ")
                && lines.at(1).contains("  ok  HTTP 200"));
        QVERIFY(lines.at(0).contains("  failed  HTTP "));
        QVERIFY(lines.at(4).contains("2025-01-02 03:04:05.678 UTC") && lines.at(4).contains("  manual  "));
        verifyNoSecret(text.out);
    }

    void badUsageExitsTwo()
    {
        for (const QStringList &bad : {args({"history"}), args({"history", "bogus"}), args({"history", "list", "--limit", "0"}),
                                       args({"history", "list", "--limit", "-3"}), args({"history", "list", "--limit", "ten"}),
                                       args({"history", "list", "--limit"}), args({"history", "list", "--limit", "99999999999"}),
                                       args({"history", "list", "extra"}), args({"history", "show"}),
                                       args({"history", "show", "abcd", "--limit", "2"}), args({"history", "list", "--wat"})}) {
            const CliRun run = cli(bad);
            QVERIFY2(run.exitCode == 2, qPrintable(bad.join(QLatin1Char(' ')) + QStringLiteral(" -> ") + QString::number(run.exitCode)));
            QVERIFY2(run.err.startsWith("tokendesk-cli: usage: "), run.err.constData());
            QCOMPARE(run.out, QByteArray());
        }
        const CliRun help = cli(args({"history", "--help"}));
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("history show ID [--json]"));
        QVERIFY(cli(args({"--help"})).out.contains("tokendesk-cli history list"));
    }

    void showIsMaskedAsStored()
    {
        const QJsonArray all = history();
        for (int i : {0, 2, 3}) { // the rejected password, the flow's issue, the call
            const QString id = all.at(i)[QLatin1String("id")].toString();
            const CliRun text = cli(QStringList{QStringLiteral("history"), QStringLiteral("show"), id.left(8)});
            QVERIFY2(text.exitCode == 0, text.err.constData());
            QVERIFY(text.out.contains((QStringLiteral("id:          ") + id).toUtf8()));
            QVERIFY2(text.out.contains("\nRequest: POST http://127.0.0.1:"), text.out.constData());
            QVERIFY(text.out.contains("Content-Type: application/json"));
            QVERIFY(text.out.contains("\nResponse: HTTP "));
            QVERIFY(text.out.contains("***"));
            verifyNoSecret(text.out);

            const CliRun json = cli(QStringList{QStringLiteral("history"), QStringLiteral("show"), id, QStringLiteral("--json")});
            QCOMPARE(json.exitCode, 0);
            const QJsonObject object = QJsonDocument::fromJson(json.out).object();
            QCOMPARE(object[QLatin1String("id")].toString(), id);
            QCOMPARE(object[QLatin1String("origin")], all.at(i)[QLatin1String("origin")]);
            QCOMPARE(object[QLatin1String("request")][QLatin1String("method")].toString(), QStringLiteral("POST"));
            QVERIFY(!object[QLatin1String("response")][QLatin1String("body")].toString().isEmpty());
            QVERIFY(object[QLatin1String("request")][QLatin1String("headers")].isArray());
            verifyNoSecret(json.out);
        }
        const CliRun old = cli(QStringList{QStringLiteral("history"), QStringLiteral("show"), all.at(4)[QLatin1String("id")].toString()});
        QCOMPARE(old.exitCode, 0);
        QVERIFY(old.out.contains("origin:      manual"));
        // The file itself: the masking happened before the write.
        QFile file(historyPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        verifyNoSecret(file.readAll());
    }

    void unknownIdsAreNotFound()
    {
        for (const char *id : {"0000000000000000", "zzzz", "abc"}) {
            const CliRun run = cli(args({"history", "show", id}));
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.startsWith("tokendesk-cli: not-found: "), run.err.constData());
            QCOMPARE(run.out, QByteArray());
        }
    }

    // Runs last (it adds entries): Get User Token answered 401 once (a sandbox fault), so the
    // app-token session is renewed and the call retried; the first answer is manual, the retry
    // "retry" and names the user-token session it issued.
    void retriedCallIsRecordedAsRetry()
    {
        const CliRun app = cli(against(args({"call", "bankezy.get-app-token"})));
        QVERIFY2(app.exitCode == 0, app.err.constData());
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(m_url + QStringLiteral("/__sandbox/faults")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = network.post(request, QByteArray("{\"endpoint\":\"bankezy.get-user-token\",\"kind\":\"httpStatus\","
                                                                "\"value\":401,\"count\":1}"));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();

        const CliRun user = cli(against(args({"call", "bankezy.get-user-token", "--set", "accountNumber=4747474747"})));
        QVERIFY2(user.exitCode == 0, (user.out + user.err).constData());
        QVERIFY2(user.err.contains(": renewed it and retried"), user.err.constData());
        const QJsonArray entries = history(args({"--limit", "3"}));
        QCOMPARE(endpoints(entries), QStringList({QStringLiteral("bankezy.get-user-token"), QStringLiteral("bankezy.get-user-token"),
                                                  QStringLiteral("bankezy.get-app-token")}));
        QCOMPARE(entries.at(0)[QLatin1String("origin")].toString(), QStringLiteral("retry"));
        QCOMPARE(entries.at(0)[QLatin1String("ok")].toBool(), true);
        QCOMPARE(entries.at(1)[QLatin1String("origin")].toString(), QStringLiteral("manual"));
        QCOMPARE(entries.at(1)[QLatin1String("httpStatus")].toInt(), 401);
        QCOMPARE(entries.at(1)[QLatin1String("sessionId")].toString(), QString());
        const QString userSession = entries.at(0)[QLatin1String("sessionId")].toString();
        QVERIFY(!userSession.isEmpty());
        QVERIFY(userSession != entries.at(2)[QLatin1String("sessionId")].toString());
        const CliRun shown = cli(QStringList{QStringLiteral("sessions"), QStringLiteral("show"), userSession, QStringLiteral("--json")});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(shown.out).object()[QLatin1String("endpoint")].toString(),
                 QStringLiteral("bankezy.get-user-token"));
        // The renewal between the two attempts (the app token issued again) is in history too,
        // marked as a renewal of the app token's session.
        const QString appSession = entries.at(2)[QLatin1String("sessionId")].toString();
        const QJsonArray renewals = history(QStringList{QStringLiteral("--session"), appSession});
        QStringList origins;
        for (const QJsonValue &entry : renewals)
            origins.append(entry[QLatin1String("origin")].toString());
        QVERIFY2(origins.contains(QStringLiteral("renewal")), qPrintable(origins.join(QLatin1Char(','))));
    }

    // `sessions renew` records its exchange as a renewal of that session.
    void renewalIsRecorded()
    {
        const QJsonArray before = history(args({"--limit", "1000"}));
        const CliRun issued = cli(against(args({"call", "secmgmt.create-token"})));
        QVERIFY2(issued.exitCode == 0, issued.err.constData());
        const QString session = history(args({"--limit", "1"})).at(0)[QLatin1String("sessionId")].toString();
        QVERIFY(!session.isEmpty());
        const CliRun renewed = cli(QStringList{QStringLiteral("sessions"), QStringLiteral("renew"), session});
        QVERIFY2(renewed.exitCode == 0, renewed.err.constData());
        const QJsonArray after = history(args({"--limit", "1000"}));
        QCOMPARE(after.size(), before.size() + 2);
        const QJsonObject renewal = after.at(0).toObject();
        QCOMPARE(renewal[QLatin1String("origin")].toString(), QStringLiteral("renewal"));
        QCOMPARE(renewal[QLatin1String("endpoint")].toString(), QStringLiteral("secmgmt.refresh-token"));
        QCOMPARE(renewal[QLatin1String("sessionId")].toString(), session);
        QCOMPARE(renewal[QLatin1String("ok")].toBool(), true);
    }

    // Hand-written lines whose session ids and entry ids share a prefix: a prefix naming two is
    // refused (exit 1) and names both, a longer one picks one.
    void ambiguousPrefixesAreRefused()
    {
        QFile file(historyPath());
        QVERIFY(file.open(QIODevice::Append));
        for (const char *n : {"1", "2"}) {
            file.write(QByteArray("{\"id\":\"feedface-000") + n + "-4000-8000-000000000000\",\"origin\":\"renewal\","
                       "\"sessionId\":\"abcdabcd-000" + n + "-4000-8000-000000000000\",\"time\":\"2026-01-01T00:00:0" + n
                       + ".000Z\",\"environment\":\"E\",\"endpoint\":\"enos.refresh-token\",\"request\":{},"
                         "\"outcome\":{\"ok\":true}}\n");
        }
        file.close();
        const CliRun both = cli(args({"history", "list", "--session", "abcdabcd"}));
        QCOMPARE(both.exitCode, 1);
        QVERIFY2(both.err.startsWith("tokendesk-cli: not-found: \"abcdabcd\" matches 2 sessions"), both.err.constData());
        QVERIFY(both.err.contains("abcdabcd-0001-4000-8000-000000000000") && both.err.contains("abcdabcd-0002"));
        const QJsonArray one = history(args({"--session", "abcdabcd-0002"}));
        QCOMPARE(one.size(), 1);
        QCOMPARE(one.first()[QLatin1String("origin")].toString(), QStringLiteral("renewal"));
        QCOMPARE(one.first()[QLatin1String("id")].toString(), QStringLiteral("feedface-0002-4000-8000-000000000000"));

        const CliRun ambiguous = cli(args({"history", "show", "FEEDFACE"}));
        QCOMPARE(ambiguous.exitCode, 1);
        QVERIFY2(ambiguous.err.startsWith("tokendesk-cli: not-found: \"feedface\" matches 2 history entries"), ambiguous.err.constData());
        const CliRun exact = cli(args({"history", "show", "feedface-0001", "--json"}));
        QCOMPARE(exact.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(exact.out).object()[QLatin1String("sessionId")].toString(),
                 QStringLiteral("abcdabcd-0001-4000-8000-000000000000"));
    }
};

QTEST_GUILESS_MAIN(tst_HistoryCli)
#include "tst_HistoryCli.moc"
