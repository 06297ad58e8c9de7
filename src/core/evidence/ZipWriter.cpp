// SPDX-License-Identifier: GPL-3.0-or-later
#include "ZipWriter.h"

#include <QtEndian>

#include <zlib.h>

namespace td {

namespace {

void put16(QByteArray &out, quint16 value)
{
    char bytes[2];
    qToLittleEndian(value, bytes);
    out.append(bytes, 2);
}

void put32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToLittleEndian(value, bytes);
    out.append(bytes, 4);
}

// Raw deflate (no zlib header: ZIP wants the bare stream); empty on failure.
QByteArray deflateRaw(const QByteArray &data)
{
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(int(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.truncate(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return status == Z_STREAM_END ? out : QByteArray();
}

} // namespace

ZipWriter::ZipWriter(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    const QDate date = local.date();
    m_dosDate = quint16(((qMax(date.year(), 1980) - 1980) << 9) | (date.month() << 5) | date.day());
    m_dosTime = quint16((local.time().hour() << 11) | (local.time().minute() << 5) | (local.time().second() / 2));
}

void ZipWriter::add(const QString &name, const QByteArray &data)
{
    File file;
    file.name = name.toUtf8();
    file.size = quint32(data.size());
    file.crc = quint32(crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef *>(data.constData()), uInt(data.size())));
    const QByteArray deflated = deflateRaw(data);
    const bool shrinks = !deflated.isEmpty() && deflated.size() < data.size();
    file.method = shrinks ? 8 : 0;
    file.compressed = shrinks ? deflated : data;
    m_files.append(std::move(file));
}

QByteArray ZipWriter::finish() const
{
    QByteArray out;
    QList<quint32> offsets;
    const auto header = [this](QByteArray &to, const File &file) { // the part both headers share
        put16(to, 20);          // version needed: 2.0 (deflate)
        put16(to, 0x0800);      // flags: names are UTF-8
        put16(to, file.method);
        put16(to, m_dosTime);
        put16(to, m_dosDate);
        put32(to, file.crc);
        put32(to, quint32(file.compressed.size()));
        put32(to, file.size);
        put16(to, quint16(file.name.size()));
        put16(to, 0);           // extra field length
    };
    for (const File &file : m_files) {
        offsets.append(quint32(out.size()));
        put32(out, 0x04034b50);
        header(out, file);
        out += file.name;
        out += file.compressed;
    }
    const quint32 directoryStart = quint32(out.size());
    for (qsizetype index = 0; index < m_files.size(); ++index) {
        const File &file = m_files.at(index);
        put32(out, 0x02014b50);
        put16(out, 0x0314);     // made by: UNIX, 2.0 (so the permissions below are read)
        header(out, file);
        put16(out, 0);          // comment length
        put16(out, 0);          // disk number
        put16(out, 0);          // internal attributes
        put32(out, quint32(0100600) << 16); // external: a regular file, owner read/write only
        put32(out, offsets.at(index));
        out += file.name;
    }
    const quint32 directorySize = quint32(out.size()) - directoryStart;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, quint16(m_files.size()));
    put16(out, quint16(m_files.size()));
    put32(out, directorySize);
    put32(out, directoryStart);
    put16(out, 0);              // comment length
    return out;
}

} // namespace td
