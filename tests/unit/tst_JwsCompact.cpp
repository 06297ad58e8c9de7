// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/crypto/Digest.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/crypto/Signature.h"
#include "core/jose/Base64Url.h"
#include "core/jose/JwsCompact.h"

#include <openssl/err.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <map>

using namespace td;

Q_DECLARE_METATYPE(td::ErrorCode)
Q_DECLARE_METATYPE(td::JwsAlg)

class tst_JwsCompact : public QObject
{
    Q_OBJECT

private:
    std::map<QString, Jwk> m_keys;

    // QVERIFY2 evaluates its message even when the check passes, so it must not touch error().
    template <typename T>
    static QByteArray why(const Result<T> &result)
    {
        return result.ok() ? QByteArray() : result.error().toString().toUtf8();
    }

    const Jwk &key(const QString &name) const { return m_keys.at(name); }

    // The key each alg signs with in the generated-key tests.
    const Jwk &signingKey(JwsAlg alg) const
    {
        switch (alg) {
        case JwsAlg::HS256: case JwsAlg::HS384: case JwsAlg::HS512: return key(QStringLiteral("oct512"));
        case JwsAlg::ES256: return key(QStringLiteral("p256"));
        case JwsAlg::ES384: return key(QStringLiteral("p384"));
        case JwsAlg::ES512: return key(QStringLiteral("p521"));
        default: return key(QStringLiteral("rsa2048"));
        }
    }

    void addKey(const QString &name, Result<Jwk> generated)
    {
        if (!generated)
            qFatal("key %s: %s", qPrintable(name), qPrintable(generated.error().toString()));
        m_keys.emplace(name, generated.value());
    }

    static QJsonObject loadVector(const QString &file)
    {
        QFile f(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/rfc7520/jws/") + file);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot open %s", qPrintable(f.fileName()));
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    static Jwk vectorKey(const QJsonObject &vector)
    {
        auto parsed = Jwk::fromJson(vector[QStringLiteral("input")][QStringLiteral("key")].toObject());
        if (!parsed)
            qFatal("vector key: %s", qPrintable(parsed.error().toString()));
        return parsed.value();
    }

    static QByteArray vectorString(const QJsonObject &vector, const char *section, const char *member)
    {
        return vector[QLatin1String(section)][QLatin1String(member)].toString().toUtf8();
    }

    QByteArray signOrDie(JwsAlg alg, QByteArrayView payload = "{\"sub\":\"alice\"}", const QString &kid = {}) const
    {
        JwsSignOptions options;
        options.alg = alg;
        options.kid = kid;
        auto compact = JwsCompact::sign(payload, signingKey(alg), options);
        if (!compact)
            qFatal("sign %s: %s", qPrintable(jwsAlgName(alg)), qPrintable(compact.error().toString()));
        return compact.value();
    }

    static JwsToken parseOrDie(const QByteArray &compact)
    {
        auto token = JwsCompact::parse(compact);
        if (!token)
            qFatal("parse: %s", qPrintable(token.error().toString()));
        return token.value();
    }

    static QByteArray compactOf(const QJsonObject &header, QByteArrayView payload, QByteArrayView signature)
    {
        return Base64Url::encode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
            + Base64Url::encode(payload) + '.' + Base64Url::encode(signature);
    }

    // Replaces one base64url character of segment `segment` with a different one.
    static QByteArray tamper(const QByteArray &compact, int segment, qsizetype indexInSegment)
    {
        QList<QByteArray> parts = compact.split('.');
        QByteArray &part = parts[segment];
        part[indexInSegment] = part[indexInSegment] == 'A' ? 'B' : 'A';
        return parts.join('.');
    }

private slots:
    void initTestCase()
    {
        addKey(QStringLiteral("oct512"), Jwk::generateOct(512));
        addKey(QStringLiteral("oct512b"), Jwk::generateOct(512));
        addKey(QStringLiteral("oct256"), Jwk::generateOct(256));
        addKey(QStringLiteral("oct128"), Jwk::generateOct(128));
        m_keys.emplace(QStringLiteral("empty"), Jwk::fromOctets(SecureBytes()));
        addKey(QStringLiteral("rsa2048"), Jwk::generateRsa(2048));
        addKey(QStringLiteral("rsa2048b"), Jwk::generateRsa(2048));
        addKey(QStringLiteral("rsa2048pub"), key(QStringLiteral("rsa2048")).publicKey());
        // Jwk::generateRsa refuses weak sizes, so the undersized key comes from OpenSSL directly.
        EvpPkeyPtr weak(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(1024)));
        QVERIFY(weak);
        addKey(QStringLiteral("rsa1024"), Jwk::fromPkey(weak.get()));
        addKey(QStringLiteral("p256"), Jwk::generateEc(Curve::P256));
        addKey(QStringLiteral("p256b"), Jwk::generateEc(Curve::P256));
        addKey(QStringLiteral("p256pub"), key(QStringLiteral("p256")).publicKey());
        addKey(QStringLiteral("p384"), Jwk::generateEc(Curve::P384));
        addKey(QStringLiteral("p521"), Jwk::generateEc(Curve::P521));
    }

