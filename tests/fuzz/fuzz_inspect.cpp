// SPDX-License-Identifier: GPL-3.0-or-later
// Feeds arbitrary bytes to the token inspector, with one key of each type so the decrypt and
// verify paths run too. Any crash, hang or sanitizer report is a bug: bad input must only ever
// produce an error value.
#include "core/inspect/TokenInspector.h"

#include <cstddef>
#include <cstdint>

namespace {

QList<td::NamedKey> makeKeys()
{
    QList<td::NamedKey> keys;
    keys.append({QStringLiteral("oct"), td::Jwk::generateOct(256).value()});
    keys.append({QStringLiteral("ec"), td::Jwk::generateEc(td::Curve::P256).value()});
    return keys;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QList<td::NamedKey> keys = makeKeys();
    static const QDateTime now = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const td::InspectionReport report = td::TokenInspector::inspect(input, keys, now);
    (void)report.toJson(now);
    return 0;
}
