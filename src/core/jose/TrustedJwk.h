// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/jose/Jwk.h"

#include <QJsonObject>

#include <optional>

namespace td {

// An EC or RSA key from a document TokenDesk sealed itself (the vault, the sessions file),
// without Jwk::fromJson's consistency checks (d against the point, d against n, p*q = n): those
// cost up to milliseconds per key, the document is authenticated by AES-GCM, and every key passed
// them when it was first read. An EC point is still checked to lie on its curve when OpenSSL
// decodes it. Empty when anything is unusual (oct keys, RSA without the CRT members): the caller
// then takes the checked path.
std::optional<Jwk> trustedJwk(const QJsonObject &jwk);
// trustedJwk, else Jwk::fromJson with all its checks.
Result<Jwk> jwkFromAuthenticatedJson(const QJsonObject &jwk);

} // namespace td
