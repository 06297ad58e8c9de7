// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ClientCertificate.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/net/X509Conversion.h"
#include "core/crypto/SecureBytes.h"

#include <QFile>

#include <openssl/pem.h>

#include <cstring>

namespace td {

namespace {

constexpr qint64 kMaxFileBytes = 1024 * 1024;

Error invalid(const QString &source, const QString &why)
{
    return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The client certificate %1 %2").arg(source, why));
}

// Into a wiped buffer: the file may hold the private key.
Result<SecureBytes> readSmallFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The %1 %2 cannot be read: %3").arg(what, path, file.errorString()));
    if (file.size() > kMaxFileBytes)
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The %1 %2 is larger than 1 MiB").arg(what, path));
    SecureBytes bytes(std::size_t(file.size()));
    const qint64 n = file.read(reinterpret_cast<char *>(bytes.data()), qint64(bytes.size()));
    bytes.resize(std::size_t(qMax<qint64>(n, 0)));
    return bytes;
}

BioPtr memoryBio(QByteArrayView bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.data(), int(bytes.size())));
}

// OpenSSL asks for the passphrase through this; without one it must not prompt on a terminal.
int passphraseCallback(char *buffer, int size, int, void *user)
{
    const auto *passphrase = static_cast<const QByteArrayView *>(user);
    if (!passphrase || passphrase->isEmpty() || passphrase->size() > size)
        return -1;
    std::memcpy(buffer, passphrase->data(), size_t(passphrase->size()));
    return int(passphrase->size());
}


// Hands the key to Qt, which frees it with the QSslKey.
Result<ClientCertificate> assemble(X509 *leaf, EvpPkeyPtr key, const QList<QSslCertificate> &rest, const QString &source)
{
    if (X509_check_private_key(leaf, key.get()) != 1) {
        drainOpenSslErrors();
        return invalid(source, QStringLiteral("has a private key that does not belong to its certificate"));
    }
    ClientCertificate result;
    result.chain << fromX509(leaf) << rest;
    EVP_PKEY_up_ref(key.get());
    result.pkey = std::shared_ptr<EVP_PKEY>(key.get(), EVP_PKEY_free);
    result.key = QSslKey(reinterpret_cast<Qt::HANDLE>(key.release()), QSsl::PrivateKey);
    if (result.key.isNull())
        return invalid(source, QStringLiteral("has a key that Qt's TLS backend does not take"));
    return result;
}

} // namespace

Result<ClientCertificate> ClientCertificate::fromPem(QByteArrayView certificates, QByteArrayView key,
                                                     QByteArrayView passphrase, const QString &source)
{
    BioPtr certBio = memoryBio(certificates);
    X509Ptr leaf(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    if (!leaf) {
        drainOpenSslErrors();
        return invalid(source, QStringLiteral("holds no PEM certificate"));
    }
    QList<QSslCertificate> rest;
    while (X509Ptr next{PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr)})
        rest << fromX509(next.get());
    drainOpenSslErrors(); // the loop ends on "no start line"

    BioPtr keyBio = memoryBio(key);
    QByteArrayView pass = passphrase;
    EvpPkeyPtr pkey(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, passphraseCallback, &pass));
    if (!pkey) {
        const QString reasons = drainOpenSslErrors();
        const bool encrypted = key.contains(QByteArrayView("ENCRYPTED"));
        if (encrypted)
            return makeError(passphrase.isEmpty() ? ErrorCode::EmptyInput : ErrorCode::WrongPassphrase,
                             passphrase.isEmpty() ? QStringLiteral("The client key of %1 is encrypted: give its passphrase "
                                                                   "(--client-cert-passphrase-fd or TOKENDESK_CLIENT_CERT_PASSPHRASE)").arg(source)
                                                  : QStringLiteral("The passphrase does not open the client key of %1").arg(source),
                             reasons);
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("No PEM private key found for the client certificate %1 "
                                                                  "(--client-key FILE, or the key in the same file)").arg(source),
                         reasons);
    }
    return assemble(leaf.get(), std::move(pkey), rest, source);
}

Result<ClientCertificate> ClientCertificate::fromPkcs12(QByteArrayView der, QByteArrayView passphrase, const QString &source)
{
    BioPtr bio = memoryBio(der);
    Pkcs12Ptr p12(d2i_PKCS12_bio(bio.get(), nullptr));
    if (!p12) {
        const QString reasons = drainOpenSslErrors();
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The client certificate %1 is neither PEM nor PKCS#12").arg(source), reasons);
    }
    const QByteArray pass = passphrase.toByteArray();
    if (PKCS12_verify_mac(p12.get(), pass.constData(), int(pass.size())) != 1) {
        const QString reasons = drainOpenSslErrors();
        return makeError(passphrase.isEmpty() ? ErrorCode::EmptyInput : ErrorCode::WrongPassphrase,
                         passphrase.isEmpty() ? QStringLiteral("The PKCS#12 file %1 needs its passphrase "
                                                               "(--client-cert-passphrase-fd or TOKENDESK_CLIENT_CERT_PASSPHRASE)").arg(source)
                                              : QStringLiteral("The passphrase does not open the PKCS#12 file %1").arg(source),
                         reasons);
    }
    EVP_PKEY *rawKey = nullptr;
    X509 *rawCert = nullptr;
    STACK_OF(X509) *rawCa = nullptr;
    const int parsed = PKCS12_parse(p12.get(), pass.constData(), &rawKey, &rawCert, &rawCa);
    EvpPkeyPtr key(rawKey);
    X509Ptr leaf(rawCert);
    X509StackPtr extra(rawCa);
    if (parsed != 1 || !key || !leaf)
        return openSslError(ErrorCode::ConfigInvalid, QStringLiteral("The PKCS#12 file %1 holds no certificate with its key").arg(source));
    QList<QSslCertificate> rest;
    for (int i = 0; extra && i < sk_X509_num(extra.get()); ++i)
        rest << fromX509(sk_X509_value(extra.get(), i));
    return assemble(leaf.get(), std::move(key), rest, source);
}

QByteArray ClientCertificate::chainPem() const
{
    QByteArray pem;
    for (const QSslCertificate &certificate : chain)
        pem += certificate.toPem();
    return pem;
}

Result<SecureBytes> ClientCertificate::keyPem() const
{
    EVP_PKEY *pkey = this->pkey.get();
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!pkey || !bio || PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("The client certificate's key cannot be written as PEM"));
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    SecureBytes pem(reinterpret_cast<const unsigned char *>(data), std::size_t(size));
    OPENSSL_cleanse(data, std::size_t(size));
    return pem;
}

Result<ClientCertificate> ClientCertificate::load(const QString &certFile, const QString &keyFile, QByteArrayView passphrase)
{
    Result<SecureBytes> certificates = readSmallFile(certFile, QStringLiteral("client certificate"));
    if (!certificates)
        return certificates.error();
    if (!certificates->view().contains(QByteArrayView("-----BEGIN"))) {
        if (!keyFile.isEmpty())
            return invalid(certFile, QStringLiteral("is PKCS#12, which holds its own key: leave out --client-key"));
        return fromPkcs12(certificates->view(), passphrase, certFile);
    }
    if (keyFile.isEmpty())
        return fromPem(certificates->view(), certificates->view(), passphrase, certFile);
    Result<SecureBytes> key = readSmallFile(keyFile, QStringLiteral("client key"));
    if (!key)
        return key.error();
    return fromPem(certificates->view(), key->view(), passphrase, certFile);
}

} // namespace td
