// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"
#include "core/jose/Jwk.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace td {

// One thing the vault keeps: a key (EC, RSA, oct) or a pre-shared credential (an API credential,
// an app key + app secret pair, a username + password), with what an engineer needs to find and
// trust it: name, tags, linked environments, notes, when it was made and last used, when to rotate.
struct VaultEntry {
    enum class Kind { EcKey, RsaKey, OctKey, ApiCredential, AppKey, Login, ClientCertificate };

    QString id;                  // UUID, stable across renames
    Kind kind = Kind::ApiCredential;
    QString name;                // unique in the vault (case-insensitive); how everything refers to it
    QStringList tags;
    QStringList environments;    // names of linked environments
    QString notes;
    QDateTime created;           // UTC
    QDateTime lastUsed;          // UTC; invalid when never used
    std::optional<QDate> rotateBy;

    std::optional<Jwk> key;      // the key kinds: the key, private part when there is one (kid inside)
    QString identity;            // AppKey: the app key; Login: the username; ApiCredential: empty;
                                 // ClientCertificate: the certificate chain, PEM
    SecureBytes secret;          // ApiCredential: the value; AppKey: the app secret; Login: the password;
                                 // ClientCertificate: the private key, PKCS#8 PEM

    bool isKey() const { return kind == Kind::EcKey || kind == Kind::RsaKey || kind == Kind::OctKey; }
    // RFC 7638 SHA-256 thumbprint for keys, empty otherwise.
    QString thumbprint() const;
    // "EC P-256 private key", "API credential", "app key + secret", "username + password".
    QString describe() const;

    // "ec-key", "rsa-key", "oct-key", "api-credential", "app-key", "login", "client-certificate"
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(QStringView name);

    // The vault document's form of the entry, secrets included (it is only ever written encrypted).
    QJsonObject toJson() const;
    // ConfigInvalid naming the member when the object is not an entry.
    static Result<VaultEntry> fromJson(const QJsonObject &object);
    // The same for the vault's own (authenticated) document: EC and RSA keys are loaded without
    // the costly private/public consistency checks they passed when they entered the vault.
    static Result<VaultEntry> fromVaultJson(const QJsonObject &object);

    // A key entry from a key: the kind follows the key type; id and created are filled.
    static VaultEntry fromKey(const QString &name, const Jwk &key);
    // A credential entry; id and created are filled.
    static VaultEntry credential(Kind kind, const QString &name, const QString &identity, const SecureBytes &secret);
    // A client certificate (mutual TLS): chain PEM and private key PEM; id and created are filled.
    static VaultEntry clientCertificate(const QString &name, const QByteArray &chainPem, const SecureBytes &keyPem);

private:
    static Result<VaultEntry> fromJson(const QJsonObject &object, bool trusted);
};

} // namespace td
