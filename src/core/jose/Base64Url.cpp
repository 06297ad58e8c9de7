// SPDX-License-Identifier: GPL-3.0-or-later
#include "Base64Url.h"

namespace td {

namespace {

constexpr auto kUrlOptions = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

bool isUrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool isStandardBase64(QByteArrayView text)
{
    const auto result = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    return result.decodingStatus == QByteArray::Base64DecodingStatus::Ok;
}

QString describeChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f)
        return QStringLiteral("byte 0x%1").arg(u, 2, 16, QLatin1Char('0'));
    return QStringLiteral("'%1'").arg(QLatin1Char(c));
}

} // namespace

QByteArray Base64Url::encode(QByteArrayView data)
{
    return data.toByteArray().toBase64(kUrlOptions);
}

bool Base64Url::isBase64Url(QByteArrayView text)
{
    if (text.size() % 4 == 1)
        return false;
    for (char c : text)
        if (!isUrlChar(c))
            return false;
    return true;
}

Result<QByteArray> Base64Url::decode(QByteArrayView text, const QString &what)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (isUrlChar(c))
            continue;
        if ((c == '+' || c == '/' || c == '=') && isStandardBase64(text))
            return makeError(ErrorCode::SegmentIsStandardBase64,
                             QStringLiteral("%1 is standard base64, not base64url: %2 at position %3; JOSE "
                                            "uses '-' and '_' instead of '+' and '/', and no '=' padding")
                                 .arg(what, describeChar(c))
                                 .arg(i + 1));
        return makeError(ErrorCode::SegmentNotBase64Url,
                         QStringLiteral("%1 is not base64url: %2 at position %3 is not in the alphabet "
                                        "A-Z a-z 0-9 - _")
                             .arg(what, describeChar(c))
                             .arg(i + 1));
    }
    if (text.size() % 4 == 1)
        return makeError(ErrorCode::SegmentNotBase64Url,
                         QStringLiteral("%1 is not base64url: its length %2 is impossible for base64 (one "
                                        "character too many or too few; truncated?)")
                             .arg(what)
                             .arg(text.size()));
    auto decoded = QByteArray::fromBase64Encoding(text.toByteArray(), kUrlOptions | QByteArray::AbortOnBase64DecodingErrors);
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
        return makeError(ErrorCode::SegmentNotBase64Url, QStringLiteral("%1 is not valid base64url").arg(what));
    return std::move(decoded.decoded);
}

} // namespace td
