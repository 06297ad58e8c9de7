// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"

#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QStringList>

namespace td {

// Which TLS problem ended a connection: a tls-failure Error whose `reason` is one of the stable
// names below (`tlsReason` in --json) and whose sentence says what to look at.
class TlsProblem
{
public:
    static constexpr const char *kUntrusted = "untrusted";
    static constexpr const char *kExpired = "expired";
    static constexpr const char *kNotYetValid = "not-yet-valid";
    static constexpr const char *kHostname = "hostname";
    static constexpr const char *kPinMismatch = "pin-mismatch";
    static constexpr const char *kClientCertRequired = "client-cert-required";
    static constexpr const char *kClientCertRejected = "client-cert-rejected";
    static constexpr const char *kHandshake = "handshake";

    // The certificate errors Qt reported while verifying the server (`chain` as presented).
    // Several may apply at once; the sentence leads with the most fundamental one.
    static Error fromCertificateErrors(const QList<QSslError> &errors, const QList<QSslCertificate> &chain,
                                       const QString &where);
    // A handshake that failed, or a connection that closed unanswered, without certificate errors:
    // a client certificate missing or refused, or a protocol problem. `detail` is the socket's text.
    struct Failure {
        QString detail;
        bool clientCertificateSent = false;
        bool encrypted = false;        // the client saw the handshake complete
        bool closedUnanswered = false; // the server closed without an HTTP byte
    };
    static Error fromFailure(const Failure &failure, const QString &where);
    static Error pinMismatch(const QStringList &pins, const QList<QSslCertificate> &chain, const QString &where);

private:
    static Error make(const char *reason, const QString &where, const QString &sentence, const QString &detail);
};

} // namespace td
