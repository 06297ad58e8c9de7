// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <vector>

namespace td {

// A byte buffer for key material: never implicitly shared, wiped with OPENSSL_cleanse when it is
// destroyed, cleared or reallocated, and compared in constant time.
class SecureBytes
{
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size);
    SecureBytes(const unsigned char *data, std::size_t size);
    explicit SecureBytes(QByteArrayView bytes);
    SecureBytes(const SecureBytes &other);
    SecureBytes(SecureBytes &&other) noexcept;
    SecureBytes &operator=(const SecureBytes &other);
    SecureBytes &operator=(SecureBytes &&other) noexcept;
    ~SecureBytes();

    unsigned char *data() { return m_bytes.data(); }
    const unsigned char *data() const { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }
    bool isEmpty() const { return m_bytes.empty(); }

    void resize(std::size_t size); // wipes the old storage if it moves
    void clear();
    void append(QByteArrayView bytes);

    // A view for passing to APIs that take QByteArrayView; it must not outlive this object.
    QByteArrayView view() const;
    // An ordinary (shared, unwiped) copy: only for material that is not secret any more, such as
    // decrypted plaintext handed to the user.
    QByteArray toByteArray() const;

    friend bool operator==(const SecureBytes &a, const SecureBytes &b); // constant time

private:
    void wipe();
    std::vector<unsigned char> m_bytes;
};

} // namespace td
