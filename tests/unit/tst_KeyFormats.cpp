// SPDX-License-Identifier: GPL-3.0-or-later
// KeyFormats: detection of every key text form, PEM import from OpenSSL-made fixtures, export and
// re-import round trips, BankEzy's base64url JWK, and the refusals with their messages.
#include "core/jose/Base64Url.h"
#include "core/jose/KeyFormats.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::ErrorCode)
Q_DECLARE_METATYPE(td::KeyFormat)
Q_DECLARE_METATYPE(td::KeyType)
Q_DECLARE_METATYPE(td::Curve)

namespace {

QString dataPath(const QString &relative)
{
    return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/") + relative;
}

QByteArray readData(const QString &relative)
{
    QFile file(dataPath(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(relative));
    return file.readAll();
}

QString describe(const Result<ImportedKeys> &result)
{
    return result.ok() ? QStringLiteral("ok, %1 key(s) as %2").arg(result->keys.size()).arg(keyFormatName(result->format))
                       : result.error().toString();
}

// The `publicKey` of the seed's curl sample (shared/seeds/004, BankEzy Get App Token).
const QByteArray kSeedPublicKey =
    "eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6ImxCSGpLNHVaNjVMTVdZVXZKOTY4TTFxWGkzN21BSVRIWlhvSUk5c0xQYUUiLCJ5Ijoi"
    "UmQtbmg0Rlk3ZnFLUTU0bHBOUVBMa2taVGpWUGlab25LaVRFOUQ0aXNWTSJ9";
// The `serverPublicKey` of the seed's response sample.
const QByteArray kSeedServerPublicKey =
    "eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IjZad2phdHZSSW9ZTjVFRWVIZTdmUXJPOGVGQzRsRmJMSmlmalB4RFF0S0UiLCJ5Ijoi"
    "MjhZcE9meWhoTkpNa1hpdEg4OU14dm4xRGJWZmJoVS1wMVVLdjFjcUpCOCJ9";
// The seed's "Request sample" publicKey, cut short in the document.
const QByteArray kSeedTruncatedPublicKey =
    "eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IkhnTTdrSEhRSGYxRmtmT0UwSFNyUkNUTkpIUFNRQlViSEdEM0tjUEw1ckEiLCJ5Ijoi"
    "cmljOS1uOUpRUDJjZjFIVEVNZjA2";

const QString kEncryptedMessage = QStringLiteral(
    "this PEM key is encrypted with a passphrase; decrypt it first with `openssl pkey -in key.pem -out plain.pem`");

// Thumbprints of the fixtures in tests/data/keys/, from `jose jwk thp -i <name>.public.jwk.json`
// at authoring time; those JWKs were written from `openssl pkey -pubin -text` of the SPKI files.
const QString kP256Thumbprint = QStringLiteral("LiLFerUQ0LEtzbSiV8X2jQo8yYVI89_a3VYCg6aPEDY");
const QString kP384Thumbprint = QStringLiteral("OU9AyQuv_wbAz4Xnq5WurehSrQ8OlGdP33LHnVzxXZc");
const QString kP521Thumbprint = QStringLiteral("39wsevnvQXnRIyVWKGEHmNgxjI-LkZXwnXrlrZNAi64");
const QString kRsa2048Thumbprint = QStringLiteral("qYG-H9GkGBV_ZOVUx7ZzazYPtdxd01o2FZePPkiUY_M");

} // namespace

class tst_KeyFormats : public QObject
{
    Q_OBJECT

private slots:
    void formatNames();
    void pemFixtures_data();
    void pemFixtures();
    void pemBundles();
    void pemRefusals_data();
    void pemRefusals();
    void detection_data();
    void detection();
    void seedSample();
    void jwkSet();
    void refusals_data();
    void refusals();
    void roundTrips_data();
    void roundTrips();
    void pemExport();
    void octHasNoPem();
    void base64UrlJwkExport();
    void parseFile();
    void parseFileRefusals();
};

void tst_KeyFormats::formatNames()
{
    QCOMPARE(keyFormatName(KeyFormat::Jwk), QStringLiteral("JWK"));
    QCOMPARE(keyFormatName(KeyFormat::JwkSet), QStringLiteral("JWK Set"));
    QCOMPARE(keyFormatName(KeyFormat::Pem), QStringLiteral("PEM"));
    QCOMPARE(keyFormatName(KeyFormat::Base64UrlJwk), QStringLiteral("base64url JWK"));
    QCOMPARE(keyFormatName(KeyFormat::HexOctets), QStringLiteral("hex"));
    QCOMPARE(keyFormatName(KeyFormat::Base64Octets), QStringLiteral("base64"));
}

void tst_KeyFormats::pemFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<KeyType>("type");
    QTest::addColumn<Curve>("curve");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("isPrivate");
    QTest::addColumn<QString>("thumbprint");
    QTest::addColumn<QString>("publicJwk"); // the counterpart written from openssl's own text dump

