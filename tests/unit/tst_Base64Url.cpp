// SPDX-License-Identifier: GPL-3.0-or-later
// Base64Url: strict base64url without padding, and the diagnosis of standard base64 used by mistake.
#include "core/jose/Base64Url.h"

#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::ErrorCode)

class tst_Base64Url : public QObject
{
    Q_OBJECT

private slots:
    void encode_data();
    void encode();
    void roundTripAllLengths();
    void decodeErrors_data();
    void decodeErrors();
    void messageNamesWhat();
    void isBase64Url_data();
    void isBase64Url();
};

void tst_Base64Url::encode_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("encoded");
    // RFC 4648 §10 test vectors, without padding.
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("f") << QByteArray("f") << QByteArray("Zg");
    QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8");
    QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
    QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg");
    QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE");
    QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
    // The two characters that differ from standard base64 ('+' -> '-', '/' -> '_').
    QTest::newRow("url alphabet") << QByteArray::fromHex("fbff") << QByteArray("-_8");
    // RFC 7515 §3.3 protected header, whose encoding the RFC gives.
    QTest::newRow("rfc7515 header") << QByteArray("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}")
                                    << QByteArray("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
}

void tst_Base64Url::encode()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, encoded);
    QCOMPARE(Base64Url::encode(plain), encoded);
    const auto decoded = Base64Url::decode(encoded);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QCOMPARE(decoded.value(), plain);
}

void tst_Base64Url::roundTripAllLengths()
{
    QByteArray data;
    for (int length = 0; length < 70; ++length) {
        const QByteArray encoded = Base64Url::encode(data);
        QVERIFY(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'));
        QVERIFY(Base64Url::isBase64Url(encoded));
        const auto decoded = Base64Url::decode(encoded);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value(), data);
        data.append(static_cast<char>(length * 37 + 251)); // every byte value pattern, incl. 0xfb..0xff
    }
}

void tst_Base64Url::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("standard plus") << QByteArray("+/8") << ErrorCode::SegmentIsStandardBase64 << QStringLiteral("'+' at position 1");
    QTest::newRow("standard slash later") << QByteArray("ab/8") << ErrorCode::SegmentIsStandardBase64 << QStringLiteral("'/' at position 3");
    QTest::newRow("standard padding") << QByteArray("Zg==") << ErrorCode::SegmentIsStandardBase64 << QStringLiteral("'=' at position 3");
    QTest::newRow("space") << QByteArray("Zm9v YmFy") << ErrorCode::SegmentNotBase64Url << QStringLiteral("' ' at position 5");
    QTest::newRow("dot") << QByteArray("abc.def") << ErrorCode::SegmentNotBase64Url << QStringLiteral("'.' at position 4");
    QTest::newRow("control byte") << QByteArray("ab\x01") << ErrorCode::SegmentNotBase64Url << QStringLiteral("byte 0x01 at position 3");
    QTest::newRow("non-ascii") << QByteArray("ab\xc3\xa9") << ErrorCode::SegmentNotBase64Url << QStringLiteral("byte 0xc3 at position 3");
    // '+' together with base64url's '-' is neither alphabet: plain garbage, not a mix-up.
    QTest::newRow("mixed alphabets") << QByteArray("a-b+") << ErrorCode::SegmentNotBase64Url << QStringLiteral("'+' at position 4");
    QTest::newRow("padding in the middle") << QByteArray("Zg==Zg") << ErrorCode::SegmentNotBase64Url << QStringLiteral("'=' at position 3");
    QTest::newRow("impossible length 1") << QByteArray("A") << ErrorCode::SegmentNotBase64Url << QStringLiteral("length 1 is impossible");
    QTest::newRow("impossible length 5") << QByteArray("Zm9vY") << ErrorCode::SegmentNotBase64Url << QStringLiteral("length 5 is impossible");
}

void tst_Base64Url::decodeErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(ErrorCode, code);
    QFETCH(QString, fragment);
    const auto decoded = Base64Url::decode(text);
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.error().code), errorCodeName(code));
    QVERIFY2(decoded.error().message.contains(fragment), qPrintable(decoded.error().message));
}

void tst_Base64Url::messageNamesWhat()
{
    const auto standard = Base64Url::decode("ab+/", QStringLiteral("segment 2 (encrypted key)"));
    QVERIFY(!standard.ok());
    QCOMPARE(errorCodeName(standard.error().code), errorCodeName(ErrorCode::SegmentIsStandardBase64));
    QVERIFY2(standard.error().message.startsWith(QStringLiteral("segment 2 (encrypted key) is standard base64")),
             qPrintable(standard.error().message));
    const auto garbage = Base64Url::decode("ab*", QStringLiteral("segment 4 (ciphertext)"));
    QVERIFY(!garbage.ok());
    QCOMPARE(errorCodeName(garbage.error().code), errorCodeName(ErrorCode::SegmentNotBase64Url));
    QCOMPARE(garbage.error().message,
             QStringLiteral("segment 4 (ciphertext) is not base64url: '*' at position 3 is not in the alphabet A-Z a-z 0-9 - _"));
}

void tst_Base64Url::isBase64Url_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("url alphabet") << QByteArray("-_8") << true;
    QTest::newRow("standard") << QByteArray("+/8") << false;
    QTest::newRow("padded") << QByteArray("Zg==") << false;
    QTest::newRow("length 5") << QByteArray("Zm9vY") << false;
    QTest::newRow("length 6") << QByteArray("Zm9vYm") << true;
}

void tst_Base64Url::isBase64Url()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, expected);
    QCOMPARE(Base64Url::isBase64Url(text), expected);
}

QTEST_GUILESS_MAIN(tst_Base64Url)
#include "tst_Base64Url.moc"
