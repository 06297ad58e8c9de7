// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace td {

// A ZIP archive built in memory (PKWARE APPNOTE 6.3: local headers, central directory, end
// record; deflate through zlib, or stored when deflate does not shrink the file), for the
// support bundle: a few small text files that `unzip`, Windows and macOS all open. No ZIP64, so
// at most 65535 files and 4 GB; the bundle is far below.
class ZipWriter
{
public:
    // Every file gets this modification time (DOS time: local date and time, 2 s steps).
    explicit ZipWriter(const QDateTime &time);

    // `name` is a relative path with '/' separators, UTF-8.
    void add(const QString &name, const QByteArray &data);
    // The whole archive.
    QByteArray finish() const;

private:
    struct File {
        QByteArray name;
        quint32 crc = 0;
        quint16 method = 0; // 0 stored, 8 deflated
        quint32 size = 0;
        QByteArray compressed;
    };
    quint16 m_dosTime = 0;
    quint16 m_dosDate = 0;
    QList<File> m_files;
};

} // namespace td
