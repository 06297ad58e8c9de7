// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecmgmtService.h"

#include "core/jose/JwsCompact.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace td {

namespace {

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

SandboxReply malformed(const QString &why)
{
    return SecmgmtService::errorReply(400, QStringLiteral("AUTH_1000"), QStringLiteral("Malformed request: ") + why);
}

SandboxReply invalidToken(const QString &why)
{
    return SecmgmtService::errorReply(401, QStringLiteral("AUTH_1002"), QStringLiteral("Invalid token: ") + why);
}

} // namespace

SecmgmtService::SecmgmtService(SandboxConfig config, SandboxKeys keys)
    : m_config(std::move(config))
    , m_keys(std::move(keys))
    , m_pairs(SandboxLimits::kMaxTokens, m_config.clock())
{
}

QJsonObject SecmgmtService::storeSizes() const
{
    return QJsonObject{{QStringLiteral("secmgmtPairs"), m_pairs.size()}};
}

SandboxReply SecmgmtService::errorReply(int httpStatus, const QString &code, const QString &message)
{
    SandboxReply reply;
    reply.status = httpStatus;
    reply.body = compactJson(QJsonObject{{QStringLiteral("errorCode"), code},
                                         {QStringLiteral("errorMessage"), message},
                                         {QStringLiteral("content"), QString()},
                                         {QStringLiteral("pageable"), QString()}});
    return reply;
}

QString SecmgmtService::customerIdFor(const QString &username)
{
    static const QUuid ns(QStringLiteral("6b1d3a52-8f0e-4d7c-9a65-2f4e7c1b9d30"));
    return QUuid::createUuidV5(ns, username).toString(QUuid::WithoutBraces);
}

QByteArray SecmgmtService::sign(const QJsonObject &claims) const
{
    JwsSignOptions options;
    options.alg = JwsAlg::HS256;
    options.typ = QStringLiteral("JWT");
    Result<QByteArray> token = JwsCompact::sign(compactJson(claims), m_keys.hmacKey(), options);
    return token ? token.value() : QByteArray();
}

SandboxReply SecmgmtService::issuePair(const QString &username, qint64 now)
{
    const QString customerId = customerIdFor(username);
    const qint64 iat = now / 1000;
    const QByteArray token = sign(QJsonObject{
        {QStringLiteral("sub"), username},
        {QStringLiteral("customerId"), customerId},
        {QStringLiteral("iat"), iat},
        {QStringLiteral("exp"), iat + m_config.secmgmtLifetimeSeconds},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
    });
    const qint64 refreshExpiryMs = now + m_config.secmgmtRefreshLifetimeSeconds * 1000;
    const QByteArray refreshToken = sign(QJsonObject{
        {QStringLiteral("sub"), username},
        {QStringLiteral("customerId"), customerId},
        {QStringLiteral("typ"), QStringLiteral("refresh")},
        {QStringLiteral("iat"), iat},
        {QStringLiteral("exp"), refreshExpiryMs / 1000},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
    });
    // A pair whose refresh token expired can never be used: the store drops it then.
    m_pairs.insert(TokenStore<Pair>::keyOf(token), Pair{TokenStore<Pair>::keyOf(refreshToken), username, refreshExpiryMs},
                   refreshExpiryMs);

    const QJsonObject content{
        {QStringLiteral("customerId"), customerId},
        {QStringLiteral("token"), QString::fromLatin1(token)},
        {QStringLiteral("refreshToken"), QString::fromLatin1(refreshToken)},
        {QStringLiteral("validityTime"), m_config.secmgmtLifetimeSeconds},
    };
    SandboxReply reply;
    reply.body = compactJson(QJsonObject{
        {QStringLiteral("errorCode"), QString()},
        {QStringLiteral("errorMessage"), QString()},
        {QStringLiteral("content"), QJsonArray{content}},
        {QStringLiteral("pageable"),
         QJsonObject{{QStringLiteral("page"), 0},
                     {QStringLiteral("size"), 10},
                     {QStringLiteral("totalPages"), 1},
                     {QStringLiteral("totalElements"), 1}}},
    });
    return reply;
}

