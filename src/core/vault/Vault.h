// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"
#include "core/vault/VaultEntry.h"
#include "core/vault/VaultFormat.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <memory>

namespace td {

// The encrypted store of keys and pre-shared credentials: one file, sealed as a whole
// (VaultFormat). Saving is atomic (QSaveFile, 0600 from the start) and keeps the previous file as
// "<file>.bak". Several processes may share the file (the app, `tokendesk-cli vault add` in two
// terminals): each save holds a FileLock from re-reading the file to renaming the new one, and
// when another process saved meanwhile, this one's changes since its last load or save (adds,
// updates, removes, uses) are applied on top of the file's entries; a true conflict fails and
// writes nothing. Locks on demand and after an idle time: locking drops the entries and the key
// material from memory; unlock() reads the file again.
class Vault : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIdleLockMs = 10 * 60 * 1000;

    // Io when the file exists already (nothing is overwritten); the new vault is saved at once.
    static Result<std::unique_ptr<Vault>> create(const QString &path, const SecureBytes &passphrase,
                                                 const ScryptParams &params = {});
    // WrongPassphrase, NotAVault, UnsupportedVersion, VaultTruncated, VaultDamaged, Io: the file is
    // never modified by a failed open.
    static Result<std::unique_ptr<Vault>> open(const QString &path, const SecureBytes &passphrase);
    ~Vault() override;

    QString path() const { return m_path; }
    bool isLocked() const { return m_locked; }
    void lock();
    [[nodiscard]] Result<void> unlock(const SecureBytes &passphrase);
    // 0 disables the idle lock. Every access through the methods below counts as activity. The
    // value is a setting of this vault, kept (encrypted) in its file from the next save.
    void setIdleLockMs(int ms);
    int idleLockMs() const { return m_idleLockMs; }

    // All entries (empty while locked), in name order.
    QList<VaultEntry> entries() const;
    std::optional<VaultEntry> find(const QString &name) const; // case-insensitive
    [[nodiscard]] Result<void> add(const VaultEntry &entry);                          // NameTaken
    [[nodiscard]] Result<void> update(const QString &name, const VaultEntry &entry);  // may rename
    [[nodiscard]] Result<VaultEntry> remove(const QString &name);                     // the removed entry, for undo
    void markUsed(const QString &name);                                               // lastUsed = now (saved on the next save)

    // Writes the file now, merged with what other processes saved meanwhile (their entries stay,
    // ours are applied on top; the vault then shows both). VaultChangedOnDisk, with nothing
    // written, when the merge is not possible: the file was removed or cannot be opened with this
    // passphrase any more, an entry changed here was also changed or removed there, or an entry
    // added or renamed here takes a name another process gave a different entry. Io when another
    // process holds the lock longer than FileLock::kDefaultWaitMs.
    [[nodiscard]] Result<void> save();
    [[nodiscard]] Result<void> changePassphrase(const SecureBytes &current, const SecureBytes &next);
    ScryptParams params() const { return m_params; }
    // The key that seals this vault's sessions file ("<file>.sessions", see SessionFile): tokens
    // are secrets, so they are kept only where this vault's passphrase opens them. Made on first
    // use and saved in the vault at once. VaultLocked while locked; the save's error otherwise.
    static constexpr std::size_t kSessionsKeyBytes = 32;
    [[nodiscard]] Result<SecureBytes> sessionsKey();
    QString sessionsPath() const;
    // "<file>.bak": the file as it was before the last save.
    QString backupPath() const;
    // True after add/update/remove/markUsed until the next save. lock() saves such changes first
    // (best effort) so an idle lock does not drop them.
    bool hasUnsavedChanges() const { return m_dirty; }

Q_SIGNALS:
    void aboutToChange();
    void changed();
    void lockedChanged(bool locked);

private:
    Vault(QString path, SecureBytes passphrase, ScryptParams params);
    Result<void> load(QByteArrayView file);
    void touch() const; // restarts the idle timer: reading counts as activity too
    // save() with the passphrase the file on disk is sealed with (changePassphrase: the old one).
    Result<void> saveOver(const SecureBytes &diskPassphrase);
    Result<void> mergeFromDisk(QByteArrayView file, const SecureBytes &diskPassphrase);
    void rebase(); // the entries now match the file: they become the base of the next merge
    void noteChanged(const VaultEntry &entry);
    void noteRemoved(const VaultEntry &entry);

    QString m_path;
    SecureBytes m_passphrase;           // kept while unlocked, to re-seal on save
    ScryptParams m_params;
    QList<VaultEntry> m_entries;
    // Each entry's JSON text, index for index with m_entries; emptied when the entry changes, so
    // a save re-serialises only what changed (a key's JSON costs tens of microseconds).
    QList<SecureBytes> m_entryTexts;
    SecureBytes m_sessionsKey;          // empty until sessionsKey() first makes one
    QByteArray m_diskDigest;            // SHA-256 of the file as last read or written
    bool m_locked = false;
    bool m_dirty = false;
    int m_idleLockMs = kDefaultIdleLockMs;
    // The merge base and the change list: the entries and idle time as last read from or written
    // to the file, and the entries (by merge key: id, or name when an old entry has none) added or
    // updated, removed, and only marked used here since then.
    QList<VaultEntry> m_baseEntries;
    int m_baseIdleLockMs = kDefaultIdleLockMs;
    QSet<QString> m_changedKeys;
    QSet<QString> m_removedKeys;
    QSet<QString> m_usedKeys;
    mutable QTimer m_idleTimer;
};

} // namespace td
