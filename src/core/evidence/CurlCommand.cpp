// SPDX-License-Identifier: GPL-3.0-or-later
#include "CurlCommand.h"

#include <QHash>
#include <QUrl>

#include <optional>

namespace td {

namespace {

Error usage(const QString &message)
{
    return makeError(ErrorCode::CurlInvalid, message);
}

int lineOf(const QString &text, qsizetype at)
{
    return int(text.left(at).count(QLatin1Char('\n'))) + 1;
}

// Reads a $'…' string from `i` (at the first character after the quote) into `word`.
bool readAnsiC(const QString &text, qsizetype &i, QString &word)
{
    static const QHash<QChar, QChar> simple{{QLatin1Char('n'), QLatin1Char('\n')}, {QLatin1Char('t'), QLatin1Char('\t')},
                                            {QLatin1Char('r'), QLatin1Char('\r')}, {QLatin1Char('e'), QChar(0x1b)},
                                            {QLatin1Char('a'), QChar(0x07)},       {QLatin1Char('b'), QChar(0x08)},
                                            {QLatin1Char('f'), QChar(0x0c)},       {QLatin1Char('v'), QChar(0x0b)}};
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\''))
            return true;
        if (c != QLatin1Char('\\') || i + 1 >= text.size()) {
            word += c;
            continue;
        }
        const QChar e = text.at(++i);
        if (simple.contains(e)) {
            word += simple.value(e);
        } else if (e == QLatin1Char('x') || e == QLatin1Char('u')) {
            const int digits = e == QLatin1Char('x') ? 2 : 4;
            bool ok = false;
            const uint code = text.mid(i + 1, digits).toUInt(&ok, 16);
            if (!ok) {
                word += QLatin1Char('\\') + e;
                continue;
            }
            word += QChar(char16_t(code));
            i += digits;
        } else {
            word += e; // \\, \', \" and anything else: the character itself
        }
    }
    return false;
}

// bash: '…', "…" (\ escapes " \ $ ` and newline), $'…', \ outside quotes, \ + newline continues.
Result<QStringList> splitBash(const QString &text)
{
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            if (inWord)
                words.append(std::exchange(word, QString()));
            inWord = false;
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\r'))
                ++i;
            if (i + 1 < text.size() && text.at(i + 1) != QLatin1Char('\n')) {
                word += text.at(i + 1);
                inWord = true;
            } else if (inWord) {
                // bash would glue `'…'\` and the next line's `--header` into one word; a pasted
                // document means two.
                words.append(std::exchange(word, QString()));
                inWord = false;
            }
            ++i;
        } else if (c == QLatin1Char('\'') || (c == QLatin1Char('$') && text.mid(i + 1, 1) == QLatin1String("'"))) {
            const bool ansi = c == QLatin1Char('$');
            const qsizetype start = i;
            i += ansi ? 2 : 1;
            inWord = true;
            if (ansi) {
                if (!readAnsiC(text, i, word))
                    return usage(QStringLiteral("unterminated $'…' string starting on line %1").arg(lineOf(text, start)));
                continue;
            }
            const qsizetype end = text.indexOf(QLatin1Char('\''), i);
            if (end < 0)
                return usage(QStringLiteral("unterminated single quote starting on line %1").arg(lineOf(text, start)));
            word += text.mid(i, end - i);
            i = end;
        } else if (c == QLatin1Char('"')) {
            const qsizetype start = i++;
            inWord = true;
            for (; i < text.size() && text.at(i) != QLatin1Char('"'); ++i) {
                if (text.at(i) == QLatin1Char('\\') && i + 1 < text.size()
                    && QStringLiteral("\"\\$`\n").contains(text.at(i + 1))) {
                    if (text.at(++i) != QLatin1Char('\n'))
                        word += text.at(i);
                } else {
                    word += text.at(i);
                }
            }
            if (i >= text.size())
                return usage(QStringLiteral("unterminated double quote starting on line %1").arg(lineOf(text, start)));
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

// cmd first takes its own escapes (^X is X, ^ at a line's end continues it), then the program
// splits its command line the Microsoft C runtime's way: "…" groups, \" is a quote.
Result<QStringList> splitCmd(const QString &text)
{
    QString line;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('^') || i + 1 >= text.size()) {
            line += text.at(i);
            continue;
        }
        ++i;
        if (text.at(i) == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
            ++i;
        if (text.at(i) != QLatin1Char('\n'))
            line += text.at(i);
    }
    QStringList words;
    QString word;
    bool inWord = false, quoted = false;
    qsizetype quoteStart = 0;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('\\')) {
            qsizetype run = 0;
            while (i + run < line.size() && line.at(i + run) == QLatin1Char('\\'))
                ++run;
            const bool beforeQuote = i + run < line.size() && line.at(i + run) == QLatin1Char('"');
            word += QString(beforeQuote ? run / 2 : run, QLatin1Char('\\'));
            i += run - 1;
            if (beforeQuote && run % 2 == 1) {
                word += QLatin1Char('"');
                ++i;
            }
            inWord = true;
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
            quoteStart = i;
            inWord = true;
        } else if (c.isSpace() && !quoted) {
            if (inWord)
                words.append(std::exchange(word, QString()));
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (quoted)
        return usage(QStringLiteral("unterminated double quote starting on line %1").arg(lineOf(line, quoteStart)));
    if (inWord)
        words.append(word);
    return words;
}

