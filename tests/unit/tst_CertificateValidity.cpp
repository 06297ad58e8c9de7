// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/CertificateValidity.h"

#include <QTest>

using namespace td;

class tst_CertificateValidity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void states_data()
    {
        QTest::addColumn<qint64>("fromSecs"); // notBefore relative to now
        QTest::addColumn<qint64>("untilSecs"); // notAfter relative to now
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("text");
        const qint64 day = 86400;
        using S = CertificateValidity::State;
        QTest::newRow("a year left") << -day << 365 * day << int(S::Valid) << QStringLiteral("expires in 365 days (2027-12-03)");
        QTest::newRow("30 days left: fine") << -day << 30 * day << int(S::Valid) << QStringLiteral("expires in 30 days (2027-01-02)");
        QTest::newRow("29 days left: soon") << -day << 29 * day + 3600 << int(S::ExpiresSoon) << QStringLiteral("expires in 29 days (2027-01-01)");
        QTest::newRow("one day left") << -day << day + 60 << int(S::ExpiresSoon) << QStringLiteral("expires in 1 day (2026-12-04)");
        QTest::newRow("hours left") << -day << qint64(3600) << int(S::ExpiresSoon) << QStringLiteral("expires in 1 hour (2026-12-03)");
        QTest::newRow("23 hours left, across midnight") << -day << qint64(23 * 3600) << int(S::ExpiresSoon)
                                                       << QStringLiteral("expires in 23 hours (2026-12-04)");
        QTest::newRow("minutes left") << -day << qint64(600) << int(S::ExpiresSoon) << QStringLiteral("expires in less than an hour (2026-12-03)");
        QTest::newRow("just expired") << -day << qint64(-1) << int(S::Expired) << QStringLiteral("expired less than an hour ago (2026-12-03)");
        QTest::newRow("expired 3 days ago") << -10 * day << -3 * day - 60 << int(S::Expired) << QStringLiteral("expired 3 days ago (2026-11-30)");
        QTest::newRow("not valid yet") << 2 * day + 60 << 30 * day << int(S::NotYetValid)
                                       << QStringLiteral("not valid yet: from 2026-12-05 (in 2 days)");
    }

    void states()
    {
        QFETCH(qint64, fromSecs);
        QFETCH(qint64, untilSecs);
        QFETCH(int, state);
        QFETCH(QString, text);
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 0), Qt::UTC);
        const CertificateValidity validity = CertificateValidity::of(now.addSecs(fromSecs), now.addSecs(untilSecs), now);
        QCOMPARE(int(validity.state), state);
        QCOMPARE(validity.text, text);
        QCOMPARE(validity.needsAttention(), state != int(CertificateValidity::State::Valid));
    }

    void noExpiryDateIsNotValid()
    {
        const QDateTime now(QDate(2026, 12, 3), QTime(9, 0), Qt::UTC);
        const CertificateValidity validity = CertificateValidity::of(now.addDays(-1), QDateTime(), now);
        QCOMPARE(validity.state, CertificateValidity::State::Expired);
        QCOMPARE(validity.text, QStringLiteral("no valid expiry date"));
    }
};

QTEST_GUILESS_MAIN(tst_CertificateValidity)
#include "tst_CertificateValidity.moc"
