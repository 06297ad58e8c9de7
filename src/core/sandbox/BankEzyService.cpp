// SPDX-License-Identifier: GPL-3.0-or-later
#include "BankEzyService.h"

#include "core/api/BankEzyAdapter.h"
#include "core/api/BankEzyCrypto.h"
#include "core/jose/JweCompact.h"

#include <QDate>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

#include <optional>

namespace td {

namespace {

const QString kIssuer = QStringLiteral("tokendesk-sandbox");
const QString kInvalidApiKey = QStringLiteral("Invalid API Key Passed");
const QString kInvalidToken = QStringLiteral("Invalid Token Passed");
constexpr qint64 kExpiredKeptMs = 3600 * 1000;

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool isDigits(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

// A tiny scanner over JSON text that QJsonDocument has already accepted: it finds the raw text of
// a top-level member's value. Needed because a 19-digit account number does not survive the
// conversion to double that QJsonValue makes.
qsizetype skipWhitespace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        ++i;
    return i;
}

qsizetype skipString(QByteArrayView s, qsizetype i) // s[i] == '"'
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return -1;
}

qsizetype skipValue(QByteArrayView s, qsizetype i)
{
    if (i >= s.size())
        return -1;
    if (s[i] == '"')
        return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = skipString(s, i);
                if (i < 0)
                    return -1;
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i + 1;
            ++i;
        }
        return -1;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t'
           && s[i] != '\r' && s[i] != '\n')
        ++i;
    return i;
}

std::optional<QByteArray> rawMemberText(QByteArrayView s, QByteArrayView key)
{
    qsizetype i = skipWhitespace(s, 0);
    if (i >= s.size() || s[i] != '{')
        return std::nullopt;
    ++i;
    std::optional<QByteArray> found;
    while (true) {
        i = skipWhitespace(s, i);
        if (i >= s.size() || s[i] != '"')
            return found;
        const qsizetype nameEnd = skipString(s, i);
        if (nameEnd < 0)
            return found;
        const QByteArrayView name = s.sliced(i + 1, nameEnd - i - 2);
        i = skipWhitespace(s, nameEnd);
        if (i >= s.size() || s[i] != ':')
            return found;
        i = skipWhitespace(s, i + 1);
        const qsizetype valueEnd = skipValue(s, i);
        if (valueEnd < 0)
            return found;
        if (name == key)
            found = s.sliced(i, valueEnd - i).toByteArray(); // the last duplicate wins, as in QJsonDocument
        i = skipWhitespace(s, valueEnd);
        if (i >= s.size() || s[i] != ',')
            return found;
        ++i;
    }
}

SandboxReply failure(const QString &why)
{
    return BankEzyService::errorReply(400, QStringLiteral("TOK003"), QStringLiteral("Failure: ") + why);
}

SandboxReply unauthorized(const QString &why)
{
    return BankEzyService::errorReply(401, QStringLiteral("401"), why);
}

// An optional member that may be a string or a number, returned as text; `error` set when the
// member is there with another type.
std::optional<QString> optionalText(const QJsonObject &object, const QString &name, const QByteArray &rawJson,
                                    QString &error)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const std::optional<QByteArray> raw = rawMemberText(rawJson, name.toUtf8());
        return raw ? QString::fromLatin1(*raw) : QString::number(value.toDouble());
    }
    error = QStringLiteral("%1 must be a string").arg(name);
    return std::nullopt;
}

} // namespace

BankEzyService::BankEzyService(SandboxConfig config, SandboxKeys keys)
    : m_config(std::move(config))
    , m_keys(std::move(keys))
    , m_appSessions(SandboxLimits::kMaxTokens, m_config.clock())
    , m_userTokens(SandboxLimits::kMaxTokens, m_config.clock())
{
}

qint64 BankEzyService::userDropTime(qint64 expiryMs) const
{
    // Kept an hour past the renew window so a late caller hears "past the renew window".
    return expiryMs + m_config.renewWindowSeconds * 1000 + kExpiredKeptMs;
}

QJsonObject BankEzyService::storeSizes() const
{
    return QJsonObject{{QStringLiteral("bankezyAppSessions"), m_appSessions.size()},
                       {QStringLiteral("bankezyUserTokens"), m_userTokens.size()}};
}

