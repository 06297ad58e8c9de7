// SPDX-License-Identifier: GPL-3.0-or-later
// Interop with the independent `jose` CLI (Debian package `jose` 11, libjose): every supported JWE
// alg/enc pair and key type in both directions, JWS sign/verify in both directions, and RFC 7638
// thumbprints. jose is driven through QProcess with files in a temporary directory.
//
// What jose 11 (Debian 12) cannot do, verified by running it, and therefore not in the tables:
// - RSA-OAEP and RSA-OAEP-256, either direction: jose cannot wrap or unwrap RSA-OAEP keys at all;
//   `jose jwe enc` prints "Wrapping failed!" and `jose jwe dec` prints "Unwrapping failed!" even
//   for its own keys and for the RFC 7520 §5.2 token with its published key. RSA-OAEP is covered
//   by the RFC 7520 §5.2 vector and TokenDesk's own round trips in tests/unit/tst_JweCompact.cpp.
// - RSA1_5 TokenDesk -> jose: TokenDesk never encrypts with RSA1_5 (decrypt only, reported as
//   weak), so only jose -> TokenDesk is tested.
// - PBES2 with TokenDesk's default count (p2c 310000): libjose refuses any p2c above 32768, both
//   when encrypting ("Wrapping failed!") and when decrypting ("Unwrapping failed!"; checked with a
//   hand-made p2c 32769 token). TokenDesk -> jose PBES2 rows therefore set p2c = 32768, jose's own
//   default and maximum. A token made with TokenDesk's default count cannot be read by jose.
// - S224 thumbprints: jose offers them, TokenDesk does not (SHA-1/256/384/512 only).

#include "core/Error.h"
#include "core/crypto/Digest.h"
#include "core/crypto/SecureBytes.h"
#include "core/jose/Base64Url.h"
#include "core/jose/JoseAlgorithms.h"
#include "core/jose/JweCompact.h"
#include "core/jose/JwsCompact.h"
#include "core/jose/Jwk.h"
#include "core/jose/KeyFormats.h"

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

Q_DECLARE_METATYPE(td::ErrorCode)

using namespace td;

namespace {

// A payload that is not plain ASCII: UTF-8 text, a NUL and bytes that are not UTF-8, so that
// neither side can get away with treating it as a C string or as text.
QByteArray interopPayload()
{
    static const char bytes[] = "TokenDesk \xe2\x86\x94 jose interop \x00\x01\xfe\xff {\"sub\":\"42\"} end";
    return QByteArray(bytes, static_cast<qsizetype>(sizeof(bytes) - 1));
}

// libjose's upper limit for p2c (lib/openssl/pbes2.c); see the header comment.
constexpr int kJoseMaxP2c = 32768;

struct JoseRun {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QString describeRun(const QStringList &args, const JoseRun &run)
{
    return QStringLiteral("jose %1 -> %2, stderr: %3")
        .arg(args.join(QLatin1Char(' ')),
             run.finished ? QString::number(run.exitCode) : QStringLiteral("did not finish"),
             QString::fromUtf8(run.err.trimmed()));
}

QString describeError(const Error &error)
{
    return QStringLiteral("%1: %2").arg(errorCodeName(error.code), error.toString());
}

// QVERIFY2 evaluates its message even when the check passes (Qt 6.4), so the message must not
// touch error() of a successful Result.
template <typename T>
QByteArray why(const Result<T> &result)
{
    return result.ok() ? QByteArray() : describeError(result.error()).toUtf8();
}

std::optional<Curve> curveOfKind(const QString &kind)
{
    if (kind == QLatin1String("EC P-256"))
        return Curve::P256;
    if (kind == QLatin1String("EC P-384"))
        return Curve::P384;
    if (kind == QLatin1String("EC P-521"))
        return Curve::P521;
    return std::nullopt;
}

std::optional<DigestAlgorithm> digestOfJoseName(const QString &name)
{
    if (name == QLatin1String("S1"))
        return DigestAlgorithm::Sha1;
    if (name == QLatin1String("S256") || name.isEmpty())
        return DigestAlgorithm::Sha256;
    if (name == QLatin1String("S384"))
        return DigestAlgorithm::Sha384;
    if (name == QLatin1String("S512"))
        return DigestAlgorithm::Sha512;
    return std::nullopt;
}

// Bits of the oct key an alg/enc pair needs (dir: the CEK; AES-KW and AES-GCMKW: the KEK).
int octBitsFor(JweAlg alg, JweEnc enc)
{
    switch (alg) {
    case JweAlg::Dir: return encKeyBytes(enc) * 8;
    case JweAlg::A128KW:
    case JweAlg::A128GCMKW: return 128;
    case JweAlg::A192KW:
    case JweAlg::A192GCMKW: return 192;
    case JweAlg::A256KW:
    case JweAlg::A256GCMKW: return 256;
    default: return 0;
    }
}

bool isPbes2(JweAlg alg)
{
    return alg == JweAlg::Pbes2Hs256A128KW || alg == JweAlg::Pbes2Hs384A192KW || alg == JweAlg::Pbes2Hs512A256KW;
}

bool isEcdh(JweAlg alg)
{
    return alg == JweAlg::EcdhEs || alg == JweAlg::EcdhEsA128KW || alg == JweAlg::EcdhEsA192KW
        || alg == JweAlg::EcdhEsA256KW;
}

QByteArray flipLastByteOfSegment(const QByteArray &compact, int segment)
{
    QList<QByteArray> parts = compact.split('.');
    Result<QByteArray> decoded = Base64Url::decode(parts.at(segment));
    if (!decoded.ok() || decoded->isEmpty())
        return {};
    QByteArray bytes = decoded.value();
    bytes[bytes.size() - 1] = static_cast<char>(bytes.at(bytes.size() - 1) ^ 0x01);
    parts[segment] = Base64Url::encode(bytes);
    return parts.join('.');
}

} // namespace

class tst_JoseInterop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void joseEncryptsTokenDeskDecrypts_data();
    void joseEncryptsTokenDeskDecrypts();
    void tokenDeskEncryptsJoseDecrypts_data();
    void tokenDeskEncryptsJoseDecrypts();

