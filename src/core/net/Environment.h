// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/KdfMode.h"
#include "core/net/HttpRequest.h"
#include "core/net/TransportSettings.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace td {

// Where and how calls go: a named target (production-like, staging, the built-in Sandbox) with
// its base URL(s), per-endpoint path and method overrides, the BankEzy KDF setting, extra headers,
// transport rules and the values (credentials and defaults) that fill form fields by name.
struct Environment {
    QString name;
    QString baseUrl;                          // e.g. https://payment1.example.com
    QMap<QString, QString> familyBaseUrls;    // "bankezy" → URL, overrides baseUrl for that family
    QMap<QString, QString> pathOverrides;     // endpoint id → path
    QMap<QString, QString> methodOverrides;   // endpoint id → method
    KdfMode kdf = KdfMode::Raw;
    HttpHeaders extraHeaders;                 // added to every request
    TransportSettings transport;
    QMap<QString, QString> values;            // field name → value ("X-API-KEY", "appKey", "username", ...)
    bool builtIn = false;                     // the Sandbox environment: not editable, not saved
    bool autoRenew = false;                   // its sessions renew at their threshold unless they say otherwise

    static constexpr const char *kSandboxName = "Sandbox";
    // The sandbox over HTTPS, trusting its own CA: there only while the sandbox serves HTTPS.
    static constexpr const char *kSandboxTlsName = "Sandbox (TLS)";
    // One of the two names above (case-insensitive): reserved for the built-in environments.
    static bool isBuiltInName(const QString &name);

    QString baseUrlFor(const QString &family) const;

    // JSON for the environments file. Values whose names isSecretName() reports are left out
    // unless includeSecrets: secrets belong in the vault, never in settings.
    QJsonObject toJson(bool includeSecrets = false) const;
    static Result<Environment> fromJson(const QJsonObject &object);
};

} // namespace td
