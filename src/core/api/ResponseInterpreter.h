// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/PreparedCall.h"
#include "core/api/TokenResult.h"
#include "core/net/HttpResponse.h"

namespace td {

struct Environment;

// Reads any endpoint's answer into a TokenResult by its ResponseSpec and family adapter:
// success is decided by the body's code (a 200 with an error code fails); expiries become
// absolute instants at the moment the answer arrived; a JWT whose exp disagrees with the expiry
// field by more than 60 s gets a warning; values for later steps are collected.
class ResponseInterpreter
{
public:
    static TokenResult interpret(const PreparedCall &call, const HttpResponse &response, CallContext &context,
                                 const Environment &environment);
    // The result of a call that never left (validation, missing session key).
    static TokenResult notSent(const QString &endpointId, const Error &error);
};

} // namespace td