    void joseSignsTokenDeskVerifies_data();
    void joseSignsTokenDeskVerifies();
    void tokenDeskSignsJoseVerifies_data();
    void tokenDeskSignsJoseVerifies();

    void thumbprintsAgree_data();
    void thumbprintsAgree();

    void tamperedJoseTokensAreRejected_data();
    void tamperedJoseTokensAreRejected();

private:
    static void addJweRows(bool tokenDeskEncrypts);
    static void addJwsRows();

    JoseRun jose(const QStringList &args) const;
    bool writeFile(const QString &path, const QByteArray &bytes) const;
    // A key made by TokenDesk for the row's key kind (EC curve, the run's RSA key, an oct key of
    // `octBits`, or a PBES2 password).
    Result<Jwk> tokenDeskKey(const QString &kind, int octBits, bool password) const;
    // A private key generated by jose (`jose jwk gen`) from the template, as JWK text.
    QByteArray joseGenerate(const QByteArray &templateJson) const;
    QByteArray joseGenerateForKind(const QString &kind, const QByteArray &octTemplate) const;

    QString m_jose;
    QTemporaryDir m_dir;
    // RSA key generation is slow: one key per side per run, reused by every RSA row.
    std::optional<Jwk> m_tokenDeskRsa;
    QByteArray m_joseRsa;
};

void tst_JoseInterop::initTestCase()
{
    m_jose = QStandardPaths::findExecutable(QStringLiteral("jose"));
    if (m_jose.isEmpty() && QFile::exists(QStringLiteral("/usr/bin/jose")))
        m_jose = QStringLiteral("/usr/bin/jose");
    QVERIFY2(!m_jose.isEmpty(),
             "the `jose` CLI (/usr/bin/jose, Debian package `jose`) is not installed: run scripts/bootstrap");
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));

    // Smoke check that this is a jose that knows the algorithms the tables use.
    const JoseRun algs = jose({QStringLiteral("alg")});
    QVERIFY2(algs.finished && algs.exitCode == 0, qPrintable(describeRun({QStringLiteral("alg")}, algs)));
    for (const char *name : {"ECDH-ES+A256KW", "PBES2-HS512+A256KW", "A256GCMKW", "PS512", "ES512", "RSA1_5"})
        QVERIFY2(algs.out.split('\n').contains(QByteArray(name)), name);

    Result<Jwk> rsa = Jwk::generateRsa(2048);
    QVERIFY2(rsa.ok(), why(rsa).constData());
    m_tokenDeskRsa = rsa.value();
    m_joseRsa = joseGenerate(R"({"kty":"RSA","bits":2048})");
    QVERIFY2(!m_joseRsa.isEmpty(), "jose could not generate an RSA key");
}

