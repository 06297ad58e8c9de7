// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli sessions` and the sessions `call`/`flow` keep, as processes against standalone
// `tokendesk-sandbox` servers: the list --json contract, show/renew/close, --no-session, no token
// in the clear on disk, and `watch` keeping sessions alive across processes while leaving alone
// a session that expired while nothing watched. The sandboxes keep the real clock and long
// lifetimes; the CLI's session clock is the test's (TOKENDESK_TEST_CLOCK_FILE, TestClockHook),
// moved forward instead of waited for.
#include "CliProcess.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_SessionsCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcess m_sandbox;      // default lifetimes
    QProcess m_shortSandbox; // 60-second EnOS tokens: one can expire on the test's clock while others live
    QString m_url;
    QString m_shortUrl;
    QString m_credentials;
    QString m_clockFile;
    bool m_clocked = false; // CLI processes run on the clock in m_clockFile (set per test)

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = cliEnvironment(m_home.path(), QStringLiteral("passphrase-Plum-31"));
        if (m_clocked)
            env.insert(QStringLiteral("TOKENDESK_TEST_CLOCK_FILE"), m_clockFile);
        return env;
    }

    // The CLI processes' session clock, from now on (a running `watch` ticks when it changes).
    bool setClock(qint64 ms)
    {
        QSaveFile file(m_clockFile);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write(QByteArray::number(ms));
        return file.commit();
    }

    // 70 % into the session's current token: past a 40 % threshold, well before its expiry.
    static qint64 renewPointOf(const QJsonObject &session)
    {
        const qint64 issuedAt = session[QLatin1String("issuedAt")].toInteger();
        const qint64 expiresAt = session[QLatin1String("expiresAt")].toInteger();
        return issuedAt + (expiresAt - issuedAt) * 7 / 10;
    }

    // The faults a sandbox still holds, after adding `fault` when one is given (its control
    // endpoint); -1 when it did not answer 200.
    static int faults(const QString &url, const QByteArray &fault = {})
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(url + QStringLiteral("/__sandbox/faults")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(fault.isEmpty() ? network.get(request) : network.post(request, fault));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            return -1;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return -1;
        return int(QJsonDocument::fromJson(reply->readAll())[QLatin1String("faults")].toArray().size());
    }

    QString vaultPath() const { return m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/vault.tdvault")); }

    CliRun cli(const QStringList &arguments) { return runCli(arguments, {}, environment()); }

    QStringList against(const QString &url, const QStringList &arguments) const
    {
        return arguments + QStringList{QStringLiteral("--base-url"), url, QStringLiteral("--credentials"), m_credentials};
    }

    QJsonArray list()
    {
        const CliRun run = cli(args({"sessions", "list", "--json"}));
        if (run.exitCode != 0)
            qWarning("%s", run.err.constData());
        return QJsonDocument::fromJson(run.out).array();
    }

    QJsonObject sessionById(const QString &id)
    {
        for (const QJsonValue &value : list())
            if (value[QLatin1String("id")].toString() == id)
                return value.toObject();
        return {};
    }

    // Every session by id, from one `sessions list --json` (each CLI process costs a vault KDF).
    QHash<QString, QJsonObject> sessionsById()
    {
        QHash<QString, QJsonObject> found;
        for (const QJsonValue &value : list())
            found.insert(value[QLatin1String("id")].toString(), value.toObject());
        return found;
    }

    QStringList ids()
    {
        QStringList found;
        for (const QJsonValue &value : list())
            found.append(value[QLatin1String("id")].toString());
        return found;
    }

    // `sessions watch --auto-renew --json`, renewing at 60 % of a token's life.
    bool startWatch(QProcess &watch) const
    {
        watch.setProcessEnvironment(environment());
        watch.start(QStringLiteral(TOKENDESK_CLI_PATH),
                    args({"sessions", "watch", "--auto-renew", "--json", "--threshold", "40", "--threshold-min", "0"}));
        return watch.waitForStarted(10000);
    }

    static void stop(QProcess &process)
    {
        process.terminate();
        if (!process.waitForFinished(5000))
            process.kill();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_credentials = m_home.filePath(QStringLiteral("credentials.json"));
        m_clockFile = m_home.filePath(QStringLiteral("clock-ms"));
        QFile file(m_credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"bankezy\": {\"X-API-KEY\": \"HDR-KEY-31\", \"apiKey\": \"BODY-KEY-31\", \"secret\": \"s3cr3t-Plum-31\","
                   " \"sdkApiKey\": \"SDK-KEY-31\"},"
                   " \"enos\": {\"appKey\": \"app-key-31\", \"appSecret\": \"app-secret-Plum-31\"},"
                   " \"secmgmt\": {\"username\": \"ops31\", \"password\": \"pass-Plum-31\"}}");
        file.close();
        m_url = startSandboxProcess(m_sandbox, m_credentials);
        QVERIFY(!m_url.isEmpty());
        m_shortUrl = startSandboxProcess(m_shortSandbox, m_credentials,
                                         args({"--enos-lifetime", "60"}));
        QVERIFY(!m_shortUrl.isEmpty());
    }

    void init() { m_clocked = false; }

    void cleanupTestCase()
    {
        stop(m_sandbox);
        stop(m_shortSandbox);
    }

    // Runs first (slots run in order): before `vault init` there is nowhere to keep tokens.
    void withoutAVaultTheCallSaysSo()
    {
        const CliRun call = cli(against(m_url, args({"call", "enos.get-token"})));
        QCOMPARE(call.exitCode, 0);
        QVERIFY2(call.err.contains("note: not kept as a session: there is no vault at"), call.err.constData());
        QVERIFY(call.err.contains("--no-session"));
        const CliRun quiet = cli(against(m_url, args({"call", "enos.get-token", "--no-session"})));
        QCOMPARE(quiet.exitCode, 0);
        QCOMPARE(quiet.err, QByteArray());
        const CliRun listed = cli(args({"sessions", "list"}));
        QCOMPARE(listed.exitCode, 1);
        QVERIFY2(listed.err.startsWith("tokendesk-cli: not-found: there is no vault at "), listed.err.constData());

        const CliRun init = cli(args({"vault", "init"}));
        QVERIFY2(init.exitCode == 0, init.err.constData());
        QCOMPARE(list().size(), 0);
    }

    void flowsAreKeptAndListedWithTheContractFields()
    {
        const CliRun flow = cli(against(m_url, args({"flow", "enos"})));
        QVERIFY2(flow.exitCode == 0, flow.err.constData());
        QCOMPARE(flow.err, QByteArray());
        const QJsonArray sessions = list();
        QCOMPARE(sessions.size(), 1);
        const QJsonObject session = sessions.first().toObject();
        for (const char *field : {"id", "family", "environment", "endpoint", "state", "issuedAt", "expiresAt", "renewals"})
            QVERIFY2(session.contains(QLatin1String(field)), field);
        QCOMPARE(session[QLatin1String("family")].toString(), QStringLiteral("enos"));
        QCOMPARE(session[QLatin1String("endpoint")].toString(), QStringLiteral("enos.get-token"));
        QCOMPARE(session[QLatin1String("environment")].toString(), m_url);
        QCOMPARE(session[QLatin1String("state")].toString(), QStringLiteral("fresh"));
        QCOMPARE(session[QLatin1String("renewals")].toInt(), 1); // the flow's refresh renewed it
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 issuedAt = session[QLatin1String("issuedAt")].toInteger();
        const qint64 expiresAt = session[QLatin1String("expiresAt")].toInteger();
        QVERIFY(issuedAt > now - 60000 && issuedAt <= now);
        QVERIFY(qAbs(expiresAt - issuedAt - 7200 * 1000) < 5000); // EnOS: expire 7200 s
        QVERIFY(!session.contains(QLatin1String("token")));

        // BankEzy: the app token and the user token (renewed by the flow's renew step).
        const CliRun bankezy = cli(against(m_url, args({"flow", "bankezy", "--set", "accountNumber=1234567890123456789"})));
        QVERIFY2(bankezy.exitCode == 0, (bankezy.out + bankezy.err).constData());
        const QJsonArray all = list();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(1)[QLatin1String("endpoint")].toString(), QStringLiteral("bankezy.get-app-token"));
        QCOMPARE(all.at(2)[QLatin1String("endpoint")].toString(), QStringLiteral("bankezy.get-user-token"));
        QCOMPARE(all.at(2)[QLatin1String("renewals")].toInt(), 1);

        const CliRun none = cli(against(m_url, args({"flow", "secmgmt", "--no-session"})));
        QCOMPARE(none.exitCode, 0);
        QCOMPARE(list().size(), 3);
        // (--env Sandbox sessions are kept too: sandboxSessionsAreKeptAcrossProcesses)
        const CliRun embedded = cli(args({"call", "secmgmt.create-token", "--env", "Sandbox", "--no-session"}));
        QCOMPARE(embedded.exitCode, 0);
        QCOMPARE(list().size(), 3);

        const CliRun table = cli(args({"sessions", "list"}));
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.startsWith("ID        FAMILY"));
        QCOMPARE(table.out.count('\n'), 4);
        QVERIFY(table.out.contains("bankezy.get-user-token"));
    }

    void showRenewAndCloseOneSession()
    {
        const CliRun call = cli(against(m_url, args({"call", "secmgmt.create-token"})));
        QCOMPARE(call.exitCode, 0);
        const QString token = QRegularExpression(QStringLiteral("\ntoken: (\\S+)\n")).match(QString::fromUtf8(call.out)).captured(1);
        QVERIFY(!token.isEmpty());
        const QString id = ids().constLast();
        const QString prefix = id.left(6);

        const CliRun shown = cli({QStringLiteral("sessions"), QStringLiteral("show"), prefix, QStringLiteral("--token")});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.out, token.toUtf8() + '\n');
        const CliRun text = cli({QStringLiteral("sessions"), QStringLiteral("show"), prefix});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("endpoint:    secmgmt.create-token"));
        QVERIFY(text.out.contains("renewals:    none"));
        QVERIFY(!text.out.contains(token.toUtf8()));

        const CliRun renewed = cli({QStringLiteral("sessions"), QStringLiteral("renew"), prefix});
        QVERIFY2(renewed.exitCode == 0, renewed.err.constData());
        QVERIFY2(renewed.out.startsWith("renewed " + id.left(8).toUtf8()), renewed.out.constData());
        const CliRun newToken = cli({QStringLiteral("sessions"), QStringLiteral("show"), prefix, QStringLiteral("--token")});
        QVERIFY(newToken.out.trimmed() != token.toUtf8());
        const QJsonObject after = QJsonDocument::fromJson(cli({QStringLiteral("sessions"), QStringLiteral("show"), prefix,
                                                               QStringLiteral("--json")}).out).object();
        QCOMPARE(after[QLatin1String("renewals")].toInt(), 1);
        QCOMPARE(after[QLatin1String("chain")].toArray().size(), 1);
        QCOMPARE(after[QLatin1String("chain")].toArray().first()[QLatin1String("ok")].toBool(), true);

        // The sandbox's refresh token is single-use: renewing from an old copy is refused, and
        // the renew command says so with exit 1 (not here: the session holds the new pair).
        const CliRun again = cli({QStringLiteral("sessions"), QStringLiteral("renew"), prefix});
        QVERIFY2(again.exitCode == 0, again.err.constData());

        const CliRun closed = cli({QStringLiteral("sessions"), QStringLiteral("close"), prefix});
        QCOMPARE(closed.exitCode, 0);
        QCOMPARE(closed.out, "closed " + id.toUtf8() + '\n');
        QVERIFY(!ids().contains(id));
    }

    // A later step in a new process continues the kept session: Get User Token takes the app
    // token and key exchange of the newest app-token session, Renew Token renews the user token's.
    void callContinuesAKeptSession()
    {
        const CliRun app = cli(against(m_url, args({"call", "bankezy.get-app-token"})));
        QVERIFY2(app.exitCode == 0, app.err.constData());
        const QString appId = ids().constLast();
        const CliRun user = cli(against(m_url, args({"call", "bankezy.get-user-token", "--set", "accountNumber=42424242"})));
        QVERIFY2(user.exitCode == 0, (user.out + user.err).constData());
        QVERIFY2(user.err.contains("note: continuing session " + appId.left(8).toUtf8() + " (bankezy.get-app-token"),
                 user.err.constData());
        const QString userId = ids().constLast();
        QVERIFY(userId != appId);
        QCOMPARE(sessionById(userId)[QLatin1String("endpoint")].toString(), QStringLiteral("bankezy.get-user-token"));

        const CliRun renew = cli(against(m_url, args({"call", "bankezy.renew-token"})));
        QVERIFY2(renew.exitCode == 0, (renew.out + renew.err).constData());
        QVERIFY(renew.err.contains("continuing session " + userId.left(8).toUtf8()));
        QCOMPARE(ids().constLast(), userId); // renewed in place, no new session
        QCOMPARE(sessionById(userId)[QLatin1String("renewals")].toInt(), 1);

        const CliRun unknown = cli(against(m_url, args({"call", "bankezy.renew-token", "--session", "ffffffff"})));
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("no session has an id starting with"));
        // Without kept sessions the step says what is missing, as before.
        const CliRun alone = cli(against(m_url, args({"call", "bankezy.renew-token", "--no-session"})));
        QCOMPARE(alone.exitCode, 1);
        QVERIFY2(alone.err.contains("field-missing"), alone.err.constData());
    }

    // The sandbox refuses the app token (HTTP 401, as for one expired on the server; that expiry
    // itself is tst_SessionRetry's, on a clock shared with the sandbox): Get User Token gets 401,
    // the app-token session is re-issued and the call retried once, with the new token.
    void unauthorizedCallRenewsTheSessionAndRetries()
    {
        const CliRun app = cli(against(m_shortUrl, args({"call", "bankezy.get-app-token"})));
        QVERIFY2(app.exitCode == 0, app.err.constData());
        const QString appId = ids().constLast();
        const CliRun before = cli({QStringLiteral("sessions"), QStringLiteral("show"), appId, QStringLiteral("--token")});
        QCOMPARE(faults(m_shortUrl, R"({"endpoint":"bankezy.get-user-token","kind":"httpStatus","value":401,"count":1})"), 1);
        const CliRun user = cli(against(m_shortUrl, args({"call", "bankezy.get-user-token", "--set", "accountNumber=42424242"})));
        QVERIFY2(user.exitCode == 0, (user.out + user.err).constData());
        QVERIFY2(user.err.contains("HTTP 401 with the app token of session " + appId.left(8).toUtf8() + ": renewed it and retried"),
                 user.err.constData());
        QCOMPARE(sessionById(appId)[QLatin1String("renewals")].toInt(), 1);
        const CliRun after = cli({QStringLiteral("sessions"), QStringLiteral("show"), appId, QStringLiteral("--token")});
        QVERIFY(after.out != before.out);
    }

    // Credentials given with --set are in no environment: the session keeps what its renewal needs
    // (the EnOS app key and secret, sealed), so it renews in a new process.
    void typedCredentialsTravelWithTheSession()
    {
        const CliRun call = cli({QStringLiteral("call"), QStringLiteral("enos.get-token"), QStringLiteral("--base-url"), m_url,
                                 QStringLiteral("--set"), QStringLiteral("appKey=app-key-31"), QStringLiteral("--set"),
                                 QStringLiteral("appSecret=app-secret-Plum-31")});
        QVERIFY2(call.exitCode == 0, call.err.constData());
        const QString id = ids().constLast();
        const CliRun renewed = cli({QStringLiteral("sessions"), QStringLiteral("renew"), id});
        QVERIFY2(renewed.exitCode == 0, (renewed.out + renewed.err).constData());
        QCOMPARE(sessionById(id)[QLatin1String("renewals")].toInt(), 1);
        QCOMPARE(cli({QStringLiteral("sessions"), QStringLiteral("close"), id}).exitCode, 0);
    }

    void unknownAndAmbiguousIdsAreRefused()
    {
        const CliRun unknown = cli(args({"sessions", "show", "ffffffff-0000"}));
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.startsWith("tokendesk-cli: not-found: no session has an id starting with"), unknown.err.constData());
        const CliRun tooShort = cli(args({"sessions", "renew", "ab"}));
        QCOMPARE(tooShort.exitCode, 1);
        QVERIFY(tooShort.err.contains("too short"));
        QCOMPARE(cli(args({"sessions", "show"})).exitCode, 2);
        QCOMPARE(cli(args({"sessions", "frobnicate"})).exitCode, 2);
        QCOMPARE(cli(args({"sessions", "close"})).exitCode, 2);
        QCOMPARE(cli(args({"sessions", "watch", "--threshold", "150"})).exitCode, 2);
        QCOMPARE(cli(args({"sessions", "watch", "--threshold", "nan"})).exitCode, 2);
        QCOMPARE(cli(args({"sessions", "watch", "--threshold-min", "-1"})).exitCode, 2);
    }

    void noTokenInTheClearOnDisk()
    {
        const CliRun call = cli(against(m_url, args({"call", "secmgmt.create-token"})));
        QCOMPARE(call.exitCode, 0);
        const QString token = QRegularExpression(QStringLiteral("\ntoken: (\\S+)\n")).match(QString::fromUtf8(call.out)).captured(1);
        const QString refresh = QRegularExpression(QStringLiteral("\nrefreshToken: (\\S+)\n")).match(QString::fromUtf8(call.out)).captured(1);
        QVERIFY(!token.isEmpty() && !refresh.isEmpty());
        QFile sessions(vaultPath() + QStringLiteral(".sessions"));
        QVERIFY(sessions.open(QIODevice::ReadOnly));
        const QByteArray bytes = sessions.readAll();
        QVERIFY(bytes.startsWith("TDSESS"));
        for (const QByteArray &secret : {token.toUtf8(), refresh.toUtf8(), QByteArray("pass-Plum-31"), QByteArray("app-secret-Plum-31"),
                                         token.toUtf8().mid(10, 24)})
            QVERIFY2(!bytes.contains(secret), secret.constData());
        QCOMPARE(QFile::permissions(sessions.fileName()) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    }

    // `watch --auto-renew` keeps a session alive across renewals, picks up a session another
    // process adds meanwhile, and leaves alone one that expired while nothing watched.
    void watchRenewsAcrossProcessesButNotWhatExpiredMeanwhile()
    {
        m_clocked = true;
        QVERIFY(setClock(QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(cli(args({"sessions", "close", "--ended"})).exitCode == 0);
        const CliRun stale = cli(against(m_shortUrl, args({"call", "enos.get-token"}))); // 60 s
        QCOMPARE(stale.exitCode, 0);
        const QString staleId = ids().constLast();
        const CliRun live = cli(against(m_shortUrl, args({"call", "secmgmt.create-token"}))); // 3600 s
        QCOMPARE(live.exitCode, 0);
        const QString liveId = ids().constLast();
        QHash<QString, QJsonObject> sessions = sessionsById();
        QCOMPARE(sessions[staleId][QLatin1String("state")].toString(), QStringLiteral("fresh"));
        // Its 60 s are over before anything watches; the other one has most of its hour left.
        QVERIFY(setClock(sessions[staleId][QLatin1String("expiresAt")].toInteger() + 1000));
        sessions = sessionsById();
        QCOMPARE(sessions[staleId][QLatin1String("state")].toString(), QStringLiteral("expired"));
        QCOMPARE(sessions[liveId][QLatin1String("state")].toString(), QStringLiteral("fresh"));

        QProcess watch;
        QVERIFY(startWatch(watch));
        QByteArray output;
        const auto renewalsOf = [&output](const QString &id) {
            int count = 0;
            for (const QByteArray &line : output.split('\n')) {
                const QJsonObject event = QJsonDocument::fromJson(line).object();
                if (event[QLatin1String("id")].toString() == id && event[QLatin1String("from")].toString() == QLatin1String("renewing")
                    && event[QLatin1String("to")].toString() == QLatin1String("fresh"))
                    ++count;
            }
            return count;
        };
        // Nothing is due until the clock says so: the threshold, when watch must renew.
        QVERIFY(setClock(renewPointOf(sessions[liveId])));
        QTRY_VERIFY2_WITH_TIMEOUT((output += watch.readAllStandardOutput(), renewalsOf(liveId) >= 1),
                                  (output + watch.readAllStandardError()).constData(), 15000);

        // Another process adds a session while watch runs (watch re-reads the file each second):
        // watch takes it up and renews it. Issued at the same moment as the live one's renewal,
        // against a sandbox with the same lifetime, both are due together.
        const CliRun added = cli(against(m_url, args({"call", "secmgmt.create-token"})));
        QCOMPARE(added.exitCode, 0);
        const QString addedId = ids().constLast();
        QVERIFY(addedId != staleId);
        sessions = sessionsById();
        QVERIFY(setClock(qMax(renewPointOf(sessions[liveId]), renewPointOf(sessions[addedId]))));
        QTRY_VERIFY2_WITH_TIMEOUT((output += watch.readAllStandardOutput(), renewalsOf(addedId) >= 1 && renewalsOf(liveId) >= 2),
                                  (output + watch.readAllStandardError()).constData(), 20000);

        // A second auto-renewer on the same vault is refused.
        const CliRun second = cli(args({"sessions", "watch", "--auto-renew"}));
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("already renews these sessions"), second.err.constData());

        watch.terminate(); // SIGTERM: watch saves and exits 0
        QVERIFY(watch.waitForFinished(10000));
        output += watch.readAllStandardOutput();
        QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch.exitCode(), 0);
        for (const QByteArray &line : output.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject event = QJsonDocument::fromJson(line).object();
            QVERIFY2(!event.isEmpty(), line.constData()); // one JSON object per line
            QVERIFY2(event[QLatin1String("id")].toString() != staleId, line.constData());
        }
        sessions = sessionsById();
        QCOMPARE(sessions[staleId][QLatin1String("state")].toString(), QStringLiteral("expired"));
        QCOMPARE(sessions[staleId][QLatin1String("renewals")].toInt(), 0);
        QVERIFY(sessions[liveId][QLatin1String("renewals")].toInt() >= 2);
        QVERIFY(sessions[addedId][QLatin1String("renewals")].toInt() >= 1);
    }

    // Stopping watch while a refresh is on the wire: the server may already have spent the old
    // refresh token, so watch waits for the answer and keeps the new pair (it renews again later).
    void watchStopsOnlyAfterTheRenewalsInFlight()
    {
        m_clocked = true;
        QVERIFY(setClock(QDateTime::currentMSecsSinceEpoch()));
        QCOMPARE(cli(QStringList{QStringLiteral("sessions"), QStringLiteral("close")} + ids()).exitCode, 0);
        const CliRun issued = cli(against(m_shortUrl, args({"call", "secmgmt.create-token"})));
        QCOMPARE(issued.exitCode, 0);
        const QJsonObject issuedSession = list().last().toObject();
        const QString id = issuedSession[QLatin1String("id")].toString();
        QCOMPARE(faults(m_shortUrl, R"({"endpoint":"secmgmt.refresh-token","kind":"latencyMs","value":6000,"count":1})"), 1);
        QVERIFY(setClock(renewPointOf(issuedSession))); // due as soon as watch looks

        QProcess watch;
        QVERIFY(startWatch(watch));
        QByteArray output;
        // The sandbox took the refresh (and its fault): the old refresh token is spent.
        QTRY_COMPARE_WITH_TIMEOUT(faults(m_shortUrl), 0, 10000);
        watch.terminate(); // while the refresh waits out its 6 s (ample, on a loaded machine)
        QVERIFY(watch.waitForFinished(15000));
        QCOMPARE(watch.exitCode(), 0);
        const QByteArray err = watch.readAllStandardError();
        QVERIFY2(err.contains("waiting for 1 renewal(s) in flight"), (output + watch.readAllStandardOutput() + "\nstderr: " + err).constData());
        // Saved after the answer: renewed, not left "renewing" (the new token is far from its
        // threshold on the test's clock).
        const QJsonObject saved = sessionById(id);
        QCOMPARE(saved[QLatin1String("state")].toString(), QStringLiteral("fresh"));
        QCOMPARE(saved[QLatin1String("renewals")].toInt(), 1);
        // The pair it kept is the live one: the single-use refresh token works.
        const CliRun again = cli({QStringLiteral("sessions"), QStringLiteral("renew"), id});
        QVERIFY2(again.exitCode == 0, again.err.constData());
    }

    // `--env Sandbox` runs the embedded sandbox over the kept state in the data folder: a token
    // one command got is known to the sandbox of the next command, and its sessions are kept.
    void sandboxSessionsAreKeptAcrossProcesses()
    {
        const CliRun app = cli(args({"call", "bankezy.get-app-token", "--env", "Sandbox"}));
        QVERIFY2(app.exitCode == 0, (app.out + app.err).constData());
        QVERIFY2(!app.err.contains("not kept"), app.err.constData());
        const QString appId = ids().constLast();
        QCOMPARE(sessionById(appId)[QLatin1String("environment")].toString(), QStringLiteral("Sandbox"));
        const QString state = m_home.filePath(QStringLiteral("data/TokenDesk/TokenDesk/sandbox/sandbox.json"));
        QVERIFY(QFile::exists(state));
        QCOMPARE(QFile::permissions(state) & (QFile::ReadGroup | QFile::ReadOther), QFileDevice::Permissions());

        const CliRun user = cli(args({"call", "bankezy.get-user-token", "--env", "Sandbox"}));
        QVERIFY2(user.exitCode == 0, (user.out + user.err).constData());
        QVERIFY2(user.err.contains("continuing session " + appId.left(8).toUtf8()), user.err.constData());
        const QString userId = ids().constLast();
        QCOMPARE(sessionById(userId)[QLatin1String("endpoint")].toString(), QStringLiteral("bankezy.get-user-token"));

        // A third process renews the user token the second one's sandbox issued.
        const CliRun renew = cli(args({"call", "bankezy.renew-token", "--env", "Sandbox"}));
        QVERIFY2(renew.exitCode == 0, (renew.out + renew.err).constData());
        QCOMPARE(sessionById(userId)[QLatin1String("renewals")].toInt(), 1);
        QCOMPARE(sessionById(userId)[QLatin1String("state")].toString(), QStringLiteral("fresh"));

        // `sessions renew` with no sandbox running: the command starts the kept one to renew against.
        const CliRun again = cli({QStringLiteral("sessions"), QStringLiteral("renew"), userId});
        QVERIFY2(again.exitCode == 0, (again.out + again.err).constData());
        QCOMPARE(sessionById(userId)[QLatin1String("renewals")].toInt(), 2);
    }

    // A session of a family only a --specs folder describes: `sessions renew` renews it by the
    // family's own refresh step when given the same --specs, and says it cannot without it.
    void aSpecsFamilySessionRenewsWithItsSpecs()
    {
        const QString specs = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex");
        const QString credentials = m_home.filePath(QStringLiteral("globex-credentials.json"));
        QFile file(credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"bankezy\": {\"X-API-KEY\": \"a\", \"apiKey\": \"b\", \"secret\": \"c\", \"sdkApiKey\": \"d\"},"
                   " \"enos\": {\"appKey\": \"e\", \"appSecret\": \"f\"}, \"secmgmt\": {\"username\": \"g\", \"password\": \"h\"},"
                   " \"globex\": {\"clientId\": \"globex-31\", \"clientSecret\": \"gl0bex-Plum-31\"}}");
        file.close();
        QProcess globex;
        const QString url = startSandboxProcess(globex, credentials, {QStringLiteral("--specs"), specs});
        QVERIFY(!url.isEmpty());
        const CliRun call = cli({QStringLiteral("call"), QStringLiteral("globex.sign-in"), QStringLiteral("--specs"), specs,
                                 QStringLiteral("--base-url"), url, QStringLiteral("--credentials"), credentials});
        QVERIFY2(call.exitCode == 0, (call.out + call.err).constData());
        const QString id = ids().constLast();
        QCOMPARE(sessionById(id)[QLatin1String("family")].toString(), QStringLiteral("globex"));

        const CliRun without = cli({QStringLiteral("sessions"), QStringLiteral("renew"), id});
        QCOMPARE(without.exitCode, 1);
        const CliRun with = cli({QStringLiteral("sessions"), QStringLiteral("renew"), id, QStringLiteral("--specs"), specs});
        stop(globex);
        QVERIFY2(with.exitCode == 0, (with.out + with.err).constData());
        QCOMPARE(sessionById(id)[QLatin1String("renewals")].toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_SessionsCli)
#include "tst_SessionsCli.moc"
