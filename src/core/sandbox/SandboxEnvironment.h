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
    // caFile: the CA an https sandbox's certificate is trusted by (SandboxHost::tls()).
    static Environment make(const QUrl &url, const SandboxConfig &config, const QString &caFile = {});
    // "Sandbox (TLS)": the same, for a sandbox that serves HTTPS, trusting caFile with
    // verification on (never insecure), so HTTPS and mutual TLS can be tried offline. When the
    // sandbox requires client certificates from its own CA (ownMutualTls) it presents clientFile
    // (SandboxHost::tls().clientFile), so its calls succeed where "Sandbox" is refused.
    static Environment makeTls(const QUrl &url, const SandboxConfig &config, const QString &caFile,
                               const QString &clientFile = {});
};

} // namespace td
