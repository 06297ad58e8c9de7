// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/BankEzyCrypto.h"
#include "core/net/KdfMode.h"
#include "core/jose/Base64Url.h"
#include "core/jose/JweCompact.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::ErrorCode)
Q_DECLARE_METATYPE(td::KdfMode)

namespace {

// RFC 7518 Appendix C: the ECDH-ES example keys.
const char *const kAliceX = "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0";
const char *const kAliceY = "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps";
const char *const kAliceD = "0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo";
const char *const kBobX = "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ";
const char *const kBobY = "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck";
const char *const kBobD = "VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw";

// The seed's curl sample (004_1fef07f4c243cc6b.txt): the request publicKey, the answer's
// serverPublicKey, and the "Request sample" publicKey that the document cut short.
const char *const kSeedPublicKey =
    "eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6ImxCSGpLNHVaNjVMTVdZVXZKOTY4TTFxWGkzN21BSVRIWlhvSUk5c0xQYUUiLCJ5IjoiUmQtbmg0Rlk3ZnFLUTU0bHBOUVBMa2taVGpWUGlab25LaVRFOUQ0aXNWTSJ9";
const char *const kSeedServerPublicKey =
    "eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IjZad2phdHZSSW9ZTjVFRWVIZTdmUXJPOGVGQzRsRmJMSmlmalB4RFF0S0UiLCJ5IjoiMjhZcE9meWhoTkpNa1hpdEg4OU14dm4xRGJWZmJoVS1wMVVLdjFjcUpCOCJ9";
const char *const kSeedTruncatedPublicKey =
    "eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IkhnTTdrSEhRSGYxRmtmT0UwSFNyUkNUTkpIUFNRQlViSEdEM0tjUEw1ckEiLCJ5IjoicmljOS1uOUpRUDJjZjFIVEVNZjA2";

QJsonObject ecJson(const char *x, const char *y, const char *d = nullptr)
{
    QJsonObject object{{QStringLiteral("kty"), QStringLiteral("EC")},
                       {QStringLiteral("crv"), QStringLiteral("P-256")},
                       {QStringLiteral("x"), QLatin1String(x)},
                       {QStringLiteral("y"), QLatin1String(y)}};
    if (d)
        object.insert(QStringLiteral("d"), QLatin1String(d));
    return object;
}

Jwk keyOrDie(const QJsonObject &object)
{
    Result<Jwk> key = Jwk::fromJson(object);
    if (!key)
        qFatal("test key: %s", qPrintable(key.error().toString()));
    return key.value();
}

QByteArray encodeJson(const QByteArray &json)
{
    return Base64Url::encode(json);
}

QByteArray encodeJson(const QJsonObject &object)
{
    return Base64Url::encode(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

SecureBytes keyOfByte(char byte, int size = 32)
{
    return SecureBytes(QByteArray(size, byte));
}

} // namespace

class tst_BankEzyCrypto : public QObject
{
    Q_OBJECT

private:
    // QVERIFY2 evaluates its message even when the check passes, so it must not touch error().
    template <typename T>
    static QByteArray why(const Result<T> &result)
    {
        return result.ok() ? QByteArray() : result.error().toString().toUtf8();
    }

private slots:
    void deriveSessionKey_knownAnswer_data();
    void deriveSessionKey_knownAnswer();
    void applyKdf_fromZ();
    void deriveSessionKey_refusesOtherCurves();
    void kdfModeNames();

    void seedKeys_roundTrip_data();
    void seedKeys_roundTrip();
    void encodePublicKey_memberOrder();
    void decodePublicKey_errors_data();
    void decodePublicKey_errors();

    void payload_roundTrip();
    void payload_headerExact();
    void payload_headerWithKid();
    void payload_freshIvPerMessage();
    void payload_wrongKey();
    void payload_tamperedTag();
    void payload_otherAlgOrEnc_data();
    void payload_otherAlgOrEnc();
    void payload_notAJwe();
    void keyThumbprint_isRfc7638OfOctKey();
};

void tst_BankEzyCrypto::deriveSessionKey_knownAnswer_data()
{
    QTest::addColumn<KdfMode>("mode");
    QTest::addColumn<QByteArray>("expectedHex");
    // Computed independently with Python cryptography; raw is the RFC's Z.
    QTest::newRow("raw") << KdfMode::Raw << QByteArray("9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4");
    QTest::newRow("sha256") << KdfMode::Sha256 << QByteArray("2b92ca8baf77d6bcc4862c27a6a039ff4c44150f917a83443bb3e46f4f5796e8");
    QTest::newRow("concat") << KdfMode::Concat << QByteArray("b27e1ae45b86035f70ffd584b87a3553bd5f156ec0b754cd4d0f74f6562d3535");
}

void tst_BankEzyCrypto::deriveSessionKey_knownAnswer()
{
    QFETCH(KdfMode, mode);
    QFETCH(QByteArray, expectedHex);
    const Jwk alicePrivate = keyOrDie(ecJson(kAliceX, kAliceY, kAliceD));
    const Jwk alicePublic = keyOrDie(ecJson(kAliceX, kAliceY));
    const Jwk bobPrivate = keyOrDie(ecJson(kBobX, kBobY, kBobD));
    const Jwk bobPublic = keyOrDie(ecJson(kBobX, kBobY));

    Result<SecureBytes> aliceSide = BankEzyCrypto::deriveSessionKey(alicePrivate, bobPublic, mode);
    QVERIFY2(aliceSide.ok(), why(aliceSide).constData());
    Result<SecureBytes> bobSide = BankEzyCrypto::deriveSessionKey(bobPrivate, alicePublic, mode);
    QVERIFY2(bobSide.ok(), why(bobSide).constData());

    QCOMPARE(aliceSide->size(), std::size_t(32));
    QCOMPARE(aliceSide->toByteArray().toHex(), expectedHex);
    QCOMPARE(bobSide->toByteArray().toHex(), expectedHex);
}

void tst_BankEzyCrypto::applyKdf_fromZ()
{
    const SecureBytes z(QByteArray::fromHex("9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4"));
    QCOMPARE(BankEzyCrypto::applyKdf(z, KdfMode::Raw).toByteArray().toHex(),
             QByteArray("9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4"));
    QCOMPARE(BankEzyCrypto::applyKdf(z, KdfMode::Sha256).toByteArray().toHex(),
             QByteArray("2b92ca8baf77d6bcc4862c27a6a039ff4c44150f917a83443bb3e46f4f5796e8"));
    QCOMPARE(BankEzyCrypto::applyKdf(z, KdfMode::Concat).toByteArray().toHex(),
             QByteArray("b27e1ae45b86035f70ffd584b87a3553bd5f156ec0b754cd4d0f74f6562d3535"));
}

void tst_BankEzyCrypto::deriveSessionKey_refusesOtherCurves()
{
    Result<Jwk> p384 = Jwk::generateEc(Curve::P384);
    QVERIFY2(p384.ok(), why(p384).constData());
    const Jwk bobPublic = keyOrDie(ecJson(kBobX, kBobY));
    Result<SecureBytes> key = BankEzyCrypto::deriveSessionKey(p384.value(), bobPublic, KdfMode::Raw);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::KeyTypeMismatch);
}

void tst_BankEzyCrypto::kdfModeNames()
{
    QCOMPARE(kdfModeName(KdfMode::Raw), QStringLiteral("raw"));
    QCOMPARE(kdfModeName(KdfMode::Concat), QStringLiteral("concat"));
    QCOMPARE(kdfModeName(KdfMode::Sha256), QStringLiteral("sha256"));
    QCOMPARE(kdfModeFromName(u"CONCAT"), std::optional<KdfMode>(KdfMode::Concat));
    QCOMPARE(kdfModeFromName(u"hkdf"), std::optional<KdfMode>());
}

void tst_BankEzyCrypto::seedKeys_roundTrip_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("request publicKey") << QByteArray(kSeedPublicKey);
    QTest::newRow("serverPublicKey") << QByteArray(kSeedServerPublicKey);
}

