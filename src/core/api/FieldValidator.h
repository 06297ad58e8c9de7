// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/FieldSpec.h"

namespace td {

// Checks one non-empty value against its field's spec before anything is sent, with a sentence
// that names the field and says what is wrong ("Account number: at most 19 digits, got 20").
class FieldValidator
{
public:
    static Result<void> validate(const FieldSpec &field, const QString &value);
};

} // namespace td
