// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox serves a user family from its specs alone (GenericFamilyService): the docs' worked
// example (tests/data/specs/globex) and an HMAC-signed family (tests/data/specs/initech) run end
// to end as `tokendesk-cli flow FAMILY --specs DIR` against `tokendesk-sandbox --specs DIR
// --credentials FILE`, both real processes on loopback; then hostile requests straight over a
// socket: a wrong signature or credential (401), a missing required field (400), an unknown or
// spent refresh token (401), a huge body (413). Last, the embedded sandbox (SandboxHost) picks up
// a spec folder given while it runs, and the app's path: a Workspace whose embedded sandbox
// follows its spec folders, and a FlowRunner filled from its Sandbox environment.
#include "core/api/FlowRunner.h"
#include "core/api/SpecLibrary.h"
#include "core/crypto/Digest.h"
#include "core/net/EnvironmentStore.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxHost.h"
#include "core/sandbox/SandboxLimits.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

const QString kGlobexId = QStringLiteral("globex-client-7");
const QString kGlobexSecret = QStringLiteral("globex-secret-Zq81");
const QString kInitechId = QStringLiteral("initech-client-3");
const QString kInitechSecret = QStringLiteral("initech-secret-Pw55");

QString specsDir(const char *family)
{
    return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/") + QLatin1String(family);
}

