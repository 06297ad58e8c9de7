// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliArgs.h"

#include <QFile>

namespace td {

namespace {

const CliOption *findOption(const QList<CliOption> &options, const QString &name)
{
    for (const CliOption &option : options) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

Error usage(const QString &message)
{
    return makeError(ErrorCode::Usage, message);
}

} // namespace

Result<CliArgs> CliArgs::parse(const QByteArrayList &args, const QList<CliOption> &options, int maxPositionals)
{
    CliArgs parsed;
    bool flagsEnded = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QByteArray &arg = args.at(i);
        const bool isFlag = !flagsEnded && arg.size() > 1 && arg.startsWith('-');
        if (!flagsEnded && arg == "--") {
            flagsEnded = true;
            continue;
        }
        if (!isFlag) {
            if (parsed.m_positionals.size() >= maxPositionals)
                return usage(QStringLiteral("unexpected argument '%1'").arg(QString::fromLocal8Bit(arg.left(40))));
            parsed.m_positionals.append(arg);
            continue;
        }
        if (arg == "-h" || arg == "--help") {
            parsed.m_help = true;
            continue;
        }
        // A one-letter option ("-o FILE") is spelled with one dash; every other with two.
        const bool shortFlag = arg.size() == 2 && findOption(options, QString::fromLatin1(arg.mid(1))) != nullptr;
        if (!arg.startsWith("--") && !shortFlag)
            return usage(QStringLiteral("unknown flag '%1'").arg(QString::fromLocal8Bit(arg)));

        const qsizetype equals = shortFlag ? -1 : arg.indexOf('=');
        const QString name = QString::fromLocal8Bit(shortFlag ? arg.mid(1) : arg.mid(2, equals < 0 ? -1 : equals - 2));
        const CliOption *option = findOption(options, name);
        if (!option)
            return usage(QStringLiteral("unknown flag '--%1'").arg(name));
        if (!option->repeatable && parsed.m_values.contains(name))
            return usage(QStringLiteral("--%1 given more than once").arg(name));

        QByteArray value;
        if (option->takesValue) {
            if (equals >= 0) {
                value = arg.mid(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.at(++i);
            } else {
                return usage(QStringLiteral("--%1 needs a value").arg(name));
            }
        } else if (equals >= 0) {
            return usage(QStringLiteral("--%1 takes no value").arg(name));
        }
        parsed.m_values[name].append(value);
    }
    return parsed;
}

QString CliArgs::value(const QString &name) const
{
    const QByteArrayList list = m_values.value(name);
    return list.isEmpty() ? QString() : QString::fromLocal8Bit(list.constLast());
}

QStringList CliArgs::values(const QString &name) const
{
    QStringList result;
    for (const QByteArray &raw : m_values.value(name))
        result.append(QString::fromLocal8Bit(raw));
    return result;
}

QStringList CliArgs::paths(const QString &name) const
{
    QStringList result;
    for (const QByteArray &raw : m_values.value(name))
        result.append(QFile::decodeName(raw));
    return result;
}

std::optional<QByteArray> CliArgs::dataArgument(int index) const
{
    if (index >= m_positionals.size() || m_positionals.at(index) == "-")
        return std::nullopt;
    return m_positionals.at(index);
}

} // namespace td
