// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/SecretMasker.h"

#include "core/api/SecretNames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>

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

HttpHeaders SecretMasker::maskHeaders(const HttpHeaders &headers, const QStringList &extraSecretNames)
{
    HttpHeaders masked = headers;
    for (auto &[name, value] : masked) {
        if (isSecret(QString::fromUtf8(name), extraSecretNames))
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
    // Longest first, so a value that contains another is replaced whole.
    std::sort(needles.begin(), needles.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    QByteArray masked = text;
    for (const QByteArray &needle : std::as_const(needles))
        masked.replace(needle, mask());
    return masked;
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
        if (!isSecret(QString::fromUtf8(name), extraSecretNames))
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
    masked.body = maskKnownValues(maskJsonBody(request.body, extraSecretNames), values);
    return masked;
}

} // namespace td
