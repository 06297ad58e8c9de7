// SPDX-License-Identifier: GPL-3.0-or-later
#include "KdfMode.h"

namespace td {

QString kdfModeName(KdfMode mode)
{
    switch (mode) {
    case KdfMode::Raw: return QStringLiteral("raw");
    case KdfMode::Concat: return QStringLiteral("concat");
    case KdfMode::Sha256: return QStringLiteral("sha256");
    }
    return QStringLiteral("raw");
}

std::optional<KdfMode> kdfModeFromName(QStringView name)
{
    for (KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        if (name.compare(kdfModeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

} // namespace td