SandboxReply BankEzyService::errorReply(int httpStatus, const QString &code, const QString &description)
{
    QJsonObject body;
    if (isDigits(code))
        body.insert(QStringLiteral("resCode"), code.toLongLong());
    else
        body.insert(QStringLiteral("resCode"), code);
    body.insert(QStringLiteral("resDesc"), description);
    SandboxReply reply;
    reply.status = httpStatus;
    reply.body = compactJson(body);
    return reply;
}

QByteArray BankEzyService::issueToken(const QString &type, const QString &subject, qint64 expiryMs) const
{
    const QJsonObject claims{
        {QStringLiteral("iss"), kIssuer},
        {QStringLiteral("typ"), type},
        {QStringLiteral("sub"), subject},
        {QStringLiteral("iat"), m_config.now() / 1000},
        {QStringLiteral("exp"), expiryMs / 1000},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
    };
    JweEncryptOptions options;
    options.alg = JweAlg::Dir;
    options.enc = JweEnc::A256GCM;
    Result<QByteArray> token = JweCompact::encrypt(compactJson(claims), m_keys.tokenKey(), options);
    // The token key is a fixed oct-256 key: encryption cannot fail short of a broken OpenSSL.
    return token ? token.value() : QByteArray();
}

SandboxReply BankEzyService::encryptedReply(const QByteArray &plaintext, const SecureBytes &key) const
{
    Result<QByteArray> body = BankEzyCrypto::encryptPayload(plaintext, key);
    if (!body)
        return errorReply(500, QStringLiteral("TOK500"), QStringLiteral("Failure: the answer could not be encrypted"));
    SandboxReply reply;
    reply.contentType = QByteArrayLiteral("text/plain");
    reply.body = body.value();
    reply.plaintext = plaintext;
    return reply;
}

SandboxReply BankEzyService::getAppToken(const SandboxRequest &request)
{
    const SandboxCredentials &credentials = m_config.credentials;
    const QString xApiKey = QString::fromUtf8(request.header("X-API-KEY"));
    if (xApiKey != credentials.bankezyXApiKey)
        return errorReply(401, QStringLiteral("TOK002"), kInvalidApiKey);

    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (!doc.isObject())
        return failure(QStringLiteral("the body is not a JSON object"));
    const QJsonObject body = doc.object();
    for (const char *name : {"apiKey", "publicKey", "secret"}) {
        if (!body.value(QLatin1String(name)).isString())
            return failure(QStringLiteral("%1 is missing or not a string").arg(QLatin1String(name)));
    }
    if (body.value(QLatin1String("apiKey")).toString() != credentials.bankezyApiKey
        || body.value(QLatin1String("secret")).toString() != credentials.bankezySecret)
        return errorReply(401, QStringLiteral("TOK004"), QStringLiteral("Your credentials not allowed to generate token"));

    Result<Jwk> clientKey = BankEzyCrypto::decodePublicKey(body.value(QLatin1String("publicKey")).toString().toUtf8());
    if (!clientKey)
        return failure(QStringLiteral("publicKey: ") + clientKey.error().message);
    Result<SecureBytes> sessionKey = BankEzyCrypto::deriveSessionKey(m_keys.serverKey(), clientKey.value(), m_config.kdf);
    if (!sessionKey)
        return failure(QStringLiteral("publicKey: ") + sessionKey.error().message);

    const qint64 now = m_config.now();
    const qint64 expiryMs = now + m_config.bankezyLifetimeSeconds * 1000;
    const QByteArray token = issueToken(QStringLiteral("app"), xApiKey, expiryMs);
    // Expired app sessions stay an hour so a late caller hears "expired" rather than "unknown".
    const QByteArray appKey = TokenStore<AppSession>::keyOf(token);
    m_appSessions.insert(appKey, AppSession{std::move(sessionKey).value(), expiryMs}, expiryMs + kExpiredKeptMs);
    m_latestExchange.insert(xApiKey, appKey);

    const QJsonObject answer{
        {QStringLiteral("resCode"), 100},
        {QStringLiteral("resDesc"), QStringLiteral("Success")},
        {QStringLiteral("token"), QString::fromLatin1(token)},
        {QStringLiteral("expiry"), expiryMs},
        {QStringLiteral("serverPublicKey"), QString::fromLatin1(m_keys.serverPublicKeyEncoded())},
    };
    SandboxReply reply;
    reply.body = compactJson(answer);
    return reply;
}