    const auto ec = [](const char *file, Curve curve, int bits, bool isPrivate, const QString &thumbprint, const char *jwk) {
        QTest::newRow(file) << QStringLiteral("keys/%1").arg(QLatin1String(file)) << KeyType::EC << curve << bits << isPrivate
                            << thumbprint << QStringLiteral("keys/%1").arg(QLatin1String(jwk));
    };
    ec("ec-p256.pkcs8.pem", Curve::P256, 256, true, kP256Thumbprint, "ec-p256.public.jwk.json");
    ec("ec-p256.sec1.pem", Curve::P256, 256, true, kP256Thumbprint, "ec-p256.public.jwk.json");
    ec("ec-p256.spki.pem", Curve::P256, 256, false, kP256Thumbprint, "ec-p256.public.jwk.json");
    ec("ec-p256.spki-compressed.pem", Curve::P256, 256, false, kP256Thumbprint, "ec-p256.public.jwk.json");
    ec("ec-p384.pkcs8.pem", Curve::P384, 384, true, kP384Thumbprint, "ec-p384.public.jwk.json");
    ec("ec-p384.spki.pem", Curve::P384, 384, false, kP384Thumbprint, "ec-p384.public.jwk.json");
    ec("ec-p521.pkcs8.pem", Curve::P521, 521, true, kP521Thumbprint, "ec-p521.public.jwk.json");
    ec("ec-p521.sec1.pem", Curve::P521, 521, true, kP521Thumbprint, "ec-p521.public.jwk.json");
    ec("ec-p521.spki.pem", Curve::P521, 521, false, kP521Thumbprint, "ec-p521.public.jwk.json");

    const auto rsa = [](const char *file, bool isPrivate) {
        QTest::newRow(file) << QStringLiteral("keys/%1").arg(QLatin1String(file)) << KeyType::RSA << Curve::None << 2048 << isPrivate
                            << kRsa2048Thumbprint << QStringLiteral("keys/rsa-2048.public.jwk.json");
    };
    rsa("rsa-2048.pkcs8.pem", true);
    rsa("rsa-2048.pkcs1.pem", true);
    rsa("rsa-2048.spki.pem", false);
    rsa("rsa-2048.pkcs1-public.pem", false);
    rsa("rsa-2048.cert.pem", false);
}

void tst_KeyFormats::pemFixtures()
{
    QFETCH(QString, file);
    QFETCH(KeyType, type);
    QFETCH(Curve, curve);
    QFETCH(int, bits);
    QFETCH(bool, isPrivate);
    QFETCH(QString, thumbprint);
    QFETCH(QString, publicJwk);
    const auto imported = KeyFormats::parse(readData(file));
    QVERIFY2(imported.ok(), qPrintable(describe(imported)));
    QCOMPARE(imported->format, KeyFormat::Pem);
    QCOMPARE(imported->keys.size(), 1);
    const Jwk &key = imported->keys.first();
    QCOMPARE(key.type(), type);
    QCOMPARE(key.curve(), curve);
    QCOMPARE(key.bits(), bits);
    QCOMPARE(key.hasPrivate(), isPrivate);
    QCOMPARE(key.thumbprint(), thumbprint);
    // Member for member the same public key that openssl printed.
    QCOMPARE(key.toJson(false), QJsonDocument::fromJson(readData(publicJwk)).object());
}

