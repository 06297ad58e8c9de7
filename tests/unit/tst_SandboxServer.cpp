// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sandbox/SandboxServer.h"
#include "tst_SandboxHttpSupport.h"
#include "tst_SandboxSupport.h"

#include "core/api/EnosSignature.h"

#include <QDateTime>
#include <QJsonArray>

using namespace td;
using namespace sandboxtest;

namespace {

const QByteArray kXApiKey = "MOB-APP-2001";
const QString kAppKey = QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b");

} // namespace

class tst_SandboxServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::optional<Jwk> m_client;
    std::optional<Jwk> m_sdk;
    QUrl m_url;

    QUrl at(const QString &path) const
    {
        QUrl url = m_url;
        url.setPath(path);
        return url;
    }

    HttpResult post(const QString &path, const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return call(*m_nam, "POST", at(path), body, headers);
    }

    HttpResult addFault(const QString &endpoint, const QString &kind, const QJsonValue &value, int count)
    {
        return post(QStringLiteral("/__sandbox/faults"),
                    compact(QJsonObject{{QStringLiteral("endpoint"), endpoint},
                                        {QStringLiteral("kind"), kind},
                                        {QStringLiteral("value"), value},
                                        {QStringLiteral("count"), count}}));
    }

    static QByteArray enosBody()
    {
        // A fresh timestamp per call: the same encryption twice is a replay (1001).
        static qint64 last = 0;
        const qint64 timestamp = qMax(QDateTime::currentMSecsSinceEpoch(), last + 1);
        last = timestamp;
        return compact(QJsonObject{{QStringLiteral("appKey"), kAppKey},
                                   {QStringLiteral("encryption"),
                                    EnosSignature::compute(kAppKey, timestamp, QStringLiteral("sandbox-app-secret"))},
                                   {QStringLiteral("timestamp"), timestamp}});
    }

    HttpResult enosGet()
    {
        return post(QStringLiteral("/apim-token-service/v2.0/token/get"), enosBody());
    }

    HttpResult secmgmtCreate()
    {
        return post(QStringLiteral("/api/v2/auth/token"), R"({"username":"demo","password":"demo123"})");
    }

    // Key exchange over HTTP: the app token and the session key.
    bool exchange(const QString &path, QByteArray &token, SecureBytes &key)
    {
        const QJsonObject body{{QStringLiteral("apiKey"), QStringLiteral("MOB-APP")},
                               {QStringLiteral("secret"), QStringLiteral("TEST123")},
                               {QStringLiteral("publicKey"), QString::fromLatin1(BankEzyCrypto::encodePublicKey(*m_client))}};
        const HttpResult result = post(path, compact(body), {{"X-API-KEY", kXApiKey}, {"Content-Type", "text/plain"}});
        const QJsonObject answer = json(result.body);
        Result<Jwk> server = BankEzyCrypto::decodePublicKey(answer.value(QLatin1String("serverPublicKey")).toString().toUtf8());
        if (result.status != 200 || !server)
            return false;
        Result<SecureBytes> derived = BankEzyCrypto::deriveSessionKey(*m_client, server.value(), KdfMode::Raw);
        token = answer.value(QLatin1String("token")).toString().toUtf8();
        key = derived ? derived.value() : SecureBytes();
        return derived.ok();
    }

    HttpResult userToken(const QString &path, const QByteArray &appToken, const SecureBytes &key)
    {
        const QJsonObject body{{QStringLiteral("referenceId"), QStringLiteral("ref-1")},
                               {QStringLiteral("sdkPublicKey"), QString::fromLatin1(BankEzyCrypto::encodePublicKey(*m_sdk))},
                               {QStringLiteral("sdkApiKey"), QStringLiteral("ABCDEFGH")},
                               {QStringLiteral("accountNumber"), QStringLiteral("5550001")}};
        Result<QByteArray> encrypted = BankEzyCrypto::encryptPayload(compact(body), key);
        return post(path, encrypted ? encrypted.value() : QByteArray(),
                    {{"X-API-KEY", kXApiKey}, {"X-API-TOKEN", appToken}, {"Content-Type", "text/plain"}});
    }

