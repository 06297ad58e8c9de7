// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/FamilyAdapter.h"

namespace td {

// Security management: a successful answer must carry the whole token pair, because the refresh
// token is single-use and a half pair leaves the session unrenewable.
class SecmgmtAdapter : public FamilyAdapter
{
public:
    void afterSuccess(const EndpointSpec &spec, const QJsonObject &response, const PreparedCall &call,
                      CallContext &context, const Environment &environment, TokenResult &result) const override;
};

} // namespace td
