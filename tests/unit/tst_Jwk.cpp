// SPDX-License-Identifier: GPL-3.0-or-later
// Jwk: RFC 7520 §3 keys, RFC 7638 thumbprints, generation, and every refusal of a bad JWK.
#include "core/crypto/OpenSslPtr.h"
#include "core/jose/Base64Url.h"
#include "core/jose/Jwk.h"

#include <openssl/obj_mac.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::ErrorCode)
Q_DECLARE_METATYPE(td::Curve)
Q_DECLARE_METATYPE(td::DigestAlgorithm)

namespace {

QByteArray readData(const QString &relative)
{
    QFile file(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/") + relative);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(relative));
    return file.readAll();
}

QJsonObject readJson(const QString &relative)
{
    return QJsonDocument::fromJson(readData(relative)).object();
}

// The member's base64url value with one bit of its last byte flipped.
QString flipLastBit(const QJsonValue &value)
{
    QByteArray bytes = Base64Url::decode(value.toString().toLatin1()).value();
    bytes[bytes.size() - 1] = static_cast<char>(bytes.at(bytes.size() - 1) ^ 1);
    return QString::fromLatin1(Base64Url::encode(bytes));
}

QJsonObject without(QJsonObject object, std::initializer_list<const char *> names)
{
    for (const char *name : names)
        object.remove(QString::fromLatin1(name));
    return object;
}

QJsonObject with(QJsonObject object, const char *name, const QJsonValue &value)
{
    object.insert(QString::fromLatin1(name), value);
    return object;
}

const QString kRfc7520Ec = QStringLiteral("rfc7520/jwk/3_2.ec_private_key.json");
const QString kRfc7520Rsa = QStringLiteral("rfc7520/jwk/3_4.rsa_private_key.json");

// The order n of P-521 as a 66-byte base64url d: a value d must stay below.
QString p521OrderAsD()
{
    EcGroupPtr group(EC_GROUP_new_by_curve_name(NID_secp521r1));
    QByteArray bytes(66, '\0');
    BN_bn2binpad(EC_GROUP_get0_order(group.get()), reinterpret_cast<unsigned char *>(bytes.data()), 66);
    return QString::fromLatin1(Base64Url::encode(bytes));
}

} // namespace

class tst_Jwk : public QObject
{
    Q_OBJECT

private slots:
    void rfc7520Keys_data();
    void rfc7520Keys();
    void thumbprintDigests_data();
    void thumbprintDigests();
    void rfc7638Example();
    void publicKeyKeepsMetadata();
    void octHasNoPublicKey();
    void generateEc_data();
    void generateEc();
    void generateRsa_data();
    void generateRsa();
    void generateRsa4096();
    void generateOct_data();
    void generateOct();
    void generationRefusals_data();
    void generationRefusals();
    void refusals_data();
    void refusals();
    void rsaWithoutCrt();
    void refusalMessages();
    void fromPkeyRefusesOtherTypes();
    void jsonText();
};

// Expected thumbprints: computed at authoring time with `jose jwk thp -i <file>` (jose 11, the
// Debian `jose` package) on the files in tests/data/rfc7520/jwk/.
void tst_Jwk::rfc7520Keys_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("description");
    QTest::addColumn<bool>("isPrivate");
    QTest::addColumn<QString>("thumbprint");
    QTest::newRow("3.1 EC public") << QStringLiteral("rfc7520/jwk/3_1.ec_public_key.json") << QStringLiteral("EC P-521 public key")
                                   << false << QStringLiteral("dHri3SADZkrush5HU_50AoRhcKFryN-PI6jPBtPL55M");
    QTest::newRow("3.2 EC private") << QStringLiteral("rfc7520/jwk/3_2.ec_private_key.json") << QStringLiteral("EC P-521 private key")
                                    << true << QStringLiteral("dHri3SADZkrush5HU_50AoRhcKFryN-PI6jPBtPL55M");
    QTest::newRow("3.3 RSA public") << QStringLiteral("rfc7520/jwk/3_3.rsa_public_key.json") << QStringLiteral("RSA 2048-bit public key")
                                    << false << QStringLiteral("9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI");
    QTest::newRow("3.4 RSA private") << QStringLiteral("rfc7520/jwk/3_4.rsa_private_key.json") << QStringLiteral("RSA 2048-bit private key")
                                     << true << QStringLiteral("9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI");
    QTest::newRow("3.5 oct MAC") << QStringLiteral("rfc7520/jwk/3_5.symmetric_key_mac_computation.json") << QStringLiteral("oct 256-bit key")
                                 << true << QStringLiteral("RtoRur_1Dir5M4wuOfqNkDYOf9O_4RJ-aHkTA75RLA8");
    QTest::newRow("3.6 oct encryption") << QStringLiteral("rfc7520/jwk/3_6.symmetric_key_encryption.json") << QStringLiteral("oct 256-bit key")
                                        << true << QStringLiteral("VDMp1ZgGGv1OKgOeDc1EUKHXNQzMdLkCnxPETHdA4v0");
}