private slots:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        SANDBOX_VERIFY_OK(keys);
        m_server = std::make_unique<SandboxServer>(SandboxConfig(), keys.value());
        Result<QUrl> url = m_server->start();
        SANDBOX_VERIFY_OK(url);
        m_url = url.value();
        QCOMPARE(m_url.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(m_url.port() > 0);
        m_nam = std::make_unique<QNetworkAccessManager>();
        Result<Jwk> client = Jwk::generateEc(Curve::P256);
        SANDBOX_VERIFY_OK(client);
        m_client = client.value();
        Result<Jwk> sdk = Jwk::generateEc(Curve::P256);
        SANDBOX_VERIFY_OK(sdk);
        m_sdk = sdk.value();
    }

    void cleanup()
    {
        m_server->clearFaults();
    }

    void bankezyFlowBothSpellings_data()
    {
        QTest::addColumn<QString>("appPath");
        QTest::addColumn<QString>("userPath");
        QTest::addColumn<QString>("renewPath");
        QTest::newRow("v2") << "/token-service/new/v2/token" << "/token-service/client/server/new/v2/token"
                            << "/token-service/client/app/renew/v2/token";
        QTest::newRow("seed curl") << "/token-service/new/token" << "/token-service/client/server/new/token"
                                   << "/token-service/client/app/renew/token";
    }

    void bankezyFlowBothSpellings()
    {
        QFETCH(QString, appPath);
        QFETCH(QString, userPath);
        QFETCH(QString, renewPath);
        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(appPath, app, appKey));

        const HttpResult user = userToken(userPath, app, appKey);
        QCOMPARE(user.status, 200);
        QCOMPARE(user.contentType, QByteArray("text/plain"));
        Result<QByteArray> plaintext = BankEzyCrypto::decryptPayload(user.body, appKey);
        SANDBOX_VERIFY_OK(plaintext);
        const QJsonObject answer = json(plaintext.value());
        QCOMPARE(answer.value(QLatin1String("resCode")).toString(), QStringLiteral("TOK200"));
        const QByteArray token = answer.value(QLatin1String("token")).toString().toUtf8();

        const HttpResult renewed =
            post(renewPath, compact(QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)}}),
                 {{"X-API-KEY", kXApiKey}, {"X-API-TOKEN", token}, {"X-ACCOUNT-NUMBER", "5550001"}, {"Content-Type", "text/plain"}});
        QCOMPARE(renewed.status, 200);
        Result<SecureBytes> userKey = BankEzyCrypto::deriveSessionKey(*m_sdk, m_server->keys().serverKey(), KdfMode::Raw);
        SANDBOX_VERIFY_OK(userKey);
        Result<QByteArray> renewPlain = BankEzyCrypto::decryptPayload(renewed.body, userKey.value());
        SANDBOX_VERIFY_OK(renewPlain);
        QCOMPARE(json(renewPlain.value()).value(QLatin1String("resCode")).toInt(), 100);

        // Failures keep their HTTP status and a JSON body.
        const HttpResult unauthorized = post(appPath, "{}", {{"X-API-KEY", "nope"}});
        QCOMPARE(unauthorized.status, 401);
        QCOMPARE(json(unauthorized.body).value(QLatin1String("resCode")).toString(), QStringLiteral("TOK002"));
    }

    void otherFamiliesAnswer()
    {
        const HttpResult enos = enosGet();
        QCOMPARE(enos.status, 200);
        QCOMPARE(json(enos.body).value(QLatin1String("status")).toInt(-1), 0);
        const HttpResult secmgmt = secmgmtCreate();
        QCOMPARE(secmgmt.status, 200);
        const QJsonObject content = json(secmgmt.body).value(QLatin1String("content")).toArray().at(0).toObject();
        const HttpResult refreshed = call(*m_nam, "PUT", at(QStringLiteral("/api/v2/auth/token")),
                                          compact(QJsonObject{{QStringLiteral("token"), content.value(QLatin1String("token"))},
                                                              {QStringLiteral("refreshToken"), content.value(QLatin1String("refreshToken"))}}));
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(json(refreshed.body).value(QLatin1String("errorCode")).toString(), QString());
    }

    void protocolErrors()
    {
        const HttpResult tooLarge = post(QStringLiteral("/api/v2/auth/token"), QByteArray(SandboxServer::kMaxBodyBytes + 1, 'a'));
        QCOMPARE(tooLarge.status, 413);
        QCOMPARE(tooLarge.contentType, QByteArray("application/json"));
        QCOMPARE(json(tooLarge.body).value(QLatin1String("status")).toInt(), 413);

        const HttpResult justFits = post(QStringLiteral("/api/v2/auth/token"), QByteArray(SandboxServer::kMaxBodyBytes, ' '));
        QCOMPARE(justFits.status, 400); // parsed, and refused as malformed: not 413

        const HttpResult unknown = post(QStringLiteral("/token-service/nothing"), "{}");
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.contentType, QByteArray("application/json"));
        QVERIFY(json(unknown.body).value(QLatin1String("error")).toString().contains(QLatin1String("/token-service/nothing")));

        const HttpResult wrongMethod = call(*m_nam, "GET", at(QStringLiteral("/token-service/client/app/renew/v2/token")));
        QCOMPARE(wrongMethod.status, 405);
        QCOMPARE(wrongMethod.allow, QByteArray("POST"));
        const HttpResult deleteToken = call(*m_nam, "DELETE", at(QStringLiteral("/api/v2/auth/token")));
        QCOMPARE(deleteToken.status, 405);
        QCOMPARE(deleteToken.allow, QByteArray("POST, PUT"));
    }

    void faultErrorCode()
    {
        QCOMPARE(addFault(QStringLiteral("enos.get-token"), QStringLiteral("errorCode"), 1002, 1).status, 200);
        HttpResult result = enosGet();
        QCOMPARE(result.status, 200);
        QCOMPARE(json(result.body).value(QLatin1String("status")).toInt(), 1002);
        QCOMPARE(json(result.body).value(QLatin1String("business")).toString(), QStringLiteral("apim-token-service"));
        // count 1: the next request is normal again.
        QCOMPARE(json(enosGet().body).value(QLatin1String("status")).toInt(-1), 0);

        QCOMPARE(addFault(QStringLiteral("bankezy.get-app-token"), QStringLiteral("errorCode"), QStringLiteral("TOK004"), 1).status, 200);
        result = post(QStringLiteral("/token-service/new/v2/token"), "{}", {{"X-API-KEY", kXApiKey}});
        QCOMPARE(json(result.body).value(QLatin1String("resCode")).toString(), QStringLiteral("TOK004"));

        QCOMPARE(addFault(QStringLiteral("secmgmt.create-token"), QStringLiteral("errorCode"), QStringLiteral("AUTH_1001"), 1).status, 200);
        result = secmgmtCreate();
        QCOMPARE(json(result.body).value(QLatin1String("errorCode")).toString(), QStringLiteral("AUTH_1001"));
        QCOMPARE(json(result.body).value(QLatin1String("content")).toString(QStringLiteral("x")), QString());
    }

    void faultHttpStatus()
    {
        QCOMPARE(addFault(QStringLiteral("secmgmt.create-token"), QStringLiteral("httpStatus"), 503, 1).status, 200);
        const HttpResult result = secmgmtCreate();
        QCOMPARE(result.status, 503);
        QCOMPARE(json(result.body).value(QLatin1String("errorCode")).toString(), QStringLiteral("503"));
        QCOMPARE(json(result.body).value(QLatin1String("pageable")).toString(QStringLiteral("x")), QString());

        QCOMPARE(addFault(QStringLiteral("bankezy.renew-token"), QStringLiteral("httpStatus"), QStringLiteral("502"), 1).status, 200);
        const HttpResult renew = post(QStringLiteral("/token-service/client/app/renew/v2/token"), "{}");
        QCOMPARE(renew.status, 502);
        QCOMPARE(json(renew.body).value(QLatin1String("resCode")).toInt(), 502);
    }

    void faultMalformed()
    {
        QCOMPARE(addFault(QStringLiteral("enos.get-token"), QStringLiteral("malformed"), QJsonValue(), 1).status, 200);
        const HttpResult result = enosGet();
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, QByteArray("<html>not json"));
        QCOMPARE(result.contentType, QByteArray("text/html"));
    }

    void faultTruncated()
    {
        const HttpResult normal = secmgmtCreate();
        QCOMPARE(addFault(QStringLiteral("secmgmt.create-token"), QStringLiteral("truncated"), QJsonValue(), 1).status, 200);
        const HttpResult cut = secmgmtCreate();
        QCOMPARE(cut.status, 200);
        QCOMPARE(cut.error, QNetworkReply::NoError); // Content-Length matches the cut body
        QCOMPARE(cut.contentLength.toInt(), cut.body.size());
        QCOMPARE(cut.body.size(), normal.body.size() / 2);
        QVERIFY(cut.body.startsWith("{\"content\":[{"));
        QVERIFY(QJsonDocument::fromJson(cut.body).isNull());
    }

    void faultWrongKey()
    {
        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(QStringLiteral("/token-service/new/v2/token"), app, appKey));
        QCOMPARE(addFault(QStringLiteral("bankezy.get-user-token"), QStringLiteral("wrongKey"), QJsonValue(), 1).status, 200);
        const HttpResult result = userToken(QStringLiteral("/token-service/client/server/new/v2/token"), app, appKey);
        QCOMPARE(result.status, 200);
        // Still a well-formed dir/A256GCM JWE, but not under the session key.
        SANDBOX_VERIFY_OK(JweCompact::parse(result.body));
        Result<QByteArray> opened = BankEzyCrypto::decryptPayload(result.body, appKey);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::PayloadDecryptFailed);

        // A plain endpoint gets the malformed body instead.
        QCOMPARE(addFault(QStringLiteral("enos.get-token"), QStringLiteral("wrongKey"), QJsonValue(), 1).status, 200);
        QCOMPARE(enosGet().body, QByteArray("<html>not json"));
    }

    void faultDrop()
    {
        // -1 (until cleared): QNetworkAccessManager may retry once on a fresh connection.
        QCOMPARE(addFault(QStringLiteral("enos.get-token"), QStringLiteral("drop"), QJsonValue(), -1).status, 200);
        const HttpResult result = enosGet();
        QVERIFY(result.finished);
        QCOMPARE(result.error, QNetworkReply::RemoteHostClosedError);
        QCOMPARE(result.status, 0);
        QVERIFY(result.body.isEmpty());
        QCOMPARE(call(*m_nam, "DELETE", at(QStringLiteral("/__sandbox/faults"))).status, 200);
        QCOMPARE(json(enosGet().body).value(QLatin1String("status")).toInt(-1), 0);
    }

    void faultLatencyDoesNotBlock()
    {
        QCOMPARE(addFault(QStringLiteral("enos.get-token"), QStringLiteral("latencyMs"), 400, 1).status, 200);
        QNetworkReply *slow = send(*m_nam, "POST", at(QStringLiteral("/apim-token-service/v2.0/token/get")), enosBody());
        QStringList order;
        connect(slow, &QNetworkReply::finished, this, [&order]() { order << QStringLiteral("slow"); });
        QNetworkReply *fast = send(*m_nam, "GET", at(QStringLiteral("/__sandbox/info")), {});
        connect(fast, &QNetworkReply::finished, this, [&order]() { order << QStringLiteral("fast"); });
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 10000);
        // The delayed answer did not hold up the other connection.
        QCOMPARE(order, (QStringList{QStringLiteral("fast"), QStringLiteral("slow")}));
        const HttpResult delayed = readResult(slow);
        QCOMPARE(delayed.status, 200);
        QCOMPARE(json(delayed.body).value(QLatin1String("status")).toInt(-1), 0);
        slow->deleteLater();
        fast->deleteLater();
    }

    void faultsUntilCleared()
    {
        QCOMPARE(addFault(QStringLiteral("*"), QStringLiteral("httpStatus"), 500, -1).status, 200);
        QCOMPARE(enosGet().status, 500);
        QCOMPARE(secmgmtCreate().status, 500);
        const HttpResult listed = call(*m_nam, "GET", at(QStringLiteral("/__sandbox/faults")));
        QCOMPARE(json(listed.body).value(QLatin1String("faults")).toArray().size(), 1);
        QCOMPARE(call(*m_nam, "DELETE", at(QStringLiteral("/__sandbox/faults"))).status, 200);
        QCOMPARE(secmgmtCreate().status, 200);
    }

    void faultValidation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown endpoint") << QByteArray(R"({"endpoint":"x.y","kind":"drop"})") << "not-found";
        QTest::newRow("unknown kind") << QByteArray(R"({"endpoint":"enos.get-token","kind":"explode"})") << "not-found";
        QTest::newRow("latency text") << QByteArray(R"({"endpoint":"enos.get-token","kind":"latencyMs","value":"soon"})")
                                      << "field-invalid";
        QTest::newRow("status 42") << QByteArray(R"({"endpoint":"enos.get-token","kind":"httpStatus","value":42})")
                                   << "field-invalid";
        QTest::newRow("count 0") << QByteArray(R"({"endpoint":"enos.get-token","kind":"drop","count":0})") << "field-invalid";
        QTest::newRow("not JSON") << QByteArray("drop") << "field-invalid";
    }

    void faultValidation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const HttpResult result = post(QStringLiteral("/__sandbox/faults"), body);
        QCOMPARE(result.status, 400);
        QCOMPARE(json(result.body).value(QLatin1String("code")).toString(), code);
        QVERIFY(m_server->faults().isEmpty());
    }

    void adminInfoAndKeys()
    {
        const HttpResult info = call(*m_nam, "GET", at(QStringLiteral("/__sandbox/info")));
        QCOMPARE(info.status, 200);
        const QJsonObject object = json(info.body);
        QCOMPARE(object.value(QLatin1String("url")).toString(), m_url.toString());
        QCOMPARE(object.value(QLatin1String("credentials")).toObject().value(QLatin1String("bankezy")).toObject()
                     .value(QLatin1String("X-API-KEY")).toString(),
                 QStringLiteral("MOB-APP-2001"));
        QCOMPARE(object.value(QLatin1String("config")).toObject().value(QLatin1String("kdf")).toString(), QStringLiteral("raw"));

        const HttpResult keys = call(*m_nam, "GET", at(QStringLiteral("/__sandbox/keys")));
        QCOMPARE(keys.status, 200);
        const QJsonObject keyObject = json(keys.body);
        Result<Jwk> tokenKey = Jwk::fromJson(keyObject.value(QLatin1String("tokenKey")).toObject());
        SANDBOX_VERIFY_OK(tokenKey);
        Result<Jwk> privateKey = Jwk::fromJson(keyObject.value(QLatin1String("serverPrivateKey")).toObject());
        SANDBOX_VERIFY_OK(privateKey);
        QVERIFY(privateKey->hasPrivate());
        Result<Jwk> publicKey = Jwk::fromJson(keyObject.value(QLatin1String("serverPublicKey")).toObject());
        SANDBOX_VERIFY_OK(publicKey);
        QVERIFY(!publicKey->hasPrivate());
        SANDBOX_VERIFY_OK(Jwk::fromJson(keyObject.value(QLatin1String("hmacSecret")).toObject()));

        // The exported token key opens an issued token.
        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(QStringLiteral("/token-service/new/v2/token"), app, appKey));
        Result<QByteArray> claims = JweCompact::decrypt(app, tokenKey.value());
        SANDBOX_VERIFY_OK(claims);
        QCOMPARE(json(claims.value()).value(QLatin1String("typ")).toString(), QStringLiteral("app"));

        QCOMPARE(call(*m_nam, "GET", at(QStringLiteral("/__sandbox/nothing"))).status, 404);
        QCOMPARE(call(*m_nam, "GET", at(QStringLiteral("/__sandbox/terminate"))).status, 405);
    }

    void adminTerminate()
    {
        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(QStringLiteral("/token-service/new/v2/token"), app, appKey));
        const HttpResult user = userToken(QStringLiteral("/token-service/client/server/new/v2/token"), app, appKey);
        Result<QByteArray> plaintext = BankEzyCrypto::decryptPayload(user.body, appKey);
        SANDBOX_VERIFY_OK(plaintext);
        const QByteArray token = json(plaintext.value()).value(QLatin1String("token")).toString().toUtf8();

        HttpResult result = post(QStringLiteral("/__sandbox/terminate"),
                                 compact(QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)}}));
        QCOMPARE(result.status, 200);
        QCOMPARE(json(result.body).value(QLatin1String("terminated")).toInt(), 1);
        const HttpResult renewed =
            post(QStringLiteral("/token-service/client/app/renew/v2/token"),
                 compact(QJsonObject{{QStringLiteral("token"), QString::fromLatin1(token)}}),
                 {{"X-API-KEY", kXApiKey}, {"X-API-TOKEN", token}, {"X-ACCOUNT-NUMBER", "5550001"}});
        QCOMPARE(renewed.status, 401);
        QCOMPARE(json(renewed.body).value(QLatin1String("resDesc")).toString(), QStringLiteral("Invalid Token Passed: session terminated"));

        result = post(QStringLiteral("/__sandbox/terminate"), R"({"accountNumber":"0000"})");
        QCOMPARE(result.status, 404);
        QCOMPARE(json(result.body).value(QLatin1String("terminated")).toInt(-1), 0);
        result = post(QStringLiteral("/__sandbox/terminate"), R"({})");
        QCOMPARE(result.status, 400);
    }
};

QTEST_GUILESS_MAIN(tst_SandboxServer)
#include "tst_SandboxServer.moc"