JoseRun tst_JoseInterop::jose(const QStringList &args) const
{
    JoseRun run;
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(m_jose, args);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(120000) && process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

bool tst_JoseInterop::writeFile(const QString &path, const QByteArray &bytes) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

Result<Jwk> tst_JoseInterop::tokenDeskKey(const QString &kind, int octBits, bool password) const
{
    if (const std::optional<Curve> curve = curveOfKind(kind))
        return Jwk::generateEc(*curve);
    if (kind == QLatin1String("RSA"))
        return *m_tokenDeskRsa;
    if (password)
        return Jwk::fromOctets(SecureBytes(QByteArrayView("interop: correct horse battery staple")));
    return Jwk::generateOct(octBits);
}

QByteArray tst_JoseInterop::joseGenerate(const QByteArray &templateJson) const
{
    const QStringList args{QStringLiteral("jwk"), QStringLiteral("gen"), QStringLiteral("-i"),
                           QString::fromUtf8(templateJson), QStringLiteral("-o"), QStringLiteral("-")};
    const JoseRun run = jose(args);
    if (!run.finished || run.exitCode != 0) {
        qWarning("%s", qPrintable(describeRun(args, run)));
        return {};
    }
    return run.out.trimmed();
}

QByteArray tst_JoseInterop::joseGenerateForKind(const QString &kind, const QByteArray &octTemplate) const
{
    if (const std::optional<Curve> curve = curveOfKind(kind))
        return joseGenerate(R"({"kty":"EC","crv":")" + curveName(*curve).toUtf8() + R"("})");
    if (kind == QLatin1String("RSA"))
        return m_joseRsa;
    return joseGenerate(octTemplate);
}

// ---- JWE ----------------------------------------------------------------------------------------

void tst_JoseInterop::addJweRows(bool tokenDeskEncrypts)
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("enc");
    QTest::addColumn<QString>("keyKind");

    const QStringList curves{QStringLiteral("EC P-256"), QStringLiteral("EC P-384"), QStringLiteral("EC P-521")};
    for (const QString &algName : allJweAlgNames()) {
        const JweAlg alg = *jweAlgFromName(algName);
        // Not testable against jose: see the comment at the top of the file.
        if (alg == JweAlg::RsaOaep || alg == JweAlg::RsaOaep256)
            continue;
        if (tokenDeskEncrypts && !canEncrypt(alg))
            continue;
        QStringList kinds;
        if (isEcdh(alg))
            kinds = curves;
        else if (alg == JweAlg::Rsa1_5)
            kinds = {QStringLiteral("RSA")};
        else
            kinds = {isPbes2(alg) ? QStringLiteral("password") : QStringLiteral("oct")};
        for (const QString &encName : allJweEncNames()) {
            for (const QString &kind : kinds) {
                QTest::addRow("%s %s %s", qPrintable(algName), qPrintable(encName), qPrintable(kind))
                    << algName << encName << kind;
            }
        }
    }
}

void tst_JoseInterop::joseEncryptsTokenDeskDecrypts_data()
{
    addJweRows(false);
}

