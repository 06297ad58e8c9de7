// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/FamilyAdapter.h"

namespace td {

// EnOS APIM needs nothing beyond the generic handling: its SHA-256 "encryption" signature is the
// `compute` expression hex(sha256(appKey + timestamp + appSecret)) in its specs, and the signed
// string is shown from what that expression hashed. Kept as the family's adapter so a later rule
// has its place.
class EnosAdapter : public FamilyAdapter
{
};

} // namespace td
