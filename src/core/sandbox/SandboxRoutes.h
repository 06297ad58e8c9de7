// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace td {

// The seven endpoints of PROTOCOLS.md by path (both spellings: with and without the version
// segment) and method.
class SandboxRoutes
{
public:
    enum class Match { Endpoint, WrongMethod, UnknownPath };
    struct Result {
        Match match = Match::UnknownPath;
        QString endpointId;   // for Endpoint
        QByteArray allowed;   // for WrongMethod: the Allow header value
    };

    static Result match(const QString &path, const QByteArray &method);
    static QStringList endpointIds();
    // The family of an endpoint id: "bankezy", "enos" or "secmgmt".
    static QString family(const QString &endpointId);
};

} // namespace td
