// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/FileLock.h"

#include "core/io/SafeFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace td {

FileLock::FileLock(const QString &dataPath)
    : m_dataPath(dataPath), m_lockPath(lockPathFor(dataPath))
{
}

FileLock::~FileLock()
{
    release();
}

Result<void> FileLock::acquire(int waitMs)
{
    if (isHeld())
        return {};
    if (auto parent = ensureParentFolder(m_lockPath); !parent)
        return parent;
    // O_CLOEXEC: a child process started while the lock is held must not keep it alive.
    const int fd = ::open(QFile::encodeName(m_lockPath).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(ErrorCode::Io, QStringLiteral("Cannot open the lock file %1: %2")
                                            .arg(QDir::toNativeSeparators(m_lockPath), qt_error_string(errno)));
    QElapsedTimer waited;
    waited.start();
    unsigned long pauseMs = 1;
    for (;;) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            m_fd = fd;
            return {};
        }
        const int error = errno;
        if (error != EWOULDBLOCK && error != EINTR) {
            ::close(fd);
            return makeError(ErrorCode::Io, QStringLiteral("Cannot lock %1: %2")
                                                .arg(QDir::toNativeSeparators(m_lockPath), qt_error_string(error)));
        }
        if (waited.elapsed() >= waitMs)
            break;
        // Short pauses first (a save takes milliseconds), growing so a long wait does not spin.
        QThread::msleep(pauseMs);
        pauseMs = qMin<unsigned long>(pauseMs * 2, 50);
    }
    ::close(fd);
    return makeError(ErrorCode::Io,
                     QStringLiteral("Another TokenDesk process has been writing %1 for more than %2 s (it holds the lock "
                                    "file %3); nothing was read or written. Try again when it has finished.")
                         .arg(QDir::toNativeSeparators(m_dataPath))
                         .arg(double(waitMs) / 1000.0)
                         .arg(QDir::toNativeSeparators(m_lockPath)));
}

void FileLock::release()
{
    if (m_fd < 0)
        return;
    // Closing the only descriptor of this open file description drops the lock.
    ::close(m_fd);
    m_fd = -1;
}

} // namespace td
