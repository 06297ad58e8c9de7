// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultEntry.h"

#include "core/jose/Base64Url.h"
#include "core/jose/TrustedJwk.h"
#include "core/net/CertificateValidity.h"

#include <openssl/crypto.h>

#include <QJsonArray>
#include <QSslCertificate>
#include <QJsonValue>
#include <QUuid>

namespace td {

namespace {

struct KindRow {
    VaultEntry::Kind kind;
    const char *name;
};

constexpr KindRow kKinds[] = {
    {VaultEntry::Kind::EcKey, "ec-key"},
    {VaultEntry::Kind::RsaKey, "rsa-key"},
    {VaultEntry::Kind::OctKey, "oct-key"},
    {VaultEntry::Kind::ApiCredential, "api-credential"},
    {VaultEntry::Kind::AppKey, "app-key"},
    {VaultEntry::Kind::Login, "login"},
    {VaultEntry::Kind::ClientCertificate, "client-certificate"},
};

QJsonArray toArray(const QStringList &list)
{
    QJsonArray array;
    for (const QString &item : list)
        array.append(item);
    return array;
}

Error invalid(const QString &what)
{
    return makeError(ErrorCode::ConfigInvalid, QStringLiteral("A vault entry is invalid: %1.").arg(what));
}

Result<QStringList> stringList(const QJsonObject &object, const QString &member)
{
    const QJsonValue value = object.value(member);
    QStringList list;
    if (value.isUndefined())
        return list;
    if (!value.isArray())
        return invalid(QStringLiteral("\"%1\" is not a list").arg(member));
    const QJsonArray array = value.toArray();
    list.reserve(array.size());
    for (const QJsonValue &item : array) {
        if (!item.isString())
            return invalid(QStringLiteral("\"%1\" holds something other than text").arg(member));
        list.append(item.toString());
    }
    return list;
}

// An optional date-time member: invalid QDateTime when absent.
Result<QDateTime> dateTime(const QJsonObject &object, const QString &member)
{
    const QJsonValue value = object.value(member);
    if (value.isUndefined() || value.isNull())
        return QDateTime();
    const QDateTime parsed = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!value.isString() || !parsed.isValid())
        return invalid(QStringLiteral("\"%1\" is not an ISO-8601 date and time").arg(member));
    return parsed.toUTC();
}

QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

std::optional<VaultEntry::Kind> kindOfKey(const Jwk &key)
{
    switch (key.type()) {
    case KeyType::EC: return VaultEntry::Kind::EcKey;
    case KeyType::RSA: return VaultEntry::Kind::RsaKey;
    case KeyType::Oct: return VaultEntry::Kind::OctKey;
    }
    return std::nullopt;
}


} // namespace

QString VaultEntry::thumbprint() const
{
    return key ? key->thumbprint() : QString();
}

QString VaultEntry::describe() const
{
    switch (kind) {
    case Kind::EcKey:
    case Kind::RsaKey:
    case Kind::OctKey:
        return key ? key->describe() : kindName(kind);
    case Kind::ApiCredential: return QStringLiteral("API credential");
    case Kind::AppKey: return QStringLiteral("app key + secret");
    case Kind::Login: return QStringLiteral("username + password");
    case Kind::ClientCertificate: {
        const QList<QSslCertificate> chain = QSslCertificate::fromData(identity.toUtf8(), QSsl::Pem);
        if (chain.isEmpty())
            return QStringLiteral("client certificate");
        const QSslCertificate &leaf = chain.constFirst();
        const CertificateValidity validity =
            CertificateValidity::of(leaf.effectiveDate(), leaf.expiryDate(), QDateTime::currentDateTimeUtc());
        return QStringLiteral("client certificate %1, issuer %2, %3")
            .arg(leaf.subjectDisplayName(), leaf.issuerDisplayName(), validity.text);
    }
    }
    return {};
}

QString VaultEntry::kindName(Kind kind)
{
    for (const KindRow &row : kKinds)
        if (row.kind == kind)
            return QString::fromLatin1(row.name);
    return {};
}

std::optional<VaultEntry::Kind> VaultEntry::kindFromName(QStringView name)
{
    for (const KindRow &row : kKinds)
        if (name == QLatin1String(row.name))
            return row.kind;
    return std::nullopt;
}

QJsonObject VaultEntry::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("kind"), kindName(kind));
    object.insert(QStringLiteral("name"), name);
    if (!tags.isEmpty())
        object.insert(QStringLiteral("tags"), toArray(tags));
    if (!environments.isEmpty())
        object.insert(QStringLiteral("environments"), toArray(environments));
    if (!notes.isEmpty())
        object.insert(QStringLiteral("notes"), notes);
    if (created.isValid())
        object.insert(QStringLiteral("created"), isoUtc(created));
    if (lastUsed.isValid())
        object.insert(QStringLiteral("lastUsed"), isoUtc(lastUsed));
    if (rotateBy && rotateBy->isValid())
        object.insert(QStringLiteral("rotateBy"), rotateBy->toString(Qt::ISODate));
    if (key)
        object.insert(QStringLiteral("key"), key->toJson(true));
    if (!identity.isEmpty())
        object.insert(QStringLiteral("identity"), identity);
    if (!isKey()) {
        // fromRawData: no unwiped copy of the secret itself, only of its (wiped) encoding.
        QByteArray encoded = QByteArray::fromRawData(secret.view().data(), secret.view().size()).toBase64();
        object.insert(QStringLiteral("secret"), QString::fromLatin1(encoded));
        OPENSSL_cleanse(encoded.data(), static_cast<size_t>(encoded.size()));
    }
    return object;
}