enum class Kind { Method, Header, Data, DataBinary, DataRaw, DataUrlencode, Json, User, Url, Cookie, UserAgent, Referer, Get, Head,
                  IgnoredFlag, IgnoredValue };

std::optional<Kind> longOption(const QString &name)
{
    static const QHash<QString, Kind> options{
        {QStringLiteral("request"), Kind::Method},        {QStringLiteral("header"), Kind::Header},
        {QStringLiteral("data"), Kind::Data},             {QStringLiteral("data-ascii"), Kind::Data},
        {QStringLiteral("data-binary"), Kind::DataBinary},      {QStringLiteral("data-raw"), Kind::DataRaw},
        {QStringLiteral("data-urlencode"), Kind::DataUrlencode}, {QStringLiteral("json"), Kind::Json},
        {QStringLiteral("user"), Kind::User},             {QStringLiteral("url"), Kind::Url},
        {QStringLiteral("cookie"), Kind::Cookie},         {QStringLiteral("user-agent"), Kind::UserAgent},
        {QStringLiteral("referer"), Kind::Referer},       {QStringLiteral("get"), Kind::Get},
        {QStringLiteral("head"), Kind::Head},
        {QStringLiteral("location"), Kind::IgnoredFlag},  {QStringLiteral("compressed"), Kind::IgnoredFlag},
        {QStringLiteral("insecure"), Kind::IgnoredFlag},  {QStringLiteral("silent"), Kind::IgnoredFlag},
        {QStringLiteral("show-error"), Kind::IgnoredFlag}, {QStringLiteral("verbose"), Kind::IgnoredFlag},
        {QStringLiteral("include"), Kind::IgnoredFlag},   {QStringLiteral("globoff"), Kind::IgnoredFlag},
        {QStringLiteral("fail"), Kind::IgnoredFlag},      {QStringLiteral("http1.1"), Kind::IgnoredFlag},
        {QStringLiteral("http2"), Kind::IgnoredFlag},     {QStringLiteral("no-buffer"), Kind::IgnoredFlag},
        {QStringLiteral("max-time"), Kind::IgnoredValue}, {QStringLiteral("connect-timeout"), Kind::IgnoredValue},
        {QStringLiteral("output"), Kind::IgnoredValue},   {QStringLiteral("cacert"), Kind::IgnoredValue},
        {QStringLiteral("cert"), Kind::IgnoredValue},     {QStringLiteral("key"), Kind::IgnoredValue},
        {QStringLiteral("proxy"), Kind::IgnoredValue},    {QStringLiteral("retry"), Kind::IgnoredValue},
    };
    const auto found = options.constFind(name);
    return found == options.constEnd() ? std::nullopt : std::optional<Kind>(*found);
}

