// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxConfig.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

namespace td {

QString renewShapeName(RenewShape shape)
{
    return shape == RenewShape::Nested ? QStringLiteral("nested") : QStringLiteral("flat");
}

std::optional<RenewShape> renewShapeFromName(QStringView name)
{
    if (name == QLatin1String("flat"))
        return RenewShape::Flat;
    if (name == QLatin1String("nested"))
        return RenewShape::Nested;
    return std::nullopt;
}

QString renewShapeText(RenewShape shape)
{
    return shape == RenewShape::Nested ? QCoreApplication::translate("RenewShape", "Nested")
                                       : QCoreApplication::translate("RenewShape", "Flat (default)");
}

QString renewShapeDescription(RenewShape shape)
{
    return shape == RenewShape::Nested
        ? QCoreApplication::translate("RenewShape", "Nested: code TOK200, the token under \"data\"")
        : QCoreApplication::translate("RenewShape", "Flat: code 100, the token at the top (default)");
}

qint64 SandboxConfig::now() const
{
    return (nowMs ? nowMs() : QDateTime::currentMSecsSinceEpoch()) + clockOffsetMs;
}

std::function<qint64()> SandboxConfig::clock() const
{
    return [nowMs = nowMs, offset = clockOffsetMs]() { return (nowMs ? nowMs() : QDateTime::currentMSecsSinceEpoch()) + offset; };
}

QJsonObject SandboxConfig::toJson() const
{
    return QJsonObject{
        {QStringLiteral("bankezyLifetimeSeconds"), bankezyLifetimeSeconds},
        {QStringLiteral("enosLifetimeSeconds"), enosLifetimeSeconds},
        {QStringLiteral("secmgmtLifetimeSeconds"), secmgmtLifetimeSeconds},
        {QStringLiteral("secmgmtRefreshLifetimeSeconds"), secmgmtRefreshLifetimeSeconds},
        {QStringLiteral("userLifetimeSeconds"), userLifetimeSeconds},
        {QStringLiteral("userRefreshLifetimeSeconds"), userRefreshLifetimeSeconds},
        {QStringLiteral("specFolders"), QJsonArray::fromStringList(specFolders)},
        {QStringLiteral("renewWindowSeconds"), renewWindowSeconds},
        {QStringLiteral("enosSkewSeconds"), enosSkewSeconds},
        {QStringLiteral("kdf"), kdfModeName(kdf)},
        {QStringLiteral("renewShape"), renewShapeName(renewShape)},
        {QStringLiteral("host"), host},
        {QStringLiteral("port"), int(port)},
        {QStringLiteral("preferredPort"), int(preferredPort)},
        {QStringLiteral("kept"), !stateFolder.isEmpty()},
        {QStringLiteral("idleTimeoutMs"), idleTimeoutMs},
        {QStringLiteral("clockOffsetMs"), clockOffsetMs},
    };
}

} // namespace td