Result<VaultEntry> VaultEntry::fromJson(const QJsonObject &object)
{
    return fromJson(object, false);
}

Result<VaultEntry> VaultEntry::fromVaultJson(const QJsonObject &object)
{
    return fromJson(object, true);
}

Result<VaultEntry> VaultEntry::fromJson(const QJsonObject &object, bool trusted)
{
    VaultEntry entry;
    const QJsonValue kind = object.value(QStringLiteral("kind"));
    const auto parsedKind = kindFromName(kind.toString());
    if (!kind.isString() || !parsedKind)
        return invalid(QStringLiteral("\"kind\" is missing or unknown"));
    entry.kind = *parsedKind;

    const QJsonValue name = object.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return invalid(QStringLiteral("\"name\" is missing"));
    entry.name = name.toString();
    entry.id = object.value(QStringLiteral("id")).toString();
    if (entry.id.isEmpty())
        return invalid(QStringLiteral("\"id\" is missing in \"%1\"").arg(entry.name));

    auto tags = stringList(object, QStringLiteral("tags"));
    if (!tags)
        return tags.error();
    entry.tags = std::move(tags.value());
    auto environments = stringList(object, QStringLiteral("environments"));
    if (!environments)
        return environments.error();
    entry.environments = std::move(environments.value());
    entry.notes = object.value(QStringLiteral("notes")).toString();

    auto created = dateTime(object, QStringLiteral("created"));
    if (!created)
        return created.error();
    entry.created = created.value();
    auto lastUsed = dateTime(object, QStringLiteral("lastUsed"));
    if (!lastUsed)
        return lastUsed.error();
    entry.lastUsed = lastUsed.value();
    const QJsonValue rotateBy = object.value(QStringLiteral("rotateBy"));
    if (!rotateBy.isUndefined() && !rotateBy.isNull()) {
        const QDate date = QDate::fromString(rotateBy.toString(), Qt::ISODate);
        if (!date.isValid())
            return invalid(QStringLiteral("\"rotateBy\" is not an ISO-8601 date"));
        entry.rotateBy = date;
    }

    if (entry.isKey()) {
        const QJsonValue keyValue = object.value(QStringLiteral("key"));
        if (!keyValue.isObject())
            return invalid(QStringLiteral("the key entry \"%1\" has no \"key\"").arg(entry.name));
        const QJsonObject jwk = keyValue.toObject();
        if (trusted) {
            if (std::optional<Jwk> fast = trustedJwk(jwk); fast && kindOfKey(*fast) == entry.kind) {
                entry.key = std::move(fast);
                return entry;
            }
        }
        auto key = Jwk::fromJson(jwk);
        if (!key)
            return invalid(QStringLiteral("the key of \"%1\" does not parse: %2").arg(entry.name, key.error().message));
        if (kindOfKey(key.value()) != entry.kind)
            return invalid(QStringLiteral("the key of \"%1\" is not of kind %2").arg(entry.name, kindName(entry.kind)));
        entry.key = std::move(key.value());
    } else {
        entry.identity = object.value(QStringLiteral("identity")).toString();
        const QJsonValue secret = object.value(QStringLiteral("secret"));
        if (!secret.isString())
            return invalid(QStringLiteral("the credential \"%1\" has no \"secret\"").arg(entry.name));
        QByteArray encoded = secret.toString().toLatin1();
        auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        OPENSSL_cleanse(encoded.data(), static_cast<size_t>(encoded.size()));
        if (!decoded)
            return invalid(QStringLiteral("the secret of \"%1\" is not base64").arg(entry.name));
        entry.secret = SecureBytes(decoded.decoded);
        OPENSSL_cleanse(decoded.decoded.data(), static_cast<size_t>(decoded.decoded.size()));
    }
    return entry;
}

VaultEntry VaultEntry::fromKey(const QString &name, const Jwk &key)
{
    VaultEntry entry;
    entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.kind = kindOfKey(key).value_or(Kind::OctKey);
    entry.name = name;
    entry.created = QDateTime::currentDateTimeUtc();
    entry.key = key;
    return entry;
}

VaultEntry VaultEntry::clientCertificate(const QString &name, const QByteArray &chainPem, const SecureBytes &keyPem)
{
    VaultEntry entry = credential(Kind::ClientCertificate, name, QString::fromLatin1(chainPem), keyPem);
    return entry;
}

VaultEntry VaultEntry::credential(Kind kind, const QString &name, const QString &identity, const SecureBytes &secret)
{
    VaultEntry entry;
    entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.kind = kind;
    entry.name = name;
    entry.created = QDateTime::currentDateTimeUtc();
    entry.identity = identity;
    entry.secret = secret;
    return entry;
}

} // namespace td
