// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sandbox/BankEzyService.h"
#include "tst_SandboxSupport.h"

#include <QJsonArray>

using namespace td;
using namespace sandboxtest;

namespace {

const QString kAppPath = QStringLiteral("/token-service/new/v2/token");
const QString kUserPath = QStringLiteral("/token-service/client/server/new/v2/token");
const QString kRenewPath = QStringLiteral("/token-service/client/app/renew/v2/token");
const QByteArray kXApiKey = "MOB-APP-2001";

} // namespace

class tst_SandboxBankEzyService : public QObject
{
    Q_OBJECT

private:
    std::optional<SandboxKeys> m_keys;
    std::optional<Jwk> m_client; // the app's key-exchange key
    std::optional<Jwk> m_sdk;    // the SDK key whose public half goes into sdkPublicKey
    FakeClock m_clock;

    SandboxConfig config(KdfMode kdf = KdfMode::Raw, RenewShape shape = RenewShape::Flat)
    {
        m_clock = FakeClock();
        SandboxConfig c;
        c.kdf = kdf;
        c.renewShape = shape;
        c.nowMs = m_clock.function();
        return c;
    }

    QJsonObject appBody(const QString &publicKey = {}) const
    {
        return QJsonObject{
            {QStringLiteral("apiKey"), QStringLiteral("MOB-APP")},
            {QStringLiteral("secret"), QStringLiteral("TEST123")},
            {QStringLiteral("publicKey"),
             publicKey.isNull() ? QString::fromLatin1(BankEzyCrypto::encodePublicKey(*m_client)) : publicKey},
        };
    }

    static SandboxReply appToken(BankEzyService &service, const QByteArray &body, const QByteArray &xApiKey = kXApiKey)
    {
        return service.getAppToken(request("POST", kAppPath, {{"X-API-KEY", xApiKey}}, body));
    }

    // A completed key exchange: the app token and the session key the client derives.
    bool exchange(BankEzyService &service, KdfMode kdf, QByteArray &token, SecureBytes &key)
    {
        const SandboxReply reply = appToken(service, compact(appBody()));
        const QJsonObject answer = json(reply.body);
        Result<Jwk> server = BankEzyCrypto::decodePublicKey(answer.value(QLatin1String("serverPublicKey")).toString().toUtf8());
        if (reply.status != 200 || !server)
            return false;
        Result<SecureBytes> derived = BankEzyCrypto::deriveSessionKey(*m_client, server.value(), kdf);
        if (!derived)
            return false;
        token = answer.value(QLatin1String("token")).toString().toUtf8();
        key = derived.value();
        return true;
    }

    QJsonObject userBody() const
    {
        return QJsonObject{
            {QStringLiteral("referenceId"), QStringLiteral("8d3c1f0e-0000-4000-8000-000000000001")},
            {QStringLiteral("sdkPublicKey"), QString::fromLatin1(BankEzyCrypto::encodePublicKey(*m_sdk))},
            {QStringLiteral("sdkApiKey"), QStringLiteral("ABCDEFGH")},
            {QStringLiteral("accountNumber"), 12345678},
            {QStringLiteral("firstName"), QStringLiteral("Asha")},
            {QStringLiteral("dob"), 19900115},
        };
    }

    static SandboxReply userToken(BankEzyService &service, const QByteArray &appTokenValue, const SecureBytes &key,
                                  const QByteArray &plaintext, const QByteArray &xApiKey = kXApiKey)
    {
        Result<QByteArray> body = BankEzyCrypto::encryptPayload(plaintext, key);
        QList<QPair<QByteArray, QByteArray>> headers{{"X-API-KEY", xApiKey}, {"Content-Type", "text/plain"}};
        if (!appTokenValue.isEmpty())
            headers.append({"X-API-TOKEN", appTokenValue});
        return service.getUserToken(request("POST", kUserPath, headers, body ? body.value() : QByteArray()));
    }

