// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/EndpointSpec.h"
#include "core/api/TokenResult.h"
#include "core/net/HttpRequest.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace td {

class FamilyRegistry;

// A field's value after resolution, and where it came from (shown next to the field in forms).
struct ResolvedField {
    enum class Source { Empty, Explicit, Carried, Environment, Generated, Vault };
    const FieldSpec *spec = nullptr;
    QString value;
    Source source = Source::Empty;
};

// A request ready to send: the resolved fields, the HTTP request (body encrypted when the
// endpoint says so), the plaintext body, and what must be masked wherever it is recorded.
struct PreparedCall {
    const EndpointSpec *spec = nullptr;
    QList<ResolvedField> fields;
    HttpRequest request;
    QByteArray plainBody;                // the JSON before encryption
    QStringList secretValues;            // values of secret fields, for masking in history and curl
    QList<TokenResult::Detail> details;  // adapter notes: signed string, derived-key thumbprint
    // The registry of the catalog the spec came from: it names the family's adapter (a user
    // family's file may name a built-in one). Null: the built-in registry.
    const FamilyRegistry *families = nullptr;

    QString value(QStringView name) const;
};

} // namespace td
