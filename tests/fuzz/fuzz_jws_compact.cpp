// SPDX-License-Identifier: GPL-3.0-or-later
// JWS compact serialization: parse, then verify with every test key the token's alg can use
// (HMAC keys, EC P-256/384/521, RSA 2048), so signature decoding sees hostile segments.
#include "FuzzSupport.h"

#include "core/jose/JwsCompact.h"

namespace {

QList<td::Jwk> makeKeys()
{
    QList<td::Jwk> keys;
    for (int bits : {256, 384, 512})
        keys.append(td::Jwk::generateOct(bits).value());
    for (td::Curve curve : {td::Curve::P256, td::Curve::P384, td::Curve::P521})
        keys.append(td::Jwk::generateEc(curve).value());
    keys.append(td::Jwk::generateRsa(2048).value());
    return keys;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QList<td::Jwk> keys = makeKeys();
    const td::Result<td::JwsToken> token = td::JwsCompact::parse(fuzz::bytes(data, size));
    if (!token) {
        (void)token.error().toString();
        return 0;
    }
    for (const td::Jwk &key : keys) {
        if (!td::JwsCompact::checkKey(token->alg, key, false))
            continue;
        const td::Result<void> verified = td::JwsCompact::verify(token.value(), key);
        if (verified)
            fuzz::violated("a fuzzed signature verified under a key made in this process");
    }
    return 0;
}