SandboxReply BankEzyService::getUserToken(const SandboxRequest &request)
{
    const SandboxCredentials &credentials = m_config.credentials;
    const QString xApiKey = QString::fromUtf8(request.header("X-API-KEY"));
    if (xApiKey != credentials.bankezyXApiKey)
        return errorReply(401, QStringLiteral("TOK002"), kInvalidApiKey);

    const qint64 now = m_config.now();
    const QByteArray appToken = request.header("X-API-TOKEN").trimmed();
    QByteArray appKey = appToken.isEmpty() ? QByteArray() : TokenStore<AppSession>::keyOf(appToken);
    if (appToken.isEmpty()) {
        appKey = m_latestExchange.value(xApiKey);
        if (appKey.isEmpty())
            return unauthorized(QStringLiteral("No X-API-TOKEN and no key exchange made for this X-API-KEY"));
    }
    const AppSession *session = m_appSessions.find(appKey);
    if (!session)
        return unauthorized(QStringLiteral("Invalid app token: unknown"));
    if (session->expiryMs <= now)
        return unauthorized(QStringLiteral("Invalid app token: expired"));

    Result<QByteArray> plaintext = BankEzyCrypto::decryptPayload(request.body, session->key);
    if (!plaintext)
        return failure(QStringLiteral("the body does not decrypt with the session key"));
    const QByteArray &json = plaintext.value();
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return failure(QStringLiteral("the decrypted body is not a JSON object"));
    const QJsonObject body = doc.object();

    const QJsonValue referenceId = body.value(QLatin1String("referenceId"));
    if (!referenceId.isString() || referenceId.toString().isEmpty())
        return failure(QStringLiteral("referenceId is missing or not a non-empty string"));
    const QJsonValue sdkPublicKey = body.value(QLatin1String("sdkPublicKey"));
    if (!sdkPublicKey.isString() || sdkPublicKey.toString().isEmpty())
        return failure(QStringLiteral("sdkPublicKey is missing or not a string"));
    const QJsonValue sdkApiKey = body.value(QLatin1String("sdkApiKey"));
    if (!sdkApiKey.isString() || sdkApiKey.toString().isEmpty())
        return failure(QStringLiteral("sdkApiKey is missing or not a string"));
    if (sdkApiKey.toString() != credentials.bankezySdkApiKey)
        return errorReply(401, QStringLiteral("TOK002"), QStringLiteral("Invalid API Key Passed (sdkApiKey)"));

    // accountNumber: a JSON number or a digit string, 1..19 digits, kept as decimal text.
    const QJsonValue account = body.value(QLatin1String("accountNumber"));
    QString accountNumber;
    if (account.isString()) {
        accountNumber = account.toString();
    } else if (account.isDouble()) {
        const std::optional<QByteArray> raw = rawMemberText(json, "accountNumber");
        accountNumber = raw ? QString::fromLatin1(*raw) : QString();
    } else if (account.isUndefined() || account.isNull()) {
        return failure(QStringLiteral("accountNumber is missing"));
    }
    if (!isDigits(accountNumber) || accountNumber.size() > 19)
        return failure(QStringLiteral("accountNumber must be a number of 1 to 19 digits"));

    QString why;
    std::optional<QString> firstName = optionalText(body, QStringLiteral("firstName"), json, why);
    for (const QString &alias : {QStringLiteral("firstname"), QStringLiteral("name")}) {
        if (!firstName && why.isEmpty())
            firstName = optionalText(body, alias, json, why);
    }
    for (const QString &name : {QStringLiteral("lastName"), QStringLiteral("email"), QStringLiteral("isdCode"),
                                QStringLiteral("mobileNumber")}) {
        const std::optional<QString> text = optionalText(body, name, json, why);
        if (!why.isEmpty())
            break;
        if (!text)
            continue;
        if (name == QLatin1String("email")) {
            static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+$"));
            if (!email.match(*text).hasMatch())
                why = QStringLiteral("email is not an e-mail address");
        } else if (name == QLatin1String("isdCode")) {
            static const QRegularExpression isd(QStringLiteral("^\\+?[0-9]{1,4}$"));
            if (!isd.match(*text).hasMatch())
                why = QStringLiteral("isdCode must be 1 to 4 digits, optionally after +");
        } else if (name == QLatin1String("mobileNumber")) {
            if (!isDigits(*text) || text->size() < 4 || text->size() > 15)
                why = QStringLiteral("mobileNumber must be 4 to 15 digits");
        }
    }
    if (!why.isEmpty())
        return failure(why);

    const std::optional<QString> dob = optionalText(body, QStringLiteral("dob"), json, why);
    if (!why.isEmpty())
        return failure(QStringLiteral("dob must be a number yyyyMMdd"));
    if (dob) {
        if (dob->size() != 8 || !isDigits(*dob))
            return failure(QStringLiteral("dob must be a number yyyyMMdd"));
        if (!QDate::fromString(*dob, QStringLiteral("yyyyMMdd")).isValid())
            return failure(QStringLiteral("dob %1 is not a real date").arg(*dob));
    }

    const QJsonValue data = body.value(QLatin1String("data"));
    if (!data.isUndefined() && !data.isNull()) {
        if (!data.isObject())
            return failure(QStringLiteral("data must be an object of string to string"));
        const QJsonObject dataObject = data.toObject();
        for (auto it = dataObject.begin(); it != dataObject.end(); ++it) {
            if (!it.value().isString())
                return failure(QStringLiteral("data.%1 must be a string").arg(it.key()));
        }
    }

    Result<Jwk> sdkKey = BankEzyCrypto::decodePublicKey(sdkPublicKey.toString().toUtf8());
    if (!sdkKey)
        return failure(QStringLiteral("sdkPublicKey: ") + sdkKey.error().message);
    if (!m_config.bankezyRegisteredSdkKey.isEmpty()) {
        sdkKey = BankEzyCrypto::decodePublicKey(m_config.bankezyRegisteredSdkKey);
        if (!sdkKey)
            return errorReply(500, QStringLiteral("TOK500"), QStringLiteral("Failure: the registered SDK key is not a P-256 key"));
    }
    Result<SecureBytes> userKey = BankEzyCrypto::deriveSessionKey(m_keys.serverKey(), sdkKey.value(), m_config.kdf);
    if (!userKey)
        return failure(QStringLiteral("sdkPublicKey: ") + userKey.error().message);

    const qint64 expiryMs = now + m_config.bankezyLifetimeSeconds * 1000;
    const QByteArray token = issueToken(QStringLiteral("user"), accountNumber, expiryMs);
    UserSession user;
    user.key = std::make_shared<const SecureBytes>(std::move(userKey).value());
    user.accountNumber = accountNumber;
    user.referenceId = referenceId.toString();
    user.xApiKey = xApiKey;
    user.expiryMs = expiryMs;
    user.loginId = m_nextLoginId++;
    user.chain = QRandomGenerator::global()->generate64() | 1; // never 0
    m_userTokens.insert(TokenStore<UserSession>::keyOf(token), user, userDropTime(expiryMs));

    const QJsonObject answer{
        {QStringLiteral("resCode"), QStringLiteral("TOK200")},
        {QStringLiteral("resDesc"), QStringLiteral("SUCCESS")},
        {QStringLiteral("referenceId"), referenceId.toString()},
        {QStringLiteral("serverPubKey"), QString::fromLatin1(m_keys.serverPublicKeyEncoded())},
        {QStringLiteral("token"), QString::fromLatin1(token)},
        {QStringLiteral("expireAt"), expiryMs},
    };
    return encryptedReply(compactJson(answer), session->key);
}

