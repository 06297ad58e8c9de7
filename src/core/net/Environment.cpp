// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/Environment.h"

#include "core/net/SecretNames.h"
#include "core/vault/VaultReference.h"

#include <QJsonArray>

#include <algorithm>
#include <QUrl>

namespace td {

namespace {

Error invalid(const QString &member, const QString &what)
{
    return makeError(ErrorCode::ConfigInvalid, QStringLiteral("Environment member \"%1\" %2").arg(member, what));
}

QJsonObject mapToJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// Reads an optional object of strings; `member` names it in the error.
Result<QMap<QString, QString>> mapFromJson(const QJsonObject &parent, const QString &member)
{
    QMap<QString, QString> map;
    const QJsonValue value = parent.value(member);
    if (value.isUndefined() || value.isNull())
        return map;
    if (!value.isObject())
        return invalid(member, QStringLiteral("must be an object of strings"));
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return invalid(QStringLiteral("%1.%2").arg(member, it.key()), QStringLiteral("must be a string"));
        map.insert(it.key(), it.value().toString());
    }
    return map;
}

Result<QString> optionalString(const QJsonObject &object, const QString &member, const QString &path)
{
    const QJsonValue value = object.value(member);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return invalid(path, QStringLiteral("must be a string"));
    return value.toString();
}

// A proxy password is a secret: settings keep the user name only, like the other secrets, unless
// the password is a vault reference (http://USER:vault:NAME@proxy), which names it without holding it.
QString savedProxy(const QString &proxy, bool includeSecrets)
{
    if (includeSecrets || proxy.isEmpty())
        return proxy;
    const QUrl url(proxy);
    const QString password = url.password(QUrl::FullyDecoded);
    if (!url.isValid() || password.isEmpty() || VaultReference::isReference(password))
        return proxy;
    return url.adjusted(QUrl::RemovePassword).toString();
}

QJsonObject transportToJson(const TransportSettings &transport, bool includeSecrets)
{
    QJsonObject object{
        {QStringLiteral("timeoutMs"), transport.timeoutMs},
        {QStringLiteral("maxResponseBytes"), transport.maxResponseBytes},
        {QStringLiteral("extraCaFile"), transport.extraCaFile},
        {QStringLiteral("insecure"), transport.insecure},
    };
    if (!transport.clientCertFile.isEmpty())
        object.insert(QStringLiteral("clientCertFile"), transport.clientCertFile);
    if (!transport.clientKeyFile.isEmpty())
        object.insert(QStringLiteral("clientKeyFile"), transport.clientKeyFile);
    if (!transport.pins.isEmpty())
        object.insert(QStringLiteral("pins"), QJsonArray::fromStringList(transport.pins));
    if (!transport.proxy.isEmpty())
        object.insert(QStringLiteral("proxy"), savedProxy(transport.proxy, includeSecrets));
    if (transport.noProxy)
        object.insert(QStringLiteral("noProxy"), true);
    return object;
}

// clientCertFile, clientKeyFile, pins, proxy, noProxy: all optional.
std::optional<Error> trustFromJson(const QJsonObject &t, TransportSettings &transport)
{
    for (const auto &[member, target] : {std::pair{"clientCertFile", &transport.clientCertFile},
                                         std::pair{"clientKeyFile", &transport.clientKeyFile},
                                         std::pair{"proxy", &transport.proxy}}) {
        const QString name = QLatin1String(member);
        auto value = optionalString(t, name, QStringLiteral("transport.") + name);
        if (!value)
            return value.error();
        *target = value.value();
    }
    const QJsonValue pins = t.value(QStringLiteral("pins"));
    if (!pins.isUndefined() && !pins.isNull()) {
        const QJsonArray array = pins.toArray();
        if (!pins.isArray() || std::any_of(array.begin(), array.end(), [](const QJsonValue &v) { return !v.isString(); }))
            return invalid(QStringLiteral("transport.pins"), QStringLiteral("must be an array of \"sha256//BASE64\" strings"));
        for (const QJsonValue &pin : array)
            transport.pins << pin.toString();
    }
    const QJsonValue noProxy = t.value(QStringLiteral("noProxy"));
    if (!noProxy.isUndefined() && !noProxy.isBool())
        return invalid(QStringLiteral("transport.noProxy"), QStringLiteral("must be true or false"));
    transport.noProxy = noProxy.toBool(false);
    return std::nullopt;
}

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty()
        && (scheme == QLatin1String("http") || scheme == QLatin1String("https"));
}

} // namespace

bool Environment::isBuiltInName(const QString &name)
{
    return name.compare(QLatin1String(kSandboxName), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String(kSandboxTlsName), Qt::CaseInsensitive) == 0;
}

QString Environment::baseUrlFor(const QString &family) const
{
    const QString specific = familyBaseUrls.value(family);
    return specific.isEmpty() ? baseUrl : specific;
}

QJsonObject Environment::toJson(bool includeSecrets) const
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), name);
    object.insert(QStringLiteral("baseUrl"), baseUrl);
    object.insert(QStringLiteral("familyBaseUrls"), mapToJson(familyBaseUrls));
    object.insert(QStringLiteral("pathOverrides"), mapToJson(pathOverrides));
    object.insert(QStringLiteral("methodOverrides"), mapToJson(methodOverrides));
    object.insert(QStringLiteral("kdf"), kdfModeName(kdf));
    if (autoRenew)
        object.insert(QStringLiteral("autoRenew"), true);

    QJsonArray headers;
    for (const auto &[headerName, headerValue] : extraHeaders) {
        const QString nameText = QString::fromUtf8(headerName);
        const bool secret = isSecretName(nameText);
        if (secret && !includeSecrets)
            continue;
        headers.append(QJsonArray{nameText, QString::fromUtf8(headerValue)});
    }
    object.insert(QStringLiteral("extraHeaders"), headers);

    object.insert(QStringLiteral("transport"), transportToJson(transport, includeSecrets));

    QJsonObject valueObject;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        // A vault reference names the secret without holding it: it is what settings should keep.
        if (includeSecrets || !isSecretName(it.key()) || VaultReference::isReference(it.value()))
            valueObject.insert(it.key(), it.value());
    }
    object.insert(QStringLiteral("values"), valueObject);
    return object;
}

