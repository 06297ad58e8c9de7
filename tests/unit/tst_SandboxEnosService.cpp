// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/EnosSignature.h"
#include "core/jose/JwsCompact.h"
#include "core/sandbox/EnosService.h"
#include "tst_SandboxSupport.h"

using namespace td;
using namespace sandboxtest;

namespace {

const QString kAppKey = QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b");
const QString kSecret = QStringLiteral("sandbox-app-secret");

} // namespace

class tst_SandboxEnosService : public QObject
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

    static QJsonObject signedBody(qint64 timestamp, const QString &appKey = kAppKey, const QString &secret = kSecret)
    {
        return QJsonObject{{QStringLiteral("appKey"), appKey},
                           {QStringLiteral("encryption"), EnosSignature::compute(appKey, timestamp, secret)},
                           {QStringLiteral("timestamp"), timestamp}};
    }

    static SandboxReply get(EnosService &service, const QByteArray &body)
    {
        return service.getToken(request("POST", QStringLiteral("/apim-token-service/v2.0/token/get"),
                                        {{"Content-Type", "application/json"}}, body));
    }

    static SandboxReply refresh(EnosService &service, const QByteArray &body)
    {
        return service.refreshToken(request("POST", QStringLiteral("/apim-token-service/v2.0/token/refresh"),
                                            {{"Content-Type", "application/json"}}, body));
    }

    static int status(const SandboxReply &reply) { return json(reply.body).value(QLatin1String("status")).toInt(-1); }
    static QJsonObject data(const SandboxReply &reply) { return json(reply.body).value(QLatin1String("data")).toObject(); }

