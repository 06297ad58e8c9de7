// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliIo.h"

#include "core/jose/KeyFormats.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/crypto.h>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace td {

namespace {

constexpr qsizetype kReadChunk = 64 * 1024;

QString keyLabel(const QString &path, const Jwk &key, qsizetype index, qsizetype count)
{
    QString label = path;
    if (count > 1)
        label += QStringLiteral(" #%1").arg(index + 1);
    if (!key.kid().isEmpty())
        label += QStringLiteral(" (kid %1)").arg(key.kid());
    return label;
}

Result<QList<NamedKey>> namedKeys(const QString &source, QByteArrayView text)
{
    auto imported = KeyFormats::parse(text);
    if (!imported) {
        const Error &error = imported.error();
        return makeError(error.code, QStringLiteral("%1: %2").arg(source, error.message), error.detail);
    }
    const QList<Jwk> &keys = imported->keys;
    if (keys.isEmpty())
        return makeError(ErrorCode::NoKey, QStringLiteral("%1: holds no key").arg(source));
    QList<NamedKey> result;
    for (qsizetype i = 0; i < keys.size(); ++i)
        result.append(NamedKey{keyLabel(source, keys.at(i), i, keys.size()), keys.at(i)});
    return result;
}

// Key file text is secret; the parsed keys live in wiped memory, so wipe the text as well.
void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
}

} // namespace

Result<QByteArray> CliIo::readStdin(const QString &what)
{
    if (isTerminal(STDIN_FILENO))
        writeErrLine(QStringLiteral("%1: reading %2 from standard input; end it with Ctrl-D").arg(programName(), what));

    QByteArray data;
    for (;;) {
        const qsizetype before = data.size();
        data.resize(before + kReadChunk);
        const ssize_t got = ::read(STDIN_FILENO, data.data() + before, static_cast<size_t>(kReadChunk));
        if (got < 0 && errno == EINTR) {
            data.resize(before);
            continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // An inherited non-blocking descriptor: wait for data like a blocking read would.
            data.resize(before);
            pollfd waiting{STDIN_FILENO, POLLIN, 0};
            ::poll(&waiting, 1, -1);
            continue;
        }
        if (got < 0) {
            data.resize(before);
            // A closed descriptor is "no input", anything else is a real read failure.
            if (errno == EBADF)
                break;
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1 from standard input").arg(what),
                             QString::fromLocal8Bit(std::strerror(errno)));
        }
        data.resize(before + got);
        if (got == 0)
            break;
        if (data.size() > kMaxInputBytes)
            return makeError(ErrorCode::InputTooLarge,
                             QStringLiteral("%1 on standard input is larger than %2 MiB").arg(what).arg(kMaxInputBytes / (1024 * 1024)));
    }
    if (data.isEmpty())
        return makeError(ErrorCode::EmptyInput,
                         QStringLiteral("no %1: give it as an argument or on standard input").arg(what));
    return data;
}

Result<QByteArray> CliIo::readInput(const CliArgs &args, int index, const QString &what, bool allowEmpty)
{
    const std::optional<QByteArray> argument = args.dataArgument(index);
    if (!argument)
        return readStdin(what);
    if (argument->isEmpty() && !allowEmpty)
        return makeError(ErrorCode::EmptyInput, QStringLiteral("the %1 argument is empty").arg(what));
    return *argument;
}

Result<QByteArray> CliIo::readFile(const QString &path, qsizetype maxBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(path), file.errorString());
    if (QFileInfo(path).isDir())
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: it is a directory").arg(path));
    // Read one byte past the cap so "too large" is detected without trusting size() (pipes, /proc).
    QByteArray data = file.read(maxBytes + 1);
    if (data.size() > maxBytes)
        return makeError(ErrorCode::InputTooLarge,
                         QStringLiteral("%1 is larger than %2 MiB").arg(path).arg(maxBytes / (1024 * 1024)));
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(path), file.errorString());
    return data;
}

Result<QList<NamedKey>> CliIo::loadKeyFiles(const QStringList &paths)
{
    QList<NamedKey> all;
    for (const QString &path : paths) {
        auto text = readFile(path);
        if (!text)
            return text.error();
        if (text->trimmed().isEmpty())
            return makeError(ErrorCode::KeyParse, QStringLiteral("%1: the key file is empty").arg(path));
        auto keys = namedKeys(path, text.value());
        wipe(text.value());
        if (!keys)
            return keys.error();
        all.append(keys.value());
    }
    return all;
}

