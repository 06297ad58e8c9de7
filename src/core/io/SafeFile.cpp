// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/SafeFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>

namespace td {

namespace {

constexpr QFileDevice::Permissions kOwnerFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerDir =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

Error ioError(const QString &what, const QString &path, const QString &reason)
{
    return makeError(ErrorCode::Io, QStringLiteral("%1 %2: %3").arg(what, QDir::toNativeSeparators(path), reason));
}

} // namespace

Result<void> ensureParentFolder(const QString &path)
{
    const QString parent = QFileInfo(path).absolutePath();
    QStringList missing;
    QString dir = parent;
    while (!QFileInfo::exists(dir)) {
        missing.prepend(dir);
        const QString up = QFileInfo(dir).absolutePath();
        if (up == dir)
            break;
        dir = up;
    }
    if (!missing.isEmpty() && !QFileInfo(dir).isDir())
        return ioError(QStringLiteral("Cannot create the folder for"), path,
                       QStringLiteral("%1 is not a folder").arg(QDir::toNativeSeparators(dir)));
    for (const QString &create : std::as_const(missing)) {
        if (!QDir().mkdir(create))
            return ioError(QStringLiteral("Cannot create the folder"), create, qt_error_string(errno));
        QFile::setPermissions(create, kOwnerDir);
    }
    if (!QFileInfo(parent).isDir())
        return ioError(QStringLiteral("Cannot write"), path,
                       QStringLiteral("%1 is not a folder").arg(QDir::toNativeSeparators(parent)));
    return {};
}

Result<void> writeFileAtomically(const QString &path, QByteArrayView data)
{
    if (auto parent = ensureParentFolder(path); !parent)
        return parent;

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("Cannot open"), path, file.errorString());
    // Before the first byte, so the data is never readable by others, not even briefly.
    if (!file.setPermissions(kOwnerFile)) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return ioError(QStringLiteral("Cannot restrict the permissions of"), path, reason);
    }
    const qint64 written = file.write(data.data(), data.size());
    if (written != data.size()) {
        const QString reason = written < 0
            ? file.errorString()
            : QStringLiteral("wrote %1 of %2 bytes").arg(written).arg(data.size());
        file.cancelWriting();
        return ioError(QStringLiteral("Cannot write"), path, reason);
    }
    if (!file.commit())
        return ioError(QStringLiteral("Cannot save"), path, file.errorString());
    return {};
}

Result<void> appendToFile(const QString &path, QByteArrayView data)
{
    if (auto parent = ensureParentFolder(path); !parent)
        return parent;

    QFile file(path);
    // The permissions argument applies only when the file is created: 0600 from the start.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append, kOwnerFile))
        return ioError(QStringLiteral("Cannot open"), path, file.errorString());
    const qint64 written = file.write(data.data(), data.size());
    if (written != data.size()) {
        const QString reason = written < 0
            ? file.errorString()
            : QStringLiteral("wrote %1 of %2 bytes").arg(written).arg(data.size());
        return ioError(QStringLiteral("Cannot append to"), path, reason);
    }
    if (!file.flush())
        return ioError(QStringLiteral("Cannot append to"), path, file.errorString());
    return {};
}

} // namespace td
