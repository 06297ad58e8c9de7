// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/crypto/SecureBytes.h"

#include <QByteArrayView>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

#include <memory>

struct evp_pkey_st;

namespace td {

// A client certificate for mutual TLS: the certificate (then any intermediates) and its private
// key, read from PEM (certificate and key in one file or two, key optionally encrypted) or from
// PKCS#12. The key goes to Qt as an OpenSSL handle, so any key type OpenSSL reads works.
struct ClientCertificate {
    QList<QSslCertificate> chain; // leaf first
    QSslKey key;
    // The same key as OpenSSL's own (a reference of its own): Qt's handle is backend-specific.
    std::shared_ptr<evp_pkey_st> pkey;

    // `keyFile` empty: the key is in `certFile`. A file without "-----BEGIN" is read as PKCS#12.
    static Result<ClientCertificate> load(const QString &certFile, const QString &keyFile, QByteArrayView passphrase);
    static Result<ClientCertificate> fromPem(QByteArrayView certificates, QByteArrayView key, QByteArrayView passphrase,
                                             const QString &source);
    static Result<ClientCertificate> fromPkcs12(QByteArrayView der, QByteArrayView passphrase, const QString &source);

    // The chain as PEM and the key as unencrypted PKCS#8 PEM, for the vault (which encrypts it).
    QByteArray chainPem() const;
    Result<SecureBytes> keyPem() const;
};

} // namespace td