SandboxReply BankEzyService::renewToken(const SandboxRequest &request)
{
    if (QString::fromUtf8(request.header("X-API-KEY")) != m_config.credentials.bankezyXApiKey)
        return errorReply(401, QStringLiteral("TOK002"), kInvalidApiKey);
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return failure(QStringLiteral("the body is not a JSON object"));
    const QJsonValue bodyToken = doc.object().value(QLatin1String("token"));
    if (!bodyToken.isString() || bodyToken.toString().isEmpty())
        return failure(QStringLiteral("token is missing or not a string"));

    const QByteArray token = bodyToken.toString().toUtf8();
    const QByteArray headerToken = request.header("X-API-TOKEN").trimmed();
    auto invalid = [](const QString &why) { return unauthorized(kInvalidToken + QStringLiteral(": ") + why); };
    if (headerToken != token)
        return invalid(QStringLiteral("the X-API-TOKEN header and the body token differ"));
    UserSession *it = m_userTokens.find(TokenStore<UserSession>::keyOf(token));
    if (!it) // its own code, so the client can tell this from a terminated session
        return errorReply(401, QString::fromLatin1(BankEzyAdapter::kSandboxUnknownTokenCode),
                          kInvalidToken + QStringLiteral(": unknown token (this sandbox never issued it or no longer keeps it)"));
    if (QString::fromUtf8(request.header("X-ACCOUNT-NUMBER").trimmed()) != it->accountNumber)
        return invalid(QStringLiteral("X-ACCOUNT-NUMBER does not match the token"));
    if (m_terminatedChains.contains(it->chain))
        return invalid(QStringLiteral("session terminated"));
    if (it->renewed)
        return invalid(QStringLiteral("token already renewed"));
    const qint64 now = m_config.now();
    if (now > it->expiryMs + m_config.renewWindowSeconds * 1000)
        return invalid(QStringLiteral("past the renew window"));

    it->renewed = true;
    UserSession next = *it;
    next.renewed = false;
    next.expiryMs = now + m_config.bankezyLifetimeSeconds * 1000;
    const QByteArray newToken = issueToken(QStringLiteral("user"), next.accountNumber, next.expiryMs);
    m_userTokens.insert(TokenStore<UserSession>::keyOf(newToken), next, userDropTime(next.expiryMs));

    QJsonObject answer;
    if (m_config.renewShape == RenewShape::Nested) {
        answer = QJsonObject{
            {QStringLiteral("resCode"), QStringLiteral("TOK200")},
            {QStringLiteral("resDesc"), QStringLiteral("SUCCESS")},
            {QStringLiteral("data"),
             QJsonObject{{QStringLiteral("loginId"), next.loginId},
                         {QStringLiteral("accountNumber"), next.accountNumber},
                         {QStringLiteral("token"), QString::fromLatin1(newToken)},
                         {QStringLiteral("expiryDate"), next.expiryMs}}},
        };
    } else {
        answer = QJsonObject{
            {QStringLiteral("resCode"), 100},
            {QStringLiteral("resDesc"), QStringLiteral("SUCCESS")},
            {QStringLiteral("referenceId"), next.referenceId},
            {QStringLiteral("token"), QString::fromLatin1(newToken)},
            {QStringLiteral("expireAt"), next.expiryMs},
        };
    }
    return encryptedReply(compactJson(answer), *next.key);
}

