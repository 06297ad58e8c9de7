// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/CliArgs.h"
#include "core/Result.h"
#include "core/jose/KeyCandidates.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace td {

// The exit codes are a contract other tools rely on.
enum CliExit : int {
    CliExitSuccess = 0,
    CliExitFailure = 1, // crypto or validation failure, unreadable input or key file
    CliExitUsage = 2,   // unknown command or flag, missing required flag, bad flag value
};

// Standard streams, input files and key files for the CLI commands, plus the one format every
// diagnostic uses: "tokendesk-cli: <error-code-name>: <message>".
class CliIo
{
public:
    static constexpr qsizetype kMaxInputBytes = 16 * 1024 * 1024;
    static QString programName() { return QStringLiteral("tokendesk-cli"); }

    // All of standard input, at most kMaxInputBytes (InputTooLarge beyond). EmptyInput when there
    // is nothing; a closed or missing stdin reads as empty, so the command never waits for it.
    Result<QByteArray> readStdin(const QString &what);
    // The data argument `index` of `args`, or standard input when it is absent or "-". An explicit
    // empty argument is accepted only when `allowEmpty` (an empty JWS payload is legitimate).
    Result<QByteArray> readInput(const CliArgs &args, int index, const QString &what, bool allowEmpty);
    // A whole file, at most maxBytes (InputTooLarge beyond); Io names the path.
    Result<QByteArray> readFile(const QString &path, qsizetype maxBytes = kMaxInputBytes);

    // Reads and parses every key file; a file may hold several keys (a JWK Set), all candidates.
    // Labels are the path, plus "#n" for sets and the kid when there is one.
    Result<QList<NamedKey>> loadKeyFiles(const QStringList &paths);
    // The keys of the KEYFILE argument `index` (standard input when absent or "-").
    Result<QList<NamedKey>> loadKeyInput(const CliArgs &args, int index);

    // The key to encrypt or sign with: among the keys whose kid equals `kid` (all keys when none
    // does), the first that `fits`; the first refusal, naming its key, when none fits.
    static Result<NamedKey> chooseKey(const QList<NamedKey> &keys, const QString &kid,
                                      const std::function<Result<void>(const Jwk &)> &fits);

    void writeOut(QByteArrayView bytes);
    void writeOutLine(const QString &line);
    // Data the user asked for (plaintext, payload): the bytes exactly, then "\n" only when they
    // are valid UTF-8 and do not already end with one, so binary output stays byte-exact.
    void writeData(QByteArrayView bytes);
    void writeErrLine(const QString &line);

    // Prints the diagnostic (and one line per key attempt when there were several) and returns
    // CliExitFailure.
    int fail(const Error &error, const QList<KeyAttempt> &attempts = {});
    // Prints "tokendesk-cli: usage: <message>" and the one-line usage hint; returns CliExitUsage.
    int usage(const QString &message, const QString &usageLine);
    // Parses a command's arguments. Without a value the command is finished: `exitCode` is 2
    // after a usage message, or 0 after `helpText` was printed for --help.
    std::optional<CliArgs> parseCommand(const QByteArrayList &rawArgs, const QList<CliOption> &options, int maxPositionals,
                                        const QString &usageLine, const QString &helpText, int &exitCode);

    static bool isTerminal(int fd);

private:
    static void writeAll(int fd, QByteArrayView bytes);
};

} // namespace td