void tst_BankEzyCrypto::seedKeys_roundTrip()
{
    QFETCH(QByteArray, encoded);
    Result<Jwk> key = BankEzyCrypto::decodePublicKey(encoded);
    QVERIFY2(key.ok(), why(key).constData());
    QCOMPARE(key->type(), KeyType::EC);
    QCOMPARE(key->curve(), Curve::P256);
    QVERIFY(!key->hasPrivate());
    QCOMPARE(BankEzyCrypto::encodePublicKey(key.value()), encoded);
}

void tst_BankEzyCrypto::encodePublicKey_memberOrder()
{
    // A private key is encoded by its public half only, members kty, crv, x, y in that order.
    const Jwk alice = keyOrDie(ecJson(kAliceX, kAliceY, kAliceD));
    const QByteArray encoded = BankEzyCrypto::encodePublicKey(alice);
    QVERIFY(!encoded.contains('='));
    QCOMPARE(QByteArray::fromBase64(encoded, QByteArray::Base64UrlEncoding),
             QByteArray("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"") + kAliceX + "\",\"y\":\"" + kAliceY + "\"}");
}

void tst_BankEzyCrypto::decodePublicKey_errors_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("fragment");

    QJsonObject rsa = ecJson(kAliceX, kAliceY);
    rsa.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
    QJsonObject p384 = ecJson(kAliceX, kAliceY);
    p384.insert(QStringLiteral("crv"), QStringLiteral("P-384"));
    QJsonObject shortX = ecJson(kAliceX, kAliceY);
    shortX.insert(QStringLiteral("x"), QString::fromLatin1(kAliceX).left(40));

    QTest::newRow("empty") << QByteArray() << ErrorCode::FieldInvalid << QStringLiteral("it is empty");
    QTest::newRow("not base64url") << QByteArray("eyJrdHkiOiJFQyJ9+/==") << ErrorCode::FieldInvalid
                                   << QStringLiteral("not base64url");
    QTest::newRow("not JSON") << encodeJson(QByteArray("kty=EC crv=P-256")) << ErrorCode::FieldInvalid
                              << QStringLiteral("JSON object");
    QTest::newRow("JSON array") << encodeJson(QByteArray("[{\"kty\":\"EC\"}]")) << ErrorCode::FieldInvalid
                                << QStringLiteral("JSON object");
    QTest::newRow("kty RSA") << encodeJson(rsa) << ErrorCode::FieldInvalid << QStringLiteral("kty");
    QTest::newRow("crv P-384") << encodeJson(p384) << ErrorCode::FieldInvalid << QStringLiteral("crv");
    QTest::newRow("contains d") << encodeJson(ecJson(kAliceX, kAliceY, kAliceD)) << ErrorCode::FieldInvalid
                                << QStringLiteral("private key (d)");
    // Alice's x with Bob's y is not a point of P-256.
    QTest::newRow("off the curve") << encodeJson(ecJson(kAliceX, kBobY)) << ErrorCode::KeyNotOnCurve << QString();
    QTest::newRow("x wrong length") << encodeJson(shortX) << ErrorCode::FieldInvalid << QStringLiteral("members are invalid");
    QTest::newRow("seed truncated sample") << QByteArray(kSeedTruncatedPublicKey) << ErrorCode::FieldInvalid
                                           << QStringLiteral("P-256 JWK");
}

