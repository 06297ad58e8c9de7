// SPDX-License-Identifier: GPL-3.0-or-later
#include "PassphraseSource.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace td {

namespace {

// The terminal whose echo is off, so a fatal signal can switch it back on before the process dies
// (otherwise Ctrl-C at the prompt leaves the user's shell typing blind).
int g_echoFd = -1;
termios g_savedTermios {};

void restoreEchoAndReraise(int signalNumber)
{
    if (g_echoFd >= 0)
        ::tcsetattr(g_echoFd, TCSAFLUSH, &g_savedTermios);
    ::signal(signalNumber, SIG_DFL);
    ::raise(signalNumber);
}

// Echo off on a terminal descriptor for the lifetime of the object.
class EchoOff
{
public:
    explicit EchoOff(int fd)
    {
        if (::tcgetattr(fd, &g_savedTermios) != 0)
            return;
        termios quiet = g_savedTermios;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        g_echoFd = fd;
        struct sigaction action {};
        action.sa_handler = restoreEchoAndReraise;
        sigemptyset(&action.sa_mask);
        for (int i = 0; i < kSignalCount; ++i)
            ::sigaction(kSignals[i], &action, &m_previous[i]);
        if (::tcsetattr(fd, TCSAFLUSH, &quiet) == 0)
            m_active = true;
    }
    ~EchoOff()
    {
        if (g_echoFd < 0)
            return;
        if (m_active)
            ::tcsetattr(g_echoFd, TCSAFLUSH, &g_savedTermios);
        for (int i = 0; i < kSignalCount; ++i)
            ::sigaction(kSignals[i], &m_previous[i], nullptr);
        g_echoFd = -1;
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    static constexpr int kSignalCount = 4;
    static constexpr int kSignals[kSignalCount] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    struct sigaction m_previous[kSignalCount] {};
    bool m_active = false;
};

class Descriptor
{
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

int openTerminal()
{
    return ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
}

void writeText(int fd, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, static_cast<size_t>(left));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        data += written;
        left -= written;
    }
}

// One line from `fd`, byte by byte so that nothing after the newline is consumed (the rest of the
// descriptor may be the next passphrase, or the secret of `vault add`). The newline and a "\r"
// before it are dropped. EmptyInput when the descriptor ends before any byte.
Result<SecureBytes> readLine(int fd, const QString &source)
{
    SecureBytes line(PassphraseSource::kMaxBytes);
    std::size_t used = 0;
    bool sawByte = false;
    for (;;) {
        unsigned char byte = 0;
        const ssize_t got = ::read(fd, &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd waiting{fd, POLLIN, 0};
            ::poll(&waiting, 1, -1);
            continue;
        }
        if (got < 0) {
            const int error = errno;
            if (error == EBADF)
                return makeError(ErrorCode::Io, QStringLiteral("%1 is not an open descriptor").arg(source));
            return makeError(ErrorCode::Io, QStringLiteral("cannot read the passphrase from %1").arg(source),
                             QString::fromLocal8Bit(std::strerror(error)));
        }
        if (got == 0)
            break;
        sawByte = true;
        if (byte == '\n')
            break;
        if (used == line.size())
            return makeError(ErrorCode::InputTooLarge,
                             QStringLiteral("the passphrase from %1 is longer than %2 bytes").arg(source).arg(PassphraseSource::kMaxBytes));
        line.data()[used++] = byte;
    }
    if (!sawByte)
        return makeError(ErrorCode::EmptyInput, QStringLiteral("%1 ended before a passphrase").arg(source));
    if (used > 0 && line.data()[used - 1] == '\r')
        --used;
    line.resize(used); // shrinking never moves the storage
    return line;
}

Result<SecureBytes> askOnTerminal(int tty, const QString &prompt)
{
    writeText(tty, prompt);
    Result<SecureBytes> line = makeError(ErrorCode::Internal, QString());
    {
        EchoOff quiet(tty);
        line = readLine(tty, QStringLiteral("the terminal"));
    }
    writeText(tty, QStringLiteral("\n")); // the typed newline was not echoed
    return line;
}

Result<void> checkNotEmpty(const SecureBytes &passphrase, const QString &source)
{
    if (passphrase.isEmpty())
        return makeError(ErrorCode::EmptyInput, QStringLiteral("the passphrase from %1 is empty").arg(source));
    return {};
}

} // namespace

