// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxCredentials.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/FamilySpec.h"

#include <QFile>
#include <QJsonDocument>

#include <optional>

namespace td {

namespace {

// Reads object[family][member] as a non-empty string, or records the first problem in `error`.
QString member(const QJsonObject &object, const char *family, const char *name, std::optional<Error> &error)
{
    if (error)
        return {};
    const QString familyName = QString::fromLatin1(family);
    const QString memberName = QString::fromLatin1(name);
    const QJsonValue familyValue = object.value(familyName);
    if (!familyValue.isObject()) {
        error = makeError(ErrorCode::ConfigInvalid,
                          QStringLiteral("The credentials have no \"%1\" object.").arg(familyName));
        return {};
    }
    const QJsonValue value = familyValue.toObject().value(memberName);
    if (!value.isString() || value.toString().isEmpty()) {
        error = makeError(ErrorCode::ConfigInvalid,
                          QStringLiteral("The credentials member \"%1.%2\" is missing or not a non-empty string.")
                              .arg(familyName, memberName));
        return {};
    }
    return value.toString();
}

bool isBuiltInFamily(const QString &id)
{
    return id == QLatin1String("bankezy") || id == QLatin1String("enos") || id == QLatin1String("secmgmt");
}

// Every member that is not a built-in family: a user family's object of non-empty strings.
Result<QMap<QString, QMap<QString, QString>>> userFamilies(const QJsonObject &object)
{
    QMap<QString, QMap<QString, QString>> families;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (isBuiltInFamily(it.key()))
            continue;
        if (!FamilySpec::isValidId(it.key()) || !it->isObject())
            return makeError(ErrorCode::ConfigInvalid,
                             QStringLiteral("The credentials member \"%1\" must be a family id (lower-case letters, digits, "
                                            "dashes) holding an object of strings.").arg(it.key().left(64)));
        const QJsonObject values = it->toObject();
        for (auto value = values.begin(); value != values.end(); ++value) {
            if (!value->isString() || value->toString().isEmpty())
                return makeError(ErrorCode::ConfigInvalid,
                                 QStringLiteral("The credentials member \"%1.%2\" is not a non-empty string.")
                                     .arg(it.key(), value.key().left(64)));
            families[it.key()].insert(value.key(), value->toString());
        }
    }
    return families;
}

} // namespace

Result<SandboxCredentials> SandboxCredentials::fromJson(const QJsonObject &object)
{
    std::optional<Error> error;
    SandboxCredentials c;
    c.bankezyXApiKey = member(object, "bankezy", "X-API-KEY", error);
    c.bankezyApiKey = member(object, "bankezy", "apiKey", error);
    c.bankezySecret = member(object, "bankezy", "secret", error);
    c.bankezySdkApiKey = member(object, "bankezy", "sdkApiKey", error);
    c.enosAppKey = member(object, "enos", "appKey", error);
    c.enosAppSecret = member(object, "enos", "appSecret", error);
    c.secmgmtUsername = member(object, "secmgmt", "username", error);
    c.secmgmtPassword = member(object, "secmgmt", "password", error);
    if (error)
        return *error;
    Result<QMap<QString, QMap<QString, QString>>> families = userFamilies(object);
    if (!families)
        return families.error();
    c.families = families.value();
    c.demo = false;
    return c;
}

Result<SandboxCredentials> SandboxCredentials::fromJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read the credentials file %1.").arg(path),
                         file.errorString());
    // A credentials file is a few hundred bytes; refuse anything absurd before parsing it.
    if (file.size() > 1024 * 1024)
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The credentials file %1 is larger than 1 MiB.").arg(path));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject())
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("The credentials file %1 is not a JSON object.").arg(path),
                         parseError.error == QJsonParseError::NoError ? QString() : parseError.errorString());
    return fromJson(doc.object());
}

void SandboxCredentials::addDemoFamilies(const EndpointCatalog &catalog)
{
    if (!demo)
        return;
    for (const EndpointSpec &spec : catalog.endpoints()) {
        if (!catalog.familyRegistry().adapter(spec.family).isEmpty() || isBuiltInFamily(spec.family))
            continue;
        QMap<QString, QString> &values = families[spec.family];
        for (const FieldSpec &field : spec.fields) {
            const bool brought = field.location == FieldSpec::Location::Credential || field.required;
            if (brought && field.from.isEmpty() && field.compute.isEmpty() && field.generator.isEmpty()
                && !values.contains(field.name))
                values.insert(field.name, QStringLiteral("demo-") + field.name);
        }
        if (values.isEmpty())
            families.remove(spec.family);
    }
}

QJsonObject SandboxCredentials::toJson() const
{
    QJsonObject object{
        {QStringLiteral("bankezy"),
         QJsonObject{{QStringLiteral("X-API-KEY"), bankezyXApiKey},
                     {QStringLiteral("apiKey"), bankezyApiKey},
                     {QStringLiteral("secret"), bankezySecret},
                     {QStringLiteral("sdkApiKey"), bankezySdkApiKey}}},
        {QStringLiteral("enos"),
         QJsonObject{{QStringLiteral("appKey"), enosAppKey}, {QStringLiteral("appSecret"), enosAppSecret}}},
        {QStringLiteral("secmgmt"),
         QJsonObject{{QStringLiteral("username"), secmgmtUsername}, {QStringLiteral("password"), secmgmtPassword}}},
    };
    for (auto it = families.cbegin(); it != families.cend(); ++it) {
        QJsonObject values;
        for (auto value = it->cbegin(); value != it->cend(); ++value)
            values.insert(value.key(), value.value());
        object.insert(it.key(), values);
    }
    return object;
}

} // namespace td
