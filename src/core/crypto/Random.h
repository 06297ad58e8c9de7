// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/SecureBytes.h"

namespace td {

// Bytes from OpenSSL's CSPRNG. Aborts the process if the CSPRNG fails: continuing with
// predictable keys or IVs would be worse than stopping.
SecureBytes randomBytes(std::size_t count);

} // namespace td
