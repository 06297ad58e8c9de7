// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace td {

// Per-environment transport rules for ApiClient.
struct TransportSettings {
    int timeoutMs = 30000;                    // whole request, connect to last byte
    qint64 maxResponseBytes = 8 * 1024 * 1024;
    QString extraCaFile;                      // PEM bundle added to the system CAs
    bool insecure = false;                    // skip TLS verification; shown in red wherever on
};

} // namespace td
