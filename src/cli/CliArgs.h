// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace td {

// One flag a command accepts: "--key FILE" (takesValue) or "--zip" (a switch).
struct CliOption {
    QString name;          // without the dashes, e.g. "key"
    bool takesValue = false;
    bool repeatable = false;
};

// The arguments after the command words, split into flags and positionals. A hand parser rather
// than QCommandLineParser so that every mistake maps to exit code 2 with our own one-line message,
// "-" stays a positional (it means standard input), and arguments stay raw bytes (a plaintext
// given on the command line need not be valid UTF-8).
class CliArgs
{
public:
    // Usage error for an unknown flag, a flag without its value, a value given to a switch, a
    // non-repeatable flag given twice, or more than `maxPositionals` positionals. "--help"/"-h"
    // are always accepted. "--" ends the flags, so a payload starting with "-" can still be given.
    static Result<CliArgs> parse(const QByteArrayList &args, const QList<CliOption> &options, int maxPositionals);

    bool helpRequested() const { return m_help; }
    bool has(const QString &name) const { return m_values.contains(name); }
    // The flag's value decoded as text (the last one for a repeatable flag); empty when absent.
    QString value(const QString &name) const;
    QStringList values(const QString &name) const;
    // File paths decoded the way the file system expects (QFile::decodeName).
    QStringList paths(const QString &name) const;
    const QByteArrayList &positionals() const { return m_positionals; }
    // The data argument at `index`, or nullopt when it is absent or "-" (read standard input).
    std::optional<QByteArray> dataArgument(int index = 0) const;

private:
    QHash<QString, QByteArrayList> m_values;
    QByteArrayList m_positionals;
    bool m_help = false;
};

} // namespace td