void tst_KeyFormats::pemBundles()
{
    // A certificate and its private key in one file: two keys, in file order.
    const auto bundle = KeyFormats::parse(readData(QStringLiteral("keys/rsa-2048.cert.pem"))
                                          + readData(QStringLiteral("keys/rsa-2048.pkcs1.pem")));
    QVERIFY2(bundle.ok(), qPrintable(describe(bundle)));
    QCOMPARE(bundle->keys.size(), 2);
    QVERIFY(!bundle->keys.at(0).hasPrivate());
    QVERIFY(bundle->keys.at(1).hasPrivate());
    QCOMPARE(bundle->keys.at(0).thumbprint(), bundle->keys.at(1).thumbprint());

    // `openssl ecparam -genkey` output: the curve parameters block is skipped, the key is read.
    const QByteArray ecparam = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    const auto withParams = KeyFormats::parse(ecparam + readData(QStringLiteral("keys/ec-p256.sec1.pem")));
    QVERIFY2(withParams.ok(), qPrintable(describe(withParams)));
    QCOMPARE(withParams->keys.size(), 1);
    QCOMPARE(withParams->keys.first().thumbprint(), kP256Thumbprint);

    // Text around the blocks (openssl pkcs12 writes "Bag Attributes" lines) is ignored.
    const auto withNoise = KeyFormats::parse("Bag Attributes\n    localKeyID: 01\n" + readData(QStringLiteral("keys/ec-p384.pkcs8.pem")));
    QVERIFY2(withNoise.ok(), qPrintable(describe(withNoise)));
    QCOMPARE(withNoise->keys.first().thumbprint(), kP384Thumbprint);

    // An error in the second block names it.
    const auto secondBad = KeyFormats::parse(readData(QStringLiteral("keys/ec-p256.spki.pem"))
                                             + readData(QStringLiteral("keys/ed25519.spki.pem")));
    QVERIFY(!secondBad.ok());
    QCOMPARE(errorCodeName(secondBad.error().code), errorCodeName(ErrorCode::UnsupportedKey));
    QVERIFY2(secondBad.error().message.startsWith(QStringLiteral("PEM block 2 (PUBLIC KEY)")), qPrintable(secondBad.error().message));
}

void tst_KeyFormats::pemRefusals_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("encrypted PKCS#8") << QStringLiteral("keys/ec-p256.encrypted-pkcs8.pem") << ErrorCode::KeyParse << kEncryptedMessage;
    QTest::newRow("encrypted SEC1 (Proc-Type)") << QStringLiteral("keys/ec-p256.encrypted-sec1.pem") << ErrorCode::KeyParse << kEncryptedMessage;
    QTest::newRow("Ed25519 private") << QStringLiteral("keys/ed25519.pkcs8.pem") << ErrorCode::UnsupportedKey
                                     << QStringLiteral("the key type ED25519 is not supported");
    QTest::newRow("Ed25519 public") << QStringLiteral("keys/ed25519.spki.pem") << ErrorCode::UnsupportedKey
                                    << QStringLiteral("the key type ED25519 is not supported");
    QTest::newRow("DSA") << QStringLiteral("keys/dsa-2048.pkcs8.pem") << ErrorCode::UnsupportedKey << QStringLiteral("the key type DSA is not supported");
    QTest::newRow("brainpool") << QStringLiteral("keys/brainpool-p256r1.pkcs8.pem") << ErrorCode::UnsupportedKey
                               << QStringLiteral("the EC curve brainpoolP256r1 is not supported");
    QTest::newRow("off-curve SPKI") << QStringLiteral("keys/ec-p256.off-curve.spki.pem") << ErrorCode::KeyNotOnCurve
                                    << QStringLiteral("PEM block 1 (PUBLIC KEY): the public point is not on the curve prime256v1");
    QTest::newRow("off-curve SEC1") << QStringLiteral("keys/ec-p256.off-curve.sec1.pem") << ErrorCode::KeyParse
                                    << QStringLiteral("its public point is not on its curve");
    // Found by fuzz_key_formats: one flipped bit in q. OpenSSL loads it; the JWK checks refuse it.
    QTest::newRow("RSA PKCS#1 with a damaged factor") << QStringLiteral("keys/rsa-2048.pkcs1.damaged-crt.pem") << ErrorCode::KeyParse
                                                      << QStringLiteral("the RSA factors p and q do not multiply to the modulus n");
}

void tst_KeyFormats::pemRefusals()
{
    QFETCH(QString, file);
    QFETCH(ErrorCode, code);
    QFETCH(QString, fragment);
    const auto imported = KeyFormats::parse(readData(file));
    QVERIFY2(!imported.ok(), qPrintable(describe(imported)));
    QCOMPARE(errorCodeName(imported.error().code), errorCodeName(code));
    QVERIFY2(imported.error().message.contains(fragment), qPrintable(imported.error().message));
}

