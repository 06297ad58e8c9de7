// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/SpecExpression.h"

#include <QString>
#include <QStringList>

namespace td {

// One input of an endpoint, as its spec file describes it: where it goes, what it must look like,
// where its value comes from when the user leaves it empty, and whether it is a secret.
struct FieldSpec {
    enum class Location {
        Header,     // an HTTP header of that name
        Body,       // a member of the JSON body (encrypted afterwards when the endpoint says so)
        Credential, // used to compute something (e.g. appSecret for the EnOS signature), never sent
    };
    enum class Type {
        String,
        Integer, // digits only; written to JSON as a number, kept as text so 19 digits stay exact
        Object,  // a JSON object of string → string, typed as JSON text
    };
    enum class Format { None, Uuid, DateYyyyMmDd, Email, Digits, Url };

    QString name;        // on the wire: header name or body member; also the CLI --set name
    QString label;       // for forms
    QString help;        // one sentence for tooltips and --help
    QString example;     // placeholder text
    Location location = Location::Body;
    Type type = Type::String;
    Format format = Format::None;
    bool required = false;
    bool secret = false;
    int maxLength = 0;   // 0 = no limit (characters)
    int maxDigits = 0;   // Integer: at most this many digits
    QString generator;   // "uuid", "now-ms", or an adapter's: "bankezy-client-key", "bankezy-sdk-key"
    QString from;        // a value carried from an earlier step ("appToken", "userToken", ...)
    bool computed = false; // the generator or `compute` always fills it unless the user sets it explicitly
    QString compute;     // an expression (docs/specs.md "Computed values"), e.g. "hex(sha256(appKey + timestamp + appSecret))"
    SpecExpression expression; // `compute` parsed; null when there is none
    QStringList aliases; // other names the server accepts; the client always sends `name`

    static QString locationName(Location location); // "header", "body", "credential"
};

} // namespace td
