// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HttpResponse.h"

namespace td {

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace td
