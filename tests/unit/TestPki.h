// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/OpenSslPtr.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStringList>

#include <memory>

namespace td::test {

// Certificates made by the test with OpenSSL, for real TLS on loopback: a CA, server and client
// certificates signed by it (or self-signed), with the validity and names a case needs. P-256.
class TestPki
{
public:
    struct Options {
        QString commonName;
        QStringList dnsNames;
        QStringList ipAddresses;
        bool ca = false;
        bool client = false;       // extendedKeyUsage clientAuth instead of serverAuth
        qint64 notBeforeSecs = -3600;  // relative to now
        qint64 notAfterSecs = 86400;
    };

    struct Issued {
        QSslCertificate certificate;
        QSslKey key;
        QByteArray certificatePem;
        QByteArray keyPem;           // PKCS#8, unencrypted
        std::shared_ptr<EVP_PKEY> pkey;
        std::shared_ptr<X509> x509;
    };

    // Signed by `issuer`, or self-signed when it is null.
    static Issued issue(const Options &options, const Issued *issuer = nullptr);
    static Issued server(const Issued &ca, const QString &name = QStringLiteral("localhost"));
    static Issued client(const Issued &ca, const QString &name);
    static Issued ca(const QString &name);

    static QByteArray encryptedKeyPem(const Issued &issued, const QByteArray &passphrase);
    static QByteArray pkcs12(const Issued &issued, const QByteArray &passphrase, const QList<const Issued *> &extra = {});
    // A server configuration presenting `leaf` (then `chain`); `clientCa` set: requires a client
    // certificate signed by it.
    static QSslConfiguration serverConfiguration(const Issued &leaf, const QList<QSslCertificate> &chain = {},
                                                 const QList<QSslCertificate> &clientCa = {},
                                                 QSsl::SslProtocol protocol = QSsl::TlsV1_2OrLater);
    // Writes `bytes` to `dir/name` and returns the path.
    static QString write(const QString &dir, const QString &name, const QByteArray &bytes);
};

} // namespace td::test
