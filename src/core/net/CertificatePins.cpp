// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/CertificatePins.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/net/X509Conversion.h"
#include "core/net/TlsSessionInfo.h"

#include <QSslConfiguration>

#include <vector>

namespace td {

namespace {

const QLatin1String kPrefix("sha256//");

// systemCaCertificates() as OpenSSL objects, converted once: each check only takes references.
const std::vector<X509Ptr> &systemCaX509s()
{
    static const std::vector<X509Ptr> certificates = [] {
        std::vector<X509Ptr> converted;
        for (const QSslCertificate &certificate : CertificatePins::systemCaCertificates()) {
            if (X509Ptr x509 = toX509(certificate))
                converted.push_back(std::move(x509));
        }
        return converted;
    }();
    return certificates;
}

} // namespace

const QList<QSslCertificate> &CertificatePins::systemCaCertificates()
{
    static const QList<QSslCertificate> certificates = QSslConfiguration::systemCaCertificates();
    return certificates;
}

Result<QStringList> CertificatePins::parse(const QStringList &given)
{
    QStringList pins;
    for (const QString &item : given) {
        for (const QString &pin : item.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QString trimmed = pin.trimmed();
            const QByteArray digestBytes = QByteArray::fromBase64(trimmed.mid(kPrefix.size()).toLatin1(),
                                                                  QByteArray::AbortOnBase64DecodingErrors);
            if (!trimmed.startsWith(kPrefix) || digestBytes.size() != 32)
                return makeError(ErrorCode::ConfigInvalid,
                                 QStringLiteral("The pin \"%1\" is not sha256// followed by the base64 of 32 bytes "
                                                "(a SubjectPublicKeyInfo's SHA-256, as curl's --pinnedpubkey)").arg(trimmed));
            pins << trimmed;
        }
    }
    return pins;
}

QList<QSslCertificate> CertificatePins::verifiedChain(const QList<QSslCertificate> &presented,
                                                      const QList<QSslCertificate> &extraTrusted)
{
    if (presented.isEmpty())
        return {};
    const X509StorePtr store(X509_STORE_new());
    const X509StoreCtxPtr context(X509_STORE_CTX_new());
    const X509StackPtr untrusted(sk_X509_new_null());
    X509Ptr leaf = toX509(presented.constFirst());
    if (!store || !context || !untrusted || !leaf) {
        drainOpenSslErrors();
        return {presented.constFirst()};
    }
    for (const X509Ptr &ca : systemCaX509s())
        X509_STORE_add_cert(store.get(), ca.get()); // the store takes its own reference
    for (const QSslCertificate &certificate : extraTrusted) {
        if (X509Ptr ca = toX509(certificate))
            X509_STORE_add_cert(store.get(), ca.get()); // the store takes its own reference
    }
    for (qsizetype i = 1; i < presented.size(); ++i) {
        if (X509Ptr intermediate = toX509(presented.at(i)); intermediate && sk_X509_push(untrusted.get(), intermediate.get()) > 0)
            intermediate.release(); // owned by the stack now
    }
    QList<QSslCertificate> chain;
    if (X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), untrusted.get()) == 1
        && X509_verify_cert(context.get()) == 1) {
        STACK_OF(X509) *built = X509_STORE_CTX_get0_chain(context.get());
        for (int i = 0; i < sk_X509_num(built); ++i)
            chain << fromX509(sk_X509_value(built, i));
    }
    drainOpenSslErrors();
    return chain.isEmpty() ? QList<QSslCertificate>{presented.constFirst()} : chain;
}

bool CertificatePins::matches(const QStringList &pins, const QList<QSslCertificate> &chain)
{
    for (const QSslCertificate &certificate : chain) {
        if (pins.contains(kPrefix + TlsSessionInfo::spkiSha256(certificate)))
            return true;
    }
    return false;
}

} // namespace td
