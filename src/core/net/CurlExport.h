// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpRequest.h"

#include <QString>
#include <QStringList>

namespace td {

// Copy-as-curl: one POSIX shell command that repeats a request.
class CurlExport
{
public:
    // Lines "curl --request METHOD", "--url URL", one "--header 'Name: value'" per header in
    // order, "--data-raw BODY" when there is a body, joined by " \" continuations.
    // Secrets are masked with SecretMasker unless `revealSecrets` (an explicit user choice for this
    // one export).
    static QString toCurl(const HttpRequest &request, bool revealSecrets,
                          const QStringList &secretFieldNames = {}, const QStringList &secretValues = {});

    // Single-quoted for a POSIX shell; an embedded ' becomes '\''. Words made only of safe
    // characters are left bare.
    static QString shellQuote(const QString &word);
};

} // namespace td