void tst_Jwk::rfc7520Keys()
{
    QFETCH(QString, file);
    QFETCH(QString, description);
    QFETCH(bool, isPrivate);
    QFETCH(QString, thumbprint);
    const QJsonObject original = readJson(file);
    const auto key = Jwk::fromJsonText(readData(file));
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().toString()));
    QCOMPARE(key->describe(), description);
    QCOMPARE(key->hasPrivate(), isPrivate);
    QCOMPARE(key->thumbprint(), thumbprint);
    QCOMPARE(key->kid(), original.value(QStringLiteral("kid")).toString());
    QCOMPARE(key->use(), original.value(QStringLiteral("use")).toString());
    QCOMPARE(key->alg(), original.value(QStringLiteral("alg")).toString());
    // Serialized back: the same members with the same values, private ones only when asked.
    QCOMPARE(key->toJson(true), original);
    QCOMPARE(key->toJson(false), without(original, {"d", "p", "q", "dp", "dq", "qi", "k"}));
    if (key->type() != KeyType::Oct) {
        const auto pub = key->publicKey();
        QVERIFY(pub.ok());
        QVERIFY(!pub->hasPrivate());
        QCOMPARE(pub->toJson(true), without(original, {"d", "p", "q", "dp", "dq", "qi"}));
        QCOMPARE(pub->thumbprint(), thumbprint);
    }
}

// Also from `jose jwk thp -a S1` / `-a S512` at authoring time.
void tst_Jwk::thumbprintDigests_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<DigestAlgorithm>("algorithm");
    QTest::addColumn<QString>("thumbprint");
    QTest::newRow("EC S1") << kRfc7520Ec << DigestAlgorithm::Sha1 << QStringLiteral("HYRNOxxOOHap0amTONoy1bHnS5M");
    QTest::newRow("RSA S512") << kRfc7520Rsa << DigestAlgorithm::Sha512
                              << QStringLiteral("FerGBUpYnzT0ptNAC7Y3qNpGINqILXdZ_9-Na3UkPUtDznnAChw7NWluNRjx-lmKDnuO1CpmIZL7e2bzRkQBew");
    QTest::newRow("oct S1") << QStringLiteral("rfc7520/jwk/3_6.symmetric_key_encryption.json") << DigestAlgorithm::Sha1
                            << QStringLiteral("3ING5tHYYoNHvug1JEPV9owfsrs");
}

void tst_Jwk::thumbprintDigests()
{
    QFETCH(QString, file);
    QFETCH(DigestAlgorithm, algorithm);
    QFETCH(QString, thumbprint);
    const auto key = Jwk::fromJsonText(readData(file));
    QVERIFY(key.ok());
    QCOMPARE(key->thumbprint(algorithm), thumbprint);
}

