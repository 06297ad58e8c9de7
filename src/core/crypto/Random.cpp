// SPDX-License-Identifier: GPL-3.0-or-later
#include "Random.h"

#include <openssl/rand.h>

#include <cstdlib>

namespace td {

SecureBytes randomBytes(std::size_t count)
{
    SecureBytes out(count);
    if (count > 0 && RAND_bytes(out.data(), static_cast<int>(count)) != 1)
        std::abort();
    return out;
}

} // namespace td
