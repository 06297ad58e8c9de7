// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/CallContext.h"
#include "core/api/PreparedCall.h"
#include "core/api/TokenResult.h"

#include <QJsonObject>
#include <QStringList>

namespace td {

struct Environment;
class FamilyRegistry;

// What a family adds to the generic, spec-driven request and response handling: its generators,
// body sealing/opening and what it learns from a successful answer. The base class is the plain
// JSON behaviour (security management needs nothing more).
class FamilyAdapter
{
public:
    virtual ~FamilyAdapter() = default;

    // What a refused renewal (HTTP 401) means for the session, when the family knows better than
    // "try again later".
    enum class RenewRefusal { Retry, Terminated, UnknownToken };

    // The adapter `families` names for a family (the built-in registry when not given); the
    // plain one for families without special rules.
    static const FamilyAdapter &forFamily(QStringView family);
    static const FamilyAdapter &forFamily(QStringView family, const FamilyRegistry &families);
    // The adapter of the call's spec, by the registry the call was prepared with.
    static const FamilyAdapter &forCall(const PreparedCall &call);
    // A built-in adapter by the name family files use ("bankezy", "enos", "secmgmt"); null when
    // there is none by that name.
    static const FamilyAdapter *named(QStringView name);
    static QStringList names();

    // Fills a field from its generator. `call` holds the fields resolved so far (generators that
    // depend on other fields, like the EnOS signature, run last).
    virtual Result<QString> generate(const FieldSpec &field, PreparedCall &call, CallContext &context,
                                     const Environment &environment, qint64 nowMs) const;
    // Whether a field's generator makes a key pair, so a vault reference there names a key.
    virtual bool takesKey(const FieldSpec &field) const;
    // Uses a stored key for such a field (instead of generating one); returns the field's value.
    virtual Result<QString> useKey(const FieldSpec &field, const Jwk &key, CallContext &context) const;
    // Turns the JSON body into what goes on the wire (BankEzy encrypts it).
    virtual Result<QByteArray> sealBody(const EndpointSpec &spec, const QByteArray &json, PreparedCall &call,
                                        CallContext &context) const;
    // Turns the received body into JSON text (BankEzy decrypts it); `result` gets details.
    virtual Result<QByteArray> openBody(const EndpointSpec &spec, const QByteArray &body, CallContext &context,
                                        TokenResult &result) const;
    // Learns from a successful answer (BankEzy derives its session keys here).
    virtual void afterSuccess(const EndpointSpec &spec, const QJsonObject &response, const PreparedCall &call,
                              CallContext &context, const Environment &environment, TokenResult &result) const;
    // A renew step answered 401: whether retrying can help (BankEzy: it cannot).
    virtual RenewRefusal renewRefusal(const TokenResult &result) const;
};

} // namespace td