void tst_KeyFormats::detection_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<KeyFormat>("format");
    QTest::addColumn<int>("count");
    QTest::addColumn<KeyType>("type");
    QTest::addColumn<QByteArray>("octets"); // for oct keys

    const QByteArray rfcOct = readData(QStringLiteral("rfc7520/jwk/3_6.symmetric_key_encryption.json"));
    const QByteArray rfcOctBytes = Base64Url::decode("AAPapAv4LbFbiVawEjagUBluYqN5rhna-8nuldDvOx8").value();
    QTest::newRow("JWK") << rfcOct << KeyFormat::Jwk << 1 << KeyType::Oct << rfcOctBytes;
    QTest::newRow("JWK with surrounding space") << "\n\t  " + rfcOct + "\r\n  " << KeyFormat::Jwk << 1 << KeyType::Oct << rfcOctBytes;
    QTest::newRow("JWK Set") << "{\"keys\":[" + readData(QStringLiteral("rfc7520/jwk/3_1.ec_public_key.json")) + "," + rfcOct + "]}"
                             << KeyFormat::JwkSet << 2 << KeyType::EC << QByteArray();
    QTest::newRow("PEM") << readData(QStringLiteral("keys/ec-p256.spki.pem")) << KeyFormat::Pem << 1 << KeyType::EC << QByteArray();
    QTest::newRow("base64url JWK (seed)") << kSeedPublicKey << KeyFormat::Base64UrlJwk << 1 << KeyType::EC << QByteArray();
    QTest::newRow("base64url JWK (seed server key)") << kSeedServerPublicKey << KeyFormat::Base64UrlJwk << 1 << KeyType::EC << QByteArray();
    QTest::newRow("standard base64 JWK") << rfcOct.toBase64() << KeyFormat::Base64UrlJwk << 1 << KeyType::Oct << rfcOctBytes;
    QTest::newRow("hex 32 bytes") << rfcOctBytes.toHex() << KeyFormat::HexOctets << 1 << KeyType::Oct << rfcOctBytes;
    QTest::newRow("hex upper case") << QByteArray("DEADBEEF00") << KeyFormat::HexOctets << 1 << KeyType::Oct << QByteArray::fromHex("deadbeef00");
    // Every even-length hex string is also valid base64: hex wins.
    QTest::newRow("hex before base64") << QByteArray("deadbeef") << KeyFormat::HexOctets << 1 << KeyType::Oct
                                       << QByteArray::fromHex("deadbeef");
    QTest::newRow("odd-length hex is base64") << QByteArray("abc") << KeyFormat::Base64Octets << 1 << KeyType::Oct
                                              << QByteArray::fromBase64("abc");
    QTest::newRow("base64url oct") << QByteArray("AAPapAv4LbFbiVawEjagUBluYqN5rhna-8nuldDvOx8") << KeyFormat::Base64Octets << 1
                                   << KeyType::Oct << rfcOctBytes;
    QTest::newRow("standard base64 oct") << rfcOctBytes.toBase64() << KeyFormat::Base64Octets << 1 << KeyType::Oct << rfcOctBytes;
    QTest::newRow("standard base64 oct, no padding") << QByteArray("+/8") << KeyFormat::Base64Octets << 1 << KeyType::Oct
                                                     << QByteArray::fromHex("fbff");
}

void tst_KeyFormats::detection()
{
    QFETCH(QByteArray, text);
    QFETCH(KeyFormat, format);
    QFETCH(int, count);
    QFETCH(KeyType, type);
    QFETCH(QByteArray, octets);
    const auto imported = KeyFormats::parse(text);
    QVERIFY2(imported.ok(), qPrintable(describe(imported)));
    QCOMPARE(keyFormatName(imported->format), keyFormatName(format));
    QCOMPARE(imported->keys.size(), count);
    QCOMPARE(imported->keys.first().type(), type);
    if (type == KeyType::Oct)
        QCOMPARE(imported->keys.first().octets().toByteArray(), octets);
}

void tst_KeyFormats::seedSample()
{
    const auto imported = KeyFormats::parse(kSeedPublicKey);
    QVERIFY2(imported.ok(), qPrintable(describe(imported)));
    QCOMPARE(imported->format, KeyFormat::Base64UrlJwk);
    const Jwk &key = imported->keys.first();
    QCOMPARE(key.describe(), QStringLiteral("EC P-256 public key"));
    QCOMPARE(key.toJson(false).value(QStringLiteral("x")).toString(), QStringLiteral("lBHjK4uZ65LMWYUvJ968M1qXi37mAITHZXoII9sLPaE"));
    QCOMPARE(key.toJson(false).value(QStringLiteral("y")).toString(), QStringLiteral("Rd-nh4FY7fqKQ54lpNQPLkkZTjVPiZonKiTE9D4isVM"));
    // Written back exactly as BankEzy wrote it: same member order, no padding.
    QCOMPARE(KeyFormats::toBase64UrlJwk(key, false), kSeedPublicKey);
}