// TokenDesk makes the key and hands jose the public JWK (the secret for oct/PBES2); jose encrypts;
// TokenDesk parses and decrypts with its own key.
void tst_JoseInterop::joseEncryptsTokenDeskDecrypts()
{
    QFETCH(QString, alg);
    QFETCH(QString, enc);
    QFETCH(QString, keyKind);
    const JweAlg jweAlg = *jweAlgFromName(alg);
    const JweEnc jweEnc = *jweEncFromName(enc);

    Result<Jwk> key = tokenDeskKey(keyKind, octBitsFor(jweAlg, jweEnc), isPbes2(jweAlg));
    QVERIFY2(key.ok(), why(key).constData());
    QByteArray keyText;
    if (key->type() == KeyType::Oct) {
        keyText = key->toJsonText(true);
    } else {
        Result<Jwk> publicKey = key->publicKey();
        QVERIFY2(publicKey.ok(), why(publicKey).constData());
        keyText = publicKey->toJsonText(false);
    }

    QTemporaryDir dir(m_dir.filePath(QStringLiteral("row-XXXXXX")));
    const QString keyPath = dir.filePath(QStringLiteral("key.jwk"));
    const QString msgPath = dir.filePath(QStringLiteral("msg"));
    QVERIFY(writeFile(keyPath, keyText));
    QVERIFY(writeFile(msgPath, interopPayload()));

    const QString protectedHeader = QStringLiteral(R"({"protected":{"alg":"%1","enc":"%2"}})").arg(alg, enc);
    const QStringList args{QStringLiteral("jwe"), QStringLiteral("enc"), QStringLiteral("-I"), msgPath,
                           QStringLiteral("-k"), keyPath, QStringLiteral("-i"), protectedHeader,
                           QStringLiteral("-c"), QStringLiteral("-o"), QStringLiteral("-")};
    const JoseRun run = jose(args);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describeRun(args, run)));
    const QByteArray compact = run.out.trimmed();
    QCOMPARE(compact.count('.'), 4);

    Result<JweToken> token = JweCompact::parse(compact);
    QVERIFY2(token.ok(), why(token).constData());
    QCOMPARE(jweAlgName(token->alg), alg);
    QCOMPARE(jweEncName(token->enc), enc);

    Result<QByteArray> plaintext = JweCompact::decrypt(token.value(), key.value());
    QVERIFY2(plaintext.ok(), why(plaintext).constData());
    QCOMPARE(plaintext.value(), interopPayload());
}

void tst_JoseInterop::tokenDeskEncryptsJoseDecrypts_data()
{
    addJweRows(true);
}

// jose makes the key; TokenDesk imports its public JWK (the secret for oct/PBES2) and encrypts;
// jose decrypts with its private key.
void tst_JoseInterop::tokenDeskEncryptsJoseDecrypts()
{
    QFETCH(QString, alg);
    QFETCH(QString, enc);
    QFETCH(QString, keyKind);
    const JweAlg jweAlg = *jweAlgFromName(alg);
    const JweEnc jweEnc = *jweEncFromName(enc);

    // jose's oct templates: {"alg":"A128KW"} etc. give a key of the right size; for dir the
    // template names the enc.
    const QByteArray octTemplate = R"({"alg":")" + (jweAlg == JweAlg::Dir ? enc : alg).toUtf8() + R"("})";
    const QByteArray privateText = joseGenerateForKind(keyKind, octTemplate);
    QVERIFY2(!privateText.isEmpty(), "jose could not generate the key");

    QTemporaryDir dir(m_dir.filePath(QStringLiteral("row-XXXXXX")));
    const QString keyPath = dir.filePath(QStringLiteral("key.jwk"));
    const QString tokenPath = dir.filePath(QStringLiteral("token.jwe"));
    QVERIFY(writeFile(keyPath, privateText));

    QByteArray importText = privateText;
    if (keyKind != QLatin1String("oct") && keyKind != QLatin1String("password")) {
        const QStringList pubArgs{QStringLiteral("jwk"), QStringLiteral("pub"), QStringLiteral("-i"), keyPath,
                                  QStringLiteral("-o"), QStringLiteral("-")};
        const JoseRun pub = jose(pubArgs);
        QVERIFY2(pub.finished && pub.exitCode == 0, qPrintable(describeRun(pubArgs, pub)));
        importText = pub.out.trimmed();
    }
    Result<Jwk> key = Jwk::fromJsonText(importText);
    QVERIFY2(key.ok(), why(key).constData());

    JweEncryptOptions options;
    options.alg = jweAlg;
    options.enc = jweEnc;
    if (isPbes2(jweAlg))
        options.p2c = kJoseMaxP2c; // TokenDesk's default is above what jose accepts
    Result<QByteArray> compact = JweCompact::encrypt(interopPayload(), key.value(), options);
    QVERIFY2(compact.ok(), why(compact).constData());
    QVERIFY(writeFile(tokenPath, compact.value()));

    const QStringList args{QStringLiteral("jwe"), QStringLiteral("dec"), QStringLiteral("-i"), tokenPath,
                           QStringLiteral("-k"), keyPath, QStringLiteral("-O"), QStringLiteral("-")};
    const JoseRun run = jose(args);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describeRun(args, run)));
    QCOMPARE(run.out, interopPayload());
}

// ---- JWS ----------------------------------------------------------------------------------------