Result<int> PassphraseSource::parseFd(const QString &text)
{
    bool ok = false;
    const int fd = text.toInt(&ok);
    // The value is not repeated: a passphrase typed here by mistake must not reach the terminal log.
    if (!ok || fd < 0)
        return makeError(ErrorCode::Usage, QStringLiteral("--passphrase-fd needs a descriptor number (0 for standard input)"));
    return fd;
}

Result<SecureBytes> PassphraseSource::current(const QString &what)
{
    if (m_fd >= 0)
        return fromDescriptor(QStringLiteral("the passphrase"));
    if (std::getenv(kEnvironmentVariable)) {
        m_currentFromEnvironment = true;
        return fromEnvironment(kEnvironmentVariable);
    }
    const Descriptor tty(openTerminal());
    if (tty.get() < 0)
        return noSource(false);
    auto passphrase = askOnTerminal(tty.get(), QStringLiteral("Passphrase for %1: ").arg(what));
    if (!passphrase)
        return passphrase;
    if (auto check = checkNotEmpty(passphrase.value(), QStringLiteral("the terminal")); !check)
        return check.error();
    return passphrase;
}

Result<SecureBytes> PassphraseSource::next(bool changing)
{
    if (m_fd >= 0)
        return fromDescriptor(changing ? QStringLiteral("the new passphrase") : QStringLiteral("the passphrase"));
    const char *variable = changing ? kNewEnvironmentVariable : kEnvironmentVariable;
    if (std::getenv(variable))
        return fromEnvironment(variable);
    return askTwice(changing);
}

Result<SecureBytes> PassphraseSource::promptHidden(const QString &prompt)
{
    const Descriptor tty(openTerminal());
    if (tty.get() < 0)
        return makeError(ErrorCode::EmptyInput, QStringLiteral("no terminal to ask on"));
    return askOnTerminal(tty.get(), prompt);
}

Result<SecureBytes> PassphraseSource::fromDescriptor(const QString &what)
{
    const QString source = QStringLiteral("descriptor %1").arg(m_fd);
    auto line = readLine(m_fd, source);
    if (!line) {
        if (line.error().code == ErrorCode::EmptyInput)
            return makeError(ErrorCode::EmptyInput, QStringLiteral("%1 ended before %2 (give one passphrase per line)").arg(source, what));
        return line;
    }
    if (auto check = checkNotEmpty(line.value(), source); !check)
        return check.error();
    return line;
}

Result<SecureBytes> PassphraseSource::fromEnvironment(const char *name)
{
    const char *value = std::getenv(name);
    SecureBytes passphrase(QByteArrayView(value ? value : ""));
    if (passphrase.isEmpty())
        return makeError(ErrorCode::EmptyInput, QStringLiteral("the environment variable %1 is empty").arg(QLatin1String(name)));
    if (passphrase.size() > kMaxBytes)
        return makeError(ErrorCode::InputTooLarge,
                         QStringLiteral("the environment variable %1 is longer than %2 bytes").arg(QLatin1String(name)).arg(kMaxBytes));
    return passphrase;
}

Result<SecureBytes> PassphraseSource::askTwice(bool changing)
{
    const Descriptor tty(openTerminal());
    if (tty.get() < 0)
        return noSource(changing);
    auto first = askOnTerminal(tty.get(), changing ? QStringLiteral("New passphrase: ") : QStringLiteral("Passphrase for the new vault: "));
    if (!first)
        return first;
    if (auto check = checkNotEmpty(first.value(), QStringLiteral("the terminal")); !check)
        return check.error();
    auto second = askOnTerminal(tty.get(), QStringLiteral("Repeat it: "));
    if (!second)
        return second;
    if (!(first.value() == second.value()))
        return makeError(ErrorCode::FieldInvalid, QStringLiteral("the two passphrases differ; nothing was changed"));
    return first;
}

Error PassphraseSource::noSource(bool changing)
{
    if (changing) {
        return makeError(ErrorCode::EmptyInput,
                         QStringLiteral("no new passphrase: give two lines (current, new) on --passphrase-fd N, set the "
                                        "environment variable %1 as well as %2, or run on a terminal to be asked")
                             .arg(QLatin1String(kNewEnvironmentVariable), QLatin1String(kEnvironmentVariable)));
    }
    return makeError(ErrorCode::EmptyInput,
                     QStringLiteral("no passphrase: give it on a descriptor with --passphrase-fd N, in the environment "
                                    "variable %1, or run on a terminal to be asked (it is never an argument)")
                         .arg(QLatin1String(kEnvironmentVariable)));
}

} // namespace td
