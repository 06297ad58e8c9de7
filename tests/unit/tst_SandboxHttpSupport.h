// SPDX-License-Identifier: GPL-3.0-or-later
// A bounded raw HTTP call through QNetworkAccessManager for the loopback sandbox tests.
#pragma once

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QUrl>

namespace sandboxtest {

struct HttpResult {
    bool finished = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray contentType;
    QByteArray contentLength;
    QByteArray allow;
    QByteArray body;
};

inline HttpResult readResult(QNetworkReply *reply)
{
    HttpResult result;
    result.finished = reply->isFinished();
    result.error = reply->error();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->rawHeader("Content-Type");
    result.contentLength = reply->rawHeader("Content-Length");
    result.allow = reply->rawHeader("Allow");
    result.body = reply->readAll();
    return result;
}

inline QNetworkReply *send(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url, const QByteArray &body,
                           const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    bool hasType = false;
    for (const auto &h : headers) {
        request.setRawHeader(h.first, h.second);
        hasType = hasType || h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    }
    if (!hasType && !body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return nam.sendCustomRequest(request, method, body);
}

// Waits at most timeoutMs; a reply that has not finished by then is aborted and reported so.
inline HttpResult call(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 10000)
{
    QNetworkReply *reply = send(nam, method, url, body, headers);
    QSignalSpy spy(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        spy.wait(timeoutMs);
    HttpResult result = readResult(reply);
    if (!reply->isFinished())
        reply->abort();
    reply->deleteLater();
    return result;
}

} // namespace sandboxtest