void tst_KeyFormats::jwkSet()
{
    const auto ec = Jwk::fromJsonText(readData(QStringLiteral("rfc7520/jwk/3_2.ec_private_key.json")));
    const auto rsa = Jwk::fromJsonText(readData(QStringLiteral("rfc7520/jwk/3_4.rsa_private_key.json")));
    QVERIFY(ec.ok() && rsa.ok());
    const QByteArray privateSet = KeyFormats::toJwkSet({ec.value(), rsa.value()}, true);
    const QJsonObject object = QJsonDocument::fromJson(privateSet).object();
    QCOMPARE(object.keys(), QStringList{QStringLiteral("keys")});
    const QJsonArray keys = object.value(QStringLiteral("keys")).toArray();
    QCOMPARE(keys.size(), 2);
    QCOMPARE(keys.at(0).toObject(), ec->toJson(true));
    QCOMPARE(keys.at(1).toObject(), rsa->toJson(true));

    const QByteArray publicSet = KeyFormats::toJwkSet({ec.value(), rsa.value()}, false);
    QVERIFY(!publicSet.contains("\"d\""));
    const auto reimported = KeyFormats::parse(publicSet);
    QVERIFY2(reimported.ok(), qPrintable(describe(reimported)));
    QCOMPARE(reimported->format, KeyFormat::JwkSet);
    QCOMPARE(reimported->keys.size(), 2);
    QVERIFY(!reimported->keys.at(0).hasPrivate());
    QCOMPARE(reimported->keys.at(0).thumbprint(), ec->thumbprint());
    QCOMPARE(reimported->keys.at(1).thumbprint(), rsa->thumbprint());
    QCOMPARE(reimported->keys.at(1).kid(), QStringLiteral("bilbo.baggins@hobbiton.example"));
}

void tst_KeyFormats::refusals_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("fragment");

    const QByteArray pem = readData(QStringLiteral("keys/ec-p256.pkcs8.pem"));
    QJsonObject offCurve = QJsonDocument::fromJson(readData(QStringLiteral("rfc7520/jwk/3_1.ec_public_key.json"))).object();
    offCurve.insert(QStringLiteral("y"), offCurve.value(QStringLiteral("x")));
    const QByteArray offCurveText = QJsonDocument(offCurve).toJson(QJsonDocument::Compact);

    QTest::newRow("empty") << QByteArray() << ErrorCode::KeyParse << QStringLiteral("the key text is empty; TokenDesk reads a JWK");
    QTest::newRow("only whitespace") << QByteArray(" \n\t ") << ErrorCode::KeyParse << QStringLiteral("the key text is empty");
    QTest::newRow("garbage") << QByteArray("this is not a key!") << ErrorCode::KeyParse
                             << QStringLiteral("the text is not a key in any known format; TokenDesk reads a JWK or JWK Set (JSON), "
                                               "PEM (-----BEGIN PRIVATE KEY----- and the like), the base64url of a JWK, or an oct key as "
                                               "hex or base64");
    QTest::newRow("impossible base64 length") << QByteArray("abcde") << ErrorCode::KeyParse << QStringLiteral("not a key in any known format");
    // Found by fuzz_key_formats: a lone '/' was imported as an oct key of 0 bits.
    QTest::newRow("base64 of nothing (fuzz finding)") << readData(QStringLiteral("keys/base64-of-nothing.txt")) << ErrorCode::KeyParse
                                                       << QStringLiteral("the text is base64 of no bytes at all");
    QTest::newRow("base64 padding alone") << QByteArray("==") << ErrorCode::KeyParse << QStringLiteral("not a key in any known format");
    QTest::newRow("binary DER") << QByteArray::fromHex("3082010a0282010100") << ErrorCode::KeyParse << QStringLiteral("binary DER");
    QTest::newRow("truncated PEM") << pem.left(pem.size() / 2) << ErrorCode::KeyParse
                                   << QStringLiteral("the PEM block \"PRIVATE KEY\" has no \"-----END PRIVATE KEY-----\" line: the text is truncated");
    QTest::newRow("PEM body lost lines") << pem.left(40) + pem.right(30) << ErrorCode::KeyParse
                                         << QStringLiteral("PEM block 1 (PRIVATE KEY) could not be read");
    QTest::newRow("PEM of a non-key") << QByteArray("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")
                                      << ErrorCode::KeyParse << QStringLiteral("PEM block 1 (CERTIFICATE REQUEST) is not a key");
    QTest::newRow("PEM parameters only") << QByteArray("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n")
                                         << ErrorCode::KeyParse << QStringLiteral("no key");
    QTest::newRow("OpenSSH key") << QByteArray("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")
                                 << ErrorCode::UnsupportedKey << QStringLiteral("ssh-keygen -p -m PKCS8");
    QTest::newRow("broken JSON") << QByteArray("{\"kty\":\"EC\",") << ErrorCode::KeyParse << QStringLiteral("looks like JSON but is not valid");
    QTest::newRow("JSON neither JWK nor set") << QByteArray("{\"alg\":\"RS256\"}") << ErrorCode::KeyParse
                                              << QStringLiteral("JSON but neither a JWK nor a JWK Set");
    QTest::newRow("JWK off curve") << offCurveText << ErrorCode::KeyNotOnCurve << QStringLiteral("not on the curve P-521");
    QTest::newRow("JWK Set with a bad key") << "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}," + offCurveText + "]}" << ErrorCode::KeyNotOnCurve
                                            << QStringLiteral("key 1 of the JWK Set: the point (x, y) is not on the curve P-521");
    QTest::newRow("JWK Set entry not an object") << QByteArray("{\"keys\":[7]}") << ErrorCode::KeyParse
                                                 << QStringLiteral("key 0 of the JWK Set is not a JSON object");
    QTest::newRow("JWK Set empty") << QByteArray("{\"keys\":[]}") << ErrorCode::KeyParse << QStringLiteral("the JWK Set has no keys");
    QTest::newRow("JWK Set keys not an array") << QByteArray("{\"keys\":{}}") << ErrorCode::KeyParse << QStringLiteral("is not an array");
    QTest::newRow("truncated base64url JWK (seed request sample)") << kSeedTruncatedPublicKey << ErrorCode::KeyParse
                                                                   << QStringLiteral("is the key truncated?");
    QTest::newRow("base64url JSON without kty") << Base64Url::encode("{\"alg\":\"none\"}") << ErrorCode::KeyParse
                                                << QStringLiteral("not a JWK (it has no \"kty\")");
    QTest::newRow("base64url JWK, unknown kty") << Base64Url::encode("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}")
                                                << ErrorCode::UnsupportedKey << QStringLiteral("the base64url JWK: the key type \"OKP\"");
}

