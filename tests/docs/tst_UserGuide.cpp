// SPDX-License-Identifier: GPL-3.0-or-later
// The guide stays true: the CLI reference is what the programs' --help says today (a changed
// help without `scripts/cli-reference` run fails here), and no picture or page it links is missing.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kSource = QStringLiteral(TOKENDESK_SOURCE_DIR);
const QString kBuild = QStringLiteral(TOKENDESK_BUILD_DIR);

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// Runs scripts/cli-reference --check against the built programs; exit code and what it said.
std::pair<int, QString> checkReference(const QString &reference)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("bash"), {kSource + QStringLiteral("/scripts/cli-reference"), QStringLiteral("--check"), kBuild, reference});
    if (!process.waitForFinished(60000))
        return {-1, QStringLiteral("did not finish")};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, QString::fromUtf8(process.readAll())};
}

// Local targets of the Markdown links and images in `path` that do not exist (web links and
// in-page anchors are not checked).
QStringList missingTargets(const QString &path)
{
    static const QRegularExpression link(QStringLiteral(R"re(\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<img[^>]*\ssrc="([^"]+)")re"));
    const QDir folder = QFileInfo(path).dir();
    QStringList missing;
    QRegularExpressionMatchIterator it = link.globalMatch(readText(path));
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QString target = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
        if (target.startsWith(QLatin1String("http:")) || target.startsWith(QLatin1String("https:"))
            || target.startsWith(QLatin1String("mailto:")) || target.startsWith(QLatin1Char('#')))
            continue;
        target = target.section(QLatin1Char('#'), 0, 0);
        if (!QFileInfo::exists(folder.filePath(target)))
            missing.append(target);
    }
    return missing;
}

QStringList imagesIn(const QString &path)
{
    static const QRegularExpression image(QStringLiteral(R"(!\[[^\]]*\]\(([^)\s]+)\))"));
    QStringList images;
    QRegularExpressionMatchIterator it = image.globalMatch(readText(path));
    while (it.hasNext())
        images.append(it.next().captured(1));
    return images;
}

} // namespace

class tst_UserGuide : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theCliReferenceIsWhatTheProgramsSay()
    {
        const auto [code, output] = checkReference(kSource + QStringLiteral("/docs/cli-reference.md"));
        QVERIFY2(code == 0, qPrintable(output));
    }

    // A reference one help line behind is caught, and the diff names the line.
    void aStaleReferenceFails()
    {
        QString text = readText(kSource + QStringLiteral("/docs/cli-reference.md"));
        const QString line = QStringLiteral("--kdf K             BankEzy key derivation: raw, concat or sha256");
        QVERIFY(text.contains(line));
        text.replace(line, QStringLiteral("--kdf K             BankEzy key derivation: raw or concat"));
        QTemporaryDir dir;
        const QString stale = dir.filePath(QStringLiteral("cli-reference.md"));
        QFile file(stale);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        file.close();
        const auto [code, output] = checkReference(stale);
        QCOMPARE(code, 1);
        QVERIFY2(output.contains(QStringLiteral("-  --kdf K             BankEzy key derivation: raw or concat")), qPrintable(output));
        QVERIFY(output.contains(QStringLiteral("is stale")));
    }

    void everyLinkedPictureAndPageExists_data()
    {
        QTest::addColumn<QString>("document");
        QTest::newRow("user guide") << QStringLiteral("docs/user-guide.md");
        QTest::newRow("README") << QStringLiteral("README.md");
        QTest::newRow("CLI reference") << QStringLiteral("docs/cli-reference.md");
    }

    void everyLinkedPictureAndPageExists()
    {
        QFETCH(QString, document);
        const QString path = kSource + QLatin1Char('/') + document;
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
        const QStringList missing = missingTargets(path);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    // The guide shows every page; the README opens with a picture and links the guide.
    void theGuideShowsEveryPageAndTheReadmeOpensWithOne()
    {
        const QStringList images = imagesIn(kSource + QStringLiteral("/docs/user-guide.md"));
        for (const char *page : {"api", "api-fault", "sessions", "keys", "history", "environments", "sandbox", "inspector"})
            QVERIFY2(images.contains(QStringLiteral("screenshots/%1.png").arg(QLatin1String(page))), page);
        const QStringList lines = readText(kSource + QStringLiteral("/README.md")).split(QLatin1Char('\n'));
        int first = 0;
        while (first < lines.size() && (lines.at(first).trimmed().isEmpty() || lines.at(first).startsWith(QLatin1Char('#'))))
            ++first;
        QVERIFY(first < lines.size());
        QVERIFY2(lines.at(first).startsWith(QLatin1String("![")), qPrintable(lines.at(first)));
        QVERIFY(readText(kSource + QStringLiteral("/README.md")).contains(QLatin1String("(docs/user-guide.md)")));
    }

    // The checker itself: a missing picture is reported, web links and anchors are not.
    void theLinkCheckFindsAMissingPicture()
    {
        QTemporaryDir dir;
        QFile there(dir.filePath(QStringLiteral("there.png")));
        QVERIFY(there.open(QIODevice::WriteOnly));
        there.close();
        QFile page(dir.filePath(QStringLiteral("page.md")));
        QVERIFY(page.open(QIODevice::WriteOnly));
        page.write("![a](there.png) ![b](gone.png \"title\") [web](https://example.org/x.png) [up](#top)\n"
                   "<img src=\"also-gone.png\" width=\"10\"> [section](there.png#part)\n");
        page.close();
        QCOMPARE(missingTargets(page.fileName()), QStringList({QStringLiteral("gone.png"), QStringLiteral("also-gone.png")}));
    }
};

QTEST_MAIN(tst_UserGuide)
#include "tst_UserGuide.moc"
