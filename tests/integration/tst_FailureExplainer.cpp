// SPDX-License-Identifier: GPL-3.0-or-later
// Explanations of failed calls, each driven against the sandbox with the fault or configuration
// that causes it (a skewed clock, another KDF, a wrong secret, a token of the wrong shape).
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/evidence/FailureExplainer.h"
#include "core/net/ApiClient.h"
#include "core/net/HistoryEntry.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxFault.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxServer.h"

#include <QSignalSpy>
#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::SandboxFault::Kind)
Q_DECLARE_METATYPE(td::KdfMode)

class tst_FailureExplainer : public QObject
{
    Q_OBJECT

    std::optional<SandboxKeys> m_keys;
    ApiClient m_client;
    std::unique_ptr<SandboxServer> m_server;
    Environment m_environment;

    bool startSandbox(SandboxConfig config)
    {
        m_server = std::make_unique<SandboxServer>(config, *m_keys);
        const Result<QUrl> url = m_server->start();
        if (url)
            m_environment = SandboxEnvironment::make(url.value(), SandboxConfig());
        return url.ok();
    }

    // Runs one call to its end; the explanation of it.
    FailureExplainer::Explanation run(const QString &endpoint, QMap<QString, QString> values, CallContext &context,
                                      const QList<HistoryEntry> &history = {}, TokenResult *result = nullptr)
    {
        ApiCall call(m_client, *EndpointCatalog::builtIn().find(endpoint), m_environment, std::move(values), context);
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        if (!finished.wait(10000))
            return {};
        if (result)
            *result = call.result();
        return FailureExplainer::explain(call, history);
    }

private Q_SLOTS:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        QVERIFY(keys);
        m_keys = keys.value();
    }

    // A server 9 minutes ahead refuses the EnOS timestamp: the clock is the first cause, and the
    // offset is read off its Date header.
    void aSkewedServerClockComesFirst()
    {
        SandboxConfig config;
        config.clockOffsetMs = 9 * 60 * 1000;
        QVERIFY(startSandbox(config));
        CallContext context;
        TokenResult result;
        const FailureExplainer::Explanation explanation = run(QStringLiteral("enos.get-token"), {}, context, {}, &result);
        QVERIFY(!result.ok);
        QVERIFY(explanation.clockOffsetMs);
        QVERIFY2(qAbs(*explanation.clockOffsetMs - config.clockOffsetMs) < 2000, qPrintable(QString::number(*explanation.clockOffsetMs)));
        QVERIFY(!explanation.causes.isEmpty());
        const QString first = explanation.causes.constFirst().cause;
        QVERIFY2(first.startsWith(QLatin1String("The server's clock is ")) && first.contains(QLatin1String(" ahead")), qPrintable(first));
        QVERIFY(explanation.causes.constFirst().evidence.contains(QLatin1String("Date header")));
    }

    // A succeeding call against a clock a minute behind still gets the word; one in step gets none.
    void theClockIsSaidEvenOnSuccessAndOnlyBeyondThirtySeconds()
    {
        SandboxConfig behind;
        behind.clockOffsetMs = -60 * 1000;
        QVERIFY(startSandbox(behind));
        CallContext context;
        TokenResult result;
        FailureExplainer::Explanation explanation = run(QStringLiteral("secmgmt.create-token"), {}, context, {}, &result);
        QVERIFY(result.ok);
        QCOMPARE(explanation.causes.size(), 1);
        QVERIFY(explanation.causes.constFirst().cause.contains(QLatin1String("behind")));
        QVERIFY(startSandbox(SandboxConfig()));
        explanation = run(QStringLiteral("secmgmt.create-token"), {}, context, {}, &result);
        QVERIFY(result.ok);
        QVERIFY(explanation.causes.isEmpty());
        QVERIFY(explanation.clockOffsetMs && qAbs(*explanation.clockOffsetMs) < 2000);
    }

    // EnOS 1003: the appSecret is the suspect; history says the appKey worked before.
    void aWrongSignatureNamesItsInputsAndHistory()
    {
        QVERIFY(startSandbox(SandboxConfig()));
        HistoryEntry earlier;
        earlier.time = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        earlier.endpoint = QStringLiteral("enos.get-token");
        earlier.environment = QStringLiteral("Partner");
        earlier.outcome.ok = true;
        earlier.fields.insert(QStringLiteral("appKey"), m_environment.values.value(QStringLiteral("appKey")));
        CallContext context;
        const FailureExplainer::Explanation explanation =
            run(QStringLiteral("enos.get-token"), {{QStringLiteral("appSecret"), QStringLiteral("not-the-secret")}}, context, {earlier});
        QVERIFY(!explanation.causes.isEmpty());
        const FailureExplainer::Cause &first = explanation.causes.constFirst();
        QVERIFY2(first.cause.contains(QLatin1String("appSecret")), qPrintable(first.cause));
        QVERIFY2(first.evidence.contains(QLatin1String("appSecret (typed)")), qPrintable(first.evidence));
        QVERIFY2(first.evidence.contains(QLatin1String("worked at 2023-11-14T22:13:20Z in Partner")), qPrintable(first.evidence));
        QVERIFY(!first.evidence.contains(QLatin1String("not-the-secret")));
    }

    // BankEzy TOK002: the API key is named with where it came from, never its value, although
    // X-API-KEY is no spec secret (history and exports mask it as one).
    void aRefusedApiKeyIsNamedNotShown()
    {
        QVERIFY(startSandbox(SandboxConfig()));
        CallContext context;
        TokenResult result;
        const FailureExplainer::Explanation explanation =
            run(QStringLiteral("bankezy.get-app-token"), {{QStringLiteral("X-API-KEY"), QStringLiteral("WRONG-HDR-KEY-4711")}}, context, {},
                &result);
        QCOMPARE(result.code, QStringLiteral("TOK002"));
        QVERIFY(!explanation.causes.isEmpty());
        const QString evidence = explanation.causes.constFirst().evidence;
        QVERIFY2(evidence.startsWith(QLatin1String("X-API-KEY (typed), apiKey (from environment ")), qPrintable(evidence));
        for (const FailureExplainer::Cause &cause : explanation.causes)
            QVERIFY(!(cause.cause + cause.evidence + cause.fix).contains(QLatin1String("WRONG-HDR-KEY-4711")));
    }

    // The server derives its session key with concat, the environment with raw: Get User Token's
    // body does not decrypt there (TOK003) and the KDF is the first suspect, the others named.
    void aKdfMismatchIsTheFirstSuspectOfTok003()
    {
        SandboxConfig concat;
        concat.kdf = KdfMode::Concat;
        QVERIFY(startSandbox(concat));
        CallContext context;
        TokenResult result;
        run(QStringLiteral("bankezy.get-app-token"), {}, context, {}, &result);
        QVERIFY(result.ok);
        const FailureExplainer::Explanation explanation = run(QStringLiteral("bankezy.get-user-token"), {}, context, {}, &result);
        QCOMPARE(result.code, QStringLiteral("TOK003"));
        QVERIFY(!explanation.causes.isEmpty());
        QVERIFY2(explanation.causes.constFirst().cause.contains(QLatin1String("uses the raw KDF; try concat or sha256")),
                 qPrintable(explanation.causes.constFirst().cause));
        // The server's refusal is plain JSON: nothing to test locally, so a suspect, not a confirmation.
        QVERIFY(!explanation.causes.constFirst().confirmed);
        QVERIFY(explanation.causes.constFirst().evidence.contains(QLatin1String("not testable locally")));
    }

    // Runs the BankEzy life cycle against `server`: Get App Token with the KDF `appKdf`, Get User
    // Token and Renew Token with `userKdf`; the explanation of the renewal.
    FailureExplainer::Explanation renewal(KdfMode appKdf, KdfMode userKdf, TokenResult &renewed)
    {
        CallContext context;
        TokenResult result;
        m_environment.kdf = appKdf;
        run(QStringLiteral("bankezy.get-app-token"), {}, context, {}, &result);
        if (!result.ok)
            return {};
        m_environment.kdf = userKdf;
        run(QStringLiteral("bankezy.get-user-token"), {}, context, {}, &result);
        if (!result.ok)
            return {};
        return run(QStringLiteral("bankezy.renew-token"), {}, context, {}, &renewed);
    }

    static bool mentionsKdf(const FailureExplainer::Explanation &explanation)
    {
        return std::any_of(explanation.causes.cbegin(), explanation.causes.cend(),
                           [](const FailureExplainer::Cause &c) { return c.confirmed || c.cause.contains(QLatin1String("KDF")); });
    }

    // A server on concat; the environment was on concat for the app session and on raw when the
    // SDK session was made (its KDF changed between the steps): the renewal's encrypted answer does
    // not open with raw, and TokenDesk opens it itself with concat: a confirmed cause, first.
    void anAnswerThatOpensWithAnotherKdfIsAConfirmedCause()
    {
        SandboxConfig concat;
        concat.kdf = KdfMode::Concat;
        concat.clockOffsetMs = 10 * 60 * 1000; // a clock cause too: the confirmed one still comes first
        QVERIFY(startSandbox(concat));
        TokenResult renewed;
        const FailureExplainer::Explanation explanation = renewal(KdfMode::Concat, KdfMode::Raw, renewed);
        QVERIFY(!renewed.ok);
        QVERIFY(renewed.error && renewed.error->code == ErrorCode::PayloadDecryptFailed);
        QVERIFY(!explanation.causes.isEmpty());
        const FailureExplainer::Cause &first = explanation.causes.constFirst();
        QVERIFY(first.confirmed);
        QCOMPARE(first.cause, QStringLiteral("The server derives the session key with the concat KDF; this environment uses raw"));
        QVERIFY2(first.evidence.startsWith(QLatin1String("the answer opened with concat and the SDK session key pair (checked locally, "
                                                         "no request sent)")),
                 qPrintable(first.evidence));
        QVERIFY2(first.fix.startsWith(QLatin1String("set the environment's KDF to concat")), qPrintable(first.fix));
        QCOMPARE(std::count_if(explanation.causes.cbegin(), explanation.causes.cend(), [](const FailureExplainer::Cause &c) { return c.confirmed; }), 1);
        QVERIFY(std::any_of(explanation.causes.cbegin(), explanation.causes.cend(),
                            [](const FailureExplainer::Cause &c) { return c.cause.contains(QLatin1String("clock")); }));
        const QJsonObject json = explanation.causesJson().at(0).toObject();
        QCOMPARE(json.value(QLatin1String("cause")).toString(), first.cause);
        QCOMPARE(json.value(QLatin1String("evidence")).toString(), first.evidence);
        QCOMPARE(json.value(QLatin1String("confirmed")).toBool(), true);
        QCOMPARE(json.value(QLatin1String("fix")).toString(), first.fix);
    }

    // The same life cycle with the environment on the server's KDF throughout: the renewal opens,
    // and no KDF is suspected, let alone confirmed.
    void matchingKdfsGiveNoKdfCause()
    {
        SandboxConfig concat;
        concat.kdf = KdfMode::Concat;
        QVERIFY(startSandbox(concat));
        TokenResult renewed;
        const FailureExplainer::Explanation explanation = renewal(KdfMode::Concat, KdfMode::Concat, renewed);
        QVERIFY2(renewed.ok, qPrintable(renewed.message));
        QVERIFY(!mentionsKdf(explanation));
    }

    void aCorruptedAnswerOpensWithNoKdf_data()
    {
        QTest::addColumn<SandboxFault::Kind>("kind");
        QTest::addColumn<KdfMode>("kdf");
        QTest::newRow("wrong key, raw") << SandboxFault::Kind::WrongKey << KdfMode::Raw;
        QTest::newRow("wrong key, sha256") << SandboxFault::Kind::WrongKey << KdfMode::Sha256;
        QTest::newRow("malformed, concat") << SandboxFault::Kind::Malformed << KdfMode::Concat;
        QTest::newRow("truncated, raw") << SandboxFault::Kind::Truncated << KdfMode::Raw;
    }

    // KDFs that match, and an answer encrypted under a key of nobody's, or not a JWE at all: every
    // KDF is tried, none opens, and that is said instead of a (false) confirmation.
    void aCorruptedAnswerOpensWithNoKdf()
    {
        QFETCH(SandboxFault::Kind, kind);
        QFETCH(KdfMode, kdf);
        SandboxConfig config;
        config.kdf = kdf;
        QVERIFY(startSandbox(config));
        SandboxFault fault;
        fault.endpoint = QStringLiteral("bankezy.renew-token");
        fault.kind = kind;
        m_server->addFault(fault);
        TokenResult renewed;
        const FailureExplainer::Explanation explanation = renewal(kdf, kdf, renewed);
        QVERIFY(!renewed.ok);
        QVERIFY2(renewed.error && renewed.error->code == ErrorCode::PayloadDecryptFailed, qPrintable(renewed.message));
        QVERIFY(!explanation.causes.isEmpty());
        QVERIFY(std::none_of(explanation.causes.cbegin(), explanation.causes.cend(), [](const FailureExplainer::Cause &c) { return c.confirmed; }));
        const QString first = explanation.causes.constFirst().cause;
        QVERIFY2(first.startsWith(QLatin1String("Not the key derivation: the answer opens with none of the KDFs (%1, ")
                                      .arg(kdfModeName(kdf))),
                 qPrintable(first));
        for (KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256})
            QVERIFY2(first.contains(kdfModeName(mode)), qPrintable(first));
        QVERIFY(first.contains(QLatin1String("all tried locally, no request sent")));
    }

    // Tokens that cannot be what the endpoint takes: base64 for base64url, a JWT for a JWE.
    void tokensOfTheWrongShape()
    {
        QVERIFY(startSandbox(SandboxConfig()));
        CallContext context;
        FailureExplainer::Explanation explanation =
            run(QStringLiteral("secmgmt.refresh-token"),
                {{QStringLiteral("token"), QStringLiteral("eyJh+bGc.eyJz/dWI=.c2ln")}, {QStringLiteral("refreshToken"), QStringLiteral("a.b.c")}},
                context);
        QVERIFY(std::any_of(explanation.causes.cbegin(), explanation.causes.cend(), [](const FailureExplainer::Cause &c) {
            return c.cause == QLatin1String("token is written in base64 where base64url is expected");
        }));
        explanation = run(QStringLiteral("bankezy.renew-token"),
                          {{QStringLiteral("X-API-TOKEN"), QStringLiteral("eyJhbGc.eyJzdWI.c2ln")}, {QStringLiteral("token"), QStringLiteral("eyJhbGc.eyJzdWI.c2ln")},
                           {QStringLiteral("X-ACCOUNT-NUMBER"), QStringLiteral("1000000001")}},
                          context);
        QVERIFY(std::any_of(explanation.causes.cbegin(), explanation.causes.cend(), [](const FailureExplainer::Cause &c) {
            return c.cause.contains(QLatin1String("is a JWT (3 parts) where BankEzy expects a JWE"));
        }));
    }

    void offsetsInWords()
    {
        QCOMPARE(FailureExplainer::offsetText(551090), QStringLiteral("9 min 11 s ahead"));
        QCOMPARE(FailureExplainer::offsetText(539600), QStringLiteral("9 min 0 s ahead"));
        QCOMPARE(FailureExplainer::offsetText(-40000), QStringLiteral("40 s behind"));
    }

    void httpDatesInEveryFormTheRfcAllows_data()
    {
        QTest::addColumn<QByteArray>("date");
        QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT");
        QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT");
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994");
    }

    void httpDatesInEveryFormTheRfcAllows()
    {
        QFETCH(QByteArray, date);
        HttpResponse response;
        response.headers.append({QByteArrayLiteral("Date"), date});
        response.receivedAtMs = 784111777000 + 10000; // ten seconds after the server's second
        response.durationMs = 0;
        QCOMPARE(FailureExplainer::clockOffset(response), std::optional<qint64>(-9500));
        response.headers = {{QByteArrayLiteral("Date"), QByteArrayLiteral("yesterday")}};
        QVERIFY(!FailureExplainer::clockOffset(response));
    }
};

QTEST_GUILESS_MAIN(tst_FailureExplainer)
#include "tst_FailureExplainer.moc"
