// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the libFuzzer targets share: the input as Qt bytes, a scratch directory for the readers
// that take a file path, a QCoreApplication for code that uses timers or signals, and a way to
// report a broken invariant as a crash libFuzzer records.

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace fuzz {

inline QByteArrayView bytes(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

// One QCoreApplication for the whole run (QObject timers and queued signals want one).
inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "tokendesk-fuzz";
    static char *argv[] = {name, nullptr};
    static std::unique_ptr<QCoreApplication> app(QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv));
}

// A path in this process's scratch directory, removed when the process ends normally.
inline QString scratchPath(const QString &name)
{
    static QTemporaryDir dir(QStringLiteral("/dev/shm/tokendesk-fuzz-XXXXXX"));
    static QTemporaryDir fallback;
    return (dir.isValid() ? dir : fallback).filePath(name);
}

// Writes `content` to the scratch file `name` (replacing it) and returns its path.
QString writeScratch(const QString &name, QByteArrayView content);

// An invariant the code promises and the input broke: a finding, like a crash.
[[noreturn]] inline void violated(const char *what)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

} // namespace fuzz
