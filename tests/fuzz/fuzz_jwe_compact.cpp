// SPDX-License-Identifier: GPL-3.0-or-later
// JWE compact serialization: parse, then decrypt with every test key the token's alg/enc can use
// (oct of each size, EC P-256, RSA 2048), so key unwrapping, ECDH, the AEADs and inflation all see
// hostile headers and segments.
#include "FuzzSupport.h"

#include "core/jose/JweCompact.h"

namespace {

// PBES2 costs p2c HMACs per attempt: counts up to the parser's limit are legal and slow by
// design, so the fuzzer decrypts only cheap ones (the limit itself is tst_JweCompact's).
constexpr int kMaxFuzzedP2c = 2000;

QList<td::Jwk> makeKeys()
{
    QList<td::Jwk> keys;
    for (int bits : {128, 192, 256, 384, 512})
        keys.append(td::Jwk::generateOct(bits).value());
    keys.append(td::Jwk::generateEc(td::Curve::P256).value());
    keys.append(td::Jwk::generateRsa(2048).value());
    return keys;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QList<td::Jwk> keys = makeKeys();
    const td::Result<td::JweToken> token = td::JweCompact::parse(fuzz::bytes(data, size));
    if (!token) {
        (void)token.error().toString();
        return 0;
    }
    if (token->header.value(QStringLiteral("p2c")).toDouble() > kMaxFuzzedP2c)
        return 0;
    for (const td::Jwk &key : keys) {
        if (!td::JweCompact::checkKey(token->alg, token->enc, key, true))
            continue;
        const td::Result<QByteArray> plaintext = td::JweCompact::decrypt(token.value(), key);
        if (!plaintext)
            (void)plaintext.error().toString();
    }
    return 0;
}
