// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/SecretMasker.h"

#include "core/net/SecretNames.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>
#include <cstring>

namespace td {

namespace {

constexpr qsizetype kMinKnownValueLength = 4;

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Index just past the closing quote of the string starting at `start` (which is '"').
qsizetype endOfString(const QByteArray &s, qsizetype start)
{
    qsizetype i = start + 1;
    while (i < s.size()) {
        if (s.at(i) == '\\')
            i += 2;
        else if (s.at(i) == '"')
            return i + 1;
        else
            ++i;
    }
    return s.size();
}

// Index just past the JSON value starting at or after `start` (leading whitespace skipped).
// Index of the first byte at or after `i` that is one of `stops` (the size when none is).
qsizetype endOfToken(const QByteArray &b, qsizetype i, const char *stops)
{
    while (i < b.size() && !std::strchr(stops, b.at(i)))
        ++i;
    return i;
}

qsizetype endOfValue(const QByteArray &s, qsizetype start)
{
    qsizetype i = start;
    while (i < s.size() && isJsonSpace(s.at(i)))
        ++i;
    if (i >= s.size())
        return i;
    const char c = s.at(i);
    if (c == '"')
        return endOfString(s, i);
    if (c == '{' || c == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char d = s.at(i);
            if (d == '"') {
                i = endOfString(s, i);
                continue;
            }
            if (d == '{' || d == '[')
                ++depth;
            else if ((d == '}' || d == ']') && --depth == 0)
                return i + 1;
            ++i;
        }
        return i;
    }
    while (i < s.size() && s.at(i) != ',' && s.at(i) != '}' && s.at(i) != ']' && !isJsonSpace(s.at(i)))
        ++i;
    return i;
}

QString decodeJsonString(const QByteArray &quoted)
{
    return QJsonDocument::fromJson("[" + quoted + "]").array().at(0).toString();
}

// Walks valid JSON text; members whose name is secret have their value replaced by "***" in
// `out` (when given) and their scalar value collected in `found` (when given).
void scanJson(const QByteArray &s, const QStringList &extra, QByteArray *out, QStringList *found)
{
    QList<bool> inObject; // the container stack: true = object, false = array
    bool expectKey = false;
    qsizetype i = 0;
    auto put = [out](QByteArrayView bytes) {
        if (out)
            out->append(bytes);
    };
    auto putChar = [out](char c) {
        if (out)
            out->append(c);
    };
    while (i < s.size()) {
        const char c = s.at(i);
        if (c == '"') {
            const qsizetype end = endOfString(s, i);
            const QByteArray token = s.mid(i, end - i);
            put(token);
            i = end;
            if (!inObject.isEmpty() && inObject.last() && expectKey) {
                expectKey = false;
                while (i < s.size() && s.at(i) != ':')
                    putChar(s.at(i++));
                if (i < s.size())
                    putChar(s.at(i++));
                while (i < s.size() && isJsonSpace(s.at(i)))
                    putChar(s.at(i++));
                if (SecretMasker::isSecret(decodeJsonString(token), extra)) {
                    const qsizetype valueEnd = endOfValue(s, i);
                    const QByteArray value = s.mid(i, valueEnd - i);
                    if (found && value.startsWith('"'))
                        found->append(decodeJsonString(value));
                    else if (found && !value.startsWith('{') && !value.startsWith('['))
                        found->append(QString::fromUtf8(value));
                    put("\"***\"");
                    i = valueEnd;
                }
            }
            continue;
        }
        if (c == '{' || c == '[') {
            inObject.append(c == '{');
            expectKey = c == '{';
        } else if (c == '}' || c == ']') {
            if (!inObject.isEmpty())
                inObject.removeLast();
            expectKey = false;
        } else if (c == ',') {
            expectKey = !inObject.isEmpty() && inObject.last();
        }
        putChar(c);
        ++i;
    }
}

bool isJsonContainer(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && (document.isObject() || document.isArray());
}

// a=1&b=2 with no spaces: how a form-encoded body looks.
bool looksFormEncoded(const QByteArray &body)
{
    if (body.isEmpty() || !body.contains('='))
        return false;
    for (const char c : body) {
        if (isJsonSpace(c) || c == '{' || c == '[' || c == '"')
            return false;
    }
    for (const QByteArray &pair : body.split('&')) {
        if (pair.indexOf('=') <= 0)
            return false;
    }
    return true;
}

QByteArray scanForm(const QByteArray &body, const QStringList &extra, QStringList *found)
{
    QList<QByteArray> pairs = body.split('&');
    for (QByteArray &pair : pairs) {
        const qsizetype eq = pair.indexOf('=');
        const QString name = QString::fromUtf8(QByteArray::fromPercentEncoding(QByteArray(pair.left(eq)).replace('+', ' ')));
        if (!SecretMasker::isSecret(name, extra))
            continue;
        if (found)
            found->append(QString::fromUtf8(QByteArray::fromPercentEncoding(QByteArray(pair.mid(eq + 1)).replace('+', ' '))));
        pair = pair.left(eq + 1) + SecretMasker::mask();
    }
    return pairs.join('&');
}


// Every form a known value takes in stored text: raw, JSON-escaped and percent-encoded; longest
// first, so a value that contains another is replaced whole.
QList<QByteArray> knownNeedles(const QStringList &secretValues)
{
    QList<QByteArray> needles;
    for (const QString &value : secretValues) {
        if (value.size() < kMinKnownValueLength)
            continue;
        const QByteArray raw = value.toUtf8();
        const QByteArray jsonArray = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        const QByteArray escaped = jsonArray.mid(2, jsonArray.size() - 4); // strip [" and "]
        for (const QByteArray &needle : {raw, escaped, raw.toPercentEncoding()}) {
            if (!needles.contains(needle))
                needles.append(needle);
        }
    }
    std::sort(needles.begin(), needles.end(), [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    return needles;
}

// The textual pass matches names loosely: a body that does not parse may come from anything
// (an OAuth-style error page says access_token, a proxy says client-secret).
bool looksSecret(QStringView name, const QStringList &extra)
{
    if (SecretMasker::isSecretHeader(name, extra))
        return true;
    QString folded = name.toString().toLower();
    folded.remove(QLatin1Char('_')).remove(QLatin1Char('-'));
    for (const char *suffix : {"token", "secret", "password", "passwd", "apikey", "privatekey"}) {
        if (folded.endsWith(QLatin1String(suffix)))
            return true;
    }
    return false;
}

struct Span {
    qsizetype start;
    qsizetype end;
};

// End of a loosely written value starting at `i` in text that may be cut anywhere: a string runs
// to its closing quote or the end, a container to its close or the end, a scalar to a delimiter.
qsizetype endOfLooseValue(const QByteArray &b, qsizetype i)
{
    if (i >= b.size())
        return i;
    if (b.at(i) == '\\' && i + 1 < b.size() && b.at(i + 1) == '"') {
        const qsizetype close = b.indexOf("\\\"", i + 2);
        return close < 0 ? b.size() : close + 2;
    }
    if (b.at(i) == '"' || b.at(i) == '{' || b.at(i) == '[')
        return endOfValue(b, i);
    return endOfToken(b, i, ",}]<&;\"\r\n");
}

// End of the value of a `name: value` line: one word, or two after an auth scheme ("Bearer x"),
// so that prose ("Invalid token: it has expired") keeps most of its words.
qsizetype endOfLineValue(const QByteArray &b, qsizetype i)
{
    static const QByteArrayList kSchemes{"bearer", "basic", "digest", "token", "apikey", "negotiate"};
    const char *stops = "<\"' \t\r\n";
    const qsizetype end = endOfToken(b, i, stops);
    if (end < b.size() && b.at(end) == ' ' && kSchemes.contains(b.mid(i, end - i).toLower()))
        return endOfToken(b, end + 1, stops);
    return end;
}

// Spans of values under secret names, in the shapes a body that does not parse shows them.
QList<Span> secretSpans(const QByteArray &b, const QStringList &extra)
{
    const QString t = QString::fromLatin1(b); // one character per byte: offsets are byte offsets
    static const QRegularExpression quotedMember(QStringLiteral(R"(\\?"([A-Za-z0-9_.$-]{1,64})\\?"\s*:\s*)"));
    static const QRegularExpression pair(QStringLiteral(R"((?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,64})=)"));
    static const QRegularExpression line(QStringLiteral(R"((?<![A-Za-z0-9_."-])([A-Za-z0-9_-]{1,64})[ \t]*:[ \t]*(?!//))"));
    static const QRegularExpression element(QStringLiteral(R"(<([A-Za-z0-9_:.-]{1,64})(?:\s[^<>]*)?>)"));
    static const QRegularExpression jose(QStringLiteral(R"(eyJ[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*){1,4})"));
    QList<Span> spans;
    for (auto it = quotedMember.globalMatch(t); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (looksSecret(m.capturedView(1), extra))
            spans.append({m.capturedEnd(0), endOfLooseValue(b, m.capturedEnd(0))});
    }
    for (const QRegularExpression *re : {&pair, &line}) {
        for (auto it = re->globalMatch(t); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (!looksSecret(m.capturedView(1), extra))
                continue;
            const qsizetype start = m.capturedEnd(0);
            spans.append({start, re == &pair ? endOfToken(b, start, "&\"'<>;, \t\r\n") : endOfLineValue(b, start)});
        }
    }
    for (auto it = element.globalMatch(t); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (!looksSecret(m.capturedView(1), extra))
            continue;
        spans.append({m.capturedEnd(0), endOfToken(b, m.capturedEnd(0), "<")});
    }
    for (auto it = jose.globalMatch(t); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        spans.append({m.capturedStart(0), m.capturedEnd(0)});
    }
    return spans;
}

// A known value cut short where the text ends or an ellipsis marks a cut (a truncated body, a
// message quoting the start of one) leaves its first characters: those are masked too.
QByteArray maskCutValues(QByteArray text, const QList<QByteArray> &needles)
{
    static const QByteArray kEllipsis = QByteArrayLiteral("\xE2\x80\xA6");
    constexpr qsizetype kMinCut = 6;
    constexpr qsizetype kMaxCuts = 8; // a message has one; a body full of ellipses is not worth more
    QList<qsizetype> cuts{text.size()};
    // From the last, so earlier offsets hold. (lastIndexOf's -1 means "from the end": stop at 0.)
    for (qsizetype at = text.lastIndexOf(kEllipsis); at >= 0 && cuts.size() <= kMaxCuts;
         at = at > 0 ? text.lastIndexOf(kEllipsis, at - 1) : -1)
        cuts.append(at);
    for (const qsizetype cut : std::as_const(cuts)) {
        qsizetype longest = 0;
        for (const QByteArray &needle : needles) {
            for (qsizetype k = qMin(needle.size() - 1, cut); k >= kMinCut && k > longest; --k) {
                if (QByteArrayView(text).sliced(cut - k, k) == QByteArrayView(needle).first(k))
                    longest = k;
            }
        }
        if (longest > 0)
            text.replace(cut - longest, longest, SecretMasker::mask());
    }
    return text;
}

// Replaces the spans (merged where they overlap) with "***"; their text goes to `found`.
QByteArray replaceSpans(const QByteArray &text, QList<Span> spans, QStringList &found)
{
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.start < b.start; });
    QByteArray out;
    out.reserve(text.size());
    qsizetype at = 0;
    for (const Span &span : std::as_const(spans)) {
        if (span.end <= at || span.end <= span.start)
            continue;
        const qsizetype start = qMax(at, span.start);
        out.append(text.mid(at, start - at));
        QByteArray value = text.mid(start, span.end - start);
        while (value.startsWith('\\') || value.startsWith('"'))
            value.remove(0, 1);
        while (value.endsWith('"') || value.endsWith('\\'))
            value.chop(1);
        found.append(QString::fromUtf8(value.trimmed()));
        out.append(SecretMasker::mask());
        at = span.end;
    }
    out.append(text.mid(at));
    return out;
}

} // namespace

bool SecretMasker::isSecret(QStringView name, const QStringList &extraSecretNames)
{
    if (isSecretName(name))
        return true;
    for (const QString &extra : extraSecretNames) {
        if (name.compare(extra, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool SecretMasker::isSecretHeader(QStringView name, const QStringList &extraSecretNames)
{
    return isSecretHeaderName(name) || isSecret(name, extraSecretNames);
}

HttpHeaders SecretMasker::maskHeaders(const HttpHeaders &headers, const QStringList &extraSecretNames)
{
    HttpHeaders masked = headers;
    for (auto &[name, value] : masked) {
        if (isSecretHeader(QString::fromUtf8(name), extraSecretNames))
            value = mask();
    }
    return masked;
}

bool SecretMasker::isCompactJose(QByteArrayView body)
{
    const QByteArrayView token = body.trimmed();
    if (token.isEmpty())
        return false;
    qsizetype dots = 0;
    for (const char c : token) {
        if (c == '.')
            ++dots;
        else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return dots == 2 || dots == 4;
}

QByteArray SecretMasker::maskJsonBody(const QByteArray &body, const QStringList &extraSecretNames)
{
    if (isCompactJose(body))
        return body;
    if (isJsonContainer(body)) {
        QByteArray out;
        out.reserve(body.size());
        scanJson(body, extraSecretNames, &out, nullptr);
        return out;
    }
    if (looksFormEncoded(body))
        return scanForm(body, extraSecretNames, nullptr);
    return body;
}

QMap<QString, QString> SecretMasker::maskFields(const QMap<QString, QString> &fields, const QStringList &extraSecretNames)
{
    QMap<QString, QString> masked = fields;
    for (auto it = masked.begin(); it != masked.end(); ++it) {
        if (isSecret(it.key(), extraSecretNames))
            it.value() = QString::fromLatin1(mask());
    }
    return masked;
}

QByteArray SecretMasker::maskKnownValues(const QByteArray &text, const QStringList &secretValues)
{
    QByteArray masked = text;
    for (const QByteArray &needle : knownNeedles(secretValues))
        masked.replace(needle, mask());
    return masked;
}

bool SecretMasker::containsKnownValue(const QByteArray &text, const QStringList &secretValues)
{
    const QList<QByteArray> needles = knownNeedles(secretValues);
    return std::any_of(needles.cbegin(), needles.cend(), [&text](const QByteArray &needle) { return text.contains(needle); });
}

QByteArray SecretMasker::maskText(const QByteArray &text, const QStringList &extraSecretNames,
                                  const QStringList &knownSecretValues)
{
    QStringList found = knownSecretValues;
    const QByteArray masked = replaceSpans(text, secretSpans(text, extraSecretNames), found);
    return maskCutValues(maskKnownValues(masked, found), knownNeedles(knownSecretValues));
}

QByteArray SecretMasker::withheld(const QByteArray &body)
{
    const QByteArray digest = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(12);
    return QByteArrayLiteral("body withheld (") + QByteArray::number(body.size()) + QByteArrayLiteral(" bytes, sha256 ")
        + digest + ')';
}

QByteArray SecretMasker::maskBody(const QByteArray &body, const QStringList &extraSecretNames,
                                  const QStringList &knownSecretValues)
{
    if (body.isEmpty())
        return body;
    if (body.size() > kMaxMaskedBodyBytes)
        return withheld(body);
    QByteArray masked;
    if (isCompactJose(body) || isJsonContainer(body) || looksFormEncoded(body)) {
        // Values under secret names are masked wherever else they appear in the body too.
        const QStringList values = knownSecretValues + secretValuesInBody(body, extraSecretNames);
        masked = maskKnownValues(maskJsonBody(body, extraSecretNames), values);
    } else {
        masked = maskText(body, extraSecretNames, knownSecretValues);
    }
    return containsKnownValue(masked, knownSecretValues) ? withheld(body) : masked;
}

QString SecretMasker::maskKnownValues(const QString &text, const QStringList &secretValues)
{
    return QString::fromUtf8(maskKnownValues(text.toUtf8(), secretValues));
}

QStringList SecretMasker::secretValuesInBody(const QByteArray &body, const QStringList &extraSecretNames)
{
    QStringList found;
    if (isJsonContainer(body))
        scanJson(body, extraSecretNames, nullptr, &found);
    else if (looksFormEncoded(body))
        scanForm(body, extraSecretNames, &found);
    return found;
}

QStringList SecretMasker::secretValuesIn(const HttpRequest &request, const QStringList &extraSecretNames)
{
    QStringList found;
    for (const auto &[name, value] : request.headers) {
        if (!isSecretHeader(QString::fromUtf8(name), extraSecretNames))
            continue;
        const QString text = QString::fromUtf8(value);
        found.append(text);
        const qsizetype space = text.indexOf(QLatin1Char(' '));
        if (space > 0)
            found.append(text.mid(space + 1).trimmed()); // "Bearer <token>"
    }
    const QUrlQuery query(request.url);
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (isSecret(name, extraSecretNames))
            found.append(value);
    }
    if (!request.url.password().isEmpty())
        found.append(request.url.password());
    found.append(secretValuesInBody(request.body, extraSecretNames));
    return found;
}

QByteArray SecretMasker::maskUrl(const QUrl &url, const QStringList &extraSecretNames, const QStringList &secretValues)
{
    QUrl masked = url;
    if (!masked.password().isEmpty())
        masked.setPassword(QString::fromLatin1(mask()));
    if (masked.hasQuery()) {
        QUrlQuery query(masked);
        QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
        for (auto &[name, value] : items) {
            if (isSecret(QUrl::fromPercentEncoding(name.toUtf8()), extraSecretNames))
                value = QString::fromLatin1(mask());
        }
        query.setQueryItems(items);
        masked.setQuery(query);
    }
    return maskKnownValues(masked.toEncoded(), secretValues);
}

HttpRequest SecretMasker::maskRequest(const HttpRequest &request, const QStringList &extraSecretNames,
                                      const QStringList &secretValues)
{
    const QStringList values = secretValues + secretValuesIn(request, extraSecretNames);
    HttpRequest masked = request;
    masked.url = QUrl::fromEncoded(maskUrl(request.url, extraSecretNames, values));
    masked.headers = maskHeaders(request.headers, extraSecretNames);
    for (auto &header : masked.headers)
        header.second = maskKnownValues(header.second, values);
    masked.body = maskBody(request.body, extraSecretNames, values);
    return masked;
}

} // namespace td
