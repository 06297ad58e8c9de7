// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"
#include "core/session/Session.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUuid>

#include <functional>

namespace td {

class SessionStore;

// Keeps a SessionStore in a sessions file (SessionFile) so sessions survive a restart, and shares
// that file with other TokenDesk processes on the same vault (the app, `tokendesk-cli call`,
// `sessions watch`): every save and reload holds the file's FileLock from re-reading to renaming
// and merges, so no process drops another's sessions. In a merge the sessions changed here win; for the others the file wins
// (another process renewed, added or closed them). Closed sessions leave the file.
//
// A session first seen in the file is restored, not resumed blindly: one that expired meanwhile
// becomes Expired (never renewed without the engineer), and one that was Renewing when its
// process stopped goes back to Fresh so the scheduler looks at it again.
class SessionPersistence : public QObject
{
    Q_OBJECT
public:
    explicit SessionPersistence(SessionStore &store, QObject *parent = nullptr);
    ~SessionPersistence() override;

    // Reads the file and merges it into the store; from then on every change in the store counts
    // for the next save. Sessions already in the store are saved with the next save. Returns how
    // many sessions came from the file. A file that cannot be read (damaged, or sealed under
    // another vault's key) is moved aside, never overwritten: notice() says where.
    [[nodiscard]] Result<int> attach(const QString &path, const SecureBytes &key);
    void detach();
    bool isAttached() const { return !m_path.isEmpty(); }
    QString path() const { return m_path; }
    // What the last attach() had to do about the file, for the engineer ("" when nothing).
    QString notice() const { return m_notice; }

    // Saves by itself `delayMs` after the first unsaved change (0, the default: only save()); at
    // least ten times the last automatic save's duration when that is longer.
    void setAutoSave(int delayMs);
    bool hasUnsavedChanges() const { return !m_dirty.isEmpty() || !m_removed.isEmpty(); }
    // Lock, read, merge, write. Nothing to do (and no write) when nothing changed here.
    [[nodiscard]] Result<void> save();
    // Takes the file's changes when another process wrote it since the last read or write here;
    // returns how many sessions it added, changed or removed in the store.
    [[nodiscard]] Result<int> reload();

    // `<file>.watch.lock`: held by `tokendesk-cli sessions watch --auto-renew` while it renews
    // the sessions of that file.
    static QString watcherLockPath(const QString &path) { return path + QStringLiteral(".watch.lock"); }
    // The pid of a live process holding that lock on this machine, else 0. Reads the lock without
    // taking it, so a watcher starting meanwhile is never refused because of the look.
    static qint64 watcherPid(const QString &path);

    // Applied to every session first seen in the file, after the restore rules.
    void setAdopt(std::function<void(Session &)> adopt) { m_adopt = std::move(adopt); }
    // The restore rules alone (for tests and the documentation of the behaviour).
    static void restore(Session &session, qint64 nowMs);

    // How long save() and reload() wait for another process's lock before giving up.
    static constexpr int kLockWaitMs = 5000;

    // Inode, size and modification time: an atomic save always makes a new inode, so a write by
    // another process is seen even within the same millisecond. All -1: no file.
    struct FileStamp {
        qint64 inode = -1;
        qint64 size = -1;
        qint64 modifiedNs = -1;
        bool operator==(const FileStamp &other) const
        {
            return inode == other.inode && size == other.size && modifiedNs == other.modifiedNs;
        }
    };

Q_SIGNALS:
    // An automatic save failed; the changes stay in memory and are saved with the next one.
    void saveFailed(const QString &message);

private:
    Result<QList<Session>> readLocked();
    Result<void> writeLocked(const QList<Session> &sessions);
    int merge(const QList<Session> &disk);
    QList<Session> mergedForWrite(const QList<Session> &disk) const;
    void markDirty(const QUuid &id);
    Result<bool> changedSinceRemembered() const;
    void rememberFile(const QByteArray &digest);

    SessionStore &m_store;
    QString m_path;
    SecureBytes m_key;
    QString m_notice;
    QSet<QUuid> m_dirty;
    QSet<QUuid> m_removed;
    bool m_applying = false; // changes made by a merge are the file's, not ours
    QTimer m_autoSave;
    int m_autoSaveDelayMs = 0;
    std::function<void(Session &)> m_adopt;
    // What the file looked like after our last read or write: the stamp to notice other writers
    // cheaply (reload), the content's digest to be sure under the lock (save).
    FileStamp m_fileStamp;
    QByteArray m_fileDigest;
};

} // namespace td
