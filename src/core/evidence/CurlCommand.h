// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace td {

// A curl command line as people paste it, read into the request it sends: from API documents
// (`--location --request POST '…' --header '…' --data-raw '…'`, with or without `\` at the ends
// of lines), a browser's "Copy as cURL" for bash (`$'…'` strings) or for Windows cmd (`^`
// continuations and escapes). Nothing is run and no file is read.
struct CurlCommand {
    QByteArray method;                         // as given, else POST with a body, GET without
    QString urlText;                           // as given (documents write '<domain>/path')
    QList<QPair<QString, QString>> headers;    // in order, names as given
    QByteArray body;                           // -d parts joined with '&', --json, --data-raw...
    QString user;                              // -u USER:PASSWORD as given
    QStringList ignored;                       // options read and deliberately not used ("--compressed")

    // The longest text parse() reads (a pasted command, not a file of them).
    static constexpr qsizetype kMaxText = 1024 * 1024;

    // CurlInvalid with a clear message: an unterminated quote (which one, where), an
    // option curl does not have or that reads a file (`-d @body.json`), no URL, two URLs.
    static Result<CurlCommand> parse(const QString &text);
    // The words of a command line after the shell's quoting: bash or, when the text uses `^`
    // the way cmd does, Windows cmd. A line break without a continuation also separates words
    // (documents often drop the `\`).
    static Result<QStringList> split(const QString &text);

    QString header(const QString &name) const; // case-insensitive; empty when absent
    // The path of urlText (from the first '/' after the host; the query and fragment cut off).
    QString path() const;
    // scheme://host[:port] of urlText ("http://" when it has no scheme), or "" without a host.
    QString origin() const;
};

} // namespace td
