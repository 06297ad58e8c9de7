// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionPersistence.h"

#include "core/crypto/Digest.h"
#include "core/io/FileLock.h"
#include "core/io/SafeFile.h"
#include "core/session/SessionFile.h"
#include "core/session/SessionJson.h"
#include "core/session/SessionStore.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLockFile>
#include <QSysInfo>

#include <cerrno>
#include <optional>
#include <csignal>
#include <sys/stat.h>

namespace td {

namespace {

size_t fingerprint(const Session &session)
{
    return qHash(QJsonDocument(SessionJson::toStored(session)).toJson(QJsonDocument::Compact));
}

SessionPersistence::FileStamp stampOf(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return {};
    return {qint64(info.st_ino), qint64(info.st_size), qint64(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
}

// The digest of the file's bytes, empty when there is no file. Compared under the lock: the stamp
// alone can miss a write when the kernel reuses a freed inode within one timestamp tick.
QByteArray digestOf(const std::optional<QByteArray> &bytes)
{
    return bytes ? sha256(*bytes) : QByteArray();
}

} // namespace

SessionPersistence::SessionPersistence(SessionStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_autoSave.setSingleShot(true);
    connect(&m_autoSave, &QTimer::timeout, this, [this] {
        QElapsedTimer took;
        took.start();
        if (auto saved = save(); !saved)
            Q_EMIT saveFailed(saved.error().toString());
        // Thousands of sessions take a noticeable part of a second to seal: wait at least ten
        // times as long as a save takes, so saving never holds the thread more than a tenth of
        // the time (100 sessions: every second; 10,000: every ~5 s).
        m_autoSave.setInterval(int(qMax<qint64>(m_autoSaveDelayMs, took.elapsed() * 10)));
    });
    connect(&m_store, &SessionStore::sessionAdded, this, &SessionPersistence::markDirty);
    connect(&m_store, &SessionStore::sessionChanged, this, &SessionPersistence::markDirty);
    connect(&m_store, &SessionStore::sessionRemoved, this, [this](const QUuid &id) {
        if (m_applying)
            return;
        m_dirty.remove(id);
        m_removed.insert(id);
        markDirty({});
    });
}

SessionPersistence::~SessionPersistence() = default;

void SessionPersistence::markDirty(const QUuid &id)
{
    if (m_applying)
        return;
    if (!id.isNull())
        m_dirty.insert(id);
    if (isAttached() && m_autoSave.interval() > 0 && !m_autoSave.isActive())
        m_autoSave.start();
}

void SessionPersistence::setAutoSave(int delayMs)
{
    m_autoSaveDelayMs = qMax(0, delayMs);
    m_autoSave.setInterval(m_autoSaveDelayMs);
    if (delayMs <= 0)
        m_autoSave.stop();
    else if (isAttached() && hasUnsavedChanges())
        m_autoSave.start();
}

qint64 SessionPersistence::watcherPid(const QString &path)
{
    const QLockFile lock(watcherLockPath(path));
    qint64 pid = 0;
    QString host, application;
    if (!lock.getLockInfo(&pid, &host, &application) || pid <= 0)
        return 0;
    if (host != QSysInfo::machineHostName())
        return 0;
    // Alive (or alive under another user: EPERM) means the lock is held.
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM ? pid : 0;
}

void SessionPersistence::restore(Session &session, qint64 nowMs)
{
    if (session.state == SessionState::Renewing)
        session.state = SessionState::Fresh; // its process stopped mid-call: look at it again
    const bool live = session.state == SessionState::Fresh || session.state == SessionState::Expiring
        || session.state == SessionState::RenewFailed;
    if (live && session.expiresAtMs > 0 && session.expiresAtMs <= nowMs) {
        session.state = SessionState::Expired;
        session.failedAttempts = 0;
        session.nextRetryAtMs = 0;
    }
}

Result<int> SessionPersistence::attach(const QString &path, const SecureBytes &key)
{
    detach();
    m_path = path;
    m_key = key;
    m_notice.clear();
    for (const QUuid &id : m_store.ids())
        m_dirty.insert(id); // issued before there was a file to keep them in
    FileLock lock(path);
    if (auto locked = lock.acquire(kLockWaitMs); !locked) {
        detach();
        return locked.error();
    }
    auto disk = readLocked();
    if (!disk) {
        detach();
        return disk.error();
    }
    const int restored = merge(disk.value());
    if (hasUnsavedChanges() && m_autoSave.interval() > 0)
        m_autoSave.start();
    return restored;
}

void SessionPersistence::detach()
{
    m_path.clear();
    m_key.clear();
    m_dirty.clear();
    m_removed.clear();
    m_autoSave.stop();
    m_fileStamp = {};
    m_fileDigest.clear();
}

Result<QList<Session>> SessionPersistence::readLocked()
{
    auto bytes = SessionFile::readRaw(m_path);
    Result<QList<Session>> sessions = QList<Session>();
    if (!bytes)
        sessions = bytes.error(); // far too large is unreadable as well: moved aside below
    else if (bytes.value())
        sessions = SessionFile::open(*bytes.value(), m_key, m_path);
    if (sessions) {
        rememberFile(digestOf(bytes.value()));
        return sessions;
    }
    if (sessions.error().code != ErrorCode::SessionsUnreadable)
        return sessions;
    // Unreadable: keep it for the engineer (or a later TokenDesk) and start a new file.
    const QString aside = m_path + QStringLiteral(".unreadable-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    if (!QFile::rename(m_path, aside))
        return makeError(ErrorCode::Io, sessions.error().message + QStringLiteral(" It could not be moved aside to %1 either.")
                                                                       .arg(QDir::toNativeSeparators(aside)));
    m_notice = sessions.error().message + QStringLiteral(" It was kept as %1; a new sessions file starts empty.")
                                              .arg(QDir::toNativeSeparators(aside));
    rememberFile({});
    return QList<Session>();
}

Result<void> SessionPersistence::writeLocked(const QList<Session> &sessions)
{
    auto sealed = SessionFile::seal(m_key, sessions);
    if (!sealed)
        return sealed.error();
    auto written = writeFileAtomically(m_path, sealed.value());
    if (written)
        rememberFile(sha256(sealed.value()));
    return written;
}

int SessionPersistence::merge(const QList<Session> &disk)
{
    m_applying = true;
    int count = 0;
    QSet<QUuid> onDisk;
    const qint64 nowMs = m_store.now();
    for (Session session : disk) {
        onDisk.insert(session.id);
        if (m_removed.contains(session.id) || m_dirty.contains(session.id))
            continue; // changed here: ours is written over it
        const Session *mine = m_store.find(session.id);
        if (!mine) {
            restore(session, nowMs);
            if (m_adopt)
                m_adopt(session);
            m_store.add(std::move(session));
            ++count;
        } else if (mine->state != SessionState::Closed && fingerprint(*mine) != fingerprint(session)) {
            m_store.update(session);
            ++count;
        }
    }
    for (const QUuid &id : m_store.ids()) {
        const Session *mine = m_store.find(id);
        // Saved before (it is not dirty) and gone from the file: another process closed it.
        if (!onDisk.contains(id) && !m_dirty.contains(id) && mine->state != SessionState::Closed) {
            m_store.remove(id);
            ++count;
        }
    }
    m_applying = false;
    return count;
}

QList<Session> SessionPersistence::mergedForWrite(const QList<Session> &disk) const
{
    QList<Session> merged;
    merged.reserve(disk.size() + m_dirty.size());
    QSet<QUuid> written;
    for (const Session &session : disk) {
        if (m_removed.contains(session.id))
            continue;
        const Session *mine = m_dirty.contains(session.id) ? m_store.find(session.id) : nullptr;
        const Session &chosen = mine ? *mine : session;
        if (chosen.state != SessionState::Closed)
            merged.append(chosen);
        written.insert(session.id);
    }
    for (int row = 0; row < m_store.size(); ++row) {
        const Session &mine = m_store.at(row);
        if (m_dirty.contains(mine.id) && !written.contains(mine.id) && mine.state != SessionState::Closed)
            merged.append(mine);
    }
    return merged;
}

Result<void> SessionPersistence::save()
{
    if (!isAttached())
        return makeError(ErrorCode::NotFound, QStringLiteral("Sessions are not being kept: no vault is open."));
    m_autoSave.stop();
    if (!hasUnsavedChanges())
        return {};
    // Held from re-reading the file to renaming the new one: no other writer slips in between.
    FileLock lock(m_path);
    if (auto locked = lock.acquire(kLockWaitMs); !locked)
        return locked.error();
    auto changed = changedSinceRemembered();
    if (!changed)
        return changed.error();
    QList<Session> merged;
    if (changed.value()) {
        // Take what other processes wrote before writing over it.
        auto disk = readLocked();
        if (!disk)
            return disk.error();
        merge(disk.value());
        merged = mergedForWrite(disk.value());
    } else {
        // The file is what this process last read or wrote: the store holds all of it.
        for (int row = 0; row < m_store.size(); ++row)
            if (m_store.at(row).state != SessionState::Closed)
                merged.append(m_store.at(row));
    }
    if (auto written = writeLocked(merged); !written)
        return written.error();
    m_dirty.clear();
    m_removed.clear();
    return {};
}

Result<int> SessionPersistence::reload()
{
    if (!isAttached())
        return makeError(ErrorCode::NotFound, QStringLiteral("Sessions are not being kept: no vault is open."));
    if (stampOf(m_path) == m_fileStamp)
        return 0; // the cheap look, for a caller that polls; save() compares the content
    FileLock lock(m_path);
    if (auto locked = lock.acquire(kLockWaitMs); !locked)
        return locked.error();
    auto changed = changedSinceRemembered();
    if (!changed)
        return changed.error();
    if (!changed.value())
        return 0;
    auto disk = readLocked();
    if (!disk)
        return disk.error();
    return merge(disk.value());
}

// Under the lock: whether the file's content differs from what this process last read or wrote.
Result<bool> SessionPersistence::changedSinceRemembered() const
{
    auto bytes = SessionFile::readRaw(m_path);
    if (!bytes)
        return bytes.error();
    return digestOf(bytes.value()) != m_fileDigest;
}

void SessionPersistence::rememberFile(const QByteArray &digest)
{
    m_fileStamp = stampOf(m_path);
    m_fileDigest = digest;
}

} // namespace td
