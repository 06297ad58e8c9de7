// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

namespace td {

// Whether a field, header or JSON member of that name carries a secret (PROTOCOLS.md: secret,
// appSecret, password, apiKey, sdkApiKey, tokens, private keys). Case-insensitive. The one list
// that history, curl export, environments and logs consult; endpoint specs mark their own secret
// fields too and the spec loader checks that the two agree.
bool isSecretName(QStringView name);

} // namespace td
