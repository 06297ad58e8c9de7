// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/EnosSignature.h"

#include <QRegularExpression>
#include <QTest>

using namespace td;

namespace {

// The EnOS documentation's example values.
const QString kAppKey = QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b");
constexpr qint64 kTimestampMs = 1572574909697;

} // namespace

class tst_EnosSignature : public QObject
{
    Q_OBJECT

private slots:
    void signedString_isConcatenation();
    void signedString_utf8();
    void compute_knownAnswer_data();
    void compute_knownAnswer();
    void compute_dependsOnEveryPart();
};

void tst_EnosSignature::signedString_isConcatenation()
{
    QCOMPARE(EnosSignature::signedString(kAppKey, kTimestampMs, QStringLiteral("sandbox-app-secret")),
             QByteArray("5acb82e7-a11e-4300-9164-c8b20b638e8b1572574909697sandbox-app-secret"));
    // The timestamp is decimal milliseconds, never seconds or an exponent form.
    QCOMPARE(EnosSignature::signedString(QStringLiteral("k"), 0, QStringLiteral("s")), QByteArray("k0s"));
    QCOMPARE(EnosSignature::signedString(kAppKey, kTimestampMs, QString()),
             QByteArray("5acb82e7-a11e-4300-9164-c8b20b638e8b1572574909697"));
}

void tst_EnosSignature::signedString_utf8()
{
    QCOMPARE(EnosSignature::signedString(QStringLiteral("ключ"), kTimestampMs, QStringLiteral("秘密")),
             QStringLiteral("ключ1572574909697秘密").toUtf8());
}

void tst_EnosSignature::compute_knownAnswer_data()
{
    QTest::addColumn<QString>("appKey");
    QTest::addColumn<QString>("appSecret");
    QTest::addColumn<QString>("expected");
    // Computed with sha256sum / hashlib over the UTF-8 signed string.
    QTest::newRow("sandbox secret") << kAppKey << QStringLiteral("sandbox-app-secret")
                                    << QStringLiteral("e21dfbf0e573c048e1624819aa8a89b0d1153451f0a5acb228e6a2fc02f04b84");
    QTest::newRow("empty secret") << kAppKey << QString()
                                  << QStringLiteral("ef6eb4fba0dab42be423b962a7b867bda46cfc0f23952e18e53ead56b93f6568");
    QTest::newRow("utf-8") << QStringLiteral("ключ") << QStringLiteral("秘密")
                           << QStringLiteral("fb70be9a3408b213f461b95879df65443955649d681a47d171ca991c843704f1");
}

void tst_EnosSignature::compute_knownAnswer()
{
    QFETCH(QString, appKey);
    QFETCH(QString, appSecret);
    QFETCH(QString, expected);
    const QString signature = EnosSignature::compute(appKey, kTimestampMs, appSecret);
    QCOMPARE(signature, expected);
    QCOMPARE(signature.size(), 64);
    static const QRegularExpression lowercaseHex(QStringLiteral("^[0-9a-f]{64}$"));
    QVERIFY(lowercaseHex.match(signature).hasMatch());
}

void tst_EnosSignature::compute_dependsOnEveryPart()
{
    const QString base = EnosSignature::compute(kAppKey, kTimestampMs, QStringLiteral("sandbox-app-secret"));
    QVERIFY(EnosSignature::compute(kAppKey, kTimestampMs + 1, QStringLiteral("sandbox-app-secret")) != base);
    QVERIFY(EnosSignature::compute(kAppKey, kTimestampMs, QStringLiteral("sandbox-app-secreT")) != base);
    QVERIFY(EnosSignature::compute(kAppKey.toUpper(), kTimestampMs, QStringLiteral("sandbox-app-secret")) != base);
}

QTEST_GUILESS_MAIN(tst_EnosSignature)
#include "tst_EnosSignature.moc"