private slots:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        SANDBOX_VERIFY_OK(keys);
        m_keys = keys.value();
    }

    void getSuccess()
    {
        EnosService service(config(), *m_keys);
        const SandboxReply reply = get(service, compact(signedBody(m_clock.ms())));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.contentType, QByteArray("application/json"));
        const QJsonObject answer = json(reply.body);
        QCOMPARE(answer.value(QLatin1String("status")).toInt(), 0);
        QCOMPARE(answer.value(QLatin1String("msg")).toString(), QStringLiteral("SUCCESS"));
        QCOMPARE(answer.value(QLatin1String("business")).toString(), QStringLiteral("apim-token-service"));
        QCOMPARE(data(reply).value(QLatin1String("expire")).toInteger(), 7200);

        // The accessToken is an HS256 JWT under the sandbox HMAC secret.
        Result<JwsToken> jws = JwsCompact::parse(data(reply).value(QLatin1String("accessToken")).toString().toUtf8());
        SANDBOX_VERIFY_OK(jws);
        QCOMPARE(jws->alg, JwsAlg::HS256);
        SANDBOX_VERIFY_OK(JwsCompact::verify(jws.value(), m_keys->hmacKey()));
        const QJsonObject claims = json(jws->payload);
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), kAppKey);
        QCOMPARE(claims.value(QLatin1String("exp")).toInteger(), m_clock.ms() / 1000 + 7200);
        QVERIFY(!claims.value(QLatin1String("jti")).toString().isEmpty());
    }

    void sameTokenWhileValid()
    {
        EnosService service(config(), *m_keys);
        const SandboxReply first = get(service, compact(signedBody(m_clock.ms())));
        m_clock.advanceSeconds(100);
        const SandboxReply second = get(service, compact(signedBody(m_clock.ms())));
        QCOMPARE(status(second), 0);
        QCOMPARE(data(second).value(QLatin1String("accessToken")), data(first).value(QLatin1String("accessToken")));
        QCOMPARE(data(second).value(QLatin1String("expire")).toInteger(), 7100);

        m_clock.advanceSeconds(7100);
        const SandboxReply third = get(service, compact(signedBody(m_clock.ms())));
        QCOMPARE(status(third), 0);
        QVERIFY(data(third).value(QLatin1String("accessToken")) != data(first).value(QLatin1String("accessToken")));
        QCOMPARE(data(third).value(QLatin1String("expire")).toInteger(), 7200);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("msgContains");

        const qint64 now = FakeClock().ms();
        QJsonObject wrongSignature = signedBody(now);
        wrongSignature.insert(QStringLiteral("encryption"), EnosSignature::compute(kAppKey, now, QStringLiteral("other")));
        QJsonObject stringTimestamp = signedBody(now);
        stringTimestamp.insert(QStringLiteral("timestamp"), QString::number(now));
        QJsonObject noTimestamp = signedBody(now);
        noTimestamp.remove(QStringLiteral("timestamp"));
        QJsonObject noEncryption = signedBody(now);
        noEncryption.remove(QStringLiteral("encryption"));

        QTest::newRow("unknown appKey") << compact(signedBody(now, QStringLiteral("other-app"))) << 1002 << "appKey";
        QTest::newRow("encryption not valid") << compact(wrongSignature) << 1003 << "encryption";
        QTest::newRow("timestamp in seconds") << compact(signedBody(now / 1000)) << 1004 << "milliseconds";
        QTest::newRow("timestamp 301 s late") << compact(signedBody(now - 301000)) << 1004 << "±300 s";
        QTest::newRow("timestamp 301 s early") << compact(signedBody(now + 301000)) << 1004 << "±300 s";
        QTest::newRow("not JSON") << QByteArray("appKey=x") << 1006 << "JSON";
        QTest::newRow("no timestamp") << compact(noTimestamp) << 1006 << "timestamp";
        QTest::newRow("no encryption") << compact(noEncryption) << 1006 << "encryption";
        QTest::newRow("timestamp 299 s late") << compact(signedBody(now - 299000)) << 0 << "SUCCESS";
        QTest::newRow("timestamp as string") << compact(stringTimestamp) << 0 << "SUCCESS";
    }

    void errors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, msgContains);
        EnosService service(config(), *m_keys);
        const SandboxReply reply = get(service, body);
        QCOMPARE(reply.status, 200); // EnOS always answers 200; the status field tells
        QCOMPARE(this->status(reply), status);
        QVERIFY2(json(reply.body).value(QLatin1String("msg")).toString().contains(msgContains), reply.body.constData());
        QCOMPARE(json(reply.body).value(QLatin1String("business")).toString(), QStringLiteral("apim-token-service"));
    }

    void replayIsRefused()
    {
        EnosService service(config(), *m_keys);
        const QByteArray body = compact(signedBody(m_clock.ms()));
        QCOMPARE(status(get(service, body)), 0);
        const SandboxReply replay = get(service, body);
        QCOMPARE(status(replay), 1001);
        QVERIFY(json(replay.body).value(QLatin1String("msg")).toString().contains(QLatin1String("duplicated")));
        // A refresh carrying an already used encryption is a replay too.
        QJsonObject refreshBody = signedBody(m_clock.ms());
        refreshBody.insert(QStringLiteral("accessToken"), QStringLiteral("x"));
        QCOMPARE(status(refresh(service, compact(refreshBody))), 1001);
    }

    void refreshIssuesNewToken()
    {
        EnosService service(config(), *m_keys);
        const QString first = data(get(service, compact(signedBody(m_clock.ms())))).value(QLatin1String("accessToken")).toString();
        m_clock.advanceSeconds(60);
        QJsonObject body = signedBody(m_clock.ms());
        body.insert(QStringLiteral("accessToken"), first);
        const SandboxReply reply = refresh(service, compact(body));
        QCOMPARE(status(reply), 0);
        const QString second = data(reply).value(QLatin1String("accessToken")).toString();
        QVERIFY(second != first);
        QCOMPARE(data(reply).value(QLatin1String("expire")).toInteger(), 7200);

        // The old token is invalid now; get returns the new one.
        m_clock.advanceSeconds(1);
        body = signedBody(m_clock.ms());
        body.insert(QStringLiteral("accessToken"), first);
        const SandboxReply stale = refresh(service, compact(body));
        QCOMPARE(status(stale), 1005);
        QVERIFY(json(stale.body).value(QLatin1String("msg")).toString().contains(QLatin1String("accessToken")));
        m_clock.advanceSeconds(1);
        QCOMPARE(data(get(service, compact(signedBody(m_clock.ms())))).value(QLatin1String("accessToken")).toString(), second);
    }

    void refreshErrors()
    {
        EnosService service(config(), *m_keys);
        const QString token = data(get(service, compact(signedBody(m_clock.ms())))).value(QLatin1String("accessToken")).toString();

        m_clock.advanceSeconds(1);
        QCOMPARE(status(refresh(service, compact(signedBody(m_clock.ms())))), 1006); // no accessToken

        m_clock.advanceSeconds(1);
        QJsonObject body = signedBody(m_clock.ms());
        body.insert(QStringLiteral("accessToken"), QStringLiteral("forged"));
        QCOMPARE(status(refresh(service, compact(body))), 1005);

        m_clock.advanceSeconds(7200);
        body = signedBody(m_clock.ms());
        body.insert(QStringLiteral("accessToken"), token);
        QCOMPARE(status(refresh(service, compact(body))), 1005); // expired
    }
};

QTEST_GUILESS_MAIN(tst_SandboxEnosService)
#include "tst_SandboxEnosService.moc"
