// SPDX-License-Identifier: GPL-3.0-or-later
#include "EndpointSpec.h"

#include "core/net/SecretNames.h"

#include <QJsonArray>

namespace td {

namespace {

Error specError(const QString &id, const QString &what)
{
    return makeError(ErrorCode::SpecInvalid,
                     QStringLiteral("Endpoint spec %1: %2").arg(id.isEmpty() ? QStringLiteral("(no id)") : id, what));
}

// A member that may be one string or a list of strings.
QStringList stringList(const QJsonValue &value)
{
    if (value.isString())
        return {value.toString()};
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

template <typename Enum>
bool lookup(const QString &text, std::initializer_list<std::pair<const char *, Enum>> table, Enum &out)
{
    for (const auto &[name, value] : table) {
        if (text == QLatin1String(name)) {
            out = value;
            return true;
        }
    }
    return false;
}

const QStringList kGenerators = {
    QStringLiteral("uuid"),           QStringLiteral("now-ms"),         QStringLiteral("bankezy-client-key"),
    QStringLiteral("bankezy-sdk-key"), QStringLiteral("enos-signature"),
};

Result<FieldSpec> parseField(const QString &id, int index, const QJsonObject &object)
{
    FieldSpec field;
    const QString where = QStringLiteral("field %1").arg(index + 1);
    field.name = object.value(QLatin1String("name")).toString();
    if (field.name.isEmpty())
        return specError(id, where + QStringLiteral(" has no \"name\"."));
    const QString at = QStringLiteral("field \"%1\"").arg(field.name);
    field.label = object.value(QLatin1String("label")).toString(field.name);
    field.help = object.value(QLatin1String("help")).toString();
    field.example = object.value(QLatin1String("example")).toString();
    if (!lookup<FieldSpec::Location>(object.value(QLatin1String("in")).toString(QStringLiteral("body")),
                                     {{"header", FieldSpec::Location::Header},
                                      {"body", FieldSpec::Location::Body},
                                      {"credential", FieldSpec::Location::Credential}},
                                     field.location))
        return specError(id, at + QStringLiteral(": \"in\" must be header, body or credential."));
    if (!lookup<FieldSpec::Type>(object.value(QLatin1String("type")).toString(QStringLiteral("string")),
                                 {{"string", FieldSpec::Type::String},
                                  {"integer", FieldSpec::Type::Integer},
                                  {"object", FieldSpec::Type::Object}},
                                 field.type))
        return specError(id, at + QStringLiteral(": \"type\" must be string, integer or object."));
    if (!lookup<FieldSpec::Format>(object.value(QLatin1String("format")).toString(QStringLiteral("none")),
                                   {{"none", FieldSpec::Format::None},
                                    {"uuid", FieldSpec::Format::Uuid},
                                    {"date-yyyyMMdd", FieldSpec::Format::DateYyyyMmDd},
                                    {"email", FieldSpec::Format::Email},
                                    {"digits", FieldSpec::Format::Digits},
                                    {"url", FieldSpec::Format::Url}},
                                   field.format))
        return specError(id, at + QStringLiteral(": unknown \"format\"."));
    field.required = object.value(QLatin1String("required")).toBool(false);
    field.secret = object.value(QLatin1String("secret")).toBool(false);
    field.maxLength = object.value(QLatin1String("maxLength")).toInt(0);
    field.maxDigits = object.value(QLatin1String("maxDigits")).toInt(0);
    field.generator = object.value(QLatin1String("generator")).toString();
    if (!field.generator.isEmpty() && !kGenerators.contains(field.generator))
        return specError(id, at + QStringLiteral(": unknown generator \"%1\".").arg(field.generator));
    field.from = object.value(QLatin1String("from")).toString();
    field.computed = object.value(QLatin1String("computed")).toBool(false);
    if (field.computed && field.generator.isEmpty())
        return specError(id, at + QStringLiteral(" is \"computed\" but has no generator."));
    field.aliases = stringList(object.value(QLatin1String("aliases")));
    // The spec and the shared list must agree, or a secret could slip into history unmasked.
    if (isSecretName(field.name) && !field.secret)
        return specError(id, at + QStringLiteral(" carries a secret and must say \"secret\": true."));
    return field;
}

Result<ResponseSpec> parseResponse(const QString &id, const QJsonObject &object)
{
    ResponseSpec response;
    response.encrypted = object.value(QLatin1String("encrypted")).toBool(false);
    response.codePaths = stringList(object.value(QLatin1String("code")));
    response.messagePaths = stringList(object.value(QLatin1String("message")));
    response.successCodes = stringList(object.value(QLatin1String("success")));
    response.tokenPaths = stringList(object.value(QLatin1String("token")));
    response.refreshTokenPaths = stringList(object.value(QLatin1String("refreshToken")));
    if (response.codePaths.isEmpty() || response.successCodes.isEmpty())
        return specError(id, QStringLiteral("\"response\" needs \"code\" and \"success\"."));
    const QJsonArray expiries = object.value(QLatin1String("expiry")).toArray();
    for (const QJsonValue &item : expiries) {
        ResponseSpec::Expiry expiry;
        expiry.path = item.toObject().value(QLatin1String("path")).toString();
        if (!lookup<ResponseSpec::ExpiryUnit>(item.toObject().value(QLatin1String("unit")).toString(),
                                              {{"epoch-ms", ResponseSpec::ExpiryUnit::EpochMs},
                                               {"seconds-from-now", ResponseSpec::ExpiryUnit::SecondsFromNow}},
                                              expiry.unit)
            || expiry.path.isEmpty())
            return specError(id, QStringLiteral("each \"expiry\" needs a \"path\" and a \"unit\" (epoch-ms or seconds-from-now)."));
        response.expiries.append(expiry);
    }
    const QJsonObject outputs = object.value(QLatin1String("outputs")).toObject();
    for (auto it = outputs.begin(); it != outputs.end(); ++it)
        response.outputs.insert(it.key(), stringList(it.value()));
    return response;
}

} // namespace

QString FieldSpec::locationName(Location location)
{
    switch (location) {
    case Location::Header: return QStringLiteral("header");
    case Location::Body: return QStringLiteral("body");
    case Location::Credential: return QStringLiteral("credential");
    }
    return QStringLiteral("body");
}

const FieldSpec *EndpointSpec::field(QStringView name) const
{
    for (const FieldSpec &candidate : fields) {
        if (candidate.name == name || candidate.aliases.contains(name.toString()))
            return &candidate;
    }
    return nullptr;
}

QStringList EndpointSpec::secretFieldNames() const
{
    QStringList names;
    for (const FieldSpec &candidate : fields) {
        if (candidate.secret)
            names.append(candidate.name);
    }
    return names;
}

QString EndpointSpec::roleName(Role role)
{
    switch (role) {
    case Role::Issue: return QStringLiteral("issue");
    case Role::Renew: return QStringLiteral("renew");
    case Role::Refresh: return QStringLiteral("refresh");
    case Role::Revoke: return QStringLiteral("revoke");
    case Role::Call: return QStringLiteral("call");
    }
    return {};
}

std::optional<EndpointSpec::Role> EndpointSpec::roleFromName(QStringView name)
{
    for (Role role : {Role::Issue, Role::Renew, Role::Refresh, Role::Revoke, Role::Call}) {
        if (name == roleName(role))
            return role;
    }
    return std::nullopt;
}

Result<EndpointSpec> EndpointSpec::fromJson(const QJsonObject &object)
{
    EndpointSpec spec;
    spec.id = object.value(QLatin1String("id")).toString();
    if (spec.id.isEmpty())
        return specError(spec.id, QStringLiteral("\"id\" is missing."));
    spec.family = object.value(QLatin1String("family")).toString();
    if (!spec.id.startsWith(spec.family + QLatin1Char('.')) || spec.family.isEmpty())
        return specError(spec.id, QStringLiteral("\"family\" must be the id's prefix."));
    spec.title = object.value(QLatin1String("title")).toString();
    spec.summary = object.value(QLatin1String("summary")).toString();
    spec.order = object.value(QLatin1String("order")).toInt(0);
    const std::optional<Role> role = roleFromName(object.value(QLatin1String("role")).toString(QStringLiteral("call")));
    if (!role)
        return specError(spec.id, QStringLiteral("\"role\" is one of issue, renew, refresh, revoke, call."));
    spec.role = *role;
    spec.method = object.value(QLatin1String("method")).toString(QStringLiteral("POST")).toUpper().toLatin1();
    spec.path = object.value(QLatin1String("path")).toString();
    if (!spec.path.startsWith(QLatin1Char('/')))
        return specError(spec.id, QStringLiteral("\"path\" must start with /."));
    spec.altPaths = stringList(object.value(QLatin1String("altPaths")));
    spec.contentType = object.value(QLatin1String("contentType")).toString(QStringLiteral("application/json")).toLatin1();
    spec.encryptedRequest = object.value(QLatin1String("encryptedRequest")).toBool(false);
    spec.carryFields = stringList(object.value(QLatin1String("carry")));
    const QJsonArray fields = object.value(QLatin1String("fields")).toArray();
    if (fields.isEmpty())
        return specError(spec.id, QStringLiteral("\"fields\" is missing or empty."));
    for (int i = 0; i < fields.size(); ++i) {
        Result<FieldSpec> field = parseField(spec.id, i, fields.at(i).toObject());
        if (!field)
            return field.error();
        if (spec.field(field->name))
            return specError(spec.id, QStringLiteral("field \"%1\" appears twice.").arg(field->name));
        spec.fields.append(std::move(field).value());
    }
    Result<ResponseSpec> response = parseResponse(spec.id, object.value(QLatin1String("response")).toObject());
    if (!response)
        return response.error();
    spec.response = std::move(response).value();
    return spec;
}

} // namespace td