namespace {

QString base64Url(const SecureBytes &bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

SecureBytes fromBase64Url(const QJsonValue &value)
{
    return SecureBytes(QByteArray::fromBase64(value.toString().toLatin1(), QByteArray::Base64UrlEncoding));
}

} // namespace

QJsonObject BankEzyService::exportState()
{
    QJsonArray apps;
    m_appSessions.forEachWithDropTime([&apps](const QByteArray &token, const AppSession &app, qint64 dropAt) {
        apps.append(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(token)}, {QStringLiteral("key"), base64Url(app.key)},
                                {QStringLiteral("expiryMs"), app.expiryMs}, {QStringLiteral("dropAt"), dropAt}});
    });
    QJsonArray users;
    QSet<quint64> live;
    m_userTokens.forEachWithDropTime([&users, &live](const QByteArray &token, const UserSession &user, qint64 dropAt) {
        live.insert(user.chain);
        users.append(QJsonObject{
            {QStringLiteral("id"), QString::fromLatin1(token)}, {QStringLiteral("key"), base64Url(*user.key)},
            {QStringLiteral("account"), user.accountNumber}, {QStringLiteral("referenceId"), user.referenceId},
            {QStringLiteral("xApiKey"), user.xApiKey}, {QStringLiteral("expiryMs"), user.expiryMs},
            {QStringLiteral("loginId"), user.loginId}, {QStringLiteral("chain"), QString::number(user.chain)},
            {QStringLiteral("renewed"), user.renewed}, {QStringLiteral("dropAt"), dropAt}});
    });
    QJsonArray terminated;
    for (quint64 chain : m_terminatedChains) {
        if (live.contains(chain))
            terminated.append(QString::number(chain));
    }
    QJsonObject latest;
    for (auto it = m_latestExchange.cbegin(); it != m_latestExchange.cend(); ++it)
        latest.insert(it.key(), QString::fromLatin1(it.value()));
    return QJsonObject{{QStringLiteral("app"), apps}, {QStringLiteral("user"), users},
                       {QStringLiteral("terminated"), terminated}, {QStringLiteral("latestExchange"), latest},
                       {QStringLiteral("nextLoginId"), m_nextLoginId}};
}