void tst_BankEzyCrypto::decodePublicKey_errors()
{
    QFETCH(QByteArray, encoded);
    QFETCH(ErrorCode, code);
    QFETCH(QString, fragment);
    Result<Jwk> key = BankEzyCrypto::decodePublicKey(encoded);
    QVERIFY(!key.ok());
    QCOMPARE(errorCodeName(key.error().code), errorCodeName(code));
    if (!fragment.isEmpty())
        QVERIFY2(key.error().message.contains(fragment), qPrintable(key.error().message));
}

void tst_BankEzyCrypto::payload_roundTrip()
{
    const SecureBytes key = keyOfByte('\x42');
    const QByteArray plaintext = QByteArray("{\"referenceId\":\"r-1\",\"name\":\"") + QStringLiteral("Zoë ✓").toUtf8() + "\"}";
    Result<QByteArray> compact = BankEzyCrypto::encryptPayload(plaintext, key);
    QVERIFY2(compact.ok(), why(compact).constData());
    QCOMPARE(compact->count('.'), 4);
    Result<QByteArray> opened = BankEzyCrypto::decryptPayload(compact.value(), key);
    QVERIFY2(opened.ok(), why(opened).constData());
    QCOMPARE(opened.value(), plaintext);
    // Whitespace around a body (a trailing newline from a server) does not matter.
    Result<QByteArray> padded = BankEzyCrypto::decryptPayload(compact.value() + "\r\n", key);
    QVERIFY2(padded.ok(), why(padded).constData());
    QCOMPARE(padded.value(), plaintext);
}

void tst_BankEzyCrypto::payload_headerExact()
{
    Result<QByteArray> compact = BankEzyCrypto::encryptPayload("{}", keyOfByte('\x01'));
    QVERIFY2(compact.ok(), why(compact).constData());
    const QList<QByteArray> segments = compact->split('.');
    QCOMPARE(segments.size(), 5);
    QCOMPARE(QByteArray::fromBase64(segments.at(0), QByteArray::Base64UrlEncoding),
             QByteArray("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}"));
    QVERIFY(segments.at(1).isEmpty()); // dir: no encrypted key
    QCOMPARE(QByteArray::fromBase64(segments.at(2), QByteArray::Base64UrlEncoding).size(), 12);
    QCOMPARE(QByteArray::fromBase64(segments.at(4), QByteArray::Base64UrlEncoding).size(), 16);
}

void tst_BankEzyCrypto::payload_headerWithKid()
{
    Result<QByteArray> compact = BankEzyCrypto::encryptPayload("{}", keyOfByte('\x01'), QStringLiteral("session-7"));
    QVERIFY2(compact.ok(), why(compact).constData());
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(compact->split('.').at(0), QByteArray::Base64UrlEncoding)).object();
    QCOMPARE(header.size(), 3);
    QCOMPARE(header.value(QLatin1String("alg")).toString(), QStringLiteral("dir"));
    QCOMPARE(header.value(QLatin1String("enc")).toString(), QStringLiteral("A256GCM"));
    QCOMPARE(header.value(QLatin1String("kid")).toString(), QStringLiteral("session-7"));
}

