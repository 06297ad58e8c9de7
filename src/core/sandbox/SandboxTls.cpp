// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxTls.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/io/SafeFile.h"
#include "core/net/TlsSessionInfo.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSslCertificate>

#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace td {

namespace {

constexpr long kCaDays = 3650;
constexpr long kServerDays = 397; // what browsers accept for a server certificate

enum class Role { Ca, Server, Client };

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    const bool ok = extension && X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return ok;
}

struct Made {
    X509Ptr cert;
    EvpPkeyPtr key;
};

// A P-256 key and a certificate for it in `role`, signed by `issuer` (self-signed for the CA).
Result<Made> make(Role role, const char *commonName, const Made *issuer, long days)
{
    Made made{X509Ptr(X509_new()), EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"))};
    unsigned char serial[16];
    if (!made.cert || !made.key || RAND_bytes(serial, sizeof serial) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("The sandbox's TLS key could not be made"));
    serial[0] &= 0x7f;
    X509 *cert = made.cert.get();
    X509_set_version(cert, 2);
    BignumPtr number(BN_bin2bn(serial, sizeof serial, nullptr));
    BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert));
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), days * 86400);
    X509_set_pubkey(cert, made.key.get());
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("TokenDesk sandbox"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(commonName), -1, -1, 0);
    X509 *issuerCert = issuer ? issuer->cert.get() : cert;
    X509_set_issuer_name(cert, X509_get_subject_name(issuerCert));
    const bool ca = role == Role::Ca;
    bool ok = addExtension(cert, issuerCert, NID_basic_constraints, ca ? "critical,CA:TRUE,pathlen:0" : "CA:FALSE")
        && addExtension(cert, issuerCert, NID_subject_key_identifier, "hash")
        && addExtension(cert, issuerCert, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    if (ok && !ca)
        ok = addExtension(cert, issuerCert, NID_authority_key_identifier, "keyid:always")
            && addExtension(cert, issuerCert, NID_ext_key_usage, role == Role::Server ? "serverAuth" : "clientAuth");
    if (ok && role == Role::Server)
        ok = addExtension(cert, issuerCert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
    if (!ok || X509_sign(cert, issuer ? issuer->key.get() : made.key.get(), EVP_sha256()) <= 0)
        return openSslError(ErrorCode::Crypto, QStringLiteral("The sandbox's TLS certificate could not be made"));
    return made;
}

Result<void> save(const QString &certPath, const QString &keyPath, const Made &made)
{
    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), made.cert.get()) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), made.key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("The sandbox's TLS files could not be written"));
    if (Result<void> key = writeFileAtomically(keyPath, bioBytes(keyBio.get())); !key)
        return key;
    return writeFileAtomically(certPath, bioBytes(certBio.get()));
}

// The CA kept in the folder, or nothing when it is missing or unreadable.
std::optional<Made> loadCa(const QString &certPath, const QString &keyPath)
{
    QFile certFile(certPath);
    QFile keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray certPem = certFile.readAll();
    const QByteArray keyPem = keyFile.readAll();
    BioPtr certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
    BioPtr keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    Made ca{X509Ptr(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr)),
            EvpPkeyPtr(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, const_cast<char *>("")))};
    drainOpenSslErrors();
    if (!ca.cert || !ca.key || X509_check_private_key(ca.cert.get(), ca.key.get()) != 1) {
        drainOpenSslErrors();
        return std::nullopt;
    }
    return ca;
}

// Certificate and key in one file, written 0600 (writeFileAtomically's mode): client.pem.
Result<void> saveTogether(const QString &path, const Made &made)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), made.cert.get()) != 1
        || PEM_write_bio_PrivateKey(bio.get(), made.key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("The sandbox's client certificate could not be written"));
    return writeFileAtomically(path, bioBytes(bio.get()));
}

bool stillGood(const QString &certPath)
{
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(certPath, QSsl::Pem);
    // A day of margin, so a run that starts just before the expiry does not end past it.
    return !certs.isEmpty() && certs.constFirst().expiryDate() > QDateTime::currentDateTimeUtc().addDays(1);
}

} // namespace

Result<SandboxTls> SandboxTls::ensure(const QString &folder)
{
    const QDir dir(folder);
    SandboxTls tls{dir.filePath(QStringLiteral("ca.pem")), dir.filePath(QStringLiteral("server.pem")),
                   dir.filePath(QStringLiteral("server.key")), {}, dir.filePath(QStringLiteral("client.pem"))};
    const QString caKey = dir.filePath(QStringLiteral("ca.key"));
    std::optional<Made> ca = stillGood(tls.caFile) ? loadCa(tls.caFile, caKey) : std::nullopt;
    const bool newCa = !ca;
    if (newCa) {
        Result<Made> made = make(Role::Ca, "TokenDesk sandbox CA", nullptr, kCaDays);
        if (!made)
            return made.error();
        if (Result<void> saved = save(tls.caFile, caKey, made.value()); !saved)
            return saved.error();
        ca = std::move(made).value();
    }
    if (newCa || !stillGood(tls.certFile) || !QFile::exists(tls.keyFile)) {
        Result<Made> server = make(Role::Server, "localhost", &*ca, kServerDays);
        if (!server)
            return server.error();
        if (Result<void> saved = save(tls.certFile, tls.keyFile, server.value()); !saved)
            return saved.error();
    }
    if (newCa || !stillGood(tls.clientFile)) {
        Result<Made> client = make(Role::Client, "TokenDesk sandbox client", &*ca, kServerDays);
        if (!client)
            return client.error();
        if (Result<void> saved = saveTogether(tls.clientFile, client.value()); !saved)
            return saved.error();
    }
    const QList<QSslCertificate> server = QSslCertificate::fromPath(tls.certFile, QSsl::Pem);
    if (server.isEmpty())
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The sandbox's server certificate %1 cannot be read").arg(tls.certFile));
    tls.pin = QStringLiteral("sha256//") + TlsSessionInfo::spkiSha256(server.constFirst());
    return tls;
}

} // namespace td
