// SPDX-License-Identifier: GPL-3.0-or-later
#include "EndpointMatcher.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"

#include <QStringList>

namespace td {

const EndpointSpec *EndpointMatcher::find(QByteArrayView method, const QString &path, const EndpointCatalog &catalog,
                                          QString *matchedPath)
{
    const EndpointSpec *best = nullptr;
    int bestScore = -1;
    for (const EndpointSpec &spec : catalog.endpoints()) {
        for (const QString &candidate : QStringList{spec.path} + spec.altPaths) {
            if (candidate.isEmpty() || !path.endsWith(candidate))
                continue;
            const bool sameMethod = spec.method.compare(method, Qt::CaseInsensitive) == 0;
            const int score = int(candidate.size()) * 2 + (sameMethod ? 1 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = &spec;
                if (matchedPath)
                    *matchedPath = candidate;
            }
        }
    }
    return best;
}

const EndpointSpec *EndpointMatcher::findExact(QByteArrayView method, const QString &path, const EndpointCatalog &catalog)
{
    const EndpointSpec *spec = find(method, path, catalog);
    return spec && spec->method.compare(method, Qt::CaseInsensitive) == 0 ? spec : nullptr;
}

} // namespace td