    static QJsonObject open(const SandboxReply &reply, const SecureBytes &key)
    {
        Result<QByteArray> plaintext = BankEzyCrypto::decryptPayload(reply.body, key);
        return plaintext ? json(plaintext.value()) : QJsonObject();
    }

    static SandboxReply renew(BankEzyService &service, const QByteArray &headerToken, const QByteArray &bodyToken,
                              const QByteArray &account)
    {
        return service.renewToken(request(
            "POST", kRenewPath, {{"X-API-KEY", kXApiKey}, {"X-API-TOKEN", headerToken}, {"X-ACCOUNT-NUMBER", account}},
            compact(QJsonObject{{QStringLiteral("token"), QString::fromLatin1(bodyToken)}})));
    }

    // get-user-token with the default body: the user token and the user session key.
    bool login(BankEzyService &service, KdfMode kdf, QByteArray &userTokenValue, SecureBytes &userKey,
               const QByteArray &plaintext = {})
    {
        QByteArray app;
        SecureBytes appKey;
        if (!exchange(service, kdf, app, appKey))
            return false;
        const SandboxReply reply = userToken(service, app, appKey, plaintext.isEmpty() ? compact(userBody()) : plaintext);
        const QJsonObject answer = open(reply, appKey);
        userTokenValue = answer.value(QLatin1String("token")).toString().toUtf8();
        Result<Jwk> server = BankEzyCrypto::decodePublicKey(answer.value(QLatin1String("serverPubKey")).toString().toUtf8());
        if (!server)
            return false;
        Result<SecureBytes> derived = BankEzyCrypto::deriveSessionKey(*m_sdk, server.value(), kdf);
        if (!derived)
            return false;
        userKey = derived.value();
        return !userTokenValue.isEmpty();
    }

private slots:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        SANDBOX_VERIFY_OK(keys);
        m_keys = keys.value();
        Result<Jwk> client = Jwk::generateEc(Curve::P256);
        SANDBOX_VERIFY_OK(client);
        m_client = client.value();
        Result<Jwk> sdk = Jwk::generateEc(Curve::P256);
        SANDBOX_VERIFY_OK(sdk);
        m_sdk = sdk.value();
    }

    void appTokenSuccess()
    {
        BankEzyService service(config(), *m_keys);
        const SandboxReply reply = appToken(service, compact(appBody()));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.contentType, QByteArray("application/json"));
        const QJsonObject answer = json(reply.body);
        QCOMPARE(answer.value(QLatin1String("resCode")).toInt(), 100);
        QVERIFY(answer.value(QLatin1String("resCode")).isDouble());
        QCOMPARE(answer.value(QLatin1String("resDesc")).toString(), QStringLiteral("Success"));
        QCOMPARE(answer.value(QLatin1String("expiry")).toInteger(), m_clock.ms() + 900 * 1000);
        QCOMPARE(answer.value(QLatin1String("serverPublicKey")).toString().toUtf8(), m_keys->serverPublicKeyEncoded());
        const QJsonObject claims = tokenClaims(*m_keys, answer.value(QLatin1String("token")).toString().toUtf8());
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("tokendesk-sandbox"));
        QCOMPARE(claims.value(QLatin1String("typ")).toString(), QStringLiteral("app"));
        QCOMPARE(claims.value(QLatin1String("exp")).toInteger(), (m_clock.ms() + 900 * 1000) / 1000);
        QCOMPARE(claims.value(QLatin1String("iat")).toInteger(), m_clock.ms() / 1000);
        QVERIFY(!claims.value(QLatin1String("jti")).toString().isEmpty());
    }

    void appTokenErrors_data()
    {
        QTest::addColumn<QByteArray>("xApiKey");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("resCode");
        QTest::addColumn<QString>("descContains");

        const QJsonObject good = QJsonObject{{QStringLiteral("apiKey"), QStringLiteral("MOB-APP")},
                                             {QStringLiteral("secret"), QStringLiteral("TEST123")},
                                             {QStringLiteral("publicKey"), QStringLiteral("PLACEHOLDER")}};
        auto with = [&good](const char *member, const QJsonValue &value) {
            QJsonObject o = good;
            if (value.isUndefined())
                o.remove(QLatin1String(member));
            else
                o.insert(QLatin1String(member), value);
            return compact(o);
        };
        QTest::newRow("unknown X-API-KEY") << QByteArray("OTHER") << compact(good) << 401 << "TOK002" << "Invalid API Key Passed";
        QTest::newRow("no X-API-KEY") << QByteArray() << compact(good) << 401 << "TOK002" << "Invalid API Key Passed";
        QTest::newRow("body not JSON") << kXApiKey << QByteArray("apiKey=MOB-APP") << 400 << "TOK003" << "Failure: ";
        QTest::newRow("missing publicKey") << kXApiKey << with("publicKey", QJsonValue::Undefined) << 400 << "TOK003" << "publicKey";
        QTest::newRow("missing secret") << kXApiKey << with("secret", QJsonValue::Undefined) << 400 << "TOK003" << "secret";
        QTest::newRow("wrong secret") << kXApiKey << with("secret", QStringLiteral("nope")) << 401 << "TOK004"
                                      << "Your credentials not allowed to generate token";
        QTest::newRow("wrong apiKey") << kXApiKey << with("apiKey", QStringLiteral("MOB-APP-2001")) << 401 << "TOK004"
                                      << "not allowed";
        QTest::newRow("publicKey not base64url") << kXApiKey << with("publicKey", QStringLiteral("a+b/c==")) << 400
                                                 << "TOK003" << "not base64url";
        QTest::newRow("publicKey P-384") << kXApiKey << with("publicKey", QStringLiteral("P384")) << 400 << "TOK003"
                                         << "crv is not";
        QTest::newRow("publicKey off curve") << kXApiKey << with("publicKey", QStringLiteral("OFFCURVE")) << 400 << "TOK003"
                                             << "Failure: publicKey: ";
    }

    void appTokenErrors()
    {
        QFETCH(QByteArray, xApiKey);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, resCode);
        QFETCH(QString, descContains);

        // Keys are made here, not in _data(), so the table stays readable.
        if (body.contains("PLACEHOLDER"))
            body.replace("PLACEHOLDER", BankEzyCrypto::encodePublicKey(*m_client));
        if (body.contains("P384")) {
            Result<Jwk> p384 = Jwk::generateEc(Curve::P384);
            SANDBOX_VERIFY_OK(p384);
            body.replace("P384", Base64Url::encode(p384->toJsonText(false)));
        }
        if (body.contains("OFFCURVE")) {
            QJsonObject jwk = m_client->toJson(false);
            QByteArray y = Base64Url::decode(jwk.value(QLatin1String("y")).toString().toUtf8()).value();
            y[31] = char(y[31] ^ 1);
            jwk.insert(QStringLiteral("y"), QString::fromLatin1(Base64Url::encode(y)));
            const QByteArray text = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + jwk.value(QLatin1String("x")).toString().toUtf8()
                + "\",\"y\":\"" + jwk.value(QLatin1String("y")).toString().toUtf8() + "\"}";
            body.replace("OFFCURVE", Base64Url::encode(text));
        }
        BankEzyService service(config(), *m_keys);
        const SandboxReply reply = appToken(service, body, xApiKey);
        QCOMPARE(reply.status, status);
        const QJsonObject answer = json(reply.body);
        QCOMPARE(answer.value(QLatin1String("resCode")).toString(), resCode);
        QVERIFY2(answer.value(QLatin1String("resDesc")).toString().contains(descContains), reply.body.constData());
    }

    void userTokenFlow_data()
    {
        QTest::addColumn<KdfMode>("kdf");
        QTest::newRow("raw") << KdfMode::Raw;
        QTest::newRow("concat") << KdfMode::Concat;
        QTest::newRow("sha256") << KdfMode::Sha256;
    }

    void userTokenFlow()
    {
        QFETCH(KdfMode, kdf);
        BankEzyService service(config(kdf), *m_keys);
        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(service, kdf, app, appKey));
        const SandboxReply reply = userToken(service, app, appKey, compact(userBody()));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.contentType, QByteArray("text/plain"));
        QVERIFY(reply.encrypted());
        const QJsonObject answer = open(reply, appKey);
        QCOMPARE(answer.value(QLatin1String("resCode")).toString(), QStringLiteral("TOK200"));
        QCOMPARE(answer.value(QLatin1String("resDesc")).toString(), QStringLiteral("SUCCESS"));
        QCOMPARE(answer.value(QLatin1String("referenceId")).toString(), QStringLiteral("8d3c1f0e-0000-4000-8000-000000000001"));
        QCOMPARE(answer.value(QLatin1String("serverPubKey")).toString().toUtf8(), m_keys->serverPublicKeyEncoded());
        QCOMPARE(answer.value(QLatin1String("expireAt")).toInteger(), m_clock.ms() + 900 * 1000);
        const QJsonObject claims = tokenClaims(*m_keys, answer.value(QLatin1String("token")).toString().toUtf8());
        QCOMPARE(claims.value(QLatin1String("typ")).toString(), QStringLiteral("user"));
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("12345678"));
    }

    void userTokenFallsBackToLatestExchange()
    {
        BankEzyService service(config(), *m_keys);
        QByteArray first;
        QByteArray second;
        SecureBytes firstKey;
        SecureBytes secondKey;
        QVERIFY(exchange(service, KdfMode::Raw, first, firstKey));
        QVERIFY(exchange(service, KdfMode::Raw, second, secondKey));
        // No X-API-TOKEN: the latest exchange of this X-API-KEY is the session.
        const SandboxReply reply = userToken(service, QByteArray(), secondKey, compact(userBody()));
        QCOMPARE(reply.status, 200);
        QCOMPARE(open(reply, secondKey).value(QLatin1String("resCode")).toString(), QStringLiteral("TOK200"));
        // The first session is still addressable by its token.
        const SandboxReply byToken = userToken(service, first, firstKey, compact(userBody()));
        QCOMPARE(byToken.status, 200);
    }

    void userTokenSessionErrors()
    {
        BankEzyService service(config(), *m_keys);
        const SecureBytes someKey(QByteArray(32, 'k'));

        SandboxReply reply = userToken(service, QByteArray(), someKey, compact(userBody()));
        QCOMPARE(reply.status, 401);
        QCOMPARE(json(reply.body).value(QLatin1String("resCode")).toInt(), 401);
        QVERIFY(json(reply.body).value(QLatin1String("resDesc")).toString().contains(QLatin1String("no key exchange")));

        reply = userToken(service, "not-a-token", someKey, compact(userBody()));
        QCOMPARE(reply.status, 401);
        QCOMPARE(json(reply.body).value(QLatin1String("resCode")).toInt(), 401);
        QVERIFY(json(reply.body).value(QLatin1String("resDesc")).toString().contains(QLatin1String("unknown")));

        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(service, KdfMode::Raw, app, appKey));
        reply = userToken(service, app, appKey, compact(userBody()), "WRONG");
        QCOMPARE(reply.status, 401);
        QCOMPARE(json(reply.body).value(QLatin1String("resCode")).toString(), QStringLiteral("TOK002"));

        reply = userToken(service, app, someKey, compact(userBody()));
        QCOMPARE(reply.status, 400);
        QCOMPARE(json(reply.body).value(QLatin1String("resCode")).toString(), QStringLiteral("TOK003"));
        QCOMPARE(json(reply.body).value(QLatin1String("resDesc")).toString(),
                 QStringLiteral("Failure: the body does not decrypt with the session key"));

        m_clock.advanceSeconds(901);
        reply = userToken(service, app, appKey, compact(userBody()));
        QCOMPARE(reply.status, 401);
        QVERIFY(json(reply.body).value(QLatin1String("resDesc")).toString().contains(QLatin1String("expired")));
    }

    void userTokenFields_data()
    {
        QTest::addColumn<QString>("member");
        QTest::addColumn<QJsonValue>("value"); // Undefined = remove the member
        QTest::addColumn<QString>("rawValue"); // when set: spliced into the JSON text as is
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("resCode");
        QTest::addColumn<QString>("descContains");

        const QJsonValue gone(QJsonValue::Undefined);
        QTest::newRow("no referenceId") << "referenceId" << gone << QString() << 400 << "TOK003" << "referenceId";
        QTest::newRow("no sdkPublicKey") << "sdkPublicKey" << gone << QString() << 400 << "TOK003" << "sdkPublicKey";
        QTest::newRow("bad sdkPublicKey") << "sdkPublicKey" << QJsonValue(QStringLiteral("eyJrdHkiOiJSU0EifQ")) << QString()
                                          << 400 << "TOK003" << "sdkPublicKey";
        QTest::newRow("no sdkApiKey") << "sdkApiKey" << gone << QString() << 400 << "TOK003" << "sdkApiKey";
        QTest::newRow("wrong sdkApiKey") << "sdkApiKey" << QJsonValue(QStringLiteral("XYZ")) << QString() << 401 << "TOK002"
                                         << "Invalid API Key Passed";
        QTest::newRow("no accountNumber") << "accountNumber" << gone << QString() << 400 << "TOK003" << "accountNumber";
        QTest::newRow("accountNumber 20 digits") << "accountNumber" << gone << "12345678901234567890" << 400 << "TOK003"
                                                 << "accountNumber";
        QTest::newRow("accountNumber fraction") << "accountNumber" << gone << "1234.5" << 400 << "TOK003" << "accountNumber";
        QTest::newRow("accountNumber negative") << "accountNumber" << gone << "-1234" << 400 << "TOK003" << "accountNumber";
        QTest::newRow("accountNumber exponent") << "accountNumber" << gone << "1e5" << 400 << "TOK003" << "accountNumber";
        QTest::newRow("accountNumber letters") << "accountNumber" << QJsonValue(QStringLiteral("12a4")) << QString() << 400
                                               << "TOK003" << "accountNumber";
        QTest::newRow("accountNumber empty") << "accountNumber" << QJsonValue(QString()) << QString() << 400 << "TOK003"
                                             << "accountNumber";
        QTest::newRow("accountNumber bool") << "accountNumber" << QJsonValue(true) << QString() << 400 << "TOK003"
                                            << "accountNumber";
        QTest::newRow("dob not a date") << "dob" << QJsonValue(19900230) << QString() << 400 << "TOK003" << "not a real date";
        QTest::newRow("dob dashed") << "dob" << QJsonValue(QStringLiteral("1990-01-15")) << QString() << 400 << "TOK003" << "dob";
        QTest::newRow("dob short") << "dob" << QJsonValue(199001) << QString() << 400 << "TOK003" << "dob";
        QTest::newRow("dob month 13") << "dob" << QJsonValue(QStringLiteral("19901301")) << QString() << 400 << "TOK003" << "dob";
        QTest::newRow("data not object") << "data" << QJsonValue(QStringLiteral("x")) << QString() << 400 << "TOK003" << "data";
        QTest::newRow("data number value") << "data" << QJsonValue(QJsonObject{{QStringLiteral("tier"), 2}}) << QString() << 400
                                           << "TOK003" << "data.tier";
        QTest::newRow("firstName object") << "firstName" << QJsonValue(QJsonObject()) << QString() << 400 << "TOK003"
                                          << "firstName";
        QTest::newRow("email invalid") << "email" << QJsonValue(QStringLiteral("asha.example.com")) << QString() << 400
                                       << "TOK003" << "email";
        QTest::newRow("mobileNumber letters") << "mobileNumber" << QJsonValue(QStringLiteral("98x")) << QString() << 400
                                              << "TOK003" << "mobileNumber";
        QTest::newRow("isdCode long") << "isdCode" << QJsonValue(QStringLiteral("+12345")) << QString() << 400 << "TOK003"
                                      << "isdCode";
        // Accepted variants.
        QTest::newRow("accountNumber 19 digits") << "accountNumber" << gone << "9999999999999999999" << 200 << "TOK200" << "";
        QTest::newRow("accountNumber string") << "accountNumber" << QJsonValue(QStringLiteral("0012345")) << QString() << 200
                                              << "TOK200" << "";
        QTest::newRow("dob string") << "dob" << QJsonValue(QStringLiteral("20000229")) << QString() << 200 << "TOK200" << "";
        QTest::newRow("data strings") << "data" << QJsonValue(QJsonObject{{QStringLiteral("tier"), QStringLiteral("gold")}})
                                      << QString() << 200 << "TOK200" << "";
        QTest::newRow("full profile email") << "email" << QJsonValue(QStringLiteral("asha@example.com")) << QString() << 200
                                            << "TOK200" << "";
        QTest::newRow("mobileNumber number") << "mobileNumber" << QJsonValue(9876543210.0) << QString() << 200 << "TOK200" << "";
        QTest::newRow("isdCode plus") << "isdCode" << QJsonValue(QStringLiteral("+91")) << QString() << 200 << "TOK200" << "";
    }

    void userTokenFields()
    {
        QFETCH(QString, member);
        QFETCH(QJsonValue, value);
        QFETCH(QString, rawValue);
        QFETCH(int, status);
        QFETCH(QString, resCode);
        QFETCH(QString, descContains);

        QJsonObject body = userBody();
        if (value.isUndefined())
            body.remove(member);
        else
            body.insert(member, value);
        QByteArray text = compact(body);
        if (!rawValue.isEmpty()) {
            body.insert(member, QStringLiteral("RAW"));
            text = compact(body);
            text.replace("\"RAW\"", rawValue.toUtf8());
        }

        BankEzyService service(config(), *m_keys);
        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(service, KdfMode::Raw, app, appKey));
        const SandboxReply reply = userToken(service, app, appKey, text);
        QCOMPARE(reply.status, status);
        const QJsonObject answer = status == 200 ? open(reply, appKey) : json(reply.body);
        QCOMPARE(answer.value(QLatin1String("resCode")).toString(), resCode);
        if (status != 200) {
            QVERIFY2(answer.value(QLatin1String("resDesc")).toString().contains(descContains), reply.body.constData());
            QVERIFY(!reply.encrypted());
        }
    }

    void nineteenDigitAccountIsKeptExactly()
    {
        // 9007199254740993 and beyond do not survive a double: the sandbox must keep the text.
        const QByteArray digits = "1234567890123456789";
        QJsonObject body = userBody();
        body.insert(QStringLiteral("accountNumber"), QStringLiteral("RAW"));
        QByteArray text = compact(body);
        text.replace("\"RAW\"", digits);

        BankEzyService service(config(KdfMode::Raw, RenewShape::Nested), *m_keys);
        QByteArray user;
        SecureBytes userKey;
        QVERIFY(login(service, KdfMode::Raw, user, userKey, text));
        QCOMPARE(tokenClaims(*m_keys, user).value(QLatin1String("sub")).toString().toUtf8(), digits);

        const SandboxReply renewed = renew(service, user, user, digits);
        QCOMPARE(renewed.status, 200);
        const QJsonObject data = open(renewed, userKey).value(QLatin1String("data")).toObject();
        QCOMPARE(data.value(QLatin1String("accountNumber")).toString().toUtf8(), digits);
    }

    void nameAliases_data()
    {
        QTest::addColumn<QString>("member");
        QTest::newRow("firstName") << "firstName";
        QTest::newRow("firstname") << "firstname";
        QTest::newRow("name") << "name";
    }

    void nameAliases()
    {
        QFETCH(QString, member);
        QJsonObject body = userBody();
        body.remove(QStringLiteral("firstName"));
        body.insert(member, QStringLiteral("Asha"));
        BankEzyService service(config(), *m_keys);
        QByteArray app;
        SecureBytes appKey;
        QVERIFY(exchange(service, KdfMode::Raw, app, appKey));
        const SandboxReply reply = userToken(service, app, appKey, compact(body));
        QCOMPARE(reply.status, 200);
        // An alias of the wrong type is named as firstName is.
        body.insert(member, QJsonArray{1});
        const SandboxReply bad = userToken(service, app, appKey, compact(body));
        QCOMPARE(bad.status, 400);
        QVERIFY(json(bad.body).value(QLatin1String("resDesc")).toString().contains(member));
    }

    void renewFlatAndNested_data()
    {
        QTest::addColumn<RenewShape>("shape");
        QTest::addColumn<KdfMode>("kdf");
        QTest::newRow("flat raw") << RenewShape::Flat << KdfMode::Raw;
        QTest::newRow("nested concat") << RenewShape::Nested << KdfMode::Concat;
    }

    void renewFlatAndNested()
    {
        QFETCH(RenewShape, shape);
        QFETCH(KdfMode, kdf);
        BankEzyService service(config(kdf, shape), *m_keys);
        QByteArray user;
        SecureBytes userKey;
        QVERIFY(login(service, kdf, user, userKey));
        m_clock.advanceSeconds(100);
        const SandboxReply reply = renew(service, user, user, "12345678");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.contentType, QByteArray("text/plain"));
        const QJsonObject answer = open(reply, userKey); // the USER session key
        QCOMPARE(answer.value(QLatin1String("resDesc")).toString(), QStringLiteral("SUCCESS"));
        QByteArray newToken;
        if (shape == RenewShape::Flat) {
            QCOMPARE(answer.value(QLatin1String("resCode")).toInt(), 100);
            QCOMPARE(answer.value(QLatin1String("referenceId")).toString(), QStringLiteral("8d3c1f0e-0000-4000-8000-000000000001"));
            QCOMPARE(answer.value(QLatin1String("expireAt")).toInteger(), m_clock.ms() + 900 * 1000);
            newToken = answer.value(QLatin1String("token")).toString().toUtf8();
        } else {
            QCOMPARE(answer.value(QLatin1String("resCode")).toString(), QStringLiteral("TOK200"));
            const QJsonObject data = answer.value(QLatin1String("data")).toObject();
            QVERIFY(data.value(QLatin1String("loginId")).isDouble());
            QCOMPARE(data.value(QLatin1String("accountNumber")).toString(), QStringLiteral("12345678"));
            QCOMPARE(data.value(QLatin1String("expiryDate")).toInteger(), m_clock.ms() + 900 * 1000);
            newToken = data.value(QLatin1String("token")).toString().toUtf8();
        }
        QVERIFY(newToken != user);
        QCOMPARE(tokenClaims(*m_keys, newToken).value(QLatin1String("typ")).toString(), QStringLiteral("user"));
        // The app session key does not open it.
        QVERIFY(!BankEzyCrypto::decryptPayload(reply.body, SecureBytes(QByteArray(32, 'x'))).ok());
    }

    void renewErrors()
    {
        BankEzyService service(config(), *m_keys);
        QByteArray user;
        SecureBytes userKey;
        QVERIFY(login(service, KdfMode::Raw, user, userKey));
        QByteArray other;
        SecureBytes otherKey;
        QVERIFY(login(service, KdfMode::Raw, other, otherKey));

        auto expect401 = [](const SandboxReply &reply, const char *why) {
            const QJsonObject answer = json(reply.body);
            return reply.status == 401 && answer.value(QLatin1String("resCode")).toInt() == 401
                && answer.value(QLatin1String("resDesc")).toString().startsWith(QLatin1String("Invalid Token Passed"))
                && answer.value(QLatin1String("resDesc")).toString().contains(QLatin1String(why));
        };
        // Unknown gets the sandbox's own code, so a client can tell it from a termination.
        const SandboxReply unknown = renew(service, "unknown", "unknown", "12345678");
        QCOMPARE(unknown.status, 401);
        QCOMPARE(json(unknown.body).value(QLatin1String("resCode")).toString(), QStringLiteral("SANDBOX_UNKNOWN_TOKEN"));
        QVERIFY(json(unknown.body).value(QLatin1String("resDesc")).toString().startsWith(QLatin1String("Invalid Token Passed: unknown token")));
        QVERIFY(expect401(renew(service, user, other, "12345678"), "differ"));
        QVERIFY(expect401(renew(service, user, user, "87654321"), "X-ACCOUNT-NUMBER"));

        const SandboxReply badKey = service.renewToken(request(
            "POST", kRenewPath, {{"X-API-KEY", "nope"}, {"X-API-TOKEN", user}, {"X-ACCOUNT-NUMBER", "12345678"}},
            compact(QJsonObject{{QStringLiteral("token"), QString::fromLatin1(user)}})));
        QCOMPARE(badKey.status, 401);
        QCOMPARE(json(badKey.body).value(QLatin1String("resCode")).toString(), QStringLiteral("TOK002"));

        // Single use: the renewed token is spent, its successor works.
        const SandboxReply first = renew(service, user, user, "12345678");
        QCOMPARE(first.status, 200);
        QVERIFY(expect401(renew(service, user, user, "12345678"), "already renewed"));
        const QByteArray next = open(first, userKey).value(QLatin1String("token")).toString().toUtf8();
        QCOMPARE(renew(service, next, next, "12345678").status, 200);
    }

    void renewWindow()
    {
        BankEzyService service(config(), *m_keys);
        QByteArray early;
        QByteArray late;
        SecureBytes key;
        QVERIFY(login(service, KdfMode::Raw, early, key));
        QVERIFY(login(service, KdfMode::Raw, late, key));
        // Expired (900 s) but within the 3600 s window: renewable.
        m_clock.advanceSeconds(900 + 3600);
        QCOMPARE(renew(service, early, early, "12345678").status, 200);
        m_clock.advanceSeconds(1);
        const SandboxReply reply = renew(service, late, late, "12345678");
        QCOMPARE(reply.status, 401);
        QVERIFY(json(reply.body).value(QLatin1String("resDesc")).toString().contains(QLatin1String("renew window")));
    }

    void terminate()
    {
        BankEzyService service(config(), *m_keys);
        QByteArray user;
        SecureBytes key;
        QVERIFY(login(service, KdfMode::Raw, user, key));
        const SandboxReply renewed = renew(service, user, user, "12345678");
        QCOMPARE(renewed.status, 200);
        const QByteArray next = open(renewed, key).value(QLatin1String("token")).toString().toUtf8();
        // Terminating the old token ends the whole chain, the successor included.
        QCOMPARE(service.terminateToken(user), 1);
        QCOMPARE(service.terminateToken(user), 0);
        QCOMPARE(service.terminateToken("unknown"), 0);
        const SandboxReply reply = renew(service, next, next, "12345678");
        QCOMPARE(reply.status, 401);
        QCOMPARE(json(reply.body).value(QLatin1String("resDesc")).toString(), QStringLiteral("Invalid Token Passed: session terminated"));

        QByteArray a;
        QByteArray b;
        QVERIFY(login(service, KdfMode::Raw, a, key));
        QVERIFY(login(service, KdfMode::Raw, b, key));
        QCOMPARE(service.terminateAccount(QStringLiteral("12345678")), 2);
        QCOMPARE(service.terminateAccount(QStringLiteral("999")), 0);
        QCOMPARE(renew(service, a, a, "12345678").status, 401);
        QCOMPARE(renew(service, b, b, "12345678").status, 401);
    }
};

QTEST_GUILESS_MAIN(tst_SandboxBankEzyService)
#include "tst_SandboxBankEzyService.moc"
