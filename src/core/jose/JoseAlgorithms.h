// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace td {

// JWE key management algorithms (RFC 7518 §4). Rsa1_5 is decrypt-only and reported as weak.
enum class JweAlg {
    Dir,
    A128KW, A192KW, A256KW,
    A128GCMKW, A192GCMKW, A256GCMKW,
    EcdhEs, EcdhEsA128KW, EcdhEsA192KW, EcdhEsA256KW,
    RsaOaep, RsaOaep256,
    Pbes2Hs256A128KW, Pbes2Hs384A192KW, Pbes2Hs512A256KW,
    Rsa1_5,
};

// JWE content encryption algorithms (RFC 7518 §5).
enum class JweEnc { A128GCM, A192GCM, A256GCM, A128CbcHs256, A192CbcHs384, A256CbcHs512 };

// JWS algorithms (RFC 7518 §3). None is recognised so it can be reported, never accepted.
enum class JwsAlg { HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, None };

QString jweAlgName(JweAlg alg);
QString jweEncName(JweEnc enc);
QString jwsAlgName(JwsAlg alg);
std::optional<JweAlg> jweAlgFromName(const QString &name);
std::optional<JweEnc> jweEncFromName(const QString &name);
std::optional<JwsAlg> jwsAlgFromName(const QString &name);

QStringList allJweAlgNames();
QStringList allJweEncNames();
QStringList allJwsAlgNames(); // without "none"

bool isWeak(JweAlg alg);       // RSA1_5
bool canEncrypt(JweAlg alg);   // false for RSA1_5
int encKeyBytes(JweEnc enc);   // CEK length: 16/24/32 for GCM, 32/48/64 for CBC-HS

} // namespace td
