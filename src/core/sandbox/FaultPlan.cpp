// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaultPlan.h"

#include <algorithm>

namespace td {

void FaultPlan::add(const SandboxFault &fault)
{
    m_faults.append(fault);
}

QList<SandboxFault> FaultPlan::take(const QString &endpointId)
{
    QList<SandboxFault> applied;
    for (auto it = m_faults.begin(); it != m_faults.end();) {
        const bool matches = it->endpoint == endpointId || it->endpoint == QLatin1String("*");
        const bool kindTaken = std::any_of(applied.cbegin(), applied.cend(),
                                           [&](const SandboxFault &f) { return f.kind == it->kind; });
        if (!matches || kindTaken) {
            ++it;
            continue;
        }
        applied.append(*it);
        if (it->count > 0 && --it->count == 0)
            it = m_faults.erase(it);
        else
            ++it;
    }
    return applied;
}

QJsonArray FaultPlan::toJson() const
{
    QJsonArray array;
    for (const SandboxFault &fault : m_faults)
        array.append(fault.toJson());
    return array;
}

} // namespace td
