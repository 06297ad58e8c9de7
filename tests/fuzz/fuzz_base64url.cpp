// SPDX-License-Identifier: GPL-3.0-or-later
// base64url decoding: the strict decoder, its fast path and the alphabet check must agree, and
// whatever decodes must encode back to text that decodes to the same bytes.
#include "FuzzSupport.h"

#include "core/jose/Base64Url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = fuzz::bytes(data, size);
    const td::Result<QByteArray> decoded = td::Base64Url::decode(input, QStringLiteral("fuzz"));
    QByteArray fast;
    const bool fastOk = td::Base64Url::tryDecode(input, fast);
    if (decoded.ok() != fastOk)
        fuzz::violated("decode and tryDecode disagree");
    if (!decoded) {
        (void)decoded.error().toString();
        return 0;
    }
    if (decoded.value() != fast)
        fuzz::violated("decode and tryDecode give different bytes");
    if (!td::Base64Url::isBase64Url(input))
        fuzz::violated("decoded text is not base64url by isBase64Url");
    const QByteArray again = td::Base64Url::encode(decoded.value());
    QByteArray twice;
    if (!td::Base64Url::tryDecode(again, twice) || twice != decoded.value())
        fuzz::violated("encode does not round-trip");
    return 0;
}
