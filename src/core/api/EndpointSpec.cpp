// SPDX-License-Identifier: GPL-3.0-or-later
#include "EndpointSpec.h"

#include "core/net/SecretNames.h"

#include <QJsonArray>
#include <QMap>

#include <algorithm>

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
    QStringLiteral("uuid"), QStringLiteral("now-ms"), QStringLiteral("bankezy-client-key"), QStringLiteral("bankezy-sdk-key"),
};

// A field's "compute": parsed here so a spec with a bad expression never loads. The error names
// the JSON path and the column ("fields[3].compute: unknown function 'sha1' at column 4").
Result<void> parseCompute(const QString &id, int index, const QJsonObject &object, FieldSpec &field)
{
    const QJsonValue compute = object.value(QLatin1String("compute"));
    if (compute.isUndefined())
        return {};
    const QString path = QStringLiteral("fields[%1].compute").arg(index);
    if (!compute.isString())
        return specError(id, path + QStringLiteral(" must be a string."));
    Result<SpecExpression> expression = SpecExpression::parse(compute.toString());
    if (!expression)
        return specError(id, QStringLiteral("%1: %2.").arg(path, expression.error().message));
    if (!field.generator.isEmpty() || !field.from.isEmpty())
        return specError(id, path + QStringLiteral(": a computed field has no \"generator\" or \"from\"."));
    field.compute = compute.toString();
    field.expression = std::move(expression).value();
    field.computed = true;
    // A computed Authorization header is a secret by its name; saying so again is not required.
    if (isSecretName(field.name))
        field.secret = true;
    return {};
}

// "fields[2].compute: the computed fields a → b → a read each other in a cycle", walking from the
// first field Kahn's order left over along computed fields that are left over too.
QString cycleSentence(const QList<FieldSpec> &fields, const QList<int> &computed, const QList<int> &ordered)
{
    QList<int> left;
    for (int i : computed) {
        if (!ordered.contains(i))
            left.append(i);
    }
    QList<int> walk{left.first()};
    while (true) {
        int next = -1;
        for (const QString &name : fields.at(walk.last()).expression.identifiers()) {
            for (int j : std::as_const(left)) {
                if (next < 0 && fields.at(j).name == name)
                    next = j;
            }
        }
        const qsizetype seen = walk.indexOf(next);
        walk.append(next);
        if (seen >= 0 || next < 0) {
            walk = walk.mid(seen < 0 ? 0 : seen);
            break;
        }
    }
    QStringList names;
    for (int i : std::as_const(walk))
        names.append(i < 0 ? QStringLiteral("?") : fields.at(i).name);
    return QStringLiteral("fields[%1].compute: the computed fields %2 read each other in a cycle.")
        .arg(walk.first()).arg(names.join(QStringLiteral(" \u2192 ")));
}

// Kahn's order over the computed fields (a field after every computed field it reads), so
// nothing recurses however long a hostile chain is. Fields left over lie on a cycle.
Result<QList<int>> orderComputed(const QString &id, const QList<FieldSpec> &fields)
{
    QList<int> computed;
    QMap<int, QList<int>> readers; // field index → computed fields that read it
    QMap<int, int> pending;        // computed field → computed fields it still waits for
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).expression.isNull())
            continue;
        computed.append(i);
        pending[i] = 0;
        for (const QString &name : fields.at(i).expression.identifiers()) {
            for (int j = 0; j < fields.size(); ++j) {
                if (fields.at(j).name == name && !fields.at(j).expression.isNull()) {
                    readers[j].append(i);
                    ++pending[i];
                }
            }
        }
    }
    QList<int> order;
    for (int i : std::as_const(computed)) {
        if (pending.value(i) == 0)
            order.append(i);
    }
    for (int next = 0; next < order.size(); ++next) {
        for (int reader : readers.value(order.at(next))) {
            if (--pending[reader] == 0)
                order.append(reader);
        }
    }
    if (order.size() == computed.size())
        return order;
    return specError(id, cycleSentence(fields, computed, order));
}

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
    if (Result<void> compute = parseCompute(id, index, object, field); !compute)
        return compute.error();
    if (field.computed && field.generator.isEmpty() && field.compute.isEmpty())
        return specError(id, at + QStringLiteral(" is \"computed\" but has no generator or \"compute\"."));
    field.aliases = stringList(object.value(QLatin1String("aliases")));
    // The spec and the shared list must agree, or a secret could slip into history unmasked.
    if (isSecretName(field.name) && !field.secret)
        return specError(id, at + QStringLiteral(" carries a secret and must say \"secret\": true."));
    return field;
}

// The expiry units by their names in the spec (a contract, listed in docs/specs.md).
struct ExpiryUnitName {
    const char *name;
    ResponseSpec::ExpiryUnit unit;
};
const ExpiryUnitName kExpiryUnits[] = {
    {"seconds-from-now", ResponseSpec::ExpiryUnit::SecondsFromNow},
    {"ms-from-now", ResponseSpec::ExpiryUnit::MsFromNow},
    {"epoch-s", ResponseSpec::ExpiryUnit::EpochS},
    {"epoch-ms", ResponseSpec::ExpiryUnit::EpochMs},
    {"iso-8601", ResponseSpec::ExpiryUnit::Iso8601},
    {"jwt-exp", ResponseSpec::ExpiryUnit::JwtExp},
};

// "response.expiry[1]: each "expiry" needs a "path" and a "unit" (…); "seconds" is not a unit."
Result<ResponseSpec::Expiry> parseExpiry(const QString &id, int index, const QJsonObject &item)
{
    ResponseSpec::Expiry expiry;
    expiry.path = item.value(QLatin1String("path")).toString();
    const QString unit = item.value(QLatin1String("unit")).toString();
    bool known = false;
    QStringList names;
    for (const ExpiryUnitName &candidate : kExpiryUnits) {
        names.append(QLatin1String(candidate.name));
        if (unit == QLatin1String(candidate.name)) {
            expiry.unit = candidate.unit;
            known = true;
        }
    }
    if (known && !expiry.path.isEmpty())
        return expiry;
    const QString last = names.takeLast();
    QString what = QStringLiteral("response.expiry[%1]: each \"expiry\" needs a \"path\" and a \"unit\" (%2 or %3)")
                       .arg(index)
                       .arg(names.join(QStringLiteral(", ")), last);
    if (!known && !unit.isEmpty())
        what += QStringLiteral("; \"%1\" is not a unit").arg(unit.left(40));
    return specError(id, what + QLatin1Char('.'));
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
    for (int index = 0; index < expiries.size(); ++index) {
        Result<ResponseSpec::Expiry> expiry = parseExpiry(id, index, expiries.at(index).toObject());
        if (!expiry)
            return expiry.error();
        response.expiries.append(expiry.value());
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

QStringList EndpointSpec::computeInputsFromEarlierSteps() const
{
    QStringList names;
    for (int index : computeOrder) {
        for (const QString &name : fields.at(index).expression.identifiers()) {
            const bool ownField = std::any_of(fields.cbegin(), fields.cend(), [&](const FieldSpec &f) { return f.name == name; });
            if (!ownField && !names.contains(name))
                names.append(name);
        }
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
    Result<QList<int>> order = orderComputed(spec.id, spec.fields);
    if (!order)
        return order.error();
    spec.computeOrder = order.value();
    Result<ResponseSpec> response = parseResponse(spec.id, object.value(QLatin1String("response")).toObject());
    if (!response)
        return response.error();
    spec.response = std::move(response).value();
    return spec;
}

} // namespace td
