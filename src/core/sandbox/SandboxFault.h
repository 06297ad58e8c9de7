// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace td {

// One injected fault: what goes wrong, on which endpoint id ("*" = every endpoint), and for how
// many of the next requests (-1 = until cleared).
struct SandboxFault {
    enum class Kind {
        LatencyMs,  // value = delay in ms; the answer is otherwise normal
        ErrorCode,  // value = the family error code to force (TOK003, 1002, AUTH_1001 ...)
        HttpStatus, // value = the HTTP status, with the family's error body
        Malformed,  // body "<html>not json"
        Truncated,  // the real body cut to half its length
        WrongKey,   // encrypted answer under a fresh random key (plain endpoints: as Malformed)
        Drop,       // the connection is closed without any answer
    };

    QString endpoint;
    Kind kind = Kind::Malformed;
    QString value; // text form of the value ("250", "TOK003", "503")
    int count = 1;

    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(QStringView name);
    // {"endpoint":id,"kind":name,"value":…,"count":n}: NotFound for an unknown endpoint id or kind,
    // FieldInvalid for a value the kind cannot use.
    static Result<SandboxFault> fromJson(const QJsonObject &object);
    // The same against the endpoints a server answers (SandboxServer::servedRoutes(): user
    // families' too); the overload above knows the built-in ones.
    static Result<SandboxFault> fromJson(const QJsonObject &object, const QStringList &endpointIds);
    QJsonObject toJson() const;
    int intValue() const { return value.toInt(); }
};

} // namespace td
