// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ApiReply.h"

namespace td {

void ApiReply::finish(HttpResponse response)
{
    if (m_finished)
        return;
    m_finished = true;
    m_response = std::move(response);
    Q_EMIT finished(m_response);
}

} // namespace td
