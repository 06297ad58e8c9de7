// SPDX-License-Identifier: GPL-3.0-or-later
// Feeds arbitrary bytes to key import (JWK, JWK Set, PEM, base64url JWK, hex/base64 oct) and to
// the JWK reader alone, and exports whatever was accepted, so both directions see hostile input.
// An accepted key must read back from its own JWK.
#include "FuzzSupport.h"

#include "core/jose/Jwk.h"
#include "core/jose/KeyFormats.h"

namespace {

void exportAll(const td::Jwk &key)
{
    (void)key.thumbprint();
    const QByteArray text = key.toJsonText(true);
    if (auto again = td::Jwk::fromJsonText(text); !again) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(key.describe()), qPrintable(again.error().toString()));
        fuzz::violated("an accepted key does not read back from its own JWK");
    }
    (void)td::KeyFormats::toPem(key, true);
    (void)td::KeyFormats::toPem(key, false);
    (void)td::KeyFormats::toBase64UrlJwk(key, true);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = fuzz::bytes(data, size);
    if (auto jwk = td::Jwk::fromJsonText(input))
        exportAll(jwk.value());
    auto parsed = td::KeyFormats::parse(input);
    if (!parsed)
        return 0;
    for (const td::Jwk &key : parsed->keys)
        exportAll(key);
    (void)td::KeyFormats::toJwkSet(parsed->keys, false);
    return 0;
}
