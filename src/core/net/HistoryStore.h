// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/HistoryEntry.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

namespace td {

// The request history: history.jsonl, one JSON object per line, oldest first. Everything secret
// is masked before it reaches the file (SecretMasker::maskBody for bodies of any shape: a body it
// cannot mask for sure is kept as "body withheld (N bytes, sha256 …)"), and the file is trimmed
// to its newest half once it grows past the size limit.
class HistoryStore : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kDefaultMaxBytes = 10 * 1024 * 1024;

    explicit HistoryStore(const QString &filePath, QObject *parent = nullptr);

    QString filePath() const { return m_filePath; }
    qint64 maxBytes() const { return m_maxBytes; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }

    // Masks the entry (fields, headers, URL query, bodies, decrypted body; secretFieldNames are
    // the endpoint spec's secret fields, secretValues the values to hunt down anywhere, e.g. a
    // vault credential) and appends it as one line. An entry without an id gets a fresh UUID.
    [[nodiscard]] Result<void> append(const HistoryEntry &entry, const QStringList &secretFieldNames = {},
                                      const QStringList &secretValues = {});

    struct Loaded {
        QList<HistoryEntry> entries; // newest last
        int skipped = 0;             // lines that were not a history record
    };
    // The newest `maxEntries` entries (all when 0). A missing file is an empty history.
    [[nodiscard]] Result<Loaded> load(int maxEntries = 0) const;
    // Reads the file line by line, oldest first, handing each entry to `visit` (memory stays at
    // one line, so a large file is no problem); returns the number of lines skipped (not a
    // history record, or longer than maxLineBytes()). A missing file is an empty history.
    static constexpr qint64 kDefaultMaxLineBytes = 64 * 1024 * 1024;
    qint64 maxLineBytes() const { return m_maxLineBytes; }
    void setMaxLineBytes(qint64 bytes) { m_maxLineBytes = bytes; }
    [[nodiscard]] Result<int> scan(const std::function<void(HistoryEntry &&)> &visit) const;
    // The id of a line written without one (before ids existed): the first 16 hex digits of the
    // SHA-256 of the line, so it is the same on every read.
    static QString lineId(QByteArrayView line);

    [[nodiscard]] Result<void> clear();

    // What append() writes for `entry`; exposed so that exports can reuse the same masking.
    static HistoryEntry masked(const HistoryEntry &entry, const QStringList &secretFieldNames,
                               const QStringList &secretValues);

Q_SIGNALS:
    void appended(const td::HistoryEntry &entry); // the masked entry
    void cleared();

private:
    static bool parseLine(QByteArrayView line, const std::function<void(HistoryEntry &&)> &visit);
    Result<void> trimIfNeeded();

    QString m_filePath;
    qint64 m_maxBytes = kDefaultMaxBytes;
    qint64 m_maxLineBytes = kDefaultMaxLineBytes;
};

} // namespace td
