// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestPki.h"

#include <QFile>
#include <QSslSocket>

#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace td::test {

namespace {

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

void addExtension(X509 *cert, X509 *issuer, int nid, const QString &value)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.toLatin1().constData());
    if (!extension)
        qFatal("extension %d=%s refused", nid, qPrintable(value));
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
}

void addExtensions(X509 *cert, X509 *issuer, const TestPki::Options &options)
{
    addExtension(cert, issuer, NID_basic_constraints, options.ca ? QStringLiteral("critical,CA:TRUE") : QStringLiteral("CA:FALSE"));
    addExtension(cert, issuer, NID_subject_key_identifier, QStringLiteral("hash"));
    if (options.ca) {
        addExtension(cert, issuer, NID_key_usage, QStringLiteral("critical,keyCertSign,cRLSign"));
        return;
    }
    addExtension(cert, issuer, NID_authority_key_identifier, QStringLiteral("keyid:always"));
    addExtension(cert, issuer, NID_key_usage, QStringLiteral("critical,digitalSignature"));
    addExtension(cert, issuer, NID_ext_key_usage, options.client ? QStringLiteral("clientAuth") : QStringLiteral("serverAuth"));
    QStringList names;
    for (const QString &dns : options.dnsNames)
        names << QStringLiteral("DNS:") + dns;
    for (const QString &ip : options.ipAddresses)
        names << QStringLiteral("IP:") + ip;
    if (!names.isEmpty())
        addExtension(cert, issuer, NID_subject_alt_name, names.join(QLatin1Char(',')));
}

} // namespace

TestPki::Issued TestPki::issue(const Options &options, const Issued *issuer)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509 *cert = X509_new();
    if (!key || !cert)
        qFatal("key or certificate allocation failed");
    Issued issued;
    issued.pkey.reset(key, EVP_PKEY_free);
    issued.x509.reset(cert, X509_free);
    X509_set_version(cert, 2);
    unsigned char serial[8];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BignumPtr serialNumber(BN_bin2bn(serial, sizeof serial, nullptr));
    BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(cert));
    X509_gmtime_adj(X509_getm_notBefore(cert), long(options.notBeforeSecs));
    X509_gmtime_adj(X509_getm_notAfter(cert), long(options.notAfterSecs));
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("TokenDesk tests"), -1, -1, 0);
    const QByteArray commonName = options.commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(commonName.constData()), -1, -1, 0);
    X509 *issuerCert = issuer ? issuer->x509.get() : cert;
    X509_set_issuer_name(cert, X509_get_subject_name(issuerCert));
    addExtensions(cert, issuerCert, options);
    if (X509_sign(cert, issuer ? issuer->pkey.get() : key, EVP_sha256()) <= 0)
        qFatal("signing the test certificate failed");

    BioPtr certBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(certBio.get(), cert);
    issued.certificatePem = bioBytes(certBio.get());
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(keyBio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    issued.keyPem = bioBytes(keyBio.get());
    issued.certificate = QSslCertificate(issued.certificatePem, QSsl::Pem);
    issued.key = QSslKey(issued.keyPem, QSsl::Ec);
    return issued;
}

TestPki::Issued TestPki::ca(const QString &name)
{
    Options options;
    options.commonName = name;
    options.ca = true;
    return issue(options);
}

TestPki::Issued TestPki::server(const Issued &ca, const QString &name)
{
    Options options;
    options.commonName = name;
    options.dnsNames = {name};
    options.ipAddresses = {QStringLiteral("127.0.0.1")};
    return issue(options, &ca);
}

TestPki::Issued TestPki::client(const Issued &ca, const QString &name)
{
    Options options;
    options.commonName = name;
    options.client = true;
    return issue(options, &ca);
}

QByteArray TestPki::encryptedKeyPem(const Issued &issued, const QByteArray &passphrase)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PKCS8PrivateKey(bio.get(), issued.pkey.get(), EVP_aes_256_cbc(), passphrase.constData(),
                                  int(passphrase.size()), nullptr, nullptr);
    return bioBytes(bio.get());
}

QByteArray TestPki::pkcs12(const Issued &issued, const QByteArray &passphrase, const QList<const Issued *> &extra)
{
    X509StackPtr chain(sk_X509_new_null());
    for (const Issued *other : extra) {
        X509_up_ref(other->x509.get());
        sk_X509_push(chain.get(), other->x509.get());
    }
    Pkcs12Ptr p12(PKCS12_create(passphrase.constData(), "client", issued.pkey.get(), issued.x509.get(), chain.get(),
                                0, 0, 0, 0, 0));
    if (!p12)
        qFatal("PKCS12_create failed");
    BioPtr bio(BIO_new(BIO_s_mem()));
    i2d_PKCS12_bio(bio.get(), p12.get());
    return bioBytes(bio.get());
}

QSslConfiguration TestPki::serverConfiguration(const Issued &leaf, const QList<QSslCertificate> &chain,
                                               const QList<QSslCertificate> &clientCa, QSsl::SslProtocol protocol)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(QList<QSslCertificate>{leaf.certificate} + chain);
    config.setPrivateKey(leaf.key);
    config.setProtocol(protocol);
    if (!clientCa.isEmpty()) {
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        config.setCaCertificates(clientCa);
    } else {
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return config;
}

QString TestPki::write(const QString &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir + QLatin1Char('/') + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace td::test
