// SPDX-License-Identifier: GPL-3.0-or-later
#include "FieldValidator.h"

#include <QDate>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>
#include <QUuid>

namespace td {

namespace {

Error invalid(const FieldSpec &field, const QString &why)
{
    return makeError(ErrorCode::FieldInvalid, QStringLiteral("%1: %2").arg(field.label, why));
}

bool allDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

Result<void> checkInteger(const FieldSpec &field, const QString &value)
{
    if (!allDigits(value))
        return invalid(field, QStringLiteral("digits only, got \"%1\"").arg(value));
    // 0012345 is not a JSON number (RFC 8259 §6), and the body writes integers as digits.
    if (value.size() > 1 && value.startsWith(QLatin1Char('0')))
        return invalid(field, QStringLiteral("no leading zeros (it is sent as a JSON number), got \"%1\"").arg(value));
    if (field.maxDigits > 0 && value.size() > field.maxDigits)
        return invalid(field, QStringLiteral("at most %1 digits, got %2").arg(field.maxDigits).arg(value.size()));
    return {};
}

Result<void> checkObject(const FieldSpec &field, const QString &value)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(value.toUtf8(), &error);
    if (!doc.isObject())
        return invalid(field, QStringLiteral("a JSON object such as {\"key\": \"value\"} (%1)")
                                  .arg(error.error == QJsonParseError::NoError ? QStringLiteral("not an object") : error.errorString()));
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return invalid(field, QStringLiteral("every value must be a string; \"%1\" is not").arg(it.key()));
    }
    return {};
}

Result<void> checkFormat(const FieldSpec &field, const QString &value)
{
    switch (field.format) {
    case FieldSpec::Format::None: return {};
    case FieldSpec::Format::Uuid:
        if (QUuid::fromString(value).isNull())
            return invalid(field, QStringLiteral("a UUID such as 123e4567-e89b-12d3-a456-426614174000"));
        return {};
    case FieldSpec::Format::DateYyyyMmDd: {
        if (value.size() != 8 || !allDigits(value))
            return invalid(field, QStringLiteral("a date as yyyyMMdd (8 digits), got \"%1\"").arg(value));
        const QDate date = QDate::fromString(value, QStringLiteral("yyyyMMdd"));
        if (!date.isValid())
            return invalid(field, QStringLiteral("%1 is not a real date (yyyyMMdd)").arg(value));
        return {};
    }
    case FieldSpec::Format::Email: {
        static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
        if (!email.match(value).hasMatch())
            return invalid(field, QStringLiteral("an email address such as name@example.com"));
        return {};
    }
    case FieldSpec::Format::Digits:
        if (!allDigits(value))
            return invalid(field, QStringLiteral("digits only, got \"%1\"").arg(value));
        return {};
    case FieldSpec::Format::Url: {
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
            return invalid(field, QStringLiteral("a URL such as https://api.example.com"));
        return {};
    }
    }
    return {};
}

} // namespace

Result<void> FieldValidator::validate(const FieldSpec &field, const QString &value)
{
    if (field.maxLength > 0 && value.size() > field.maxLength)
        return invalid(field, QStringLiteral("at most %1 characters, got %2").arg(field.maxLength).arg(value.size()));
    if (field.location == FieldSpec::Location::Header) {
        // A header value with a line break would split the request.
        if (value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')))
            return invalid(field, QStringLiteral("a header value cannot contain line breaks"));
    }
    if (field.type == FieldSpec::Type::Integer) {
        Result<void> integer = checkInteger(field, value);
        if (!integer)
            return integer;
    }
    if (field.type == FieldSpec::Type::Object)
        return checkObject(field, value);
    return checkFormat(field, value);
}

} // namespace td