void tst_Jwk::rfc7638Example()
{
    const auto key = Jwk::fromJsonText(readData(QStringLiteral("rfc7638/3_1.rsa_public_key.json")));
    QVERIFY(key.ok());
    QCOMPARE(key->thumbprint(), QStringLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
    QCOMPARE(key->kid(), QStringLiteral("2011-04-29"));
    QCOMPARE(key->alg(), QStringLiteral("RS256"));
    QCOMPARE(key->describe(), QStringLiteral("RSA 2048-bit public key"));
}

void tst_Jwk::publicKeyKeepsMetadata()
{
    auto key = Jwk::generateEc(Curve::P256);
    QVERIFY(key.ok());
    key->setKid(QStringLiteral("client-1"));
    key->setAlg(QStringLiteral("ECDH-ES"));
    key->setUse(QStringLiteral("enc"));
    const auto pub = key->publicKey();
    QVERIFY(pub.ok());
    QCOMPARE(pub->kid(), QStringLiteral("client-1"));
    QCOMPARE(pub->alg(), QStringLiteral("ECDH-ES"));
    QCOMPARE(pub->use(), QStringLiteral("enc"));
    QVERIFY(!pub->hasPrivate());
    QCOMPARE(pub->describe(), QStringLiteral("EC P-256 public key"));
    // The public part of a public key is itself.
    const auto again = pub->publicKey();
    QVERIFY(again.ok());
    QCOMPARE(again->toJson(true), pub->toJson(true));
}

void tst_Jwk::octHasNoPublicKey()
{
    const auto key = Jwk::generateOct(256);
    QVERIFY(key.ok());
    const auto pub = key->publicKey();
    QVERIFY(!pub.ok());
    QCOMPARE(errorCodeName(pub.error().code), errorCodeName(ErrorCode::KeyTypeMismatch));
    QVERIFY(!key->toJson(false).contains(QStringLiteral("k")));
}

void tst_Jwk::generateEc_data()
{
    QTest::addColumn<Curve>("curve");
    QTest::addColumn<int>("bits");
    QTest::addColumn<int>("coordinateBytes");
    QTest::newRow("P-256") << Curve::P256 << 256 << 32;
    QTest::newRow("P-384") << Curve::P384 << 384 << 48;
    QTest::newRow("P-521") << Curve::P521 << 521 << 66;
}

void tst_Jwk::generateEc()
{
    QFETCH(Curve, curve);
    QFETCH(int, bits);
    QFETCH(int, coordinateBytes);
    const auto key = Jwk::generateEc(curve);
    QVERIFY(key.ok());
    QCOMPARE(key->type(), KeyType::EC);
    QCOMPARE(key->curve(), curve);
    QCOMPARE(key->bits(), bits);
    QVERIFY(key->hasPrivate());
    QCOMPARE(key->describe(), QStringLiteral("EC %1 private key").arg(curveName(curve)));
    const QJsonObject json = key->toJson(true);
    for (const char *member : {"x", "y", "d"})
        QCOMPARE(Base64Url::decode(json.value(QString::fromLatin1(member)).toString().toLatin1())->size(), coordinateBytes);
    // Through JSON and back: same key (the parser's on-curve and d checks accept it).
    const auto reparsed = Jwk::fromJson(json);
    QVERIFY2(reparsed.ok(), qPrintable(reparsed.ok() ? QString() : reparsed.error().toString()));
    QCOMPARE(reparsed->toJson(true), json);
    const auto pub = key->publicKey();
    QVERIFY(pub.ok());
    QVERIFY(!pub->hasPrivate());
    QVERIFY(!pub->toJson(true).contains(QStringLiteral("d")));
    QCOMPARE(pub->thumbprint(), key->thumbprint());
    QVERIFY(key->toJson(false) == pub->toJson(true));
}

void tst_Jwk::generateRsa_data()
{
    QTest::addColumn<int>("bits");
    QTest::newRow("2048") << 2048;
    QTest::newRow("3072") << 3072;
}

void tst_Jwk::generateRsa()
{
    QFETCH(int, bits);
    const auto key = Jwk::generateRsa(bits);
    QVERIFY(key.ok());
    QCOMPARE(key->type(), KeyType::RSA);
    QCOMPARE(key->bits(), bits);
    QVERIFY(key->hasPrivate());
    QCOMPARE(key->describe(), QStringLiteral("RSA %1-bit private key").arg(bits));
    const QJsonObject json = key->toJson(true);
    for (const char *member : {"n", "e", "d", "p", "q", "dp", "dq", "qi"})
        QVERIFY2(json.contains(QString::fromLatin1(member)), member);
    QCOMPARE(json.value(QStringLiteral("e")).toString(), QStringLiteral("AQAB"));
    const auto reparsed = Jwk::fromJson(json);
    QVERIFY(reparsed.ok());
    QCOMPARE(reparsed->toJson(true), json);
    const auto pub = key->publicKey();
    QVERIFY(pub.ok());
    QVERIFY(!pub->hasPrivate());
    QCOMPARE(pub->toJson(true).keys(), QStringList({QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")}));
    QCOMPARE(pub->thumbprint(), key->thumbprint());
}

// Once, on its own: a 4096-bit key takes seconds to generate.
void tst_Jwk::generateRsa4096()
{
    const auto key = Jwk::generateRsa(4096);
    QVERIFY(key.ok());
    QCOMPARE(key->bits(), 4096);
    QCOMPARE(key->describe(), QStringLiteral("RSA 4096-bit private key"));
    QCOMPARE(Base64Url::decode(key->toJson(false).value(QStringLiteral("n")).toString().toLatin1())->size(), 512);
}

void tst_Jwk::generateOct_data()
{
    QTest::addColumn<int>("bits");
    for (int bits : {8, 128, 192, 256, 384, 512, 8192})
        QTest::newRow(qPrintable(QString::number(bits))) << bits;
}

void tst_Jwk::generateOct()
{
    QFETCH(int, bits);
    const auto key = Jwk::generateOct(bits);
    QVERIFY(key.ok());
    QCOMPARE(key->type(), KeyType::Oct);
    QCOMPARE(key->bits(), bits);
    QCOMPARE(static_cast<int>(key->octets().size()), bits / 8);
    QVERIFY(key->hasPrivate());
    QVERIFY(key->pkey() == nullptr);
    QCOMPARE(key->describe(), QStringLiteral("oct %1-bit key").arg(bits));
    const auto reparsed = Jwk::fromJson(key->toJson(true));
    QVERIFY(reparsed.ok());
    QVERIFY(reparsed->octets() == key->octets());
    // Two generated keys differ (the CSPRNG is used, not a constant).
    QVERIFY(!(Jwk::generateOct(bits)->octets() == key->octets()) || bits == 8);
}

void tst_Jwk::generationRefusals_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("RSA 1024") << QStringLiteral("rsa:1024") << ErrorCode::KeySizeMismatch;
    QTest::newRow("RSA 8192") << QStringLiteral("rsa:8192") << ErrorCode::KeySizeMismatch;
    QTest::newRow("RSA 2049") << QStringLiteral("rsa:2049") << ErrorCode::KeySizeMismatch;
    QTest::newRow("oct 0") << QStringLiteral("oct:0") << ErrorCode::KeySizeMismatch;
    QTest::newRow("oct 100") << QStringLiteral("oct:100") << ErrorCode::KeySizeMismatch;
    QTest::newRow("EC no curve") << QStringLiteral("ec:0") << ErrorCode::UnsupportedKey;
}

void tst_Jwk::generationRefusals()
{
    QFETCH(QString, what);
    QFETCH(ErrorCode, code);
    const QStringList parts = what.split(QLatin1Char(':'));
    const int size = parts.at(1).toInt();
    const Result<Jwk> key = parts.at(0) == QLatin1String("rsa") ? Jwk::generateRsa(size)
                            : parts.at(0) == QLatin1String("oct") ? Jwk::generateOct(size)
                                                                  : Jwk::generateEc(Curve::None);
    QVERIFY(!key.ok());
    QCOMPARE(errorCodeName(key.error().code), errorCodeName(code));
    if (parts.at(0) != QLatin1String("ec"))
        QVERIFY2(key.error().message.contains(parts.at(1)), qPrintable(key.error().message));
}

void tst_Jwk::refusals_data()
{
    QTest::addColumn<QJsonObject>("jwk");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("fragment");

    const QJsonObject ec = readJson(kRfc7520Ec);
    const QJsonObject ecPublic = without(ec, {"d"});
    const QJsonObject rsa = readJson(kRfc7520Rsa);
    const QJsonObject oct = readJson(QStringLiteral("rfc7520/jwk/3_6.symmetric_key_encryption.json"));

    QTest::newRow("off-curve y") << with(ecPublic, "y", flipLastBit(ec.value(QStringLiteral("y")))) << ErrorCode::KeyNotOnCurve
                                 << QStringLiteral("not on the curve P-521");
    QTest::newRow("off-curve x, private") << with(ec, "x", flipLastBit(ec.value(QStringLiteral("x")))) << ErrorCode::KeyNotOnCurve
                                          << QStringLiteral("not on the curve P-521");
    QTest::newRow("point of another curve") << with(ecPublic, "crv", QStringLiteral("P-384")) << ErrorCode::KeyParse
                                            << QStringLiteral("must be 48 bytes, not 66");
    QTest::newRow("d does not match") << with(ec, "d", flipLastBit(ec.value(QStringLiteral("d")))) << ErrorCode::KeyParse
                                      << QStringLiteral("does not belong to the public point");
    QTest::newRow("d zero") << with(ec, "d", QString::fromLatin1(Base64Url::encode(QByteArray(66, '\0')))) << ErrorCode::KeyParse
                            << QStringLiteral("out of range");
    QTest::newRow("d is the order") << with(ec, "d", p521OrderAsD()) << ErrorCode::KeyParse << QStringLiteral("out of range");
    QTest::newRow("x too short") << with(ecPublic, "x", QString::fromLatin1(Base64Url::encode(QByteArray(65, 'x'))))
                                 << ErrorCode::KeyParse << QStringLiteral("the x coordinate of a P-521 key must be 66 bytes, not 65");
    QTest::newRow("y too long") << with(ecPublic, "y", QString::fromLatin1(Base64Url::encode(QByteArray(67, 'y'))))
                                << ErrorCode::KeyParse << QStringLiteral("the y coordinate of a P-521 key must be 66 bytes, not 67");
    QTest::newRow("d too short") << with(ec, "d", QString::fromLatin1(Base64Url::encode(QByteArray(32, 'd')))) << ErrorCode::KeyParse
                                 << QStringLiteral("must be 66 bytes, not 32");
    QTest::newRow("missing kty") << without(ec, {"kty"}) << ErrorCode::KeyParse << QStringLiteral("no \"kty\" member");
    QTest::newRow("kty not a string") << with(ec, "kty", 3) << ErrorCode::KeyParse << QStringLiteral("no \"kty\" member");
    QTest::newRow("missing crv") << without(ec, {"crv"}) << ErrorCode::KeyParse << QStringLiteral("no \"crv\" member");
    QTest::newRow("missing x") << without(ec, {"x"}) << ErrorCode::KeyParse << QStringLiteral("no \"x\" member");
    QTest::newRow("missing y") << without(ec, {"y"}) << ErrorCode::KeyParse << QStringLiteral("no \"y\" member");
    QTest::newRow("missing n") << without(rsa, {"n"}) << ErrorCode::KeyParse << QStringLiteral("no \"n\" member");
    QTest::newRow("missing e") << without(rsa, {"e"}) << ErrorCode::KeyParse << QStringLiteral("no \"e\" member");
    QTest::newRow("missing k") << without(oct, {"k"}) << ErrorCode::KeyParse << QStringLiteral("no \"k\" member");
    QTest::newRow("empty k") << with(oct, "k", QString()) << ErrorCode::KeyParse << QStringLiteral("\"k\" is empty");
    QTest::newRow("x not a string") << with(ec, "x", 12) << ErrorCode::KeyParse << QStringLiteral("\"x\" is not a string");
    QTest::newRow("n standard base64") << with(rsa, "n", QStringLiteral("n4EP+AOCc9Al")) << ErrorCode::KeyParse
                                       << QStringLiteral("is standard base64, not base64url");
    QTest::newRow("unknown kty") << with(ec, "kty", QStringLiteral("OKP")) << ErrorCode::UnsupportedKey
                                 << QStringLiteral("the key type \"OKP\" is not supported");
    QTest::newRow("unsupported crv") << with(ec, "crv", QStringLiteral("secp256k1")) << ErrorCode::UnsupportedKey
                                     << QStringLiteral("the curve \"secp256k1\" is not supported");
    QTest::newRow("RSA with p and q only") << without(rsa, {"dp", "dq", "qi"}) << ErrorCode::KeyParse
                                           << QStringLiteral("only some of p, q, dp, dq, qi");
    QTest::newRow("RSA without qi") << without(rsa, {"qi"}) << ErrorCode::KeyParse << QStringLiteral("only some of p, q, dp, dq, qi");
    const QJsonObject rsaDOnly = without(rsa, {"p", "q", "dp", "dq", "qi"});
    QTest::newRow("RSA d does not match") << with(rsa, "d", flipLastBit(rsa.value(QStringLiteral("d")))) << ErrorCode::KeyParse
                                          << QStringLiteral("the RSA private value d does not belong to the public key (n, e)");
    QTest::newRow("RSA d alone does not match") << with(rsaDOnly, "d", flipLastBit(rsa.value(QStringLiteral("d"))))
                                                << ErrorCode::KeyParse << QStringLiteral("d does not belong to the public key");
    QTest::newRow("RSA p wrong") << with(rsa, "p", flipLastBit(rsa.value(QStringLiteral("p")))) << ErrorCode::KeyParse
                                 << QStringLiteral("p and q do not multiply to the modulus n");
    QTest::newRow("RSA dp wrong") << with(rsa, "dp", flipLastBit(rsa.value(QStringLiteral("dp")))) << ErrorCode::KeyParse
                                  << QStringLiteral("dp is not d mod (p - 1)");
    QTest::newRow("RSA dq wrong") << with(rsa, "dq", flipLastBit(rsa.value(QStringLiteral("dq")))) << ErrorCode::KeyParse
                                  << QStringLiteral("dq is not d mod (q - 1)");
    QTest::newRow("RSA qi wrong") << with(rsa, "qi", flipLastBit(rsa.value(QStringLiteral("qi")))) << ErrorCode::KeyParse
                                  << QStringLiteral("qi is not the inverse of q mod p");
    QTest::newRow("RSA 256-bit modulus") << with(without(rsa, {"d", "p", "q", "dp", "dq", "qi"}), "n",
                                                 QString::fromLatin1(Base64Url::encode(QByteArray(32, '\x7f'))))
                                         << ErrorCode::KeySizeMismatch << QStringLiteral("only 255 bits");
}

void tst_Jwk::refusals()
{
    QFETCH(QJsonObject, jwk);
    QFETCH(ErrorCode, code);
    QFETCH(QString, fragment);
    const auto key = Jwk::fromJson(jwk);
    QVERIFY2(!key.ok(), "the JWK was accepted");
    QCOMPARE(errorCodeName(key.error().code), errorCodeName(code));
    QVERIFY2(key.error().message.contains(fragment), qPrintable(key.error().message));
}

void tst_Jwk::rsaWithoutCrt()
{
    // RFC 7518 §6.3.2 makes p, q, dp, dq, qi optional: d alone is a usable private key.
    const QJsonObject rsa = without(readJson(kRfc7520Rsa), {"p", "q", "dp", "dq", "qi"});
    const auto key = Jwk::fromJson(rsa);
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().toString()));
    QVERIFY(key->hasPrivate());
    QCOMPARE(key->toJson(true), rsa);
    QCOMPARE(key->thumbprint(), QStringLiteral("9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI"));
}

void tst_Jwk::refusalMessages()
{
    // The whole sentence for the case the issue names: an off-curve point must say so.
    QJsonObject ec = without(readJson(kRfc7520Ec), {"d"});
    ec.insert(QStringLiteral("y"), flipLastBit(ec.value(QStringLiteral("y"))));
    const auto key = Jwk::fromJson(ec);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().message, QStringLiteral("the point (x, y) is not on the curve P-521: the key is corrupt or its "
                                                 "coordinates belong to another curve"));

    const auto garbage = Jwk::fromJsonText("{\"kty\": \"EC\",");
    QVERIFY(!garbage.ok());
    QCOMPARE(errorCodeName(garbage.error().code), errorCodeName(ErrorCode::KeyParse));
    QVERIFY2(garbage.error().message.startsWith(QStringLiteral("the key is not valid JSON")), qPrintable(garbage.error().message));

    const auto array = Jwk::fromJsonText("[{\"kty\":\"oct\",\"k\":\"AAAA\"}]");
    QVERIFY(!array.ok());
    QCOMPARE(errorCodeName(array.error().code), errorCodeName(ErrorCode::KeyParse));
    QCOMPARE(array.error().message, QStringLiteral("a JWK must be a JSON object"));
}

