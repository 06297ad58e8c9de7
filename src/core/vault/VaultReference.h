// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace td {

// A field value that names a vault entry instead of holding a secret: "vault:NAME" (the entry's
// secret, or the key for key fields) or "vault:NAME#identity" (an app key's app key, a login's
// username). Environments store these, so settings never hold the secret itself.
struct VaultReference {
    enum class Part { Secret, Identity };
    QString name;
    Part part = Part::Secret;

    static constexpr const char *kPrefix = "vault:";
    static bool isReference(QStringView value);
    static std::optional<VaultReference> parse(QStringView value);
    QString toString() const;
};

} // namespace td
