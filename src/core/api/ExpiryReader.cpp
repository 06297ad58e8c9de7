// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExpiryReader.h"

#include "core/api/JsonPath.h"
#include "core/jose/CompactSerialization.h"
#include "core/jose/JwtClaims.h"

#include <QDateTime>

#include <cmath>

namespace td {

namespace {

using Unit = ResponseSpec::ExpiryUnit;

enum class NumberKind { Number, NotANumber, OutOfRange };

NumberKind numberOf(const QJsonValue &value, qint64 &number)
{
    double read = 0;
    if (value.isDouble()) {
        read = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        read = double(value.toString().toLongLong(&ok));
        if (!ok)
            return NumberKind::NotANumber;
    } else {
        return NumberKind::NotANumber;
    }
    if (!std::isfinite(read) || std::fabs(read) > ExpiryReader::kLimit)
        return NumberKind::OutOfRange;
    number = static_cast<qint64>(read); // a fraction is cut off, as before
    return NumberKind::Number;
}

Error warning(const QString &path, const QString &what)
{
    return makeError(ErrorCode::ResponseMalformed, QStringLiteral("%1 %2").arg(path, what));
}

QString shown(const QJsonValue &value)
{
    return JsonPath::toText(value).left(80);
}

Result<ExpiryReader::Instant> fromNumber(const ResponseSpec::Expiry &expiry, const QJsonValue &value, qint64 receivedAtMs)
{
    qint64 number = 0;
    const NumberKind kind = numberOf(value, number);
    if (kind == NumberKind::NotANumber)
        return warning(expiry.path, QStringLiteral("is not a number: %1").arg(shown(value)));
    // An instant before 1970 is as wrong as one after 317,000 years; epoch-ms keeps its old
    // behaviour (negatives within the bound are taken), epoch-s refuses them.
    if (kind == NumberKind::OutOfRange || (number < 0 && expiry.unit == Unit::EpochS))
        return warning(expiry.path, QStringLiteral("is out of range for an expiry: %1").arg(shown(value)));
    qint64 atMs = number;
    switch (expiry.unit) {
    case Unit::SecondsFromNow: atMs = receivedAtMs + number * 1000; break;
    case Unit::MsFromNow: atMs = receivedAtMs + number; break;
    case Unit::EpochS: atMs = number * 1000; break;
    default: break;
    }
    return ExpiryReader::Instant{atMs, value, expiry.path};
}

// RFC 3339 / ISO 8601 extended form with a zone: 2026-12-03T12:00:00Z, …T12:00:00.5+01:00. A
// value without a zone (a bare date, or a local time) is refused rather than guessed.
Result<ExpiryReader::Instant> fromIsoDate(const ResponseSpec::Expiry &expiry, const QJsonValue &value)
{
    const QString text = value.toString();
    const QString notADate = QStringLiteral("is not an ISO 8601 date and time with a time zone (Z or +hh:mm): %1");
    if (!value.isString() || text.size() > ExpiryReader::kMaxDateChars)
        return warning(expiry.path, notADate.arg(shown(value)));
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid() || at.timeSpec() == Qt::LocalTime)
        return warning(expiry.path, notADate.arg(shown(value)));
    if (at.toMSecsSinceEpoch() < 0)
        return warning(expiry.path, QStringLiteral("is out of range for an expiry: %1").arg(shown(value)));
    return ExpiryReader::Instant{at.toMSecsSinceEpoch(), value, expiry.path};
}

// The exp claim of a JWS compact token, read without verifying the signature: this only feeds
// the countdown. The token is never quoted in the warning; it is a secret.
Result<ExpiryReader::Instant> fromJwt(const ResponseSpec::Expiry &expiry, const QJsonValue &value)
{
    const QString notAJwt = QStringLiteral("is not a JWT with an exp claim: %1");
    if (!value.isString())
        return warning(expiry.path, notAJwt.arg(QStringLiteral("it is not a string")));
    const QByteArray compact = value.toString().toUtf8();
    Result<QByteArrayView> prepared = CompactSerialization::prepare(compact);
    if (!prepared)
        return warning(expiry.path, notAJwt.arg(prepared.error().message));
    // Counted before splitting: a megabyte of dots would otherwise become a million segments.
    if (const qsizetype dots = prepared->count('.'); dots != 2)
        return warning(expiry.path, notAJwt.arg(QStringLiteral("it has %1 segments separated by '.'; a JWT has 3").arg(dots + 1)));
    auto segments = CompactSerialization::split(prepared.value(), {3}, QStringLiteral("JWT"));
    if (!segments)
        return warning(expiry.path, notAJwt.arg(segments.error().message));
    Result<QByteArray> payload = CompactSerialization::decodeSegment(segments->at(1), 1, QStringLiteral("payload"));
    if (!payload)
        return warning(expiry.path, notAJwt.arg(payload.error().message));
    Result<JwtClaims> claims = JwtClaims::fromPayload(payload.value());
    if (!claims)
        return warning(expiry.path, notAJwt.arg(claims.error().message));
    if (!claims->expiresAt())
        return warning(expiry.path, notAJwt.arg(QStringLiteral("its payload has no \"exp\"")));
    const qint64 exp = *claims->expiresAt(); // JwtClaims bounds it by 1e13 s
    if (exp < 0)
        return warning(expiry.path, QStringLiteral("is out of range for an expiry: a JWT whose exp is %1").arg(exp));
    return ExpiryReader::Instant{exp * 1000, QJsonValue(exp), expiry.path + QStringLiteral(" (JWT exp)")};
}

} // namespace

Result<ExpiryReader::Instant> ExpiryReader::read(const ResponseSpec::Expiry &expiry, const QJsonValue &value, qint64 receivedAtMs)
{
    switch (expiry.unit) {
    case Unit::Iso8601: return fromIsoDate(expiry, value);
    case Unit::JwtExp: return fromJwt(expiry, value);
    case Unit::EpochMs:
    case Unit::SecondsFromNow:
    case Unit::MsFromNow:
    case Unit::EpochS: break;
    }
    return fromNumber(expiry, value, receivedAtMs);
}

} // namespace td
