// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

class QSslCertificate;
class QSslSocket;

namespace td {

// What a server presented on a TLS connection: protocol, cipher and its certificate chain as
// sent, leaf first, so that a pin or an expiry can be read off it. Kept in history; no secrets.
struct TlsSessionInfo {
    struct Certificate {
        QString subject;      // RFC 2253 one-line name, e.g. "CN=localhost,O=Example"
        QString issuer;
        QDateTime notBefore;  // UTC
        QDateTime notAfter;   // UTC
        QString spkiSha256;   // base64 of the SHA-256 of the SubjectPublicKeyInfo, as in "sha256//..."
    };

    QString protocol;         // "TLSv1.3"; empty when the handshake did not complete
    QString cipher;           // "TLS_AES_256_GCM_SHA384"
    QList<Certificate> chain;

    bool isEmpty() const { return protocol.isEmpty() && chain.isEmpty(); }

    static Certificate describe(const QSslCertificate &certificate);
    // base64(SHA-256(SubjectPublicKeyInfo DER)), the value curl's --pinnedpubkey sha256// takes.
    static QString spkiSha256(const QSslCertificate &certificate);
    // What `socket` has seen so far: the chain as soon as the peer sent it, protocol and cipher
    // once the handshake is done.
    static TlsSessionInfo of(const QSslSocket &socket);

    // {"protocol","cipher","chain":[{"subject","issuer","notBefore","notAfter","spkiSha256"}]}
    QJsonObject toJson() const;
    static TlsSessionInfo fromJson(const QJsonObject &object);
    // A few lines for people: protocol and cipher, then one line per certificate.
    QString summary() const;
    // The whole connection for people, as the response pane and the History page show it: the
    // proxy (never its password: `proxy` comes without one), then summary() when TLS was used.
    static QString connectionText(const std::optional<TlsSessionInfo> &tls, const QString &proxy);
};

} // namespace td
