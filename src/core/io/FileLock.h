// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace td {

// An exclusive lock between TokenDesk processes over one data file (the vault, the sessions
// file), so each read-modify-write of it runs alone: taken before the file is re-read, held until
// the new file has been renamed into place, released by the destructor.
//
// It is an advisory flock(2) on the sibling "<file>.lock", never on the data file itself: QSaveFile
// renames a new inode over the data file, and a lock on the old inode would protect nothing.
// flock rather than QLockFile: the kernel drops a flock when its descriptor closes, including when
// the process is killed mid-save, so there is no stale lock to judge. QLockFile judges staleness
// from a pid and an age written in the file, which breaks a live writer's lock after a pid is
// reused or the age passes, and makes the next writer wait out a crashed one. The lock file is
// left in place (empty, 0600): deleting it would let a waiter lock the unlinked inode while a
// newcomer locks a fresh one, and both would write.
class FileLock
{
public:
    // How long acquire() waits for another process by default: a save takes milliseconds, a slow
    // disk a second at most.
    static constexpr int kDefaultWaitMs = 5000;

    explicit FileLock(const QString &dataPath);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    // Polls a non-blocking lock until it is free or `waitMs` passed. Io naming the lock file when
    // another process holds it that long, or when the lock file cannot be opened.
    [[nodiscard]] Result<void> acquire(int waitMs = kDefaultWaitMs);
    void release();
    bool isHeld() const { return m_fd >= 0; }
    QString lockPath() const { return m_lockPath; }

    static QString lockPathFor(const QString &dataPath) { return dataPath + QStringLiteral(".lock"); }

private:
    QString m_dataPath;
    QString m_lockPath;
    int m_fd = -1;
};

} // namespace td
