// SPDX-License-Identifier: GPL-3.0-or-later
// Known-answer and error-path tests for the primitives under JWE: AES-GCM, AES key wrap,
// AES-CBC-HMAC-SHA2, Concat KDF, ECDH, PBKDF2 and RSA key encryption.
#include "core/crypto/AesCbcHmac.h"
#include "core/crypto/AesGcm.h"
#include "core/crypto/AesKeyWrap.h"
#include "core/crypto/ConcatKdf.h"
#include "core/crypto/Ecdh.h"
#include "core/crypto/Pbes2Kdf.h"
#include "core/crypto/Random.h"
#include "core/crypto/RsaCipher.h"
#include "core/jose/Base64Url.h"
#include "core/jose/Jwk.h"

#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::ErrorCode)
Q_DECLARE_METATYPE(td::Curve)
Q_DECLARE_METATYPE(td::RsaPadding)

namespace {

SecureBytes hexKey(const char *hex)
{
    return SecureBytes(QByteArray::fromHex(hex));
}

QByteArray flipByte(QByteArray bytes, qsizetype index)
{
    bytes[index] = static_cast<char>(bytes[index] ^ 0x01);
    return bytes;
}

Jwk jwk(const char *json)
{
    auto key = Jwk::fromJsonText(QByteArray(json));
    if (!key)
        qFatal("test key does not parse: %s", qPrintable(key.error().toString()));
    return key.value();
}

// RFC 7518 Appendix C: Alice's ephemeral key and Bob's key.
const char *const kAlice = R"({"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0",
    "y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps","d":"0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"})";
const char *const kBob = R"({"kty":"EC","crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ",
    "y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck","d":"VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"})";
const unsigned char kAppendixCZ[] = {158, 86,  217, 29,  129, 113, 53,  211, 114, 131, 66,  131, 191, 132, 38,  156,
                                     251, 49,  110, 163, 218, 128, 106, 72,  246, 218, 167, 121, 140, 254, 144, 196};

} // namespace

class TestCryptoPrimitives : public QObject
{
    Q_OBJECT

private slots:
    void aesKeyWrapKnownAnswer_data();
    void aesKeyWrapKnownAnswer();
    void aesKeyUnwrapWrongKekFails();
    void aesKeyUnwrapTamperedFails();
    void aesKeyWrapRejectsBadSizes();

    void aesGcmKnownAnswer();
    void aesGcmTamperFails_data();
    void aesGcmTamperFails();
    void aesGcmRejectsBadKeySize();
    void aesGcmEmptyPlaintextWithAad();

    void aesCbcHmacRoundTrip_data();
    void aesCbcHmacRoundTrip();
    void aesCbcHmacTamperFails_data();
    void aesCbcHmacTamperFails();
    void aesCbcHmacRejectsBadKeySize();

    void concatKdfAppendixC();
    void concatKdfLongOutput();
    void ecdhAppendixC();
    void ecdhAgreesBothWays_data();
    void ecdhAgreesBothWays();
    void ecdhCurveMismatch();
    void ecdhNeedsPrivate();

    void pbkdf2KnownAnswer();
    void pbes2SaltLayout();
    void pbkdf2RefusesHugeIterationCount();

    void rsaRoundTrip_data();
    void rsaRoundTrip();
    void rsaWrongKeyFails_data();
    void rsaWrongKeyFails();

private:
    std::optional<Jwk> m_rsa;
    std::optional<Jwk> m_otherRsa;
    const Jwk &rsa();
    const Jwk &otherRsa();
};

const Jwk &TestCryptoPrimitives::rsa()
{
    if (!m_rsa)
        m_rsa = Jwk::generateRsa(2048).value();
    return *m_rsa;
}

const Jwk &TestCryptoPrimitives::otherRsa()
{
    if (!m_otherRsa)
        m_otherRsa = Jwk::generateRsa(2048).value();
    return *m_otherRsa;
}

