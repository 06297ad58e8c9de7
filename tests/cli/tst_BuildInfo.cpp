// SPDX-License-Identifier: GPL-3.0-or-later
// --version of every TokenDesk program, run as a process: the project version, then the Qt and
// OpenSSL versions the program actually loaded (the same libraries as this test's).
#include "core/BuildInfo.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

#include <openssl/crypto.h>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runProgram(const QString &path, const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(path, arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Run run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// No display of any kind: --version and --help must not need one (man pages, packages, ssh).
QProcessEnvironment headlessEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

} // namespace

class tst_BuildInfo : public QObject
{
    Q_OBJECT

private slots:
    void versionTextNamesProgramQtAndOpenSsl()
    {
        const QStringList lines = td::BuildInfo::versionText(QStringLiteral("x")).split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4); // three lines and the final newline
        QCOMPARE(lines.at(0), QStringLiteral("x " TOKENDESK_EXPECTED_VERSION));
        QCOMPARE(lines.at(1), QStringLiteral("Qt %1").arg(QString::fromLatin1(qVersion())));
        QCOMPARE(lines.at(2), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)));
        QVERIFY(lines.at(3).isEmpty());
    }

    void everyProgramPrintsIt_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("option");
        QTest::newRow("tokendesk") << QStringLiteral(TOKENDESK_APP_PATH) << QStringLiteral("tokendesk") << QStringLiteral("--version");
        QTest::newRow("tokendesk -v") << QStringLiteral(TOKENDESK_APP_PATH) << QStringLiteral("tokendesk") << QStringLiteral("-v");
        QTest::newRow("tokendesk-cli") << QStringLiteral(TOKENDESK_CLI_PATH) << QStringLiteral("tokendesk-cli") << QStringLiteral("--version");
        QTest::newRow("tokendesk-sandbox") << QStringLiteral(TOKENDESK_SANDBOX_PATH) << QStringLiteral("tokendesk-sandbox") << QStringLiteral("--version");
        QTest::newRow("tokendesk-sandbox -v") << QStringLiteral(TOKENDESK_SANDBOX_PATH) << QStringLiteral("tokendesk-sandbox") << QStringLiteral("-v");
    }

    void everyProgramPrintsIt()
    {
        QFETCH(QString, path);
        QFETCH(QString, program);
        QFETCH(QString, option);
        const Run run = runProgram(path, {option}, headlessEnvironment());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QCOMPARE(run.out, td::BuildInfo::versionText(program));
        QVERIFY(run.out.startsWith(program + QStringLiteral(" " TOKENDESK_EXPECTED_VERSION "\nQt 6.")));
        QVERIFY(run.out.contains(QStringLiteral("\nOpenSSL 3.")));
    }

    // The GUI answers --help without a display, and the help names the options it takes.
    void guiHelpWithoutDisplay()
    {
        const Run run = runProgram(QStringLiteral(TOKENDESK_APP_PATH), {QStringLiteral("--help")}, headlessEnvironment());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QVERIFY(run.out.startsWith(QStringLiteral("Usage: tokendesk [--help] [--version]")));
        QVERIFY(run.out.contains(QStringLiteral("-v, --version")));
    }

    // --version after Qt options still answers before any window system is needed.
    void guiVersionAfterQtOptions()
    {
        const Run run = runProgram(QStringLiteral(TOKENDESK_APP_PATH),
                                   {QStringLiteral("-platform"), QStringLiteral("xcb"), QStringLiteral("--version")},
                                   headlessEnvironment());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, td::BuildInfo::versionText(QStringLiteral("tokendesk")));
    }
};

QTEST_GUILESS_MAIN(tst_BuildInfo)
#include "tst_BuildInfo.moc"
