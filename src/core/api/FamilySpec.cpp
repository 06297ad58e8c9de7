// SPDX-License-Identifier: GPL-3.0-or-later
#include "FamilySpec.h"

#include "core/api/EndpointSpec.h"
#include "core/api/FamilyAdapter.h"

#include <QJsonArray>

namespace td {

namespace {

const QStringList kKeys = {QStringLiteral("id"),      QStringLiteral("displayName"),      QStringLiteral("shortName"), QStringLiteral("order"),
                           QStringLiteral("flow"),    QStringLiteral("adapter"),          QStringLiteral("singleUseRefresh"),
                           QStringLiteral("sandboxTerminates")};

Error familyError(const QString &source, const QString &path, const QString &problem)
{
    return makeError(ErrorCode::SpecInvalid, QStringLiteral("%1: %2: %3").arg(source, path, problem));
}

// A flow entry names an endpoint of this family or a role.
bool isFlowEntry(const QString &entry, const QString &family)
{
    if (EndpointSpec::roleFromName(entry))
        return true;
    return entry.startsWith(family + QLatin1Char('.')) && entry.size() > family.size() + 1;
}

std::optional<Error> readFlow(const QJsonValue &value, const QString &source, FamilySpec &family)
{
    if (!value.isArray() || value.toArray().isEmpty())
        return familyError(source, QStringLiteral("$.flow"), QStringLiteral("must be a non-empty list of endpoint ids or roles."));
    const QJsonArray array = value.toArray();
    for (int i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("$.flow[%1]").arg(i);
        const QString entry = array.at(i).toString();
        if (!array.at(i).isString() || !isFlowEntry(entry, family.id))
            return familyError(source, path,
                               QStringLiteral("must be an endpoint id of this family (\"%1.…\") or a role "
                                              "(issue, renew, refresh, revoke, call).")
                                   .arg(family.id));
        if (family.flow.contains(entry))
            return familyError(source, path, QStringLiteral("\"%1\" is already in the flow.").arg(entry));
        family.flow.append(entry);
    }
    return std::nullopt;
}

std::optional<Error> readOptions(const QJsonObject &object, const QString &source, FamilySpec &family)
{
    const QJsonValue order = object.value(QLatin1String("order"));
    if (!order.isUndefined()) {
        if (!order.isDouble() || order.toDouble() != static_cast<double>(order.toInt()))
            return familyError(source, QStringLiteral("$.order"), QStringLiteral("must be a whole number."));
        family.order = order.toInt();
    }
    const QJsonValue adapter = object.value(QLatin1String("adapter"));
    if (!adapter.isUndefined() && !adapter.isNull()) {
        if (!adapter.isString() || !FamilyAdapter::named(adapter.toString()))
            return familyError(source, QStringLiteral("$.adapter"),
                               QStringLiteral("must be null or a built-in adapter (%1).")
                                   .arg(FamilyAdapter::names().join(QStringLiteral(", "))));
        family.adapter = adapter.toString();
    }
    for (const auto &[key, target] : {std::pair<const char *, bool *>{"singleUseRefresh", &family.singleUseRefresh},
                                      std::pair<const char *, bool *>{"sandboxTerminates", &family.sandboxTerminates}}) {
        const QJsonValue flag = object.value(QLatin1String(key));
        if (flag.isUndefined())
            continue;
        if (!flag.isBool())
            return familyError(source, QStringLiteral("$.%1").arg(QLatin1String(key)), QStringLiteral("must be true or false."));
        *target = flag.toBool();
    }
    return std::nullopt;
}

} // namespace

bool FamilySpec::hasFamilyShape(const QJsonObject &object)
{
    const bool familyKey = object.contains(QLatin1String("flow")) || object.contains(QLatin1String("displayName"));
    const bool endpointKey = object.contains(QLatin1String("fields")) || object.contains(QLatin1String("response"))
        || object.contains(QLatin1String("path"));
    return familyKey && !endpointKey;
}

bool FamilySpec::isValidId(QStringView id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (const QChar c : id) {
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
              || c == QLatin1Char('-')))
            return false;
    }
    return true;
}

int FamilySpec::flowIndex(const EndpointSpec &spec) const
{
    for (int i = 0; i < flow.size(); ++i) {
        if (flow.at(i) == spec.id || flow.at(i) == EndpointSpec::roleName(spec.role))
            return i;
    }
    return static_cast<int>(flow.size());
}

Result<FamilySpec> FamilySpec::fromJson(const QJsonObject &object, const QString &source)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!kKeys.contains(it.key()))
            return familyError(source, QStringLiteral("$.%1").arg(it.key()),
                               QStringLiteral("unknown key (known: %1).").arg(kKeys.join(QStringLiteral(", "))));
    }
    FamilySpec family;
    const QJsonValue id = object.value(QLatin1String("id"));
    family.id = id.toString();
    if (!id.isString() || !isValidId(family.id))
        return familyError(source, QStringLiteral("$.id"), QStringLiteral("must be lower-case letters, digits and dashes."));
    const QJsonValue displayName = object.value(QLatin1String("displayName"));
    family.displayName = displayName.toString().trimmed();
    if (!displayName.isString() || family.displayName.isEmpty())
        return familyError(source, QStringLiteral("$.displayName"), QStringLiteral("must be a non-empty text."));
    const QJsonValue shortName = object.value(QLatin1String("shortName"));
    family.shortName = shortName.toString(family.displayName).trimmed();
    if ((!shortName.isUndefined() && !shortName.isString()) || family.shortName.isEmpty())
        return familyError(source, QStringLiteral("$.shortName"), QStringLiteral("must be a non-empty text when given."));
    if (std::optional<Error> error = readFlow(object.value(QLatin1String("flow")), source, family))
        return *error;
    if (std::optional<Error> error = readOptions(object, source, family))
        return *error;
    return family;
}

} // namespace td
