// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/jose/Jwk.h"

namespace td {

class CliArgs;

// A key from the --kty/--crv/--size/--kid flags that `jwk gen` and `vault gen` share. A flag
// mistake comes back with code Usage (exit 2); a failure to generate with its own code.
class KeyGeneration
{
public:
    static Result<Jwk> fromArgs(const CliArgs &args);
};

} // namespace td
