// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QVariant>

#include <memory>

class QSettings;

namespace td {

// The app's settings: one table of keys (name in the file, default), one INI file, and changed()
// when a value really changes. Nothing secret is ever kept here (secrets live in the vault).
// Passed to what needs it; never a global.
class Config : public QObject
{
    Q_OBJECT
public:
    enum class Key {
        SessionsNoticeLeadMinutes, // how long before expiry a session without auto-renew is announced
        // The embedded sandbox (SandboxSettings): seconds, or a name; -1 / empty = the sandbox's
        // own default, so that default has one home (SandboxConfig).
        SandboxBankezyLifetimeSeconds,
        SandboxEnosLifetimeSeconds,
        SandboxSecmgmtLifetimeSeconds,
        SandboxSecmgmtRefreshLifetimeSeconds,
        SandboxRenewWindowSeconds,
        SandboxEnosSkewSeconds,
        SandboxKdf,
        SandboxRenewShape,
        Theme,                     // "system", "light" or "dark"
        WindowGeometry,            // QMainWindow::saveGeometry()
        WindowPage,                // the page shown last (index in the navigation), -1: none kept
        SplitterStates,            // splitter path (object names) → QSplitter::saveState()
        SandboxHttps,              // the embedded sandbox serves HTTPS (own CA unless a certificate file is set)
        SandboxTlsCertFile,        // its server certificate file; empty: the sandbox's own CA issues one
        SandboxTlsKeyFile,         // that certificate's key file when it is not in the same file
        SandboxClientCaFile,       // client certificates signed by this CA file are required; empty: none
        SandboxMutualTls,          // with its own CA: client certificates signed by that CA are required
    };

    // Kept in the INI file at path (AppPaths::settingsFile() in the app).
    explicit Config(const QString &path, QObject *parent = nullptr);
    // Kept in memory only: for tests, and for a front end that must not write settings.
    static std::unique_ptr<Config> temporary();
    ~Config() override;

    static QString name(Key key);
    static QVariant defaultValue(Key key);

    QVariant value(Key key) const;
    int intValue(Key key) const { return value(key).toInt(); }
    // Writes at once; changed() only when the value differs from what was there.
    void setValue(Key key, const QVariant &value);
    // The value goes; the default applies again.
    void reset(Key key);
    QString path() const { return m_path; }

Q_SIGNALS:
    void changed(td::Config::Key key);

private:
    Config();

    QString m_path;
    std::unique_ptr<QSettings> m_settings; // null for a temporary instance
    QVariantMap m_memory;                  // the temporary instance's values
};

} // namespace td