// A --credentials file: the built-in families' demo values and `families` on top.
QJsonObject credentials(const QJsonObject &families)
{
    QJsonObject object{
        {QStringLiteral("bankezy"), QJsonObject{{QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001")},
                                                {QStringLiteral("apiKey"), QStringLiteral("MOB-APP")},
                                                {QStringLiteral("secret"), QStringLiteral("TEST123")},
                                                {QStringLiteral("sdkApiKey"), QStringLiteral("ABCDEFGH")}}},
        {QStringLiteral("enos"), QJsonObject{{QStringLiteral("appKey"), QStringLiteral("k")}, {QStringLiteral("appSecret"), QStringLiteral("s")}}},
        {QStringLiteral("secmgmt"), QJsonObject{{QStringLiteral("username"), QStringLiteral("u")}, {QStringLiteral("password"), QStringLiteral("p")}}},
    };
    for (auto it = families.begin(); it != families.end(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject pair(const QString &id, const QString &secret)
{
    return QJsonObject{{QStringLiteral("clientId"), id}, {QStringLiteral("clientSecret"), secret}};
}

struct Answer {
    int status = 0;
    QJsonObject json;
    QByteArray body;
};

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class tst_SandboxUserFamily : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    QProcess m_sandbox;
    QUrl m_url;
    QString m_credentialsFile;

    QString writeFile(const QString &name, const QJsonObject &object)
    {
        const QString path = QDir(m_home.path()).filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(object).toJson()) <= 0)
            return {};
        return path;
    }

    // tokendesk-sandbox serving both families with the test's credentials; its URL (empty on failure).
    QUrl startSandbox(QProcess &sandbox, const QStringList &extra = {})
    {
        sandbox.setProcessEnvironment(m_env);
        sandbox.start(QStringLiteral(TOKENDESK_SANDBOX_PATH),
                      QStringList{QStringLiteral("--specs"), specsDir("globex"), QStringLiteral("--specs"), specsDir("initech"),
                                  QStringLiteral("--credentials"), m_credentialsFile} + extra);
        if (!sandbox.waitForStarted(10000))
            return {};
        QElapsedTimer timer;
        timer.start();
        while (!sandbox.canReadLine() && timer.elapsed() < 10000)
            sandbox.waitForReadyRead(500);
        return QUrl(QString::fromUtf8(sandbox.readLine().trimmed()));
    }

    Run cli(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(TOKENDESK_CLI_PATH), arguments);
        Run run;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    // `flow FAMILY --json --verbose` (the exchanges, masked, on stderr) with the client's own credentials file (the values it fills fields with).
    Run flow(const char *family, const QJsonObject &clientCredentials)
    {
        const QString file = writeFile(QStringLiteral("client-%1.json").arg(QLatin1String(family)), credentials(clientCredentials));
        return cli({QStringLiteral("flow"), QString::fromLatin1(family), QStringLiteral("--specs"), specsDir(family),
                    QStringLiteral("--base-url"), m_url.toString(), QStringLiteral("--credentials"), file,
                    QStringLiteral("--no-session"), QStringLiteral("--json"), QStringLiteral("--verbose")});
    }

    // One request over a fresh connection; the answer as the sandbox wrote it.
    static Answer post(const QUrl &url, const QString &path, const QByteArray &body,
                       const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(url.port()));
        Answer answer;
        if (!socket.waitForConnected(5000))
            return answer;
        QByteArray request = "POST " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        for (const auto &[name, value] : headers)
            request += name + ": " + value + "\r\n";
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        socket.write(request);
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 10000) {
            socket.waitForReadyRead(200);
            received += socket.readAll();
        }
        received += socket.readAll();
        const qsizetype split = received.indexOf("\r\n\r\n");
        answer.status = received.mid(9, 3).toInt();
        answer.body = split < 0 ? QByteArray() : received.mid(split + 4);
        answer.json = QJsonDocument::fromJson(answer.body).object();
        return answer;
    }

    Answer post(const QString &path, const QJsonObject &body, const QList<QPair<QByteArray, QByteArray>> &headers = {}) const
    {
        return post(m_url, path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }

    // The Initech headers: the time (`shiftSeconds` from now) and the HMAC the spec describes, under `secret`.
    static QList<QPair<QByteArray, QByteArray>> signedHeaders(const QString &secret, const QString &path, const QString &subject,
                                                               qint64 shiftSeconds = 0)
    {
        const QByteArray date = QByteArray::number(QDateTime::currentSecsSinceEpoch() + shiftSeconds);
        const QByteArray text = "POST\n" + path.toUtf8() + "\n" + date + "\n" + subject.toUtf8();
        const Result<SecureBytes> mac = hmac(DigestAlgorithm::Sha256, secret.toUtf8(), text);
        return {{"X-Date", date}, {"X-Signature", mac ? mac->toByteArray().toBase64() : QByteArray()}};
    }

    QJsonObject storeSizes() const
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_url.port()));
        if (!socket.waitForConnected(5000))
            return {};
        socket.write("GET /__sandbox/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray received;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
            received += socket.readAll();
        received += socket.readAll();
        return QJsonDocument::fromJson(received.mid(received.indexOf("\r\n\r\n") + 4)).object().value(QLatin1String("stores")).toObject();
    }

    static QJsonArray steps(const Run &run)
    {
        return QJsonDocument::fromJson(run.out).object().value(QLatin1String("steps")).toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.remove(QStringLiteral("TOKENDESK_SPECS_PATH"));
        for (const char *variable : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}) {
            const QString folder = QDir(m_home.path()).filePath(QString::fromLatin1(variable));
            QVERIFY(QDir().mkpath(folder));
            m_env.insert(QString::fromLatin1(variable), folder);
        }
        m_credentialsFile = writeFile(QStringLiteral("sandbox-credentials.json"),
                                      credentials({{QStringLiteral("globex"), pair(kGlobexId, kGlobexSecret)},
                                                   {QStringLiteral("initech"), pair(kInitechId, kInitechSecret)}}));
        QVERIFY(!m_credentialsFile.isEmpty());
        m_url = startSandbox(m_sandbox);
        QVERIFY2(m_url.isValid() && m_url.port() > 0, m_sandbox.readAllStandardError().constData());
    }

    void cleanupTestCase()
    {
        m_sandbox.terminate();
        if (!m_sandbox.waitForFinished(10000))
            m_sandbox.kill();
    }

    // The docs' worked example: sign in, then trade the refresh token, through the CLI's flow.
    void workedExampleFlow()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const Run run = flow("globex", {{QStringLiteral("globex"), pair(kGlobexId, kGlobexSecret)}});
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        const QJsonArray done = steps(run);
        QCOMPARE(done.size(), 2);
        QCOMPARE(done.at(0)[QLatin1String("endpoint")].toString(), QStringLiteral("globex.sign-in"));
        QCOMPARE(done.at(1)[QLatin1String("endpoint")].toString(), QStringLiteral("globex.refresh"));
        for (const QJsonValue &step : done) {
            QVERIFY(step[QLatin1String("ok")].toBool());
            QCOMPARE(step[QLatin1String("code")].toString(), QStringLiteral("ok"));
            // expires_in, seconds from now: the sandbox's hour for user families.
            const qint64 expiresAt = step[QLatin1String("expiresAt")].toInteger();
            QVERIFY2(expiresAt >= before + 3600 * 1000 - 2000 && expiresAt <= QDateTime::currentMSecsSinceEpoch() + 3600 * 1000 + 1000,
                     qPrintable(QString::number(expiresAt - before)));
        }
        // The expiry came from the mapped member, not from the token's own exp.
        QCOMPARE(run.err.count("\"expires_in\":3600"), 2);
        QVERIFY(!run.out.contains(kGlobexSecret.toUtf8()));
    }

    // The signed family: the sandbox recomputes X-Signature with the secret the client never sends.
    void signedFlow()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 tokensBefore = storeSizes().value(QLatin1String("userFamilyTokens")).toInteger();
        const Run run = flow("initech", {{QStringLiteral("initech"), pair(kInitechId, kInitechSecret)}});
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        const QJsonArray done = steps(run);
        QCOMPARE(done.size(), 2);
        for (const QJsonValue &step : done) {
            QVERIFY2(step[QLatin1String("ok")].toBool(), qPrintable(step[QLatin1String("message")].toString()));
            const qint64 expiresAt = step[QLatin1String("expiresAt")].toInteger(); // epoch-ms, then seconds-from-now
            QVERIFY(expiresAt >= before + 3600 * 1000 - 2000 && expiresAt <= QDateTime::currentMSecsSinceEpoch() + 3600 * 1000 + 1000);
        }
        // Each expiry in its step's unit: epoch-ms at data.expiresAt, then seconds at data.expiresIn.
        QVERIFY2(run.err.contains("\"expiresAt\":1"), run.err.constData());
        QVERIFY2(run.err.contains("\"expiresIn\":3600"), run.err.constData());
        // Sign-in kept a token and a refresh token, the refresh two more and spent one (single use).
        QCOMPARE(storeSizes().value(QLatin1String("userFamilyTokens")).toInteger(), tokensBefore + 3);
    }

    void wrongSecretSignatureRefused()
    {
        // The real client, signing with a secret the sandbox does not hold.
        const Run run = flow("initech", {{QStringLiteral("initech"), pair(kInitechId, QStringLiteral("not-the-secret"))}});
        QCOMPARE(run.exitCode, 1);
        const QJsonArray done = steps(run);
        QVERIFY(!done.isEmpty());
        QCOMPARE(done.at(0)[QLatin1String("httpStatus")].toInt(), 401);
        QVERIFY2(done.at(0)[QLatin1String("message")].toString().contains(QLatin1String("X-Signature")), run.out.constData());

        // And by hand: the answer names the field and echoes no secret.
        const QString path = QStringLiteral("/initech/v2/token");
        const Answer answer = post(path, {{QStringLiteral("clientId"), kInitechId}},
                                   signedHeaders(QStringLiteral("not-the-secret"), path, kInitechId));
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.json.value(QLatin1String("code")).toString(), QStringLiteral("signature-mismatch"));
        QVERIFY(answer.json.value(QLatin1String("message")).toString().contains(QLatin1String("X-Signature")));
        QVERIFY(!answer.body.contains(kInitechSecret.toUtf8()));
        QVERIFY(!answer.body.contains("not-the-secret"));
        // The same request signed right is served: the refusal was the signature's.
        const Answer good = post(path, {{QStringLiteral("clientId"), kInitechId}}, signedHeaders(kInitechSecret, path, kInitechId));
        QCOMPARE(good.status, 200);
        QCOMPARE(good.json.value(QLatin1String("result")).toInt(-1), 0);
        QVERIFY(!good.json[QLatin1String("data")][QLatin1String("accessToken")].toString().isEmpty());
    }

    // X-Date is computed as now_s(): a request signed right but with a time outside the sandbox's
    // window (±300 s) is refused as such, before its signature; one inside is served.
    void timestampOutsideTheWindowRefused_data()
    {
        QTest::addColumn<qint64>("shiftSeconds");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("an hour stale") << qint64(-3600) << 401 << "The timestamp X-Date is 3600 s behind the sandbox's time; the window is ±300 s.";
        QTest::newRow("ten minutes ahead") << qint64(600) << 401 << "The timestamp X-Date is 600 s ahead of the sandbox's time";
        QTest::newRow("four minutes behind") << qint64(-240) << 200 << "";
    }

    void timestampOutsideTheWindowRefused()
    {
        QFETCH(qint64, shiftSeconds);
        QFETCH(int, status);
        QFETCH(QString, fragment);
        const QString path = QStringLiteral("/initech/v2/token");
        const Answer answer = post(path, {{QStringLiteral("clientId"), kInitechId}},
                                   signedHeaders(kInitechSecret, path, kInitechId, shiftSeconds));
        QCOMPARE(answer.status, status);
        if (status == 200)
            return;
        QCOMPARE(answer.json.value(QLatin1String("code")).toString(), QStringLiteral("timestamp-out-of-window"));
        // The number of seconds may be one off when the second turns between signing and checking.
        const QString message = answer.json.value(QLatin1String("message")).toString();
        QVERIFY2(message.startsWith(fragment.left(10)) && message.contains(fragment.mid(fragment.indexOf(QLatin1String(" s ")))),
                 qPrintable(message));
    }

    // A server whose clock is 10 minutes ahead refuses the signed sign-in for its timestamp, and
    // the client's first likely cause is that clock, read from the server's Date header.
    void skewedServerClockIsTheFirstCause()
    {
        QProcess skewed;
        const QUrl url = startSandbox(skewed, {QStringLiteral("--clock-offset"), QStringLiteral("600")});
        QVERIFY2(url.isValid() && url.port() > 0, skewed.readAllStandardError().constData());
        const QString file = writeFile(QStringLiteral("client-skew.json"),
                                       credentials({{QStringLiteral("initech"), pair(kInitechId, kInitechSecret)}}));
        const Run run = cli({QStringLiteral("flow"), QStringLiteral("initech"), QStringLiteral("--specs"), specsDir("initech"),
                             QStringLiteral("--base-url"), url.toString(), QStringLiteral("--credentials"), file,
                             QStringLiteral("--no-session")});
        skewed.terminate();
        skewed.waitForFinished(10000);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("code timestamp-out-of-window"), run.out.constData());
        const qsizetype likely = run.out.indexOf("likely: ");
        QVERIFY2(likely > 0 && run.out.mid(likely).startsWith("likely: The server's clock is 10 min"), run.out.constData());
    }

    void timestampNotANumberRefused()
    {
        const QString path = QStringLiteral("/initech/v2/token");
        QList<QPair<QByteArray, QByteArray>> headers = signedHeaders(kInitechSecret, path, kInitechId);
        headers[0].second = "Tue, 01 Dec 2026 10:00:00 GMT";
        const Answer answer = post(path, {{QStringLiteral("clientId"), kInitechId}}, headers);
        QCOMPARE(answer.status, 400);
        QVERIFY2(answer.json.value(QLatin1String("message")).toString().contains(QLatin1String("X-Date is not a time in seconds since 1970")),
                 answer.body.constData());
    }

    void wrongCredentialRefused()
    {
        const Answer answer = post(QStringLiteral("/globex/v1/token"),
                                   {{QStringLiteral("clientId"), kGlobexId}, {QStringLiteral("clientSecret"), QStringLiteral("guess")}});
        QCOMPARE(answer.status, 401);
        QVERIFY(answer.json.value(QLatin1String("detail")).toString().contains(QLatin1String("clientSecret")));
        QVERIFY(!answer.body.contains(kGlobexSecret.toUtf8()));
    }

    void missingRequiredField()
    {
        const Answer answer = post(QStringLiteral("/globex/v1/token"), {{QStringLiteral("clientSecret"), kGlobexSecret}});
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json.value(QLatin1String("code")).toString(), QStringLiteral("field-missing"));
        QVERIFY2(answer.json.value(QLatin1String("error")).toString().contains(QLatin1String("clientId")), answer.body.constData());
        const Answer notJson = post(m_url, QStringLiteral("/globex/v1/token"), "[1,2]");
        QCOMPARE(notJson.status, 400);
    }

    void unknownRefreshToken()
    {
        const Answer answer = post(QStringLiteral("/globex/v1/refresh"),
                                   {{QStringLiteral("clientId"), kGlobexId}, {QStringLiteral("refreshToken"), QStringLiteral("never-issued")}});
        QCOMPARE(answer.status, 401);
        QVERIFY2(answer.json.value(QLatin1String("error")).toString().startsWith(QLatin1String("unknown token")), answer.body.constData());
        QCOMPARE(answer.json.value(QLatin1String("code")).toString(), QStringLiteral("unknown-token"));
    }

    // Initech's refresh tokens are single use: the second trade of one is refused. A Globex
    // token is not an Initech one.
    void spentAndForeignRefreshTokens()
    {
        const Answer globex = post(QStringLiteral("/globex/v1/token"),
                                   {{QStringLiteral("clientId"), kGlobexId}, {QStringLiteral("clientSecret"), kGlobexSecret}});
        QCOMPARE(globex.status, 200);
        const QString signIn = QStringLiteral("/initech/v2/token");
        const Answer issued = post(signIn, {{QStringLiteral("clientId"), kInitechId}}, signedHeaders(kInitechSecret, signIn, kInitechId));
        QCOMPARE(issued.status, 200);
        const QString refresh = issued.json[QLatin1String("data")][QLatin1String("refreshToken")].toString();
        QVERIFY(!refresh.isEmpty());
        const QString path = QStringLiteral("/initech/v2/refresh");
        auto trade = [&](const QString &token) {
            return post(path, {{QStringLiteral("clientId"), kInitechId}, {QStringLiteral("refreshToken"), token}},
                        signedHeaders(kInitechSecret, path, token));
        };
        const QString foreign = globex.json.value(QLatin1String("refresh_token")).toString();
        QVERIFY(!foreign.isEmpty());
        QCOMPARE(trade(foreign).status, 401);
        const Answer first = trade(refresh);
        QCOMPARE(first.status, 200);
        QVERIFY(first.json[QLatin1String("data")][QLatin1String("expiresIn")].toInteger() > 3500);
        const Answer again = trade(refresh);
        QCOMPARE(again.status, 401);
        QVERIFY(again.json.value(QLatin1String("error")).toString().startsWith(QLatin1String("unknown token")));
    }

    // The fault plan takes a user family's endpoints too; the forced error is in the mapping's shape.
    void faultOnAUserEndpoint()
    {
        const QJsonObject signIn{{QStringLiteral("clientId"), kGlobexId}, {QStringLiteral("clientSecret"), kGlobexSecret}};
        const Answer armed = post(QStringLiteral("/__sandbox/faults"),
                                  {{QStringLiteral("endpoint"), QStringLiteral("globex.sign-in")}, {QStringLiteral("kind"), QStringLiteral("httpStatus")},
                                   {QStringLiteral("value"), 503}, {QStringLiteral("count"), 1}});
        QVERIFY2(armed.status == 200, armed.body.constData());
        const Answer forced = post(QStringLiteral("/globex/v1/token"), signIn);
        QCOMPARE(forced.status, 503);
        QVERIFY(forced.json.value(QLatin1String("detail")).toString().startsWith(QLatin1String("Forced by the sandbox fault plan")));
        QCOMPARE(post(QStringLiteral("/globex/v1/token"), signIn).status, 200);
        QCOMPARE(post(QStringLiteral("/__sandbox/faults"), {{QStringLiteral("endpoint"), QStringLiteral("globex.nope")},
                                                           {QStringLiteral("kind"), QStringLiteral("drop")}}).status, 400);
    }

    void hugeBodyRefused()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_url.port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /globex/v1/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(SandboxLimits::kMaxBodyBytes + 1) + "\r\n\r\n");
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        while (!received.contains("\r\n\r\n") && timer.elapsed() < 10000 && socket.state() == QAbstractSocket::ConnectedState) {
            socket.waitForReadyRead(200);
            received += socket.readAll();
        }
        QVERIFY2(received.startsWith("HTTP/1.1 413"), received.left(40).constData());
    }

    // --user-lifetime sets what the generic service issues; a nonsense value is refused.
    void userLifetimeOption()
    {
        QProcess sandbox;
        sandbox.setProcessEnvironment(m_env);
        sandbox.start(QStringLiteral(TOKENDESK_SANDBOX_PATH), {QStringLiteral("--specs"), specsDir("globex"), QStringLiteral("--credentials"),
                                                               m_credentialsFile, QStringLiteral("--user-lifetime"), QStringLiteral("120")});
        QVERIFY(sandbox.waitForStarted(10000));
        QElapsedTimer timer;
        timer.start();
        while (!sandbox.canReadLine() && timer.elapsed() < 10000)
            sandbox.waitForReadyRead(500);
        const QUrl url(QString::fromUtf8(sandbox.readLine().trimmed()));
        const Answer answer = post(url, QStringLiteral("/globex/v1/token"),
                                   QJsonDocument(QJsonObject{{QStringLiteral("clientId"), kGlobexId},
                                                             {QStringLiteral("clientSecret"), kGlobexSecret}})
                                       .toJson(QJsonDocument::Compact));
        sandbox.terminate();
        QVERIFY(sandbox.waitForFinished(10000));
        QCOMPARE(answer.status, 200);
        const qint64 seconds = answer.json.value(QLatin1String("expires_in")).toInteger();
        QVERIFY2(seconds >= 119 && seconds <= 120, qPrintable(QString::number(seconds)));

        QProcess refused;
        refused.setProcessEnvironment(m_env);
        refused.start(QStringLiteral(TOKENDESK_SANDBOX_PATH), {QStringLiteral("--user-lifetime"), QStringLiteral("0")});
        QVERIFY(refused.waitForFinished(10000));
        QCOMPARE(refused.exitCode(), 2);
        QVERIFY(refused.readAllStandardError().contains("--user-lifetime"));
    }

    // The embedded sandbox: a spec folder handed over while it runs is routed at once.
    void embeddedSandboxTakesSpecFolders()
    {
        SandboxConfig config;
        Result<SandboxCredentials> loaded = SandboxCredentials::fromJsonFile(m_credentialsFile);
        QVERIFY(loaded.ok());
        config.credentials = loaded.value();
        SandboxHost host(config);
        const Result<QUrl> url = host.start();
        QVERIFY(url.ok());
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("clientId"), kGlobexId},
                                                          {QStringLiteral("clientSecret"), kGlobexSecret}})
                                    .toJson(QJsonDocument::Compact);
        QCOMPARE(post(url.value(), QStringLiteral("/globex/v1/token"), body).status, 404);
        host.setSpecFolders({specsDir("globex")});
        const Answer answer = post(url.value(), QStringLiteral("/globex/v1/token"), body);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.json.value(QLatin1String("expires_in")).toInteger() > 3500);
        QVERIFY(host.infoJson().value(QLatin1String("endpoints")).toArray().contains(QStringLiteral("globex.refresh")));
    }

    // The app's composition: the Workspace's embedded sandbox serves the workspace's spec folders
    // and reads them again with it; with the demo credentials it makes up values for a new family,
    // and the Sandbox environment carries them, so the family's flow runs with nothing typed.
    void workspaceSandboxFollowsItsSpecFolders()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString folder = dir.filePath(QStringLiteral("apis"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/families")));
        Workspace workspace(Workspace::Options{dir.filePath(QStringLiteral("environments.json")),
                                               dir.filePath(QStringLiteral("history.jsonl")),
                                               dir.filePath(QStringLiteral("vault.tdvault")), SandboxConfig(), {folder}});
        QVERIFY(workspace.startSandbox().ok());
        const QUrl url = workspace.sandbox()->url();
        QCOMPARE(post(url, QStringLiteral("/initech/v2/token"), "{}").status, 404);

        for (const char *family : {"globex", "initech"}) {
            for (const QString &name : {QStringLiteral(".sign-in.json"), QStringLiteral(".refresh.json")})
                QVERIFY(QFile::copy(specsDir(family) + QLatin1Char('/') + QLatin1String(family) + name,
                                    folder + QLatin1Char('/') + QLatin1String(family) + name));
            const QString familyFile = QStringLiteral("/families/%1.json").arg(QLatin1String(family));
            QVERIFY(QFile::copy(specsDir(family) + familyFile, folder + familyFile));
        }
        workspace.reloadSpecs();
        QCOMPARE(workspace.catalog().flow(u"initech").size(), 2);
        const SandboxCredentials served = workspace.sandbox()->credentials();
        QCOMPARE(served.family(QStringLiteral("initech")).value(QStringLiteral("clientSecret")), QStringLiteral("demo-clientSecret"));
        QCOMPARE(served.family(QStringLiteral("globex")).value(QStringLiteral("clientId")), QStringLiteral("demo-clientId"));

        const Environment *sandbox = workspace.environments().find(QStringLiteral("Sandbox"));
        QVERIFY(sandbox);
        QCOMPARE(sandbox->values.value(QStringLiteral("clientSecret")), QStringLiteral("demo-clientSecret"));
        for (const QString &family : {QStringLiteral("globex"), QStringLiteral("initech")}) {
            FlowRunner flow(workspace.client(), workspace.catalog(), family, *sandbox, {});
            QEventLoop loop;
            connect(&flow, &FlowRunner::finished, &loop, &QEventLoop::quit);
            flow.start();
            if (flow.steps().size() < 2)
                loop.exec();
            QVERIFY2(flow.ok(), QJsonDocument(flow.toJson()).toJson().constData());
            QCOMPARE(flow.steps().size(), 2);
            QVERIFY(!flow.steps().at(1).refreshToken.isEmpty());
        }
        // A wrong secret is still refused: the made-up values are checked like given ones.
        const QString path = QStringLiteral("/initech/v2/token");
        QCOMPARE(post(url, path, QJsonDocument(QJsonObject{{QStringLiteral("clientId"), QStringLiteral("demo-clientId")}}).toJson(),
                      signedHeaders(QStringLiteral("guess"), path, QStringLiteral("demo-clientId")))
                     .status,
                 401);
    }
};

QTEST_GUILESS_MAIN(tst_SandboxUserFamily)
#include "tst_SandboxUserFamily.moc"