std::optional<Kind> shortOption(QChar letter)
{
    static const QHash<QChar, Kind> options{
        {QLatin1Char('X'), Kind::Method}, {QLatin1Char('H'), Kind::Header},      {QLatin1Char('d'), Kind::Data},
        {QLatin1Char('u'), Kind::User},   {QLatin1Char('b'), Kind::Cookie},      {QLatin1Char('A'), Kind::UserAgent},
        {QLatin1Char('e'), Kind::Referer}, {QLatin1Char('G'), Kind::Get},        {QLatin1Char('I'), Kind::Head},
        {QLatin1Char('L'), Kind::IgnoredFlag}, {QLatin1Char('k'), Kind::IgnoredFlag}, {QLatin1Char('s'), Kind::IgnoredFlag},
        {QLatin1Char('S'), Kind::IgnoredFlag}, {QLatin1Char('v'), Kind::IgnoredFlag}, {QLatin1Char('i'), Kind::IgnoredFlag},
        {QLatin1Char('g'), Kind::IgnoredFlag}, {QLatin1Char('f'), Kind::IgnoredFlag},
        {QLatin1Char('m'), Kind::IgnoredValue}, {QLatin1Char('o'), Kind::IgnoredValue}, {QLatin1Char('x'), Kind::IgnoredValue},
    };
    const auto found = options.constFind(letter);
    return found == options.constEnd() ? std::nullopt : std::optional<Kind>(*found);
}

bool takesValue(Kind kind)
{
    return kind != Kind::Get && kind != Kind::Head && kind != Kind::IgnoredFlag;
}

// What the options build up, before the defaults (method, GET's query) are applied.
struct Building {
    CurlCommand command;
    QList<QByteArray> data;
    bool get = false;
    bool json = false;
};

Result<void> apply(Building &b, Kind kind, const QString &option, const QString &value)
{
    CurlCommand &c = b.command;
    switch (kind) {
    case Kind::Method:
        c.method = value.toUtf8();
        break;
    case Kind::Header: {
        const qsizetype colon = value.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return usage(QStringLiteral("%1 \"%2\" is not a header: NAME: VALUE").arg(option, value));
        c.headers.append({value.left(colon).trimmed(), value.mid(colon + 1).trimmed()});
        break;
    }
    case Kind::Data:
    case Kind::DataBinary:
    case Kind::Json:
        if (value.startsWith(QLatin1Char('@')))
            return usage(QStringLiteral("%1 %2 reads the body from a file: paste the body itself").arg(option, value));
        b.json = b.json || kind == Kind::Json;
        // curl drops the line breaks of -d/--data (not of --data-binary, --data-raw, --json).
        b.data.append(kind == Kind::Data ? value.toUtf8().replace('\r', QByteArray()).replace('\n', QByteArray()) : value.toUtf8());
        break;
    case Kind::DataRaw:
        b.data.append(value.toUtf8());
        break;
    case Kind::DataUrlencode: {
        const qsizetype equals = value.indexOf(QLatin1Char('='));
        b.data.append(equals < 0 ? QUrl::toPercentEncoding(value)
                                 : value.left(equals).toUtf8() + '=' + QUrl::toPercentEncoding(value.mid(equals + 1)));
        break;
    }
    case Kind::User:
        c.user = value;
        break;
    case Kind::Url:
        if (!c.urlText.isEmpty())
            return usage(QStringLiteral("two URLs (%1 and %2): give the command of one request").arg(c.urlText, value));
        c.urlText = value;
        break;
    case Kind::Cookie:
        if (!value.contains(QLatin1Char('=')))
            return usage(QStringLiteral("%1 %2 reads cookies from a file: paste the cookie itself").arg(option, value));
        c.headers.append({QStringLiteral("Cookie"), value});
        break;
    case Kind::UserAgent:
        c.headers.append({QStringLiteral("User-Agent"), value});
        break;
    case Kind::Referer:
        c.headers.append({QStringLiteral("Referer"), value});
        break;
    case Kind::Get:
        b.get = true;
        break;
    case Kind::Head:
        c.method = "HEAD";
        break;
    case Kind::IgnoredFlag:
    case Kind::IgnoredValue:
        c.ignored.append(option);
        break;
    }
    return {};
}

