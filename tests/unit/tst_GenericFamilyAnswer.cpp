// SPDX-License-Identifier: GPL-3.0-or-later
// The generic service's answers: written at any dotted path (arrays included), read back by the
// client's own ResponseInterpreter as the token, refresh token and expiry meant, and errors that
// carry the message where the mapping reads it.
#include "core/api/CallContext.h"
#include "core/api/EndpointSpec.h"
#include "core/api/PreparedCall.h"
#include "core/api/ResponseInterpreter.h"
#include "core/net/Environment.h"
#include "core/net/HttpResponse.h"
#include "core/sandbox/GenericFamilyAnswer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace td;

namespace {

constexpr qint64 kNow = 1'750'000'000'000LL;

EndpointSpec spec(const QJsonObject &response)
{
    const QJsonObject object{
        {QStringLiteral("id"), QStringLiteral("acme.login")},
        {QStringLiteral("family"), QStringLiteral("acme")},
        {QStringLiteral("title"), QStringLiteral("Log In")},
        {QStringLiteral("role"), QStringLiteral("issue")},
        {QStringLiteral("method"), QStringLiteral("POST")},
        {QStringLiteral("path"), QStringLiteral("/acme/login")},
        {QStringLiteral("contentType"), QStringLiteral("application/json")},
        {QStringLiteral("fields"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("user")}, {QStringLiteral("in"), QStringLiteral("body")}}}},
        {QStringLiteral("response"), response},
    };
    Result<EndpointSpec> parsed = EndpointSpec::fromJson(object);
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().toString()));
    return parsed.value();
}

TokenResult read(const EndpointSpec &endpoint, const QByteArray &body, int status = 200)
{
    PreparedCall call;
    call.spec = &endpoint;
    HttpResponse response;
    response.status = status;
    response.body = body;
    response.receivedAtMs = kNow;
    CallContext context;
    return ResponseInterpreter::interpret(call, response, context, Environment());
}

} // namespace

class tst_GenericFamilyAnswer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setWritesAnyPath()
    {
        QJsonObject root;
        GenericFamilyAnswer::set(root, u"content.1.token", QStringLiteral("t"));
        GenericFamilyAnswer::set(root, u"data.meta.code", 0);
        GenericFamilyAnswer::set(root, u"data.meta.message", QStringLiteral("OK"));
        QCOMPARE(QJsonDocument(root).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"content":[null,{"token":"t"}],"data":{"meta":{"code":0,"message":"OK"}}})"));
        // A scalar in the way is replaced; an index beyond the bound is an object key, not a huge array.
        GenericFamilyAnswer::set(root, u"data.meta.code.x", 1);
        QCOMPARE(root[QLatin1String("data")][QLatin1String("meta")][QLatin1String("code")][QLatin1String("x")].toInt(), 1);
        GenericFamilyAnswer::set(root, u"big.100000", 1);
        QVERIFY(root[QLatin1String("big")].isObject());
    }

    void successReadsBackAsMeant_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::newRow("epoch-ms") << QStringLiteral("epoch-ms");
        QTest::newRow("seconds-from-now") << QStringLiteral("seconds-from-now");
    }

    void successReadsBackAsMeant()
    {
        QFETCH(QString, unit);
        const EndpointSpec endpoint = spec(QJsonObject{
            {QStringLiteral("code"), QStringLiteral("meta.code")},
            {QStringLiteral("message"), QStringLiteral("meta.msg")},
            {QStringLiteral("success"), QJsonArray{QStringLiteral("200")}},
            {QStringLiteral("token"), QStringLiteral("content.0.token")},
            {QStringLiteral("refreshToken"), QStringLiteral("content.0.refresh")},
            {QStringLiteral("expiry"), QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("content.0.exp")},
                                                              {QStringLiteral("unit"), unit}}}},
        });
        const qint64 expiry = kNow + 3600 * 1000;
        const QJsonObject body = GenericFamilyAnswer::success(endpoint, {QStringLiteral("tok"), QStringLiteral("ref"), expiry}, kNow);
        QCOMPARE(body[QLatin1String("meta")][QLatin1String("code")].toInt(), 200); // digits go out as a number
        const TokenResult result = read(endpoint, QJsonDocument(body).toJson());
        QVERIFY2(result.ok, qPrintable(result.message));
        QCOMPARE(result.token, QStringLiteral("tok"));
        QCOMPARE(result.refreshToken, QStringLiteral("ref"));
        QCOMPARE(result.expiryField, QStringLiteral("content.0.exp"));
        QVERIFY(qAbs(result.expiresAtMs - expiry) <= 1000);
    }

    // No refresh token issued: none is written, and the client reads none.
    void nothingWrittenThatWasNotIssued()
    {
        const EndpointSpec endpoint = spec(QJsonObject{
            {QStringLiteral("code"), QStringLiteral("status")},
            {QStringLiteral("success"), QJsonArray{QStringLiteral("ok")}},
            {QStringLiteral("token"), QStringLiteral("access_token")},
            {QStringLiteral("refreshToken"), QStringLiteral("refresh_token")},
        });
        const QJsonObject body = GenericFamilyAnswer::success(endpoint, {QStringLiteral("tok"), QString(), kNow + 1000}, kNow);
        QVERIFY(!body.contains(QLatin1String("refresh_token")));
        QCOMPARE(body.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    }

    void errorCarriesTheMessageWhereTheMappingReadsIt()
    {
        const EndpointSpec endpoint = spec(QJsonObject{
            {QStringLiteral("code"), QStringLiteral("result.code")},
            {QStringLiteral("message"), QStringLiteral("result.text")},
            {QStringLiteral("success"), QJsonArray{QStringLiteral("0")}},
            {QStringLiteral("token"), QStringLiteral("token")},
        });
        const SandboxReply reply = GenericFamilyAnswer::error(endpoint.response, 401, QStringLiteral("X-Signature does not match"),
                                                              QStringLiteral("signature-mismatch"));
        QCOMPARE(reply.status, 401);
        const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
        QCOMPARE(body.value(QLatin1String("status")).toInt(), 401);
        QCOMPARE(body.value(QLatin1String("code")).toString(), QStringLiteral("signature-mismatch"));
        const TokenResult result = read(endpoint, reply.body, 401);
        QVERIFY(!result.ok);
        QCOMPARE(result.code, QStringLiteral("signature-mismatch"));
        QCOMPARE(result.message, QStringLiteral("X-Signature does not match"));
    }
};

QTEST_GUILESS_MAIN(tst_GenericFamilyAnswer)
#include "tst_GenericFamilyAnswer.moc"
