// SPDX-License-Identifier: GPL-3.0-or-later
#include "CompactSerialization.h"

#include "core/jose/Base64Url.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace td {

namespace {
bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
} // namespace

Result<QByteArrayView> CompactSerialization::prepare(QByteArrayView input)
{
    if (input.size() > kMaxTokenBytes)
        return makeError(ErrorCode::InputTooLarge,
                         QStringLiteral("the token is %1 MiB; tokens larger than %2 MiB are refused")
                             .arg(static_cast<double>(input.size()) / (1024.0 * 1024.0), 0, 'f', 1)
                             .arg(kMaxTokenBytes / (1024 * 1024)));
    qsizetype begin = 0;
    qsizetype end = input.size();
    while (begin < end && isSpace(input[begin]))
        ++begin;
    while (end > begin && isSpace(input[end - 1]))
        --end;
    if (begin == end)
        return makeError(ErrorCode::EmptyInput, QStringLiteral("the token is empty"));
    return input.sliced(begin, end - begin);
}

Result<QList<QByteArrayView>> CompactSerialization::split(QByteArrayView token, const QList<int> &allowedCounts,
                                                          const QString &kind)
{
    QList<QByteArrayView> segments;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= token.size(); ++i) {
        if (i == token.size() || token[i] == '.') {
            segments.append(token.sliced(start, i - start));
            start = i + 1;
        }
    }
    if (allowedCounts.contains(static_cast<int>(segments.size())))
        return segments;
    QStringList expected;
    for (int count : allowedCounts)
        expected << QString::number(count);
    return makeError(ErrorCode::SegmentCount,
                     QStringLiteral("the token has %1 segment%2 separated by '.'; a %3 in compact serialization has %4")
                         .arg(segments.size())
                         .arg(segments.size() == 1 ? QString() : QStringLiteral("s"))
                         .arg(kind, expected.join(QStringLiteral(" or "))));
}

Result<QByteArray> CompactSerialization::decodeSegment(QByteArrayView segment, int index, const QString &name)
{
    QByteArray decoded;
    if (Base64Url::tryDecode(segment, decoded))
        return decoded;
    return Base64Url::decode(segment, QStringLiteral("segment %1 (%2)").arg(index + 1).arg(name));
}

Result<QJsonObject> CompactSerialization::parseHeader(const QByteArray &decoded)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(decoded, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(ErrorCode::HeaderNotJson,
                         QStringLiteral("the protected header is not JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return makeError(ErrorCode::HeaderNotObject, QStringLiteral("the protected header is JSON but not an object"));
    return document.object();
}

Result<void> CompactSerialization::checkCrit(const QJsonObject &header, const QStringList &understood)
{
    const QJsonValue crit = header.value(QStringLiteral("crit"));
    if (crit.isUndefined())
        return {};
    if (!crit.isArray() || crit.toArray().isEmpty())
        return makeError(ErrorCode::InvalidHeaderParameter, QStringLiteral("\"crit\" must be a non-empty array of header names"));
    for (const QJsonValue &value : crit.toArray()) {
        const QString name = value.toString();
        if (!value.isString() || name.isEmpty())
            return makeError(ErrorCode::InvalidHeaderParameter, QStringLiteral("\"crit\" must contain header names (strings)"));
        if (!understood.contains(name))
            return makeError(ErrorCode::UnknownCrit,
                             QStringLiteral("the header marks \"%1\" as critical (crit), and TokenDesk does not "
                                            "understand that extension, so the token must be refused").arg(name));
        if (!header.contains(name))
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("\"crit\" names \"%1\", which is not in the header").arg(name));
    }
    return {};
}

} // namespace td