// One word that starts with '-': its options, with their values taken from it or the next word.
Result<void> readOption(Building &b, const QStringList &words, qsizetype &i)
{
    const QString word = words.at(i);
    const auto valueAfter = [&words, &i](const QString &option) -> Result<QString> {
        if (i + 1 >= words.size())
            return usage(QStringLiteral("%1 needs a value").arg(option));
        return words.at(++i);
    };
    if (word.startsWith(QLatin1String("--"))) {
        const std::optional<Kind> kind = longOption(word.mid(2));
        if (!kind)
            return usage(QStringLiteral("unknown curl option \"%1\"").arg(word));
        if (!takesValue(*kind))
            return apply(b, *kind, word, {});
        Result<QString> value = valueAfter(word);
        return value ? apply(b, *kind, word, value.value()) : Result<void>(value.error());
    }
    for (qsizetype at = 1; at < word.size(); ++at) {
        const QString option = QStringLiteral("-") + word.at(at);
        const std::optional<Kind> kind = shortOption(word.at(at));
        if (!kind)
            return usage(QStringLiteral("unknown curl option \"%1\" (in \"%2\")").arg(option, word));
        if (!takesValue(*kind)) {
            if (Result<void> applied = apply(b, *kind, option, {}); !applied)
                return applied;
            continue;
        }
        // -XPOST, -H'…': the value is the rest of the word; else the next word.
        Result<QString> value = at + 1 < word.size() ? Result<QString>(word.mid(at + 1)) : valueAfter(option);
        return value ? apply(b, *kind, option, value.value()) : Result<void>(value.error());
    }
    return {};
}

void finish(Building &b)
{
    CurlCommand &c = b.command;
    const QByteArray data = b.data.join('&');
    if (b.json) {
        if (c.header(QStringLiteral("Content-Type")).isEmpty())
            c.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        if (c.header(QStringLiteral("Accept")).isEmpty())
            c.headers.append({QStringLiteral("Accept"), QStringLiteral("application/json")});
    }
    if (b.get && !data.isEmpty()) {
        c.urlText += (c.urlText.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + QString::fromUtf8(data);
    } else {
        c.body = data;
    }
    if (c.method.isEmpty())
        c.method = !c.body.isEmpty() ? "POST" : "GET";
}

} // namespace

Result<QStringList> CurlCommand::split(const QString &text)
{
    if (text.size() > kMaxText)
        return usage(QStringLiteral("the text is %1 characters long; a curl command is at most %2").arg(text.size()).arg(kMaxText));
    // cmd marks its continuations and escapes with ^; bash never writes ^" or a ^ before a line break.
    const bool cmd = text.contains(QLatin1String("^\n")) || text.contains(QLatin1String("^\r\n")) || text.contains(QLatin1String("^\""));
    return cmd ? splitCmd(text) : splitBash(text);
}

Result<CurlCommand> CurlCommand::parse(const QString &text)
{
    Result<QStringList> split = CurlCommand::split(text);
    if (!split)
        return split.error();
    QStringList words = split.value();
    while (!words.isEmpty() && words.constFirst() == QLatin1String("$"))
        words.removeFirst(); // a shell prompt copied along
    if (words.isEmpty() || (words.constFirst() != QLatin1String("curl") && words.constFirst() != QLatin1String("curl.exe")))
        return usage(words.isEmpty() ? QStringLiteral("no curl command: the text is empty")
                                     : QStringLiteral("not a curl command: it starts with \"%1\"").arg(words.constFirst().left(40)));
    Building b;
    for (qsizetype i = 1; i < words.size(); ++i) {
        const QString &word = words.at(i);
        Result<void> read = word.startsWith(QLatin1Char('-')) && word.size() > 1 ? readOption(b, words, i)
                                                                               : apply(b, Kind::Url, QStringLiteral("URL"), word);
        if (!read)
            return read.error();
    }
    if (b.command.urlText.isEmpty())
        return usage(QStringLiteral("the curl command has no URL"));
    finish(b);
    return b.command;
}

QString CurlCommand::header(const QString &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString CurlCommand::path() const
{
    const qsizetype scheme = urlText.indexOf(QLatin1String("://"));
    const qsizetype slash = urlText.indexOf(QLatin1Char('/'), scheme < 0 ? 0 : scheme + 3);
    if (slash < 0)
        return QStringLiteral("/");
    QString path = urlText.mid(slash);
    for (const QChar cut : {QLatin1Char('?'), QLatin1Char('#')}) {
        if (const qsizetype at = path.indexOf(cut); at >= 0)
            path.truncate(at);
    }
    return path;
}

QString CurlCommand::origin() const
{
    const qsizetype scheme = urlText.indexOf(QLatin1String("://"));
    const qsizetype hostStart = scheme < 0 ? 0 : scheme + 3;
    const qsizetype slash = urlText.indexOf(QLatin1Char('/'), hostStart);
    const QString host = urlText.mid(hostStart, slash < 0 ? -1 : slash - hostStart);
    if (host.isEmpty())
        return {};
    return (scheme < 0 ? QStringLiteral("http://") : urlText.left(hostStart)) + host;
}

} // namespace td
