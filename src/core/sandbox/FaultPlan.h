// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sandbox/SandboxFault.h"

#include <QJsonArray>
#include <QList>

namespace td {

// The faults armed on a sandbox, consumed request by request.
class FaultPlan
{
public:
    void add(const SandboxFault &fault);
    void clear() { m_faults.clear(); }
    bool isEmpty() const { return m_faults.isEmpty(); }
    // The faults that apply to the next request on `endpointId`, counting it against each; a
    // fault whose count reaches zero is removed. At most one fault per kind (the oldest).
    QList<SandboxFault> take(const QString &endpointId);
    QJsonArray toJson() const;

private:
    QList<SandboxFault> m_faults;
};

} // namespace td
