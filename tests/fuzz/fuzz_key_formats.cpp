// SPDX-License-Identifier: GPL-3.0-or-later
// Feeds arbitrary bytes to key import (JWK, JWK Set, PEM, base64url JWK, hex/base64 oct) and
// exports whatever was accepted, so both directions see hostile input.
#include "core/jose/KeyFormats.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto parsed = td::KeyFormats::parse(input);
    if (!parsed)
        return 0;
    for (const td::Jwk &key : parsed->keys) {
        (void)key.thumbprint();
        (void)key.toJsonText(true);
        auto pem = td::KeyFormats::toPem(key, true);
        (void)pem;
    }
    return 0;
}
