// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyCandidates.h"

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

KeyTrialOutcome tryAll(const QJsonObject &header, const QList<NamedKey> &keys, const TryKey &attempt)
{
    KeyTrialOutcome outcome;
    if (keys.isEmpty()) {
        outcome.error = makeError(ErrorCode::NoKey, QStringLiteral("no key was given"));
        return outcome;
    }
    QList<QString> reasons;
    const QList<NamedKey> ordered = KeyCandidates::order(header, keys, &reasons);
    for (qsizetype i = 0; i < ordered.size(); ++i) {
        KeyAttempt tried;
        tried.label = ordered[i].label;
        tried.reason = reasons.value(i);
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
