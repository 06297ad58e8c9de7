// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/FamilyAdapter.h"

namespace td {

// BankEzy: client and SDK key pairs, the session keys derived from the key exchange, encrypted
// request and response bodies.
class BankEzyAdapter : public FamilyAdapter
{
public:
    // resCode with which the built-in sandbox refuses to renew a token it does not know (it never
    // issued it, or restarted without its state): its own code, not a real BankEzy one. Real
    // servers answer 401 "Invalid Token Passed" alike for unknown and terminated (PROTOCOLS.md).
    static constexpr const char *kSandboxUnknownTokenCode = "SANDBOX_UNKNOWN_TOKEN";

    Result<QString> generate(const FieldSpec &field, PreparedCall &call, CallContext &context,
                             const Environment &environment, qint64 nowMs) const override;
    bool takesKey(const FieldSpec &field) const override;
    Result<QString> useKey(const FieldSpec &field, const Jwk &key, CallContext &context) const override;
    Result<QByteArray> sealBody(const EndpointSpec &spec, const QByteArray &json, PreparedCall &call,
                                CallContext &context) const override;
    Result<QByteArray> openBody(const EndpointSpec &spec, const QByteArray &body, CallContext &context,
                                TokenResult &result) const override;
    void afterSuccess(const EndpointSpec &spec, const QJsonObject &response, const PreparedCall &call,
                      CallContext &context, const Environment &environment, TokenResult &result) const override;
    RenewRefusal renewRefusal(const TokenResult &result) const override;
};

} // namespace td
