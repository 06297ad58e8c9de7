// SPDX-License-Identifier: GPL-3.0-or-later
// Every TokenDesk program keeps its memory out of core files: the one ProcessHardening call,
// and the running tokendesk-cli and tokendesk-sandbox as the kernel reports them.
#include "core/ProcessHardening.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <sys/resource.h>

namespace {

// The soft core-file limit of a running process, from /proc/<pid>/limits ("Max core file size
// 0 0 bytes"); -1 when it cannot be read or is "unlimited".
qint64 coreLimitOf(qint64 pid)
{
    QFile limits(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression line(QStringLiteral("^Max core file size\\s+(\\S+)"),
                                         QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(QString::fromLatin1(limits.readAll()));
    bool ok = false;
    const qint64 value = match.captured(1).toLongLong(&ok);
    return ok ? value : -1;
}

void stop(QProcess &process)
{
    process.kill();
    process.waitForFinished(5000);
}

} // namespace

class tst_ProcessHardening : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Children inherit RLIMIT_CORE: allow core files here, so that a 0 seen in a child is
        // the child's own doing. Raising the hard limit needs CAP_SYS_RESOURCE (CI runs as root).
        struct rlimit limit {};
        QVERIFY(getrlimit(RLIMIT_CORE, &limit) == 0);
        if (limit.rlim_cur == 0) {
            const rlim_t wanted = 1024 * 1024;
            limit.rlim_cur = limit.rlim_max == 0 || limit.rlim_max >= wanted ? wanted : limit.rlim_max;
            limit.rlim_max = std::max(limit.rlim_max, limit.rlim_cur);
            setrlimit(RLIMIT_CORE, &limit);
        }
        QVERIFY2(td::ProcessHardening::coreDumpsAllowed(),
                 "this test process cannot allow core files, so a child's limit of 0 would prove nothing");
    }

    void programsHardenThemselves_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        // inspect waits for its token on standard input, so the process stays up to be looked at.
        QTest::newRow("tokendesk-cli") << QStringLiteral(TOKENDESK_CLI_PATH) << QStringList{QStringLiteral("inspect")};
        QTest::newRow("tokendesk-sandbox") << QStringLiteral(TOKENDESK_SANDBOX_PATH)
                                           << QStringList{QStringLiteral("--port"), QStringLiteral("0")};
    }

    void programsHardenThemselves()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        QProcess process;
        process.start(program, arguments);
        QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
        // This test process allows core files (initTestCase), and a child inherits the limit:
        // only the program's own call can bring it to 0.
        QTRY_COMPARE_WITH_TIMEOUT(coreLimitOf(process.processId()), 0, 10000);
        stop(process);
    }

    // Last: afterwards this process cannot allow core files to the children above again.
    void disablesCoreDumpsAndPtrace()
    {
        QVERIFY(td::ProcessHardening::isDumpable());
        QVERIFY(td::ProcessHardening::disableCoreDumps());
        QVERIFY(!td::ProcessHardening::isDumpable());
        QVERIFY(!td::ProcessHardening::coreDumpsAllowed());
        QCOMPARE(coreLimitOf(QCoreApplication::applicationPid()), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ProcessHardening)
#include "tst_ProcessHardening.moc"
