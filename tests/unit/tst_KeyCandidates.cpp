// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/jose/KeyCandidates.h"

#include <QTest>

using namespace td;

class tst_KeyCandidates : public QObject
{
    Q_OBJECT

private:
    static Jwk oct(int bits, const QString &kid = {})
    {
        auto key = Jwk::generateOct(bits);
        Jwk result = key.value();
        result.setKid(kid);
        return result;
    }

    static QByteArray encryptDir(const Jwk &key, const QString &kid = {})
    {
        JweEncryptOptions options;
        options.alg = JweAlg::Dir;
        options.enc = JweEnc::A256GCM;
        options.kid = kid;
        auto token = JweCompact::encrypt("secret payload", key, options);
        if (!token)
            qFatal("encrypt failed: %s", qPrintable(token.error().message));
        return token.value();
    }

    static JweToken parse(const QByteArray &compact)
    {
        auto token = JweCompact::parse(compact);
        if (!token)
            qFatal("parse failed: %s", qPrintable(token.error().message));
        return token.value();
    }

private slots:
    void orderPrefersKidThenThumbprintThenType()
    {
        const Jwk byKid = oct(256, QStringLiteral("k1"));
        const Jwk byThumbprint = oct(256);
        auto ec = Jwk::generateEc(Curve::P256);
        QVERIFY(ec.ok());
        const Jwk other = oct(256);
        // The header's kid names byKid; byThumbprint's thumbprint is given as x5t#S256.
        const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("dir")},
                                 {QStringLiteral("kid"), QStringLiteral("k1")},
                                 {QStringLiteral("x5t#S256"), byThumbprint.thumbprint()}};
        const QList<NamedKey> keys{{QStringLiteral("ec"), ec.value()},
                                   {QStringLiteral("other"), other},
                                   {QStringLiteral("thumb"), byThumbprint},
                                   {QStringLiteral("kid"), byKid}};
        QList<QString> reasons;
        const QList<NamedKey> ordered = KeyCandidates::order(header, keys, &reasons);
        QCOMPARE(ordered.size(), 4);
        QCOMPARE(ordered[0].label, QStringLiteral("kid"));
        QCOMPARE(ordered[1].label, QStringLiteral("thumb"));
        QCOMPARE(ordered[2].label, QStringLiteral("other"));
        QCOMPARE(ordered[3].label, QStringLiteral("ec"));
        QCOMPARE(reasons[0], QStringLiteral("kid matches"));
        QCOMPARE(reasons[1], QStringLiteral("thumbprint matches the kid"));
    }

    void kidEqualToThumbprintRanksByThumbprint()
    {
        const Jwk target = oct(256);
        const Jwk decoy = oct(256);
        const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("dir")}, {QStringLiteral("kid"), target.thumbprint()}};
        const auto ordered = KeyCandidates::order(header, {{QStringLiteral("decoy"), decoy}, {QStringLiteral("target"), target}});
        QCOMPARE(ordered.first().label, QStringLiteral("target"));
    }

    void noKeysGivesNoKey()
    {
        const Jwk key = oct(256);
        const auto outcome = KeyCandidates::decrypt(parse(encryptDir(key)), {});
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.code, ErrorCode::NoKey);
        QVERIFY(outcome.attempts.isEmpty());
    }

    void reportsWhichKeyWorked()
    {
        const Jwk right = oct(256);
        const Jwk wrong = oct(256);
        const auto outcome = KeyCandidates::decrypt(parse(encryptDir(right)),
                                                    {{QStringLiteral("wrong"), wrong}, {QStringLiteral("right"), right}});
        QVERIFY(outcome.ok);
        QCOMPARE(outcome.keyLabel, QStringLiteral("right"));
        QCOMPARE(outcome.plaintext, QByteArray("secret payload"));
        QCOMPARE(outcome.attempts.size(), 2);
        QCOMPARE(outcome.attempts[0].label, QStringLiteral("wrong"));
        QVERIFY(!outcome.attempts[0].succeeded);
        QCOMPARE(outcome.attempts[0].error.code, ErrorCode::TagMismatch);
        QVERIFY(outcome.attempts[1].succeeded);
    }

    void kidMatchIsTriedFirst()
    {
        const Jwk right = oct(256, QStringLiteral("partner-2"));
        const Jwk wrong = oct(256, QStringLiteral("partner-1"));
        const auto outcome = KeyCandidates::decrypt(parse(encryptDir(right, QStringLiteral("partner-2"))),
                                                    {{QStringLiteral("wrong"), wrong}, {QStringLiteral("right"), right}});
        QVERIFY(outcome.ok);
        QCOMPARE(outcome.attempts.size(), 1);
        QCOMPARE(outcome.keyLabel, QStringLiteral("right"));
    }

    void singleKeyKeepsItsOwnError()
    {
        const Jwk right = oct(256);
        const Jwk shortKey = oct(128);
        const auto outcome = KeyCandidates::decrypt(parse(encryptDir(right)), {{QStringLiteral("short"), shortKey}});
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.code, ErrorCode::KeySizeMismatch);
    }

    void severalFailingKeysListEachReason()
    {
        const Jwk right = oct(256);
        const auto outcome = KeyCandidates::decrypt(parse(encryptDir(right)),
                                                    {{QStringLiteral("short"), oct(128)}, {QStringLiteral("wrong"), oct(256)}});
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.code, ErrorCode::NoKeyMatched);
        QVERIFY2(outcome.error.detail.contains(QStringLiteral("short: ")), qPrintable(outcome.error.detail));
        QVERIFY2(outcome.error.detail.contains(QStringLiteral("wrong: ")), qPrintable(outcome.error.detail));
        QCOMPARE(outcome.attempts.size(), 2);
    }

    void verifyFindsTheSigningKey()
    {
        auto signer = Jwk::generateEc(Curve::P256);
        auto stranger = Jwk::generateEc(Curve::P256);
        QVERIFY(signer.ok() && stranger.ok());
        JwsSignOptions options;
        options.alg = JwsAlg::ES256;
        auto compact = JwsCompact::sign("{\"sub\":\"x\"}", signer.value(), options);
        QVERIFY(compact.ok());
        auto token = JwsCompact::parse(compact.value());
        QVERIFY(token.ok());
        const auto outcome = KeyCandidates::verify(token.value(), {{QStringLiteral("stranger"), stranger.value()},
                                                                   {QStringLiteral("signer"), signer.value()}});
        QVERIFY(outcome.ok);
        QCOMPARE(outcome.keyLabel, QStringLiteral("signer"));
        QCOMPARE(outcome.attempts[0].error.code, ErrorCode::SignatureMismatch);
    }
};

QTEST_GUILESS_MAIN(tst_KeyCandidates)
#include "tst_KeyCandidates.moc"