void tst_JoseInterop::addJwsRows()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyKind");
    for (const QString &algName : allJwsAlgNames()) {
        QString kind = QStringLiteral("RSA");
        if (algName == QLatin1String("ES256"))
            kind = QStringLiteral("EC P-256");
        else if (algName == QLatin1String("ES384"))
            kind = QStringLiteral("EC P-384");
        else if (algName == QLatin1String("ES512"))
            kind = QStringLiteral("EC P-521");
        else if (algName.startsWith(QLatin1String("HS")))
            kind = QStringLiteral("oct");
        QTest::addRow("%s %s", qPrintable(algName), qPrintable(kind)) << algName << kind;
    }
}

// HS keys as long as the hash (RFC 7518 §3.2; jose refuses shorter ones).
static int hmacBits(const QString &alg)
{
    return alg.mid(2).toInt();
}

void tst_JoseInterop::joseSignsTokenDeskVerifies_data()
{
    addJwsRows();
}

// jose makes the key and signs; TokenDesk imports the public JWK (the secret for HS) and verifies.
void tst_JoseInterop::joseSignsTokenDeskVerifies()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyKind);

    const QByteArray privateText = joseGenerateForKind(keyKind, R"({"alg":")" + alg.toUtf8() + R"("})");
    QVERIFY2(!privateText.isEmpty(), "jose could not generate the key");

    QTemporaryDir dir(m_dir.filePath(QStringLiteral("row-XXXXXX")));
    const QString keyPath = dir.filePath(QStringLiteral("key.jwk"));
    const QString msgPath = dir.filePath(QStringLiteral("msg"));
    QVERIFY(writeFile(keyPath, privateText));
    QVERIFY(writeFile(msgPath, interopPayload()));

    const QString signatureTemplate = QStringLiteral(R"({"protected":{"alg":"%1"}})").arg(alg);
    const QStringList args{QStringLiteral("jws"), QStringLiteral("sig"), QStringLiteral("-I"), msgPath,
                           QStringLiteral("-k"), keyPath, QStringLiteral("-s"), signatureTemplate,
                           QStringLiteral("-c"), QStringLiteral("-o"), QStringLiteral("-")};
    const JoseRun run = jose(args);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describeRun(args, run)));
    const QByteArray compact = run.out.trimmed();
    QCOMPARE(compact.count('.'), 2);

    QByteArray importText = privateText;
    if (keyKind != QLatin1String("oct")) {
        const QStringList pubArgs{QStringLiteral("jwk"), QStringLiteral("pub"), QStringLiteral("-i"), keyPath,
                                  QStringLiteral("-o"), QStringLiteral("-")};
        const JoseRun pub = jose(pubArgs);
        QVERIFY2(pub.finished && pub.exitCode == 0, qPrintable(describeRun(pubArgs, pub)));
        importText = pub.out.trimmed();
    }
    Result<Jwk> key = Jwk::fromJsonText(importText);
    QVERIFY2(key.ok(), why(key).constData());

    Result<JwsToken> token = JwsCompact::parse(compact);
    QVERIFY2(token.ok(), why(token).constData());
    QCOMPARE(jwsAlgName(token->alg), alg);
    QCOMPARE(token->payload, interopPayload());
    const Result<void> verified = JwsCompact::verify(token.value(), key.value());
    QVERIFY2(verified.ok(), why(verified).constData());
}

void tst_JoseInterop::tokenDeskSignsJoseVerifies_data()
{
    addJwsRows();
}

// TokenDesk makes the key and signs; jose verifies with the public JWK TokenDesk wrote (the
// secret for HS).
void tst_JoseInterop::tokenDeskSignsJoseVerifies()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyKind);

    Result<Jwk> key = tokenDeskKey(keyKind, hmacBits(alg), false);
    QVERIFY2(key.ok(), why(key).constData());
    QByteArray keyText;
    if (key->type() == KeyType::Oct) {
        keyText = key->toJsonText(true);
    } else {
        Result<Jwk> publicKey = key->publicKey();
        QVERIFY2(publicKey.ok(), why(publicKey).constData());
        keyText = publicKey->toJsonText(false);
    }

    JwsSignOptions options;
    options.alg = *jwsAlgFromName(alg);
    Result<QByteArray> compact = JwsCompact::sign(interopPayload(), key.value(), options);
    QVERIFY2(compact.ok(), why(compact).constData());

    QTemporaryDir dir(m_dir.filePath(QStringLiteral("row-XXXXXX")));
    const QString keyPath = dir.filePath(QStringLiteral("key.jwk"));
    const QString tokenPath = dir.filePath(QStringLiteral("token.jws"));
    QVERIFY(writeFile(keyPath, keyText));
    QVERIFY(writeFile(tokenPath, compact.value()));

    const QStringList args{QStringLiteral("jws"), QStringLiteral("ver"), QStringLiteral("-i"), tokenPath,
                           QStringLiteral("-k"), keyPath, QStringLiteral("-O"), QStringLiteral("-")};
    const JoseRun run = jose(args);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describeRun(args, run)));
    QCOMPARE(run.out, interopPayload());
}

