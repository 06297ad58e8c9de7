// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/HttpRequest.h"
#include "core/net/HttpResponse.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace td {

// One API call as the history keeps it: one JSON Lines record in history.jsonl. HistoryStore
// masks the secrets before writing; this struct itself holds whatever it is given.
struct HistoryEntry {
    QDateTime time;                   // UTC, ms precision
    QString environment;
    QString endpoint;                 // endpoint id, e.g. "enos.get-token"
    QMap<QString, QString> fields;    // form field name → value
    HttpRequest request;
    int status = 0;                   // 0: no HTTP response
    HttpHeaders responseHeaders;
    QByteArray responseBody;
    QByteArray decryptedBody;         // the plaintext of an encrypted response, when there is one
    qint64 durationMs = 0;

    struct Outcome {
        bool ok = false;
        QString code;                 // errorCodeName() of the failure, empty on success
        QString message;
        std::optional<qint64> expiresAt; // UTC ms since epoch
    } outcome;

    // Fills status, headers, body and durationMs from a response.
    void setResponse(const HttpResponse &response);

    QJsonObject toJson() const;
    static Result<HistoryEntry> fromJson(const QJsonObject &object);
};

} // namespace td
