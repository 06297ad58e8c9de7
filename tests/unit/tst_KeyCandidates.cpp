// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/jose/KeyCandidates.h"

#include "core/crypto/Pbes2Kdf.h"

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
    // A PBES2 token's iteration count is spent per password tried; the budget is per token, so
    // many stored keys cannot multiply a hostile count into minutes of work.
    void pbes2BudgetIsPerTokenNotPerKey()
    {
        const qint64 p2c = kPbes2MaxIterationsPerToken * 34 / 100; // the budget fits two attempts
        const Jwk right = oct(128, QStringLiteral("right"));
        JweEncryptOptions options;
        options.alg = JweAlg::Pbes2Hs256A128KW;
        options.enc = JweEnc::A128GCM;
        options.p2c = static_cast<int>(p2c);
        auto compact = JweCompact::encrypt("pbes2 payload", right, options);
        QVERIFY(compact.ok());
        const JweToken token = parse(compact.value());

        auto ec = Jwk::generateEc(Curve::P256);
        QVERIFY(ec.ok());
        const QList<NamedKey> keys{{QStringLiteral("w1"), oct(128)}, {QStringLiteral("w2"), oct(128)},
                                   {QStringLiteral("w3"), oct(128)}, {QStringLiteral("right"), right},
                                   {QStringLiteral("ec"), ec.value()}};
        const KeyTrialOutcome outcome = KeyCandidates::decrypt(token, keys);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.code, ErrorCode::NoKeyMatched);
        QCOMPARE(outcome.attempts.size(), 5);
        QCOMPARE(outcome.attempts[0].error.code, ErrorCode::KeyUnwrapFailed);
        QCOMPARE(outcome.attempts[1].error.code, ErrorCode::KeyUnwrapFailed);
        for (int i : {2, 3}) { // w3 and right: over the budget, never derived
            QCOMPARE(outcome.attempts[i].error.code, ErrorCode::InvalidHeaderParameter);
            QVERIFY2(outcome.attempts[i].error.message.startsWith(QLatin1String("not tried:")),
                     qPrintable(outcome.attempts[i].error.message));
        }
        // A key of another type costs no PBKDF2 work and is still tried.
        QCOMPARE(outcome.attempts[4].label, QStringLiteral("ec"));
        QCOMPARE(outcome.attempts[4].error.code, ErrorCode::KeyTypeMismatch);

        // The same token opens with the right key tried within the budget.
        const KeyTrialOutcome found = KeyCandidates::decrypt(token, {{QStringLiteral("right"), right}, keys[0]});
        QVERIFY2(found.ok, qPrintable(found.error.toString()));
        QCOMPARE(found.keyLabel, QStringLiteral("right"));
        QCOMPARE(found.plaintext, QByteArray("pbes2 payload"));
    }

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
