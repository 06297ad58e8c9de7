// SPDX-License-Identifier: GPL-3.0-or-later
#include "Vault.h"

#include "core/crypto/Digest.h"
#include "core/crypto/Random.h"
#include "core/jose/Base64Url.h"
#include "core/io/FileLock.h"
#include "core/io/SafeFile.h"

#include <openssl/crypto.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>

namespace td {

namespace {

// The version of the JSON document inside the encryption (the file format has its own).
constexpr int kDocumentFormat = 1;
// Far above any real vault; a guard against reading a wrong multi-gigabyte file into memory.
constexpr qint64 kMaxFileBytes = qint64(1) << 31;

bool nameLess(const VaultEntry &entry, const QString &name)
{
    return entry.name.compare(name, Qt::CaseInsensitive) < 0;
}

// Index of the entry called `name` (case-insensitive) in the name-sorted list, or -1.
qsizetype indexOf(const QList<VaultEntry> &entries, const QString &name)
{
    const auto it = std::lower_bound(entries.cbegin(), entries.cend(), name, nameLess);
    if (it == entries.cend() || it->name.compare(name, Qt::CaseInsensitive) != 0)
        return -1;
    return it - entries.cbegin();
}

qsizetype insertionIndex(const QList<VaultEntry> &entries, const QString &name)
{
    return std::lower_bound(entries.cbegin(), entries.cend(), name, nameLess) - entries.cbegin();
}

// One entry as compact JSON text in a wiped buffer; Qt's intermediate text is wiped as well.
SecureBytes entryText(const QJsonObject &object)
{
    QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    SecureBytes bytes(text);
    OPENSSL_cleanse(text.data(), static_cast<size_t>(text.size()));
    return bytes;
}

Result<QByteArray> readVaultFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot open the vault %1: %2")
                                            .arg(QDir::toNativeSeparators(path), file.errorString()));
    if (file.size() > kMaxFileBytes)
        return makeError(ErrorCode::NotAVault, QStringLiteral("%1 is far too large to be a TokenDesk vault.")
                                                   .arg(QDir::toNativeSeparators(path)));
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read the vault %1: %2")
                                            .arg(QDir::toNativeSeparators(path), file.errorString()));
    return bytes;
}

// The document {"entries":[...],"format":1,"idleLockMs":N[,"sessionsKey":"…"]} from the entries'
// texts, which are valid JSON objects. The idle time is a setting of this vault, so it lives
// (encrypted) with it; so does the key of its sessions file.
SecureBytes assemble(const QList<SecureBytes> &texts, int idleLockMs, const SecureBytes &sessionsKey)
{
    std::size_t size = 128;
    for (const SecureBytes &text : texts)
        size += text.size() + 1;
    SecureBytes document;
    document.resize(size); // one allocation: growing would copy (and wipe) over and over
    document.resize(0);
    document.append("{\"entries\":[");
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i > 0)
            document.append(",");
        document.append(texts.at(i).view());
    }
    document.append(QByteArray("],\"format\":") + QByteArray::number(kDocumentFormat) + ",\"idleLockMs\":"
                    + QByteArray::number(idleLockMs));
    if (!sessionsKey.isEmpty()) {
        document.append(",\"sessionsKey\":\"");
        document.append(Base64Url::encode(sessionsKey.view()));
        document.append("\"");
    }
    document.append("}");
    return document;
}

struct ParsedEntries {
    int idleLockMs = Vault::kDefaultIdleLockMs;
    SecureBytes sessionsKey;
    QList<VaultEntry> entries;
    QList<SecureBytes> texts; // same order; empty where not computed yet
};

