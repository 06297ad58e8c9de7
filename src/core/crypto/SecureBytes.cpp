// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecureBytes.h"

#include <openssl/crypto.h>

#include <cstring>

namespace td {

SecureBytes::SecureBytes(std::size_t size) : m_bytes(size, 0) {}

SecureBytes::SecureBytes(const unsigned char *data, std::size_t size) : m_bytes(data, data + size) {}

SecureBytes::SecureBytes(QByteArrayView bytes)
    : m_bytes(reinterpret_cast<const unsigned char *>(bytes.data()),
              reinterpret_cast<const unsigned char *>(bytes.data()) + bytes.size())
{
}

SecureBytes::SecureBytes(const SecureBytes &other) : m_bytes(other.m_bytes) {}

SecureBytes::SecureBytes(SecureBytes &&other) noexcept : m_bytes(std::move(other.m_bytes))
{
    other.m_bytes.clear();
}

SecureBytes &SecureBytes::operator=(const SecureBytes &other)
{
    if (this != &other) {
        wipe();
        m_bytes = other.m_bytes;
    }
    return *this;
}

SecureBytes &SecureBytes::operator=(SecureBytes &&other) noexcept
{
    if (this != &other) {
        wipe();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

SecureBytes::~SecureBytes()
{
    wipe();
}

void SecureBytes::wipe()
{
    if (!m_bytes.empty())
        OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
}

void SecureBytes::resize(std::size_t size)
{
    if (size <= m_bytes.capacity()) {
        if (size < m_bytes.size())
            OPENSSL_cleanse(m_bytes.data() + size, m_bytes.size() - size);
        m_bytes.resize(size, 0);
        return;
    }
    // Growing reallocates: copy into fresh storage ourselves so the old block is wiped first.
    std::vector<unsigned char> grown(size, 0);
    if (!m_bytes.empty())
        std::memcpy(grown.data(), m_bytes.data(), m_bytes.size());
    wipe();
    m_bytes.swap(grown);
}

void SecureBytes::clear()
{
    wipe();
    m_bytes.clear();
}

void SecureBytes::append(QByteArrayView bytes)
{
    const std::size_t old = m_bytes.size();
    resize(old + static_cast<std::size_t>(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(m_bytes.data() + old, bytes.data(), static_cast<std::size_t>(bytes.size()));
}

QByteArrayView SecureBytes::view() const
{
    return QByteArrayView(reinterpret_cast<const char *>(m_bytes.data()), static_cast<qsizetype>(m_bytes.size()));
}

QByteArray SecureBytes::toByteArray() const
{
    return QByteArray(reinterpret_cast<const char *>(m_bytes.data()), static_cast<qsizetype>(m_bytes.size()));
}

bool operator==(const SecureBytes &a, const SecureBytes &b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace td