void tst_KeyFormats::refusals()
{
    QFETCH(QByteArray, text);
    QFETCH(ErrorCode, code);
    QFETCH(QString, fragment);
    const auto imported = KeyFormats::parse(text);
    QVERIFY2(!imported.ok(), qPrintable(describe(imported)));
    QCOMPARE(errorCodeName(imported.error().code), errorCodeName(code));
    QVERIFY2(imported.error().message.contains(fragment), qPrintable(imported.error().message));
}

void tst_KeyFormats::roundTrips_data()
{
    QTest::addColumn<QString>("source"); // a fixture, or "generate:<what>"
    QTest::addColumn<QString>("form");   // jwk, jwkset, pem, b64jwk
    QTest::addColumn<bool>("includePrivate");
    QTest::addColumn<KeyFormat>("format");

    const QStringList sources = {QStringLiteral("keys/ec-p256.pkcs8.pem"), QStringLiteral("keys/ec-p384.pkcs8.pem"),
                                 QStringLiteral("keys/ec-p521.pkcs8.pem"), QStringLiteral("keys/rsa-2048.pkcs8.pem"),
                                 QStringLiteral("rfc7520/jwk/3_4.rsa_private_key.json"),
                                 QStringLiteral("rfc7520/jwk/3_2.ec_private_key.json"), QStringLiteral("generate:oct")};
    const std::pair<const char *, KeyFormat> forms[] = {
        {"jwk", KeyFormat::Jwk}, {"jwkset", KeyFormat::JwkSet}, {"pem", KeyFormat::Pem}, {"b64jwk", KeyFormat::Base64UrlJwk}};
    for (const QString &source : sources) {
        for (const auto &[form, format] : forms) {
            if (source.startsWith(QLatin1String("generate:oct")) && QByteArray(form) == "pem")
                continue; // no PEM form: octHasNoPem
            for (bool includePrivate : {true, false}) {
                if (source.startsWith(QLatin1String("generate:oct")) && !includePrivate)
                    continue; // an oct key without k is not a key
                QTest::addRow("%s %s %s", qPrintable(source.section(QLatin1Char('/'), -1)), form, includePrivate ? "private" : "public")
                    << source << QString::fromLatin1(form) << includePrivate << format;
            }
        }
    }
}