Result<ParsedEntries> parse(const SecureBytes &document)
{
    QJsonParseError error;
    // fromRawData: the parser reads the wiped buffer in place instead of copying it.
    const QJsonDocument json = QJsonDocument::fromJson(
        QByteArray::fromRawData(document.view().data(), document.view().size()), &error);
    if (error.error != QJsonParseError::NoError || !json.isObject())
        return makeError(ErrorCode::VaultDamaged,
                         QStringLiteral("The vault decrypted, but its content is not a vault document."));
    const QJsonObject root = json.object();
    const int format = root.value(QStringLiteral("format")).toInt(0);
    if (format > kDocumentFormat)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("The vault's content was written by a newer TokenDesk (document format %1).")
                             .arg(format));
    if (format < 1 || !root.value(QStringLiteral("entries")).isArray())
        return makeError(ErrorCode::VaultDamaged,
                         QStringLiteral("The vault decrypted, but its content is not a vault document."));
    const QJsonArray array = root.value(QStringLiteral("entries")).toArray();
    const int idleLockMs = std::max(0, root.value(QStringLiteral("idleLockMs")).toInt(Vault::kDefaultIdleLockMs));
    QList<std::pair<VaultEntry, SecureBytes>> loaded;
    loaded.reserve(array.size());
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        auto entry = VaultEntry::fromVaultJson(object);
        if (!entry)
            // Refusing the whole vault keeps a later save from dropping the entry for good.
            return makeError(ErrorCode::VaultDamaged, entry.error().message);
        // Keys are the costly ones to turn back into JSON: keep their text from here, now.
        SecureBytes text = entry->isKey() ? entryText(object) : SecureBytes();
        loaded.append({std::move(entry.value()), std::move(text)});
    }
    std::stable_sort(loaded.begin(), loaded.end(), [](const auto &a, const auto &b) {
        return a.first.name.compare(b.first.name, Qt::CaseInsensitive) < 0;
    });
    ParsedEntries parsed;
    parsed.idleLockMs = idleLockMs;
    const QString sessionsKey = root.value(QStringLiteral("sessionsKey")).toString();
    if (!sessionsKey.isEmpty()) {
        QByteArray key;
        const bool decoded = Base64Url::tryDecode(sessionsKey.toLatin1(), key);
        parsed.sessionsKey = SecureBytes(QByteArrayView(key));
        OPENSSL_cleanse(key.data(), std::size_t(key.size()));
        if (!decoded || parsed.sessionsKey.size() != Vault::kSessionsKeyBytes)
            return makeError(ErrorCode::VaultDamaged, QStringLiteral("The vault's sessions key is damaged."));
    }
    parsed.entries.reserve(loaded.size());
    parsed.texts.reserve(loaded.size());
    for (auto &pair : loaded) {
        parsed.entries.append(std::move(pair.first));
        parsed.texts.append(std::move(pair.second));
    }
    return parsed;
}

Error lockedError()
{
    return makeError(ErrorCode::VaultLocked, QStringLiteral("The vault is locked: unlock it with its passphrase first."));
}

Error notFound(const QString &name)
{
    return makeError(ErrorCode::NotFound, QStringLiteral("The vault has no entry called \"%1\".").arg(name));
}

Error nameTaken(const QString &name)
{
    return makeError(ErrorCode::NameTaken,
                     QStringLiteral("The vault already has an entry called \"%1\" (names ignore case).").arg(name));
}

// Nothing was written: the vault on disk stays exactly as the other process left it.
Error changedOnDisk(const QString &path, const QString &what)
{
    return makeError(ErrorCode::VaultChangedOnDisk,
                     QStringLiteral("The vault %1 was changed by another TokenDesk process since it was opened here, and %2; "
                                    "nothing was saved. Open the vault again to see its current content, then redo the change.")
                         .arg(QDir::toNativeSeparators(path), what));
}

// How an entry is matched between this process and the file: its id, stable across renames; an
// entry from an early vault without one goes by its name.
QString mergeKey(const VaultEntry &entry)
{
    return entry.id.isEmpty() ? QStringLiteral("name:") + entry.name.toCaseFolded() : entry.id;
}

// The same entry content as the file keeps it, apart from lastUsed: a use is not an edit.
bool sameContent(const VaultEntry &a, const VaultEntry &b)
{
    QJsonObject left = a.toJson();
    QJsonObject right = b.toJson();
    left.remove(QStringLiteral("lastUsed"));
    right.remove(QStringLiteral("lastUsed"));
    return left == right;
}

QHash<QString, qsizetype> indexByKey(const QList<VaultEntry> &entries)
{
    QHash<QString, qsizetype> index;
    index.reserve(entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i)
        index.insert(mergeKey(entries.at(i)), i);
    return index;
}

// What this process did since the file was last read or written here.
struct ChangeList {
    const QList<VaultEntry> &base;
    const QList<VaultEntry> &mine;
    const QSet<QString> &changed;
    const QSet<QString> &removed;
    const QSet<QString> &used;
};

