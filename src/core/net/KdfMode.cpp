// SPDX-License-Identifier: GPL-3.0-or-later
#include "KdfMode.h"

#include <QCoreApplication>

namespace td {

QString kdfModeName(KdfMode mode)
{
    switch (mode) {
    case KdfMode::Raw: return QStringLiteral("raw");
    case KdfMode::Concat: return QStringLiteral("concat");
    case KdfMode::Sha256: return QStringLiteral("sha256");
    }
    return QStringLiteral("raw");
}

std::optional<KdfMode> kdfModeFromName(QStringView name)
{
    for (KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        if (name.compare(kdfModeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

QString kdfModeText(KdfMode mode)
{
    switch (mode) {
    case KdfMode::Raw: return QCoreApplication::translate("KdfMode", "raw (default)");
    case KdfMode::Concat: return QCoreApplication::translate("KdfMode", "concat");
    case KdfMode::Sha256: return QCoreApplication::translate("KdfMode", "sha256");
    }
    return kdfModeName(mode);
}

QString kdfModeDescription(KdfMode mode)
{
    switch (mode) {
    case KdfMode::Raw: return QCoreApplication::translate("KdfMode", "raw: key = Z, the ECDH secret as it is (default)");
    case KdfMode::Concat: return QCoreApplication::translate("KdfMode", "concat: the RFC 7518 Concat KDF over Z");
    case KdfMode::Sha256: return QCoreApplication::translate("KdfMode", "sha256: key = SHA-256(Z)");
    }
    return kdfModeName(mode);
}

} // namespace td
