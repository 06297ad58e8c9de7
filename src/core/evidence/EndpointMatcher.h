// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

namespace td {

class EndpointCatalog;
struct EndpointSpec;

// Which endpoint a request seen elsewhere (a pasted curl command, a HAR entry) was a call to: by
// its method and path, the host ignored, so the same call against staging, production or the
// sandbox is recognised. One rule for every kind of evidence.
class EndpointMatcher
{
public:
    // The endpoint whose path (or an altPath) ends `path`, the longest such path first and the
    // same method before another; `matchedPath` gets the path that matched. Null when none ends it.
    static const EndpointSpec *find(QByteArrayView method, const QString &path, const EndpointCatalog &catalog,
                                    QString *matchedPath = nullptr);
    // The same, but only an endpoint with that method: a HAR is full of other calls (a GET of a
    // page under the same path is not a token call).
    static const EndpointSpec *findExact(QByteArrayView method, const QString &path, const EndpointCatalog &catalog);
};

} // namespace td
