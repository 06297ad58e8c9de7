// SPDX-License-Identifier: GPL-3.0-or-later
// The CLI's test-only clock hook: without TOKENDESK_TEST_CLOCK_FILE nothing changes; with it the
// store and the scheduler read the file's time, and a new value in the file ticks the scheduler
// (what `sessions watch` in a child process relies on); unreadable values are skipped.
#include "core/net/ApiClient.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/session/TestClockHook.h"

#include <QDateTime>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

constexpr qint64 kStart = 1'700'000'000'000; // 2023-11-14 22:13:20 UTC
constexpr qint64 kMinute = 60 * 1000;

bool write(const QString &path, const QByteArray &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(text);
    return file.commit();
}

} // namespace

class tst_TestClockHook : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString clockFile() const { return m_dir.filePath(QStringLiteral("clock-ms")); }

private Q_SLOTS:
    void cleanup() { qunsetenv(TestClockHook::kVariable); }

    void read_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("expected"); // -1: not a time
        QTest::newRow("plain") << QByteArray("1700000000000") << kStart;
        QTest::newRow("whitespace") << QByteArray(" 1700000000000\n") << kStart;
        QTest::newRow("empty") << QByteArray() << qint64(-1);
        QTest::newRow("text") << QByteArray("soon") << qint64(-1);
        QTest::newRow("trailing garbage") << QByteArray("1700000000000ms") << qint64(-1);
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("zero") << QByteArray("0") << qint64(-1);
        QTest::newRow("overflow") << QByteArray("99999999999999999999999") << qint64(-1);
    }

    void read()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, expected);
        QVERIFY(write(clockFile(), text));
        const std::optional<qint64> read = TestClockHook::read(clockFile());
        QCOMPARE(read.value_or(-1), expected);
        QVERIFY(!TestClockHook::read(m_dir.filePath(QStringLiteral("missing"))));
    }

    void withoutTheVariableTheClockIsReal()
    {
        QVERIFY(write(clockFile(), QByteArray::number(kStart)));
        ApiClient client;
        SessionStore store;
        SessionRenewer renewer(client);
        ExpiryScheduler scheduler(store, renewer);
        TestClockHook::install(store, scheduler);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 storeNow = store.now();
        const qint64 schedulerNow = scheduler.now();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(storeNow >= before && storeNow <= after);
        QVERIFY(schedulerNow >= before && schedulerNow <= after);
    }

    void theFileMovesTheSessionsAndSkipsWhatIsNotATime()
    {
        QVERIFY(write(clockFile(), QByteArray::number(kStart)));
        qputenv(TestClockHook::kVariable, clockFile().toLocal8Bit());
        ApiClient client;
        SessionStore store;
        SessionRenewer renewer(client);
        ExpiryScheduler scheduler(store, renewer); // not started: only the hook's ticks move it
        TestClockHook::install(store, scheduler);
        QCOMPARE(store.now(), kStart);
        QCOMPARE(scheduler.now(), kStart);

        Session session;
        session.family = QStringLiteral("secmgmt");
        session.endpointId = QStringLiteral("secmgmt.create-token");
        session.issuedAtMs = kStart;
        session.expiresAtMs = kStart + 10 * kMinute; // threshold (5 min) at kStart + 5 min
        const QUuid id = store.add(session);
        QCOMPARE(store.find(id)->state, SessionState::Fresh);

        QSignalSpy changed(&scheduler, &ExpiryScheduler::stateChanged);
        QVERIFY(write(clockFile(), QByteArray::number(kStart + 6 * kMinute)));
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.takeFirst().at(2).value<SessionState>(), SessionState::Expiring);
        QCOMPARE(store.now(), kStart + 6 * kMinute);

        // Garbage and an empty file (a writer caught mid-way) are skipped; the next time counts.
        QVERIFY(write(clockFile(), "garbage"));
        QVERIFY(write(clockFile(), ""));
        QVERIFY(write(clockFile(), QByteArray::number(kStart + 11 * kMinute)));
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.takeFirst().at(2).value<SessionState>(), SessionState::Expired);
        QCOMPARE(scheduler.now(), kStart + 11 * kMinute);
        QCOMPARE(changed.size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_TestClockHook)
#include "tst_TestClockHook.moc"