void tst_BankEzyCrypto::payload_freshIvPerMessage()
{
    const SecureBytes key = keyOfByte('\x07');
    Result<QByteArray> first = BankEzyCrypto::encryptPayload("{\"a\":1}", key);
    Result<QByteArray> second = BankEzyCrypto::encryptPayload("{\"a\":1}", key);
    QVERIFY2(first.ok(), why(first).constData());
    QVERIFY2(second.ok(), why(second).constData());
    QVERIFY(first->split('.').at(2) != second->split('.').at(2));
    QVERIFY(first->split('.').at(3) != second->split('.').at(3));
}

void tst_BankEzyCrypto::payload_wrongKey()
{
    Result<QByteArray> compact = BankEzyCrypto::encryptPayload("{\"a\":1}", keyOfByte('\x07'));
    QVERIFY2(compact.ok(), why(compact).constData());
    Result<QByteArray> opened = BankEzyCrypto::decryptPayload(compact.value(), keyOfByte('\x08'));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::PayloadDecryptFailed);
}

void tst_BankEzyCrypto::payload_tamperedTag()
{
    const SecureBytes key = keyOfByte('\x07');
    Result<QByteArray> compact = BankEzyCrypto::encryptPayload("{\"a\":1}", key);
    QVERIFY2(compact.ok(), why(compact).constData());
    QList<QByteArray> segments = compact->split('.');
    QByteArray tag = QByteArray::fromBase64(segments.at(4), QByteArray::Base64UrlEncoding);
    tag[0] = static_cast<char>(tag.at(0) ^ 0x01);
    segments[4] = Base64Url::encode(tag);
    Result<QByteArray> opened = BankEzyCrypto::decryptPayload(segments.join('.'), key);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::PayloadDecryptFailed);
    QVERIFY2(opened.error().detail.contains(QLatin1String("tag-mismatch")), qPrintable(opened.error().detail));
}

void tst_BankEzyCrypto::payload_otherAlgOrEnc_data()
{
    QTest::addColumn<int>("alg");
    QTest::addColumn<int>("enc");
    QTest::addColumn<int>("keyBytes");
    QTest::newRow("dir A128GCM") << int(JweAlg::Dir) << int(JweEnc::A128GCM) << 16;
    QTest::newRow("A256KW A256GCM") << int(JweAlg::A256KW) << int(JweEnc::A256GCM) << 32;
    QTest::newRow("dir A256CBC-HS512") << int(JweAlg::Dir) << int(JweEnc::A256CbcHs512) << 64;
}

void tst_BankEzyCrypto::payload_otherAlgOrEnc()
{
    QFETCH(int, alg);
    QFETCH(int, enc);
    QFETCH(int, keyBytes);
    const SecureBytes key = keyOfByte('\x33', keyBytes);
    JweEncryptOptions options;
    options.alg = static_cast<JweAlg>(alg);
    options.enc = static_cast<JweEnc>(enc);
    Result<QByteArray> compact = JweCompact::encrypt("{\"a\":1}", Jwk::fromOctets(key), options);
    QVERIFY2(compact.ok(), why(compact).constData());
    // Even with the very key that made the token, the wrong header is refused.
    Result<QByteArray> opened = BankEzyCrypto::decryptPayload(compact.value(), key);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::PayloadDecryptFailed);
    Result<QByteArray> withSessionKey = BankEzyCrypto::decryptPayload(compact.value(), keyOfByte('\x33'));
    QVERIFY(!withSessionKey.ok());
    QCOMPARE(withSessionKey.error().code, ErrorCode::PayloadDecryptFailed);
}

void tst_BankEzyCrypto::payload_notAJwe()
{
    Result<QByteArray> opened = BankEzyCrypto::decryptPayload("{\"resCode\":\"TOK003\"}", keyOfByte('\x07'));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::PayloadDecryptFailed);
    QVERIFY2(opened.error().detail.contains(QLatin1String("segment-count")), qPrintable(opened.error().detail));
}

void tst_BankEzyCrypto::keyThumbprint_isRfc7638OfOctKey()
{
    const SecureBytes key = keyOfByte('\x07');
    const QString thumbprint = BankEzyCrypto::keyThumbprint(key);
    QCOMPARE(thumbprint, Jwk::fromOctets(key).thumbprint());
    QCOMPARE(thumbprint.size(), 43);
    QVERIFY(thumbprint != BankEzyCrypto::keyThumbprint(keyOfByte('\x08')));
}

QTEST_GUILESS_MAIN(tst_BankEzyCrypto)
#include "tst_BankEzyCrypto.moc"
