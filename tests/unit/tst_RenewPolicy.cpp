// SPDX-License-Identifier: GPL-3.0-or-later
// The renew policy's rules as pure functions of a session and the caller's clock; the scheduler
// tests (tst_ExpiryScheduler) drive them against a real sandbox on a fake clock.
#include "core/session/RenewPolicy.h"

#include <QTest>

using namespace td;

namespace {

Session sessionLiving(qint64 issuedAtMs, qint64 lifetimeMs, const QString &baseUrl = QStringLiteral("https://api.example.com"))
{
    Session session;
    session.family = QStringLiteral("enos");
    session.environment.name = QStringLiteral("partner");
    session.environment.baseUrl = baseUrl;
    session.issuedAtMs = issuedAtMs;
    session.expiresAtMs = issuedAtMs + lifetimeMs;
    return session;
}

TokenResult renewalExpiring(qint64 expiresAtMs)
{
    TokenResult result;
    result.ok = true;
    result.token = QStringLiteral("t");
    result.expiresAtMs = expiresAtMs;
    return result;
}

} // namespace

class tst_RenewPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void renewPointNeverInTheFirstHalf_data()
    {
        QTest::addColumn<qint64>("lifetimeMs");
        QTest::addColumn<qint64>("thresholdMs");
        QTest::newRow("2 s: half") << qint64(2000) << qint64(1000);
        QTest::newRow("6 s: half") << qint64(6000) << qint64(3000);
        QTest::newRow("60 s: half") << qint64(60000) << qint64(30000);
        QTest::newRow("5 min: half, not the 5 min floor") << qint64(300000) << qint64(150000);
        QTest::newRow("15 min: the 5 min floor") << qint64(900000) << qint64(300000);
        QTest::newRow("2 h: 20 %") << qint64(7200000) << qint64(1440000);
        QTest::newRow("no lifetime") << qint64(0) << qint64(0);
    }

    void renewPointNeverInTheFirstHalf()
    {
        QFETCH(qint64, lifetimeMs);
        QFETCH(qint64, thresholdMs);
        RenewPolicy policy;
        const Session session = sessionLiving(1000000, lifetimeMs);
        QCOMPARE(policy.thresholdMs(session), thresholdMs);
        QCOMPARE(policy.renewAtMs(session), session.expiresAtMs - thresholdMs);
        QVERIFY(policy.renewAtMs(session) >= session.issuedAtMs + lifetimeMs / 2);
    }

    void minimumIntervalAfterTheLastAttempt()
    {
        RenewPolicy policy;
        policy.setMinimumIntervalMs(10000);
        Session session = sessionLiving(1000000, 6000);
        QCOMPARE(policy.renewAtMs(session), 1003000); // no attempt yet: the renew point
        session.renewals.append({1000000, true, 200, {}, {}, 1006000});
        QCOMPARE(policy.renewAtMs(session), 1010000);
        session.renewals.append({995000, false, 500, {}, {}, 0}); // the last attempt counts, failed or not
        QCOMPARE(policy.renewAtMs(session), 1005000);
    }

    void hostBudgetIsASlidingMinute()
    {
        RenewPolicy policy;
        policy.setHostBudgetPerMinute(3);
        const QString host = QStringLiteral("api.example.com:443");
        const QString other = QStringLiteral("other.example.com:443");
        for (qint64 at : {0, 10000, 20000}) {
            QCOMPARE(policy.hostFreeAtMs(host, at), at);
            policy.recordRenewal(host, at);
        }
        QCOMPARE(policy.hostFreeAtMs(host, 30000), qint64(60000)); // the first leaves the window
        QCOMPARE(policy.hostFreeAtMs(other, 30000), qint64(30000)); // per host
        QCOMPARE(policy.hostFreeAtMs(host, 60000), qint64(60000));
        policy.recordRenewal(host, 60000);
        QCOMPARE(policy.hostFreeAtMs(host, 60000), qint64(70000));
        QVERIFY(policy.budgetWaitReason(host).contains(host));
        QVERIFY(policy.budgetWaitReason(host).contains(QStringLiteral("3 renewals")));
    }

    void hostIsSchemeHostAndPort_data()
    {
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("host");
        QTest::newRow("https default port") << QStringLiteral("https://api.example.com/v1") << QStringLiteral("api.example.com:443");
        QTest::newRow("http default port") << QStringLiteral("http://api.example.com") << QStringLiteral("api.example.com:80");
        QTest::newRow("explicit port") << QStringLiteral("http://127.0.0.1:8080/x") << QStringLiteral("127.0.0.1:8080");
        QTest::newRow("no URL: the environment") << QString() << QStringLiteral("partner");
    }

    void hostIsSchemeHostAndPort()
    {
        QFETCH(QString, baseUrl);
        QFETCH(QString, host);
        QCOMPARE(RenewPolicy::hostOf(sessionLiving(0, 1000, baseUrl)), host);
    }

    void stopsWhenARenewalBringsNoLaterExpiry()
    {
        const Session before = sessionLiving(1000000, 60000);
        QVERIFY(RenewPolicy::stopReason(before, renewalExpiring(before.expiresAtMs + 1)).isEmpty());
        const QString same = RenewPolicy::stopReason(before, renewalExpiring(before.expiresAtMs));
        QVERIFY(same.contains(QStringLiteral("no later expiry")));
        QVERIFY(same.contains(QStringLiteral("as before")));
        QVERIFY(RenewPolicy::stopReason(before, renewalExpiring(before.expiresAtMs - 5000)).contains(QStringLiteral("earlier")));
        QVERIFY(RenewPolicy::stopReason(before, renewalExpiring(0)).contains(QStringLiteral("no expiry")));
        // A session that never had an expiry has nothing scheduled: nothing to stop.
        QVERIFY(RenewPolicy::stopReason(sessionLiving(0, -1), renewalExpiring(0)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_RenewPolicy)
#include "tst_RenewPolicy.moc"
