// SPDX-License-Identifier: GPL-3.0-or-later
#include "JoseAlgorithms.h"

#include <array>
#include <utility>

namespace td {

namespace {

const std::array<std::pair<JweAlg, const char *>, 17> kJweAlgs{{
    {JweAlg::Dir, "dir"},
    {JweAlg::A128KW, "A128KW"},
    {JweAlg::A192KW, "A192KW"},
    {JweAlg::A256KW, "A256KW"},
    {JweAlg::A128GCMKW, "A128GCMKW"},
    {JweAlg::A192GCMKW, "A192GCMKW"},
    {JweAlg::A256GCMKW, "A256GCMKW"},
    {JweAlg::EcdhEs, "ECDH-ES"},
    {JweAlg::EcdhEsA128KW, "ECDH-ES+A128KW"},
    {JweAlg::EcdhEsA192KW, "ECDH-ES+A192KW"},
    {JweAlg::EcdhEsA256KW, "ECDH-ES+A256KW"},
    {JweAlg::RsaOaep, "RSA-OAEP"},
    {JweAlg::RsaOaep256, "RSA-OAEP-256"},
    {JweAlg::Pbes2Hs256A128KW, "PBES2-HS256+A128KW"},
    {JweAlg::Pbes2Hs384A192KW, "PBES2-HS384+A192KW"},
    {JweAlg::Pbes2Hs512A256KW, "PBES2-HS512+A256KW"},
    {JweAlg::Rsa1_5, "RSA1_5"},
}};

const std::array<std::pair<JweEnc, const char *>, 6> kJweEncs{{
    {JweEnc::A128GCM, "A128GCM"},
    {JweEnc::A192GCM, "A192GCM"},
    {JweEnc::A256GCM, "A256GCM"},
    {JweEnc::A128CbcHs256, "A128CBC-HS256"},
    {JweEnc::A192CbcHs384, "A192CBC-HS384"},
    {JweEnc::A256CbcHs512, "A256CBC-HS512"},
}};

const std::array<std::pair<JwsAlg, const char *>, 13> kJwsAlgs{{
    {JwsAlg::HS256, "HS256"}, {JwsAlg::HS384, "HS384"}, {JwsAlg::HS512, "HS512"},
    {JwsAlg::RS256, "RS256"}, {JwsAlg::RS384, "RS384"}, {JwsAlg::RS512, "RS512"},
    {JwsAlg::PS256, "PS256"}, {JwsAlg::PS384, "PS384"}, {JwsAlg::PS512, "PS512"},
    {JwsAlg::ES256, "ES256"}, {JwsAlg::ES384, "ES384"}, {JwsAlg::ES512, "ES512"},
    {JwsAlg::None, "none"},
}};

template <typename Table, typename Enum>
QString nameOf(const Table &table, Enum value)
{
    for (const auto &[candidate, name] : table)
        if (candidate == value)
            return QString::fromLatin1(name);
    return {};
}

template <typename Enum, typename Table>
std::optional<Enum> valueOf(const Table &table, const QString &name)
{
    for (const auto &[candidate, text] : table)
        if (name == QLatin1String(text))
            return candidate;
    return std::nullopt;
}

template <typename Table>
QStringList namesOf(const Table &table)
{
    QStringList names;
    for (const auto &entry : table)
        names << QString::fromLatin1(entry.second);
    return names;
}

} // namespace

QString jweAlgName(JweAlg alg) { return nameOf(kJweAlgs, alg); }
QString jweEncName(JweEnc enc) { return nameOf(kJweEncs, enc); }
QString jwsAlgName(JwsAlg alg) { return nameOf(kJwsAlgs, alg); }
std::optional<JweAlg> jweAlgFromName(const QString &name) { return valueOf<JweAlg>(kJweAlgs, name); }
std::optional<JweEnc> jweEncFromName(const QString &name) { return valueOf<JweEnc>(kJweEncs, name); }
std::optional<JwsAlg> jwsAlgFromName(const QString &name) { return valueOf<JwsAlg>(kJwsAlgs, name); }
QStringList allJweAlgNames() { return namesOf(kJweAlgs); }
QStringList allJweEncNames() { return namesOf(kJweEncs); }

QStringList allJwsAlgNames()
{
    QStringList names = namesOf(kJwsAlgs);
    names.removeAll(QStringLiteral("none"));
    return names;
}

bool isWeak(JweAlg alg) { return alg == JweAlg::Rsa1_5; }
bool canEncrypt(JweAlg alg) { return alg != JweAlg::Rsa1_5; }

int encKeyBytes(JweEnc enc)
{
    switch (enc) {
    case JweEnc::A128GCM: return 16;
    case JweEnc::A192GCM: return 24;
    case JweEnc::A256GCM: return 32;
    case JweEnc::A128CbcHs256: return 32;
    case JweEnc::A192CbcHs384: return 48;
    case JweEnc::A256CbcHs512: return 64;
    }
    return 32;
}

} // namespace td
