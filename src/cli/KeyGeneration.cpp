// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyGeneration.h"

#include "cli/CliArgs.h"

namespace td {

namespace {

Error usage(const QString &message)
{
    return makeError(ErrorCode::Usage, message);
}

Result<Jwk> generate(const CliArgs &args)
{
    const QString kty = args.value(QStringLiteral("kty"));
    if (kty.isEmpty())
        return usage(QStringLiteral("--kty is required (EC, RSA or oct)"));
    const bool hasSize = args.has(QStringLiteral("size"));
    int size = 0;
    if (hasSize) {
        bool ok = false;
        size = args.value(QStringLiteral("size")).toInt(&ok);
        if (!ok || size <= 0)
            return usage(QStringLiteral("--size needs a positive number of bits, not '%1'").arg(args.value(QStringLiteral("size"))));
    }
    if (kty.compare(QLatin1String("EC"), Qt::CaseInsensitive) == 0) {
        if (hasSize)
            return usage(QStringLiteral("--size does not apply to EC keys; choose the curve with --crv"));
        const QString crvName = args.has(QStringLiteral("crv")) ? args.value(QStringLiteral("crv")) : QStringLiteral("P-256");
        const Curve curve = curveFromName(crvName);
        if (curve == Curve::None)
            return usage(QStringLiteral("unknown curve '%1' (P-256, P-384 or P-521)").arg(crvName));
        return Jwk::generateEc(curve);
    }
    if (args.has(QStringLiteral("crv")))
        return usage(QStringLiteral("--crv applies to EC keys only"));
    if (kty.compare(QLatin1String("RSA"), Qt::CaseInsensitive) == 0) {
        const int bits = hasSize ? size : 2048;
        if (bits < 2048 || bits > 4096 || bits % 8 != 0)
            return usage(QStringLiteral("RSA --size must be 2048 to 4096 bits, a multiple of 8, not %1").arg(bits));
        return Jwk::generateRsa(bits);
    }
    if (kty.compare(QLatin1String("oct"), Qt::CaseInsensitive) == 0) {
        const int bits = hasSize ? size : 256;
        if (bits < 8 || bits > 8192 || bits % 8 != 0)
            return usage(QStringLiteral("oct --size must be 8 to 8192 bits, a multiple of 8, not %1").arg(bits));
        return Jwk::generateOct(bits);
    }
    return usage(QStringLiteral("unknown key type '%1' (EC, RSA or oct)").arg(kty));
}

} // namespace

Result<Jwk> KeyGeneration::fromArgs(const CliArgs &args)
{
    Result<Jwk> key = generate(args);
    if (key && args.has(QStringLiteral("kid")))
        key->setKid(args.value(QStringLiteral("kid")));
    return key;
}

} // namespace td
