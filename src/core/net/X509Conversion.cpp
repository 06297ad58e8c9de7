// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/X509Conversion.h"

namespace td {

X509Ptr toX509(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &p, long(der.size())));
}

QSslCertificate fromX509(X509 *x509)
{
    unsigned char *der = nullptr;
    const int size = i2d_X509(x509, &der);
    if (size <= 0)
        return QSslCertificate();
    QSslCertificate certificate(QByteArray(reinterpret_cast<const char *>(der), size), QSsl::Der);
    OPENSSL_free(der);
    return certificate;
}

} // namespace td
