// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ApiClient.h"

#include "core/net/ApiReply.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <optional>

namespace td {

namespace {

int defaultPort(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80;
}

QString hostPort(const QUrl &url)
{
    return QStringLiteral("%1:%2").arg(url.host()).arg(url.port(defaultPort(url)));
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(defaultPort(a)) == b.port(defaultPort(b));
}

QString formatMs(qint64 ms)
{
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 ms").arg(ms);
}

QString formatBytes(qint64 bytes)
{
    if (bytes > 0 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes > 0 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

// Errors in these ranges come with a complete HTTP response (a 4xx/5xx status): the caller gets
// the status and the body, not a transport error.
bool isHttpLevelError(QNetworkReply::NetworkError error)
{
    return (error >= QNetworkReply::ContentAccessDenied && error <= QNetworkReply::UnknownContentError)
        || (error >= QNetworkReply::InternalServerError && error <= QNetworkReply::UnknownServerError);
}

// Qt reports 400 and 405 as protocol errors; with a status they are still an HTTP answer.
bool isProtocolStatusError(QNetworkReply::NetworkError error)
{
    return error == QNetworkReply::ProtocolInvalidOperationError || error == QNetworkReply::ProtocolUnknownError;
}

// One QNetworkReply wrapped with the transport rules. Every way out (response, error, deadline,
// size cap, refused redirect, abort) goes through onFinished(), so finished() fires once.
class NetworkApiReply final : public ApiReply
{
public:
    explicit NetworkApiReply(QObject *parent) : ApiReply(parent) { m_elapsed.start(); }

    ~NetworkApiReply() override
    {
        if (m_reply) {
            m_reply->disconnect(this);
            m_reply->abort();
        }
    }

    void start(QNetworkAccessManager *manager, const HttpRequest &request, const TransportSettings &settings)
    {
        m_settings = settings;
        m_url = request.url;
        m_currentUrl = request.url;

        const QString scheme = request.url.scheme().toLower();
        if (!request.url.isValid() || request.url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            failLater(makeError(ErrorCode::ConfigInvalid,
                                QStringLiteral("\"%1\" is not an http or https URL")
                                    .arg(request.url.toString())));
            return;
        }

        QNetworkRequest networkRequest(request.url);
        networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                    QNetworkRequest::UserVerifiedRedirectPolicy);
        networkRequest.setMaximumRedirectsAllowed(kMaxRedirects);
        if (scheme == QLatin1String("http"))
            networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        for (const auto &[name, value] : request.headers) {
            // Qt keeps one value per name; a repeated header becomes one comma-joined list,
            // which HTTP defines as equivalent.
            if (networkRequest.hasRawHeader(name))
                networkRequest.setRawHeader(name, networkRequest.rawHeader(name) + ", " + value);
            else
                networkRequest.setRawHeader(name, value);
        }

        if (scheme == QLatin1String("https")) {
            QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
            if (!settings.extraCaFile.isEmpty()) {
                const QList<QSslCertificate> extra =
                    QSslCertificate::fromPath(settings.extraCaFile, QSsl::Pem);
                if (extra.isEmpty()) {
                    failLater(makeError(ErrorCode::ConfigInvalid,
                                        QStringLiteral("The extra CA file %1 holds no PEM certificate")
                                            .arg(settings.extraCaFile)));
                    return;
                }
                ssl.addCaCertificates(extra);
            }
            if (settings.insecure)
                ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
            networkRequest.setSslConfiguration(ssl);
        }

        if (request.method.compare("HEAD", Qt::CaseInsensitive) == 0)
            m_reply = manager->head(networkRequest);
        else
            m_reply = manager->sendCustomRequest(networkRequest, request.method, request.body);
        m_reply->setParent(this);

        connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { onMetaDataChanged(); });
        connect(m_reply, &QNetworkReply::readyRead, this, [this] { onReadyRead(); });
        connect(m_reply, &QNetworkReply::redirected, this, [this](const QUrl &url) { onRedirected(url); });
        connect(m_reply, &QNetworkReply::sslErrors, this,
                [this](const QList<QSslError> &errors) { onSslErrors(errors); });
        connect(m_reply, &QNetworkReply::finished, this, [this] { onFinished(); });

        // setTransferTimeout() only limits inactivity: a server that trickles a byte a second
        // would never time out. This deadline covers the whole request, connect to last byte.
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, [this] {
            stop(makeError(ErrorCode::Timeout, QStringLiteral("No response from %1 within %2")
                                                   .arg(m_url.host(), formatMs(m_settings.timeoutMs))));
        });
        m_deadline.start(qMax(1, m_settings.timeoutMs));
    }

    void abort() override
    {
        if (isFinished())
            return;
        const Error cancelled = makeError(ErrorCode::Cancelled,
                                          QStringLiteral("The request to %1 was cancelled").arg(hostPort(m_url)));
        if (!m_reply) {
            finishWith(cancelled);
            return;
        }
        stop(cancelled);
    }

private:
    static constexpr int kMaxRedirects = 10;

    // Errors found before anything is sent still arrive through finished(), after the caller
    // has had the chance to connect to it.
    void failLater(Error error)
    {
        QTimer::singleShot(0, this, [this, error] { finishWith(error); });
    }

    void finishWith(const Error &error)
    {
        HttpResponse response;
        response.transportError = error;
        response.durationMs = m_elapsed.elapsed();
        response.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
        finish(std::move(response));
    }

    // Ends the request with `error`; QNetworkReply::abort() emits finished() synchronously.
    void stop(const Error &error)
    {
        if (m_stopError || !m_reply)
            return;
        m_stopError = error;
        m_reply->abort();
    }

