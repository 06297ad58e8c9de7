// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sandbox/TokenStore.h"

#include <QTest>

using namespace td;

// The bounded store behind every sandbox service's issued tokens, on an injected clock.
class tst_TokenStore : public QObject
{
    Q_OBJECT

private:
    qint64 m_now = 1000000;
    TokenStore<int>::Clock clock()
    {
        return [this]() { return m_now; };
    }

private slots:
    void init() { m_now = 1000000; }

    void findsWhatWasInserted()
    {
        TokenStore<int> store(10, clock());
        store.insert("a", 1, m_now + 100);
        store.insert("b", 2, m_now + 100);
        QVERIFY(store.find("a"));
        QCOMPARE(*store.find("a"), 1);
        QCOMPARE(*store.find("b"), 2);
        QVERIFY(!store.find("c"));
        *store.find("a") = 5; // the pointer reaches the stored value
        QCOMPARE(*store.find("a"), 5);
    }

    void dropsPastItsDropTime()
    {
        TokenStore<int> store(10, clock());
        store.insert("short", 1, m_now + 100);
        store.insert("long", 2, m_now + 1000);
        m_now += 100;
        QVERIFY(store.find("short")); // alive up to and including its drop time
        m_now += 1;
        QVERIFY(!store.find("short"));
        QCOMPARE(store.size(), 1);
        QVERIFY(store.contains("long"));
        m_now += 1000;
        QVERIFY(!store.contains("long"));
        QCOMPARE(store.size(), 0);
    }

    void insertDropsExpiredWithoutLookup()
    {
        TokenStore<int> store(100, clock());
        for (int i = 0; i < 50; ++i)
            store.insert(QByteArray::number(i), i, m_now + 10);
        m_now += 11;
        store.insert("fresh", 1, m_now + 10);
        QCOMPARE(store.size(), 1);
    }

    void capacityDropsTheOldestInsert()
    {
        TokenStore<int> store(3, clock());
        // Drop times in reverse order: the cap goes by insert age, not by drop time.
        store.insert("1", 1, m_now + 400);
        store.insert("2", 2, m_now + 300);
        store.insert("3", 3, m_now + 200);
        store.insert("4", 4, m_now + 100);
        QCOMPARE(store.size(), 3);
        QVERIFY(!store.contains("1"));
        QVERIFY(store.contains("2") && store.contains("3") && store.contains("4"));
    }

    void floodStaysAtCapacity()
    {
        TokenStore<QByteArray> store(1000, clock());
        for (int i = 0; i < 20000; ++i)
            store.insert(QByteArray::number(i), QByteArray(64, 'x'), m_now + 3600 * 1000);
        QCOMPARE(store.size(), 1000);
        QVERIFY(store.contains("19999"));
        QVERIFY(!store.contains("18999"));
        QVERIFY(store.contains("19000"));
    }

    void reinsertReplacesAndRenewsAge()
    {
        TokenStore<int> store(2, clock());
        store.insert("a", 1, m_now + 100);
        store.insert("b", 2, m_now + 100);
        store.insert("a", 3, m_now + 1000); // now the newest, with the later drop time
        QCOMPARE(store.size(), 2);
        store.insert("c", 4, m_now + 100);
        QVERIFY(!store.contains("b"));
        QCOMPARE(*store.find("a"), 3);
        m_now += 500;
        QVERIFY(store.contains("a")); // the old drop time of "a" no longer applies
        QVERIFY(!store.contains("c"));
    }

    void removeAndForEach()
    {
        TokenStore<int, QString> store(10, clock());
        store.insert(QStringLiteral("x"), 1, m_now + 10);
        store.insert(QStringLiteral("y"), 2, m_now + 100);
        store.insert(QStringLiteral("z"), 3, m_now + 100);
        QVERIFY(store.remove(QStringLiteral("z")));
        QVERIFY(!store.remove(QStringLiteral("z")));
        m_now += 50;
        int sum = 0;
        store.forEach([&sum](const QString &, int value) { sum += value; });
        QCOMPARE(sum, 2); // x expired, z removed
    }
};

QTEST_GUILESS_MAIN(tst_TokenStore)
#include "tst_TokenStore.moc"
