// SPDX-License-Identifier: GPL-3.0-or-later
// The real client (specs, adapters, ApiClient) against the real sandbox over loopback: every
// endpoint's success path, every documented error, both renew shapes, the three KDF settings and
// every injected fault, each with the specific outcome a support engineer would see.
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/CallHistory.h"
#include "core/api/FlowRunner.h"
#include "core/inspect/TokenInspector.h"
#include "core/jose/JwtClaims.h"
#include "core/net/ApiClient.h"
#include "core/net/CurlExport.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxServer.h"
#include "core/api/BankEzyCrypto.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultValueSource.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace td;

Q_DECLARE_METATYPE(td::KdfMode)
Q_DECLARE_METATYPE(td::RenewShape)
Q_DECLARE_METATYPE(td::SandboxFault::Kind)
Q_DECLARE_METATYPE(td::ErrorCode)

using Values = QMap<QString, QString>;

namespace {

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list.append(QString::fromUtf8(item));
    return list;
}

Values values(std::initializer_list<std::pair<const char *, const char *>> items)
{
    Values map;
    for (const auto &[name, value] : items)
        map.insert(QString::fromUtf8(name), QString::fromUtf8(value));
    return map;
}

QString describe(const TokenResult &result)
{
    return result.endpointId + QStringLiteral(": ") + result.summary();
}

} // namespace

class tst_ApiIntegration : public QObject
{
    Q_OBJECT

private:
    std::optional<SandboxKeys> m_keys;
    std::unique_ptr<SandboxServer> m_server;
    Environment m_environment;
    ApiClient m_client;
    qint64 m_clockOffsetMs = 0; // the sandbox's clock = now + offset (renew window tests)

    void startServer(SandboxConfig config = {})
    {
        m_server.reset();
        m_clockOffsetMs = 0;
        config.nowMs = [this] { return QDateTime::currentMSecsSinceEpoch() + m_clockOffsetMs; };
        m_server = std::make_unique<SandboxServer>(config, *m_keys);
        Result<QUrl> url = m_server->start();
        QVERIFY(url.ok());
        m_environment = SandboxEnvironment::make(url.value(), config);
    }

    TokenResult call(const QString &id, const QMap<QString, QString> &values, CallContext &context)
    {
        const EndpointSpec *spec = EndpointCatalog::builtIn().find(id);
        if (!spec)
            return notRun(id);
        ApiCall apiCall(m_client, *spec, m_environment, values, context);
        QSignalSpy finished(&apiCall, &ApiCall::finished);
        apiCall.start();
        if (!finished.wait(20000))
            return notRun(QStringLiteral("(timed out) ") + id);
        return apiCall.result();
    }

    static TokenResult notRun(const QString &id)
    {
        TokenResult result;
        result.endpointId = id;
        result.error = makeError(ErrorCode::Internal, QStringLiteral("the test could not run %1").arg(id));
        return result;
    }

    QList<TokenResult> flow(const QString &family, const QMap<QString, QString> &values = {})
    {
        FlowRunner runner(m_client, EndpointCatalog::builtIn(), family, m_environment, values);
        QSignalSpy finished(&runner, &FlowRunner::finished);
        runner.start();
        if (!finished.wait(30000))
            return {};
        return runner.steps();
    }

    // Runs Get App Token and Get User Token so that `context` holds a user session.
    bool userSession(CallContext &context)
    {
        return call(QStringLiteral("bankezy.get-app-token"), {}, context).ok
            && call(QStringLiteral("bankezy.get-user-token"), {}, context).ok;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        QVERIFY(keys.ok());
        m_keys = keys.value();
    }