void tst_Jwk::fromPkeyRefusesOtherTypes()
{
    EvpPkeyPtr ed25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    QVERIFY(ed25519);
    const auto key = Jwk::fromPkey(ed25519.get());
    QVERIFY(!key.ok());
    QCOMPARE(errorCodeName(key.error().code), errorCodeName(ErrorCode::UnsupportedKey));
    QVERIFY2(key.error().message.contains(QStringLiteral("ED25519")), qPrintable(key.error().message));

    const auto none = Jwk::fromPkey(nullptr);
    QVERIFY(!none.ok());
    QCOMPARE(errorCodeName(none.error().code), errorCodeName(ErrorCode::UnsupportedKey));
}

void tst_Jwk::jsonText()
{
    const auto key = Jwk::fromJsonText(readData(QStringLiteral("rfc7520/jwk/3_5.symmetric_key_mac_computation.json")));
    QVERIFY(key.ok());
    QCOMPARE(key->toJsonText(true),
             QByteArray("{\"alg\":\"HS256\",\"k\":\"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg\",\"kid\":"
                        "\"018c0ae5-4d9b-471b-bfd6-eef314bc7037\",\"kty\":\"oct\",\"use\":\"sig\"}"));
    const QByteArray indented = key->toJsonText(true, true);
    QVERIFY(indented.contains("\n    \"k\": \"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg\""));
    QCOMPARE(QJsonDocument::fromJson(indented).object(), key->toJson(true));
}

QTEST_GUILESS_MAIN(tst_Jwk)
#include "tst_Jwk.moc"
