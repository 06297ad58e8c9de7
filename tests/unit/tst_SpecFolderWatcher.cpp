// SPDX-License-Identifier: GPL-3.0-or-later
// SpecFolderWatcher over real folders: a spec folder that does not exist yet is picked up when it
// is created (also by `mkdir -p`, one level at a time), while other changes in its parent are not
// taken for spec changes. Waits on the signals, never on time.
#include "core/workspace/SpecFolderWatcher.h"
#include "core/workspace/Workspace.h"
#include "core/api/EndpointCatalog.h"

#include <QDir>
#include <QFile>
#include <QFileSystemWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class tst_SpecFolderWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingFolder_pickedUpWhenCreated()
    {
        QTemporaryDir root;
        const QString folder = root.filePath(QStringLiteral("a/b/apis"));
        SpecFolderWatcher watcher;
        watcher.setDebounceMs(10);
        watcher.watch({folder});
        QCOMPARE(watcher.watched(), QStringList{QDir(root.path()).absolutePath()});
        auto *inner = watcher.findChild<QFileSystemWatcher *>();
        QVERIFY(inner);
        QSignalSpy seen(inner, &QFileSystemWatcher::directoryChanged);
        QSignalSpy changed(&watcher, &SpecFolderWatcher::changed);

        // The parent holds other things (the config folder holds the settings): not a spec change.
        QVERIFY(writeFile(root.filePath(QStringLiteral("settings.ini")), "x=1\n"));
        QVERIFY(seen.wait(5000));
        QVERIFY(!watcher.pending());
        QCOMPARE(changed.count(), 0);

        // One step of the path: the watch moves down to it, still no spec change.
        seen.clear();
        QVERIFY(QDir().mkdir(root.filePath(QStringLiteral("a"))));
        QVERIFY(seen.wait(5000));
        QVERIFY(!watcher.pending());
        QCOMPARE(watcher.watched(), QStringList{QDir(root.filePath(QStringLiteral("a"))).absolutePath()});

        // The rest at once: the folder is there, changed() comes and the folder itself is watched.
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.count(), 1);
        QVERIFY(watcher.watched().contains(QDir(folder).absolutePath()));

        // From now on it is a watched folder like any other: a spec file in it is a change.
        watcher.watch({folder});
        changed.clear();
        QVERIFY(writeFile(QDir(folder).filePath(QStringLiteral("acme.json")), "{}"));
        QVERIFY(changed.wait(5000));
    }

    // The GUI's reload (Workspace::watchSpecFolders): a TOKENDESK_SPECS_PATH folder made after
    // the start, with a family in it, is read, and its family's specs join the catalog.
    void workspace_readsAFolderMadeLater()
    {
        QTemporaryDir root;
        const QString folder = root.filePath(QStringLiteral("later/apis"));
        Workspace::Options options;
        options.environmentsFile = root.filePath(QStringLiteral("environments.json"));
        options.historyFile = root.filePath(QStringLiteral("history.jsonl"));
        options.vaultFile = root.filePath(QStringLiteral("vault.tdvault"));
        options.specFolders = {folder};
        Workspace workspace(options);
        workspace.watchSpecFolders(0);
        QVERIFY(!workspace.catalog().find(u"globex.sign-in"));
        QSignalSpy changed(&workspace, &Workspace::specsChanged);

        // Made beside it and renamed into place, as a person moves a folder in: one event.
        const QString staging = root.filePath(QStringLiteral("staging"));
        QVERIFY(QDir().mkpath(staging + QStringLiteral("/families")));
        const QString globex = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex/");
        for (const char *name : {"globex.sign-in.json", "globex.refresh.json", "families/globex.json"})
            QVERIFY(QFile::copy(globex + QLatin1String(name), QDir(staging).filePath(QLatin1String(name))));
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("later"))));
        QVERIFY(QDir().rename(staging, folder));
        // The parent's event moves the watch down and the next one finds the folder: a reload or two.
        while (!workspace.catalog().find(u"globex.sign-in") && changed.wait(5000)) {
        }
        QVERIFY(workspace.catalog().find(u"globex.sign-in"));
        QVERIFY(workspace.catalog().renewStep(u"globex"));
    }
};

QTEST_GUILESS_MAIN(tst_SpecFolderWatcher)
#include "tst_SpecFolderWatcher.moc"