void TestCryptoPrimitives::aesKeyWrapKnownAnswer_data()
{
    QTest::addColumn<QByteArray>("kek");
    QTest::addColumn<QByteArray>("keyData");
    QTest::addColumn<QByteArray>("wrapped");
    // RFC 3394 §4.1, §4.2 and §4.6.
    QTest::newRow("4.1 128-bit KEK, 128-bit key")
        << QByteArray::fromHex("000102030405060708090A0B0C0D0E0F") << QByteArray::fromHex("00112233445566778899AABBCCDDEEFF")
        << QByteArray::fromHex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
    QTest::newRow("4.2 192-bit KEK, 128-bit key")
        << QByteArray::fromHex("000102030405060708090A0B0C0D0E0F1011121314151617")
        << QByteArray::fromHex("00112233445566778899AABBCCDDEEFF")
        << QByteArray::fromHex("96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D");
    QTest::newRow("4.6 256-bit KEK, 256-bit key")
        << QByteArray::fromHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
        << QByteArray::fromHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
        << QByteArray::fromHex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
}

void TestCryptoPrimitives::aesKeyWrapKnownAnswer()
{
    QFETCH(QByteArray, kek);
    QFETCH(QByteArray, keyData);
    QFETCH(QByteArray, wrapped);
    auto result = aesKeyWrap(SecureBytes(kek), SecureBytes(keyData));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(result.value().toHex(), wrapped.toHex());
    auto unwrapped = aesKeyUnwrap(SecureBytes(kek), wrapped);
    QVERIFY(unwrapped.ok());
    QCOMPARE(unwrapped.value().toByteArray().toHex(), keyData.toHex());
}

void TestCryptoPrimitives::aesKeyUnwrapWrongKekFails()
{
    auto result = aesKeyUnwrap(hexKey("0F0E0D0C0B0A09080706050403020100"),
                               QByteArray::fromHex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::KeyUnwrapFailed);
}

void TestCryptoPrimitives::aesKeyUnwrapTamperedFails()
{
    const QByteArray wrapped = QByteArray::fromHex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
    for (qsizetype i = 0; i < wrapped.size(); ++i) {
        auto result = aesKeyUnwrap(hexKey("000102030405060708090A0B0C0D0E0F"), flipByte(wrapped, i));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::KeyUnwrapFailed);
    }
}

void TestCryptoPrimitives::aesKeyWrapRejectsBadSizes()
{
    const SecureBytes kek = hexKey("000102030405060708090A0B0C0D0E0F");
    auto badKek = aesKeyWrap(randomBytes(20), randomBytes(16));
    QVERIFY(!badKek.ok());
    QCOMPARE(badKek.error().code, ErrorCode::KeySizeMismatch);
    auto oddData = aesKeyWrap(kek, randomBytes(20));
    QVERIFY(!oddData.ok());
    QCOMPARE(oddData.error().code, ErrorCode::SegmentLength);
    auto shortWrapped = aesKeyUnwrap(kek, QByteArray(16, 'x'));
    QVERIFY(!shortWrapped.ok());
    QCOMPARE(shortWrapped.error().code, ErrorCode::SegmentLength);
    auto oddWrapped = aesKeyUnwrap(kek, QByteArray(25, 'x'));
    QVERIFY(!oddWrapped.ok());
    QCOMPARE(oddWrapped.error().code, ErrorCode::SegmentLength);
}

