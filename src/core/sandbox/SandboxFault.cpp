// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxFault.h"

#include "core/sandbox/SandboxServer.h"

#include <QJsonValue>

namespace td {

namespace {

struct KindEntry {
    SandboxFault::Kind kind;
    const char *name;
};

constexpr KindEntry kKinds[] = {
    {SandboxFault::Kind::LatencyMs, "latencyMs"}, {SandboxFault::Kind::ErrorCode, "errorCode"},
    {SandboxFault::Kind::HttpStatus, "httpStatus"}, {SandboxFault::Kind::Malformed, "malformed"},
    {SandboxFault::Kind::Truncated, "truncated"},   {SandboxFault::Kind::WrongKey, "wrongKey"},
    {SandboxFault::Kind::Drop, "drop"},
};

} // namespace

QString SandboxFault::kindName(Kind kind)
{
    for (const KindEntry &entry : kKinds) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<SandboxFault::Kind> SandboxFault::kindFromName(QStringView name)
{
    for (const KindEntry &entry : kKinds) {
        if (name == QLatin1String(entry.name))
            return entry.kind;
    }
    return std::nullopt;
}

Result<SandboxFault> SandboxFault::fromJson(const QJsonObject &object)
{
    return fromJson(object, SandboxServer::endpointIds());
}

Result<SandboxFault> SandboxFault::fromJson(const QJsonObject &object, const QStringList &endpointIds)
{
    SandboxFault fault;
    fault.endpoint = object.value(QLatin1String("endpoint")).toString();
    if (fault.endpoint != QLatin1String("*") && !endpointIds.contains(fault.endpoint))
        return makeError(ErrorCode::NotFound, QStringLiteral("Unknown endpoint id \"%1\" for a fault.").arg(fault.endpoint));
    const QString kindText = object.value(QLatin1String("kind")).toString();
    const std::optional<Kind> kind = kindFromName(kindText);
    if (!kind)
        return makeError(ErrorCode::NotFound, QStringLiteral("Unknown fault kind \"%1\".").arg(kindText));
    fault.kind = *kind;

    const QJsonValue value = object.value(QLatin1String("value"));
    if (value.isDouble())
        fault.value = QString::number(value.toInteger());
    else if (value.isString())
        fault.value = value.toString();

    bool isNumber = false;
    const int number = fault.value.toInt(&isNumber);
    switch (fault.kind) {
    case Kind::LatencyMs:
        if (!isNumber || number < 0 || number > 600000)
            return makeError(ErrorCode::FieldInvalid, QStringLiteral("A latencyMs fault needs a value of 0..600000 ms."));
        break;
    case Kind::HttpStatus:
        if (!isNumber || number < 100 || number > 599)
            return makeError(ErrorCode::FieldInvalid, QStringLiteral("An httpStatus fault needs a value of 100..599."));
        break;
    case Kind::ErrorCode:
        if (fault.value.isEmpty())
            return makeError(ErrorCode::FieldInvalid, QStringLiteral("An errorCode fault needs the code as its value."));
        break;
    default: break;
    }

    const QJsonValue count = object.value(QLatin1String("count"));
    if (count.isUndefined() || count.isNull()) {
        fault.count = 1;
    } else {
        const qint64 n = count.toInteger(0);
        if (!count.isDouble() || (n != -1 && n < 1) || n > 1000000)
            return makeError(ErrorCode::FieldInvalid, QStringLiteral("A fault count is a positive number or -1 (until cleared)."));
        fault.count = int(n);
    }
    return fault;
}

QJsonObject SandboxFault::toJson() const
{
    return QJsonObject{{QStringLiteral("endpoint"), endpoint},
                       {QStringLiteral("kind"), kindName(kind)},
                       {QStringLiteral("value"), value},
                       {QStringLiteral("count"), count}};
}

} // namespace td
