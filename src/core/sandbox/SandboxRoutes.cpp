// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxRoutes.h"

#include "core/api/EndpointCatalog.h"

#include <algorithm>

namespace td {

SandboxRoutes::SandboxRoutes(const EndpointCatalog &catalog, const QStringList &served)
{
    for (const EndpointSpec &spec : catalog.endpoints()) {
        m_families.insert(spec.id, spec.family);
        if (!served.contains(spec.id))
            continue;
        m_ids.append(spec.id);
        for (const QString &path : QStringList{spec.path} + spec.altPaths) {
            const bool taken = std::any_of(m_routes.cbegin(), m_routes.cend(), [&](const Route &route) {
                return route.path == path && route.method == spec.method;
            });
            if (!taken) // two specs on one method and path: the first in catalog order answers
                m_routes.append({path, spec.method, spec.id});
        }
    }
}

SandboxRoutes::Result SandboxRoutes::match(const QString &path, const QByteArray &method) const
{
    Result result;
    QByteArray allowed;
    // A trailing slash is the same resource for the clients we emulate.
    QStringView p(path);
    if (p.size() > 1 && p.endsWith(QLatin1Char('/')))
        p.chop(1);
    for (const Route &route : m_routes) {
        if (p != route.path)
            continue;
        if (method == route.method) {
            result.match = Match::Endpoint;
            result.endpointId = route.id;
            return result;
        }
        if (!allowed.isEmpty())
            allowed += ", ";
        allowed += route.method;
    }
    if (!allowed.isEmpty()) {
        result.match = Match::WrongMethod;
        result.allowed = allowed;
    }
    return result;
}

QString SandboxRoutes::family(const QString &endpointId) const
{
    const auto found = m_families.constFind(endpointId);
    return found != m_families.cend() ? found.value() : endpointId.section(QLatin1Char('.'), 0, 0);
}

} // namespace td
