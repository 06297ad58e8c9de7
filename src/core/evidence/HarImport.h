// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/evidence/HarLog.h"
#include "core/jose/KeyCandidates.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace td {

class EndpointCatalog;
struct EndpointSpec;

// A token seen in a HAR entry, described the way the inspector would, never the token itself.
struct HarToken {
    QString where;                 // "response body data.accessToken", "request header Authorization", "response body"
    QString kind;                  // "jwe", "jws", "opaque"
    QString alg;
    QString enc;                   // JWE only
    QString kid;
    std::optional<qint64> expiresAt; // exp claim, seconds since epoch
    bool expired = false;          // at the `now` of the import
    QString openedWith;            // the key that decrypted or verified it
    QString problem;               // why the inspector could not read it, when it could not

    QJsonObject toJson() const;
};

// One side of an exchange as TokenDesk shows it: secrets masked, an encrypted body also opened
// when a key fits (the plaintext masked the same way).
struct HarMessage {
    HttpHeaders headers;
    QByteArray body;
    QByteArray decrypted;          // empty unless a key opened the body
    QString openedWith;

    QJsonObject toJson() const;
};

// A token call found in a HAR file: the entry matched to an endpoint, masked, its tokens inspected.
struct HarCall {
    int index = 0;                 // the entry's position in the HAR's log.entries
    const EndpointSpec *endpoint = nullptr;
    QByteArray method;
    QString url;                   // masked
    int status = 0;
    QString startedAt;
    HarMessage request;
    HarMessage response;
    QList<HarToken> tokens;

    QJsonObject toJson() const;
};

// The token calls of a browser's HAR export, as TokenDesk would show them: each entry matched to
// an endpoint by method and path (EndpointMatcher, as curl imports are), the rest only counted;
// the endpoint's secret fields, credentials and every token masked in headers, URL and bodies;
// bodies that are JWEs opened with the given keys; tokens summarised by the inspector.
struct HarImport {
    QList<HarCall> calls;
    int skipped = 0;               // entries that are not calls to a known endpoint

    // HarLog::parse() errors as they are.
    static Result<HarImport> read(QByteArrayView har, const EndpointCatalog &catalog, const QList<NamedKey> &keys,
                                  const QDateTime &now);
    static HarImport of(const HarLog &log, const EndpointCatalog &catalog, const QList<NamedKey> &keys,
                        const QDateTime &now);

    // The tokens `entry` carries as they are (request headers and body, then the response's), in
    // the order a HarCall lists them: for the inspector, which masks nothing it is given to read.
    static QList<QPair<QString, QByteArray>> tokensIn(const HarEntry &entry);

    // {"entries": [HarCall::toJson()...], "skipped": N}
    QJsonObject toJson() const;
};

} // namespace td