// Our removals on the file's entries: only of entries the other process left as they were.
Result<void> applyRemovals(ParsedEntries &disk, QList<bool> &dropped, const ChangeList &ours, const QString &path)
{
    const QHash<QString, qsizetype> onDisk = indexByKey(disk.entries);
    const QHash<QString, qsizetype> base = indexByKey(ours.base);
    for (const QString &key : ours.removed) {
        const qsizetype was = base.value(key, -1);
        const qsizetype at = onDisk.value(key, -1);
        if (was < 0 || at < 0)
            continue; // added and removed here, or removed there too
        if (!sameContent(disk.entries.at(at), ours.base.at(was)))
            return changedOnDisk(path, QStringLiteral("the entry \"%1\" removed here was changed there")
                                           .arg(ours.base.at(was).name));
        dropped[at] = true;
    }
    return {};
}

// Our adds and updates on the file's entries; a conflict when the other side edited the same one.
Result<void> applyChanges(ParsedEntries &disk, const ChangeList &ours, const QString &path)
{
    const QHash<QString, qsizetype> onDisk = indexByKey(disk.entries);
    const QHash<QString, qsizetype> base = indexByKey(ours.base);
    const QHash<QString, qsizetype> mine = indexByKey(ours.mine);
    for (const QString &key : ours.changed) {
        const qsizetype own = mine.value(key, -1);
        if (own < 0)
            continue;
        const VaultEntry &entry = ours.mine.at(own);
        const qsizetype was = base.value(key, -1);
        const qsizetype at = onDisk.value(key, -1);
        if (was >= 0 && at < 0)
            return changedOnDisk(path, QStringLiteral("the entry \"%1\" changed here was removed there").arg(entry.name));
        if (was >= 0 && !sameContent(disk.entries.at(at), ours.base.at(was)) && !sameContent(disk.entries.at(at), entry))
            return changedOnDisk(path, QStringLiteral("the entry \"%1\" was changed both there and here").arg(entry.name));
        if (at < 0) {
            disk.entries.append(entry);
            disk.texts.append(SecureBytes());
            continue;
        }
        const QDateTime theirUse = disk.entries.at(at).lastUsed;
        disk.entries[at] = entry;
        if (theirUse.isValid() && (!entry.lastUsed.isValid() || theirUse > entry.lastUsed))
            disk.entries[at].lastUsed = theirUse;
        disk.texts[at].clear();
    }
    for (const QString &key : ours.used) {
        const qsizetype own = mine.value(key, -1);
        const qsizetype at = onDisk.value(key, -1);
        if (own < 0 || at < 0 || ours.changed.contains(key))
            continue; // a use of an entry removed there is not worth a conflict
        if (!disk.entries.at(at).lastUsed.isValid() || ours.mine.at(own).lastUsed > disk.entries.at(at).lastUsed) {
            disk.entries[at].lastUsed = ours.mine.at(own).lastUsed;
            disk.texts[at].clear();
        }
    }
    return {};
}

// The file's entries with our change list applied on top, in name order with unique names.
Result<ParsedEntries> mergeEntries(ParsedEntries disk, const ChangeList &ours, const QString &path)
{
    QList<bool> dropped(disk.entries.size(), false);
    if (auto removed = applyRemovals(disk, dropped, ours, path); !removed)
        return removed.error();
    if (auto changed = applyChanges(disk, ours, path); !changed)
        return changed.error();
    QList<std::pair<VaultEntry, SecureBytes>> kept;
    kept.reserve(disk.entries.size());
    for (qsizetype i = 0; i < disk.entries.size(); ++i)
        if (i >= dropped.size() || !dropped.at(i))
            kept.append({std::move(disk.entries[i]), std::move(disk.texts[i])});
    std::stable_sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) {
        return a.first.name.compare(b.first.name, Qt::CaseInsensitive) < 0;
    });
    disk.entries.clear();
    disk.texts.clear();
    for (auto &pair : kept) {
        if (!disk.entries.isEmpty() && disk.entries.constLast().name.compare(pair.first.name, Qt::CaseInsensitive) == 0)
            return changedOnDisk(path, QStringLiteral("another entry there is now called \"%1\" too").arg(pair.first.name));
        disk.entries.append(std::move(pair.first));
        disk.texts.append(std::move(pair.second));
    }
    return disk;
}

