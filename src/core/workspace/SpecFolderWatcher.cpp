// SPDX-License-Identifier: GPL-3.0-or-later
#include "SpecFolderWatcher.h"

#include <QDir>
#include <QFileSystemWatcher>

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

} // namespace

SpecFolderWatcher::SpecFolderWatcher(QObject *parent) : QObject(parent), m_watcher(new QFileSystemWatcher(this))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::fileChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, &SpecFolderWatcher::changed);
}

SpecFolderWatcher::~SpecFolderWatcher() = default;

void SpecFolderWatcher::watch(const QStringList &folders)
{
    const QStringList old = watched();
    if (!old.isEmpty())
        m_watcher->removePaths(old);
    QStringList paths;
    for (const QString &folder : folders)
        paths.append(pathsOf(folder));
    paths.removeDuplicates();
    if (!paths.isEmpty())
        m_watcher->addPaths(paths);
}

QStringList SpecFolderWatcher::watched() const
{
    return m_watcher->directories() + m_watcher->files();
}

} // namespace td
