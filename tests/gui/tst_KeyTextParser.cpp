// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/inspector/KeyTextParser.h"

#include "core/jose/KeyFormats.h"

#include <QTest>

using namespace td;

class tst_KeyTextParser : public QObject
{
    Q_OBJECT

private slots:
    void labelsPastedKeys_data();
    void labelsPastedKeys();
    void reportsTheBlockThatIsNotAKey();
    void labelsFileKeys();
};

void tst_KeyTextParser::labelsPastedKeys_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("labels");

    const QString hex1 = QStringLiteral("000102030405060708090a0b0c0d0e0f");
    const QString hex2 = QStringLiteral("0f0e0d0c0b0a09080706050403020100");
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("one hex key") << hex1 << QStringList{QStringLiteral("pasted key 1")};
    QTest::newRow("two blocks") << hex1 + QStringLiteral("\n\n") + hex2
                                << QStringList{QStringLiteral("pasted key 1"), QStringLiteral("pasted key 2")};
    QTest::newRow("jwk set is one input")
        << QStringLiteral(R"({"keys":[{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODw"},{"kty":"oct","k":"Dw4NDAsKCQgHBgUEAwIBAA"}]})")
        << QStringList{QStringLiteral("pasted key 1"), QStringLiteral("pasted key 2")};
}

void tst_KeyTextParser::labelsPastedKeys()
{
    QFETCH(QString, text);
    QFETCH(QStringList, labels);
    const ParsedKeys parsed = KeyTextParser::parsePasted(text.toUtf8());
    QVERIFY(parsed.errors.isEmpty());
    QStringList got;
    for (const NamedKey &key : parsed.keys)
        got << key.label;
    QCOMPARE(got, labels);
}

void tst_KeyTextParser::reportsTheBlockThatIsNotAKey()
{
    const QByteArray bad = "definitely not a key";
    const Result<ImportedKeys> expected = KeyFormats::parse(bad);
    QVERIFY(!expected.ok());
    const ParsedKeys parsed = KeyTextParser::parsePasted(QByteArray("000102030405060708090a0b0c0d0e0f\n\n") + bad);
    QCOMPARE(parsed.keys.size(), 1);
    QCOMPARE(parsed.keys.constFirst().label, QStringLiteral("pasted key 1"));
    QCOMPARE(parsed.errors, QList<QString>{QStringLiteral("pasted key 2: ") + expected.error().toString()});
}

void tst_KeyTextParser::labelsFileKeys()
{
    const Jwk a = Jwk::fromOctets(SecureBytes(QByteArray(16, '\x01')));
    const Jwk b = Jwk::fromOctets(SecureBytes(QByteArray(16, '\x02')));
    const QList<NamedKey> named = KeyTextParser::labelFileKeys({a, b}, QStringLiteral("keys.json"));
    QCOMPARE(named.size(), 2);
    QCOMPARE(named.at(0).label, QStringLiteral("keys.json"));
    QCOMPARE(named.at(1).label, QStringLiteral("keys.json #2"));
    QVERIFY(KeyTextParser::describe(a).startsWith(a.describe() + QStringLiteral(" · thumbprint ")));
}

QTEST_MAIN(tst_KeyTextParser)
#include "tst_KeyTextParser.moc"
