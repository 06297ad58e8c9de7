// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"
#include "core/net/HttpRequest.h"
#include "core/net/TlsSessionInfo.h"

#include <optional>

namespace td {

// What came back for one HttpRequest: either an HTTP response (any status) or a transport error
// (timeout, refused, dropped, TLS, too large, redirect refused, cancelled).
struct HttpResponse {
    int status = 0;            // 0 when no HTTP response arrived
    HttpHeaders headers;
    QByteArray body;
    qint64 durationMs = 0;     // from send to the last byte (or the error)
    qint64 receivedAtMs = 0;   // UTC ms since epoch when the response completed
    std::optional<Error> transportError;
    // What the server presented on https (also when its certificate was refused), from the last hop.
    std::optional<TlsSessionInfo> tls;
    QString proxy;             // the proxy the request went through (no password); empty: direct


    bool hasHttpResponse() const { return !transportError && status > 0; }
    QByteArray header(QByteArrayView name) const; // case-insensitive; empty when absent
};

} // namespace td
