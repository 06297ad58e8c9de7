// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/sandbox/SandboxKeys.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace td {

// What a kept sandbox remembers between runs, in one file <folder>/sandbox.json (0600, written
// with SafeFile): its keys, the port it listened on (tried first next time) and what its services
// issued (tokens with what a renew needs; expired ones dropped, each list capped like its store).
//
// Two processes may keep the same state at once (the app's sandbox and a `tokendesk-cli --env
// Sandbox` run, each with its own server on its own port): every save is a read-merge-write
// under the FileLock of the file, merging by token id, so neither loses what the other issued.
// The keys are made once, by whichever process comes first, under the same lock.
class SandboxState
{
public:
    struct Loaded {
        SandboxKeys keys;
        quint16 port = 0;      // 0 = none remembered
        QJsonObject services;  // {"bankezy":{…},"enos":{…},"secmgmt":{…}}, for the services' importState
    };

    SandboxState(QString folder, std::function<qint64()> clock);

    QString filePath() const;
    // Reads the state under the lock, making (and writing) the keys when there are none yet. A
    // file that cannot be read as a state is set aside as sandbox.json.corrupt, warning() says
    // so, and the sandbox starts fresh.
    [[nodiscard]] Result<Loaded> open();
    // Merges `services` into what the file holds now and writes it; returns the merged services
    // (what the other process issued included). `services` may list ids under "removed" (used
    // single-use tokens): they leave the file.
    [[nodiscard]] Result<QJsonObject> save(const QJsonObject &services, quint16 port);
    QString warning() const { return m_warning; }

    // The merge rule, by JSON shape: lists of {"id",…,"dropAt"} merge by id (mine wins, "renewed"
    // and such flags are or-ed), drop entries past dropAt and keep the `cap` latest; lists of
    // strings are a union; maps of {"expiry"} keep the later; numbers keep the larger.
    static QJsonObject merge(const QJsonObject &kept, const QJsonObject &mine, qint64 nowMs, qsizetype cap);

    static constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;

private:
    Result<QJsonObject> readFile(); // {} when there is no file; sets aside a corrupt one
    Result<void> writeFile(const QJsonObject &services, quint16 port);

    QString m_folder;
    std::function<qint64()> m_clock;
    QJsonObject m_keysJson;
    QString m_warning;
};

} // namespace td