void TestCryptoPrimitives::aesGcmKnownAnswer()
{
    // The GCM specification's (McGrew & Viega) test case 3.
    const SecureBytes key = hexKey("feffe9928665731c6d6a8f9467308308");
    const QByteArray iv = QByteArray::fromHex("cafebabefacedbaddecaf888");
    const QByteArray plaintext = QByteArray::fromHex(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    const QByteArray ciphertext = QByteArray::fromHex(
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985");
    const QByteArray tag = QByteArray::fromHex("4d5c2af327cd64a62cf35abd2ba6fab4");
    auto sealed = aesGcmEncrypt(key, iv, {}, plaintext);
    QVERIFY(sealed.ok());
    QCOMPARE(sealed->ciphertext.toHex(), ciphertext.toHex());
    QCOMPARE(sealed->tag.toHex(), tag.toHex());
    auto opened = aesGcmDecrypt(key, iv, {}, ciphertext, tag);
    QVERIFY(opened.ok());
    QCOMPARE(opened.value(), plaintext);
}

void TestCryptoPrimitives::aesGcmTamperFails_data()
{
    QTest::addColumn<int>("part");
    QTest::newRow("iv") << 0;
    QTest::newRow("aad") << 1;
    QTest::newRow("ciphertext") << 2;
    QTest::newRow("tag") << 3;
}

void TestCryptoPrimitives::aesGcmTamperFails()
{
    QFETCH(int, part);
    const SecureBytes key = randomBytes(32);
    QByteArray parts[4] = {randomBytes(12).toByteArray(), QByteArray("eyJhbGciOiJkaXIifQ"), {}, {}};
    auto sealed = aesGcmEncrypt(key, parts[0], parts[1], QByteArray("attack at dawn"));
    QVERIFY(sealed.ok());
    parts[2] = sealed->ciphertext;
    parts[3] = sealed->tag;
    parts[part] = flipByte(parts[part], 1);
    auto opened = aesGcmDecrypt(key, parts[0], parts[1], parts[2], parts[3]);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::TagMismatch);
}

void TestCryptoPrimitives::aesGcmRejectsBadKeySize()
{
    auto sealed = aesGcmEncrypt(randomBytes(20), randomBytes(12).toByteArray(), {}, QByteArray("x"));
    QVERIFY(!sealed.ok());
    QCOMPARE(sealed.error().code, ErrorCode::KeySizeMismatch);
    auto opened = aesGcmDecrypt(randomBytes(16), randomBytes(12).toByteArray(), {}, QByteArray("x"), QByteArray(8, 'x'));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::SegmentLength);
}

// An empty payload after a long AAD (the vault's 104-byte header on an empty document): the
// sanitizer build caught the final call pointing the AAD's length past an empty output buffer.
void TestCryptoPrimitives::aesGcmEmptyPlaintextWithAad()
{
    const SecureBytes key = randomBytes(32);
    const QByteArray iv = randomBytes(12).toByteArray();
    const QByteArray aad(104, 'h');
    auto sealed = aesGcmEncrypt(key, iv, aad, {});
    QVERIFY(sealed.ok());
    QVERIFY(sealed->ciphertext.isEmpty());
    QCOMPARE(sealed->tag.size(), kAesGcmTagBytes);
    auto opened = aesGcmDecrypt(key, iv, aad, {}, sealed->tag);
    QVERIFY(opened.ok());
    QVERIFY(opened->isEmpty());
    auto openedKey = aesGcmDecryptKey(key, iv, aad, {}, sealed->tag);
    QVERIFY(openedKey.ok());
    QCOMPARE(openedKey->size(), std::size_t(0));
    auto altered = aesGcmDecrypt(key, iv, flipByte(aad, 100), {}, sealed->tag);
    QVERIFY(!altered.ok());
    QCOMPARE(altered.error().code, ErrorCode::TagMismatch);
}

void TestCryptoPrimitives::aesCbcHmacRoundTrip_data()
{
    QTest::addColumn<int>("keyBytes");
    QTest::addColumn<QByteArray>("plaintext");
    for (int keyBytes : {32, 48, 64}) {
        QTest::addRow("%d-bit key, empty", keyBytes * 8) << keyBytes << QByteArray();
        QTest::addRow("%d-bit key, 16 bytes", keyBytes * 8) << keyBytes << QByteArray(16, 'a');
        QTest::addRow("%d-bit key, 1000 bytes", keyBytes * 8) << keyBytes << QByteArray(1000, 'b');
    }
}

void TestCryptoPrimitives::aesCbcHmacRoundTrip()
{
    QFETCH(int, keyBytes);
    QFETCH(QByteArray, plaintext);
    const SecureBytes key = randomBytes(static_cast<std::size_t>(keyBytes));
    const QByteArray iv = randomBytes(16).toByteArray();
    auto sealed = aesCbcHmacEncrypt(key, iv, "header", plaintext);
    QVERIFY(sealed.ok());
    QCOMPARE(sealed->tag.size(), keyBytes / 2);
    QCOMPARE(sealed->ciphertext.size(), (plaintext.size() / 16 + 1) * 16);
    auto opened = aesCbcHmacDecrypt(key, iv, "header", sealed->ciphertext, sealed->tag);
    QVERIFY(opened.ok());
    QCOMPARE(opened.value(), plaintext);
}