// ---- thumbprints --------------------------------------------------------------------------------

void tst_JoseInterop::thumbprintsAgree_data()
{
    QTest::addColumn<QString>("keyKind");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("hash"); // jose's name; empty = both tools' default (SHA-256)

    const QStringList kinds{QStringLiteral("EC P-256"), QStringLiteral("EC P-384"), QStringLiteral("EC P-521"),
                            QStringLiteral("RSA"), QStringLiteral("oct")};
    // "jose": generated by jose, imported by TokenDesk with KeyFormats::parse (private key).
    // "TokenDesk private" / "TokenDesk public": generated by TokenDesk, written as JWK for jose.
    const QStringList sources{QStringLiteral("jose"), QStringLiteral("TokenDesk private"),
                              QStringLiteral("TokenDesk public")};
    const QStringList hashes{QString(), QStringLiteral("S1"), QStringLiteral("S256"), QStringLiteral("S384"),
                             QStringLiteral("S512")};
    for (const QString &kind : kinds) {
        for (const QString &source : sources) {
            if (kind == QLatin1String("oct") && source == QLatin1String("TokenDesk public"))
                continue; // an oct key has no public part
            for (const QString &hash : hashes) {
                QTest::addRow("%s from %s %s", qPrintable(kind), qPrintable(source),
                              hash.isEmpty() ? "default" : qPrintable(hash))
                    << kind << source << hash;
            }
        }
    }
}

void tst_JoseInterop::thumbprintsAgree()
{
    QFETCH(QString, keyKind);
    QFETCH(QString, source);
    QFETCH(QString, hash);

    QTemporaryDir dir(m_dir.filePath(QStringLiteral("row-XXXXXX")));
    const QString keyPath = dir.filePath(QStringLiteral("key.jwk"));

    std::optional<Jwk> key;
    if (source == QLatin1String("jose")) {
        const QByteArray text = joseGenerateForKind(keyKind, R"({"kty":"oct","bytes":32})");
        QVERIFY2(!text.isEmpty(), "jose could not generate the key");
        QVERIFY(writeFile(keyPath, text));
        Result<ImportedKeys> imported = KeyFormats::parse(text);
        QVERIFY2(imported.ok(), why(imported).constData());
        QCOMPARE(imported->format, KeyFormat::Jwk);
        QCOMPARE(imported->keys.size(), 1);
        key = imported->keys.first();
        QCOMPARE(key->hasPrivate(), true);
    } else {
        Result<Jwk> generated = tokenDeskKey(keyKind, 256, false);
        QVERIFY2(generated.ok(), why(generated).constData());
        key = generated.value();
        if (source == QLatin1String("TokenDesk public")) {
            Result<Jwk> publicKey = key->publicKey();
            QVERIFY2(publicKey.ok(), why(publicKey).constData());
            key = publicKey.value();
        }
        QVERIFY(writeFile(keyPath, key->toJsonText(true)));
    }

    QStringList args{QStringLiteral("jwk"), QStringLiteral("thp"), QStringLiteral("-i"), keyPath};
    if (!hash.isEmpty())
        args << QStringLiteral("-a") << hash;
    const JoseRun run = jose(args);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describeRun(args, run)));
    const QString joseThumbprint = QString::fromUtf8(run.out.trimmed());

    const QString ours = hash.isEmpty() ? key->thumbprint() : key->thumbprint(*digestOfJoseName(hash));
    QCOMPARE(ours, joseThumbprint);
}

// ---- tokens from jose that were altered must fail at the right step ---------------------------

