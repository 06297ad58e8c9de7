// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpRequest.h"
#include "core/net/HttpResponse.h"
#include "core/net/TransportSettings.h"

#include <QObject>

namespace td {

class ApiReply;

// Sends HttpRequests with the transport rules of an environment: timeout for the whole request,
// response size cap (enforced while reading, whatever the framing, with memory bounded by
// HttpExchange's read buffer), redirects only within the same origin (at most 5), TLS
// verification on unless `insecure`, an extra CA file. Each request and each redirect hop is an
// HttpExchange on a connection of its own, in the caller's thread. Every outcome is an
// HttpResponse; nothing throws or hangs past the timeout.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    // The reply is parented to this client; it emits ApiReply::finished exactly once (also after
    // abort()) and may be deleted in that slot with deleteLater().
    ApiReply *send(const HttpRequest &request, const TransportSettings &settings);
};

} // namespace td
