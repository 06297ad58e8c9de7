// SPDX-License-Identifier: GPL-3.0-or-later
#include "JsonPath.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace td {

QJsonValue JsonPath::lookup(const QJsonValue &root, QStringView path)
{
    QJsonValue current = root;
    for (QStringView step : path.split(QLatin1Char('.'))) {
        if (current.isObject()) {
            current = current.toObject().value(step);
        } else if (current.isArray()) {
            bool isIndex = false;
            const int index = step.toInt(&isIndex);
            const QJsonArray array = current.toArray();
            if (!isIndex || index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            current = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return current;
}

QJsonValue JsonPath::first(const QJsonValue &root, const QStringList &paths, QString *foundPath)
{
    for (const QString &path : paths) {
        const QJsonValue value = lookup(root, path);
        if (!value.isUndefined() && !value.isNull()) {
            if (foundPath)
                *foundPath = path;
            return value;
        }
    }
    return QJsonValue(QJsonValue::Undefined);
}

QString JsonPath::toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        // Qt keeps integers that fit in 64 bits exactly; toDouble() would round 19-digit ones.
        constexpr qint64 kNotIntegral = std::numeric_limits<qint64>::min();
        const qint64 integer = value.toInteger(kNotIntegral);
        if (integer != kNotIntegral)
            return QString::number(integer);
        const double number = value.toDouble();
        if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 9.0e15)
            return QString::number(static_cast<qint64>(number));
        return QString::number(number, 'g', 17);
    }
    default: return {};
    }
}

} // namespace td
