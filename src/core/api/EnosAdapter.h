// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/FamilyAdapter.h"

namespace td {

// EnOS APIM: the SHA-256 "encryption" signature, with the signed string kept for display.
class EnosAdapter : public FamilyAdapter
{
public:
    Result<QString> generate(const FieldSpec &field, PreparedCall &call, CallContext &context,
                             const Environment &environment, qint64 nowMs) const override;
};

} // namespace td
