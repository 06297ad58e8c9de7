// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxState.h"

#include "core/io/FileLock.h"
#include "core/io/SafeFile.h"
#include "core/sandbox/SandboxLimits.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace td {

namespace {

const QString kFormat = QStringLiteral("tokendesk-sandbox-state");
constexpr int kVersion = 1;

bool isIdList(const QJsonArray &array)
{
    return !array.isEmpty() && array.first().isObject() && array.first().toObject().contains(QLatin1String("id"));
}

QJsonArray mergeById(const QJsonArray &kept, const QJsonArray &mine, const QSet<QString> &removed, qint64 nowMs,
                     qsizetype cap)
{
    QHash<QString, QJsonObject> byId;
    auto add = [&](const QJsonArray &list) {
        for (const QJsonValue &value : list) {
            QJsonObject entry = value.toObject();
            const QString id = entry.value(QLatin1String("id")).toString();
            if (id.isEmpty() || removed.contains(id) || entry.value(QLatin1String("dropAt")).toInteger() < nowMs)
                continue;
            const QJsonObject before = byId.value(id);
            for (auto it = before.begin(); it != before.end(); ++it) {
                if (it->isBool() && it->toBool()) // a renewed token stays renewed whoever renewed it
                    entry.insert(it.key(), true);
            }
            byId.insert(id, entry);
        }
    };
    add(kept);
    add(mine);
    QList<QJsonObject> entries = byId.values();
    std::sort(entries.begin(), entries.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("dropAt")).toInteger() > b.value(QLatin1String("dropAt")).toInteger();
    });
    QJsonArray merged;
    for (qsizetype i = 0; i < entries.size() && i < cap; ++i)
        merged.append(entries.at(i));
    return merged;
}

QJsonArray unite(const QJsonArray &kept, const QJsonArray &mine)
{
    QJsonArray merged = kept;
    for (const QJsonValue &value : mine) {
        if (!merged.contains(value))
            merged.append(value);
    }
    return merged;
}

QJsonObject mergeObjects(const QJsonObject &kept, const QJsonObject &mine, qint64 nowMs, qsizetype cap);

QJsonValue mergeValue(const QJsonValue &kept, const QJsonValue &mine, const QSet<QString> &removed, qint64 nowMs,
                      qsizetype cap)
{
    if (kept.isUndefined() && mine.isArray())
        return mergeValue(QJsonArray(), mine, removed, nowMs, cap);
    if (kept.isUndefined() && mine.isObject())
        return mergeValue(QJsonObject(), mine, removed, nowMs, cap);
    if (kept.isArray() && mine.isArray()) {
        const QJsonArray a = kept.toArray();
        const QJsonArray b = mine.toArray();
        if (isIdList(a) || isIdList(b))
            return mergeById(a, b, removed, nowMs, cap);
        return unite(a, b);
    }
    if (kept.isObject() && mine.isObject()) {
        const QJsonObject a = kept.toObject();
        const QJsonObject b = mine.toObject();
        if (a.contains(QLatin1String("expiry")) && b.contains(QLatin1String("expiry")))
            return a.value(QLatin1String("expiry")).toInteger() > b.value(QLatin1String("expiry")).toInteger() ? a : b;
        return mergeObjects(a, b, nowMs, cap);
    }
    if (kept.isDouble() && mine.isDouble())
        return qMax(kept.toInteger(), mine.toInteger());
    return mine;
}

QJsonObject mergeObjects(const QJsonObject &kept, const QJsonObject &mine, qint64 nowMs, qsizetype cap)
{
    QSet<QString> removed;
    for (const QJsonValue &id : mine.value(QLatin1String("removed")).toArray())
        removed.insert(id.toString());
    QJsonObject merged;
    QStringList keys = kept.keys() + mine.keys();
    keys.removeDuplicates();
    for (const QString &key : keys) {
        if (key == QLatin1String("removed"))
            continue;
        const QJsonValue value = mergeValue(kept.value(key), mine.contains(key) ? mine.value(key) : kept.value(key),
                                            removed, nowMs, cap);
        merged.insert(key, value);
    }
    if (merged.contains(QLatin1String("terminated"))) {
        // A terminated chain is kept while one of its tokens is: the list stays bounded.
        QSet<QString> live;
        for (const QJsonValue &user : merged.value(QLatin1String("user")).toArray())
            live.insert(user[QLatin1String("chain")].toString());
        QJsonArray terminated;
        for (const QJsonValue &chain : merged.value(QLatin1String("terminated")).toArray()) {
            if (live.contains(chain.toString()))
                terminated.append(chain);
        }
        merged.insert(QStringLiteral("terminated"), terminated);
    }
    return merged;
}

} // namespace