void TestCryptoPrimitives::aesCbcHmacTamperFails_data()
{
    aesGcmTamperFails_data();
}

void TestCryptoPrimitives::aesCbcHmacTamperFails()
{
    QFETCH(int, part);
    const SecureBytes key = randomBytes(32);
    QByteArray parts[4] = {randomBytes(16).toByteArray(), QByteArray("eyJhbGciOiJkaXIifQ"), {}, {}};
    auto sealed = aesCbcHmacEncrypt(key, parts[0], parts[1], QByteArray("attack at dawn"));
    QVERIFY(sealed.ok());
    parts[2] = sealed->ciphertext;
    parts[3] = sealed->tag;
    parts[part] = flipByte(parts[part], 1);
    auto opened = aesCbcHmacDecrypt(key, parts[0], parts[1], parts[2], parts[3]);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::TagMismatch);
}

void TestCryptoPrimitives::aesCbcHmacRejectsBadKeySize()
{
    auto sealed = aesCbcHmacEncrypt(randomBytes(16), randomBytes(16).toByteArray(), {}, QByteArray("x"));
    QVERIFY(!sealed.ok());
    QCOMPARE(sealed.error().code, ErrorCode::KeySizeMismatch);
}

void TestCryptoPrimitives::concatKdfAppendixC()
{
    // RFC 7518 Appendix C: ECDH-ES with A128GCM, apu "Alice", apv "Bob".
    const SecureBytes z(kAppendixCZ, sizeof kAppendixCZ);
    const SecureBytes derived = concatKdf(z, 128, "A128GCM", "Alice", "Bob");
    QCOMPARE(Base64Url::encode(derived.view()), QByteArray("VqqN6vgjbSBcIijNcacQGg"));
}

void TestCryptoPrimitives::concatKdfLongOutput()
{
    // More than one SHA-256 block: the first block must equal a 256-bit derivation with the same
    // inputs except keydatalen, so compare lengths and that the blocks differ from each other.
    const SecureBytes z = randomBytes(32);
    const SecureBytes k512 = concatKdf(z, 512, "A256CBC-HS512", {}, {});
    QCOMPARE(k512.size(), std::size_t(64));
    QVERIFY(k512.view().first(32) != k512.view().sliced(32));
    QCOMPARE(concatKdf(z, 192, "A192KW", {}, {}).size(), std::size_t(24));
    QVERIFY(concatKdf(z, 7, "x", {}, {}).isEmpty());
}

void TestCryptoPrimitives::ecdhAppendixC()
{
    const Jwk alice = jwk(kAlice);
    const Jwk bob = jwk(kBob);
    auto aliceSide = ecdhSharedSecret(alice.pkey(), bob.publicKey().value().pkey());
    auto bobSide = ecdhSharedSecret(bob.pkey(), alice.publicKey().value().pkey());
    QVERIFY(aliceSide.ok());
    QVERIFY(bobSide.ok());
    const QByteArray expected(reinterpret_cast<const char *>(kAppendixCZ), sizeof kAppendixCZ);
    QCOMPARE(aliceSide.value().toByteArray().toHex(), expected.toHex());
    QCOMPARE(bobSide.value().toByteArray().toHex(), expected.toHex());
}

void TestCryptoPrimitives::ecdhAgreesBothWays_data()
{
    QTest::addColumn<Curve>("curve");
    QTest::addColumn<int>("secretBytes");
    QTest::newRow("P-256") << Curve::P256 << 32;
    QTest::newRow("P-384") << Curve::P384 << 48;
    QTest::newRow("P-521") << Curve::P521 << 66;
}

void TestCryptoPrimitives::ecdhAgreesBothWays()
{
    QFETCH(Curve, curve);
    QFETCH(int, secretBytes);
    const Jwk a = Jwk::generateEc(curve).value();
    const Jwk b = Jwk::generateEc(curve).value();
    auto ab = ecdhSharedSecret(a.pkey(), b.publicKey().value().pkey());
    auto ba = ecdhSharedSecret(b.pkey(), a.publicKey().value().pkey());
    QVERIFY(ab.ok());
    QVERIFY(ba.ok());
    QCOMPARE(ab.value().size(), std::size_t(secretBytes));
    QVERIFY(ab.value() == ba.value());
}

