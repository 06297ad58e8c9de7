// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/CallContext.h"
#include "core/api/EndpointSpec.h"
#include "core/api/PreparedCall.h"

#include <QMap>

namespace td {

class EndpointCatalog;
struct Environment;
class ValueSource;

// Turns an endpoint spec plus values into a PreparedCall. Each field's value comes from, in this
// order: the value set explicitly (form, --set), the value carried from an earlier step, the
// environment's value of that name, the field's generator. Fields marked "computed" (signature,
// timestamp, client public key) are always generated unless set explicitly.
class RequestBuilder
{
public:
    // FieldMissing / FieldInvalid naming every field that fails (one sentence each, joined),
    // NoKey when an encrypted body has no session key yet. Values written as vault references
    // ("vault:NAME") are looked up in `vault`; without one they are refused. A reference in a
    // key-pair field (the BankEzy client or SDK key) uses that stored key instead of a fresh one.
    // `catalog` names the earlier step a missing carried value comes from (user families too);
    // null: the built-in specs.
    static Result<PreparedCall> prepare(const EndpointSpec &spec, const Environment &environment,
                                        const QMap<QString, QString> &explicitValues, CallContext &context, qint64 nowMs,
                                        const ValueSource *vault = nullptr, const EndpointCatalog *catalog = nullptr);

    // The resolution alone, without generators that have side effects (key pairs): what a form
    // shows as the value a field will take.
    static ResolvedField preview(const FieldSpec &field, const Environment &environment,
                                 const QMap<QString, QString> &explicitValues, const CallContext &context);

    // The JSON body: members in spec order, integers written as digits (never through double),
    // objects as given, empty optional fields left out.
    static QByteArray bodyJson(const QList<ResolvedField> &fields);

    // Base URL of the family (or the environment) + the path (override or the spec's).
    static QUrl url(const EndpointSpec &spec, const Environment &environment);
    static QByteArray method(const EndpointSpec &spec, const Environment &environment);
};

} // namespace td
