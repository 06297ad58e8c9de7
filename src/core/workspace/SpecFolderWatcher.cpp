// SPDX-License-Identifier: GPL-3.0-or-later
#include "SpecFolderWatcher.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>

#include <algorithm>

namespace td {

namespace {

constexpr int kDebounceMs = 300;

// A folder, its families subfolder and their JSON files, for those that exist.
QStringList pathsOf(const QString &folder)
{
    QStringList paths;
    for (const QString &path : {folder, QDir(folder).filePath(QStringLiteral("families"))}) {
        const QDir dir(path);
        if (!dir.exists())
            continue;
        paths.append(dir.absolutePath());
        for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
            paths.append(dir.absoluteFilePath(name));
    }
    return paths;
}

// The nearest folder at or above `folder` that exists; empty when none does (a relative path
// whose every parent is gone).
QString nearestExisting(const QString &folder)
{
    QString path = QDir::cleanPath(QDir(folder).absolutePath());
    while (!QFileInfo(path).isDir()) {
        const QString parent = QFileInfo(path).path(); // QDir::cdUp() refuses a parent that is missing too
        if (parent == path)
            return {};
        path = parent;
    }
    return path;
}

} // namespace

SpecFolderWatcher::SpecFolderWatcher(QObject *parent) : QObject(parent), m_watcher(new QFileSystemWatcher(this))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &SpecFolderWatcher::onDirectoryChanged);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, &SpecFolderWatcher::changed);
}

SpecFolderWatcher::~SpecFolderWatcher() = default;

void SpecFolderWatcher::watch(const QStringList &folders)
{
    const QStringList old = watched();
    if (!old.isEmpty())
        m_watcher->removePaths(old);
    m_folders = folders;
    m_missing.clear();
    m_ancestors.clear();
    QStringList paths;
    for (const QString &folder : folders) {
        if (QDir(folder).exists()) {
            paths.append(pathsOf(folder));
            continue;
        }
        m_missing.append(folder);
        if (const QString parent = nearestExisting(folder); !parent.isEmpty())
            m_ancestors.append(parent);
    }
    m_ancestors.removeDuplicates();
    paths.append(m_ancestors);
    paths.removeDuplicates();
    if (!paths.isEmpty())
        m_watcher->addPaths(paths);
}

// A parent watched for a missing folder changes whenever anything in it does (the config folder
// holds the settings): only the folder's appearance counts, or every settings save would reload
// the specs. A step towards it (`mkdir -p` made part of the path) moves the watch down.
void SpecFolderWatcher::onDirectoryChanged(const QString &path)
{
    if (!m_ancestors.contains(path)) {
        m_debounce.start();
        return;
    }
    const QStringList missing = m_missing;
    watch(m_folders);
    const bool appeared = std::any_of(missing.cbegin(), missing.cend(), [](const QString &folder) { return QDir(folder).exists(); });
    if (appeared)
        m_debounce.start();
}

QStringList SpecFolderWatcher::watched() const
{
    return m_watcher->directories() + m_watcher->files();
}

} // namespace td
