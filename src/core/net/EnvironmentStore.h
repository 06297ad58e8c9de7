// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/Environment.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace td {

// The user's environments, kept in one JSON file (environments.json), plus the built-in Sandbox
// that the app adds at run time: always first, read-only, never written. Names are unique,
// case-insensitively. Every change is saved at once; a change that cannot be saved is undone and
// its error returned. Secret values stay in memory only (Environment::toJson(false)).
class EnvironmentStore : public QObject
{
    Q_OBJECT
public:
    explicit EnvironmentStore(const QString &filePath, QObject *parent = nullptr);

    QString filePath() const { return m_filePath; }

    // Reads the file (a missing file is an empty list). A file that does not parse gives
    // ConfigInvalid, is left untouched, and blocks save() until reset().
    [[nodiscard]] Result<void> load();
    [[nodiscard]] Result<void> save() const;
    // After a failed load: moves the unreadable file aside (".corrupt" suffix, so nothing the user
    // wrote is lost) and starts from an empty list.
    [[nodiscard]] Result<void> reset();
    bool isBlocked() const { return m_blocked; }

    // The built-in Sandbox and, while the sandbox serves HTTPS, "Sandbox (TLS)" (none: removed).
    void setSandbox(const Environment &sandbox, const std::optional<Environment> &sandboxTls = std::nullopt);

    // Sandbox and Sandbox (TLS) first (when set), then the user's environments in file order.
    QList<Environment> environments() const;
    const Environment *find(const QString &name) const; // case-insensitive; nullptr when absent

    [[nodiscard]] Result<void> add(const Environment &environment);
    [[nodiscard]] Result<void> update(const QString &name, const Environment &environment); // may rename
    [[nodiscard]] Result<void> remove(const QString &name);
    [[nodiscard]] Result<void> rename(const QString &oldName, const QString &newName);

Q_SIGNALS:
    void aboutToChange();
    void changed();

private:
    qsizetype indexOf(const QString &name) const;
    Result<void> checkName(const QString &name, qsizetype ignoreIndex) const;
    Result<void> checkEditable(const QString &name, qsizetype *index) const;
    Result<void> write(const QList<Environment> &environments) const;
    Result<void> commit(QList<Environment> next);

    QString m_filePath;
    std::optional<Environment> m_sandbox;
    std::optional<Environment> m_sandboxTls;
    QList<Environment> m_environments; // the user's; never contains the sandbox
    bool m_blocked = false;
};

} // namespace td