// A damaged vault is not the end when the copy from before the last save is there: say where it
// is and how to put it back. Wrong passphrases and newer versions are not damage.
Error withBackupHint(Error error, const QString &path)
{
    const bool damaged = error.code == ErrorCode::NotAVault || error.code == ErrorCode::VaultTruncated
        || error.code == ErrorCode::VaultDamaged;
    const QString backup = path + QStringLiteral(".bak");
    if (!damaged || !QFileInfo::exists(backup))
        return error;
    error.message += QStringLiteral(" A copy from before the last save is at %1; to use it, move the damaged file aside "
                                    "and rename %1 to %2 (the copy lacks only the changes of that last save).")
                         .arg(QDir::toNativeSeparators(backup), QDir::toNativeSeparators(path));
    return error;
}

} // namespace

Vault::Vault(QString path, SecureBytes passphrase, ScryptParams params)
    : m_path(std::move(path)), m_passphrase(std::move(passphrase)), m_params(params)
{
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &Vault::lock);
}

Vault::~Vault() = default;

Result<std::unique_ptr<Vault>> Vault::create(const QString &path, const SecureBytes &passphrase,
                                             const ScryptParams &params)
{
    FileLock fileLock(path); // two creates at once: only one of them makes the vault
    if (auto held = fileLock.acquire(); !held)
        return held.error();
    if (QFileInfo::exists(path))
        return makeError(ErrorCode::Io, QStringLiteral("%1 exists already; TokenDesk does not overwrite it with a new vault.")
                                            .arg(QDir::toNativeSeparators(path)));
    if (auto valid = VaultFormat::checkParams(params); !valid)
        return makeError(ErrorCode::Usage, valid.error().message);
    auto sealed = VaultFormat::seal(assemble({}, kDefaultIdleLockMs, {}), passphrase, params);
    if (!sealed)
        return sealed.error();
    if (auto written = writeFileAtomically(path, sealed.value()); !written)
        return written.error();
    std::unique_ptr<Vault> vault(new Vault(path, passphrase, params));
    vault->m_diskDigest = sha256(sealed.value());
    vault->rebase();
    vault->touch();
    return vault;
}

Result<std::unique_ptr<Vault>> Vault::open(const QString &path, const SecureBytes &passphrase)
{
    auto file = readVaultFile(path);
    if (!file)
        return file.error();
    std::unique_ptr<Vault> vault(new Vault(path, passphrase, {}));
    if (auto loaded = vault->load(file.value()); !loaded)
        return withBackupHint(loaded.error(), path);
    vault->touch();
    return vault;
}

Result<void> Vault::load(QByteArrayView file)
{
    auto params = VaultFormat::params(file);
    if (!params)
        return params.error();
    auto document = VaultFormat::open(file, m_passphrase);
    if (!document)
        return document.error();
    auto entries = parse(document.value());
    if (!entries)
        return entries.error();
    m_params = params.value();
    m_entries = std::move(entries->entries);
    m_entryTexts = std::move(entries->texts);
    m_idleLockMs = entries->idleLockMs;
    m_sessionsKey = std::move(entries->sessionsKey);
    m_diskDigest = sha256(file);
    rebase();
    return {};
}

void Vault::rebase()
{
    m_baseEntries = m_entries; // implicitly shared until the next change
    m_baseIdleLockMs = m_idleLockMs;
    m_changedKeys.clear();
    m_removedKeys.clear();
    m_usedKeys.clear();
    m_dirty = false;
}

void Vault::noteChanged(const VaultEntry &entry)
{
    const QString key = mergeKey(entry);
    m_removedKeys.remove(key);
    m_changedKeys.insert(key);
    m_dirty = true;
}

void Vault::noteRemoved(const VaultEntry &entry)
{
    const QString key = mergeKey(entry);
    m_changedKeys.remove(key);
    m_usedKeys.remove(key);
    m_removedKeys.insert(key);
    m_dirty = true;
}

void Vault::touch() const
{
    if (m_locked || m_idleLockMs <= 0)
        return;
    m_idleTimer.start(m_idleLockMs);
}

void Vault::lock()
{
    if (m_locked)
        return;
    // Best effort: an idle lock should not throw away an edit the caller had not saved yet.
    if (m_dirty)
        (void)save();
    Q_EMIT aboutToChange();
    m_entries.clear();
    m_entryTexts.clear();
    m_passphrase.clear();
    m_sessionsKey.clear();
    m_baseEntries.clear();
    rebase();
    m_idleTimer.stop();
    m_locked = true;
    Q_EMIT changed();
    Q_EMIT lockedChanged(true);
}

