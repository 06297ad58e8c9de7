// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConcatKdf.h"

#include "core/crypto/OpenSslPtr.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>

namespace td {

namespace {

void appendUint32(SecureBytes &out, quint32 value)
{
    const char bytes[4] = {static_cast<char>((value >> 24) & 0xff), static_cast<char>((value >> 16) & 0xff),
                           static_cast<char>((value >> 8) & 0xff), static_cast<char>(value & 0xff)};
    out.append(QByteArrayView(bytes, 4));
}

void appendField(SecureBytes &out, QByteArrayView field)
{
    appendUint32(out, static_cast<quint32>(field.size()));
    out.append(field);
}

} // namespace

SecureBytes concatKdf(const SecureBytes &z, int keyBits, QByteArrayView algorithmId, QByteArrayView apu,
                      QByteArrayView apv)
{
    if (keyBits <= 0 || keyBits % 8 != 0)
        return {};
    const std::size_t keyBytes = static_cast<std::size_t>(keyBits / 8);
    constexpr std::size_t hashBytes = 32;

    // counter || Z || OtherInfo, hashed once per 256 bits of output with the counter incremented.
    SecureBytes input;
    appendUint32(input, 1);
    input.append(z.view());
    appendField(input, algorithmId);
    appendField(input, apu);
    appendField(input, apv);
    appendUint32(input, static_cast<quint32>(keyBits));

    SecureBytes out(keyBytes);
    SecureBytes block(hashBytes);
    for (quint32 counter = 1, done = 0; done < keyBytes; ++counter) {
        input.data()[0] = static_cast<unsigned char>((counter >> 24) & 0xff);
        input.data()[1] = static_cast<unsigned char>((counter >> 16) & 0xff);
        input.data()[2] = static_cast<unsigned char>((counter >> 8) & 0xff);
        input.data()[3] = static_cast<unsigned char>(counter & 0xff);
        unsigned int length = 0;
        // SHA-256 over memory only fails when allocation fails; stopping is safer than returning
        // a key that is partly zeros.
        if (EVP_Digest(input.data(), input.size(), block.data(), &length, EVP_sha256(), nullptr) != 1)
            std::abort();
        const std::size_t take = std::min(hashBytes, keyBytes - done);
        std::copy_n(block.data(), take, out.data() + done);
        done += static_cast<quint32>(take);
    }
    return out;
}

} // namespace td
