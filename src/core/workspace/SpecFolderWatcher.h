// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

class QFileSystemWatcher;

namespace td {

// Says when the user spec folders change: a file added, removed or rewritten in a folder or in its
// `families` subfolder, or a folder that did not exist being created (TOKENDESK_SPECS_PATH may
// name one made later; <config>/apis is made by "Open specs folder" or by hand). Editors save in
// bursts (temporary file, rename, chmod), so changed() comes once, a debounce interval after the
// last event.
class SpecFolderWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SpecFolderWatcher(QObject *parent = nullptr);
    ~SpecFolderWatcher() override;

    // Watches these folders (those that exist) and their files, and for a folder that does not
    // exist its nearest existing parent; call again after changed() was handled, since editors
    // replace files (the old watch goes with them).
    void watch(const QStringList &folders);
    QStringList watched() const;
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }
    // A change seen and waiting out the debounce interval (changed() follows).
    bool pending() const { return m_debounce.isActive(); }

Q_SIGNALS:
    void changed();

private:
    void onDirectoryChanged(const QString &path);

    QFileSystemWatcher *m_watcher;
    QTimer m_debounce;
    QStringList m_folders;
    QStringList m_missing;   // the folders of m_folders that did not exist at the last watch()
    QStringList m_ancestors; // the nearest existing parents of m_missing, watched for them
};

} // namespace td
