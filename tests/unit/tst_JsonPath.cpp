// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/JsonPath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace td;

namespace {

QJsonValue parse(const char *json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (doc.isNull())
        qFatal("bad test JSON: %s", json);
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

const char *const kBody =
    R"({"resCode":"TOK200","token":"t-1","nullable":null,"data":{"token":"t-2","expiryDate":1763827200000,)"
    R"("list":[{"id":"a"},{"id":"b"}]},"content":[{"token":"c-0","refreshToken":"r-0"}],"empty":{}})";

} // namespace

class tst_JsonPath : public QObject
{
    Q_OBJECT

private slots:
    void lookup_data();
    void lookup();
    void lookup_wholeValues();
    void first_data();
    void first();
    void toText_data();
    void toText();
};

void tst_JsonPath::lookup_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QString>("text");
    QTest::newRow("top member") << QStringLiteral("token") << true << QStringLiteral("t-1");
    QTest::newRow("nested member") << QStringLiteral("data.token") << true << QStringLiteral("t-2");
    QTest::newRow("nested number") << QStringLiteral("data.expiryDate") << true << QStringLiteral("1763827200000");
    QTest::newRow("array index 0") << QStringLiteral("content.0.token") << true << QStringLiteral("c-0");
    QTest::newRow("array in object") << QStringLiteral("data.list.1.id") << true << QStringLiteral("b");
    QTest::newRow("missing top") << QStringLiteral("expireAt") << false << QString();
    QTest::newRow("missing nested") << QStringLiteral("data.expireAt") << false << QString();
    QTest::newRow("index out of range") << QStringLiteral("content.1.token") << false << QString();
    QTest::newRow("negative index") << QStringLiteral("content.-1.token") << false << QString();
    QTest::newRow("name into array") << QStringLiteral("content.token") << false << QString();
    QTest::newRow("step into string") << QStringLiteral("token.length") << false << QString();
    QTest::newRow("step into number") << QStringLiteral("data.expiryDate.0") << false << QString();
    QTest::newRow("member of empty object") << QStringLiteral("empty.x") << false << QString();
    QTest::newRow("case-sensitive") << QStringLiteral("Token") << false << QString();
}

void tst_JsonPath::lookup()
{
    QFETCH(QString, path);
    QFETCH(bool, present);
    QFETCH(QString, text);
    const QJsonValue value = JsonPath::lookup(parse(kBody), path);
    QCOMPARE(value.isUndefined(), !present);
    QCOMPARE(JsonPath::toText(value), text);
}

void tst_JsonPath::lookup_wholeValues()
{
    const QJsonValue root = parse(kBody);
    QVERIFY(JsonPath::lookup(root, u"data").isObject());
    QCOMPARE(JsonPath::lookup(root, u"data.list").toArray().size(), 2);
    QVERIFY(JsonPath::lookup(root, u"nullable").isNull());
    // An array root indexes directly.
    QCOMPARE(JsonPath::lookup(parse(R"([{"a":1},{"a":2}])"), u"1.a").toInt(), 2);
    // A scalar root has no members.
    QVERIFY(JsonPath::lookup(QJsonValue(5), u"a").isUndefined());
}

void tst_JsonPath::first_data()
{
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("foundPath");
    QTest::newRow("first present wins") << QStringList{QStringLiteral("token"), QStringLiteral("data.token")}
                                        << QStringLiteral("t-1") << QStringLiteral("token");
    QTest::newRow("falls through missing") << QStringList{QStringLiteral("expireAt"), QStringLiteral("data.expiryDate")}
                                           << QStringLiteral("1763827200000") << QStringLiteral("data.expiryDate");
    QTest::newRow("null counts as absent") << QStringList{QStringLiteral("nullable"), QStringLiteral("data.token")}
                                           << QStringLiteral("t-2") << QStringLiteral("data.token");
    QTest::newRow("none present") << QStringList{QStringLiteral("a"), QStringLiteral("b.c")} << QString() << QString();
    QTest::newRow("empty list") << QStringList() << QString() << QString();
}

void tst_JsonPath::first()
{
    QFETCH(QStringList, paths);
    QFETCH(QString, text);
    QFETCH(QString, foundPath);
    QString found = QStringLiteral("(untouched)");
    const QJsonValue value = JsonPath::first(parse(kBody), paths, &found);
    QCOMPARE(value.isUndefined(), text.isEmpty());
    QCOMPARE(JsonPath::toText(value), text);
    QCOMPARE(found, foundPath.isEmpty() ? QStringLiteral("(untouched)") : foundPath);
    // The out-parameter is optional.
    QCOMPARE(JsonPath::toText(JsonPath::first(parse(kBody), paths)), text);
}

void tst_JsonPath::toText_data()
{
    QTest::addColumn<QByteArray>("json"); // the member "v" of this object
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << QByteArray(R"({"v":100})") << QStringLiteral("100");
    QTest::newRow("string") << QByteArray(R"({"v":"100"})") << QStringLiteral("100");
    QTest::newRow("string TOK200") << QByteArray(R"({"v":"TOK200"})") << QStringLiteral("TOK200");
    QTest::newRow("zero") << QByteArray(R"({"v":0})") << QStringLiteral("0");
    QTest::newRow("negative") << QByteArray(R"({"v":-42})") << QStringLiteral("-42");
    QTest::newRow("fraction") << QByteArray(R"({"v":100.5})") << QStringLiteral("100.5");
    QTest::newRow("integral double") << QByteArray(R"({"v":100.0})") << QStringLiteral("100");
    QTest::newRow("epoch ms") << QByteArray(R"({"v":1763827200000})") << QStringLiteral("1763827200000");
    QTest::newRow("19 digits") << QByteArray(R"({"v":1234567890123456789})") << QStringLiteral("1234567890123456789");
    QTest::newRow("int64 max") << QByteArray(R"({"v":9223372036854775807})") << QStringLiteral("9223372036854775807");
    QTest::newRow("int64 min+1") << QByteArray(R"({"v":-9223372036854775807})") << QStringLiteral("-9223372036854775807");
    QTest::newRow("true") << QByteArray(R"({"v":true})") << QStringLiteral("true");
    QTest::newRow("false") << QByteArray(R"({"v":false})") << QStringLiteral("false");
    QTest::newRow("null") << QByteArray(R"({"v":null})") << QString();
    QTest::newRow("object") << QByteArray(R"({"v":{"a":1}})") << QString();
    QTest::newRow("array") << QByteArray(R"({"v":[1]})") << QString();
    QTest::newRow("missing") << QByteArray(R"({})") << QString();
}

void tst_JsonPath::toText()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, text);
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QCOMPARE(JsonPath::toText(object.value(QLatin1String("v"))), text);
}

QTEST_GUILESS_MAIN(tst_JsonPath)
#include "tst_JsonPath.moc"
