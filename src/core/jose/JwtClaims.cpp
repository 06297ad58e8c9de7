// SPDX-License-Identifier: GPL-3.0-or-later
#include "JwtClaims.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <cmath>

namespace td {

namespace {

const char *const kTimeClaims[] = {"exp", "nbf", "iat"};
// Registered claims (RFC 7519 §4.1) come first in the view, in the RFC's order.
const char *const kRegisteredOrder[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};

bool isTimeClaim(const QString &name)
{
    for (const char *claim : kTimeClaims)
        if (name == QLatin1String(claim))
            return true;
    return false;
}

// NumericDate may carry fractions (RFC 7519 §2); whole seconds are enough for a view. Values
// beyond what QDateTime handles are refused rather than wrapped.
Result<std::optional<qint64>> numericDate(const QJsonObject &claims, const char *name)
{
    const QJsonValue value = claims.value(QLatin1String(name));
    if (value.isUndefined())
        return std::optional<qint64>();
    if (!value.isDouble())
        return makeError(ErrorCode::ClaimInvalid,
                         QStringLiteral("the \"%1\" claim must be a number of seconds since 1970 (NumericDate)")
                             .arg(QLatin1String(name)));
    const double seconds = value.toDouble();
    constexpr double kLimit = 1e13; // about 317,000 years
    if (!std::isfinite(seconds) || std::fabs(seconds) > kLimit)
        return makeError(ErrorCode::ClaimInvalid,
                         QStringLiteral("the \"%1\" claim %2 is out of range").arg(QLatin1String(name)).arg(seconds));
    return std::optional<qint64>(static_cast<qint64>(std::floor(seconds)));
}

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::floor(number) == number && std::fabs(number) < 9007199254740992.0) // 2^53: exact
            return QString::number(static_cast<qint64>(number));
        return QString::number(number, 'g', 17);
    }
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined: break;
    }
    return {};
}

} // namespace

Result<JwtClaims> JwtClaims::fromPayload(QByteArrayView payload)
{
    QJsonParseError error;
    const QByteArray bytes = payload.toByteArray();
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        // QJsonDocument only takes objects and arrays at the top level; a bare string or number
        // is still JSON, and saying so is the more useful diagnostic.
        QJsonParseError wrappedError;
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + bytes + ']', &wrappedError);
        if (wrappedError.error == QJsonParseError::NoError && wrapped.array().size() == 1)
            return makeError(ErrorCode::ClaimInvalid,
                             QStringLiteral("the payload is JSON but not an object, so it holds no JWT claims"));
        return makeError(ErrorCode::ClaimInvalid,
                         QStringLiteral("the payload is not JSON, so it holds no JWT claims: %1 at offset %2")
                             .arg(error.errorString())
                             .arg(error.offset));
    }
    if (!document.isObject())
        return makeError(ErrorCode::ClaimInvalid,
                         QStringLiteral("the payload is JSON but not an object, so it holds no JWT claims"));
    JwtClaims claims;
    claims.m_claims = document.object();
    std::optional<qint64> *targets[] = {&claims.m_exp, &claims.m_nbf, &claims.m_iat};
    for (int i = 0; i < 3; ++i) {
        auto date = numericDate(claims.m_claims, kTimeClaims[i]);
        if (!date)
            return date.error();
        *targets[i] = date.value();
    }
    return claims;
}

JwtClaims::Validity JwtClaims::validity(const QDateTime &now) const
{
    const qint64 seconds = now.toSecsSinceEpoch();
    // RFC 7519 §4.1.4: the token must not be accepted on or after exp.
    if (m_exp && seconds >= *m_exp)
        return Validity::Expired;
    if (m_nbf && seconds < *m_nbf)
        return Validity::NotYetValid;
    return m_exp ? Validity::Valid : Validity::NoExpiry;
}

QList<ClaimRow> JwtClaims::rows(const QDateTime &now) const
{
    QStringList order;
    for (const char *name : kRegisteredOrder)
        if (m_claims.contains(QLatin1String(name)))
            order << QLatin1String(name);
    for (auto it = m_claims.constBegin(); it != m_claims.constEnd(); ++it)
        if (!order.contains(it.key()))
            order << it.key();

    QList<ClaimRow> rows;
    rows.reserve(order.size());
    for (const QString &name : order) {
        const QJsonValue value = m_claims.value(name);
        ClaimRow row{name, valueText(value), {}, {}};
        // fromPayload guarantees the time claims are numbers.
        if (isTimeClaim(name)) {
            const qint64 seconds = static_cast<qint64>(std::floor(value.toDouble()));
            row.localTime = QDateTime::fromSecsSinceEpoch(seconds).toLocalTime().toString(
                QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
            row.relative = relativePhrase(name, seconds, now);
        }
        rows.append(row);
    }
    return rows;
}

QString JwtClaims::relativePhrase(const QString &claim, qint64 epochSeconds, const QDateTime &now)
{
    const qint64 delta = epochSeconds - now.toSecsSinceEpoch(); // > 0: in the future
    const QString span = formatDuration(delta);
    if (claim == QLatin1String("exp"))
        return delta > 0 ? QStringLiteral("expires in %1").arg(span) : QStringLiteral("expired %1 ago").arg(span);
    if (claim == QLatin1String("nbf"))
        return delta > 0 ? QStringLiteral("not valid for another %1").arg(span)
                         : QStringLiteral("valid since %1 ago").arg(span);
    if (claim == QLatin1String("iat"))
        return delta > 0 ? QStringLiteral("issued in the future (in %1): clock skew?").arg(span)
                         : QStringLiteral("issued %1 ago").arg(span);
    return {};
}

QString JwtClaims::formatDuration(qint64 seconds)
{
    // The sign is carried by the phrase around the duration.
    const qint64 total = seconds < 0 ? -seconds : seconds;
    struct Unit {
        qint64 seconds;
        const char *name;
    };
    static const Unit units[] = {{86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
    if (total == 0)
        return QStringLiteral("0 s");
    // The two most significant units, starting at the largest non-zero one; a zero second unit
    // is left out ("3 h", not "3 h 0 min").
    for (int i = 0; i < 4; ++i) {
        if (total < units[i].seconds)
            continue;
        const qint64 major = total / units[i].seconds;
        QString text = QStringLiteral("%1 %2").arg(major).arg(QLatin1String(units[i].name));
        if (i + 1 < 4) {
            const qint64 minor = (total % units[i].seconds) / units[i + 1].seconds;
            if (minor > 0)
                text += QStringLiteral(" %1 %2").arg(minor).arg(QLatin1String(units[i + 1].name));
        }
        return text;
    }
    return QStringLiteral("0 s");
}

} // namespace td
