// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/FieldSpec.h"
#include "core/api/ResponseSpec.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace td {

// One endpoint, loaded from a JSON file in resources/apis/: the forms, the CLI and the request
// builder all read it, so a new endpoint of an existing family is a new file.
struct EndpointSpec {
    // What the step does in its family's life cycle (the spec's "role"): which step a session
    // renews with is the spec whose role is renew or refresh, wherever it stands in the file order.
    enum class Role { Issue, Renew, Refresh, Revoke, Call };

    QString id;          // stable: "bankezy.get-app-token"
    QString family;      // "bankezy", "enos", "secmgmt": selects the adapter
    QString title;       // "Get App Token"
    QString summary;     // one or two sentences for the form and --help
    int order = 0;       // position within the family's life cycle
    Role role = Role::Call;
    QByteArray method;   // default; an environment may override it
    QString path;        // default; an environment may override it
    QStringList altPaths; // other spellings the sandbox serves
    QByteArray contentType;
    bool encryptedRequest = false; // the body is sent as a JWE under the session key
    QList<FieldSpec> fields;
    ResponseSpec response;
    QStringList carryFields; // request fields whose values later steps need ("accountNumber")
    QList<int> computeOrder; // indices of the fields with `compute`, each after the fields it reads

    const FieldSpec *field(QStringView name) const; // by name or alias, case-sensitive; null when absent
    QStringList secretFieldNames() const;
    // The identifiers `compute` expressions read that no field of this spec provides: values an
    // earlier step must produce (response outputs, carried fields). Where the family is known, a
    // name on this list that no step produces is a load error.
    QStringList computeInputsFromEarlierSteps() const;
    bool renews() const { return role == Role::Renew || role == Role::Refresh; }

    static QString roleName(Role role); // "issue", "renew", "refresh", "revoke", "call"
    static std::optional<Role> roleFromName(QStringView name);

    // SpecInvalid naming the file's problem (member, field index) when the JSON is not a spec.
    static Result<EndpointSpec> fromJson(const QJsonObject &object);
};

} // namespace td