    // ---- RFC 7520 §4 ------------------------------------------------------------------------
    // §4.6 (unprotected header parameters), §4.7 (content protected only by an unprotected
    // header) and §4.8 (multiple signatures) exist only in the JSON serializations: they have no
    // compact form, so they are not exercised here.

    void rfc7520_4_1_rs256Reproduced()
    {
        const QJsonObject vector = loadVector(QStringLiteral("4_1.rsa_v15_signature.json"));
        const Jwk jwk = vectorKey(vector);
        JwsSignOptions options;
        options.alg = JwsAlg::RS256;
        options.protectedHeaderB64 = vectorString(vector, "signing", "protected_b64u");
        // RSASSA-PKCS1-v1_5 is deterministic, so the exact compact output is reproduced.
        auto compact = JwsCompact::sign(vectorString(vector, "input", "payload"), jwk, options);
        QVERIFY2(compact.ok(), why(compact).constData());
        QCOMPARE(compact.value(), vectorString(vector, "output", "compact"));

        auto token = JwsCompact::parse(vectorString(vector, "output", "compact"));
        QVERIFY2(token.ok(), why(token).constData());
        QCOMPARE(token->alg, JwsAlg::RS256);
        QCOMPARE(token->header.value(QStringLiteral("kid")).toString(), QStringLiteral("bilbo.baggins@hobbiton.example"));
        QCOMPARE(token->payload, vectorString(vector, "input", "payload"));
        auto verified = JwsCompact::verify(token.value(), jwk);
        QVERIFY2(verified.ok(), why(verified).constData());
    }

    void rfc7520_4_2_ps384()
    {
        const QJsonObject vector = loadVector(QStringLiteral("4_2.rsa-pss_signature.json"));
        const Jwk jwk = vectorKey(vector);
        auto token = JwsCompact::parse(vectorString(vector, "output", "compact"));
        QVERIFY2(token.ok(), why(token).constData());
        QCOMPARE(token->alg, JwsAlg::PS384);
        auto verified = JwsCompact::verify(token.value(), jwk);
        QVERIFY2(verified.ok(), why(verified).constData());

        // PSS is randomised: a fresh signature differs but verifies with the public key.
        JwsSignOptions options;
        options.alg = JwsAlg::PS384;
        options.protectedHeaderB64 = vectorString(vector, "signing", "protected_b64u");
        auto compact = JwsCompact::sign(vectorString(vector, "input", "payload"), jwk, options);
        QVERIFY2(compact.ok(), why(compact).constData());
        QVERIFY(compact.value().startsWith(vectorString(vector, "signing", "sig-input") + '.'));
        auto again = JwsCompact::verify(parseOrDie(compact.value()), jwk.publicKey().value());
        QVERIFY2(again.ok(), why(again).constData());
    }