Result<Environment> Environment::fromJson(const QJsonObject &object)
{
    Environment env;

    const QJsonValue name = object.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return invalid(QStringLiteral("name"), QStringLiteral("must be a non-empty string"));
    env.name = name.toString().trimmed();

    auto baseUrl = optionalString(object, QStringLiteral("baseUrl"), QStringLiteral("baseUrl"));
    if (!baseUrl)
        return baseUrl.error();
    if (!baseUrl->isEmpty() && !isHttpUrl(baseUrl.value()))
        return invalid(QStringLiteral("baseUrl"), QStringLiteral("must be an http or https URL, not \"%1\"").arg(baseUrl.value()));
    env.baseUrl = baseUrl.value();

    auto familyBaseUrls = mapFromJson(object, QStringLiteral("familyBaseUrls"));
    if (!familyBaseUrls)
        return familyBaseUrls.error();
    for (auto it = familyBaseUrls->cbegin(); it != familyBaseUrls->cend(); ++it) {
        if (!it.value().isEmpty() && !isHttpUrl(it.value()))
            return invalid(QStringLiteral("familyBaseUrls.%1").arg(it.key()),
                           QStringLiteral("must be an http or https URL, not \"%1\"").arg(it.value()));
    }
    env.familyBaseUrls = familyBaseUrls.value();

    auto paths = mapFromJson(object, QStringLiteral("pathOverrides"));
    if (!paths)
        return paths.error();
    env.pathOverrides = paths.value();
    auto methods = mapFromJson(object, QStringLiteral("methodOverrides"));
    if (!methods)
        return methods.error();
    env.methodOverrides = methods.value();
    auto values = mapFromJson(object, QStringLiteral("values"));
    if (!values)
        return values.error();
    env.values = values.value();

    const QJsonValue autoRenew = object.value(QStringLiteral("autoRenew"));
    if (!autoRenew.isUndefined() && !autoRenew.isBool())
        return invalid(QStringLiteral("autoRenew"), QStringLiteral("must be true or false"));
    env.autoRenew = autoRenew.toBool(false);

    const QJsonValue kdf = object.value(QStringLiteral("kdf"));
    if (!kdf.isUndefined() && !kdf.isNull()) {
        const std::optional<KdfMode> mode = kdf.isString() ? kdfModeFromName(kdf.toString()) : std::nullopt;
        if (!mode)
            return invalid(QStringLiteral("kdf"), QStringLiteral("must be one of raw, concat, sha256"));
        env.kdf = *mode;
    }

    const QJsonValue headers = object.value(QStringLiteral("extraHeaders"));
    if (!headers.isUndefined() && !headers.isNull()) {
        if (!headers.isArray())
            return invalid(QStringLiteral("extraHeaders"), QStringLiteral("must be an array of [name, value] pairs"));
        const QJsonArray array = headers.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonArray pair = array.at(i).toArray();
            if (!array.at(i).isArray() || pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString()
                || pair.at(0).toString().isEmpty())
                return invalid(QStringLiteral("extraHeaders[%1]").arg(i),
                               QStringLiteral("must be a [name, value] pair of strings"));
            env.extraHeaders.append({pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
        }
    }

    const QJsonValue transport = object.value(QStringLiteral("transport"));
    if (!transport.isUndefined() && !transport.isNull()) {
        if (!transport.isObject())
            return invalid(QStringLiteral("transport"), QStringLiteral("must be an object"));
        const QJsonObject t = transport.toObject();
        const QJsonValue timeout = t.value(QStringLiteral("timeoutMs"));
        if (!timeout.isUndefined()) {
            if (!timeout.isDouble() || timeout.toDouble() < 1 || timeout.toDouble() > 3600000
                || timeout.toDouble() != static_cast<double>(timeout.toInt()))
                return invalid(QStringLiteral("transport.timeoutMs"), QStringLiteral("must be a whole number of ms from 1 to 3600000"));
            env.transport.timeoutMs = timeout.toInt();
        }
        const QJsonValue maxBytes = t.value(QStringLiteral("maxResponseBytes"));
        if (!maxBytes.isUndefined()) {
            // A fraction would read as 0 (toInteger) and save a file that no longer loads.
            if (!maxBytes.isDouble() || maxBytes.toDouble() < 1 || maxBytes.toDouble() > 1024.0 * 1024 * 1024
                || maxBytes.toDouble() != static_cast<double>(maxBytes.toInteger()))
                return invalid(QStringLiteral("transport.maxResponseBytes"), QStringLiteral("must be a whole number of bytes from 1 to 1 GiB"));
            env.transport.maxResponseBytes = maxBytes.toInteger();
        }
        auto caFile = optionalString(t, QStringLiteral("extraCaFile"), QStringLiteral("transport.extraCaFile"));
        if (!caFile)
            return caFile.error();
        env.transport.extraCaFile = caFile.value();
        const QJsonValue insecure = t.value(QStringLiteral("insecure"));
        if (!insecure.isUndefined()) {
            if (!insecure.isBool())
                return invalid(QStringLiteral("transport.insecure"), QStringLiteral("must be true or false"));
            env.transport.insecure = insecure.toBool();
        }
        if (std::optional<Error> error = trustFromJson(t, env.transport))
            return *error;
    }
    return env;
}

} // namespace td
