// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/CallSecrets.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/RequestBuilder.h"
#include "core/session/SessionStore.h"

#include <QTest>

using namespace td;

namespace {

PreparedCall prepare(const QString &id, const QMap<QString, QString> &values, CallContext &context)
{
    const EndpointSpec *spec = EndpointCatalog::builtIn().find(id);
    Environment environment;
    environment.name = QStringLiteral("test");
    environment.baseUrl = QStringLiteral("http://127.0.0.1:9");
    Result<PreparedCall> prepared = RequestBuilder::prepare(*spec, environment, values, context, 1700000000000, nullptr);
    if (!prepared)
        qWarning("%s", qPrintable(prepared.error().toString()));
    return prepared ? prepared.value() : PreparedCall();
}

} // namespace

class tst_CallSecrets : public QObject
{
    Q_OBJECT

private slots:
    void preparedCallKnowsItsCredentialsAndPreSharedHeader()
    {
        CallContext context;
        const PreparedCall call = prepare(QStringLiteral("bankezy.get-app-token"),
                                          {{QStringLiteral("X-API-KEY"), QStringLiteral("XK-2001-pre")},
                                           {QStringLiteral("apiKey"), QStringLiteral("AK-body-1")},
                                           {QStringLiteral("secret"), QStringLiteral("SECRET-1")}},
                                          context);
        QVERIFY(call.spec);
        const CallSecrets secrets = CallSecrets::of(call, context);
        for (const char *value : {"XK-2001-pre", "AK-body-1", "SECRET-1"})
            QVERIFY2(secrets.values().contains(QLatin1String(value)), value);
        QVERIFY(secrets.names().contains(QStringLiteral("apiKey")));
        // The generated public key is no secret: masking it would hide what the inspector needs.
        QVERIFY(!secrets.values().contains(call.value(QStringLiteral("publicKey"))));
        // What the history and the panes show of the request: neither value of the pair.
        const HttpRequest shown = secrets.maskRequest(call.request);
        QCOMPARE(shown.header("X-API-KEY"), QByteArray("***"));
        QVERIFY(!shown.body.contains("AK-body-1"));
    }

    void carriedTokensAreSecretOtherCarriedValuesAreNot()
    {
        CallContext context;
        context.values.insert(QStringLiteral("userToken"), QStringLiteral("UT-carried-1"));
        context.values.insert(QStringLiteral("accessToken"), QStringLiteral("AT-carried-1"));
        context.values.insert(QStringLiteral("accountNumber"), QStringLiteral("1234567890"));
        const PreparedCall call = prepare(QStringLiteral("secmgmt.create-token"),
                                          {{QStringLiteral("username"), QStringLiteral("admin")},
                                           {QStringLiteral("password"), QStringLiteral("PW-123456")}},
                                          context);
        const CallSecrets secrets = CallSecrets::of(call, context);
        QVERIFY(secrets.values().contains(QStringLiteral("UT-carried-1")));
        QVERIFY(secrets.values().contains(QStringLiteral("AT-carried-1")));
        QVERIFY(secrets.values().contains(QStringLiteral("PW-123456")));
        QVERIFY(!secrets.values().contains(QStringLiteral("1234567890")));
        QVERIFY(!secrets.values().contains(QStringLiteral("admin")));
    }

    void sessionsAddTokensIssuedEarlier()
    {
        SessionStore store;
        Session session;
        session.family = QStringLiteral("enos");
        session.token = QStringLiteral("opaque-earlier-1");
        session.refreshToken = QStringLiteral("opaque-refresh-1");
        session.context.values.insert(QStringLiteral("appToken"), QStringLiteral("opaque-app-1"));
        session.environment.values.insert(QStringLiteral("appSecret"), QStringLiteral("env-secret-1"));
        session.environment.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("env-xkey-1"));
        session.environment.values.insert(QStringLiteral("appKey"), QStringLiteral("public-app-key"));
        store.add(session);
        const CallSecrets secrets({QStringLiteral("pin")}, QStringList{QStringLiteral("given-1")} + store.secretValues());
        for (const char *value : {"given-1", "opaque-earlier-1", "opaque-refresh-1", "opaque-app-1", "env-secret-1", "env-xkey-1"})
            QVERIFY2(secrets.values().contains(QLatin1String(value)), value);
        QVERIFY(!secrets.values().contains(QStringLiteral("public-app-key")));
        // An opaque earlier token echoed in a cut, non-JSON answer is masked only because the sessions know it.
        const QByteArray body = "upstream: old session opaque-earlier-1 replaced; pin=4321; next opaque-refr";
        QCOMPARE(secrets.maskBody(body), QByteArray("upstream: old session *** replaced; pin=***; next ***"));
        QCOMPARE(CallSecrets().maskBody(body).contains("opaque-earlier-1"), true);
    }

    void valuesAreKeptOnceAndNeverEmpty()
    {
        CallSecrets secrets({}, {QString(), QStringLiteral("same-1"), QStringLiteral("same-1")});
        secrets.addValue(QString());
        secrets.addValue(QStringLiteral("same-1"));
        QCOMPARE(secrets.values(), QStringList{QStringLiteral("same-1")});
        QCOMPARE(secrets.maskText(QStringLiteral("said same-1 twice: same-1")), QStringLiteral("said *** twice: ***"));
    }
};

QTEST_GUILESS_MAIN(tst_CallSecrets)
#include "tst_CallSecrets.moc"
