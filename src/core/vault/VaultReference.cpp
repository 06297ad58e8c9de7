// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultReference.h"

namespace td {

namespace {

const QLatin1String kIdentitySuffix("#identity");

} // namespace

bool VaultReference::isReference(QStringView value)
{
    return value.startsWith(QLatin1String(kPrefix)) && value.size() > static_cast<qsizetype>(qstrlen(kPrefix));
}

std::optional<VaultReference> VaultReference::parse(QStringView value)
{
    if (!isReference(value))
        return std::nullopt;
    QStringView rest = value.mid(static_cast<qsizetype>(qstrlen(kPrefix)));
    VaultReference reference;
    if (rest.endsWith(kIdentitySuffix)) {
        reference.part = Part::Identity;
        rest.chop(kIdentitySuffix.size());
    }
    reference.name = rest.trimmed().toString();
    if (reference.name.isEmpty())
        return std::nullopt;
    return reference;
}

QString VaultReference::toString() const
{
    return QLatin1String(kPrefix) + name + (part == Part::Identity ? QString(kIdentitySuffix) : QString());
}

} // namespace td
