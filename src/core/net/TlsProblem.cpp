// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/TlsProblem.h"

#include "core/net/TlsSessionInfo.h"

#include <algorithm>

namespace td {

namespace {

const char *reasonOf(QSslError::SslError error)
{
    switch (error) {
    case QSslError::CertificateExpired:
        return TlsProblem::kExpired;
    case QSslError::CertificateNotYetValid:
        return TlsProblem::kNotYetValid;
    case QSslError::HostNameMismatch:
        return TlsProblem::kHostname;
    default: // unknown or self-signed issuer, broken or rejected chain, wrong purpose ...
        return TlsProblem::kUntrusted;
    }
}

int rank(const char *reason)
{
    // Trust first: an untrusted certificate fails whatever else is wrong with it.
    static const char *const order[] = {TlsProblem::kUntrusted, TlsProblem::kExpired, TlsProblem::kNotYetValid,
                                        TlsProblem::kHostname};
    for (int i = 0; i < 4; ++i) {
        if (qstrcmp(order[i], reason) == 0)
            return i;
    }
    return 4;
}

QString day(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString namesIn(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        names << (it.key() == QSsl::IpAddressEntry ? QStringLiteral("IP:") : QStringLiteral("DNS:")) + it.value();
    if (names.isEmpty()) {
        for (const QString &commonName : certificate.subjectInfo(QSslCertificate::CommonName))
            names << QStringLiteral("CN:") + commonName;
    }
    return names.isEmpty() ? QStringLiteral("no names") : names.join(QStringLiteral(", "));
}

QString sentenceFor(const QSslError &error, const QList<QSslCertificate> &chain, const char *reason)
{
    const QSslCertificate certificate = error.certificate().isNull() && !chain.isEmpty() ? chain.constFirst()
                                                                                         : error.certificate();
    const TlsSessionInfo::Certificate info = TlsSessionInfo::describe(certificate);
    if (qstrcmp(reason, TlsProblem::kExpired) == 0)
        return QStringLiteral("the certificate \"%1\" expired on %2").arg(info.subject, day(info.notAfter));
    if (qstrcmp(reason, TlsProblem::kNotYetValid) == 0)
        return QStringLiteral("the certificate \"%1\" is valid only from %2").arg(info.subject, day(info.notBefore));
    if (qstrcmp(reason, TlsProblem::kHostname) == 0)
        return QStringLiteral("the certificate is for %1, not this host").arg(namesIn(certificate));
    // The issuer of the last certificate presented is the one a CA file would have to hold.
    const QString issuer = chain.isEmpty() ? info.issuer : TlsSessionInfo::describe(chain.constLast()).issuer;
    return QStringLiteral("the certificate's issuer \"%1\" is not trusted (self-signed or an unknown CA; "
                          "--ca-file adds a CA): %2").arg(issuer, error.errorString());
}

bool mentionsAny(const QString &text, std::initializer_list<const char *> words)
{
    return std::any_of(words.begin(), words.end(),
                       [&text](const char *word) { return text.contains(QLatin1String(word), Qt::CaseInsensitive); });
}

} // namespace

Error TlsProblem::make(const char *reason, const QString &where, const QString &sentence, const QString &detail)
{
    Error error = makeError(ErrorCode::TlsFailure, QStringLiteral("TLS with %1 failed (%2): %3")
                                                       .arg(where, QLatin1String(reason), sentence), detail);
    error.reason = QLatin1String(reason);
    return error;
}

Error TlsProblem::fromCertificateErrors(const QList<QSslError> &errors, const QList<QSslCertificate> &chain,
                                        const QString &where)
{
    QList<QSslError> sorted = errors;
    std::stable_sort(sorted.begin(), sorted.end(), [](const QSslError &a, const QSslError &b) {
        return rank(reasonOf(a.error())) < rank(reasonOf(b.error()));
    });
    QStringList texts;
    for (const QSslError &error : sorted)
        texts << error.errorString();
    texts.removeDuplicates();
    if (sorted.isEmpty())
        return make(kHandshake, where, QStringLiteral("the certificate was refused"), {});
    const char *reason = reasonOf(sorted.constFirst().error());
    QString sentence = sentenceFor(sorted.constFirst(), chain, reason);
    if (texts.size() > 1)
        sentence += QStringLiteral(" (also: %1)").arg(texts.mid(1).join(QStringLiteral("; ")));
    return make(reason, where, sentence, texts.join(QStringLiteral("; ")));
}

Error TlsProblem::fromFailure(const Failure &failure, const QString &where)
{
    const bool certificateAlert = mentionsAny(failure.detail, {"certificate required", "unknown ca", "bad certificate",
                                                               "certificate unknown", "unsupported certificate",
                                                               "certificate revoked", "certificate expired",
                                                               "access denied", "decrypt error"});
    const QString when = failure.encrypted ? QStringLiteral("right after the TLS handshake")
                                           : QStringLiteral("during the TLS handshake");
    if (failure.clientCertificateSent && (certificateAlert || failure.closedUnanswered))
        return make(kClientCertRejected, where,
                    QStringLiteral("the server refused the client certificate TokenDesk sent (%1, %2)")
                        .arg(when, failure.closedUnanswered ? QStringLiteral("it closed the connection without answering")
                                                            : failure.detail),
                    failure.detail);
    if (certificateAlert && failure.detail.contains(QLatin1String("certificate required"), Qt::CaseInsensitive))
        return make(kClientCertRequired, where,
                    QStringLiteral("the server asked for a client certificate, and TokenDesk sends none "
                                   "(--client-cert, or the environment's client certificate)"),
                    failure.detail);
    // A server that demands a client certificate and gets none may just close: during the
    // handshake (TLS 1.2) or right after it (TLS 1.3, when its alert is not read before the close).
    if (failure.closedUnanswered || certificateAlert)
        return make(kClientCertRequired, where,
                    QStringLiteral("the server closed the connection %1 without answering, which is how a server that "
                                   "requires a client certificate refuses a client without one (TokenDesk sends none)")
                        .arg(when),
                    failure.detail);
    return make(kHandshake, where, QStringLiteral("the TLS handshake failed: %1").arg(failure.detail), failure.detail);
}

Error TlsProblem::pinMismatch(const QStringList &pins, const QList<QSslCertificate> &chain, const QString &where)
{
    QStringList seen;
    for (const QSslCertificate &certificate : chain)
        seen << QStringLiteral("sha256//") + TlsSessionInfo::spkiSha256(certificate);
    return make(kPinMismatch, where,
                QStringLiteral("no certificate of the verified chain matches a pin; pins given: %1; the chain has: %2")
                    .arg(pins.join(QStringLiteral(", ")), seen.join(QStringLiteral(", "))),
                {});
}

} // namespace td
