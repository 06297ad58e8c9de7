// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/CallClock.h"

#include <QDateTime>
#include <QTest>
#include <QtConcurrent>

using namespace td;

class tst_CallClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void strictlyIncreasesWithinAMillisecond()
    {
        // Far more calls than milliseconds pass: equal wall-clock readings must still differ.
        qint64 previous = CallClock::nowMs();
        for (int i = 0; i < 20000; ++i) {
            const qint64 next = CallClock::nowMs();
            QVERIFY2(next > previous, qPrintable(QStringLiteral("%1 after %2").arg(next).arg(previous)));
            previous = next;
        }
    }

    void staysCloseToTheWallClock()
    {
        const qint64 wall = QDateTime::currentMSecsSinceEpoch();
        const qint64 now = CallClock::nowMs();
        QVERIFY(now >= wall);
        QVERIFY(now - wall < 60 * 1000); // ahead only by the calls of this process
    }

    void uniqueAcrossThreads()
    {
        const QList<qint64> values = QtConcurrent::blockingMapped(QList<int>(4000, 0), [](int) { return CallClock::nowMs(); });
        QSet<qint64> unique(values.begin(), values.end());
        QCOMPARE(unique.size(), values.size());
    }
};

QTEST_GUILESS_MAIN(tst_CallClock)
#include "tst_CallClock.moc"