QJsonObject SecmgmtService::exportState()
{
    QJsonArray pairs;
    m_pairs.forEachWithDropTime([&pairs](const QByteArray &token, const Pair &pair, qint64 dropAt) {
        pairs.append(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(token)},
                                 {QStringLiteral("refreshToken"), QString::fromLatin1(pair.refreshToken)},
                                 {QStringLiteral("username"), pair.username},
                                 {QStringLiteral("refreshExpiryMs"), pair.refreshExpiryMs},
                                 {QStringLiteral("dropAt"), dropAt}});
    });
    QJsonArray removed;
    for (const QByteArray &token : std::as_const(m_removed))
        removed.append(QString::fromLatin1(token));
    return QJsonObject{{QStringLiteral("pairs"), pairs}, {QStringLiteral("removed"), removed}};
}

void SecmgmtService::importState(const QJsonObject &state)
{
    const qint64 now = m_config.now();
    for (const QJsonValue &value : state.value(QLatin1String("pairs")).toArray()) {
        const QByteArray token = value[QLatin1String("id")].toString().toLatin1();
        const qint64 dropAt = value[QLatin1String("dropAt")].toInteger();
        if (dropAt < now || m_removed.contains(token))
            continue;
        m_pairs.insert(token,
                       Pair{value[QLatin1String("refreshToken")].toString().toLatin1(), value[QLatin1String("username")].toString(),
                            value[QLatin1String("refreshExpiryMs")].toInteger()},
                       dropAt);
    }
}

SandboxReply SecmgmtService::createToken(const SandboxRequest &request)
{
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return malformed(QStringLiteral("the body is not a JSON object"));
    const QJsonObject body = doc.object();
    for (const char *name : {"username", "password"}) {
        if (!body.value(QLatin1String(name)).isString())
            return malformed(QStringLiteral("%1 is missing or not a string").arg(QLatin1String(name)));
    }
    const SandboxCredentials &credentials = m_config.credentials;
    if (body.value(QLatin1String("username")).toString() != credentials.secmgmtUsername
        || body.value(QLatin1String("password")).toString() != credentials.secmgmtPassword)
        return errorReply(401, QStringLiteral("AUTH_1001"), QStringLiteral("Invalid credentials"));
    return issuePair(credentials.secmgmtUsername, m_config.now());
}

SandboxReply SecmgmtService::refreshToken(const SandboxRequest &request)
{
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return malformed(QStringLiteral("the body is not a JSON object"));
    const QJsonObject body = doc.object();
    for (const char *name : {"token", "refreshToken"}) {
        const QJsonValue value = body.value(QLatin1String(name));
        if (!value.isString() || value.toString().isEmpty())
            return malformed(QStringLiteral("%1 is missing or not a string").arg(QLatin1String(name)));
    }
    const QByteArray token = body.value(QLatin1String("token")).toString().toUtf8();
    const QByteArray refreshToken = body.value(QLatin1String("refreshToken")).toString().toUtf8();

    // Forged tokens are caught by the signature before the lookup, so the reason is precise.
    for (const QByteArray &jwt : {token, refreshToken}) {
        Result<JwsToken> parsed = JwsCompact::parse(jwt);
        if (!parsed || parsed->alg != JwsAlg::HS256 || !JwsCompact::verify(parsed.value(), m_keys.hmacKey()))
            return invalidToken(QStringLiteral("not a token signed by this server"));
    }
    const QByteArray key = TokenStore<Pair>::keyOf(token);
    const Pair *it = m_pairs.find(key);
    if (!it)
        return invalidToken(QStringLiteral("unknown or already refreshed"));
    if (it->refreshToken != TokenStore<Pair>::keyOf(refreshToken))
        return invalidToken(QStringLiteral("the refresh token does not belong to this token"));
    const qint64 now = m_config.now();
    if (it->refreshExpiryMs <= now)
        return invalidToken(QStringLiteral("the refresh token has expired"));
    const QString username = it->username;
    m_pairs.remove(key); // single use: the old pair stops working
    m_removed.insert(key);
    return issuePair(username, now);
}

} // namespace td
