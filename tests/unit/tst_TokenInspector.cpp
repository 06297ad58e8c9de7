// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inspect/TokenInspector.h"
#include "core/jose/Base64Url.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace td;

class tst_TokenInspector : public QObject
{
    Q_OBJECT

private:
    // A fixed clock: 2026-01-01T00:00:00Z.
    const QDateTime m_now = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);

    static Jwk octKey(int bits)
    {
        auto key = Jwk::generateOct(bits);
        return key.value();
    }

    static QByteArray encrypt(const QByteArray &plaintext, const Jwk &key, JweAlg alg = JweAlg::Dir)
    {
        JweEncryptOptions options;
        options.alg = alg;
        options.enc = JweEnc::A256GCM;
        auto token = JweCompact::encrypt(plaintext, key, options);
        if (!token)
            qFatal("encrypt failed: %s", qPrintable(token.error().message));
        return token.value();
    }

    static QByteArray sign(const QByteArray &payload, const Jwk &key, JwsAlg alg)
    {
        JwsSignOptions options;
        options.alg = alg;
        options.typ = QStringLiteral("JWT");
        auto token = JwsCompact::sign(payload, key, options);
        if (!token)
            qFatal("sign failed: %s", qPrintable(token.error().message));
        return token.value();
    }

    static bool hasDiagnostic(const InspectionReport &report, Diagnostic::Severity severity, ErrorCode code)
    {
        for (const Diagnostic &diagnostic : report.diagnostics)
            if (diagnostic.severity == severity && diagnostic.code == code)
                return true;
        return false;
    }

