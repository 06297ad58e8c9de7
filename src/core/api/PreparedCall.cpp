// SPDX-License-Identifier: GPL-3.0-or-later
#include "PreparedCall.h"

namespace td {

QString PreparedCall::value(QStringView name) const
{
    for (const ResolvedField &field : fields) {
        if (field.spec && field.spec->name == name)
            return field.value;
    }
    return {};
}

} // namespace td
