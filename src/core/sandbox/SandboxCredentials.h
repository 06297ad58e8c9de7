// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace td {

class EndpointCatalog;

// The pre-shared values the sandbox accepts: the seeded demo set or a --credentials file in the
// shape of PROTOCOLS.md ("The sandbox server").
struct SandboxCredentials {
    QString bankezyXApiKey = QStringLiteral("MOB-APP-2001");
    QString bankezyApiKey = QStringLiteral("MOB-APP");
    QString bankezySecret = QStringLiteral("TEST123");
    QString bankezySdkApiKey = QStringLiteral("ABCDEFGH");
    QString enosAppKey = QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b");
    QString enosAppSecret = QStringLiteral("sandbox-app-secret");
    QString secmgmtUsername = QStringLiteral("demo");
    QString secmgmtPassword = QStringLiteral("demo123");
    // A user family's values, under its id in the file: {"acme": {"clientId": "…", "clientSecret": "…"}}.
    // The generic service checks the fields of that name and signs with them; none by default.
    QMap<QString, QMap<QString, QString>> families;

    // The values of one user family (empty for an unknown one).
    QMap<QString, QString> family(const QString &id) const { return families.value(id); }
    // The seeded demo set (no --credentials file): a user family gets made-up values too.
    bool demo = true;
    // With the demo set, every plain family of `catalog` that has no values yet gets one for each
    // field a client must bring itself (a `credential` field, or a required one that nothing
    // carries, computes or generates): "demo-<field>", the same every run and in every family, so
    // the one Sandbox environment fills each family's fields of that name.
    void addDemoFamilies(const EndpointCatalog &catalog);

    // ConfigInvalid naming the family and member that is missing or not a non-empty string. Any
    // other member is a user family: an object of non-empty strings under a family id.
    static Result<SandboxCredentials> fromJson(const QJsonObject &object);
    // Io when the file cannot be read, ConfigInvalid when it is not the documented shape.
    static Result<SandboxCredentials> fromJsonFile(const QString &path);
    QJsonObject toJson() const; // the file shape
};

} // namespace td
