// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenSslError.h"

#include <openssl/err.h>

#include <QStringList>

namespace td {

QString drainOpenSslErrors()
{
    QStringList reasons;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        const char *reason = ERR_reason_error_string(code);
        reasons << QString::fromUtf8(reason ? reason : buffer);
    }
    reasons.removeDuplicates();
    return reasons.join(QStringLiteral("; "));
}

Error openSslError(ErrorCode code, const QString &message)
{
    return makeError(code, message, drainOpenSslErrors());
}

} // namespace td
