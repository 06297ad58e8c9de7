// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace td {

class EndpointCatalog;
struct CurlCommand;
struct EndpointSpec;

// A pasted curl command matched to an endpoint: by method and path (its altPaths too; the host is
// ignored, the part of the URL before the endpoint's path is the base URL to offer as an
// environment), with every header and body member the endpoint knows as a field value and
// everything else named in `unmatched`, never dropped without a word.
struct CurlImport {
    const EndpointSpec *endpoint = nullptr; // null when no endpoint has this method and path
    QString baseUrl;
    QByteArray method;
    QString path;
    QMap<QString, QString> values;          // field name → value as sent
    QStringList unmatched;                  // "header Accept", "body firstName", "option --compressed", ...

    static CurlImport match(const CurlCommand &command, const EndpointCatalog &catalog);

    // True when `name` holds a secret of the matched endpoint (shown as "***" unless asked).
    bool isSecret(const QString &name) const;
    // {"endpoint": ID or null, "baseUrl", "method", "path", "values": {NAME: VALUE}, "unmatched": [..]}
    // with secret values as "***" unless `showSecrets`.
    QJsonObject toJson(bool showSecrets) const;
};

} // namespace td
