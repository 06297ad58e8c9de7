// SPDX-License-Identifier: GPL-3.0-or-later
#include "Config.h"

#include <QSettings>

namespace td {

namespace {

struct KeyInfo {
    Config::Key key;
    const char *name;
    QVariant defaultValue;
};

// The one table: a key's name in the file and its default live here and nowhere else.
const KeyInfo &info(Config::Key key)
{
    static const KeyInfo table[] = {
        {Config::Key::SessionsNoticeLeadMinutes, "sessions/noticeLeadMinutes", 5},
        {Config::Key::SandboxBankezyLifetimeSeconds, "sandbox/bankezyLifetimeSeconds", qint64(-1)},
        {Config::Key::SandboxEnosLifetimeSeconds, "sandbox/enosLifetimeSeconds", qint64(-1)},
        {Config::Key::SandboxSecmgmtLifetimeSeconds, "sandbox/secmgmtLifetimeSeconds", qint64(-1)},
        {Config::Key::SandboxSecmgmtRefreshLifetimeSeconds, "sandbox/secmgmtRefreshLifetimeSeconds", qint64(-1)},
        {Config::Key::SandboxRenewWindowSeconds, "sandbox/renewWindowSeconds", qint64(-1)},
        {Config::Key::SandboxEnosSkewSeconds, "sandbox/enosSkewSeconds", qint64(-1)},
        {Config::Key::SandboxKdf, "sandbox/kdf", QString()},
        {Config::Key::SandboxRenewShape, "sandbox/renewShape", QString()},
        {Config::Key::Theme, "view/theme", QStringLiteral("system")},
        {Config::Key::WindowGeometry, "window/geometry", QByteArray()},
        {Config::Key::WindowPage, "window/page", -1},
        {Config::Key::SplitterStates, "window/splitters", QVariantMap()},
        {Config::Key::SandboxHttps, "sandbox/https", false},
        {Config::Key::SandboxTlsCertFile, "sandbox/tlsCertFile", QString()},
        {Config::Key::SandboxTlsKeyFile, "sandbox/tlsKeyFile", QString()},
        {Config::Key::SandboxClientCaFile, "sandbox/clientCaFile", QString()},
        {Config::Key::SandboxMutualTls, "sandbox/mutualTls", false},
    };
    for (const KeyInfo &entry : table) {
        if (entry.key == key)
            return entry;
    }
    Q_UNREACHABLE();
}

} // namespace

Config::Config() = default;

Config::Config(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_settings(std::make_unique<QSettings>(path, QSettings::IniFormat))
{
}

std::unique_ptr<Config> Config::temporary()
{
    return std::unique_ptr<Config>(new Config());
}

Config::~Config() = default;

QString Config::name(Key key)
{
    return QString::fromLatin1(info(key).name);
}

QVariant Config::defaultValue(Key key)
{
    return info(key).defaultValue;
}

QVariant Config::value(Key key) const
{
    const QString keyName = name(key);
    const QVariant fallback = defaultValue(key);
    QVariant stored = m_settings ? m_settings->value(keyName, fallback) : m_memory.value(keyName, fallback);
    // An INI file gives strings back: the value has its default's type, or the default when it
    // cannot have it (a hand-edited "ten" is not 0 minutes).
    if (!stored.convert(fallback.metaType()))
        return fallback;
    return stored;
}

void Config::setValue(Key key, const QVariant &value)
{
    QVariant typed = value;
    if (!typed.convert(defaultValue(key).metaType()) || this->value(key) == typed)
        return;
    if (m_settings) {
        m_settings->setValue(name(key), typed);
        m_settings->sync();
    } else {
        m_memory.insert(name(key), typed);
    }
    Q_EMIT changed(key);
}

void Config::reset(Key key)
{
    const QVariant before = value(key);
    if (m_settings) {
        m_settings->remove(name(key));
        m_settings->sync();
    } else {
        m_memory.remove(name(key));
    }
    if (value(key) != before)
        Q_EMIT changed(key);
}

} // namespace td
