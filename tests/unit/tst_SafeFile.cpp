// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/SafeFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace td;

namespace {

// The exact mode bits, as the kernel reports them.
int modeOf(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

void requireOk(const Result<void> &result)
{
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
}

} // namespace

class tst_SafeFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        ::umask(022); // a typical umask: 0644 files unless the helper restricts them
    }

    void writeCreatesOwnerOnlyFileAndParents()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("a/b/environments.json"));
        requireOk(writeFileAtomically(path, "{\"version\":1}"));
        QCOMPARE(readAll(path), QByteArray("{\"version\":1}"));
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(modeOf(dir.filePath(QStringLiteral("a"))), 0700);
        QCOMPARE(modeOf(dir.filePath(QStringLiteral("a/b"))), 0700);
    }

    void writeReplacesAndRestrictsExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old content that is longer than the new one");
        old.close();
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        QCOMPARE(modeOf(path), 0604);

        requireOk(writeFileAtomically(path, "new"));
        QCOMPARE(readAll(path), QByteArray("new"));
        QCOMPARE(modeOf(path), 0600);
        // No temporary files left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("history.jsonl")});
    }

    void writeEmptyData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty"));
        requireOk(writeFileAtomically(path, QByteArrayView()));
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(QFileInfo(path).size(), 0);
    }

    void writeUnderAFileFailsWithIo()
    {
        // A regular file where a folder should be: fails even for root, unlike chmod 0500.
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("blocker"));
        requireOk(writeFileAtomically(blocker, "x"));
        const QString path = blocker + QStringLiteral("/sub/file.json");
        const Result<void> result = writeFileAtomically(path, "data");
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Io);
        QVERIFY2(result.error().message.contains(blocker), qPrintable(result.error().message));
        QVERIFY(!QFileInfo::exists(path));
    }

    void writeOverADirectoryFailsWithIo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("iam-a-dir"));
        QVERIFY(QDir().mkdir(path));
        const Result<void> result = writeFileAtomically(path, "data");
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Io);
        QVERIFY(result.error().message.contains(path));
        QVERIFY(QFileInfo(path).isDir());
    }

    void appendCreatesOwnerOnlyAndAppends()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data/history.jsonl"));
        requireOk(appendToFile(path, "{\"n\":1}\n"));
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(modeOf(dir.filePath(QStringLiteral("data"))), 0700);
        requireOk(appendToFile(path, "{\"n\":2}\n"));
        QCOMPARE(readAll(path), QByteArray("{\"n\":1}\n{\"n\":2}\n"));
    }

    void appendKeepsExistingPermissions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("log.jsonl"));
        requireOk(appendToFile(path, "a\n"));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
        requireOk(appendToFile(path, "b\n"));
        QCOMPARE(modeOf(path), 0640);
        QCOMPARE(readAll(path), QByteArray("a\nb\n"));
    }

    void appendUnderAFileFailsWithIo()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("blocker"));
        requireOk(writeFileAtomically(blocker, "x"));
        const Result<void> result = appendToFile(blocker + QStringLiteral("/history.jsonl"), "line\n");
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Io);
        QVERIFY(result.error().message.contains(blocker));
    }
};

QTEST_GUILESS_MAIN(tst_SafeFile)
#include "tst_SafeFile.moc"
