// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace td {

struct EndpointSpec;

// One token API family, loaded from a JSON file in resources/families/: its name, where it stands
// among the others, the order of its flow and the built-in adapter it needs (none for a plain
// family that fields, computed values and response mapping describe entirely).
struct FamilySpec {
    QString id;            // "bankezy": the "family" of its endpoint specs
    QString displayName;   // "BankEzy"
    QString shortName;     // for narrow labels ("Security mgmt"); the display name when not given
    int order = 1000;      // position among the families (lists, menus, combo boxes)
    // The steps of `flow FAMILY`, in order: each an endpoint id ("bankezy.get-app-token") or a
    // role ("issue", "refresh"), which stands for every spec of the family with that role.
    QStringList flow;
    QString adapter;       // "bankezy", "enos", "secmgmt"; empty: the plain adapter
    bool singleUseRefresh = false; // a refresh spends the old pair: never replay a renewal
    bool sandboxTerminates = false; // the built-in sandbox can terminate its sessions

    // Where `spec` stands in the flow: the first entry naming its id or its role; flow.size()
    // when no entry names it (it is not a step of `flow`).
    int flowIndex(const EndpointSpec &spec) const;

    // SpecInvalid "<source>: $.<path>: <problem>" when the JSON does not describe a family.
    static Result<FamilySpec> fromJson(const QJsonObject &object, const QString &source);
    // A family file rather than an endpoint spec, by its shape: "flow" or "displayName", and
    // none of an endpoint's "fields", "response" or "path".
    static bool hasFamilyShape(const QJsonObject &object);
    // Ids are what specs and files name: lower-case letters, digits and dashes.
    static bool isValidId(QStringView id);
};

} // namespace td
