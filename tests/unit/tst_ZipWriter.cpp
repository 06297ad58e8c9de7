// SPDX-License-Identifier: GPL-3.0-or-later
// ZipWriter's archives opened by an independent reader (Debian's unzip): text deflated, random
// bytes stored, an empty file, a UTF-8 name, every byte and CRC as written.
#include "core/evidence/ZipWriter.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_ZipWriter : public QObject
{
    Q_OBJECT

    static QByteArray unzip(const QStringList &arguments, int *exitCode = nullptr)
    {
        QProcess process;
        process.start(QStringLiteral("unzip"), arguments);
        process.waitForFinished(30000);
        if (exitCode)
            *exitCode = process.exitCode();
        return process.readAllStandardOutput();
    }

private Q_SLOTS:
    void unzipReadsWhatWasWritten()
    {
        QByteArray text;
        for (int line = 0; line < 500; ++line)
            text += "{\"id\":" + QByteArray::number(line) + ",\"request\":{\"method\":\"POST\"}}\n";
        QByteArray noise(4096, Qt::Uninitialized);
        QRandomGenerator(83).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
        const QList<QPair<QString, QByteArray>> files{{QStringLiteral("exchanges.jsonl"), text},
                                                      {QStringLiteral("noise.bin"), noise},
                                                      {QStringLiteral("empty.txt"), QByteArray()},
                                                      {QStringLiteral("dir/clé.txt"), QByteArray("naïve\n")}};
        ZipWriter writer(QDateTime(QDate(2026, 12, 3), QTime(6, 30, 10), Qt::UTC));
        for (const auto &[name, data] : files)
            writer.add(name, data);
        const QByteArray archive = writer.finish();
        QVERIFY(archive.size() < noise.size() + text.size() / 4); // the text was deflated
        QVERIFY(archive.contains(noise));          // the noise was stored: deflate would not shrink it

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.zip"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(archive);
        file.close();
        int exitCode = -1;
        const QByteArray tested = unzip({QStringLiteral("-t"), path}, &exitCode);
        QVERIFY2(exitCode == 0 && tested.contains("No errors detected"), tested.constData());
        QCOMPARE(unzip({QStringLiteral("-Z1"), path}).split('\n').mid(0, 4),
                 (QByteArrayList{"exchanges.jsonl", "noise.bin", "empty.txt", "dir/clé.txt"}));
        for (const auto &[name, data] : files)
            QCOMPARE(unzip({QStringLiteral("-p"), path, name}), data);
    }
};

QTEST_GUILESS_MAIN(tst_ZipWriter)
#include "tst_ZipWriter.moc"
