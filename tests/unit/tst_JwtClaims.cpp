// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/jose/JwtClaims.h"

#include <QTest>

#include <cstdlib>
#include <ctime>

using namespace td;

Q_DECLARE_METATYPE(td::JwtClaims::Validity)

class tst_JwtClaims : public QObject
{
    Q_OBJECT

private:
    // A fixed clock: 2023-11-14 22:13:20 UTC. No test reads the wall clock or sleeps.
    static constexpr qint64 kNow = 1700000000;
    static QDateTime now() { return QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC); }

    static JwtClaims claimsOrDie(const QByteArray &payload)
    {
        auto claims = JwtClaims::fromPayload(payload);
        if (!claims)
            qFatal("fromPayload: %s", qPrintable(claims.error().toString()));
        return claims.value();
    }

    static QByteArray at(const char *claim, qint64 offset)
    {
        return QByteArray("\"") + claim + "\":" + QByteArray::number(kNow + offset);
    }

private slots:
    void initTestCase()
    {
        // The local-time column is checked in UTC; ctest sets TZ too, this covers running the
        // binary by hand.
        qputenv("TZ", "UTC");
        tzset();
    }

    void formatDuration_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0 s");
        QTest::newRow("seconds") << qint64(12) << QStringLiteral("12 s");
        QTest::newRow("minutes and seconds") << qint64(4 * 60 + 12) << QStringLiteral("4 min 12 s");
        QTest::newRow("whole minute") << qint64(60) << QStringLiteral("1 min");
        QTest::newRow("hours and minutes, seconds dropped") << qint64(3 * 3600 + 5 * 60 + 59) << QStringLiteral("3 h 5 min");
        QTest::newRow("days and hours") << qint64(2 * 86400 + 4 * 3600 + 7 * 60) << QStringLiteral("2 d 4 h");
        QTest::newRow("whole hours") << qint64(3 * 3600 + 30) << QStringLiteral("3 h");
        QTest::newRow("negative uses magnitude") << qint64(-12) << QStringLiteral("12 s");
    }

    void formatDuration()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(JwtClaims::formatDuration(seconds), expected);
    }

    void relativePhrase_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exp future") << QStringLiteral("exp") << qint64(4 * 60 + 12) << QStringLiteral("expires in 4 min 12 s");
        QTest::newRow("exp past") << QStringLiteral("exp") << qint64(-(3 * 3600 + 5 * 60)) << QStringLiteral("expired 3 h 5 min ago");
        QTest::newRow("exp now") << QStringLiteral("exp") << qint64(0) << QStringLiteral("expired 0 s ago");
        QTest::newRow("nbf future") << QStringLiteral("nbf") << qint64(10) << QStringLiteral("not valid for another 10 s");
        QTest::newRow("nbf past") << QStringLiteral("nbf") << qint64(-120) << QStringLiteral("valid since 2 min ago");
        QTest::newRow("iat past") << QStringLiteral("iat") << qint64(-120) << QStringLiteral("issued 2 min ago");
        QTest::newRow("iat future") << QStringLiteral("iat") << qint64(5) << QStringLiteral("issued in the future (in 5 s): clock skew?");
        QTest::newRow("not a time claim") << QStringLiteral("sub") << qint64(5) << QString();
    }

    void relativePhrase()
    {
        QFETCH(QString, claim);
        QFETCH(qint64, offset);
        QFETCH(QString, expected);
        QCOMPARE(JwtClaims::relativePhrase(claim, kNow + offset, now()), expected);
    }

    void validity_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<JwtClaims::Validity>("expected");
        QTest::newRow("exp future") << QByteArray("{" + at("exp", 60) + "}") << JwtClaims::Validity::Valid;
        QTest::newRow("exp past") << QByteArray("{" + at("exp", -1) + "}") << JwtClaims::Validity::Expired;
        QTest::newRow("exp exactly now") << QByteArray("{" + at("exp", 0) + "}") << JwtClaims::Validity::Expired;
        QTest::newRow("nbf future") << QByteArray("{" + at("nbf", 10) + "," + at("exp", 60) + "}") << JwtClaims::Validity::NotYetValid;
        QTest::newRow("nbf past, exp future") << QByteArray("{" + at("nbf", -10) + "," + at("exp", 60) + "}") << JwtClaims::Validity::Valid;
        QTest::newRow("no exp") << QByteArray("{\"sub\":\"alice\"}") << JwtClaims::Validity::NoExpiry;
        QTest::newRow("nbf past, no exp") << QByteArray("{" + at("nbf", -10) + "}") << JwtClaims::Validity::NoExpiry;
        QTest::newRow("nbf future, no exp") << QByteArray("{" + at("nbf", 10) + "}") << JwtClaims::Validity::NotYetValid;
    }

    void validity()
    {
        QFETCH(QByteArray, payload);
        QFETCH(JwtClaims::Validity, expected);
        QCOMPARE(claimsOrDie(payload).validity(now()), expected);
    }

    void invalidPayload_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not an object");
        QTest::newRow("string") << QByteArray("\"hello\"") << QStringLiteral("not an object");
        QTest::newRow("not JSON") << QByteArray("hello") << QStringLiteral("not JSON");
        QTest::newRow("exp string") << QByteArray("{\"exp\":\"tomorrow\"}") << QStringLiteral("\"exp\"");
        QTest::newRow("nbf bool") << QByteArray("{\"nbf\":true}") << QStringLiteral("\"nbf\"");
        QTest::newRow("iat null") << QByteArray("{\"iat\":null}") << QStringLiteral("\"iat\"");
        QTest::newRow("exp out of range") << QByteArray("{\"exp\":1e300}") << QStringLiteral("out of range");
    }

    void invalidPayload()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, mentions);
        auto claims = JwtClaims::fromPayload(payload);
        QVERIFY(!claims.ok());
        QCOMPARE(claims.error().code, ErrorCode::ClaimInvalid);
        QVERIFY2(claims.error().message.contains(mentions), qPrintable(claims.error().message));
    }

    void timeClaimsRead()
    {
        const JwtClaims claims = claimsOrDie("{\"exp\":1700000300.75,\"nbf\":1699999990,\"iat\":1699999900}");
        QCOMPARE(claims.expiresAt(), std::optional<qint64>(1700000300)); // fractions dropped
        QCOMPARE(claims.notBefore(), std::optional<qint64>(1699999990));
        QCOMPARE(claims.issuedAt(), std::optional<qint64>(1699999900));
        const JwtClaims none = claimsOrDie("{}");
        QVERIFY(!none.expiresAt().has_value());
        QVERIFY(!none.notBefore().has_value());
        QVERIFY(!none.issuedAt().has_value());
    }

    void rows()
    {
        const JwtClaims claims = claimsOrDie("{\"admin\":true,\"aud\":[\"a\",\"b\"],\"sub\":\"alice\"," + at("exp", 252) + ","
                                             + at("iat", -120) + ",\"ratio\":0.5,\"ctx\":{\"k\":null}}");
        const QList<ClaimRow> rows = claims.rows(now());
        QStringList names;
        for (const ClaimRow &row : rows)
            names << row.name;
        // Registered claims first in RFC 7519 order, then the rest alphabetically.
        QCOMPARE(names, (QStringList{QStringLiteral("sub"), QStringLiteral("aud"), QStringLiteral("exp"), QStringLiteral("iat"),
                                     QStringLiteral("admin"), QStringLiteral("ctx"), QStringLiteral("ratio")}));

        QCOMPARE(rows[0].value, QStringLiteral("alice"));
        QVERIFY(rows[0].localTime.isEmpty());
        QVERIFY(rows[0].relative.isEmpty());
        QCOMPARE(rows[1].value, QStringLiteral("[\"a\",\"b\"]"));

        QCOMPARE(rows[2].value, QStringLiteral("1700000252"));
        QCOMPARE(rows[2].localTime, QStringLiteral("2023-11-14 22:17:32 UTC"));
        QCOMPARE(rows[2].relative, QStringLiteral("expires in 4 min 12 s"));

        QCOMPARE(rows[3].localTime, QStringLiteral("2023-11-14 22:11:20 UTC"));
        QCOMPARE(rows[3].relative, QStringLiteral("issued 2 min ago"));

        QCOMPARE(rows[4].value, QStringLiteral("true"));
        QCOMPARE(rows[5].value, QStringLiteral("{\"k\":null}"));
        QCOMPARE(rows[6].value, QStringLiteral("0.5"));
    }
};

QTEST_GUILESS_MAIN(tst_JwtClaims)
#include "tst_JwtClaims.moc"