    void everyFlowSucceeds_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QStringList>("endpoints");
        QTest::newRow("bankezy") << "bankezy"
                                 << strings({"bankezy.get-app-token", "bankezy.get-user-token", "bankezy.renew-token"});
        QTest::newRow("enos") << "enos" << strings({"enos.get-token", "enos.refresh-token"});
        QTest::newRow("secmgmt") << "secmgmt" << strings({"secmgmt.create-token", "secmgmt.refresh-token"});
    }

    void everyFlowSucceeds()
    {
        QFETCH(QString, family);
        QFETCH(QStringList, endpoints);
        startServer();
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QList<TokenResult> steps = flow(family);
        QCOMPARE(steps.size(), endpoints.size());
        QStringList previousTokens;
        for (int i = 0; i < steps.size(); ++i) {
            const TokenResult &step = steps.at(i);
            QVERIFY2(step.ok, qPrintable(describe(step)));
            QCOMPARE(step.endpointId, endpoints.at(i));
            QCOMPARE(step.httpStatus, 200);
            QVERIFY(!step.token.isEmpty());
            QVERIFY2(!previousTokens.contains(step.token), "every step issues a new token");
            previousTokens.append(step.token);
            // Expiries are absolute instants after the call, within the sandbox's lifetimes.
            QVERIFY(step.expiresAtMs > before);
            QVERIFY(step.expiresAtMs <= QDateTime::currentMSecsSinceEpoch() + 7200 * 1000 + 1000);
        }
    }

    void expiryNormalisedPerFamily_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("field");
        QTest::addColumn<qint64>("lifetimeSeconds");
        QTest::newRow("bankezy epoch ms") << "bankezy" << "expiry" << qint64(900);
        QTest::newRow("enos seconds") << "enos" << "data.expire" << qint64(7200);
        QTest::newRow("secmgmt seconds") << "secmgmt" << "content.0.validityTime" << qint64(3600);
    }

    void expiryNormalisedPerFamily()
    {
        QFETCH(QString, family);
        QFETCH(QString, field);
        QFETCH(qint64, lifetimeSeconds);
        startServer();
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QList<TokenResult> steps = flow(family);
        QVERIFY(!steps.isEmpty());
        const TokenResult &first = steps.first();
        QVERIFY2(first.ok, qPrintable(describe(first)));
        QCOMPARE(first.expiryField, field);
        QVERIFY(qAbs(first.expiresAtMs - (before + lifetimeSeconds * 1000)) < 5000);
        QVERIFY2(first.warnings.isEmpty(), qPrintable(first.warnings.join(QLatin1Char('\n'))));
    }

    void relativeExpiryCountsFromTheCallsClock()
    {
        startServer();
        const qint64 fixedNow = 1'900'000'000'000; // an injected clock, far from the real one
        const EndpointSpec *spec = EndpointCatalog::builtIn().find(QStringLiteral("secmgmt.create-token"));
        CallContext context;
        ApiCall call(m_client, *spec, m_environment, {}, context);
        call.setClock([fixedNow] { return fixedNow; });
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        QVERIFY(finished.wait(10000));
        QVERIFY2(call.result().ok, qPrintable(describe(call.result())));
        QCOMPARE(call.result().receivedAtMs, fixedNow);
        QCOMPARE(call.result().expiresAtMs, fixedNow + 3600 * 1000);
        // The token's own exp follows the server's real clock: the mismatch is reported.
        QCOMPARE(call.result().warnings.size(), 1);
    }

    // Every spec's altPaths are served: the sandbox takes its routes from the specs.
    void unversionedPathsServed_data()
    {
        QTest::addColumn<QString>("family");
        for (const QString &family : EndpointCatalog::builtIn().families())
            QTest::newRow(qPrintable(family)) << family;
    }

    void unversionedPathsServed()
    {
        QFETCH(QString, family);
        startServer();
        const QList<const EndpointSpec *> specs = EndpointCatalog::builtIn().flow(family);
        for (const EndpointSpec *spec : specs) {
            QCOMPARE(spec->altPaths.size(), 1);
            m_environment.pathOverrides.insert(spec->id, spec->altPaths.constFirst());
        }
        const QList<TokenResult> steps = flow(family);
        QCOMPARE(steps.size(), specs.size());
        for (const TokenResult &step : steps)
            QVERIFY2(step.ok, qPrintable(describe(step)));
    }

    void kdfSettings_data()
    {
        QTest::addColumn<KdfMode>("serverKdf");
        QTest::addColumn<KdfMode>("clientKdf");
        QTest::addColumn<bool>("agree");
        QTest::newRow("raw") << KdfMode::Raw << KdfMode::Raw << true;
        QTest::newRow("concat") << KdfMode::Concat << KdfMode::Concat << true;
        QTest::newRow("sha256") << KdfMode::Sha256 << KdfMode::Sha256 << true;
        QTest::newRow("server concat, client raw") << KdfMode::Concat << KdfMode::Raw << false;
        QTest::newRow("server raw, client sha256") << KdfMode::Raw << KdfMode::Sha256 << false;
    }

    void kdfSettings()
    {
        QFETCH(KdfMode, serverKdf);
        QFETCH(KdfMode, clientKdf);
        QFETCH(bool, agree);
        SandboxConfig config;
        config.kdf = serverKdf;
        startServer(config);
        m_environment.kdf = clientKdf;
        const QList<TokenResult> steps = flow(QStringLiteral("bankezy"));
        if (agree) {
            QCOMPARE(steps.size(), 3);
            for (const TokenResult &step : steps)
                QVERIFY2(step.ok, qPrintable(describe(step)));
            return;
        }
        // The key exchange itself succeeds; the server cannot open the first encrypted body.
        QCOMPARE(steps.size(), 2);
        QVERIFY(steps.at(0).ok);
        QCOMPARE(steps.at(1).ok, false);
        QVERIFY2(steps.at(1).code == QLatin1String("TOK003"), qPrintable(describe(steps.at(1))));
        QVERIFY2(steps.at(1).message.contains(QLatin1String("decrypt")), qPrintable(steps.at(1).message));
    }

    void documentedErrors_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<Values>("values");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QString>("code");
        QTest::newRow("TOK002 unknown X-API-KEY") << "bankezy.get-app-token" << values({{"X-API-KEY", "NOPE"}}) << 401 << "TOK002";
        QTest::newRow("TOK004 wrong secret") << "bankezy.get-app-token" << values({{"secret", "wrong"}}) << 401 << "TOK004";
        QTest::newRow("TOK004 wrong apiKey") << "bankezy.get-app-token" << values({{"apiKey", "wrong"}}) << 401 << "TOK004";
        QTest::newRow("TOK003 public key not a point")
            << "bankezy.get-app-token" << values({{"publicKey", "eyJrdHkiOiJFQyJ9"}}) << 400 << "TOK003";
        QTest::newRow("401 unknown app token")
            << "bankezy.get-user-token" << values({{"X-API-TOKEN", "not-a-token"}}) << 401 << "401";
        QTest::newRow("TOK002 wrong sdkApiKey") << "bankezy.get-user-token" << values({{"sdkApiKey", "WRONG"}}) << 401 << "TOK002";
        QTest::newRow("1002 unknown appKey") << "enos.get-token" << values({{"appKey", "no-such-app"}}) << 200 << "1002";
        QTest::newRow("1003 wrong appSecret") << "enos.get-token" << values({{"appSecret", "wrong"}}) << 200 << "1003";
        QTest::newRow("1004 stale timestamp") << "enos.get-token" << values({{"timestamp", "1572574909697"}}) << 200 << "1004";
        QTest::newRow("AUTH_1001 wrong password") << "secmgmt.create-token" << values({{"password", "wrong"}}) << 401 << "AUTH_1001";
        QTest::newRow("AUTH_1001 unknown user") << "secmgmt.create-token" << values({{"username", "nobody"}}) << 401 << "AUTH_1001";
        QTest::newRow("AUTH_1002 forged token")
            << "secmgmt.refresh-token" << values({{"token", "a.b.c"}, {"refreshToken", "d.e.f"}}) << 401 << "AUTH_1002";
    }

    void documentedErrors()
    {
        QFETCH(QString, endpoint);
        QFETCH(Values, values);
        QFETCH(int, httpStatus);
        QFETCH(QString, code);
        startServer();
        CallContext context;
        // Steps before the one under test run normally, so only the deliberate mistake differs.
        if (endpoint == QLatin1String("bankezy.get-user-token"))
            QVERIFY(call(QStringLiteral("bankezy.get-app-token"), {}, context).ok);
        const TokenResult result = call(endpoint, values, context);
        QVERIFY2(!result.ok, qPrintable(describe(result)));
        QVERIFY2(!result.error, qPrintable(describe(result))); // the server answered; not a client failure
        QCOMPARE(result.httpStatus, httpStatus);
        QCOMPARE(result.code, code);
        QVERIFY2(!result.message.isEmpty(), qPrintable(describe(result)));
        QVERIFY(result.token.isEmpty());
    }

    void enosReplayIsRefused()
    {
        startServer();
        CallContext context;
        // The same timestamp twice signs the same string: the second is a replay.
        const QString timestamp = QString::number(QDateTime::currentMSecsSinceEpoch());
        const TokenResult first = call(QStringLiteral("enos.get-token"), {{QStringLiteral("timestamp"), timestamp}}, context);
        QVERIFY2(first.ok, qPrintable(describe(first)));
        const TokenResult second = call(QStringLiteral("enos.get-token"), {{QStringLiteral("timestamp"), timestamp}}, context);
        QCOMPARE(second.ok, false);
        QCOMPARE(second.code, QStringLiteral("1001"));
    }

    void enosSameTokenWhileValid()
    {
        startServer();
        CallContext first, second;
        const TokenResult a = call(QStringLiteral("enos.get-token"), {}, first);
        const TokenResult b = call(QStringLiteral("enos.get-token"), {}, second);
        QVERIFY(a.ok && b.ok);
        QCOMPARE(b.token, a.token);
        QVERIFY(qAbs(b.expiresAtMs - a.expiresAtMs) < 2000);
    }

    void secmgmtRefreshTokenIsSingleUse()
    {
        startServer();
        CallContext context;
        const TokenResult created = call(QStringLiteral("secmgmt.create-token"), {}, context);
        QVERIFY2(created.ok, qPrintable(describe(created)));
        QVERIFY(!created.refreshToken.isEmpty());
        const QMap<QString, QString> oldPair{{QStringLiteral("token"), created.token},
                                             {QStringLiteral("refreshToken"), created.refreshToken}};
        const TokenResult refreshed = call(QStringLiteral("secmgmt.refresh-token"), oldPair, context);
        QVERIFY2(refreshed.ok, qPrintable(describe(refreshed)));
        QVERIFY(refreshed.refreshToken != created.refreshToken);
        // The old pair stopped working; the new one works once.
        const TokenResult reused = call(QStringLiteral("secmgmt.refresh-token"), oldPair, context);
        QCOMPARE(reused.ok, false);
        QCOMPARE(reused.code, QStringLiteral("AUTH_1002"));
        const TokenResult next = call(QStringLiteral("secmgmt.refresh-token"), {}, context);
        QVERIFY2(next.ok, qPrintable(describe(next)));
        // A pair whose halves come from different sessions is refused too.
        const TokenResult mixed = call(QStringLiteral("secmgmt.refresh-token"),
                                       {{QStringLiteral("token"), next.token}, {QStringLiteral("refreshToken"), created.refreshToken}},
                                       context);
        QCOMPARE(mixed.code, QStringLiteral("AUTH_1002"));
    }

    void renewShapes_data()
    {
        QTest::addColumn<RenewShape>("shape");
        QTest::addColumn<QString>("expiryField");
        QTest::addColumn<QString>("code");
        QTest::newRow("flat") << RenewShape::Flat << "expireAt" << "100";
        QTest::newRow("nested") << RenewShape::Nested << "data.expiryDate" << "TOK200";
    }

    void renewShapes()
    {
        QFETCH(RenewShape, shape);
        QFETCH(QString, expiryField);
        QFETCH(QString, code);
        SandboxConfig config;
        config.renewShape = shape;
        startServer(config);
        CallContext context;
        QVERIFY(userSession(context));
        const QString userToken = context.value(QStringLiteral("userToken"));
        const TokenResult renewed = call(QStringLiteral("bankezy.renew-token"), {}, context);
        QVERIFY2(renewed.ok, qPrintable(describe(renewed)));
        QCOMPARE(renewed.code, code);
        QCOMPARE(renewed.expiryField, expiryField);
        QVERIFY(!renewed.token.isEmpty());
        QVERIFY(renewed.token != userToken);
        QVERIFY(!renewed.decryptedBody.isEmpty());
        QCOMPARE(context.value(QStringLiteral("userToken")), renewed.token);
        // The renewed token renews again (the context carries it), the old one does not.
        QVERIFY(call(QStringLiteral("bankezy.renew-token"), {}, context).ok);
        const TokenResult old = call(QStringLiteral("bankezy.renew-token"),
                                     {{QStringLiteral("X-API-TOKEN"), userToken}, {QStringLiteral("token"), userToken}}, context);
        QCOMPARE(old.httpStatus, 401);
        QCOMPARE(old.ok, false);
    }

    void renewRefusals_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("session terminated") << "terminate";
        QTest::newRow("past the renew window") << "late";
        QTest::newRow("account number mismatch") << "account";
        QTest::newRow("header and body tokens differ") << "mismatch";
    }

    void renewRefusals()
    {
        QFETCH(QString, how);
        SandboxConfig config;
        config.bankezyLifetimeSeconds = 60;
        config.renewWindowSeconds = 120;
        startServer(config);
        CallContext context;
        QVERIFY(userSession(context));
        QMap<QString, QString> values;
        if (how == QLatin1String("terminate"))
            QCOMPARE(m_server->terminateAccount(context.value(QStringLiteral("accountNumber"))), 1);
        else if (how == QLatin1String("late"))
            m_clockOffsetMs = (60 + 120 + 1) * 1000;
        else if (how == QLatin1String("account"))
            values.insert(QStringLiteral("X-ACCOUNT-NUMBER"), QStringLiteral("999"));
        else
            values.insert(QStringLiteral("token"), QStringLiteral("something-else"));
        const TokenResult result = call(QStringLiteral("bankezy.renew-token"), values, context);
        QCOMPARE(result.ok, false);
        QCOMPARE(result.httpStatus, 401);
        QVERIFY2(result.message.contains(QLatin1String("Invalid Token Passed")), qPrintable(result.message));
    }

    void renewAfterExpiryWithinWindow()
    {
        SandboxConfig config;
        config.bankezyLifetimeSeconds = 60;
        config.renewWindowSeconds = 120;
        startServer(config);
        CallContext context;
        QVERIFY(userSession(context));
        m_clockOffsetMs = 90 * 1000; // expired 30 s ago, inside the window
        const TokenResult result = call(QStringLiteral("bankezy.renew-token"), {}, context);
        QVERIFY2(result.ok, qPrintable(describe(result)));
    }

    void faults_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<SandboxFault::Kind>("kind");
        QTest::addColumn<QString>("value");
        QTest::addColumn<ErrorCode>("clientError"); // Internal = none: the server's code is shown
        QTest::addColumn<QString>("expected");      // in the code, or in the error message
        QTest::newRow("error code") << "bankezy.get-user-token" << SandboxFault::Kind::ErrorCode << "TOK003" << ErrorCode::Internal << "TOK003";
        QTest::newRow("enos error code") << "enos.get-token" << SandboxFault::Kind::ErrorCode << "1002" << ErrorCode::Internal << "1002";
        QTest::newRow("http status") << "secmgmt.create-token" << SandboxFault::Kind::HttpStatus << "503" << ErrorCode::Internal << "503";
        QTest::newRow("malformed") << "enos.get-token" << SandboxFault::Kind::Malformed << "" << ErrorCode::ResponseMalformed << "not JSON";
        QTest::newRow("truncated") << "secmgmt.create-token" << SandboxFault::Kind::Truncated << "" << ErrorCode::ResponseMalformed << "truncated";
        QTest::newRow("wrong key") << "bankezy.get-user-token" << SandboxFault::Kind::WrongKey << "" << ErrorCode::PayloadDecryptFailed << "session key";
        QTest::newRow("drop") << "enos.get-token" << SandboxFault::Kind::Drop << "" << ErrorCode::ConnectionDropped << "";
        QTest::newRow("latency past the timeout") << "secmgmt.create-token" << SandboxFault::Kind::LatencyMs << "5000" << ErrorCode::Timeout << "";
    }

    void faults()
    {
        QFETCH(QString, endpoint);
        QFETCH(SandboxFault::Kind, kind);
        QFETCH(QString, value);
        QFETCH(ErrorCode, clientError);
        QFETCH(QString, expected);
        startServer();
        m_environment.transport.timeoutMs = 1000;
        CallContext context;
        if (endpoint == QLatin1String("bankezy.get-user-token"))
            QVERIFY(call(QStringLiteral("bankezy.get-app-token"), {}, context).ok);
        // A dropped connection is retried by Qt's HTTP stack, so that fault stays until cleared.
        m_server->addFault(SandboxFault{endpoint, kind, value, kind == SandboxFault::Kind::Drop ? -1 : 1});
        QElapsedTimer clock;
        clock.start();
        const TokenResult result = call(endpoint, {}, context);
        QVERIFY2(clock.elapsed() < 4000, "no hang past the timeout");
        QCOMPARE(result.ok, false);
        if (clientError == ErrorCode::Internal) {
            QVERIFY2(!result.error, qPrintable(describe(result)));
            QVERIFY2(result.code == expected || QString::number(result.httpStatus) == expected, qPrintable(describe(result)));
        } else {
            QVERIFY2(result.error.has_value(), qPrintable(describe(result)));
            QCOMPARE(errorCodeName(result.error->code), errorCodeName(clientError));
            QVERIFY2(result.message.contains(expected, Qt::CaseInsensitive), qPrintable(describe(result)));
        }
        QVERIFY(!result.message.isEmpty());
        // Once the fault is gone, the next request is answered normally.
        m_server->clearFaults();
        CallContext fresh;
        if (endpoint == QLatin1String("bankezy.get-user-token")) {
            QVERIFY(call(QStringLiteral("bankezy.get-app-token"), {}, fresh).ok);
        }
        const TokenResult after = call(endpoint, {}, fresh);
        QVERIFY2(after.ok, qPrintable(describe(after)));
    }

    void latencyWithinTheTimeoutIsJustSlow()
    {
        startServer();
        m_environment.transport.timeoutMs = 5000;
        m_server->addFault(SandboxFault{QStringLiteral("enos.get-token"), SandboxFault::Kind::LatencyMs, QStringLiteral("300"), 1});
        CallContext context;
        const TokenResult result = call(QStringLiteral("enos.get-token"), {}, context);
        QVERIFY2(result.ok, qPrintable(describe(result)));
        QVERIFY(result.durationMs >= 300);
    }

    // Every call of every flow, recorded as the app records it, then exported as curl: neither the
    // history file nor a default curl export holds a secret sent or a token received.
    void historyAndCurlHoldNoSecrets()
    {
        // Secrets that are no substring of a public value (the demo apiKey MOB-APP is a prefix of
        // the public X-API-KEY MOB-APP-2001).
        SandboxConfig config;
        config.credentials.bankezyApiKey = QStringLiteral("body-key-Quince");
        config.credentials.bankezySecret = QStringLiteral("secret-Papaya");
        config.credentials.bankezySdkApiKey = QStringLiteral("sdk-key-Lychee");
        config.credentials.enosAppSecret = QStringLiteral("app-secret-Guava");
        config.credentials.secmgmtPassword = QStringLiteral("password-Durian");
        startServer(config);
        QTemporaryDir dir;
        HistoryStore history(dir.filePath(QStringLiteral("history.jsonl")));
        QStringList secrets = {m_environment.values.value(QStringLiteral("apiKey")), m_environment.values.value(QStringLiteral("secret")),
                               m_environment.values.value(QStringLiteral("sdkApiKey")),
                               m_environment.values.value(QStringLiteral("appSecret")),
                               m_environment.values.value(QStringLiteral("password"))};
        QStringList curls;
        for (const QString &family : EndpointCatalog::builtIn().families()) {
            FlowRunner runner(m_client, EndpointCatalog::builtIn(), family, m_environment, {});
            runner.setObserver([&](const ApiCall &call) {
                QVERIFY(CallHistory::record(history, call).ok());
                curls.append(CurlExport::toCurl(call.prepared().request, false, call.spec().secretFieldNames(),
                                                CallHistory::secretValuesOf(call)));
                secrets << call.result().token << call.result().refreshToken << QString::fromUtf8(call.prepared().request.header("X-API-TOKEN"));
            });
            QSignalSpy finished(&runner, &FlowRunner::finished);
            runner.start();
            QVERIFY(finished.wait(20000));
            QVERIFY(runner.ok());
        }
        secrets.removeAll(QString());
        QVERIFY(secrets.size() >= 5 + 7);
        QFile file(history.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray recorded = file.readAll();
        QCOMPARE(recorded.count('\n'), 7);
        const QString exported = curls.join(QLatin1Char('\n'));
        QVERIFY(exported.contains(QLatin1String("***")));
        for (const QString &secret : std::as_const(secrets)) {
            QVERIFY2(!recorded.contains(secret.toUtf8()), qPrintable(QStringLiteral("history holds ") + secret));
            QVERIFY2(!exported.contains(secret), qPrintable(QStringLiteral("curl export holds ") + secret));
        }
        // Revealing is a separate, explicit export: then the secrets are there.
        const QString revealed = CurlExport::toCurl(HttpRequest{"POST", QUrl(QStringLiteral("http://h/x")), {}, "{\"password\":\"pw-123456\"}"},
                                                    true, {}, {});
        QVERIFY(revealed.contains(QLatin1String("pw-123456")));
    }

    // The sandbox exports its keys so the inspector can open what it issues: the token key opens
    // BankEzy tokens, the HMAC secret verifies EnOS and security-management JWTs.
    void exportedKeysOpenIssuedTokens_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<QString>("kind");
        QTest::newRow("bankezy") << "bankezy" << "tokenKey" << "jwe";
        QTest::newRow("enos") << "enos" << "hmacSecret" << "jws";
        QTest::newRow("secmgmt") << "secmgmt" << "hmacSecret" << "jws";
    }

    void exportedKeysOpenIssuedTokens()
    {
        QFETCH(QString, family);
        QFETCH(QString, keyName);
        QFETCH(QString, kind);
        startServer();
        const QList<TokenResult> steps = flow(family);
        QVERIFY(!steps.isEmpty() && steps.last().ok);
        Result<Jwk> key = Jwk::fromJson(m_server->keys().toJson().value(keyName).toObject());
        QVERIFY(key.ok());
        const InspectionReport report = TokenInspector::inspect(steps.last().token.toLatin1(), {{keyName, key.value()}},
                                                                QDateTime::currentDateTimeUtc());
        QCOMPARE(InspectionReport::kindName(report.kind), kind);
        QVERIFY2(report.keyOperationOk, report.error ? qPrintable(report.error->toString()) : "no error");
        QCOMPARE(report.keyUsed, keyName);
        Result<JwtClaims> claims = JwtClaims::fromPayload(report.payload);
        QVERIFY(claims.ok());
        QVERIFY(claims->expiresAt().has_value());
        QVERIFY(qAbs(*claims->expiresAt() * 1000 - steps.last().expiresAtMs) <= 60 * 1000);
        // Another sandbox's key does not open it.
        Result<SandboxKeys> otherKeys = SandboxKeys::generate();
        QVERIFY(otherKeys.ok());
        Result<Jwk> other = Jwk::fromJson(otherKeys->toJson().value(keyName).toObject());
        QVERIFY(other.ok());
        const InspectionReport refused = TokenInspector::inspect(steps.last().token.toLatin1(), {{keyName, other.value()}},
                                                                 QDateTime::currentDateTimeUtc());
        QCOMPARE(refused.keyOperationOk, false);
    }

    // Environments hold "vault:NAME" references; the vault supplies the secrets and, for the
    // BankEzy client key, a stored EC key that reproduces an exact key exchange.
    void vaultReferencesAreResolved()
    {
        startServer();
        QTemporaryDir dir;
        const SecureBytes passphrase(QByteArrayView("integration passphrase"));
        Result<std::unique_ptr<Vault>> created = Vault::create(dir.filePath(QStringLiteral("v.tdvault")), passphrase, {10, 8, 1});
        QVERIFY(created.ok());
        Vault &vault = *created.value();
        const SandboxCredentials &credentials = m_server->config().credentials;
        QVERIFY(vault.add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("bz api key"), {},
                                                 SecureBytes(credentials.bankezyApiKey.toUtf8()))).ok());
        QVERIFY(vault.add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("bz secret"), {},
                                                 SecureBytes(credentials.bankezySecret.toUtf8()))).ok());
        QVERIFY(vault.add(VaultEntry::credential(VaultEntry::Kind::AppKey, QStringLiteral("enos app"), credentials.enosAppKey,
                                                 SecureBytes(credentials.enosAppSecret.toUtf8()))).ok());
        Result<Jwk> partnerKey = Jwk::generateEc(Curve::P256);
        QVERIFY(partnerKey.ok());
        QVERIFY(vault.add(VaultEntry::fromKey(QStringLiteral("partner key"), partnerKey.value())).ok());
        const VaultValueSource source(&vault);

        m_environment.values.insert(QStringLiteral("apiKey"), QStringLiteral("vault:bz api key"));
        m_environment.values.insert(QStringLiteral("secret"), QStringLiteral("vault:bz secret"));
        m_environment.values.insert(QStringLiteral("publicKey"), QStringLiteral("vault:partner key"));
        m_environment.values.insert(QStringLiteral("appKey"), QStringLiteral("vault:enos app#identity"));
        m_environment.values.insert(QStringLiteral("appSecret"), QStringLiteral("vault:enos app"));
        // What settings would store: the references, not the secrets.
        const QJsonObject saved = m_environment.toJson(false).value(QStringLiteral("values")).toObject();
        QCOMPARE(saved.value(QStringLiteral("secret")).toString(), QStringLiteral("vault:bz secret"));

        for (const QString &family : {QStringLiteral("bankezy"), QStringLiteral("enos")}) {
            FlowRunner runner(m_client, EndpointCatalog::builtIn(), family, m_environment, {});
            runner.setValueSource(&source);
            QString sentPublicKey;
            runner.setObserver([&](const ApiCall &call) {
                if (call.spec().id == QLatin1String("bankezy.get-app-token"))
                    sentPublicKey = call.prepared().value(u"publicKey");
            });
            QSignalSpy finished(&runner, &FlowRunner::finished);
            runner.start();
            QVERIFY(finished.wait(20000));
            for (const TokenResult &step : runner.steps())
                QVERIFY2(step.ok, qPrintable(describe(step)));
            QVERIFY(runner.ok());
            if (family == QLatin1String("bankezy"))
                QCOMPARE(sentPublicKey, QString::fromLatin1(BankEzyCrypto::encodePublicKey(partnerKey.value())));
        }
        QVERIFY(vault.find(QStringLiteral("bz secret"))->lastUsed.isValid());
        QVERIFY(!vault.find(QStringLiteral("partner key"))->lastUsed.isNull());
    }

    void vaultReferenceFailures_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("message");
        QTest::newRow("no vault open") << "vault:x" << "none" << "no vault is open";
        QTest::newRow("unknown entry") << "vault:nope" << "open" << "no entry named \"nope\"";
        QTest::newRow("locked") << "vault:x" << "locked" << "locked";
        QTest::newRow("a key where text is needed") << "vault:k" << "open" << "is a key";
    }

    void vaultReferenceFailures()
    {
        QFETCH(QString, value);
        QFETCH(QString, state);
        QFETCH(QString, message);
        startServer();
        QTemporaryDir dir;
        Result<std::unique_ptr<Vault>> created =
            Vault::create(dir.filePath(QStringLiteral("v.tdvault")), SecureBytes(QByteArrayView("pw")), {10, 8, 1});
        QVERIFY(created.ok());
        QVERIFY(created.value()->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("x"), {},
                                                            SecureBytes(QByteArrayView("v")))).ok());
        Result<Jwk> key = Jwk::generateOct(256);
        QVERIFY(key.ok());
        QVERIFY(created.value()->add(VaultEntry::fromKey(QStringLiteral("k"), key.value())).ok());
        if (state == QLatin1String("locked"))
            created.value()->lock();
        const VaultValueSource source(created.value().get());
        const EndpointSpec *spec = EndpointCatalog::builtIn().find(QStringLiteral("secmgmt.create-token"));
        CallContext context;
        ApiCall call(m_client, *spec, m_environment, {{QStringLiteral("password"), value}}, context);
        if (state != QLatin1String("none"))
            call.setValueSource(&source);
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        QVERIFY(finished.wait(5000));
        QVERIFY(!call.wasSent());
        QVERIFY(call.result().error.has_value());
        QCOMPARE(errorCodeName(call.result().error->code), errorCodeName(ErrorCode::FieldInvalid));
        QVERIFY2(call.result().message.startsWith(QLatin1String("Password: ")), qPrintable(call.result().message));
        QVERIFY2(call.result().message.contains(message), qPrintable(call.result().message));
    }

    void unreachableServerIsANetworkError()
    {
        startServer();
        const QUrl url = m_server->url();
        m_server.reset(); // nothing listens there any more
        m_environment.baseUrl = url.toString();
        CallContext context;
        const TokenResult result = call(QStringLiteral("secmgmt.create-token"), {}, context);
        QVERIFY(result.error.has_value());
        QCOMPARE(errorCodeName(result.error->code), errorCodeName(ErrorCode::Network));
    }
};

QTEST_GUILESS_MAIN(tst_ApiIntegration)
#include "tst_ApiIntegration.moc"
