// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/Digest.h"
#include "core/crypto/SecureBytes.h"

#include <openssl/evp.h>

#include <QJsonObject>
#include <QString>

#include <memory>

namespace td {

enum class KeyType { EC, RSA, Oct };
enum class Curve { None, P256, P384, P521 };

QString keyTypeName(KeyType type);       // "EC", "RSA", "oct"
QString curveName(Curve curve);          // "P-256", ...
Curve curveFromName(const QString &name); // Curve::None when unknown
int curveFieldBytes(Curve curve);        // 32, 48, 66
const char *curveOpenSslName(Curve curve); // "prime256v1", ...

// A JSON Web Key (RFC 7517): an EC or RSA key held as an OpenSSL EVP_PKEY, or an oct key held in
// wiped memory, plus the optional kid/alg/use members. Copies share the immutable EVP_PKEY.
class Jwk
{
public:
    static Result<Jwk> generateEc(Curve curve);
    static Result<Jwk> generateRsa(int bits);  // 2048..4096
    static Result<Jwk> generateOct(int bits);  // a multiple of 8, 8..8192
    static Jwk fromOctets(SecureBytes octets);
    // Wraps an EC (P-256/384/521) or RSA EVP_PKEY; other key types give UnsupportedKey.
    static Result<Jwk> fromPkey(EVP_PKEY *pkey); // takes a new reference, the caller keeps its own

    // Parses a JWK object; validates members, coordinate lengths, and that an EC point lies on
    // its curve (KeyNotOnCurve) and matches `d` when present.
    static Result<Jwk> fromJson(const QJsonObject &object);
    static Result<Jwk> fromJsonText(QByteArrayView text);

    KeyType type() const { return m_type; }
    Curve curve() const { return m_curve; }
    int bits() const; // modulus bits for RSA, field bits for EC, key bits for oct
    bool hasPrivate() const { return m_private; }
    EVP_PKEY *pkey() const { return m_pkey.get(); } // null for oct
    const SecureBytes &octets() const { return m_octets; }

    QString kid() const { return m_kid; }
    void setKid(const QString &kid) { m_kid = kid; }
    QString alg() const { return m_alg; }
    void setAlg(const QString &alg) { m_alg = alg; }
    QString use() const { return m_use; }
    void setUse(const QString &use) { m_use = use; }

    // The JWK as JSON; private members only when includePrivate and the key has them.
    QJsonObject toJson(bool includePrivate) const;
    QByteArray toJsonText(bool includePrivate, bool indented = false) const;
    // The public part (kid/alg/use kept); for oct keys, which have none, KeyTypeMismatch.
    Result<Jwk> publicKey() const;
    // RFC 7638 thumbprint, base64url.
    QString thumbprint(DigestAlgorithm algorithm = DigestAlgorithm::Sha256) const;
    // "EC P-256 private key", "RSA 2048-bit public key", "oct 256-bit key".
    QString describe() const;

private:
    Jwk() = default;
    KeyType m_type = KeyType::Oct;
    Curve m_curve = Curve::None;
    bool m_private = false;
    std::shared_ptr<EVP_PKEY> m_pkey;
    SecureBytes m_octets;
    QString m_kid;
    QString m_alg;
    QString m_use;
};

} // namespace td
