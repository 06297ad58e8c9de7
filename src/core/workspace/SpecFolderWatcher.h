// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

class QFileSystemWatcher;

namespace td {

// Says when the user spec folders change: a file added, removed or rewritten in a folder or in its
// `families` subfolder. Editors save in bursts (temporary file, rename, chmod), so changed()
// comes once, a debounce interval after the last event.
class SpecFolderWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SpecFolderWatcher(QObject *parent = nullptr);
    ~SpecFolderWatcher() override;

    // Watches these folders (those that exist) and their files; call again after a folder is
    // created or changed() was handled, since editors replace files (the old watch goes with them).
    void watch(const QStringList &folders);
    QStringList watched() const;
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }

Q_SIGNALS:
    void changed();

private:
    QFileSystemWatcher *m_watcher;
    QTimer m_debounce;
};

} // namespace td