void tst_JoseInterop::tamperedJoseTokensAreRejected_data()
{
    QTest::addColumn<QString>("kind");    // "JWE" or "JWS"
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("enc");
    QTest::addColumn<QString>("keyKind");
    QTest::addColumn<int>("segment");     // the segment whose last byte is flipped
    QTest::addColumn<ErrorCode>("expected");

    QTest::newRow("JWE A256KW A256GCM tag") << "JWE" << "A256KW" << "A256GCM" << "oct" << 4 << ErrorCode::TagMismatch;
    QTest::newRow("JWE dir A128CBC-HS256 tag") << "JWE" << "dir" << "A128CBC-HS256" << "oct" << 4
                                               << ErrorCode::TagMismatch;
    QTest::newRow("JWE ECDH-ES+A256KW A256GCM ciphertext")
        << "JWE" << "ECDH-ES+A256KW" << "A256GCM" << "EC P-256" << 3 << ErrorCode::TagMismatch;
    QTest::newRow("JWE A128KW A128GCM encrypted key")
        << "JWE" << "A128KW" << "A128GCM" << "oct" << 1 << ErrorCode::KeyUnwrapFailed;
    QTest::newRow("JWS ES256 signature") << "JWS" << "ES256" << "" << "EC P-256" << 2
                                         << ErrorCode::SignatureMismatch;
    QTest::newRow("JWS HS256 signature") << "JWS" << "HS256" << "" << "oct" << 2 << ErrorCode::SignatureMismatch;
    QTest::newRow("JWS PS256 signature") << "JWS" << "PS256" << "" << "RSA" << 2 << ErrorCode::SignatureMismatch;
}

void tst_JoseInterop::tamperedJoseTokensAreRejected()
{
    QFETCH(QString, kind);
    QFETCH(QString, alg);
    QFETCH(QString, enc);
    QFETCH(QString, keyKind);
    QFETCH(int, segment);
    QFETCH(ErrorCode, expected);

    const bool isJwe = kind == QLatin1String("JWE");
    const QString templateAlg = isJwe && alg == QLatin1String("dir") ? enc : alg;
    const QByteArray privateText = joseGenerateForKind(keyKind, R"({"alg":")" + templateAlg.toUtf8() + R"("})");
    QVERIFY2(!privateText.isEmpty(), "jose could not generate the key");

    QTemporaryDir dir(m_dir.filePath(QStringLiteral("row-XXXXXX")));
    const QString keyPath = dir.filePath(QStringLiteral("key.jwk"));
    const QString msgPath = dir.filePath(QStringLiteral("msg"));
    QVERIFY(writeFile(keyPath, privateText));
    QVERIFY(writeFile(msgPath, interopPayload()));

    QStringList args;
    if (isJwe) {
        args = QStringList{QStringLiteral("jwe"), QStringLiteral("enc"), QStringLiteral("-I"), msgPath,
                           QStringLiteral("-k"), keyPath, QStringLiteral("-i"),
                           QStringLiteral(R"({"protected":{"alg":"%1","enc":"%2"}})").arg(alg, enc),
                           QStringLiteral("-c"), QStringLiteral("-o"), QStringLiteral("-")};
    } else {
        args = QStringList{QStringLiteral("jws"), QStringLiteral("sig"), QStringLiteral("-I"), msgPath,
                           QStringLiteral("-k"), keyPath, QStringLiteral("-s"),
                           QStringLiteral(R"({"protected":{"alg":"%1"}})").arg(alg), QStringLiteral("-c"),
                           QStringLiteral("-o"), QStringLiteral("-")};
    }
    const JoseRun run = jose(args);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describeRun(args, run)));
    const QByteArray tampered = flipLastByteOfSegment(run.out.trimmed(), segment);
    QVERIFY(!tampered.isEmpty());

    // The private key as jose wrote it: decryption needs it, and for verification the private
    // JWK must work as well as the public one.
    Result<Jwk> key = Jwk::fromJsonText(privateText);
    QVERIFY2(key.ok(), why(key).constData());

    if (isJwe) {
        Result<QByteArray> plaintext = JweCompact::decrypt(tampered, key.value());
        QVERIFY2(!plaintext.ok(), "an altered token decrypted");
        QCOMPARE(errorCodeName(plaintext.error().code), errorCodeName(expected));
    } else {
        Result<JwsToken> token = JwsCompact::parse(tampered);
        QVERIFY2(token.ok(), why(token).constData());
        const Result<void> verified = JwsCompact::verify(token.value(), key.value());
        QVERIFY2(!verified.ok(), "an altered signature verified");
        QCOMPARE(errorCodeName(verified.error().code), errorCodeName(expected));
    }
}

QTEST_GUILESS_MAIN(tst_JoseInterop)
#include "tst_JoseInterop.moc"