Result<void> Vault::unlock(const SecureBytes &passphrase)
{
    if (!m_locked)
        return {};
    auto file = readVaultFile(m_path);
    if (!file)
        return file.error();
    m_passphrase = passphrase;
    Q_EMIT aboutToChange();
    auto loaded = load(file.value());
    if (!loaded) {
        m_passphrase.clear();
        Q_EMIT changed();
        return withBackupHint(loaded.error(), m_path);
    }
    m_locked = false;
    Q_EMIT changed();
    Q_EMIT lockedChanged(false);
    touch();
    return {};
}

void Vault::setIdleLockMs(int ms)
{
    if (std::max(0, ms) != m_idleLockMs)
        m_dirty = true; // a setting of this vault: saved with it
    m_idleLockMs = std::max(0, ms);
    if (m_idleLockMs == 0)
        m_idleTimer.stop();
    else
        touch();
}

QList<VaultEntry> Vault::entries() const
{
    // Reading counts as activity; the timer is bookkeeping, not the vault's observable state.
    touch();
    return m_entries;
}

std::optional<VaultEntry> Vault::find(const QString &name) const
{
    touch();
    const qsizetype index = indexOf(m_entries, name);
    if (index < 0)
        return std::nullopt;
    return m_entries.at(index);
}

Result<void> Vault::add(const VaultEntry &entry)
{
    if (m_locked)
        return lockedError();
    touch();
    if (entry.name.trimmed().isEmpty())
        return makeError(ErrorCode::FieldMissing, QStringLiteral("A vault entry needs a name."));
    if (indexOf(m_entries, entry.name) >= 0)
        return nameTaken(entry.name);
    VaultEntry added = entry;
    if (added.id.isEmpty())
        added.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!added.created.isValid())
        added.created = QDateTime::currentDateTimeUtc();
    Q_EMIT aboutToChange();
    noteChanged(added);
    const qsizetype at = insertionIndex(m_entries, added.name);
    m_entries.insert(at, std::move(added));
    m_entryTexts.insert(at, SecureBytes());
    Q_EMIT changed();
    return {};
}

Result<void> Vault::update(const QString &name, const VaultEntry &entry)
{
    if (m_locked)
        return lockedError();
    touch();
    const qsizetype index = indexOf(m_entries, name);
    if (index < 0)
        return notFound(name);
    if (entry.name.trimmed().isEmpty())
        return makeError(ErrorCode::FieldMissing, QStringLiteral("A vault entry needs a name."));
    const qsizetype clash = indexOf(m_entries, entry.name);
    if (clash >= 0 && clash != index)
        return nameTaken(entry.name);
    VaultEntry updated = entry;
    if (updated.id.isEmpty())
        updated.id = m_entries.at(index).id;
    Q_EMIT aboutToChange();
    if (mergeKey(updated) != mergeKey(m_entries.at(index)))
        noteRemoved(m_entries.at(index)); // another identity: the old entry is gone
    noteChanged(updated);
    m_entries.removeAt(index);
    m_entryTexts.removeAt(index);
    const qsizetype at = insertionIndex(m_entries, updated.name);
    m_entries.insert(at, std::move(updated));
    m_entryTexts.insert(at, SecureBytes());
    Q_EMIT changed();
    return {};
}

Result<VaultEntry> Vault::remove(const QString &name)
{
    if (m_locked)
        return lockedError();
    touch();
    const qsizetype index = indexOf(m_entries, name);
    if (index < 0)
        return notFound(name);
    Q_EMIT aboutToChange();
    VaultEntry removed = m_entries.takeAt(index);
    m_entryTexts.removeAt(index);
    noteRemoved(removed);
    Q_EMIT changed();
    return removed;
}

void Vault::markUsed(const QString &name)
{
    if (m_locked)
        return;
    touch();
    const qsizetype index = indexOf(m_entries, name);
    if (index < 0)
        return;
    Q_EMIT aboutToChange();
    m_entries[index].lastUsed = QDateTime::currentDateTimeUtc();
    m_entryTexts[index].clear();
    m_usedKeys.insert(mergeKey(m_entries.at(index)));
    m_dirty = true;
    Q_EMIT changed();
}

Result<void> Vault::save()
{
    return saveOver(m_passphrase);
}

