// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecmgmtAdapter.h"

namespace td {

void SecmgmtAdapter::afterSuccess(const EndpointSpec &spec, const QJsonObject &, const PreparedCall &, CallContext &,
                                  const Environment &, TokenResult &result) const
{
    if (!spec.response.refreshTokenPaths.isEmpty() && result.refreshToken.isEmpty()) {
        result.ok = false;
        result.error = makeError(ErrorCode::ResponseMalformed,
                                 QStringLiteral("The answer has a token but no refresh token (%1): the session could not be renewed.")
                                     .arg(spec.response.refreshTokenPaths.join(QStringLiteral(", "))));
        result.message = result.error->message;
    }
}

} // namespace td