SandboxState::SandboxState(QString folder, std::function<qint64()> clock)
    : m_folder(std::move(folder))
    , m_clock(std::move(clock))
{
}

QString SandboxState::filePath() const
{
    return QDir(m_folder).filePath(QStringLiteral("sandbox.json"));
}

QJsonObject SandboxState::merge(const QJsonObject &kept, const QJsonObject &mine, qint64 nowMs, qsizetype cap)
{
    return mergeObjects(kept, mine, nowMs, cap);
}

Result<QJsonObject> SandboxState::readFile()
{
    QFile file(filePath());
    if (!file.exists())
        return QJsonObject();
    QString why;
    QJsonObject root;
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::Io, QStringLiteral("The kept sandbox state %1 cannot be read.").arg(filePath()),
                         file.errorString());
    } else if (file.size() > kMaxFileBytes) {
        why = QStringLiteral("it is larger than %1 MiB").arg(kMaxFileBytes / (1024 * 1024));
    } else {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        root = doc.object();
        if (!doc.isObject())
            why = error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("it is not a JSON object");
        else if (root.value(QLatin1String("format")).toString() != kFormat || root.value(QLatin1String("version")).toInt() != kVersion)
            why = QStringLiteral("it is not a version %1 sandbox state").arg(kVersion);
        else if (Result<SandboxKeys> keys = SandboxKeys::fromJson(root.value(QLatin1String("keys")).toObject()); !keys)
            why = keys.error().message;
    }
    file.close();
    if (why.isEmpty())
        return root;
    // Set aside rather than deleted, so it can be looked at; the sandbox starts afresh.
    const QString aside = filePath() + QStringLiteral(".corrupt");
    QFile::remove(aside);
    QFile::rename(filePath(), aside);
    m_warning = QStringLiteral("The kept sandbox state %1 was unreadable (%2): the sandbox starts with new keys and no "
                               "tokens; the old file is %3.")
                    .arg(filePath(), why, aside);
    qWarning("tokendesk-sandbox: %s", qPrintable(m_warning));
    return QJsonObject();
}

Result<void> SandboxState::writeFile(const QJsonObject &services, quint16 port)
{
    const QJsonObject root{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("keys"), m_keysJson},
        {QStringLiteral("port"), int(port)},
        {QStringLiteral("services"), services},
    };
    return writeFileAtomically(filePath(), QJsonDocument(root).toJson(QJsonDocument::Compact));
}

Result<SandboxState::Loaded> SandboxState::open()
{
    if (Result<void> folder = ensureParentFolder(filePath()); !folder)
        return folder.error();
    FileLock lock(filePath());
    if (Result<void> locked = lock.acquire(); !locked)
        return locked.error();
    Result<QJsonObject> root = readFile();
    if (!root)
        return root.error();
    const qint64 now = m_clock();
    Result<SandboxKeys> keys = SandboxKeys::fromJson(root->value(QLatin1String("keys")).toObject());
    const bool fresh = !keys;
    if (fresh) {
        keys = SandboxKeys::generate();
        if (!keys)
            return keys.error();
    }
    m_keysJson = keys->toJson();
    const quint16 port = quint16(qBound(0, root->value(QLatin1String("port")).toInt(), 65535));
    // Merged with nothing: drops what expired while no sandbox ran, and caps each list.
    const QJsonObject services = merge(root->value(QLatin1String("services")).toObject(), {}, now, SandboxLimits::kMaxTokens);
    if (fresh) {
        if (Result<void> written = writeFile(services, port); !written)
            return written.error();
    }
    return Loaded{std::move(keys).value(), port, services};
}

Result<QJsonObject> SandboxState::save(const QJsonObject &services, quint16 port)
{
    if (m_keysJson.isEmpty())
        return makeError(ErrorCode::Internal, QStringLiteral("The sandbox state was saved before it was opened."));
    FileLock lock(filePath());
    if (Result<void> locked = lock.acquire(); !locked)
        return locked.error();
    Result<QJsonObject> root = readFile();
    if (!root)
        return root.error();
    // Another process may have replaced a corrupt file with new keys meanwhile: our keys stay ours
    // (our tokens were made with them), theirs are not merged in.
    const QJsonObject kept = root->value(QLatin1String("keys")).toObject() == m_keysJson
        ? root->value(QLatin1String("services")).toObject()
        : QJsonObject();
    const QJsonObject merged = merge(kept, services, m_clock(), SandboxLimits::kMaxTokens);
    if (Result<void> written = writeFile(merged, port); !written)
        return written.error();
    return merged;
}

} // namespace td