    void rfc7520_4_3_es512()
    {
        const QJsonObject vector = loadVector(QStringLiteral("4_3.ecdsa_signature.json"));
        const Jwk jwk = vectorKey(vector);
        auto token = JwsCompact::parse(vectorString(vector, "output", "compact"));
        QVERIFY2(token.ok(), why(token).constData());
        QCOMPARE(token->alg, JwsAlg::ES512);
        QCOMPARE(token->signature.size(), 132);
        auto verified = JwsCompact::verify(token.value(), jwk);
        QVERIFY2(verified.ok(), why(verified).constData());

        JwsSignOptions options;
        options.alg = JwsAlg::ES512;
        options.protectedHeaderB64 = vectorString(vector, "signing", "protected_b64u");
        auto compact = JwsCompact::sign(vectorString(vector, "input", "payload"), jwk, options);
        QVERIFY2(compact.ok(), why(compact).constData());
        const JwsToken fresh = parseOrDie(compact.value());
        QCOMPARE(fresh.signature.size(), 132);
        auto again = JwsCompact::verify(fresh, jwk.publicKey().value());
        QVERIFY2(again.ok(), why(again).constData());
    }

    void rfc7520_4_4_hs256Reproduced()
    {
        const QJsonObject vector = loadVector(QStringLiteral("4_4.hmac-sha2_integrity_protection.json"));
        const Jwk jwk = vectorKey(vector);
        JwsSignOptions options;
        options.alg = JwsAlg::HS256;
        options.protectedHeaderB64 = vectorString(vector, "signing", "protected_b64u");
        auto compact = JwsCompact::sign(vectorString(vector, "input", "payload"), jwk, options);
        QVERIFY2(compact.ok(), why(compact).constData());
        QCOMPARE(compact.value(), vectorString(vector, "output", "compact"));

        // Built from options instead of a verbatim header: same member order, same bytes.
        JwsSignOptions built;
        built.alg = JwsAlg::HS256;
        built.kid = QStringLiteral("018c0ae5-4d9b-471b-bfd6-eef314bc7037");
        auto rebuilt = JwsCompact::sign(vectorString(vector, "input", "payload"), jwk, built);
        QVERIFY(rebuilt.ok());
        QCOMPARE(rebuilt.value(), vectorString(vector, "output", "compact"));

        auto verified = JwsCompact::verify(parseOrDie(vectorString(vector, "output", "compact")), jwk);
        QVERIFY2(verified.ok(), why(verified).constData());
    }

    void rfc7520_4_5_detachedContent()
    {
        // The compact form of a detached-content JWS has an empty payload segment
        // ("header..signature"). It parses with an empty payload and cannot verify on its own;
        // the caller supplies the content by putting it into the parsed token (payload, or its
        // base64url form in payloadB64), after which the signature checks out.
        const QJsonObject vector = loadVector(QStringLiteral("4_5.signature_with_detached_content.json"));
        const Jwk jwk = vectorKey(vector);
        const QByteArray compact = vectorString(vector, "output", "compact");
        QVERIFY(compact.contains(".."));
        JwsToken token = parseOrDie(compact);
        QVERIFY(token.payload.isEmpty());
        QVERIFY(token.payloadB64.isEmpty());
        auto alone = JwsCompact::verify(token, jwk);
        QVERIFY(!alone.ok());
        QCOMPARE(alone.error().code, ErrorCode::SignatureMismatch);

        token.payload = vectorString(vector, "input", "payload");
        auto withPayload = JwsCompact::verify(token, jwk);
        QVERIFY2(withPayload.ok(), why(withPayload).constData());

        JwsToken encoded = parseOrDie(compact);
        encoded.payloadB64 = Base64Url::encode(vectorString(vector, "input", "payload"));
        auto withEncoded = JwsCompact::verify(encoded, jwk);
        QVERIFY2(withEncoded.ok(), why(withEncoded).constData());
    }

