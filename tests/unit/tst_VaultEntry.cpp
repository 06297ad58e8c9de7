// SPDX-License-Identifier: GPL-3.0-or-later
// VaultEntry: kind names, descriptions, thumbprints, and the JSON form (round trip and refusals).
#include "ResultAsserts.h"
#include "core/vault/VaultEntry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>

using namespace td;

Q_DECLARE_METATYPE(td::VaultEntry::Kind)

namespace {


Jwk readKey(const QString &relative)
{
    QFile file(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/") + relative);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(relative));
    auto key = Jwk::fromJsonText(file.readAll());
    if (!key)
        qFatal("bad test key %s", qPrintable(relative));
    return key.value();
}

SecureBytes bytes(const char *s)
{
    return SecureBytes(QByteArrayView(s));
}

VaultEntry fullCredential()
{
    VaultEntry entry = VaultEntry::credential(VaultEntry::Kind::AppKey, QStringLiteral("EnOS staging app"),
                                              QStringLiteral("app-key-1234"), bytes("app-secret-\x01\x02\xff-bytes"));
    entry.tags = QStringList{QStringLiteral("enos"), QStringLiteral("staging")};
    entry.environments = QStringList{QStringLiteral("EnOS staging"), QStringLiteral("EnOS CN")};
    entry.notes = QStringLiteral("rotated by Ops; ticket 4711\nsecond line");
    entry.created = QDateTime(QDate(2024, 3, 1), QTime(9, 30, 15, 250), Qt::UTC);
    entry.lastUsed = QDateTime(QDate(2024, 5, 2), QTime(17, 0), Qt::UTC);
    entry.rotateBy = QDate(2025, 1, 31);
    return entry;
}

} // namespace

class tst_VaultEntry : public QObject
{
    Q_OBJECT

private slots:
    void kindNames_data()
    {
        QTest::addColumn<VaultEntry::Kind>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("isKey");
        QTest::newRow("ec") << VaultEntry::Kind::EcKey << QStringLiteral("ec-key") << true;
        QTest::newRow("rsa") << VaultEntry::Kind::RsaKey << QStringLiteral("rsa-key") << true;
        QTest::newRow("oct") << VaultEntry::Kind::OctKey << QStringLiteral("oct-key") << true;
        QTest::newRow("api") << VaultEntry::Kind::ApiCredential << QStringLiteral("api-credential") << false;
        QTest::newRow("app") << VaultEntry::Kind::AppKey << QStringLiteral("app-key") << false;
        QTest::newRow("login") << VaultEntry::Kind::Login << QStringLiteral("login") << false;
    }

    void kindNames()
    {
        QFETCH(VaultEntry::Kind, kind);
        QFETCH(QString, name);
        QFETCH(bool, isKey);
        QCOMPARE(VaultEntry::kindName(kind), name);
        QCOMPARE(VaultEntry::kindFromName(name), std::optional<VaultEntry::Kind>(kind));
        VaultEntry entry;
        entry.kind = kind;
        QCOMPARE(entry.isKey(), isKey);
    }

    void unknownKindName()
    {
        QVERIFY(!VaultEntry::kindFromName(u"EC-KEY"));
        QVERIFY(!VaultEntry::kindFromName(u""));
        QVERIFY(!VaultEntry::kindFromName(u"password"));
    }

