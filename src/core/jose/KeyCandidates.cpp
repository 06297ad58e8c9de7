// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyCandidates.h"

#include "core/crypto/Pbes2Kdf.h"

#include <QStringList>

#include <functional>

namespace td {

namespace {

// Whether the key's type could serve the header's alg at all; used only for ordering, the real
// check (with its precise message) happens when the key is tried.
bool typeFits(const QJsonObject &header, const Jwk &key)
{
    const QString alg = header.value(QStringLiteral("alg")).toString();
    if (alg.startsWith(QLatin1String("ECDH-ES")) || alg.startsWith(QLatin1String("ES")))
        return key.type() == KeyType::EC;
    if (alg.startsWith(QLatin1String("RSA")) || alg.startsWith(QLatin1String("RS")) || alg.startsWith(QLatin1String("PS")))
        return key.type() == KeyType::RSA;
    return key.type() == KeyType::Oct;
}

struct Ranked {
    int rank;
    QString reason;
    NamedKey key;
};

using TryKey = std::function<Result<QByteArray>(const Jwk &)>;

// PBES2 makes each password tried cost the header's p2c PBKDF2 iterations. The limit on p2c
// bounds one attempt; this bounds the token: a hostile token with the largest count and a vault
// of keys would otherwise take minutes (10 keys at 10 million iterations took 27 s).
class Pbes2Budget
{
public:
    explicit Pbes2Budget(const QJsonObject &header)
    {
        if (!header.value(QStringLiteral("alg")).toString().startsWith(QLatin1String("PBES2")))
            return;
        const qint64 p2c = header.value(QStringLiteral("p2c")).toInteger();
        if (p2c > 0)
            m_allowed = std::max<qint64>(1, kPbes2MaxIterationsPerToken / p2c);
    }

    // Keys of another type fail before any PBKDF2 work, so only passwords (oct keys) count.
    bool allows(const Jwk &key) const { return m_allowed < 0 || key.type() != KeyType::Oct || m_used < m_allowed; }
    void spend(const Jwk &key)
    {
        if (key.type() == KeyType::Oct)
            ++m_used;
    }
    Error refusal(const QJsonObject &header) const
    {
        return makeError(ErrorCode::InvalidHeaderParameter,
                         QStringLiteral("not tried: with \"p2c\" %1, %2 key(s) use up the budget of %3 PBKDF2 "
                                        "iterations per token")
                             .arg(header.value(QStringLiteral("p2c")).toInteger())
                             .arg(m_allowed)
                             .arg(kPbes2MaxIterationsPerToken));
    }

private:
    qint64 m_allowed = -1; // -1: not PBES2, no budget
    qint64 m_used = 0;
};

KeyTrialOutcome tryAll(const QJsonObject &header, const QList<NamedKey> &keys, const TryKey &attempt)
{
    KeyTrialOutcome outcome;
    if (keys.isEmpty()) {
        outcome.error = makeError(ErrorCode::NoKey, QStringLiteral("no key was given"));
        return outcome;
    }
    QList<QString> reasons;
    const QList<NamedKey> ordered = KeyCandidates::order(header, keys, &reasons);
    Pbes2Budget budget(header);
    for (qsizetype i = 0; i < ordered.size(); ++i) {
        KeyAttempt tried;
        tried.label = ordered[i].label;
        tried.reason = reasons.value(i);
        if (!budget.allows(ordered[i].key)) {
            tried.error = budget.refusal(header);
            outcome.attempts.append(tried);
            continue;
        }
        budget.spend(ordered[i].key);
        auto result = attempt(ordered[i].key);
        if (result) {
            tried.succeeded = true;
            outcome.attempts.append(tried);
            outcome.ok = true;
            outcome.plaintext = std::move(result).value();
            outcome.keyLabel = ordered[i].label;
            return outcome;
        }
        tried.error = result.error();
        outcome.attempts.append(tried);
    }
    if (outcome.attempts.size() == 1) {
        outcome.error = outcome.attempts.first().error;
        return outcome;
    }
    QStringList lines;
    for (const KeyAttempt &tried : std::as_const(outcome.attempts))
        lines << QStringLiteral("%1: %2").arg(tried.label, tried.error.message);
    outcome.error = makeError(ErrorCode::NoKeyMatched,
                              QStringLiteral("none of the %1 keys worked").arg(outcome.attempts.size()),
                              lines.join(QStringLiteral("; ")));
    return outcome;
}

} // namespace

QList<NamedKey> KeyCandidates::order(const QJsonObject &header, const QList<NamedKey> &keys, QList<QString> *reasons)
{
    const QString kid = header.value(QStringLiteral("kid")).toString();
    const QString x5tS256 = header.value(QStringLiteral("x5t#S256")).toString();
    QList<Ranked> ranked;
    for (const NamedKey &candidate : keys) {
        if (!kid.isEmpty() && candidate.key.kid() == kid) {
            ranked.append({0, QStringLiteral("kid matches"), candidate});
            continue;
        }
        const bool wantsThumbprint = !kid.isEmpty() || !x5tS256.isEmpty();
        const QString thumbprint = wantsThumbprint ? candidate.key.thumbprint() : QString();
        if (wantsThumbprint && (thumbprint == kid || thumbprint == x5tS256))
            ranked.append({1, QStringLiteral("thumbprint matches the kid"), candidate});
        else if (typeFits(header, candidate.key))
            ranked.append({2, QStringLiteral("key type fits the algorithm"), candidate});
        else
            ranked.append({3, QStringLiteral("tried last: key type does not fit"), candidate});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked &a, const Ranked &b) { return a.rank < b.rank; });
    QList<NamedKey> ordered;
    for (const Ranked &entry : std::as_const(ranked)) {
        ordered.append(entry.key);
        if (reasons)
            reasons->append(entry.reason);
    }
    return ordered;
}

KeyTrialOutcome KeyCandidates::decrypt(const JweToken &token, const QList<NamedKey> &keys)
{
    return tryAll(token.header, keys, [&token](const Jwk &key) { return JweCompact::decrypt(token, key); });
}

KeyTrialOutcome KeyCandidates::verify(const JwsToken &token, const QList<NamedKey> &keys)
{
    return tryAll(token.header, keys, [&token](const Jwk &key) -> Result<QByteArray> {
        auto verified = JwsCompact::verify(token, key);
        if (!verified)
            return verified.error();
        return QByteArray();
    });
}

} // namespace td