    // ---- generated keys ---------------------------------------------------------------------

    void roundTrip_data()
    {
        QTest::addColumn<JwsAlg>("alg");
        QTest::addColumn<int>("signatureBytes");
        QTest::newRow("HS256") << JwsAlg::HS256 << 32;
        QTest::newRow("HS384") << JwsAlg::HS384 << 48;
        QTest::newRow("HS512") << JwsAlg::HS512 << 64;
        QTest::newRow("RS256") << JwsAlg::RS256 << 256;
        QTest::newRow("RS384") << JwsAlg::RS384 << 256;
        QTest::newRow("RS512") << JwsAlg::RS512 << 256;
        QTest::newRow("PS256") << JwsAlg::PS256 << 256;
        QTest::newRow("PS384") << JwsAlg::PS384 << 256;
        QTest::newRow("PS512") << JwsAlg::PS512 << 256;
        QTest::newRow("ES256") << JwsAlg::ES256 << 64;
        QTest::newRow("ES384") << JwsAlg::ES384 << 96;
        QTest::newRow("ES512") << JwsAlg::ES512 << 132;
    }

    void roundTrip()
    {
        QFETCH(JwsAlg, alg);
        QFETCH(int, signatureBytes);
        const QByteArray payload = "{\"sub\":\"alice\",\"n\":\"\xc3\xa9\"}";
        JwsSignOptions options;
        options.alg = alg;
        options.kid = QStringLiteral("k-1");
        options.typ = QStringLiteral("JWT");
        auto compact = JwsCompact::sign(payload, signingKey(alg), options);
        QVERIFY2(compact.ok(), why(compact).constData());
        QCOMPARE(compact.value().count('.'), 2);

        auto token = JwsCompact::parse(compact.value());
        QVERIFY2(token.ok(), why(token).constData());
        QCOMPARE(token->alg, alg);
        const QJsonObject expectedHeader{{QStringLiteral("alg"), jwsAlgName(alg)},
                                         {QStringLiteral("kid"), QStringLiteral("k-1")},
                                         {QStringLiteral("typ"), QStringLiteral("JWT")}};
        QCOMPARE(token->header, expectedHeader);
        QCOMPARE(token->payload, payload);
        QCOMPARE(token->signature.size(), signatureBytes);

        // Asymmetric tokens are checked with the public part only.
        const Jwk &signer = signingKey(alg);
        const Jwk verifier = signer.type() == KeyType::Oct ? signer : signer.publicKey().value();
        auto verified = JwsCompact::verify(token.value(), verifier);
        QVERIFY2(verified.ok(), why(verified).constData());
    }

    void extraHeaderMerged()
    {
        JwsSignOptions options;
        options.alg = JwsAlg::ES256;
        options.extraHeader = {{QStringLiteral("cty"), QStringLiteral("JWT")}, {QStringLiteral("alg"), QStringLiteral("HS256")}};
        auto compact = JwsCompact::sign("x", key(QStringLiteral("p256")), options);
        QVERIFY2(compact.ok(), why(compact).constData());
        const JwsToken token = parseOrDie(compact.value());
        // The alg actually used wins over one smuggled in through extraHeader.
        const QJsonObject expected{{QStringLiteral("alg"), QStringLiteral("ES256")}, {QStringLiteral("cty"), QStringLiteral("JWT")}};
        QCOMPARE(token.header, expected);
        QVERIFY(JwsCompact::verify(token, key(QStringLiteral("p256"))).ok());
    }

    void verbatimHeaderMustNameTheAlg()
    {
        JwsSignOptions options;
        options.alg = JwsAlg::HS512;
        options.protectedHeaderB64 = Base64Url::encode("{\"alg\":\"HS256\"}");
        auto compact = JwsCompact::sign("x", key(QStringLiteral("oct512")), options);
        QVERIFY(!compact.ok());
        QCOMPARE(compact.error().code, ErrorCode::InvalidHeaderParameter);
    }

