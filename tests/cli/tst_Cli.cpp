// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the built tokendesk-cli binary through QProcess: its command lines, exit codes and
// diagnostics are a contract other tools rely on.
#include "CliProcess.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

QByteArray base64UrlDecode(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QJsonObject headerOf(const QByteArray &token)
{
    return QJsonDocument::fromJson(base64UrlDecode(token.split('.').value(0))).object();
}

// Replaces the first character of segment `index` by another base64url character, keeping the
// token well-formed so the failure comes from the cryptography, not from decoding.
QByteArray tamperSegment(const QByteArray &token, int index)
{
    QList<QByteArray> parts = token.split('.');
    QByteArray &segment = parts[index];
    segment[0] = segment.at(0) == 'A' ? 'B' : 'A';
    return parts.join('.');
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ec256, m_ec256Pub, m_ec384, m_ec384Pub, m_rsa, m_rsaPub;
    QString m_oct128, m_oct256, m_oct512, m_otherOct256, m_otherEc256;

    CliRun cli(const QStringList &args, const QByteArray &input = {}) { return runCli(args, input); }

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return {};
        return file.fileName();
    }

    static QByteArray readFile(const QString &fileName)
    {
        QFile file(fileName);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // Generates a key with `jwk gen` into the temporary folder.
    QString generate(const QString &name, const QStringList &genArgs)
    {
        const CliRun run = cli(QStringList{QStringLiteral("jwk"), QStringLiteral("gen")} + genArgs);
        if (run.exitCode != 0)
            return {};
        return writeFile(name, run.out);
    }

    QString publicOf(const QString &name, const QString &privatePath)
    {
        const CliRun run = cli({QStringLiteral("jwk"), QStringLiteral("pub"), privatePath});
        if (run.exitCode != 0)
            return {};
        return writeFile(name, run.out);
    }

    QByteArray thumbprint(const QString &keyPath)
    {
        const CliRun run = cli({QStringLiteral("jwk"), QStringLiteral("thumbprint"), keyPath});
        return run.exitCode == 0 ? run.out.trimmed() : QByteArray("failed: " + run.err);
    }

    QByteArray encryptToken(const QString &keyPath, const QString &alg, const QString &enc, const QByteArray &plaintext)
    {
        const CliRun run = cli({QStringLiteral("jwe"), QStringLiteral("encrypt"), QStringLiteral("--key"), keyPath,
                                QStringLiteral("--alg"), alg, QStringLiteral("--enc"), enc},
                               plaintext);
        return run.exitCode == 0 ? run.out.trimmed() : QByteArray();
    }

    QByteArray signToken(const QString &keyPath, const QString &alg, const QByteArray &payload)
    {
        const CliRun run = cli({QStringLiteral("jws"), QStringLiteral("sign"), QStringLiteral("--key"), keyPath,
                                QStringLiteral("--alg"), alg},
                               payload);
        return run.exitCode == 0 ? run.out.trimmed() : QByteArray();
    }

    QString keyPath(const QByteArray &name) const
    {
        if (name == "ec256") return m_ec256;
        if (name == "ec256pub") return m_ec256Pub;
        if (name == "ec384") return m_ec384;
        if (name == "ec384pub") return m_ec384Pub;
        if (name == "rsa") return m_rsa;
        if (name == "rsapub") return m_rsaPub;
        if (name == "oct128") return m_oct128;
        if (name == "oct256") return m_oct256;
        if (name == "oct512") return m_oct512;
        if (name == "otherOct256") return m_otherOct256;
        if (name == "otherEc256") return m_otherEc256;
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(TOKENDESK_CLI_PATH)));
        m_ec256 = generate(QStringLiteral("ec256.jwk"), {QStringLiteral("--kty"), QStringLiteral("EC")});
        m_ec384 = generate(QStringLiteral("ec384.jwk"), {QStringLiteral("--kty"), QStringLiteral("EC"), QStringLiteral("--crv"), QStringLiteral("P-384")});
        m_rsa = generate(QStringLiteral("rsa.jwk"), {QStringLiteral("--kty"), QStringLiteral("RSA")});
        m_oct128 = generate(QStringLiteral("oct128.jwk"), {QStringLiteral("--kty"), QStringLiteral("oct"), QStringLiteral("--size"), QStringLiteral("128")});
        m_oct256 = generate(QStringLiteral("oct256.jwk"), {QStringLiteral("--kty"), QStringLiteral("oct")});
        m_oct512 = generate(QStringLiteral("oct512.jwk"), {QStringLiteral("--kty"), QStringLiteral("oct"), QStringLiteral("--size"), QStringLiteral("512")});
        m_otherOct256 = generate(QStringLiteral("other-oct256.jwk"), {QStringLiteral("--kty"), QStringLiteral("oct")});
        m_otherEc256 = generate(QStringLiteral("other-ec256.jwk"), {QStringLiteral("--kty"), QStringLiteral("EC")});
        for (const QString &key : {m_ec256, m_ec384, m_rsa, m_oct128, m_oct256, m_oct512, m_otherOct256, m_otherEc256})
            QVERIFY2(!key.isEmpty(), "jwk gen failed in initTestCase");
        m_ec256Pub = publicOf(QStringLiteral("ec256.pub.jwk"), m_ec256);
        m_ec384Pub = publicOf(QStringLiteral("ec384.pub.jwk"), m_ec384);
        m_rsaPub = publicOf(QStringLiteral("rsa.pub.jwk"), m_rsa);
        QVERIFY2(!m_ec256Pub.isEmpty() && !m_ec384Pub.isEmpty() && !m_rsaPub.isEmpty(), "jwk pub failed in initTestCase");
    }

    void helpAndVersion_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << QByteArray("tokendesk-cli 0.");
        QTest::newRow("tool help") << QStringList{QStringLiteral("--help")} << QByteArray("tokendesk-cli inspect");
        QTest::newRow("jwk help") << QStringList{QStringLiteral("jwk"), QStringLiteral("--help")} << QByteArray("jwk thumbprint");
        QTest::newRow("jwk gen help") << QStringList{QStringLiteral("jwk"), QStringLiteral("gen"), QStringLiteral("--help")} << QByteArray("--kty EC|RSA|oct");
        QTest::newRow("jwe encrypt help") << QStringList{QStringLiteral("jwe"), QStringLiteral("encrypt"), QStringLiteral("--help")} << QByteArray("ECDH-ES+A256KW");
        QTest::newRow("jws verify help") << QStringList{QStringLiteral("jws"), QStringLiteral("verify"), QStringLiteral("-h")} << QByteArray("jws verify --key FILE");
        QTest::newRow("inspect help") << QStringList{QStringLiteral("inspect"), QStringLiteral("--help")} << QByteArray("--json");
    }

    void helpAndVersion()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, expected);
        const CliRun run = cli(args);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(expected), run.out.constData());
        QVERIFY(run.err.isEmpty());
    }

    void jwkGen_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("kty");
        QTest::addColumn<QString>("crv");
        QTest::addColumn<QString>("sizedMember"); // the member whose decoded length is checked
        QTest::addColumn<int>("sizedBytes");
        QTest::addColumn<QString>("kid");
        const QString ec = QStringLiteral("EC");
        QTest::newRow("EC default P-256") << QStringList{QStringLiteral("--kty"), ec} << ec << QStringLiteral("P-256") << QStringLiteral("x") << 32 << QString();
        QTest::newRow("EC P-384") << QStringList{QStringLiteral("--kty"), ec, QStringLiteral("--crv"), QStringLiteral("P-384")} << ec << QStringLiteral("P-384") << QStringLiteral("x") << 48 << QString();
        QTest::newRow("EC P-521 with kid") << QStringList{QStringLiteral("--kty"), ec, QStringLiteral("--crv=P-521"), QStringLiteral("--kid"), QStringLiteral("ec-1")} << ec << QStringLiteral("P-521") << QStringLiteral("d") << 66 << QStringLiteral("ec-1");
        QTest::newRow("RSA default 2048") << QStringList{QStringLiteral("--kty"), QStringLiteral("RSA")} << QStringLiteral("RSA") << QString() << QStringLiteral("n") << 256 << QString();
        QTest::newRow("oct default 256") << QStringList{QStringLiteral("--kty"), QStringLiteral("oct")} << QStringLiteral("oct") << QString() << QStringLiteral("k") << 32 << QString();
        QTest::newRow("oct 128 with kid") << QStringList{QStringLiteral("--kty"), QStringLiteral("oct"), QStringLiteral("--size"), QStringLiteral("128"), QStringLiteral("--kid"), QStringLiteral("s1")} << QStringLiteral("oct") << QString() << QStringLiteral("k") << 16 << QStringLiteral("s1");
    }

    void jwkGen()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, kty);
        QFETCH(QString, crv);
        QFETCH(QString, sizedMember);
        QFETCH(int, sizedBytes);
        QFETCH(QString, kid);
        const CliRun run = cli(QStringList{QStringLiteral("jwk"), QStringLiteral("gen")} + args);
        QCOMPARE(run.exitCode, 0);
        QJsonParseError parseError;
        const QJsonObject jwk = QJsonDocument::fromJson(run.out, &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(jwk.value(QStringLiteral("kty")).toString(), kty);
        QCOMPARE(jwk.value(QStringLiteral("crv")).toString(), crv);
        QCOMPARE(base64UrlDecode(jwk.value(sizedMember).toString().toLatin1()).size(), sizedBytes);
        QCOMPARE(jwk.value(QStringLiteral("kid")).toString(), kid);
        // The user asked for a key: the private part is printed.
        QVERIFY(jwk.contains(kty == QLatin1String("oct") ? QStringLiteral("k") : QStringLiteral("d")));
    }

    void jwkConvertRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("asymmetric");
        QTest::newRow("EC P-256") << QByteArray("ec256") << true;
        QTest::newRow("EC P-384") << QByteArray("ec384") << true;
        QTest::newRow("RSA 2048") << QByteArray("rsa") << true;
        QTest::newRow("oct 256") << QByteArray("oct256") << false;
    }

    void jwkConvertRoundTrip()
    {
        QFETCH(QByteArray, key);
        QFETCH(bool, asymmetric);
        const QString source = keyPath(key);
        const QByteArray expected = thumbprint(source);
        QCOMPARE(expected.size(), 43); // base64url SHA-256

        // base64url JWK and back.
        const CliRun b64 = cli({QStringLiteral("jwk"), QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("b64jwk"), source});
        QCOMPARE(b64.exitCode, 0);
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+\n$")).match(QString::fromLatin1(b64.out)).hasMatch());
        const QString b64Path = writeFile(QString::fromLatin1(key + ".b64jwk"), b64.out);
        QCOMPARE(thumbprint(b64Path), expected);
        const CliRun backToJwk = cli({QStringLiteral("jwk"), QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("jwk"), b64Path});
        QCOMPARE(backToJwk.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(backToJwk.out).object(), QJsonDocument::fromJson(readFile(source)).object());

        if (!asymmetric) {
            // An oct key has no public part.
            const CliRun pub = cli({QStringLiteral("jwk"), QStringLiteral("pub"), source});
            QCOMPARE(pub.exitCode, 1);
            QVERIFY2(pub.err.startsWith("tokendesk-cli: key-type-mismatch: "), pub.err.constData());
            QVERIFY(pub.out.isEmpty());
            return;
        }

        // Public JWK: no private member, same thumbprint.
        const CliRun pub = cli({QStringLiteral("jwk"), QStringLiteral("pub"), source});
        QCOMPARE(pub.exitCode, 0);
        const QJsonObject pubJwk = QJsonDocument::fromJson(pub.out).object();
        QVERIFY(!pubJwk.isEmpty());
        QVERIFY(!pubJwk.contains(QStringLiteral("d")));
        QCOMPARE(thumbprint(writeFile(QString::fromLatin1(key + ".pub.jwk"), pub.out)), expected);

        // Private PEM and back to JWK.
        const CliRun pem = cli({QStringLiteral("jwk"), QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("pem"), source});
        QCOMPARE(pem.exitCode, 0);
        QVERIFY2(pem.out.startsWith("-----BEGIN PRIVATE KEY-----"), pem.out.constData());
        const QString pemPath = writeFile(QString::fromLatin1(key + ".pem"), pem.out);
        QCOMPARE(thumbprint(pemPath), expected);
        const CliRun fromPem = cli({QStringLiteral("jwk"), QStringLiteral("convert"), QStringLiteral("--to=jwk"), pemPath});
        QCOMPARE(fromPem.exitCode, 0);
        const QJsonObject fromPemJwk = QJsonDocument::fromJson(fromPem.out).object();
        QCOMPARE(fromPemJwk.value(QStringLiteral("d")), QJsonDocument::fromJson(readFile(source)).object().value(QStringLiteral("d")));

        // Public PEM.
        const CliRun pubPem = cli({QStringLiteral("jwk"), QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("pem"), QStringLiteral("--public"), source});
        QCOMPARE(pubPem.exitCode, 0);
        QVERIFY2(pubPem.out.startsWith("-----BEGIN PUBLIC KEY-----"), pubPem.out.constData());
        QVERIFY(!pubPem.out.contains("PRIVATE"));
        QCOMPARE(thumbprint(writeFile(QString::fromLatin1(key + ".pub.pem"), pubPem.out)), expected);
    }

    void jweRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("encryptKey");
        QTest::addColumn<QByteArray>("decryptKey");
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QString>("enc");
        QTest::addColumn<bool>("zip");
        QTest::newRow("ECDH-ES+A256KW A256GCM") << QByteArray("ec256pub") << QByteArray("ec256") << QStringLiteral("ECDH-ES+A256KW") << QStringLiteral("A256GCM") << false;
        QTest::newRow("ECDH-ES A128CBC-HS256 P-384") << QByteArray("ec384pub") << QByteArray("ec384") << QStringLiteral("ECDH-ES") << QStringLiteral("A128CBC-HS256") << false;
        QTest::newRow("dir A256GCM") << QByteArray("oct256") << QByteArray("oct256") << QStringLiteral("dir") << QStringLiteral("A256GCM") << false;
        QTest::newRow("dir A256CBC-HS512 zip") << QByteArray("oct512") << QByteArray("oct512") << QStringLiteral("dir") << QStringLiteral("A256CBC-HS512") << true;
        QTest::newRow("A128KW A128GCM") << QByteArray("oct128") << QByteArray("oct128") << QStringLiteral("A128KW") << QStringLiteral("A128GCM") << false;
        QTest::newRow("A256GCMKW A192GCM") << QByteArray("oct256") << QByteArray("oct256") << QStringLiteral("A256GCMKW") << QStringLiteral("A192GCM") << false;
        QTest::newRow("RSA-OAEP-256 A256GCM") << QByteArray("rsapub") << QByteArray("rsa") << QStringLiteral("RSA-OAEP-256") << QStringLiteral("A256GCM") << false;
        QTest::newRow("RSA-OAEP A128CBC-HS256 zip") << QByteArray("rsapub") << QByteArray("rsa") << QStringLiteral("RSA-OAEP") << QStringLiteral("A128CBC-HS256") << true;
    }

    void jweRoundTrip()
    {
        QFETCH(QByteArray, encryptKey);
        QFETCH(QByteArray, decryptKey);
        QFETCH(QString, alg);
        QFETCH(QString, enc);
        QFETCH(bool, zip);
        const QString plaintext = QStringLiteral("Grüße aus TokenDesk: {\"sub\":\"42\",\"scope\":\"read write\"}");
        QStringList args{QStringLiteral("jwe"), QStringLiteral("encrypt"), QStringLiteral("--key"), keyPath(encryptKey),
                         QStringLiteral("--alg"), alg, QStringLiteral("--enc"), enc, QStringLiteral("--kid"), QStringLiteral("kid-7")};
        if (zip)
            args << QStringLiteral("--zip");
        args << plaintext;
        const CliRun encrypted = cli(args);
        QVERIFY2(encrypted.exitCode == 0, encrypted.err.constData());
        QVERIFY(encrypted.out.endsWith('\n'));
        const QByteArray token = encrypted.out.trimmed();
        QCOMPARE(token.count('.'), 4);
        const QJsonObject header = headerOf(token);
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), alg);
        QCOMPARE(header.value(QStringLiteral("enc")).toString(), enc);
        QCOMPARE(header.value(QStringLiteral("kid")).toString(), QStringLiteral("kid-7"));
        QCOMPARE(header.value(QStringLiteral("zip")).toString(), zip ? QStringLiteral("DEF") : QString());

        const CliRun decrypted = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), keyPath(decryptKey), QString::fromLatin1(token)});
        QVERIFY2(decrypted.exitCode == 0, decrypted.err.constData());
        // UTF-8 plaintext without a final newline gets one.
        QCOMPARE(decrypted.out, plaintext.toUtf8() + '\n');
        QVERIFY(decrypted.err.isEmpty());
    }

    void jweBinaryPlaintextIsByteExact_data()
    {
        QTest::addColumn<QByteArray>("plaintext");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe binary \x80\x01", 13);
        QTest::newRow("text ending in newline") << QByteArray("line one\nline two\n");
    }

    void jweBinaryPlaintextIsByteExact()
    {
        QFETCH(QByteArray, plaintext);
        // Plaintext from standard input, exact bytes.
        const QByteArray token = encryptToken(m_oct256, QStringLiteral("dir"), QStringLiteral("A256GCM"), plaintext);
        QVERIFY(!token.isEmpty());
        const CliRun decrypted = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), m_oct256, QString::fromLatin1(token)});
        QCOMPARE(decrypted.exitCode, 0);
        QCOMPARE(decrypted.out, plaintext); // nothing added
    }

    void jweDecryptTriesEveryKey()
    {
        const QByteArray token = encryptToken(m_oct256, QStringLiteral("A256KW"), QStringLiteral("A256GCM"), "secret message");
        QVERIFY(!token.isEmpty());

        // Two --key files, the right one second.
        const CliRun twoFiles = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), m_otherOct256,
                                     QStringLiteral("--key"), m_oct256, QString::fromLatin1(token)});
        QVERIFY2(twoFiles.exitCode == 0, twoFiles.err.constData());
        QCOMPARE(twoFiles.out, QByteArray("secret message\n"));

        // One JWK Set file holding both keys.
        QJsonArray keys{QJsonDocument::fromJson(readFile(m_otherOct256)).object(), QJsonDocument::fromJson(readFile(m_oct256)).object()};
        const QString set = writeFile(QStringLiteral("set.jwks"), QJsonDocument(QJsonObject{{QStringLiteral("keys"), keys}}).toJson());
        const CliRun fromSet = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), set, QString::fromLatin1(token)});
        QVERIFY2(fromSet.exitCode == 0, fromSet.err.constData());
        QCOMPARE(fromSet.out, QByteArray("secret message\n"));

        // Only wrong keys: no-key-matched, and one line per attempt.
        const CliRun wrong = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), m_otherOct256,
                                  QStringLiteral("--key"), m_oct128, QString::fromLatin1(token)});
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY(wrong.out.isEmpty());
        QVERIFY2(wrong.err.startsWith("tokendesk-cli: no-key-matched: "), wrong.err.constData());
        const QList<QByteArray> lines = wrong.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(1).contains(m_otherOct256.toUtf8()) || lines.at(2).contains(m_otherOct256.toUtf8()));
        QVERIFY(lines.at(1).contains(m_oct128.toUtf8()) || lines.at(2).contains(m_oct128.toUtf8()));
    }

    void jwsRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("signKey");
        QTest::addColumn<QByteArray>("verifyKey");
        QTest::addColumn<QString>("alg");
        QTest::newRow("ES256") << QByteArray("ec256") << QByteArray("ec256pub") << QStringLiteral("ES256");
        QTest::newRow("HS256") << QByteArray("oct256") << QByteArray("oct256") << QStringLiteral("HS256");
        QTest::newRow("RS256") << QByteArray("rsa") << QByteArray("rsapub") << QStringLiteral("RS256");
    }

    void jwsRoundTrip()
    {
        QFETCH(QByteArray, signKey);
        QFETCH(QByteArray, verifyKey);
        QFETCH(QString, alg);
        const QByteArray payload = "{\"iss\":\"tokendesk\",\"sub\":\"user-1\"}";
        const CliRun signedRun = cli({QStringLiteral("jws"), QStringLiteral("sign"), QStringLiteral("--key"), keyPath(signKey),
                                      QStringLiteral("--alg"), alg, QStringLiteral("--kid"), QStringLiteral("sig-1"),
                                      QStringLiteral("--typ"), QStringLiteral("JWT"), QString::fromLatin1(payload)});
        QVERIFY2(signedRun.exitCode == 0, signedRun.err.constData());
        const QByteArray token = signedRun.out.trimmed();
        QCOMPARE(token.count('.'), 2);
        const QJsonObject header = headerOf(token);
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), alg);
        QCOMPARE(header.value(QStringLiteral("kid")).toString(), QStringLiteral("sig-1"));
        QCOMPARE(header.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
        QCOMPARE(base64UrlDecode(token.split('.').at(1)), payload);

        const CliRun verified = cli({QStringLiteral("jws"), QStringLiteral("verify"), QStringLiteral("--key"), keyPath(verifyKey), QString::fromLatin1(token)});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        QCOMPARE(verified.out, payload + '\n');
    }

    void inspectJwe()
    {
        const qint64 exp = QDateTime::currentSecsSinceEpoch() + 3600;
        const QByteArray plaintext = "{\"sub\":\"inspected\",\"exp\":" + QByteArray::number(exp) + "}";
        const QByteArray token = encryptToken(m_oct256, QStringLiteral("dir"), QStringLiteral("A256GCM"), plaintext);
        QVERIFY(!token.isEmpty());

        // Without a key: the structure is fine, exit 0, header shown, plaintext not.
        const CliRun noKey = cli({QStringLiteral("inspect"), QString::fromLatin1(token)});
        QVERIFY2(noKey.exitCode == 0, noKey.err.constData());
        QVERIFY2(noKey.out.startsWith("Kind: JWE"), noKey.out.constData());
        QVERIFY(noKey.out.contains("\"alg\": \"dir\""));
        QVERIFY(noKey.out.contains("\"enc\": \"A256GCM\""));
        QVERIFY(!noKey.out.contains("inspected"));

        // With the key: the key used and the plaintext are shown.
        const CliRun withKey = cli({QStringLiteral("inspect"), QString::fromLatin1(token), QStringLiteral("--key"), m_oct256});
        QVERIFY2(withKey.exitCode == 0, withKey.err.constData());
        QVERIFY2(withKey.out.contains("Key used: " + m_oct256.toUtf8()), withKey.out.constData());
        QVERIFY(withKey.out.contains(plaintext));
        QVERIFY(withKey.out.contains("Claims:"));

        // With a wrong key: exit 1 and the failing step on stderr.
        const CliRun wrongKey = cli({QStringLiteral("inspect"), QString::fromLatin1(token), QStringLiteral("--key"), m_otherOct256});
        QCOMPARE(wrongKey.exitCode, 1);
        QVERIFY2(wrongKey.err.startsWith("tokendesk-cli: tag-mismatch: "), wrongKey.err.constData());

        // --json: one compact line with the stable fields.
        const CliRun json = cli({QStringLiteral("inspect"), QStringLiteral("--json"), QStringLiteral("--key"), m_oct256, QString::fromLatin1(token)});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        QCOMPARE(json.out.count('\n'), 1);
        QVERIFY(json.out.endsWith('\n'));
        QJsonParseError parseError;
        const QJsonObject report = QJsonDocument::fromJson(json.out, &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("jwe"));
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("segments")).toArray().size(), 5);
        QCOMPARE(report.value(QStringLiteral("keyOperation")).toObject().value(QStringLiteral("keyUsed")).toString(), m_oct256);
        QCOMPARE(report.value(QStringLiteral("payload")).toString().toUtf8(), plaintext);

        const CliRun jsonNoKey = cli({QStringLiteral("inspect"), QStringLiteral("--json"), QString::fromLatin1(token)});
        QCOMPARE(jsonNoKey.exitCode, 0);
        const QJsonObject reportNoKey = QJsonDocument::fromJson(jsonNoKey.out).object();
        QCOMPARE(reportNoKey.value(QStringLiteral("kind")).toString(), QStringLiteral("jwe"));
        QCOMPARE(reportNoKey.value(QStringLiteral("segments")).toArray().size(), 5);
        QVERIFY(!jsonNoKey.out.contains("inspected"));
    }

    // An opaque token is information: exit 0, its kind and a note; keys given are not an error.
    void inspectOpaqueToken()
    {
        const QString token = QStringLiteral("8f2c1e9a7b3d4c5e6f708192a3b4c5d6");
        const CliRun plain = cli({QStringLiteral("inspect"), token});
        QVERIFY2(plain.exitCode == 0, plain.err.constData());
        QVERIFY2(plain.out.startsWith("Kind: opaque"), plain.out.constData());
        QVERIFY2(plain.out.contains("only its issuer can read it"), plain.out.constData());
        QVERIFY2(plain.err.isEmpty(), plain.err.constData());

        const CliRun json = cli({QStringLiteral("inspect"), QStringLiteral("--json"), token});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("opaque"));
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);

        const CliRun withKey = cli({QStringLiteral("inspect"), token, QStringLiteral("--key"), m_oct256});
        QCOMPARE(withKey.exitCode, 0);
        QVERIFY2(withKey.err.contains("the keys given were not used"), withKey.err.constData());

        // Two or four segments are not opaque: a broken compact token still fails.
        const CliRun broken = cli({QStringLiteral("inspect"), QStringLiteral("abc.def")});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.startsWith("tokendesk-cli: segment-count: "), broken.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString jwe = QStringLiteral("jwe");
        const QString jws = QStringLiteral("jws");
        const QString jwk = QStringLiteral("jwk");
        const QString key = QStringLiteral("--key");
        const QString alg = QStringLiteral("--alg");
        const QString enc = QStringLiteral("--enc");
        const QString token = QStringLiteral("a.b.c");
        QTest::newRow("no command") << QStringList() << QStringLiteral("no command");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command 'frobnicate'");
        QTest::newRow("unknown top-level flag") << QStringList{QStringLiteral("--frob")} << QStringLiteral("unknown flag '--frob'");
        QTest::newRow("unknown subcommand") << QStringList{jwk, QStringLiteral("rotate")} << QStringLiteral("unknown jwk subcommand 'rotate'");
        QTest::newRow("missing subcommand") << QStringList{jwe} << QStringLiteral("jwe needs a subcommand");
        QTest::newRow("unknown flag") << QStringList{jwe, QStringLiteral("decrypt"), key, m_oct256, QStringLiteral("--bogus"), token} << QStringLiteral("unknown flag '--bogus'");
        QTest::newRow("unknown short flag") << QStringList{jws, QStringLiteral("verify"), QStringLiteral("-k"), m_oct256, token} << QStringLiteral("unknown flag '-k'");
        QTest::newRow("missing --key decrypt") << QStringList{jwe, QStringLiteral("decrypt"), token} << QStringLiteral("--key is required");
        QTest::newRow("missing --key encrypt") << QStringList{jwe, QStringLiteral("encrypt"), alg, QStringLiteral("dir"), enc, QStringLiteral("A256GCM"), QStringLiteral("x")} << QStringLiteral("--key is required");
        QTest::newRow("missing --key verify") << QStringList{jws, QStringLiteral("verify"), token} << QStringLiteral("--key is required");
        QTest::newRow("missing --enc") << QStringList{jwe, QStringLiteral("encrypt"), key, m_oct256, alg, QStringLiteral("dir"), QStringLiteral("x")} << QStringLiteral("--enc is required");
        QTest::newRow("missing --alg sign") << QStringList{jws, QStringLiteral("sign"), key, m_oct256, QStringLiteral("x")} << QStringLiteral("--alg is required");
        QTest::newRow("bad jwe --alg") << QStringList{jwe, QStringLiteral("encrypt"), key, m_oct256, alg, QStringLiteral("XYZ"), enc, QStringLiteral("A256GCM"), QStringLiteral("x")} << QStringLiteral("--alg 'XYZ'");
        QTest::newRow("RSA1_5 cannot encrypt") << QStringList{jwe, QStringLiteral("encrypt"), key, m_rsaPub, alg, QStringLiteral("RSA1_5"), enc, QStringLiteral("A256GCM"), QStringLiteral("x")} << QStringLiteral("--alg 'RSA1_5'");
        QTest::newRow("bad --enc") << QStringList{jwe, QStringLiteral("encrypt"), key, m_oct256, alg, QStringLiteral("dir"), enc, QStringLiteral("A256XYZ"), QStringLiteral("x")} << QStringLiteral("--enc 'A256XYZ'");
        QTest::newRow("bad jws --alg") << QStringList{jws, QStringLiteral("sign"), key, m_oct256, alg, QStringLiteral("XYZ"), QStringLiteral("x")} << QStringLiteral("--alg 'XYZ'");
        QTest::newRow("jws --alg none") << QStringList{jws, QStringLiteral("sign"), key, m_oct256, alg, QStringLiteral("none"), QStringLiteral("x")} << QStringLiteral("--alg 'none'");
        QTest::newRow("flag without value") << QStringList{jws, QStringLiteral("verify"), key} << QStringLiteral("--key needs a value");
        QTest::newRow("switch with value") << QStringList{QStringLiteral("inspect"), QStringLiteral("--json=yes"), token} << QStringLiteral("--json takes no value");
        QTest::newRow("non-repeatable flag twice") << QStringList{jws, QStringLiteral("sign"), key, m_oct256, alg, QStringLiteral("HS256"), alg, QStringLiteral("HS384"), QStringLiteral("x")} << QStringLiteral("--alg given more than once");
        QTest::newRow("extra argument") << QStringList{jws, QStringLiteral("verify"), key, m_oct256, token, QStringLiteral("extra")} << QStringLiteral("unexpected argument 'extra'");
        QTest::newRow("missing --kty") << QStringList{jwk, QStringLiteral("gen")} << QStringLiteral("--kty is required");
        QTest::newRow("bad --kty") << QStringList{jwk, QStringLiteral("gen"), QStringLiteral("--kty"), QStringLiteral("DSA")} << QStringLiteral("unknown key type 'DSA'");
        QTest::newRow("bad --crv") << QStringList{jwk, QStringLiteral("gen"), QStringLiteral("--kty"), QStringLiteral("EC"), QStringLiteral("--crv"), QStringLiteral("P-192")} << QStringLiteral("unknown curve 'P-192'");
        QTest::newRow("bad RSA --size") << QStringList{jwk, QStringLiteral("gen"), QStringLiteral("--kty"), QStringLiteral("RSA"), QStringLiteral("--size"), QStringLiteral("1024")} << QStringLiteral("RSA --size must be");
        QTest::newRow("non-numeric --size") << QStringList{jwk, QStringLiteral("gen"), QStringLiteral("--kty"), QStringLiteral("oct"), QStringLiteral("--size"), QStringLiteral("big")} << QStringLiteral("--size needs a positive number");
        QTest::newRow("missing --to") << QStringList{jwk, QStringLiteral("convert"), m_ec256} << QStringLiteral("--to is required");
        QTest::newRow("bad --to") << QStringList{jwk, QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("der"), m_ec256} << QStringLiteral("unknown output format 'der'");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun run = cli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        const QList<QByteArray> lines = run.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).startsWith("tokendesk-cli: usage: "), run.err.constData());
        QVERIFY2(lines.at(0).contains(message.toUtf8()), run.err.constData());
        QVERIFY2(lines.at(1).startsWith("usage: tokendesk-cli "), run.err.constData());
    }

    void failures_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("code");

        const QString jwe = QStringLiteral("jwe");
        const QString jws = QStringLiteral("jws");
        const QString key = QStringLiteral("--key");
        const QString decrypt = QStringLiteral("decrypt");
        const QString verify = QStringLiteral("verify");

        const QByteArray kwToken = encryptToken(m_oct256, QStringLiteral("A256KW"), QStringLiteral("A256GCM"), "payload");
        const QByteArray dirToken = encryptToken(m_oct256, QStringLiteral("dir"), QStringLiteral("A256GCM"), "payload");
        const QByteArray ecdhToken = encryptToken(m_ec256Pub, QStringLiteral("ECDH-ES+A256KW"), QStringLiteral("A256GCM"), "payload");
        const QByteArray jwsToken = signToken(m_ec256, QStringLiteral("ES256"), "{\"a\":1}");
        QVERIFY(!kwToken.isEmpty() && !dirToken.isEmpty() && !ecdhToken.isEmpty() && !jwsToken.isEmpty());

        const QString garbage = writeFile(QStringLiteral("garbage.key"), "this is not a key, just some text\n");
        const QString missing = path(QStringLiteral("does-not-exist.jwk"));
        const QByteArray truncatedJwe = kwToken.left(kwToken.lastIndexOf('.'));
        const QByteArray truncatedJws = jwsToken.left(jwsToken.lastIndexOf('.'));

        QTest::newRow("wrong key A256KW") << QStringList{jwe, decrypt, key, m_otherOct256, QString::fromLatin1(kwToken)} << QByteArray() << QStringLiteral("key-unwrap-failed");
        QTest::newRow("wrong key ECDH-ES+A256KW") << QStringList{jwe, decrypt, key, m_otherEc256, QString::fromLatin1(ecdhToken)} << QByteArray() << QStringLiteral("key-unwrap-failed");
        QTest::newRow("wrong key dir") << QStringList{jwe, decrypt, key, m_otherOct256, QString::fromLatin1(dirToken)} << QByteArray() << QStringLiteral("tag-mismatch");
        QTest::newRow("tampered JWE ciphertext") << QStringList{jwe, decrypt, key, m_oct256, QString::fromLatin1(tamperSegment(kwToken, 3))} << QByteArray() << QStringLiteral("tag-mismatch");
        QTest::newRow("tampered JWS payload") << QStringList{jws, verify, key, m_ec256Pub, QString::fromLatin1(tamperSegment(jwsToken, 1))} << QByteArray() << QStringLiteral("signature-mismatch");
        QTest::newRow("wrong JWS key") << QStringList{jws, verify, key, m_otherEc256, QString::fromLatin1(jwsToken)} << QByteArray() << QStringLiteral("signature-mismatch");
        QTest::newRow("garbage key file") << QStringList{jwe, decrypt, key, garbage, QString::fromLatin1(kwToken)} << QByteArray() << QStringLiteral("key-parse");
        QTest::newRow("missing key file") << QStringList{jws, verify, key, missing, QString::fromLatin1(jwsToken)} << QByteArray() << QStringLiteral("io");
        QTest::newRow("missing KEYFILE for thumbprint") << QStringList{QStringLiteral("jwk"), QStringLiteral("thumbprint"), missing} << QByteArray() << QStringLiteral("io");
        QTest::newRow("truncated JWE") << QStringList{jwe, decrypt, key, m_oct256, QString::fromLatin1(truncatedJwe)} << QByteArray() << QStringLiteral("segment-count");
        QTest::newRow("truncated JWS") << QStringList{jws, verify, key, m_ec256Pub, QString::fromLatin1(truncatedJws)} << QByteArray() << QStringLiteral("segment-count");
        QTest::newRow("empty stdin") << QStringList{jwe, decrypt, key, m_oct256} << QByteArray() << QStringLiteral("empty-input");
        QTest::newRow("oct key for ECDH-ES") << QStringList{jwe, QStringLiteral("encrypt"), key, m_oct256, QStringLiteral("--alg"), QStringLiteral("ECDH-ES"), QStringLiteral("--enc"), QStringLiteral("A256GCM"), QStringLiteral("x")} << QByteArray() << QStringLiteral("key-type-mismatch");
        QTest::newRow("sign with a public key") << QStringList{jws, QStringLiteral("sign"), key, m_ec256Pub, QStringLiteral("--alg"), QStringLiteral("ES256"), QStringLiteral("x")} << QByteArray() << QStringLiteral("key-not-private");
    }

    void failures()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(QString, code);
        const CliRun run = cli(args, input);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.startsWith(QStringLiteral("tokendesk-cli: %1: ").arg(code).toUtf8()), run.err.constData());
    }

    void stdinInput()
    {
        const QByteArray jwe = encryptToken(m_ec256Pub, QStringLiteral("ECDH-ES+A256KW"), QStringLiteral("A256GCM"), "from stdin");
        const QByteArray jws = signToken(m_oct256, QStringLiteral("HS256"), "signed payload");
        QVERIFY(!jwe.isEmpty() && !jws.isEmpty());

        // Token absent: standard input (with the newline a pipe usually adds).
        CliRun run = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), m_ec256}, jwe + '\n');
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("from stdin\n"));
        // Token "-": standard input too.
        run = cli({QStringLiteral("jws"), QStringLiteral("verify"), QStringLiteral("--key"), m_oct256, QStringLiteral("-")}, jws);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("signed payload\n"));
        // Key for thumbprint from standard input equals the one read from the file.
        run = cli({QStringLiteral("jwk"), QStringLiteral("thumbprint")}, readFile(m_rsa));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out.trimmed(), thumbprint(m_rsa));
        // Key for conversion from standard input ("-").
        run = cli({QStringLiteral("jwk"), QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("jwk"), QStringLiteral("--public"), QStringLiteral("-")}, readFile(m_ec256));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).object(), QJsonDocument::fromJson(readFile(m_ec256Pub)).object());
        // Inspect from standard input.
        run = cli({QStringLiteral("inspect"), QStringLiteral("--json")}, jws + "\n");
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kind")).toString(), QStringLiteral("jws"));
        // Plaintext from standard input is used as is (its newline included).
        const QByteArray token = encryptToken(m_oct128, QStringLiteral("A128KW"), QStringLiteral("A128GCM"), "piped\n");
        run = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), m_oct128, QString::fromLatin1(token)});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("piped\n"));
    }

    void stdinLargerThanLimitIsRefused()
    {
        const QByteArray big(16 * 1024 * 1024 + 100, 'A');
        const CliRun run = cli({QStringLiteral("jwe"), QStringLiteral("decrypt"), QStringLiteral("--key"), m_oct256}, big);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: input-too-large: "), run.err.constData());
    }

    void closedStdinDoesNotHang_data()
    {
        QTest::addColumn<bool>("closeDescriptor");
        QTest::newRow("stdin is /dev/null") << false;
        QTest::newRow("stdin descriptor closed") << true;
    }

    void closedStdinDoesNotHang()
    {
        QFETCH(bool, closeDescriptor);
        QProcess process;
        process.setProgram(QStringLiteral(TOKENDESK_CLI_PATH));
        process.setArguments({QStringLiteral("inspect")});
        if (closeDescriptor)
            process.setChildProcessModifier([] { ::close(STDIN_FILENO); });
        else
            process.setStandardInputFile(QProcess::nullDevice());
        process.start();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 1);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.startsWith("tokendesk-cli: empty-input: "), err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_Cli.moc"
