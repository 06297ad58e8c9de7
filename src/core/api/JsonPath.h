// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QStringList>

namespace td {

// Dotted paths into JSON as endpoint specs write them: "token", "data.expiryDate",
// "content.0.token" (a number indexes an array).
class JsonPath
{
public:
    // Undefined when any step is missing.
    static QJsonValue lookup(const QJsonValue &root, QStringView path);
    // The first path that is present (not undefined and not null), with the path it came from.
    static QJsonValue first(const QJsonValue &root, const QStringList &paths, QString *foundPath = nullptr);
    // Scalars as text; integral numbers without a decimal point or exponent ("100", not "100.0").
    static QString toText(const QJsonValue &value);
};

} // namespace td