    void describe()
    {
        QCOMPARE(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("a"), {}, bytes("x")).describe(),
                 QStringLiteral("API credential"));
        QCOMPARE(VaultEntry::credential(VaultEntry::Kind::AppKey, QStringLiteral("a"), QStringLiteral("k"), bytes("x")).describe(),
                 QStringLiteral("app key + secret"));
        QCOMPARE(VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("a"), QStringLiteral("u"), bytes("x")).describe(),
                 QStringLiteral("username + password"));
        const Jwk p256 = Jwk::generateEc(Curve::P256).value();
        QCOMPARE(VaultEntry::fromKey(QStringLiteral("k"), p256).describe(), QStringLiteral("EC P-256 private key"));
        const Jwk oct = Jwk::generateOct(256).value();
        QCOMPARE(VaultEntry::fromKey(QStringLiteral("k"), oct).describe(), QStringLiteral("oct 256-bit key"));
    }

    void fromKeyFollowsKeyType()
    {
        const Jwk ec = readKey(QStringLiteral("rfc7520/jwk/3_2.ec_private_key.json"));
        const VaultEntry entry = VaultEntry::fromKey(QStringLiteral("bilbo"), ec);
        QCOMPARE(entry.kind, VaultEntry::Kind::EcKey);
        QCOMPARE(entry.name, QStringLiteral("bilbo"));
        QVERIFY(!QUuid::fromString(entry.id).isNull());
        QCOMPARE(entry.created.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(entry.created.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(!entry.lastUsed.isValid());
        QCOMPARE(entry.key->kid(), QStringLiteral("bilbo.baggins@hobbiton.example"));
        QVERIFY(entry.secret.isEmpty());

        QCOMPARE(VaultEntry::fromKey(QStringLiteral("r"), readKey(QStringLiteral("rfc7638/3_1.rsa_public_key.json"))).kind,
                 VaultEntry::Kind::RsaKey);
        QCOMPARE(VaultEntry::fromKey(QStringLiteral("o"), Jwk::generateOct(128).value()).kind, VaultEntry::Kind::OctKey);
        // Two entries never share an id.
        QVERIFY(VaultEntry::fromKey(QStringLiteral("a"), ec).id != VaultEntry::fromKey(QStringLiteral("a"), ec).id);
    }

    void thumbprint()
    {
        // RFC 7638 §3.1's example key and thumbprint.
        const VaultEntry rsa = VaultEntry::fromKey(QStringLiteral("rfc"), readKey(QStringLiteral("rfc7638/3_1.rsa_public_key.json")));
        QCOMPARE(rsa.thumbprint(), QStringLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
        QCOMPARE(VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("l"), QStringLiteral("u"), bytes("p")).thumbprint(),
                 QString());
    }

    void credentialFillsFields()
    {
        const VaultEntry entry = VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("portal"),
                                                        QStringLiteral("alice"), bytes("hunter2"));
        QCOMPARE(entry.kind, VaultEntry::Kind::Login);
        QCOMPARE(entry.identity, QStringLiteral("alice"));
        QVERIFY(entry.secret == bytes("hunter2"));
        QVERIFY(!QUuid::fromString(entry.id).isNull());
        QVERIFY(entry.created.isValid());
        QVERIFY(!entry.key);
    }

    void jsonRoundTripCredential()
    {
        const VaultEntry entry = fullCredential();
        const QJsonObject json = entry.toJson();
        QCOMPARE(json.value(QStringLiteral("kind")).toString(), QStringLiteral("app-key"));
        QCOMPARE(json.value(QStringLiteral("created")).toString(), QStringLiteral("2024-03-01T09:30:15.250Z"));
        QCOMPARE(json.value(QStringLiteral("rotateBy")).toString(), QStringLiteral("2025-01-31"));
        QCOMPARE(json.value(QStringLiteral("secret")).toString(),
                 QString::fromLatin1(QByteArray("app-secret-\x01\x02\xff-bytes").toBase64()));

        auto back = VaultEntry::fromJson(json);
        REQUIRE_OK(back);
        QCOMPARE(back->id, entry.id);
        QCOMPARE(back->kind, entry.kind);
        QCOMPARE(back->name, entry.name);
        QCOMPARE(back->tags, entry.tags);
        QCOMPARE(back->environments, entry.environments);
        QCOMPARE(back->notes, entry.notes);
        QCOMPARE(back->created, entry.created);
        QCOMPARE(back->created.timeSpec(), Qt::UTC);
        QCOMPARE(back->lastUsed, entry.lastUsed);
        QCOMPARE(back->rotateBy, entry.rotateBy);
        QCOMPARE(back->identity, entry.identity);
        QVERIFY(back->secret == entry.secret);
        QVERIFY(!back->key);
    }

    void jsonRoundTripKeys_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<VaultEntry::Kind>("kind");
        QTest::newRow("EC P-521 private") << QStringLiteral("rfc7520/jwk/3_2.ec_private_key.json") << VaultEntry::Kind::EcKey;
        QTest::newRow("RSA private") << QStringLiteral("rfc7520/jwk/3_4.rsa_private_key.json") << VaultEntry::Kind::RsaKey;
        QTest::newRow("RSA public") << QStringLiteral("rfc7638/3_1.rsa_public_key.json") << VaultEntry::Kind::RsaKey;
        QTest::newRow("oct") << QStringLiteral("rfc7520/jwk/3_6.symmetric_key_encryption.json") << VaultEntry::Kind::OctKey;
    }

    void jsonRoundTripKeys()
    {
        QFETCH(QString, file);
        QFETCH(VaultEntry::Kind, kind);
        const Jwk key = readKey(file);
        VaultEntry entry = VaultEntry::fromKey(QStringLiteral("key"), key);
        entry.lastUsed = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC);
        QCOMPARE(entry.kind, kind);
        const QJsonObject json = entry.toJson();
        QVERIFY(!json.contains(QStringLiteral("secret")));
        // The private members are kept: the document is only ever stored encrypted.
        QCOMPARE(json.value(QStringLiteral("key")).toObject(), key.toJson(true));

        auto back = VaultEntry::fromJson(json);
        REQUIRE_OK(back);
        QCOMPARE(back->kind, kind);
        QVERIFY(back->key);
        QCOMPARE(back->key->kid(), key.kid());
        QCOMPARE(back->key->hasPrivate(), key.hasPrivate());
        QCOMPARE(back->thumbprint(), key.thumbprint());
        QCOMPARE(back->key->toJson(true), key.toJson(true));
        QCOMPARE(back->lastUsed, entry.lastUsed);
        QVERIFY(!back->rotateBy);

        // The vault's own fast path gives the same key, members and all.
        auto fast = VaultEntry::fromVaultJson(json);
        REQUIRE_OK(fast);
        QCOMPARE(fast->kind, kind);
        QCOMPARE(fast->key->toJson(true), key.toJson(true));
        QCOMPARE(fast->key->hasPrivate(), key.hasPrivate());
        QCOMPARE(fast->key->kid(), key.kid());
        QCOMPARE(fast->key->alg(), key.alg());
        QCOMPARE(fast->key->use(), key.use());
        QCOMPARE(fast->thumbprint(), key.thumbprint());
        QCOMPARE(fast->lastUsed, entry.lastUsed);
        QCOMPARE(fast->toJson(), json);
    }

    void vaultJsonStillRefusesBrokenKeys_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("EC point off the curve") << QByteArray(
            R"({"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"})");
        QTest::newRow("EC coordinate too short") << QByteArray(R"({"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"})");
        QTest::newRow("RSA without n") << QByteArray(R"({"kty":"RSA","e":"AQAB"})");
    }

    void vaultJsonStillRefusesBrokenKeys()
    {
        // The fast path falls back to the checked one, which refuses these.
        QFETCH(QByteArray, key);
        QJsonObject object;
        object.insert(QStringLiteral("id"), QStringLiteral("1"));
        object.insert(QStringLiteral("name"), QStringLiteral("k"));
        object.insert(QStringLiteral("kind"), QJsonDocument::fromJson(key).object().value(QStringLiteral("kty")).toString() == QLatin1String("EC")
                                                  ? QStringLiteral("ec-key")
                                                  : QStringLiteral("rsa-key"));
        object.insert(QStringLiteral("key"), QJsonDocument::fromJson(key).object());
        auto entry = VaultEntry::fromVaultJson(object);
        QVERIFY(!entry.ok());
        QCOMPARE(entry.error().code, ErrorCode::ConfigInvalid);
    }

    void fromJsonRefusals_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("names");
        const QByteArray cred = R"("id":"1","name":"n","secret":"c2VjcmV0")";
        QTest::newRow("no kind") << QByteArray("{" + cred + "}") << QStringLiteral("\"kind\"");
        QTest::newRow("unknown kind") << QByteArray(R"({"kind":"password",)" + cred + "}") << QStringLiteral("\"kind\"");
        QTest::newRow("no name") << QByteArray(R"({"kind":"login","id":"1","secret":"eA=="})") << QStringLiteral("\"name\"");
        QTest::newRow("no id") << QByteArray(R"({"kind":"login","name":"n","secret":"eA=="})") << QStringLiteral("\"id\"");
        QTest::newRow("no secret") << QByteArray(R"({"kind":"login","id":"1","name":"n"})") << QStringLiteral("\"secret\"");
        QTest::newRow("secret not base64") << QByteArray(R"({"kind":"login","id":"1","name":"n","secret":"*?*"})")
                                           << QStringLiteral("base64");
        QTest::newRow("tags not a list") << QByteArray(R"({"kind":"login",)" + cred + R"(,"tags":"a"})") << QStringLiteral("\"tags\"");
        QTest::newRow("environment not text") << QByteArray(R"({"kind":"login",)" + cred + R"(,"environments":[1]})")
                                              << QStringLiteral("\"environments\"");
        QTest::newRow("bad created") << QByteArray(R"({"kind":"login",)" + cred + R"(,"created":"yesterday"})")
                                     << QStringLiteral("\"created\"");
        QTest::newRow("bad rotateBy") << QByteArray(R"({"kind":"login",)" + cred + R"(,"rotateBy":"2024-13-40"})")
                                      << QStringLiteral("\"rotateBy\"");
        QTest::newRow("key kind without key") << QByteArray(R"({"kind":"ec-key","id":"1","name":"n"})") << QStringLiteral("\"key\"");
        QTest::newRow("key not a JWK") << QByteArray(R"({"kind":"oct-key","id":"1","name":"n","key":{"kty":"oct"}})")
                                       << QStringLiteral("does not parse");
        QTest::newRow("key of another kind") << QByteArray(R"({"kind":"ec-key","id":"1","name":"n","key":{"kty":"oct","k":"AAAA"}})")
                                             << QStringLiteral("ec-key");
    }

    void fromJsonRefusals()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, names);
        const QJsonDocument document = QJsonDocument::fromJson(json);
        QVERIFY(document.isObject());
        auto entry = VaultEntry::fromJson(document.object());
        QVERIFY(!entry.ok());
        QCOMPARE(entry.error().code, ErrorCode::ConfigInvalid);
        if (!entry.error().message.contains(names))
            QFAIL(qPrintable(QStringLiteral("\"%1\" does not name %2").arg(entry.error().message, names)));
    }
};

QTEST_GUILESS_MAIN(tst_VaultEntry)
#include "tst_VaultEntry.moc"
