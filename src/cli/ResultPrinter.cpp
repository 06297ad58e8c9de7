// SPDX-License-Identifier: GPL-3.0-or-later
#include "ResultPrinter.h"

#include "core/api/ApiCall.h"
#include "core/jose/JwtClaims.h"
#include "core/api/CallSecrets.h"

#include <QDateTime>
#include <QJsonArray>

namespace td {

QString ResultPrinter::stepLine(const TokenResult &result, qint64 nowMs)
{
    QStringList parts;
    parts << (result.ok ? QStringLiteral("ok  ") : QStringLiteral("FAIL")) << result.endpointId;
    if (result.httpStatus)
        parts << QStringLiteral("HTTP %1").arg(result.httpStatus);
    if (result.error) {
        parts << errorCodeName(result.error->code) + QLatin1Char(':') << result.error->toString();
    } else {
        if (!result.code.isEmpty())
            parts << QStringLiteral("code %1").arg(result.code);
        if (!result.message.isEmpty())
            parts << result.message;
    }
    if (result.expiresAtMs > 0) {
        const QDateTime expires = QDateTime::fromMSecsSinceEpoch(result.expiresAtMs, Qt::UTC);
        const qint64 left = (result.expiresAtMs - nowMs) / 1000;
        parts << QStringLiteral("expires %1 (%2)")
                     .arg(expires.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                          left >= 0 ? QStringLiteral("in ") + JwtClaims::formatDuration(left)
                                    : JwtClaims::formatDuration(-left) + QStringLiteral(" ago"));
    }
    if (result.durationMs > 0 || result.httpStatus)
        parts << QStringLiteral("%1 ms").arg(result.durationMs);
    QString line = parts.join(QStringLiteral("  "));
    for (const QString &warning : result.warnings)
        line += QStringLiteral("\n      warning: ") + warning;
    return line;
}

QString ResultPrinter::exchange(const ApiCall &call)
{
    if (!call.wasSent())
        return {};
    const PreparedCall &prepared = call.prepared();
    const CallSecrets secrets = CallSecrets::of(call);
    const HttpRequest request = secrets.maskRequest(prepared.request);
    QString text;
    text += QStringLiteral("> %1 %2\n").arg(QString::fromLatin1(request.method), QString::fromUtf8(request.url.toEncoded()));
    for (const auto &[name, value] : request.headers)
        text += QStringLiteral("> %1: %2\n").arg(QString::fromLatin1(name), QString::fromUtf8(value));
    text += QStringLiteral("> %1\n").arg(QString::fromUtf8(secrets.maskBody(prepared.plainBody)));
    if (prepared.request.body != prepared.plainBody)
        text += QStringLiteral(">   (sent encrypted: %1 bytes of JWE)\n").arg(prepared.request.body.size());
    const HttpResponse &response = call.response();
    text += QStringLiteral("* proxy: %1\n").arg(response.proxy.isEmpty() ? QStringLiteral("none (direct)") : response.proxy);
    if (response.tls)
        text += QStringLiteral("* ") + response.tls->summary().replace(QLatin1Char('\n'), QLatin1String("\n* ")) + QLatin1Char('\n');
    if (response.status)
        text += QStringLiteral("< HTTP %1\n").arg(response.status);
    const TokenResult &result = call.result();
    const QByteArray shown = result.decryptedBody.isEmpty() ? response.body : result.decryptedBody;
    text += QStringLiteral("< %1\n").arg(QString::fromUtf8(secrets.maskBody(shown)));
    for (const TokenResult::Detail &detail : result.details)
        text += QStringLiteral("  %1: %2\n").arg(detail.label, detail.maskedValue);
    return text;
}

QJsonObject ResultPrinter::callJson(const TokenResult &result)
{
    QJsonObject json = result.toStepJson();
    if (!result.token.isEmpty())
        json.insert(QStringLiteral("token"), result.token);
    if (!result.refreshToken.isEmpty())
        json.insert(QStringLiteral("refreshToken"), result.refreshToken);
    if (!result.expiryField.isEmpty())
        json.insert(QStringLiteral("expiryField"), result.expiryField);
    json.insert(QStringLiteral("durationMs"), result.durationMs);
    QJsonObject outputs;
    for (auto it = result.outputs.cbegin(); it != result.outputs.cend(); ++it)
        outputs.insert(it.key(), it.value());
    json.insert(QStringLiteral("outputs"), outputs);
    json.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(result.warnings));
    if (result.tls)
        json.insert(QStringLiteral("tls"), result.tls->toJson());
    json.insert(QStringLiteral("proxy"), result.proxy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(result.proxy));
    return json;
}

QString ResultPrinter::causeLines(const QList<FailureExplainer::Cause> &causes)
{
    QStringList lines;
    for (const FailureExplainer::Cause &cause : causes) {
        if (cause.confirmed) // tested here, not guessed: said so, with what to change
            lines << QStringLiteral("  confirmed: %1\n          evidence: %2\n          fix: %3").arg(cause.cause, cause.evidence, cause.fix);
        else
            lines << QStringLiteral("  likely: %1\n          evidence: %2").arg(cause.cause, cause.evidence);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace td