    void onMetaDataChanged()
    {
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > m_settings.maxResponseBytes)
            stop(tooLarge());
    }

    void onReadyRead()
    {
        m_body += m_reply->readAll();
        if (m_body.size() > m_settings.maxResponseBytes)
            stop(tooLarge());
    }

    void onRedirected(const QUrl &target)
    {
        const QUrl resolved = m_currentUrl.resolved(target);
        if (resolved.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0
            || sameOrigin(resolved, m_currentUrl)) {
            m_currentUrl = resolved;
            m_body.clear();
            Q_EMIT m_reply->redirectAllowed();
            return;
        }
        stop(makeError(ErrorCode::RedirectRefused,
                       QStringLiteral("Refused the redirect from %1 to %2: only https or the same origin is followed")
                           .arg(hostPort(m_currentUrl), resolved.toString())));
    }

    void onSslErrors(const QList<QSslError> &errors)
    {
        for (const QSslError &error : errors)
            m_sslErrors.append(error.errorString());
        if (m_settings.insecure)
            m_reply->ignoreSslErrors();
    }

    Error tooLarge() const
    {
        return makeError(ErrorCode::ResponseTooLarge,
                         QStringLiteral("The response from %1 is larger than the limit of %2")
                             .arg(hostPort(m_currentUrl), formatBytes(m_settings.maxResponseBytes)));
    }

    Error mapError(QNetworkReply::NetworkError error) const
    {
        const QString where = hostPort(m_currentUrl);
        const QString detail = m_reply->errorString();
        if (!m_sslErrors.isEmpty() || error == QNetworkReply::SslHandshakeFailedError) {
            const QString reason = m_sslErrors.isEmpty() ? detail : m_sslErrors.join(QStringLiteral("; "));
            return makeError(ErrorCode::TlsFailure,
                             QStringLiteral("TLS with %1 failed: %2").arg(where, reason), detail);
        }
        switch (error) {
        case QNetworkReply::ConnectionRefusedError:
            return makeError(ErrorCode::Network, QStringLiteral("Connection refused by %1").arg(where), detail);
        case QNetworkReply::HostNotFoundError:
            return makeError(ErrorCode::Network, QStringLiteral("Host not found: %1").arg(where), detail);
        case QNetworkReply::RemoteHostClosedError:
            return makeError(ErrorCode::ConnectionDropped,
                             QStringLiteral("%1 closed the connection before the response was complete").arg(where),
                             detail);
        case QNetworkReply::TimeoutError:
            return makeError(ErrorCode::Timeout, QStringLiteral("No response from %1 within %2")
                                                     .arg(m_currentUrl.host(), formatMs(m_settings.timeoutMs)));
        case QNetworkReply::OperationCanceledError:
            return makeError(ErrorCode::Cancelled, QStringLiteral("The request to %1 was cancelled").arg(where));
        case QNetworkReply::TooManyRedirectsError:
            return makeError(ErrorCode::RedirectRefused,
                             QStringLiteral("More than %1 redirects from %2").arg(kMaxRedirects).arg(hostPort(m_url)),
                             detail);
        case QNetworkReply::InsecureRedirectError:
            return makeError(ErrorCode::RedirectRefused,
                             QStringLiteral("Refused an insecure redirect from %1").arg(where), detail);
        default:
            return makeError(ErrorCode::Network, QStringLiteral("The request to %1 failed: %2").arg(where, detail));
        }
    }

    void onFinished()
    {
        if (!m_reply || isFinished())
            return;
        m_deadline.stop();

        HttpResponse response;
        const QNetworkReply::NetworkError error = m_reply->error();
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (m_stopError) {
            response.transportError = m_stopError;
        } else if (error == QNetworkReply::NoError || (isHttpLevelError(error) && status > 0)
                   || (isProtocolStatusError(error) && status > 0)) {
            m_body += m_reply->readAll();
            if (m_body.size() > m_settings.maxResponseBytes) {
                response.transportError = tooLarge();
            } else {
                response.status = status;
                response.headers = m_reply->rawHeaderPairs();
                response.body = m_body;
            }
        } else {
            response.transportError = mapError(error);
        }
        response.durationMs = m_elapsed.elapsed();
        response.receivedAtMs = QDateTime::currentMSecsSinceEpoch();

        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->deleteLater();
        m_body.clear();
        finish(std::move(response));
    }

    QNetworkReply *m_reply = nullptr;
    TransportSettings m_settings;
    QUrl m_url;        // as requested
    QUrl m_currentUrl; // after the redirects followed so far
    QByteArray m_body;
    QStringList m_sslErrors;
    std::optional<Error> m_stopError;
    QElapsedTimer m_elapsed;
    QTimer m_deadline{this};
};

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
{
}

ApiClient::~ApiClient() = default;

ApiReply *ApiClient::send(const HttpRequest &request, const TransportSettings &settings)
{
    // Loud on every use, whichever front end or renewal sends it: verification off is meant for a
    // moment of debugging, and a forgotten switch would otherwise expose secrets silently.
    if (settings.insecure && request.url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0)
        qWarning("warning: TLS certificate verification is off for https://%s (insecure): anyone on the path "
                 "can read and change this exchange, secrets included",
                 qPrintable(hostPort(request.url)));
    auto *reply = new NetworkApiReply(this);
    reply->start(m_manager, request, settings);
    return reply;
}

QNetworkAccessManager *ApiClient::networkAccessManager() const
{
    return m_manager;
}

} // namespace td
