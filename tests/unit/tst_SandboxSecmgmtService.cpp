// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/jose/JwsCompact.h"
#include "core/sandbox/SecmgmtService.h"
#include "tst_SandboxSupport.h"

#include <QJsonArray>
#include <QUuid>

using namespace td;
using namespace sandboxtest;

class tst_SandboxSecmgmtService : public QObject
{
    Q_OBJECT

private:
    std::optional<SandboxKeys> m_keys;
    FakeClock m_clock;

    SandboxConfig config()
    {
        m_clock = FakeClock();
        SandboxConfig c;
        c.nowMs = m_clock.function();
        return c;
    }

    static SandboxReply create(SecmgmtService &service, const QByteArray &body)
    {
        return service.createToken(request("POST", QStringLiteral("/api/v2/auth/token"), {}, body));
    }
    static SandboxReply createDemo(SecmgmtService &service)
    {
        return create(service, compact(QJsonObject{{QStringLiteral("username"), QStringLiteral("demo")},
                                                   {QStringLiteral("password"), QStringLiteral("demo123")}}));
    }
    static SandboxReply refresh(SecmgmtService &service, const QString &token, const QString &refreshToken)
    {
        return service.refreshToken(request("PUT", QStringLiteral("/api/v2/auth/token"), {},
                                            compact(QJsonObject{{QStringLiteral("token"), token},
                                                                {QStringLiteral("refreshToken"), refreshToken}})));
    }
    static QJsonObject content(const SandboxReply &reply)
    {
        return json(reply.body).value(QLatin1String("content")).toArray().at(0).toObject();
    }
    static bool isFailure(const SandboxReply &reply, int status, const QString &code)
    {
        const QJsonObject answer = json(reply.body);
        return reply.status == status && answer.value(QLatin1String("errorCode")).toString() == code
            && answer.value(QLatin1String("content")).toString(QStringLiteral("x")).isEmpty()
            && answer.value(QLatin1String("pageable")).toString(QStringLiteral("x")).isEmpty()
            && !answer.value(QLatin1String("errorMessage")).toString().isEmpty();
    }
    QJsonObject claims(const QString &jwt) const
    {
        Result<JwsToken> jws = JwsCompact::parse(jwt.toUtf8());
        if (!jws || !JwsCompact::verify(jws.value(), m_keys->hmacKey()))
            return {};
        return json(jws->payload);
    }

private slots:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        SANDBOX_VERIFY_OK(keys);
        m_keys = keys.value();
    }

    void createSuccess()
    {
        SecmgmtService service(config(), *m_keys);
        const SandboxReply reply = createDemo(service);
        QCOMPARE(reply.status, 200);
        const QJsonObject answer = json(reply.body);
        QCOMPARE(answer.value(QLatin1String("errorCode")).toString(), QString());
        QCOMPARE(answer.value(QLatin1String("errorMessage")).toString(), QString());
        const QJsonObject pageable = answer.value(QLatin1String("pageable")).toObject();
        QCOMPARE(pageable.value(QLatin1String("size")).toInt(), 10);
        QCOMPARE(pageable.value(QLatin1String("totalElements")).toInt(), 1);
        const QJsonObject c = content(reply);
        QCOMPARE(c.value(QLatin1String("validityTime")).toInteger(), 3600);
        const QString customerId = c.value(QLatin1String("customerId")).toString();
        QVERIFY(!QUuid::fromString(customerId).isNull());
        QCOMPARE(customerId, SecmgmtService::customerIdFor(QStringLiteral("demo")));

        Result<JwsToken> jws = JwsCompact::parse(c.value(QLatin1String("token")).toString().toUtf8());
        SANDBOX_VERIFY_OK(jws);
        QCOMPARE(jws->header.value(QLatin1String("alg")).toString(), QStringLiteral("HS256"));
        QCOMPARE(jws->header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
        const QJsonObject tokenClaims = claims(c.value(QLatin1String("token")).toString());
        QCOMPARE(tokenClaims.value(QLatin1String("sub")).toString(), QStringLiteral("demo"));
        QCOMPARE(tokenClaims.value(QLatin1String("customerId")).toString(), customerId);
        QCOMPARE(tokenClaims.value(QLatin1String("exp")).toInteger() - tokenClaims.value(QLatin1String("iat")).toInteger(), 3600);
        QVERIFY(!tokenClaims.contains(QLatin1String("typ")));
        const QJsonObject refreshClaims = claims(c.value(QLatin1String("refreshToken")).toString());
        QCOMPARE(refreshClaims.value(QLatin1String("typ")).toString(), QStringLiteral("refresh"));
        QCOMPARE(refreshClaims.value(QLatin1String("exp")).toInteger() - refreshClaims.value(QLatin1String("iat")).toInteger(),
                 24 * 3600);
    }

    void createErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("wrong password") << QByteArray(R"({"username":"demo","password":"nope"})") << 401 << "AUTH_1001";
        QTest::newRow("unknown user") << QByteArray(R"({"username":"eve","password":"demo123"})") << 401 << "AUTH_1001";
        QTest::newRow("not JSON") << QByteArray("username=demo") << 400 << "AUTH_1000";
        QTest::newRow("no password") << QByteArray(R"({"username":"demo"})") << 400 << "AUTH_1000";
        QTest::newRow("password number") << QByteArray(R"({"username":"demo","password":123})") << 400 << "AUTH_1000";
    }

    void createErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        SecmgmtService service(config(), *m_keys);
        const SandboxReply reply = create(service, body);
        QVERIFY2(isFailure(reply, status, code), reply.body.constData());
        if (code == QLatin1String("AUTH_1001"))
            QCOMPARE(json(reply.body).value(QLatin1String("errorMessage")).toString(), QStringLiteral("Invalid credentials"));
        if (code == QLatin1String("AUTH_1000") && body.startsWith('{'))
            QVERIFY(json(reply.body).value(QLatin1String("errorMessage")).toString().contains(QLatin1String("password")));
    }

    void refreshIsSingleUse()
    {
        SecmgmtService service(config(), *m_keys);
        const QJsonObject first = content(createDemo(service));
        const QString token = first.value(QLatin1String("token")).toString();
        const QString refreshToken = first.value(QLatin1String("refreshToken")).toString();

        m_clock.advanceSeconds(10);
        const SandboxReply renewed = refresh(service, token, refreshToken);
        QCOMPARE(renewed.status, 200);
        const QJsonObject second = content(renewed);
        QVERIFY(second.value(QLatin1String("token")).toString() != token);
        QVERIFY(second.value(QLatin1String("refreshToken")).toString() != refreshToken);
        QCOMPARE(second.value(QLatin1String("validityTime")).toInteger(), 3600);

        const SandboxReply again = refresh(service, token, refreshToken);
        QVERIFY2(isFailure(again, 401, QStringLiteral("AUTH_1002")), again.body.constData());
        QCOMPARE(refresh(service, second.value(QLatin1String("token")).toString(),
                         second.value(QLatin1String("refreshToken")).toString())
                     .status,
                 200);
    }

    void refreshErrors()
    {
        SecmgmtService service(config(), *m_keys);
        const QJsonObject a = content(createDemo(service));
        m_clock.advanceSeconds(1);
        const QJsonObject b = content(createDemo(service));

        // A refresh token of another pair.
        SandboxReply reply = refresh(service, a.value(QLatin1String("token")).toString(), b.value(QLatin1String("refreshToken")).toString());
        QVERIFY2(isFailure(reply, 401, QStringLiteral("AUTH_1002")), reply.body.constData());

        // Forged: same claims, another HMAC key.
        Result<Jwk> other = Jwk::generateOct(256);
        SANDBOX_VERIFY_OK(other);
        JwsSignOptions options;
        options.alg = JwsAlg::HS256;
        options.typ = QStringLiteral("JWT");
        const QByteArray payload = JwsCompact::parse(a.value(QLatin1String("token")).toString().toUtf8())->payload;
        Result<QByteArray> forged = JwsCompact::sign(payload, other.value(), options);
        SANDBOX_VERIFY_OK(forged);
        reply = refresh(service, QString::fromLatin1(forged.value()), a.value(QLatin1String("refreshToken")).toString());
        QVERIFY2(isFailure(reply, 401, QStringLiteral("AUTH_1002")), reply.body.constData());

        reply = service.refreshToken(request("PUT", QStringLiteral("/api/v2/auth/token"), {}, R"({"token":"x"})"));
        QVERIFY2(isFailure(reply, 400, QStringLiteral("AUTH_1000")), reply.body.constData());

        // The access token may be expired: that is what refresh is for. The refresh token may not.
        m_clock.advanceSeconds(3601);
        QCOMPARE(refresh(service, a.value(QLatin1String("token")).toString(), a.value(QLatin1String("refreshToken")).toString()).status,
                 200);
        m_clock.advanceSeconds(24 * 3600);
        reply = refresh(service, b.value(QLatin1String("token")).toString(), b.value(QLatin1String("refreshToken")).toString());
        QVERIFY2(isFailure(reply, 401, QStringLiteral("AUTH_1002")), reply.body.constData());
    }
};

QTEST_GUILESS_MAIN(tst_SandboxSecmgmtService)
#include "tst_SandboxSecmgmtService.moc"
