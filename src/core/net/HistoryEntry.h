// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/HttpRequest.h"
#include "core/net/HttpResponse.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace td {

// Why an exchange happened: typed by the user (GUI send, `call`), a step of a flow, an automatic
// renewal of a session, or the repeat of a call after its session was renewed on a 401.
enum class HistoryOrigin { Manual, Flow, Renewal, Retry };

QString historyOriginName(HistoryOrigin origin); // "manual", "flow", "renewal", "retry"
// Entries written before origins existed have none: they were all typed by the user. An unknown
// name reads as manual too rather than losing the entry.
HistoryOrigin historyOriginFromName(const QString &name);

// One API call as the history keeps it: one JSON Lines record in history.jsonl. HistoryStore
// masks the secrets before writing; this struct itself holds whatever it is given.
struct HistoryEntry {
    QString id;                       // a UUID written with the entry; for older lines, see HistoryStore
    QDateTime time;                   // UTC, ms precision
    HistoryOrigin origin = HistoryOrigin::Manual;
    QString sessionId;                // the session this exchange issued or renewed (UUID), empty when none
    QString environment;
    QString endpoint;                 // endpoint id, e.g. "enos.get-token"
    QMap<QString, QString> fields;    // form field name → value
    HttpRequest request;
    int status = 0;                   // 0: no HTTP response
    HttpHeaders responseHeaders;
    QByteArray responseBody;
    QByteArray decryptedBody;         // the plaintext of an encrypted response, when there is one
    qint64 durationMs = 0;
    std::optional<TlsSessionInfo> tls; // what the https server presented: chain, protocol, cipher
    QString proxy;                     // the proxy the call went through (no password); empty: direct

    struct Outcome {
        bool ok = false;
        QString code;                 // errorCodeName() of the failure, empty on success
        QString message;
        std::optional<qint64> expiresAt; // UTC ms since epoch
    } outcome;
    // What FailureExplainer made of the exchange when it was recorded, kept because the GUI and
    // `call` compute it once and a support bundle needs it later: the server's clock minus ours
    // (its Date header; none without one) and the ranked causes in the shape `call --json` prints,
    // [{"cause", "evidence", "confirmed"?, "fix"?}] (empty: nothing to say). Masked like the rest.
    std::optional<qint64> clockOffsetMs;
    QJsonArray causes;

    // Fills status, headers, body, durationMs, tls and proxy from a response.
    void setResponse(const HttpResponse &response);

    QJsonObject toJson() const;
    static Result<HistoryEntry> fromJson(const QJsonObject &object);
};

} // namespace td
