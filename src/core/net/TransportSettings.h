// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/SecureBytes.h"

#include <QString>
#include <QStringList>

namespace td {

// Per-environment transport rules for ApiClient.
struct TransportSettings {
    int timeoutMs = 30000;                    // whole request, connect to last byte
    qint64 maxResponseBytes = 8 * 1024 * 1024;
    QString extraCaFile;                      // PEM bundle added to the system CAs
    bool insecure = false;                    // skip TLS verification; shown in red wherever on
    QString clientCertFile;                   // PEM (with the key, or see clientKeyFile) or PKCS#12
    QString clientKeyFile;                    // PEM key when it is not in clientCertFile
    // For an encrypted key or PKCS#12; never saved. Empty: TOKENDESK_CLIENT_CERT_PASSPHRASE.
    SecureBytes clientCertPassphrase;
    // A client certificate from the vault (clientCertFile then names it, "vault:NAME"): chain PEM
    // and key PEM in memory, preferred over the files; never saved.
    QByteArray clientCertPem;
    SecureBytes clientKeyPem;
    QStringList pins;                         // "sha256//BASE64", any one must match the verified chain
    QString proxy;                            // http://, https:// or socks5:// URL; empty: the *_proxy variables
    bool noProxy = false;                     // straight to the server, whatever the variables say
};

} // namespace td
