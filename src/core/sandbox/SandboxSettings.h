// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Config.h"
#include "core/sandbox/SandboxConfig.h"

#include <QList>
#include <QString>

namespace td {

// The part of the embedded sandbox's config a person edits on the Sandbox page (lifetimes, renew
// window, EnOS skew, KDF, renew shape, HTTPS and its certificate files), kept in the app's Config between runs. The bounds live
// here, for the editors and for a hand-edited settings file alike.
class SandboxSettings
{
public:
    struct Duration {
        Config::Key key;
        qint64 SandboxConfig::*member;
        qint64 minSeconds;
        qint64 maxSeconds;
    };
    static const QList<Duration> &durations();
    static const Duration &duration(Config::Key key);

    // `base` with what `config` holds; a value missing, out of bounds or unknown keeps base's.
    static SandboxConfig load(const Config &config, SandboxConfig base);
    // Writes the editable part of `sandbox` (nothing else: no address, credentials or state folder;
    // the TLS file paths are the only paths, and hold no secret themselves).
    static void save(Config &config, const SandboxConfig &sandbox);
    // True when a and b differ in nothing this class edits.
    static bool sameSettings(const SandboxConfig &a, const SandboxConfig &b);
};

} // namespace td
