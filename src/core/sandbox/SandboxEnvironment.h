// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/Environment.h"
#include "core/sandbox/SandboxConfig.h"

#include <QUrl>

namespace td {

// The built-in "Sandbox" environment for a running sandbox: its URL, its KDF and its demo
// credentials as field values, so every form and flow works against it with nothing typed.
class SandboxEnvironment
{
public:
    static Environment make(const QUrl &url, const SandboxConfig &config);
};

} // namespace td