private slots:
    void emptyInput()
    {
        const auto report = TokenInspector::inspect("  \n", {}, m_now);
        QCOMPARE(report.kind, InspectionReport::Kind::Empty);
        QVERIFY(report.error.has_value());
        QCOMPARE(report.error->code, ErrorCode::EmptyInput);
    }

    void tenMebibytesIsRefused()
    {
        const QByteArray huge(10 * 1024 * 1024, 'A');
        const auto report = TokenInspector::inspect(huge, {}, m_now);
        QVERIFY(report.error.has_value());
        QCOMPARE(report.error->code, ErrorCode::InputTooLarge);
    }

    void opaqueToken()
    {
        const auto report = TokenInspector::inspect("f3a9c1d2e4b5a6978877665544332211", {}, m_now);
        QCOMPARE(report.kind, InspectionReport::Kind::Opaque);
        QVERIFY(!report.error.has_value());
        QVERIFY(report.segments.isEmpty());
        QVERIFY(hasDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::SegmentCount));
    }

    void wrongSegmentCount()
    {
        const auto report = TokenInspector::inspect("aaa.bbb.ccc.ddd", {}, m_now);
        QVERIFY(report.error.has_value());
        QCOMPARE(report.error->code, ErrorCode::SegmentCount);
        QVERIFY2(report.error->message.contains(QStringLiteral("4 segments")), qPrintable(report.error->message));
    }

    void jweWithoutKeyShowsStructure()
    {
        const QByteArray token = encrypt("hello", octKey(256));
        const auto report = TokenInspector::inspect(token, {}, m_now);
        QCOMPARE(report.kind, InspectionReport::Kind::Jwe);
        QVERIFY(report.structureOk);
        QVERIFY(!report.error.has_value());
        QVERIFY(!report.keyOperationTried);
        QCOMPARE(report.segments.size(), 5);
        QCOMPARE(report.segments[1].name, QStringLiteral("encrypted key"));
        QCOMPARE(report.segments[1].note, QStringLiteral("empty: expected for alg dir"));
        QCOMPARE(report.segments[2].decodedLength, 12);
        QCOMPARE(report.header.value(QStringLiteral("enc")).toString(), QStringLiteral("A256GCM"));
        QVERIFY(hasDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::NoKey));
        QVERIFY(report.payload.isEmpty());
    }

    void jweDecryptsWithTheRightKeyAndNamesIt()
    {
        const Jwk right = octKey(256);
        const QByteArray token = encrypt("{\"sub\":\"alice\",\"exp\":1767229200}", right);
        const auto report = TokenInspector::inspect(token, {{QStringLiteral("wrong"), octKey(256)}, {QStringLiteral("right"), right}}, m_now);
        QVERIFY(report.keyOperationOk);
        QCOMPARE(report.keyUsed, QStringLiteral("right"));
        QCOMPARE(report.attempts.size(), 2);
        QCOMPARE(report.payload, QByteArray("{\"sub\":\"alice\",\"exp\":1767229200}"));
        QVERIFY(report.payloadIsUtf8);
        QVERIFY(report.claims.has_value());
        QCOMPARE(report.claims->expiresAt().value_or(0), 1767229200);
    }

    void jweWrongKeyReportsTheStep()
    {
        const QByteArray token = encrypt("hello", octKey(256), JweAlg::A256KW);
        const auto report = TokenInspector::inspect(token, {{QStringLiteral("wrong"), octKey(256)}}, m_now);
        QVERIFY(report.structureOk);
        QVERIFY(report.keyOperationTried);
        QVERIFY(!report.keyOperationOk);
        QVERIFY(report.error.has_value());
        QCOMPARE(report.error->code, ErrorCode::KeyUnwrapFailed);
        QVERIFY(hasDiagnostic(report, Diagnostic::Severity::Error, ErrorCode::KeyUnwrapFailed));
    }

    void plaintextNotUtf8IsAWarning()
    {
        const Jwk key = octKey(256);
        const QByteArray token = encrypt(QByteArray("\xff\xfe\x00\x01", 4), key);
        const auto report = TokenInspector::inspect(token, {{QStringLiteral("k"), key}}, m_now);
        QVERIFY(report.keyOperationOk);
        QVERIFY(!report.payloadIsUtf8);
        QVERIFY(hasDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::PlaintextNotUtf8));
        QVERIFY(!report.error.has_value());
    }

    void jwsShowsClaimsAndExpiry()
    {
        const Jwk key = octKey(256);
        // Expired one hour before m_now.
        const QByteArray token = sign("{\"sub\":\"bob\",\"iat\":1767218400,\"exp\":1767222000}", key, JwsAlg::HS256);
        const auto report = TokenInspector::inspect(token, {}, m_now);
        QCOMPARE(report.kind, InspectionReport::Kind::Jws);
        QVERIFY(report.structureOk);
        QCOMPARE(report.payload, QByteArray("{\"sub\":\"bob\",\"iat\":1767218400,\"exp\":1767222000}"));
        QVERIFY(report.claims.has_value());
        QVERIFY(hasDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::ClaimInvalid));
        QVERIFY(hasDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::NoKey));
    }

    void jwsVerifiesAndTamperIsCaught()
    {
        const Jwk key = octKey(256);
        QByteArray token = sign("{\"sub\":\"bob\"}", key, JwsAlg::HS256);
        auto ok = TokenInspector::inspect(token, {{QStringLiteral("hmac"), key}}, m_now);
        QVERIFY(ok.keyOperationOk);
        QCOMPARE(ok.keyUsed, QStringLiteral("hmac"));
        // Change the last character of the signature to another base64url character.
        token[token.size() - 2] = token[token.size() - 2] == 'A' ? 'B' : 'A';
        auto bad = TokenInspector::inspect(token, {{QStringLiteral("hmac"), key}}, m_now);
        QVERIFY(!bad.keyOperationOk);
        QCOMPARE(bad.error->code, ErrorCode::SignatureMismatch);
    }

    void unsignedJwsIsFlagged()
    {
        const QByteArray header = Base64Url::encode("{\"alg\":\"none\"}");
        const QByteArray payload = Base64Url::encode("{\"sub\":\"mallory\"}");
        const auto report = TokenInspector::inspect(header + '.' + payload + '.', {}, m_now);
        QVERIFY(report.structureOk);
        QVERIFY(hasDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::UnsupportedAlg));
    }

    void standardBase64SegmentIsNamed()
    {
        const QByteArray header = QByteArray("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"x\":\"\?\?>\"}").toBase64();
        const auto report = TokenInspector::inspect(header + ".e30.c2ln", {}, m_now);
        QCOMPARE(report.kind, InspectionReport::Kind::Jws);
        QVERIFY(!report.segments.isEmpty());
        QVERIFY(!report.segments[0].ok);
        QVERIFY(report.error.has_value());
        QCOMPARE(report.error->code, ErrorCode::SegmentIsStandardBase64);
    }

    void headerIsShownEvenWhenAlgIsUnsupported()
    {
        const QByteArray header = Base64Url::encode("{\"alg\":\"XYZ\",\"kid\":\"k\"}");
        const auto report = TokenInspector::inspect(header + ".e30.c2ln", {}, m_now);
        QCOMPARE(report.error->code, ErrorCode::UnsupportedAlg);
        QCOMPARE(report.header.value(QStringLiteral("kid")).toString(), QStringLiteral("k"));
    }

    void jsonReportCarriesTheStableFields()
    {
        const Jwk key = octKey(256);
        const QByteArray token = encrypt("{\"exp\":1767229200}", key);
        const QJsonObject json = TokenInspector::inspect(token, {{QStringLiteral("k"), key}}, m_now).toJson(m_now);
        QCOMPARE(json.value(QStringLiteral("kind")).toString(), QStringLiteral("jwe"));
        QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("segments")).toArray().size(), 5);
        const QJsonObject keyOperation = json.value(QStringLiteral("keyOperation")).toObject();
        QCOMPARE(keyOperation.value(QStringLiteral("keyUsed")).toString(), QStringLiteral("k"));
        QCOMPARE(json.value(QStringLiteral("payload")).toString(), QStringLiteral("{\"exp\":1767229200}"));
        const QJsonArray times = json.value(QStringLiteral("times")).toArray();
        QCOMPARE(times.size(), 1);
        QCOMPARE(times[0].toObject().value(QStringLiteral("relative")).toString(), QStringLiteral("expires in 1 h"));
        // A failure carries its stable code name.
        const QJsonObject failed = TokenInspector::inspect(token, {{QStringLiteral("w"), octKey(256)}}, m_now).toJson(m_now);
        QCOMPARE(failed.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("tag-mismatch"));
    }
};

QTEST_GUILESS_MAIN(tst_TokenInspector)
#include "tst_TokenInspector.moc"
