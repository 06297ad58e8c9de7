// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenResult.h"

#include <QDateTime>

namespace td {

QJsonObject TokenResult::toStepJson() const
{
    QJsonObject step{
        {QStringLiteral("endpoint"), endpointId},
        {QStringLiteral("ok"), ok},
        {QStringLiteral("httpStatus"), httpStatus},
        {QStringLiteral("code"), code},
        {QStringLiteral("message"), message},
        {QStringLiteral("expiresAt"), expiresAtMs > 0 ? QJsonValue(expiresAtMs) : QJsonValue(QJsonValue::Null)},
    };
    if (error) {
        step.insert(QStringLiteral("error"), errorCodeName(error->code));
        if (error->code == ErrorCode::TlsFailure && !error->reason.isEmpty())
            step.insert(QStringLiteral("tlsReason"), error->reason);
        if (error->code == ErrorCode::ProxyFailure && !error->reason.isEmpty())
            step.insert(QStringLiteral("proxyReason"), error->reason);
    }
    return step;
}

QString TokenResult::summary() const
{
    if (error)
        return QStringLiteral("FAILED %1: %2").arg(errorCodeName(error->code), error->toString());
    QString line = ok ? QStringLiteral("OK") : QStringLiteral("FAILED");
    if (httpStatus)
        line += QStringLiteral(" HTTP %1").arg(httpStatus);
    if (!code.isEmpty())
        line += QStringLiteral(" code %1").arg(code);
    if (!message.isEmpty())
        line += QStringLiteral(": ") + message;
    if (expiresAtMs > 0)
        line += QStringLiteral(", expires %1")
                    .arg(QDateTime::fromMSecsSinceEpoch(expiresAtMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
    return line;
}

} // namespace td
