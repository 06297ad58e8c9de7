// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/jose/Jwk.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace td {

enum class KeyFormat { Jwk, JwkSet, Pem, Base64UrlJwk, HexOctets, Base64Octets };

QString keyFormatName(KeyFormat format); // "JWK", "JWK Set", "PEM", "base64url JWK", "hex", "base64"

struct ImportedKeys {
    QList<Jwk> keys;
    KeyFormat format = KeyFormat::Jwk;
};

// Reading and writing keys in every text form a support engineer meets: JWK, JWK Set, PEM
// (PKCS#8, SPKI, SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE/PUBLIC KEY", encrypted PKCS#8 is
// refused with a clear message), base64url-of-JWK (BankEzy's wire form), and oct keys as hex or
// base64. Detection is by content, so a key pasted from anywhere just works.
class KeyFormats
{
public:
    // Auto-detects the format. Surrounding whitespace is ignored. KeyParse with a sentence that
    // says what the text looked like and why it was refused.
    static Result<ImportedKeys> parse(QByteArrayView text);
    // Reads a file (Io error names the path) and parses it.
    static Result<ImportedKeys> parseFile(const QString &path);

    static Result<QByteArray> toPem(const Jwk &key, bool includePrivate);  // PKCS#8 / SPKI
    static QByteArray toBase64UrlJwk(const Jwk &key, bool includePrivate); // base64url(compact JWK)
    static QByteArray toJwkSet(const QList<Jwk> &keys, bool includePrivate);
};

} // namespace td
