// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace td {

class EndpointCatalog;

// Which endpoint a request is for, by method and path: the paths and altPaths of the catalog's
// specs (PROTOCOLS.md's default paths and the seeds' spellings without the version segment), for
// the endpoints the sandbox has a handler for. No path is written here.
class SandboxRoutes
{
public:
    enum class Match { Endpoint, WrongMethod, UnknownPath };
    struct Result {
        Match match = Match::UnknownPath;
        QString endpointId;   // for Endpoint
        QByteArray allowed;   // for WrongMethod: the Allow header value
    };

    // Routes for the specs in `catalog` whose id is in `served`, in the catalog's order.
    SandboxRoutes(const EndpointCatalog &catalog, const QStringList &served);

    Result match(const QString &path, const QByteArray &method) const;
    const QStringList &endpointIds() const { return m_ids; } // in the catalog's order
    // The family of an endpoint id, as its spec in the catalog says ("enos"; a user spec's own
    // family too); the id's first segment for an id the catalog did not have.
    QString family(const QString &endpointId) const;

private:
    struct Route {
        QString path;
        QByteArray method;
        QString id;
    };
    QList<Route> m_routes;
    QStringList m_ids;
    QHash<QString, QString> m_families; // endpoint id → family, for every spec of the catalog
};

} // namespace td
