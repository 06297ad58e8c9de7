// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnosService.h"

#include "core/api/EnosSignature.h"
#include "core/jose/JwsCompact.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace td {

namespace {

QByteArray envelope(int status, const QString &message, const QJsonObject &data)
{
    const QJsonObject object{
        {QStringLiteral("status"), status},
        {QStringLiteral("msg"), message},
        {QStringLiteral("business"), QStringLiteral("apim-token-service")},
        {QStringLiteral("data"), data},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

EnosService::EnosService(SandboxConfig config, SandboxKeys keys)
    : m_config(std::move(config))
    , m_keys(std::move(keys))
    , m_seenEncryption(SandboxLimits::kMaxReplayEntries, m_config.clock())
{
}

QJsonObject EnosService::storeSizes() const
{
    return QJsonObject{{QStringLiteral("enosReplayMarks"), m_seenEncryption.size()}};
}

QJsonObject EnosService::exportState() const
{
    QJsonObject current;
    for (auto it = m_current.cbegin(); it != m_current.cend(); ++it) {
        if (!it->key.isEmpty())
            current.insert(it.key(), QJsonObject{{QStringLiteral("key"), QString::fromLatin1(it->key)},
                                                 {QStringLiteral("expiry"), it->expiryMs}});
    }
    return QJsonObject{{QStringLiteral("current"), current}};
}

void EnosService::importState(const QJsonObject &state)
{
    const qint64 now = m_config.now();
    const QJsonObject current = state.value(QLatin1String("current")).toObject();
    for (auto it = current.begin(); it != current.end(); ++it) {
        const qint64 expiryMs = it->toObject().value(QLatin1String("expiry")).toInteger();
        if (expiryMs > now && expiryMs > m_current.value(it.key()).expiryMs)
            m_current.insert(it.key(), Issued{{}, it->toObject().value(QLatin1String("key")).toString().toLatin1(), expiryMs});
    }
}

SandboxReply EnosService::errorReply(int status, const QString &message, int httpStatus)
{
    SandboxReply reply;
    reply.status = httpStatus;
    reply.body = envelope(status, message, QJsonObject());
    return reply;
}

SandboxReply EnosService::getToken(const SandboxRequest &request)
{
    return handle(request, false);
}

SandboxReply EnosService::refreshToken(const SandboxRequest &request)
{
    return handle(request, true);
}

EnosService::Issued EnosService::issue(const QString &appKey, qint64 now) const
{
    Issued issued;
    issued.expiryMs = now + m_config.enosLifetimeSeconds * 1000;
    const QJsonObject claims{
        {QStringLiteral("sub"), appKey},
        {QStringLiteral("iat"), now / 1000},
        {QStringLiteral("exp"), issued.expiryMs / 1000},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
    };
    JwsSignOptions options;
    options.alg = JwsAlg::HS256;
    options.typ = QStringLiteral("JWT");
    Result<QByteArray> token = JwsCompact::sign(QJsonDocument(claims).toJson(QJsonDocument::Compact), m_keys.hmacKey(), options);
    if (token)
        issued.token = token.value();
    issued.key = TokenStore<bool, QString>::keyOf(issued.token);
    return issued;
}

SandboxReply EnosService::handle(const SandboxRequest &request, bool refresh)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (!doc.isObject())
        return errorReply(BodyMalformed, QStringLiteral("Malformed body: not a JSON object"));
    const QJsonObject body = doc.object();
    QStringList members{QStringLiteral("appKey"), QStringLiteral("encryption")};
    if (refresh)
        members << QStringLiteral("accessToken");
    for (const QString &name : std::as_const(members)) {
        const QJsonValue value = body.value(name);
        if (!value.isString() || value.toString().isEmpty())
            return errorReply(BodyMalformed, QStringLiteral("Malformed body: %1 is missing or not a string").arg(name));
    }
    const QJsonValue timestampValue = body.value(QLatin1String("timestamp"));
    qint64 timestamp = 0;
    bool timestampOk = false;
    if (timestampValue.isDouble()) {
        const double d = timestampValue.toDouble();
        timestamp = qint64(d);
        timestampOk = double(timestamp) == d && timestamp > 0;
    } else if (timestampValue.isString()) {
        timestamp = timestampValue.toString().toLongLong(&timestampOk);
        timestampOk = timestampOk && timestamp > 0;
    }
    if (!timestampOk)
        return errorReply(BodyMalformed, QStringLiteral("Malformed body: timestamp is missing or not a number of milliseconds"));

    const QString appKey = body.value(QLatin1String("appKey")).toString();
    const QString encryption = body.value(QLatin1String("encryption")).toString();
    const SandboxCredentials &credentials = m_config.credentials;
    if (appKey != credentials.enosAppKey)
        return errorReply(AppKeyUnknown, QStringLiteral("appKey does not exist"));
    if (encryption != EnosSignature::compute(appKey, timestamp, credentials.enosAppSecret))
        return errorReply(EncryptionInvalid, QStringLiteral("encryption not valid"));
    const qint64 now = m_config.now();
    if (qAbs(now - timestamp) > m_config.enosSkewSeconds * 1000)
        return errorReply(TimestampOutOfWindow,
                          QStringLiteral("timestamp is %1 s away from the server time; the window is ±%2 s "
                                         "(timestamp must be UNIX time in milliseconds)")
                              .arg((timestamp - now) / 1000)
                              .arg(m_config.enosSkewSeconds));
    if (m_seenEncryption.contains(encryption))
        return errorReply(DuplicatedEncryption, QStringLiteral("repeated request: duplicated encryption value"));

    Issued &current = m_current[appKey];
    if (refresh) {
        const QByteArray presented = body.value(QLatin1String("accessToken")).toString().toUtf8();
        if (current.key.isEmpty() || TokenStore<bool, QString>::keyOf(presented) != current.key || current.expiryMs <= now)
            return errorReply(AccessTokenInvalid, QStringLiteral("accessToken unknown or expired"));
    }
    // The request is accepted from here on: remember its encryption against replays.
    // A replay older than the skew window fails the timestamp check, so it need not be remembered.
    m_seenEncryption.insert(encryption, true, timestamp + 2 * m_config.enosSkewSeconds * 1000);

    qint64 expireSeconds = m_config.enosLifetimeSeconds;
    if (refresh || current.token.isEmpty() || current.expiryMs <= now)
        current = issue(appKey, now);
    else
        expireSeconds = (current.expiryMs - now) / 1000; // documented: the same token while valid

    SandboxReply reply;
    reply.body = envelope(Success, QStringLiteral("SUCCESS"),
                          QJsonObject{{QStringLiteral("accessToken"), QString::fromLatin1(current.token)},
                                      {QStringLiteral("expire"), expireSeconds}});
    return reply;
}

} // namespace td
