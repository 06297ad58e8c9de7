// SPDX-License-Identifier: GPL-3.0-or-later
#include "SpokenName.h"

namespace td {

QString spokenName(QStringView camelCase)
{
    QString spoken;
    for (QChar c : camelCase) {
        if (c.isUpper() && !spoken.isEmpty())
            spoken += QLatin1Char(' ');
        spoken += c.toLower();
    }
    return spoken;
}

} // namespace td
