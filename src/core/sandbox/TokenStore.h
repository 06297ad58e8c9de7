// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/Digest.h"

#include <QHash>

#include <functional>
#include <iterator>
#include <list>
#include <map>

namespace td {

// A bounded map of what a sandbox service issued (tokens, sessions, replay marks). An entry is
// dropped once the clock passes its drop time, checked on every insert and lookup, and past the
// capacity the oldest insert goes first: a long run or a login flood cannot grow memory for ever.
// Pointers from find() stay valid until the next insert, find or remove.
template <typename Value, typename Key = QByteArray>
class TokenStore
{
public:
    using Clock = std::function<qint64()>; // milliseconds

    TokenStore(qsizetype capacity, Clock clock)
        : m_capacity(qMax<qsizetype>(1, capacity))
        , m_clock(std::move(clock))
    {
    }

    // Replaces an entry with the same key; the entry lives while now <= dropAtMs.
    void insert(const Key &key, Value value, qint64 dropAtMs)
    {
        dropExpired();
        remove(key);
        while (m_entries.size() >= m_capacity)
            erase(m_entries.find(m_byAge.front()));
        const auto byDropTime = m_byDropTime.emplace(dropAtMs, key);
        const auto byAge = m_byAge.insert(m_byAge.end(), key);
        m_entries.insert(key, Entry{std::move(value), byDropTime, byAge});
    }

    Value *find(const Key &key)
    {
        dropExpired();
        const auto it = m_entries.find(key);
        return it == m_entries.end() ? nullptr : &it->value;
    }

    bool contains(const Key &key) { return find(key) != nullptr; }

    bool remove(const Key &key)
    {
        const auto it = m_entries.find(key);
        if (it == m_entries.end())
            return false;
        erase(it);
        return true;
    }

    // The key a service files a token under: base64url SHA-256, so a kept state (SandboxState)
    // holds no token a client could present.
    static QByteArray keyOf(QByteArrayView token)
    {
        return sha256(token).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    }

    qsizetype size() const { return m_entries.size(); } // may still count entries past their drop time
    qsizetype capacity() const { return m_capacity; }

    // Calls f(key, value) for every live entry.
    template <typename F>
    void forEach(F &&f)
    {
        dropExpired();
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
            f(it.key(), it->value);
    }

    // Calls f(key, value, dropAtMs) for every live entry: what a kept sandbox saves.
    template <typename F>
    void forEachWithDropTime(F &&f)
    {
        dropExpired();
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
            f(it.key(), it->value, it->byDropTime->first);
    }

    void dropExpired()
    {
        const qint64 now = m_clock();
        while (!m_byDropTime.empty() && m_byDropTime.begin()->first < now)
            erase(m_entries.find(m_byDropTime.begin()->second));
    }

private:
    struct Entry {
        Value value;
        typename std::multimap<qint64, Key>::iterator byDropTime;
        typename std::list<Key>::iterator byAge;
    };

    void erase(typename QHash<Key, Entry>::iterator it)
    {
        m_byDropTime.erase(it->byDropTime);
        m_byAge.erase(it->byAge);
        m_entries.erase(it);
    }

    qsizetype m_capacity;
    Clock m_clock;
    QHash<Key, Entry> m_entries;
    std::multimap<qint64, Key> m_byDropTime; // soonest first
    std::list<Key> m_byAge;                  // oldest insert first
};

} // namespace td
