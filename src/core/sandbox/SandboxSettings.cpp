// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxSettings.h"

namespace td {

namespace {

constexpr qint64 kDay = 24 * 3600;

} // namespace

const QList<SandboxSettings::Duration> &SandboxSettings::durations()
{
    // A token must live at least a second; a window or a skew may be none. Thirty days is far
    // past anything a real deployment issues, and keeps every value in an int spin box.
    static const QList<Duration> table = {
        {Config::Key::SandboxBankezyLifetimeSeconds, &SandboxConfig::bankezyLifetimeSeconds, 1, 30 * kDay},
        {Config::Key::SandboxEnosLifetimeSeconds, &SandboxConfig::enosLifetimeSeconds, 1, 30 * kDay},
        {Config::Key::SandboxSecmgmtLifetimeSeconds, &SandboxConfig::secmgmtLifetimeSeconds, 1, 30 * kDay},
        {Config::Key::SandboxSecmgmtRefreshLifetimeSeconds, &SandboxConfig::secmgmtRefreshLifetimeSeconds, 1, 30 * kDay},
        {Config::Key::SandboxRenewWindowSeconds, &SandboxConfig::renewWindowSeconds, 0, 30 * kDay},
        {Config::Key::SandboxEnosSkewSeconds, &SandboxConfig::enosSkewSeconds, 0, kDay},
    };
    return table;
}

const SandboxSettings::Duration &SandboxSettings::duration(Config::Key key)
{
    for (const Duration &entry : durations()) {
        if (entry.key == key)
            return entry;
    }
    Q_UNREACHABLE();
}

SandboxConfig SandboxSettings::load(const Config &config, SandboxConfig base)
{
    for (const Duration &entry : durations()) {
        const qint64 value = config.value(entry.key).toLongLong();
        if (value >= entry.minSeconds && value <= entry.maxSeconds)
            base.*entry.member = value;
    }
    if (const std::optional<KdfMode> kdf = kdfModeFromName(config.value(Config::Key::SandboxKdf).toString()))
        base.kdf = *kdf;
    if (const std::optional<RenewShape> shape = renewShapeFromName(config.value(Config::Key::SandboxRenewShape).toString()))
        base.renewShape = *shape;
    const bool https = config.value(Config::Key::SandboxHttps).toBool();
    base.tlsCertFile = https ? config.value(Config::Key::SandboxTlsCertFile).toString() : QString();
    base.tlsKeyFile = https ? config.value(Config::Key::SandboxTlsKeyFile).toString() : QString();
    base.clientCaFile = https ? config.value(Config::Key::SandboxClientCaFile).toString() : QString();
    base.ownTls = https && base.tlsCertFile.isEmpty();
    base.ownMutualTls = base.ownTls && config.value(Config::Key::SandboxMutualTls).toBool();
    return base;
}

void SandboxSettings::save(Config &config, const SandboxConfig &sandbox)
{
    for (const Duration &entry : durations())
        config.setValue(entry.key, sandbox.*entry.member);
    config.setValue(Config::Key::SandboxKdf, kdfModeName(sandbox.kdf));
    config.setValue(Config::Key::SandboxRenewShape, renewShapeName(sandbox.renewShape));
    config.setValue(Config::Key::SandboxHttps, sandbox.servesHttps());
    config.setValue(Config::Key::SandboxTlsCertFile, sandbox.tlsCertFile);
    config.setValue(Config::Key::SandboxTlsKeyFile, sandbox.tlsKeyFile);
    config.setValue(Config::Key::SandboxClientCaFile, sandbox.clientCaFile);
    config.setValue(Config::Key::SandboxMutualTls, sandbox.ownMutualTls);
}

bool SandboxSettings::sameSettings(const SandboxConfig &a, const SandboxConfig &b)
{
    for (const Duration &entry : durations()) {
        if (a.*entry.member != b.*entry.member)
            return false;
    }
    return a.kdf == b.kdf && a.renewShape == b.renewShape && a.ownTls == b.ownTls && a.tlsCertFile == b.tlsCertFile
        && a.tlsKeyFile == b.tlsKeyFile && a.clientCaFile == b.clientCaFile && a.ownMutualTls == b.ownMutualTls;
}

} // namespace td
