// SPDX-License-Identifier: GPL-3.0-or-later
// The Debian package as a user gets it: cpack builds it from this build folder, dpkg-deb unpacks
// it into a scratch folder, and the installed programs, desktop entry, metainfo, icons and man
// pages are checked there, with the tools Debian itself checks them with.
#include "core/BuildInfo.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct ToolRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program to its end (at most four minutes: cpack strips and compresses), with a display-
// less environment so nothing here can depend on a window system.
ToolRun runTool(const QString &program, const QStringList &arguments, const QString &workingDir = {},
                const QByteArray &input = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(env);
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(240000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    ToolRun run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// Every long option a text names ("--port", "--threshold-min"). In a man page source "\\-" is "-",
// font changes ("\\fB") are dropped and examples (.EX to .EE, which may show other programs'
// options) are skipped.
QSet<QString> longOptions(QString text)
{
    static const QRegularExpression example(QStringLiteral("^\\.EX$.*?^\\.EE$"),
                                            QRegularExpression::MultilineOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression font(QStringLiteral("\\\\f[A-Z]"));
    text.remove(example);
    text.remove(font);
    text.replace(QLatin1String("\\-"), QLatin1String("-"));
    static const QRegularExpression option(QStringLiteral("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*"));
    QSet<QString> found;
    for (QRegularExpressionMatchIterator it = option.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured());
    return found;
}

QString sorted(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return list.join(QLatin1Char(' '));
}

// Width and height from a PNG's IHDR chunk, or {0, 0} when the file is not a PNG.
QPair<quint32, quint32> pngSize(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {0, 0};
    const QByteArray head = file.read(24);
    if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n") || head.mid(12, 4) != "IHDR")
        return {0, 0};
    auto be32 = [&head](int at) {
        quint32 value = 0;
        for (int i = 0; i < 4; ++i)
            value = (value << 8) | quint8(head.at(at + i));
        return value;
    };
    return {be32(16), be32(20)};
}

const QString kVersion = QStringLiteral(TOKENDESK_EXPECTED_VERSION);
const QString kAppId = QStringLiteral(TOKENDESK_APP_ID);

} // namespace

class tst_Package : public QObject
{
    Q_OBJECT

    QTemporaryDir m_scratch;
    QString m_deb;
    QString m_root; // where dpkg-deb -x unpacked the package

    QString installed(const QString &relative) const { return QDir(m_root).filePath(relative); }

    // The help a program prints, for the options its man page must name: tokendesk-cli's
    // overview and every command's --help.
    QString helpTexts(const QString &program)
    {
        const QString binary = installed(QStringLiteral("usr/bin/") + program);
        QString text = QString::fromUtf8(runTool(binary, {QStringLiteral("--help")}).out);
        if (program != QLatin1String("tokendesk-cli"))
            return text;
        static const QRegularExpression command(QStringLiteral("^  tokendesk-cli ([a-z]+)"), QRegularExpression::MultilineOption);
        QSet<QString> commands;
        for (QRegularExpressionMatchIterator it = command.globalMatch(text); it.hasNext();)
            commands.insert(it.next().captured(1));
        for (const QString &name : commands)
            text += QString::fromUtf8(runTool(binary, {name, QStringLiteral("--help")}).out);
        return text;
    }

    QString manPage(const QString &page)
    {
        const ToolRun gunzip = runTool(QStringLiteral("gzip"), {QStringLiteral("-dc"), installed(QStringLiteral("usr/share/man/man1/%1.1.gz").arg(page))});
        return gunzip.exitCode == 0 ? QString::fromUtf8(gunzip.out) : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_scratch.isValid());
        const QString out = m_scratch.filePath(QStringLiteral("out"));
        QElapsedTimer timer;
        timer.start();
        const ToolRun cpack = runTool(QStringLiteral(TOKENDESK_CPACK),
                                      {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), out, QStringLiteral("--config"),
                                       QStringLiteral(TOKENDESK_BUILD_DIR "/CPackConfig.cmake")},
                                      QStringLiteral(TOKENDESK_BUILD_DIR));
        QVERIFY2(cpack.exitCode == 0, (cpack.out + cpack.err).constData());
        qInfo("cpack -G DEB took %lld ms", timer.elapsed());
        const QStringList debs = QDir(out).entryList({QStringLiteral("*.deb")}, QDir::Files);
        QCOMPARE(debs, QStringList{QStringLiteral("tokendesk_%1_amd64.deb").arg(kVersion)});
        m_deb = QDir(out).filePath(debs.first());
        m_root = m_scratch.filePath(QStringLiteral("root"));
        const ToolRun unpack = runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
        QVERIFY2(unpack.exitCode == 0, unpack.err.constData());
    }

    void controlFields()
    {
        const ToolRun fields = runTool(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), m_deb, QStringLiteral("Package"),
                                                                    QStringLiteral("Version"), QStringLiteral("Depends")});
        QCOMPARE(fields.exitCode, 0);
        const QString text = QString::fromUtf8(fields.out);
        QVERIFY2(text.contains(QStringLiteral("Package: tokendesk\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Version: %1\n").arg(kVersion)), qPrintable(text));
        // dpkg-shlibdeps found the linked libraries; the SVG plugin is named by hand.
        for (const char *package : {"libqt6widgets6", "libqt6network6", "libssl3", "libqt6svg6", "libc6"})
            QVERIFY2(text.contains(QLatin1String(package)), qPrintable(QStringLiteral("no %1 in %2").arg(QLatin1String(package), text)));
    }

    void installedFiles_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *program : {"tokendesk", "tokendesk-cli", "tokendesk-sandbox"}) {
            QTest::newRow(program) << QStringLiteral("usr/bin/%1").arg(QLatin1String(program));
            QTest::addRow("%s(1)", program) << QStringLiteral("usr/share/man/man1/%1.1.gz").arg(QLatin1String(program));
        }
        QTest::newRow("desktop entry") << QStringLiteral("usr/share/applications/%1.desktop").arg(kAppId);
        QTest::newRow("metainfo") << QStringLiteral("usr/share/metainfo/%1.metainfo.xml").arg(kAppId);
        QTest::newRow("svg icon") << QStringLiteral("usr/share/icons/hicolor/scalable/apps/%1.svg").arg(kAppId);
    }

    void installedFiles()
    {
        QFETCH(QString, path);
        QVERIFY2(QFileInfo(installed(path)).isFile(), qPrintable(path));
    }

    void pngIcons_data()
    {
        QTest::addColumn<quint32>("size");
        for (quint32 size : {16u, 22u, 24u, 32u, 48u, 64u, 128u, 256u})
            QTest::addRow("%ux%u", size, size) << size;
    }

    void pngIcons()
    {
        QFETCH(quint32, size);
        const QString path = installed(QStringLiteral("usr/share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId));
        QCOMPARE(pngSize(path), qMakePair(size, size));
    }

    // The installed programs run from the scratch folder: no path into the build tree, and the
    // version text names the Qt and OpenSSL this test loads too.
    void installedProgramsRun()
    {
        const ToolRun version = runTool(installed(QStringLiteral("usr/bin/tokendesk-cli")), {QStringLiteral("--version")}, m_root);
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(QString::fromUtf8(version.out), td::BuildInfo::versionText(QStringLiteral("tokendesk-cli")));
        const ToolRun help = runTool(installed(QStringLiteral("usr/bin/tokendesk-sandbox")), {QStringLiteral("--help")}, m_root);
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains("--port <N>") && help.out.contains("--credentials <FILE>"), help.out.constData());
        const ToolRun app = runTool(installed(QStringLiteral("usr/bin/tokendesk")), {QStringLiteral("--version")}, m_root);
        QCOMPARE(app.exitCode, 0);
        QCOMPARE(QString::fromUtf8(app.out), td::BuildInfo::versionText(QStringLiteral("tokendesk")));
    }

    void noRunPathIntoTheBuildTree_data()
    {
        QTest::addColumn<QString>("program");
        for (const char *program : {"tokendesk", "tokendesk-cli", "tokendesk-sandbox"})
            QTest::newRow(program) << QString::fromLatin1(program);
    }

    void noRunPathIntoTheBuildTree()
    {
        QFETCH(QString, program);
        const ToolRun dynamic = runTool(QStringLiteral("readelf"), {QStringLiteral("-d"), installed(QStringLiteral("usr/bin/") + program)});
        QCOMPARE(dynamic.exitCode, 0);
        QVERIFY2(dynamic.out.contains("(NEEDED)"), dynamic.out.constData());
        QVERIFY2(!dynamic.out.contains("(RPATH)") && !dynamic.out.contains("(RUNPATH)"), dynamic.out.constData());
    }

    void desktopEntryValidates()
    {
        const QString path = installed(QStringLiteral("usr/share/applications/%1.desktop").arg(kAppId));
        const ToolRun validate = runTool(QStringLiteral("desktop-file-validate"), {path});
        QVERIFY2(validate.exitCode == 0, (validate.out + validate.err).constData());
        QVERIFY2(!validate.out.contains("error"), validate.out.constData());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray entry = file.readAll();
        QVERIFY(entry.contains("\nExec=tokendesk\n"));
        QVERIFY(entry.contains("\nIcon=" + kAppId.toUtf8() + '\n'));
    }

    void metainfoValidates()
    {
        const QString path = installed(QStringLiteral("usr/share/metainfo/%1.metainfo.xml").arg(kAppId));
        const ToolRun validate = runTool(QStringLiteral("appstreamcli"), {QStringLiteral("validate"), QStringLiteral("--no-net"), path});
        QVERIFY2(validate.exitCode == 0, (validate.out + validate.err).constData());

        // The newest release is this version (a version bump needs its release entry), and the
        // launchable is the desktop entry the package installs.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString id, firstRelease, launchable;
        int screenshots = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("id"))
                id = xml.readElementText();
            else if (xml.name() == QLatin1String("launchable"))
                launchable = xml.readElementText();
            else if (xml.name() == QLatin1String("release") && firstRelease.isEmpty())
                firstRelease = xml.attributes().value(QLatin1String("version")).toString();
            else if (xml.name() == QLatin1String("screenshot"))
                ++screenshots;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(id, kAppId);
        QCOMPARE(firstRelease, kVersion);
        QCOMPARE(launchable, kAppId + QStringLiteral(".desktop"));
        QVERIFY(screenshots > 0);
    }

    void manPages_data()
    {
        QTest::addColumn<QString>("page");
        for (const char *page : {"tokendesk", "tokendesk-cli", "tokendesk-sandbox"})
            QTest::newRow(page) << QString::fromLatin1(page);
    }

    // Each page formats without a groff warning, carries this version, and names exactly the
    // long options the program's --help names (so neither can drift from the other).
    void manPages()
    {
        QFETCH(QString, page);
        const QString source = manPage(page);
        QVERIFY(!source.isEmpty());
        QVERIFY2(source.contains(QStringLiteral("\"TokenDesk %1\"").arg(kVersion)), "the .TH line names another version");
        const ToolRun groff = runTool(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-Tutf8"), QStringLiteral("-ww"), QStringLiteral("-z")},
                                      {}, source.toUtf8());
        QCOMPARE(groff.exitCode, 0);
        QVERIFY2(groff.err.isEmpty(), groff.err.constData());

        const QSet<QString> inHelp = longOptions(helpTexts(page));
        const QSet<QString> inMan = longOptions(source);
        QVERIFY(inHelp.contains(QStringLiteral("--version")));
        QVERIFY2(inMan == inHelp, qPrintable(QStringLiteral("only in --help: %1; only in the man page: %2")
                                                   .arg(sorted(inHelp - inMan), sorted(inMan - inHelp))));
    }
};

QTEST_GUILESS_MAIN(tst_Package)
#include "tst_Package.moc"