void tst_KeyFormats::roundTrips()
{
    QFETCH(QString, source);
    QFETCH(QString, form);
    QFETCH(bool, includePrivate);
    QFETCH(KeyFormat, format);
    Result<Jwk> original = source == QLatin1String("generate:oct") ? Jwk::generateOct(256) : Result<Jwk>(makeError(ErrorCode::Internal, {}));
    if (!source.startsWith(QLatin1String("generate:"))) {
        const auto imported = KeyFormats::parse(readData(source));
        QVERIFY2(imported.ok(), qPrintable(describe(imported)));
        original = imported->keys.first();
    }
    QVERIFY(original.ok());
    QVERIFY(original->hasPrivate());

    QByteArray exported;
    if (form == QLatin1String("jwk")) {
        exported = original->toJsonText(includePrivate, true);
    } else if (form == QLatin1String("jwkset")) {
        exported = KeyFormats::toJwkSet({original.value()}, includePrivate);
    } else if (form == QLatin1String("pem")) {
        const auto pem = KeyFormats::toPem(original.value(), includePrivate);
        QVERIFY2(pem.ok(), qPrintable(pem.ok() ? QString() : pem.error().toString()));
        exported = pem.value();
    } else {
        exported = KeyFormats::toBase64UrlJwk(original.value(), includePrivate);
    }
    const auto reimported = KeyFormats::parse(exported);
    QVERIFY2(reimported.ok(), qPrintable(describe(reimported)));
    QCOMPARE(keyFormatName(reimported->format), keyFormatName(format));
    QCOMPARE(reimported->keys.size(), 1);
    const Jwk &copy = reimported->keys.first();
    QCOMPARE(copy.hasPrivate(), includePrivate);
    QCOMPARE(copy.thumbprint(), original->thumbprint());
    // PEM has no place for kid/use/alg; the other forms keep every member.
    QJsonObject expected = original->toJson(includePrivate);
    if (form == QLatin1String("pem")) {
        for (const char *member : {"kid", "use", "alg"})
            expected.remove(QString::fromLatin1(member));
    }
    QCOMPARE(copy.toJson(true), expected);
}

void tst_KeyFormats::pemExport()
{
    const auto imported = KeyFormats::parse(readData(QStringLiteral("keys/ec-p256.sec1.pem")));
    QVERIFY(imported.ok());
    const Jwk &key = imported->keys.first();
    const auto privatePem = KeyFormats::toPem(key, true);
    QVERIFY(privatePem.ok());
    QVERIFY(privatePem->startsWith("-----BEGIN PRIVATE KEY-----\n"));
    QVERIFY(privatePem->trimmed().endsWith("-----END PRIVATE KEY-----"));
    // OpenSSL writes the same PKCS#8 that `openssl genpkey` wrote for this key.
    QCOMPARE(privatePem.value(), readData(QStringLiteral("keys/ec-p256.pkcs8.pem")));

    const auto publicPem = KeyFormats::toPem(key, false);
    QVERIFY(publicPem.ok());
    QCOMPARE(publicPem.value(), readData(QStringLiteral("keys/ec-p256.spki.pem")));

    // A public key asked for its private form gives its public form.
    const auto pub = key.publicKey();
    QVERIFY(pub.ok());
    const auto fromPublic = KeyFormats::toPem(pub.value(), true);
    QVERIFY(fromPublic.ok());
    QCOMPARE(fromPublic.value(), publicPem.value());

    // A compressed point comes back out uncompressed, as every tool expects.
    const auto compressed = KeyFormats::parse(readData(QStringLiteral("keys/ec-p256.spki-compressed.pem")));
    QVERIFY(compressed.ok());
    QCOMPARE(KeyFormats::toPem(compressed->keys.first(), false).value(), publicPem.value());

    // RSA: PKCS#1 in, PKCS#8 / SPKI out, the same bytes openssl wrote.
    const auto rsa = KeyFormats::parse(readData(QStringLiteral("keys/rsa-2048.pkcs1.pem")));
    QVERIFY(rsa.ok());
    QCOMPARE(KeyFormats::toPem(rsa->keys.first(), true).value(), readData(QStringLiteral("keys/rsa-2048.pkcs8.pem")));
    QCOMPARE(KeyFormats::toPem(rsa->keys.first(), false).value(), readData(QStringLiteral("keys/rsa-2048.spki.pem")));
}

void tst_KeyFormats::octHasNoPem()
{
    const auto key = Jwk::generateOct(256);
    QVERIFY(key.ok());
    const auto pem = KeyFormats::toPem(key.value(), true);
    QVERIFY(!pem.ok());
    QCOMPARE(errorCodeName(pem.error().code), errorCodeName(ErrorCode::UnsupportedKey));
    QCOMPARE(pem.error().message, QStringLiteral("an oct key has no PEM form; export it as JWK"));
}

