// SPDX-License-Identifier: GPL-3.0-or-later
#include "Base64Url.h"

#include <QtGlobal>

#include <array>
#include <cstdint>
#include <cstring>

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

// A table-driven decoder for the common case of well-formed input: Qt's general decoder costs
// several times more than AES-GCM on the same bytes, which made base64url dominate decrypting a
// JWE. Each table holds a character's 6 bits already shifted into place within the 3 output
// bytes (as a little-endian 32-bit word), so a group of 4 characters costs 4 loads, 3 ORs and
// one store. Characters outside the alphabet map to kInvalid, whose bit 24 survives the ORs.
constexpr std::uint32_t kInvalid = 0x01ffffff;
using DecodeTable = std::array<std::uint32_t, 256>;

constexpr DecodeTable makeDecodeTable(int position)
{
    DecodeTable table{};
    for (auto &entry : table)
        entry = kInvalid;
    const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (std::uint32_t v = 0; v < 64; ++v) {
        std::uint32_t shifted = 0;
        switch (position) {
        case 0: shifted = v << 2; break;
        case 1: shifted = (v >> 4) | ((v & 0x0f) << 12); break;
        case 2: shifted = ((v >> 2) << 8) | ((v & 0x03) << 22); break;
        default: shifted = v << 16; break;
        }
        table[static_cast<unsigned char>(alphabet[v])] = shifted;
    }
    return table;
}

bool decodeFast(QByteArrayView text, QByteArray &out)
{
    static constexpr DecodeTable d0 = makeDecodeTable(0);
    static constexpr DecodeTable d1 = makeDecodeTable(1);
    static constexpr DecodeTable d2 = makeDecodeTable(2);
    static constexpr DecodeTable d3 = makeDecodeTable(3);
    const qsizetype size = text.size();
    const qsizetype tail = size % 4;
    if (tail == 1)
        return false;
    const qsizetype outSize = size / 4 * 3 + (tail ? tail - 1 : 0);
    // One spare byte: each group stores a whole 32-bit word of which the next group overwrites
    // the last byte.
    out.resize(outSize + 1);
    const auto *in = reinterpret_cast<const unsigned char *>(text.data());
    auto *dst = reinterpret_cast<unsigned char *>(out.data());
    std::uint32_t invalid = 0;
    qsizetype i = 0;
    for (; i + 4 <= size; i += 4, dst += 3) {
        const std::uint32_t word = d0[in[i]] | d1[in[i + 1]] | d2[in[i + 2]] | d3[in[i + 3]];
        invalid |= word;
#if defined(Q_BYTE_ORDER) && Q_BYTE_ORDER == Q_LITTLE_ENDIAN
        std::memcpy(dst, &word, 4); // the low byte first: exactly the 3 output bytes, then one spare
#else
        const unsigned char bytes[4] = {static_cast<unsigned char>(word), static_cast<unsigned char>(word >> 8),
                                        static_cast<unsigned char>(word >> 16), 0};
        std::memcpy(dst, bytes, 4);
#endif
    }
    if (tail >= 2) {
        const std::uint32_t word = d0[in[i]] | d1[in[i + 1]] | (tail == 3 ? d2[in[i + 2]] : 0);
        invalid |= word;
        dst[0] = static_cast<unsigned char>(word);
        if (tail == 3)
            dst[1] = static_cast<unsigned char>(word >> 8);
    }
    out.resize(outSize);
    return (invalid & 0xff000000) == 0;
}

} // namespace

bool Base64Url::tryDecode(QByteArrayView text, QByteArray &out)
{
    return decodeFast(text, out);
}

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
    QByteArray fast;
    if (decodeFast(text, fast))
        return fast;
    // Not well-formed: find the first offending character and say what it is.
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
    // Every character is in the alphabet and the length is possible, so the fast path accepted it.
    return makeError(ErrorCode::SegmentNotBase64Url, QStringLiteral("%1 is not valid base64url").arg(what));
}

} // namespace td