    void shortHmacSecretVerifies()
    {
        // Real services sign with short secrets; checking such a token must work, creating one must not.
        const Jwk secret = Jwk::fromOctets(SecureBytes(QByteArrayView("secret")));
        const QByteArray headerB64 = Base64Url::encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        const QByteArray payloadB64 = Base64Url::encode("{\"sub\":\"1\"}");
        auto mac = hmac(DigestAlgorithm::Sha256, "secret", headerB64 + '.' + payloadB64);
        QVERIFY(mac.ok());
        const QByteArray compact = headerB64 + '.' + payloadB64 + '.' + Base64Url::encode(mac->view());
        auto verified = JwsCompact::verify(parseOrDie(compact), secret);
        QVERIFY2(verified.ok(), why(verified).constData());

        JwsSignOptions options;
        options.alg = JwsAlg::HS256;
        auto signedToken = JwsCompact::sign("x", secret, options);
        QVERIFY(!signedToken.ok());
        QCOMPARE(signedToken.error().code, ErrorCode::KeySizeMismatch);
        QVERIFY2(signedToken.error().message.contains(QStringLiteral("RFC 7518")), qPrintable(signedToken.error().message));
    }

    // ---- negative cases ---------------------------------------------------------------------

    void tamperedSegment_data()
    {
        QTest::addColumn<JwsAlg>("alg");
        QTest::addColumn<int>("segment");
        QTest::addColumn<int>("index");
        QTest::addColumn<ErrorCode>("expected");
        const JwsAlg algs[] = {JwsAlg::HS256, JwsAlg::RS256, JwsAlg::PS256, JwsAlg::ES256};
        for (JwsAlg alg : algs) {
            const QByteArray name = jwsAlgName(alg).toLatin1();
            // "eyJ" is '{"': changing its first character breaks the JSON.
            QTest::newRow(name + " header first char") << alg << 0 << 0 << ErrorCode::HeaderNotJson;
            QTest::newRow(name + " payload") << alg << 1 << 5 << ErrorCode::SignatureMismatch;
            QTest::newRow(name + " signature") << alg << 2 << 20 << ErrorCode::SignatureMismatch;
        }
    }