void tst_KeyFormats::base64UrlJwkExport()
{
    const auto key = Jwk::fromJsonText(readData(QStringLiteral("rfc7520/jwk/3_2.ec_private_key.json")));
    QVERIFY(key.ok());
    const QByteArray publicForm = KeyFormats::toBase64UrlJwk(key.value(), false);
    QVERIFY(Base64Url::isBase64Url(publicForm));
    const QByteArray json = Base64Url::decode(publicForm).value();
    // Compact, kty first, the key members, then the metadata; no private member.
    QCOMPARE(json, QByteArray("{\"kty\":\"EC\",\"crv\":\"P-521\","
                              "\"x\":\"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt\","
                              "\"y\":\"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1\","
                              "\"kid\":\"bilbo.baggins@hobbiton.example\",\"use\":\"sig\"}"));
    const QByteArray privateJson = Base64Url::decode(KeyFormats::toBase64UrlJwk(key.value(), true)).value();
    QVERIFY(privateJson.contains(",\"d\":\"AAhRON2r9cqXX1hg-RoI6R1tX5p2rUAYdmpHZoC1XNM56KtscrX6zbKipQrCW9CGZH3T4ubpnoTKLDYJ_fF3_rJt\","));
    // A kid that needs JSON escaping stays valid JSON.
    Jwk odd = key.value();
    odd.setKid(QStringLiteral("quote \" and \\ and é"));
    const QByteArray oddJson = Base64Url::decode(KeyFormats::toBase64UrlJwk(odd, false)).value();
    QCOMPARE(QJsonDocument::fromJson(oddJson).object().value(QStringLiteral("kid")).toString(), odd.kid());
}

void tst_KeyFormats::parseFile()
{
    const auto imported = KeyFormats::parseFile(dataPath(QStringLiteral("keys/rsa-2048.cert.pem")));
    QVERIFY2(imported.ok(), qPrintable(describe(imported)));
    QCOMPARE(imported->keys.first().thumbprint(), kRsa2048Thumbprint);

    // Exactly 1 MiB is still read (the key padded with whitespace).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray padded = readData(QStringLiteral("keys/ec-p256.spki.pem"));
    padded.append(QByteArray(1024 * 1024 - padded.size(), ' '));
    const QString paddedPath = dir.filePath(QStringLiteral("padded.pem"));
    QFile paddedFile(paddedPath);
    QVERIFY(paddedFile.open(QIODevice::WriteOnly));
    paddedFile.write(padded);
    paddedFile.close();
    const auto paddedImport = KeyFormats::parseFile(paddedPath);
    QVERIFY2(paddedImport.ok(), qPrintable(describe(paddedImport)));
    QCOMPARE(paddedImport->keys.first().thumbprint(), kP256Thumbprint);
}

void tst_KeyFormats::parseFileRefusals()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("no-such-key.pem"));
    const auto absent = KeyFormats::parseFile(missing);
    QVERIFY(!absent.ok());
    QCOMPARE(errorCodeName(absent.error().code), errorCodeName(ErrorCode::Io));
    QVERIFY2(absent.error().message.contains(missing), qPrintable(absent.error().message));

    const QString bigPath = dir.filePath(QStringLiteral("big.pem"));
    QFile big(bigPath);
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(QByteArray(1024 * 1024 + 1, ' '));
    big.close();
    const auto tooLarge = KeyFormats::parseFile(bigPath);
    QVERIFY(!tooLarge.ok());
    QCOMPARE(errorCodeName(tooLarge.error().code), errorCodeName(ErrorCode::InputTooLarge));
    QVERIFY2(tooLarge.error().message.contains(bigPath), qPrintable(tooLarge.error().message));

    // A parse error from a file names the file.
    const auto encrypted = KeyFormats::parseFile(dataPath(QStringLiteral("keys/ec-p256.encrypted-pkcs8.pem")));
    QVERIFY(!encrypted.ok());
    QCOMPARE(errorCodeName(encrypted.error().code), errorCodeName(ErrorCode::KeyParse));
    QVERIFY2(encrypted.error().message.startsWith(dataPath(QStringLiteral("keys/ec-p256.encrypted-pkcs8.pem"))),
             qPrintable(encrypted.error().message));
    QVERIFY(encrypted.error().message.endsWith(kEncryptedMessage));
}

QTEST_GUILESS_MAIN(tst_KeyFormats)
#include "tst_KeyFormats.moc"