Result<QList<NamedKey>> CliIo::loadKeyInput(const CliArgs &args, int index)
{
    const std::optional<QByteArray> argument = args.dataArgument(index);
    if (argument)
        return loadKeyFiles({QFile::decodeName(*argument)});
    auto text = readStdin(QStringLiteral("key"));
    if (!text)
        return text.error();
    auto keys = namedKeys(QStringLiteral("standard input"), text.value());
    wipe(text.value());
    return keys;
}

Result<NamedKey> CliIo::chooseKey(const QList<NamedKey> &keys, const QString &kid,
                                  const std::function<Result<void>(const Jwk &)> &fits)
{
    QList<NamedKey> candidates;
    for (const NamedKey &named : keys) {
        if (!kid.isEmpty() && named.key.kid() == kid)
            candidates.append(named);
    }
    if (candidates.isEmpty())
        candidates = keys;
    std::optional<Error> firstError;
    for (const NamedKey &named : std::as_const(candidates)) {
        const Result<void> usable = fits(named.key);
        if (usable)
            return named;
        if (!firstError) {
            firstError = makeError(usable.error().code, QStringLiteral("%1: %2").arg(named.label, usable.error().message),
                                   usable.error().detail);
        }
    }
    if (!firstError)
        return makeError(ErrorCode::NoKey, QStringLiteral("no key given"));
    return *firstError;
}

void CliIo::writeOut(QByteArrayView bytes)
{
    writeAll(STDOUT_FILENO, bytes);
}

void CliIo::writeOutLine(const QString &line)
{
    writeAll(STDOUT_FILENO, QByteArray(line.toUtf8() + '\n'));
}

void CliIo::writeData(QByteArrayView bytes)
{
    writeAll(STDOUT_FILENO, bytes);
    if (!bytes.isEmpty() && !bytes.endsWith('\n') && bytes.isValidUtf8())
        writeAll(STDOUT_FILENO, "\n");
}

void CliIo::writeErrLine(const QString &line)
{
    writeAll(STDERR_FILENO, QByteArray(line.toUtf8() + '\n'));
}

int CliIo::fail(const Error &error, const QList<KeyAttempt> &attempts)
{
    writeErrLine(QStringLiteral("%1: %2: %3").arg(programName(), errorCodeName(error.code), error.toString()));
    if (attempts.size() > 1) {
        for (const KeyAttempt &attempt : attempts) {
            QString line = QStringLiteral("  %1: ").arg(attempt.label);
            if (attempt.succeeded)
                line += QStringLiteral("ok");
            else if (!attempt.error.message.isEmpty())
                line += QStringLiteral("%1: %2").arg(errorCodeName(attempt.error.code), attempt.error.toString());
            else
                line += QStringLiteral("not tried");
            if (!attempt.reason.isEmpty())
                line += QStringLiteral(" [%1]").arg(attempt.reason);
            writeErrLine(line);
        }
    }
    return CliExitFailure;
}

int CliIo::usage(const QString &message, const QString &usageLine)
{
    writeErrLine(QStringLiteral("%1: %2: %3").arg(programName(), errorCodeName(ErrorCode::Usage), message));
    writeErrLine(QStringLiteral("usage: %1 (see --help)").arg(usageLine));
    return CliExitUsage;
}

std::optional<CliArgs> CliIo::parseCommand(const QByteArrayList &rawArgs, const QList<CliOption> &options,
                                           int maxPositionals, const QString &usageLine, const QString &helpText,
                                           int &exitCode)
{
    auto args = CliArgs::parse(rawArgs, options, maxPositionals);
    if (!args) {
        exitCode = usage(args.error().message, usageLine);
        return std::nullopt;
    }
    if (args->helpRequested()) {
        writeOut(helpText.toUtf8());
        exitCode = CliExitSuccess;
        return std::nullopt;
    }
    return std::move(args).value();
}

bool CliIo::isTerminal(int fd)
{
    return ::isatty(fd) == 1;
}

void CliIo::writeAll(int fd, QByteArrayView bytes)
{
    const char *data = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, static_cast<size_t>(left));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return; // the reader went away; nothing useful is left to do with the output
        }
        data += written;
        left -= written;
    }
}

} // namespace td
