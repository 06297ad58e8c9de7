// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace td {

// One row of the claim view: the claim, its JSON value as text, and for the time claims the
// local time and a relative phrase such as "expires in 4 min 12 s" or "expired 3 h ago".
struct ClaimRow {
    QString name;
    QString value;
    QString localTime; // empty for non-time claims
    QString relative;  // empty for non-time claims
};

// The claims of a JWT payload, with the registered time claims interpreted against a clock.
class JwtClaims
{
public:
    enum class Validity { Valid, Expired, NotYetValid, NoExpiry };

    // ClaimInvalid when the payload is not a JSON object, or exp/nbf/iat are not numbers.
    static Result<JwtClaims> fromPayload(QByteArrayView payload);

    const QJsonObject &claims() const { return m_claims; }
    std::optional<qint64> expiresAt() const { return m_exp; }   // seconds since epoch
    std::optional<qint64> notBefore() const { return m_nbf; }
    std::optional<qint64> issuedAt() const { return m_iat; }

    Validity validity(const QDateTime &now) const;
    QList<ClaimRow> rows(const QDateTime &now) const;
    // "expires in 4 min 12 s", "expired 3 h 5 min ago", "valid from in 10 s", "issued 2 min ago"
    static QString relativePhrase(const QString &claim, qint64 epochSeconds, const QDateTime &now);
    // "1 d 2 h", "4 min 12 s", "12 s"
    static QString formatDuration(qint64 seconds);

private:
    QJsonObject m_claims;
    std::optional<qint64> m_exp;
    std::optional<qint64> m_nbf;
    std::optional<qint64> m_iat;
};

} // namespace td
