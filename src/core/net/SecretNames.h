// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

namespace td {

// Whether a field, header or JSON member of that name carries a secret (PROTOCOLS.md: secret,
// appSecret, password, apiKey, sdkApiKey, tokens, private keys). Case-insensitive. The one list
// that history, curl export, environments and logs consult; endpoint specs mark their own secret
// fields too and the spec loader checks that the two agree.
bool isSecretName(QStringView name);

// Whether a header of that name carries a credential: every secret name above, plus the headers
// that carry a pre-shared key or a session (X-API-KEY, Cookie, Proxy-Authorization ...). Kept
// apart from isSecretName because environments keep X-API-KEY as a plain, visible value, while
// history, panes and exports mask it like the body's apiKey.
bool isSecretHeaderName(QStringView name);

} // namespace td
