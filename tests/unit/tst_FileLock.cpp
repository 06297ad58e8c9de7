// SPDX-License-Identifier: GPL-3.0-or-later
// FileLock: one holder at a time over "<file>.lock", a clear Io error naming the lock file when
// the wait runs out, released by the kernel when the holder is killed, not inherited by child
// processes, and the lock file left in place, owner-only and empty.
#include "ResultAsserts.h"
#include "core/io/FileLock.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace td;

namespace {

int modeOf(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

} // namespace

class tst_FileLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ::umask(022);
    }

    void oneHolderAtATime()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("sub/vault.tdv")); // the folder is made as well
        FileLock first(data);
        QCOMPARE(first.lockPath(), data + QStringLiteral(".lock"));
        REQUIRE_OK(first.acquire());
        QVERIFY(first.isHeld());
        // Another open of the lock file is another holder, as another process would be.
        FileLock second(data);
        const auto refused = second.acquire(100);
        REQUIRE_CODE(refused, ErrorCode::Io);
        QVERIFY2(refused.error().message.contains(first.lockPath()), qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(QStringLiteral("Another TokenDesk process")), qPrintable(refused.error().message));
        QVERIFY(!second.isHeld());
        first.release();
        REQUIRE_OK(second.acquire(100));
        // The lock file stays: removing it would let two writers lock two different inodes.
        second.release();
        QVERIFY(QFile::exists(first.lockPath()));
        QCOMPARE(QFile(first.lockPath()).size(), 0);
        QCOMPARE(modeOf(first.lockPath()), 0600);
    }

    void destructorReleases()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("sessions"));
        {
            FileLock scoped(data);
            REQUIRE_OK(scoped.acquire());
        }
        FileLock next(data);
        REQUIRE_OK(next.acquire(0));
    }

    // A writer killed while it holds the lock does not block the next one: no stale lock.
    void killedHolderReleases()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("vault.tdv"));
        QProcess holder;
        // One process takes the lock with flock(1) on its descriptor 9, says so, and waits to be killed.
        holder.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("exec 9>\"$0\"; flock 9; echo held; exec sleep 60"),
                                            FileLock::lockPathFor(data)});
        QVERIFY(holder.waitForStarted(10000));
        QVERIFY(holder.waitForReadyRead(10000));
        QCOMPARE(holder.readAllStandardOutput(), QByteArray("held\n"));
        FileLock mine(data);
        REQUIRE_CODE(mine.acquire(200), ErrorCode::Io);
        holder.kill(); // SIGKILL: no chance to unlock
        QVERIFY(holder.waitForFinished(10000));
        REQUIRE_OK(mine.acquire(0));
    }

    // A child started while the lock is held does not keep it after this process lets go.
    void childProcessesDoNotInheritTheLock()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("vault.tdv"));
        FileLock held(data);
        REQUIRE_OK(held.acquire());
        QProcess child;
        child.start(QStringLiteral("sleep"), {QStringLiteral("30")});
        QVERIFY(child.waitForStarted(10000));
        held.release();
        FileLock next(data);
        const auto acquired = next.acquire(200);
        child.kill();
        child.waitForFinished(10000);
        REQUIRE_OK(acquired);
    }

    // A lock file that cannot be created: its folder is a regular file (ENOTDIR, whoever runs the
    // test; a read-only folder would not stop root).
    void lockFileThatCannotBeCreatedIsIo()
    {
        QTemporaryDir dir;
        const QString notAFolder = dir.filePath(QStringLiteral("plain-file"));
        QFile file(notAFolder);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        FileLock lock(notAFolder + QStringLiteral("/vault.tdv"));
        const auto refused = lock.acquire(0);
        REQUIRE_CODE(refused, ErrorCode::Io);
        QVERIFY(refused.error().message.contains(lock.lockPath()));
    }
};

QTEST_GUILESS_MAIN(tst_FileLock)
#include "tst_FileLock.moc"