    void tamperedSegment()
    {
        QFETCH(JwsAlg, alg);
        QFETCH(int, segment);
        QFETCH(int, index);
        QFETCH(ErrorCode, expected);
        const QByteArray changed = tamper(signOrDie(alg), segment, index);
        auto token = JwsCompact::parse(changed);
        if (expected == ErrorCode::HeaderNotJson) {
            QVERIFY(!token.ok());
            QCOMPARE(token.error().code, expected);
            return;
        }
        QVERIFY2(token.ok(), why(token).constData());
        auto verified = JwsCompact::verify(token.value(), signingKey(alg));
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error().code, expected);
        QCOMPARE(verified.error().message,
                 QStringLiteral("the signature does not match: the header or payload was changed, or this is not the key that signed it"));
    }

    void tamperedHeaderStillJson()
    {
        // A header changed so that it is still valid JSON (another kid) parses, and is caught by
        // the signature.
        const QByteArray compact = signOrDie(JwsAlg::ES256, "{}", QStringLiteral("key-1"));
        QList<QByteArray> parts = compact.split('.');
        QByteArray header = QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding);
        header.replace("key-1", "key-2");
        parts[0] = Base64Url::encode(header);
        const JwsToken token = parseOrDie(parts.join('.'));
        QCOMPARE(token.header.value(QStringLiteral("kid")).toString(), QStringLiteral("key-2"));
        auto verified = JwsCompact::verify(token, key(QStringLiteral("p256")));
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error().code, ErrorCode::SignatureMismatch);
    }

    void wrongKey_data()
    {
        QTest::addColumn<JwsAlg>("alg");
        QTest::addColumn<QString>("keyName");
        QTest::newRow("HS256 other secret") << JwsAlg::HS256 << QStringLiteral("oct512b");
        QTest::newRow("RS256 other RSA key") << JwsAlg::RS256 << QStringLiteral("rsa2048b");
        QTest::newRow("PS512 other RSA key") << JwsAlg::PS512 << QStringLiteral("rsa2048b");
        QTest::newRow("ES256 other P-256 key") << JwsAlg::ES256 << QStringLiteral("p256b");
    }

    void wrongKey()
    {
        QFETCH(JwsAlg, alg);
        QFETCH(QString, keyName);
        ERR_clear_error();
        auto verified = JwsCompact::verify(parseOrDie(signOrDie(alg)), key(keyName));
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error().code, ErrorCode::SignatureMismatch);
        // A failed check must not leave stale reasons for the next operation's report.
        QCOMPARE(ERR_peek_error(), 0UL);
    }

    void unusableKey_data()
    {
        QTest::addColumn<JwsAlg>("alg");
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<bool>("forSign");
        QTest::addColumn<ErrorCode>("expected");
        QTest::addColumn<QStringList>("mentions");
        const auto type = ErrorCode::KeyTypeMismatch;
        const auto size = ErrorCode::KeySizeMismatch;
        QTest::newRow("HS256 verify with EC") << JwsAlg::HS256 << QStringLiteral("p256") << false << type << QStringList{QStringLiteral("oct")};
        QTest::newRow("HS256 sign with EC") << JwsAlg::HS256 << QStringLiteral("p256") << true << type << QStringList{QStringLiteral("oct")};
        QTest::newRow("RS256 verify with EC") << JwsAlg::RS256 << QStringLiteral("p256") << false << type << QStringList{QStringLiteral("RSA")};
        QTest::newRow("PS384 sign with oct") << JwsAlg::PS384 << QStringLiteral("oct512") << true << type << QStringList{QStringLiteral("RSA")};
        QTest::newRow("ES256 verify with RSA") << JwsAlg::ES256 << QStringLiteral("rsa2048") << false << type << QStringList{QStringLiteral("P-256")};
        QTest::newRow("ES256 verify with P-384") << JwsAlg::ES256 << QStringLiteral("p384") << false << type
                                                 << QStringList{QStringLiteral("P-256"), QStringLiteral("P-384")};
        QTest::newRow("ES384 verify with P-521") << JwsAlg::ES384 << QStringLiteral("p521") << false << type
                                                 << QStringList{QStringLiteral("P-384"), QStringLiteral("P-521")};
        QTest::newRow("ES512 sign with P-256") << JwsAlg::ES512 << QStringLiteral("p256") << true << type
                                               << QStringList{QStringLiteral("P-521"), QStringLiteral("P-256")};
        QTest::newRow("RS256 verify with 1024-bit") << JwsAlg::RS256 << QStringLiteral("rsa1024") << false << size
                                                    << QStringList{QStringLiteral("2048"), QStringLiteral("1024")};
        QTest::newRow("PS256 sign with 1024-bit") << JwsAlg::PS256 << QStringLiteral("rsa1024") << true << size
                                                  << QStringList{QStringLiteral("2048")};
        QTest::newRow("HS256 sign with 128-bit") << JwsAlg::HS256 << QStringLiteral("oct128") << true << size
                                                 << QStringList{QStringLiteral("256"), QStringLiteral("128")};
        QTest::newRow("HS512 sign with 256-bit") << JwsAlg::HS512 << QStringLiteral("oct256") << true << size
                                                 << QStringList{QStringLiteral("512"), QStringLiteral("256")};
        QTest::newRow("HS256 verify with empty") << JwsAlg::HS256 << QStringLiteral("empty") << false << size
                                                 << QStringList{QStringLiteral("empty")};
        QTest::newRow("ES256 sign with public") << JwsAlg::ES256 << QStringLiteral("p256pub") << true
                                                << ErrorCode::KeyNotPrivate << QStringList{QStringLiteral("private")};
        QTest::newRow("RS256 sign with public") << JwsAlg::RS256 << QStringLiteral("rsa2048pub") << true
                                                << ErrorCode::KeyNotPrivate << QStringList{QStringLiteral("private")};
    }

    void unusableKey()
    {
        QFETCH(JwsAlg, alg);
        QFETCH(QString, keyName);
        QFETCH(bool, forSign);
        QFETCH(ErrorCode, expected);
        QFETCH(QStringList, mentions);
        Error error;
        if (forSign) {
            JwsSignOptions options;
            options.alg = alg;
            auto compact = JwsCompact::sign("payload", key(keyName), options);
            QVERIFY(!compact.ok());
            error = compact.error();
        } else {
            auto verified = JwsCompact::verify(parseOrDie(signOrDie(alg)), key(keyName));
            QVERIFY(!verified.ok());
            error = verified.error();
        }
        QCOMPARE(error.code, expected);
        for (const QString &word : mentions)
            QVERIFY2(error.message.contains(word), qPrintable(error.message));
        // checkKey is the same rule on its own.
        auto checked = JwsCompact::checkKey(alg, key(keyName), forSign);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, expected);
    }

    void algNoneParsesButIsRefused()
    {
        const QByteArray compact = Base64Url::encode("{\"alg\":\"none\"}") + '.' + Base64Url::encode("{\"sub\":\"1\"}") + '.';
        auto token = JwsCompact::parse(compact);
        QVERIFY2(token.ok(), why(token).constData());
        QCOMPARE(token->alg, JwsAlg::None);
        QCOMPARE(token->payload, QByteArray("{\"sub\":\"1\"}"));
        auto verified = JwsCompact::verify(token.value(), key(QStringLiteral("oct512")));
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error().code, ErrorCode::UnsupportedAlg);
        QVERIFY2(verified.error().message.contains(QStringLiteral("unsecured JWS")), qPrintable(verified.error().message));

        JwsSignOptions options;
        options.alg = JwsAlg::None;
        auto signedToken = JwsCompact::sign("x", key(QStringLiteral("oct512")), options);
        QVERIFY(!signedToken.ok());
        QCOMPARE(signedToken.error().code, ErrorCode::UnsupportedAlg);
    }

    void parseErrors_data()
    {
        QTest::addColumn<QByteArray>("compact");
        QTest::addColumn<ErrorCode>("expected");
        QTest::addColumn<QString>("mentions");
        const QByteArray payload = Base64Url::encode("{}");
        const QByteArray sig = Base64Url::encode("0123456789abcdef0123456789abcdef");
        auto withHeader = [&](QByteArrayView header) { return Base64Url::encode(header) + '.' + payload + '.' + sig; };

        QTest::newRow("empty") << QByteArray() << ErrorCode::EmptyInput << QStringLiteral("empty");
        QTest::newRow("whitespace only") << QByteArray(" \n\t") << ErrorCode::EmptyInput << QStringLiteral("empty");
        QTest::newRow("10 MiB") << QByteArray(10 * 1024 * 1024, 'a') << ErrorCode::InputTooLarge << QStringLiteral("MiB");
        QTest::newRow("2 segments") << QByteArray("eyJhbGciOiJIUzI1NiJ9." + payload) << ErrorCode::SegmentCount
                                    << QStringLiteral("2 segments");
        QTest::newRow("4 segments") << QByteArray(withHeader("{\"alg\":\"HS256\"}") + ".AAAA") << ErrorCode::SegmentCount
                                    << QStringLiteral("4 segments");
        QTest::newRow("header not base64url") << QByteArray("ey!J." + payload + '.' + sig) << ErrorCode::SegmentNotBase64Url
                                              << QStringLiteral("protected header");
        QTest::newRow("signature standard base64")
            << QByteArray(Base64Url::encode("{\"alg\":\"HS256\"}") + '.' + payload + '.'
                          + QByteArray("\xfb\xff\xbf\xfb\xff").toBase64())
            << ErrorCode::SegmentIsStandardBase64 << QStringLiteral("signature");
        QTest::newRow("payload standard base64")
            << QByteArray(Base64Url::encode("{\"alg\":\"HS256\"}") + '.' + QByteArray("{\"a\":\"\xfb\xff\"}").toBase64() + '.' + sig)
            << ErrorCode::SegmentIsStandardBase64 << QStringLiteral("payload");
        QTest::newRow("header not JSON") << withHeader("not json") << ErrorCode::HeaderNotJson << QStringLiteral("JSON");
        QTest::newRow("header not object") << withHeader("[\"alg\"]") << ErrorCode::HeaderNotObject << QStringLiteral("object");
        QTest::newRow("missing alg") << withHeader("{\"typ\":\"JWT\"}") << ErrorCode::MissingAlg << QStringLiteral("alg");
        QTest::newRow("unsupported alg") << withHeader("{\"alg\":\"HS1\"}") << ErrorCode::UnsupportedAlg
                                         << QStringLiteral("HS256, HS384, HS512, RS256");
        QTest::newRow("JWE alg") << withHeader("{\"alg\":\"RSA-OAEP\"}") << ErrorCode::UnsupportedAlg << QStringLiteral("JWE");
        QTest::newRow("unknown crit") << withHeader("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}") << ErrorCode::UnknownCrit
                                      << QStringLiteral("\"exp\"");
        QTest::newRow("b64 crit") << withHeader("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}") << ErrorCode::UnknownCrit
                                  << QStringLiteral("RFC 7797");
    }

    void parseErrors()
    {
        QFETCH(QByteArray, compact);
        QFETCH(ErrorCode, expected);
        QFETCH(QString, mentions);
        auto token = JwsCompact::parse(compact);
        QVERIFY(!token.ok());
        QCOMPARE(token.error().code, expected);
        QVERIFY2(token.error().message.contains(mentions), qPrintable(token.error().message));
    }

    void surroundingWhitespaceIgnored()
    {
        const QByteArray compact = signOrDie(JwsAlg::HS256);
        auto token = JwsCompact::parse("  " + compact + "\r\n");
        QVERIFY2(token.ok(), why(token).constData());
        QVERIFY(JwsCompact::verify(token.value(), key(QStringLiteral("oct512"))).ok());
    }

    void derEncodedEs256Signature()
    {
        // A common interop bug: the signer passed OpenSSL's DER signature through unconverted.
        JwsToken token = parseOrDie(signOrDie(JwsAlg::ES256));
        auto der = Signature::ecdsaRawToDer(token.signature);
        QVERIFY(der.ok());
        const QList<QByteArray> parts = signOrDie(JwsAlg::ES256).split('.');
        const QByteArray compact = parts[0] + '.' + parts[1] + '.' + Base64Url::encode(der.value());
        auto parsed = JwsCompact::parse(compact);
        QVERIFY2(parsed.ok(), why(parsed).constData());
        auto verified = JwsCompact::verify(parsed.value(), key(QStringLiteral("p256")));
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error().code, ErrorCode::SegmentLength);
        QCOMPARE(verified.error().message,
                 QStringLiteral("an ES256 signature is 64 bytes (R||S); this one is %1 \u2014 DER-encoded by mistake?")
                     .arg(der->size()));
    }

    void ecdsaDerRawConversion()
    {
        // R and S with leading zero bytes must survive the trip through DER (which drops them).
        QByteArray raw(64, '\0');
        raw[31] = '\x01';
        raw[32 + 5] = '\x7f';
        auto der = Signature::ecdsaRawToDer(raw);
        QVERIFY(der.ok());
        auto back = Signature::ecdsaDerToRaw(der.value(), 32);
        QVERIFY(back.ok());
        QCOMPARE(back.value(), raw);
    }
};

QTEST_GUILESS_MAIN(tst_JwsCompact)
#include "tst_JwsCompact.moc"