void TestCryptoPrimitives::ecdhCurveMismatch()
{
    const Jwk a = Jwk::generateEc(Curve::P256).value();
    const Jwk b = Jwk::generateEc(Curve::P384).value();
    auto result = ecdhSharedSecret(a.pkey(), b.pkey());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::KeyTypeMismatch);
    auto rsaPeer = ecdhSharedSecret(a.pkey(), rsa().pkey());
    QVERIFY(!rsaPeer.ok());
    QCOMPARE(rsaPeer.error().code, ErrorCode::KeyTypeMismatch);
}

void TestCryptoPrimitives::ecdhNeedsPrivate()
{
    const Jwk a = Jwk::generateEc(Curve::P256).value();
    const Jwk b = Jwk::generateEc(Curve::P256).value();
    auto result = ecdhSharedSecret(a.publicKey().value().pkey(), b.pkey());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::KeyNotPrivate);
}

void TestCryptoPrimitives::pbkdf2KnownAnswer()
{
    // RFC 7914 §11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, dkLen = 64.
    auto key = pbkdf2(DigestAlgorithm::Sha256, SecureBytes(QByteArrayView("passwd")), "salt", 1, 64);
    QVERIFY(key.ok());
    QCOMPARE(key.value().toByteArray().toHex(),
             QByteArray("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"));
}

void TestCryptoPrimitives::pbes2SaltLayout()
{
    // RFC 7518 §4.8.1.1: UTF8(alg) || 0x00 || p2s.
    QCOMPARE(pbes2Salt("PBES2-HS256+A128KW", "\x01\x02"), QByteArray("PBES2-HS256+A128KW\0\x01\x02", 21));
}

void TestCryptoPrimitives::pbkdf2RefusesHugeIterationCount()
{
    auto key = pbkdf2(DigestAlgorithm::Sha256, SecureBytes(QByteArrayView("pw")), "salt", kPbes2MaxIterations + 1, 16);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::InvalidHeaderParameter);
    auto zero = pbkdf2(DigestAlgorithm::Sha256, SecureBytes(QByteArrayView("pw")), "salt", 0, 16);
    QVERIFY(!zero.ok());
    QCOMPARE(zero.error().code, ErrorCode::InvalidHeaderParameter);
}

void TestCryptoPrimitives::rsaRoundTrip_data()
{
    QTest::addColumn<RsaPadding>("padding");
    QTest::newRow("PKCS #1 v1.5") << RsaPadding::Pkcs1v15;
    QTest::newRow("OAEP SHA-1") << RsaPadding::OaepSha1;
    QTest::newRow("OAEP SHA-256") << RsaPadding::OaepSha256;
}

void TestCryptoPrimitives::rsaRoundTrip()
{
    QFETCH(RsaPadding, padding);
    const SecureBytes cek = randomBytes(32);
    auto encrypted = rsaEncrypt(rsa().publicKey().value().pkey(), padding, cek);
    QVERIFY(encrypted.ok());
    QCOMPARE(encrypted.value().size(), 256);
    auto decrypted = rsaDecrypt(rsa().pkey(), padding, encrypted.value());
    QVERIFY(decrypted.ok());
    QVERIFY(decrypted.value() == cek);
}

void TestCryptoPrimitives::rsaWrongKeyFails_data()
{
    rsaRoundTrip_data();
}

void TestCryptoPrimitives::rsaWrongKeyFails()
{
    QFETCH(RsaPadding, padding);
    auto encrypted = rsaEncrypt(rsa().pkey(), padding, randomBytes(32));
    QVERIFY(encrypted.ok());
    auto decrypted = rsaDecrypt(otherRsa().pkey(), padding, encrypted.value());
    QVERIFY(!decrypted.ok());
    QCOMPARE(decrypted.error().code, ErrorCode::KeyUnwrapFailed);
}

QTEST_GUILESS_MAIN(TestCryptoPrimitives)
#include "tst_CryptoPrimitives.moc"
