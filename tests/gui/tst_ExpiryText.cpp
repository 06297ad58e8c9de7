// SPDX-License-Identifier: GPL-3.0-or-later
// The expiry words of the response pane: absolute, relative and raw, with a pinned clock.
#include "gui/api/ExpiryText.h"

#include <QJsonValue>
#include <QTest>

using namespace td;

class tst_ExpiryText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void relative_data();
    void relative();
    void absoluteInUtc();
    void rawField_data();
    void rawField();
};

void tst_ExpiryText::relative_data()
{
    QTest::addColumn<qint64>("deltaMs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("15 min ahead") << qint64(900000) << QStringLiteral("expires in 15 min");
    QTest::newRow("14 min 58 s ahead") << qint64(898000) << QStringLiteral("expires in 14 min 58 s");
    QTest::newRow("part second rounds up") << qint64(897400) << QStringLiteral("expires in 14 min 58 s");
    QTest::newRow("2 h") << qint64(7200000) << QStringLiteral("expires in 2 h");
    QTest::newRow("now") << qint64(0) << QStringLiteral("expires now");
    QTest::newRow("expired") << qint64(-125000) << QStringLiteral("expired 2 min 5 s ago");
}

void tst_ExpiryText::relative()
{
    QFETCH(qint64, deltaMs);
    QFETCH(QString, expected);
    const qint64 now = 1767225600000; // 2026-01-01 00:00:00 UTC
    QCOMPARE(ExpiryText::relative(now + deltaMs, now), expected);
}

void tst_ExpiryText::absoluteInUtc()
{
    // The test runs with TZ=UTC: local and UTC are the same instant, so it is written once.
    QCOMPARE(ExpiryText::absolute(1767225600000 + 898000), QStringLiteral("2026-01-01 00:14:58 UTC"));
}

void tst_ExpiryText::rawField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("raw");
    QTest::addColumn<QString>("expected");
    QTest::newRow("epoch ms") << QStringLiteral("expireAt") << QJsonValue(qint64(1767226498000))
                              << QStringLiteral("expireAt = 1767226498000");
    QTest::newRow("seconds") << QStringLiteral("data.expire") << QJsonValue(7200) << QStringLiteral("data.expire = 7200");
    QTest::newRow("string") << QStringLiteral("expiry") << QJsonValue(QStringLiteral("1767226498000"))
                            << QStringLiteral("expiry = \"1767226498000\"");
    QTest::newRow("no field") << QString() << QJsonValue() << QString();
}

void tst_ExpiryText::rawField()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, raw);
    QFETCH(QString, expected);
    QCOMPARE(ExpiryText::rawField(field, raw), expected);
}

QTEST_GUILESS_MAIN(tst_ExpiryText)
#include "tst_ExpiryText.moc"
