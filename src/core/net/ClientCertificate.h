// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArrayView>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

namespace td {

// A client certificate for mutual TLS: the certificate (then any intermediates) and its private
// key, read from PEM (certificate and key in one file or two, key optionally encrypted) or from
// PKCS#12. The key goes to Qt as an OpenSSL handle, so any key type OpenSSL reads works.
struct ClientCertificate {
    QList<QSslCertificate> chain; // leaf first
    QSslKey key;

    // `keyFile` empty: the key is in `certFile`. A file without "-----BEGIN" is read as PKCS#12.
    static Result<ClientCertificate> load(const QString &certFile, const QString &keyFile, QByteArrayView passphrase);
    static Result<ClientCertificate> fromPem(QByteArrayView certificates, QByteArrayView key, QByteArrayView passphrase,
                                             const QString &source);
    static Result<ClientCertificate> fromPkcs12(QByteArrayView der, QByteArrayView passphrase, const QString &source);
};

} // namespace td