Result<void> Vault::saveOver(const SecureBytes &diskPassphrase)
{
    if (m_locked)
        return lockedError();
    touch();
    // scrypt before the lock: another process waiting for it waits for the file writes alone.
    auto sealKey = VaultFormat::prepareSeal(m_passphrase, m_params);
    if (!sealKey)
        return sealKey.error();
    // Held from re-reading the file to renaming the new one: no other save can slip in between.
    FileLock fileLock(m_path);
    if (auto held = fileLock.acquire(); !held)
        return held.error();
    auto current = readVaultFile(m_path);
    if (!current)
        // A vault that disappeared is not silently recreated.
        return changedOnDisk(m_path, QStringLiteral("it is gone or cannot be read (%1)").arg(current.error().message));
    const QByteArray currentDigest = sha256(current.value());
    if (currentDigest.size() != m_diskDigest.size()
        || CRYPTO_memcmp(currentDigest.constData(), m_diskDigest.constData(), static_cast<size_t>(currentDigest.size())) != 0) {
        if (auto merged = mergeFromDisk(current.value(), diskPassphrase); !merged)
            return merged;
    }
    // Only changed entries are turned into JSON again; the others keep the text they had.
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        if (m_entryTexts.at(i).isEmpty())
            m_entryTexts[i] = entryText(m_entries.at(i).toJson());
    auto sealed = VaultFormat::seal(assemble(m_entryTexts, m_idleLockMs, m_sessionsKey), sealKey.value());
    if (!sealed)
        return sealed.error();
    // The backup first: whichever step a crash interrupts, the vault file itself is complete.
    if (auto backup = writeFileAtomically(backupPath(), current.value()); !backup)
        return backup.error();
    if (auto written = writeFileAtomically(m_path, sealed.value()); !written)
        return written.error();
    m_diskDigest = sha256(sealed.value());
    rebase();
    return {};
}

// Another process saved since this one last read or wrote the file: its entries become ours,
// with our change list applied on top. On a conflict nothing here or on disk changes.
Result<void> Vault::mergeFromDisk(QByteArrayView file, const SecureBytes &diskPassphrase)
{
    auto document = VaultFormat::open(file, diskPassphrase);
    if (!document)
        return changedOnDisk(m_path, QStringLiteral("this passphrase does not open it any more (%1)").arg(document.error().message));
    auto parsed = parse(document.value());
    if (!parsed)
        return changedOnDisk(m_path, QStringLiteral("its content cannot be read (%1)").arg(parsed.error().message));
    const int theirIdleLockMs = parsed->idleLockMs;
    auto merged = mergeEntries(std::move(parsed.value()),
                               ChangeList{m_baseEntries, m_entries, m_changedKeys, m_removedKeys, m_usedKeys}, m_path);
    if (!merged)
        return merged.error();
    Q_EMIT aboutToChange();
    m_entries = std::move(merged->entries);
    m_entryTexts = std::move(merged->texts);
    if (m_idleLockMs == m_baseIdleLockMs)
        m_idleLockMs = theirIdleLockMs;
    // Keys are never replaced: one on disk is the one (a key made here was not used yet, since
    // sessionsKey() saves before it hands a key out).
    if (!merged->sessionsKey.isEmpty())
        m_sessionsKey = std::move(merged->sessionsKey);
    Q_EMIT changed();
    return {};
}

Result<void> Vault::changePassphrase(const SecureBytes &current, const SecureBytes &next)
{
    if (m_locked)
        return lockedError();
    touch();
    if (!(current == m_passphrase))
        return makeError(ErrorCode::WrongPassphrase, QStringLiteral("The current passphrase is wrong."));
    SecureBytes previous = m_passphrase;
    m_passphrase = next;
    auto saved = saveOver(previous);
    if (!saved)
        m_passphrase = std::move(previous);
    return saved;
}

Result<SecureBytes> Vault::sessionsKey()
{
    if (m_locked)
        return lockedError();
    touch();
    if (!m_sessionsKey.isEmpty())
        return m_sessionsKey;
    m_sessionsKey = randomBytes(kSessionsKeyBytes);
    m_dirty = true;
    // Saved before anyone seals with it: a sessions file under a key the vault never kept could
    // never be opened again.
    if (auto saved = save(); !saved) {
        m_sessionsKey.clear();
        return saved.error();
    }
    return m_sessionsKey;
}

QString Vault::sessionsPath() const
{
    return m_path + QStringLiteral(".sessions");
}

QString Vault::backupPath() const
{
    return m_path + QStringLiteral(".bak");
}

} // namespace td
