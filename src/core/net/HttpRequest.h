// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

namespace td {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>; // in sending order, names as written

// One HTTP request as TokenDesk builds it: what ApiClient sends, what history records (masked)
// and what copy-as-curl prints.
struct HttpRequest {
    QByteArray method = "POST";
    QUrl url;
    HttpHeaders headers; // including Content-Type
    QByteArray body;

    QByteArray header(QByteArrayView name) const; // case-insensitive; empty when absent
};

} // namespace td
