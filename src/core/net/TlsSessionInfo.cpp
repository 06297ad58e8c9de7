// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/TlsSessionInfo.h"

#include "core/crypto/Digest.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/net/X509Conversion.h"

#include <QJsonArray>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslSocket>

namespace td {

namespace {


QString nameText(const X509_NAME *name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || !name || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, qsizetype(size));
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_3: return QStringLiteral("TLSv1.3");
    case QSsl::TlsV1_2: return QStringLiteral("TLSv1.2");
    case QSsl::DtlsV1_2: return QStringLiteral("DTLSv1.2");
    case QSsl::UnknownProtocol: return {};
    default: return QStringLiteral("older than TLSv1.2");
    }
}

QString isoUtc(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

} // namespace

QString TlsSessionInfo::spkiSha256(const QSslCertificate &certificate)
{
    const X509Ptr x509 = toX509(certificate);
    if (!x509)
        return {};
    unsigned char *der = nullptr;
    const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509.get()), &der);
    if (size <= 0)
        return {};
    const QByteArray digestBytes = sha256(QByteArrayView(der, size));
    OPENSSL_free(der);
    return QString::fromLatin1(digestBytes.toBase64());
}

TlsSessionInfo::Certificate TlsSessionInfo::describe(const QSslCertificate &certificate)
{
    Certificate info;
    if (const X509Ptr x509 = toX509(certificate)) {
        info.subject = nameText(X509_get_subject_name(x509.get()));
        info.issuer = nameText(X509_get_issuer_name(x509.get()));
    }
    info.notBefore = certificate.effectiveDate().toUTC();
    info.notAfter = certificate.expiryDate().toUTC();
    info.spkiSha256 = spkiSha256(certificate);
    return info;
}

TlsSessionInfo TlsSessionInfo::of(const QSslSocket &socket)
{
    TlsSessionInfo info;
    if (socket.isEncrypted()) {
        info.protocol = protocolName(socket.sessionProtocol());
        info.cipher = socket.sessionCipher().name();
    }
    for (const QSslCertificate &certificate : socket.peerCertificateChain())
        info.chain.append(describe(certificate));
    return info;
}

QJsonObject TlsSessionInfo::toJson() const
{
    QJsonArray certificates;
    for (const Certificate &certificate : chain)
        certificates.append(QJsonObject{
            {QStringLiteral("subject"), certificate.subject},
            {QStringLiteral("issuer"), certificate.issuer},
            {QStringLiteral("notBefore"), isoUtc(certificate.notBefore)},
            {QStringLiteral("notAfter"), isoUtc(certificate.notAfter)},
            {QStringLiteral("spkiSha256"), certificate.spkiSha256},
        });
    return QJsonObject{
        {QStringLiteral("protocol"), protocol},
        {QStringLiteral("cipher"), cipher},
        {QStringLiteral("chain"), certificates},
    };
}

TlsSessionInfo TlsSessionInfo::fromJson(const QJsonObject &object)
{
    TlsSessionInfo info;
    info.protocol = object.value(QStringLiteral("protocol")).toString();
    info.cipher = object.value(QStringLiteral("cipher")).toString();
    const QJsonArray certificates = object.value(QStringLiteral("chain")).toArray();
    for (const QJsonValue &value : certificates) {
        const QJsonObject c = value.toObject();
        info.chain.append(Certificate{
            c.value(QStringLiteral("subject")).toString(),
            c.value(QStringLiteral("issuer")).toString(),
            QDateTime::fromString(c.value(QStringLiteral("notBefore")).toString(), Qt::ISODate).toUTC(),
            QDateTime::fromString(c.value(QStringLiteral("notAfter")).toString(), Qt::ISODate).toUTC(),
            c.value(QStringLiteral("spkiSha256")).toString(),
        });
    }
    return info;
}

QString TlsSessionInfo::summary() const
{
    QStringList lines;
    lines << (protocol.isEmpty() ? QStringLiteral("TLS handshake not completed")
                                 : QStringLiteral("%1, %2").arg(protocol, cipher));
    for (qsizetype i = 0; i < chain.size(); ++i) {
        const Certificate &c = chain.at(i);
        lines << QStringLiteral("[%1] %2\n    issuer %3\n    valid %4 to %5\n    pin sha256//%6")
                     .arg(i)
                     .arg(c.subject, c.issuer, isoUtc(c.notBefore), isoUtc(c.notAfter), c.spkiSha256);
    }
    return lines.join(QLatin1Char('\n'));
}

QString TlsSessionInfo::connectionText(const std::optional<TlsSessionInfo> &tls, const QString &proxy)
{
    QString text = QStringLiteral("Proxy: %1\n").arg(proxy.isEmpty() ? QStringLiteral("none (direct)") : proxy);
    if (tls)
        text += tls->summary() + QLatin1Char('\n');
    return text;
}

} // namespace td