void BankEzyService::importState(const QJsonObject &state)
{
    const qint64 now = m_config.now();
    for (const QJsonValue &value : state.value(QLatin1String("app")).toArray()) {
        const qint64 dropAt = value[QLatin1String("dropAt")].toInteger();
        SecureBytes key = fromBase64Url(value[QLatin1String("key")]);
        if (dropAt < now || key.size() != 32)
            continue; // expired meanwhile, or not a session key
        m_appSessions.insert(value[QLatin1String("id")].toString().toLatin1(),
                             AppSession{std::move(key), value[QLatin1String("expiryMs")].toInteger()}, dropAt);
    }
    for (const QJsonValue &value : state.value(QLatin1String("user")).toArray()) {
        const qint64 dropAt = value[QLatin1String("dropAt")].toInteger();
        SecureBytes key = fromBase64Url(value[QLatin1String("key")]);
        if (dropAt < now || key.size() != 32)
            continue;
        UserSession user;
        user.key = std::make_shared<const SecureBytes>(std::move(key));
        user.accountNumber = value[QLatin1String("account")].toString();
        user.referenceId = value[QLatin1String("referenceId")].toString();
        user.xApiKey = value[QLatin1String("xApiKey")].toString();
        user.expiryMs = value[QLatin1String("expiryMs")].toInteger();
        user.loginId = value[QLatin1String("loginId")].toInteger();
        user.chain = value[QLatin1String("chain")].toString().toULongLong();
        user.renewed = value[QLatin1String("renewed")].toBool();
        m_userTokens.insert(value[QLatin1String("id")].toString().toLatin1(), std::move(user), dropAt);
    }
    for (const QJsonValue &chain : state.value(QLatin1String("terminated")).toArray())
        m_terminatedChains.insert(chain.toString().toULongLong());
    const QJsonObject latest = state.value(QLatin1String("latestExchange")).toObject();
    for (auto it = latest.begin(); it != latest.end(); ++it) {
        if (!m_latestExchange.contains(it.key()))
            m_latestExchange.insert(it.key(), it.value().toString().toLatin1());
    }
    m_nextLoginId = qMax(m_nextLoginId, state.value(QLatin1String("nextLoginId")).toInteger());
}

int BankEzyService::terminateToken(const QByteArray &userToken)
{
    const UserSession *it = m_userTokens.find(TokenStore<UserSession>::keyOf(userToken));
    if (!it || m_terminatedChains.contains(it->chain))
        return 0;
    m_terminatedChains.insert(it->chain);
    return 1;
}

int BankEzyService::terminateAccount(const QString &accountNumber)
{
    int count = 0;
    m_userTokens.forEach([&](const QByteArray &, const UserSession &user) {
        if (user.accountNumber == accountNumber && !m_terminatedChains.contains(user.chain)) {
            m_terminatedChains.insert(user.chain);
            ++count;
        }
    });
    return count;
}

} // namespace td
