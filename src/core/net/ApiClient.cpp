// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ApiClient.h"

#include "core/net/ApiReply.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
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

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The URL as it may appear in a message: no user name or password.
QString shownUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo).toString();
}

// Why an extra CA file cannot be used, or nothing when it holds certificates.
std::optional<Error> loadExtraCa(const QString &path, QList<QSslCertificate> &certificates)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The extra CA file %1 does not exist").arg(path));
    if (!info.isFile() || !info.isReadable())
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("The extra CA file %1 is not a readable file").arg(path));
    certificates = QSslCertificate::fromPath(path, QSsl::Pem);
    if (certificates.isEmpty())
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("The extra CA file %1 holds no PEM certificate").arg(path));
    return std::nullopt;
}

// One request wrapped with the transport rules: Qt's own redirect handling is off and each hop
// is a new QNetworkReply sent here, so only same-origin hops are followed, each with the same TLS
// settings. Every way out (response, error, deadline, size cap, refused redirect, abort) goes
// through onFinished() or finishWith(), so finished() fires once.
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
        m_manager = manager;
        m_request = request;
        m_settings = settings;
        m_url = request.url;
        m_currentUrl = request.url;

        const QString scheme = request.url.scheme().toLower();
        if (!request.url.isValid() || request.url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            failLater(makeError(ErrorCode::ConfigInvalid,
                                QStringLiteral("\"%1\" is not an http or https URL").arg(shownUrl(request.url))));
            return;
        }
        if (scheme == QLatin1String("https")) {
            if (std::optional<Error> error = prepareTls()) {
                failLater(*error);
                return;
            }
        }

        // setTransferTimeout() only limits inactivity: a server that trickles a byte a second
        // would never time out. This deadline covers the whole request, every hop included.
        m_deadline.setSingleShot(true);
        m_deadline.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
        connect(&m_deadline, &QTimer::timeout, this, [this] {
            stop(makeError(ErrorCode::Timeout, QStringLiteral("No response from %1 within %2")
                                                   .arg(m_url.host(), formatMs(m_settings.timeoutMs))));
        });
        m_deadline.start(qMax(1, m_settings.timeoutMs));
        sendHop();
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
    static constexpr int kMaxRedirects = 5;
    // Qt's HTTP thread hands over at most this much before we read it, so an endless body is
    // counted against the cap as it arrives instead of queueing up between the threads. Qt still
    // buffers its socket meanwhile: a very fast chunked sender can get well past the cap before
    // the abort lands (measured in tst_HostileServer::oversizedPeakMemory).
    static constexpr qint64 kReadBufferBytes = 256 * 1024;

    std::optional<Error> prepareTls()
    {
        m_ssl = QSslConfiguration::defaultConfiguration();
        if (!m_settings.extraCaFile.isEmpty()) {
            QList<QSslCertificate> extra;
            if (std::optional<Error> error = loadExtraCa(m_settings.extraCaFile, extra))
                return error;
            m_ssl.addCaCertificates(extra);
        }
        if (m_settings.insecure)
            m_ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        return std::nullopt;
    }

    QNetworkRequest networkRequest() const
    {
        QNetworkRequest networkRequest(m_currentUrl);
        networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        if (m_currentUrl.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0)
            networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        else
            networkRequest.setSslConfiguration(m_ssl);
        for (const auto &[name, value] : m_request.headers) {
            // Qt keeps one value per name; a repeated header becomes one comma-joined list,
            // which HTTP defines as equivalent.
            if (networkRequest.hasRawHeader(name))
                networkRequest.setRawHeader(name, networkRequest.rawHeader(name) + ", " + value);
            else
                networkRequest.setRawHeader(name, value);
        }
        return networkRequest;
    }

    // Sends m_request to m_currentUrl: the first hop and every redirect followed.
    void sendHop()
    {
        const QNetworkRequest request = networkRequest();
        if (m_request.method.compare("HEAD", Qt::CaseInsensitive) == 0)
            m_reply = m_manager->head(request);
        else
            m_reply = m_manager->sendCustomRequest(request, m_request.method, m_request.body);
        m_reply->setParent(this);
        m_reply->setReadBufferSize(kReadBufferBytes);

        connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { onMetaDataChanged(); });
        connect(m_reply, &QNetworkReply::readyRead, this, [this] { onReadyRead(); });
        connect(m_reply, &QNetworkReply::encrypted, this, [this] { m_encrypted = true; });
        connect(m_reply, &QNetworkReply::sslErrors, this,
                [this](const QList<QSslError> &errors) { onSslErrors(errors); });
        connect(m_reply, &QNetworkReply::finished, this, [this] { onFinished(); });
    }

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
        m_answered = true;
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > m_settings.maxResponseBytes)
            stop(tooLarge());
        // The limit set at send time reaches Qt's HTTP thread only if its reply exists by then;
        // setting it again once the answer has begun makes sure it applies to the body.
        else if (m_reply)
            m_reply->setReadBufferSize(kReadBufferBytes);
    }

    void onReadyRead()
    {
        m_body += m_reply->read(m_settings.maxResponseBytes + 1 - m_body.size());
        if (m_body.size() > m_settings.maxResponseBytes)
            stop(tooLarge());
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

    Error mapTlsError() const
    {
        const QString where = hostPort(m_currentUrl);
        const QString detail = m_reply->errorString();
        // TLS 1.3 sends "certificate required" after the handshake; TLS 1.2 fails the handshake.
        if (detail.contains(QLatin1String("certificate required"), Qt::CaseInsensitive))
            return makeError(ErrorCode::TlsFailure,
                             QStringLiteral("TLS with %1 failed: the server asked for a client certificate, "
                                            "and TokenDesk sends none").arg(where), detail);
        // A server that demands a client certificate and gets none may just close: during the
        // handshake (TLS 1.2) or right after it (TLS 1.3, whose alert comes too late to be read).
        if (m_sslErrors.isEmpty() && !m_answered && m_reply->error() == QNetworkReply::RemoteHostClosedError)
            return makeError(ErrorCode::TlsFailure,
                             QStringLiteral("TLS with %1 failed: the server closed the connection %2 without "
                                            "answering, which is how a server that requires a client certificate "
                                            "refuses a client without one (TokenDesk sends none)")
                                 .arg(where, m_encrypted ? QStringLiteral("right after the TLS handshake")
                                                         : QStringLiteral("during the TLS handshake")),
                             detail);
        const QString reason = m_sslErrors.isEmpty() ? detail : m_sslErrors.join(QStringLiteral("; "));
        return makeError(ErrorCode::TlsFailure, QStringLiteral("TLS with %1 failed: %2").arg(where, reason), detail);
    }

    static bool looksLikeTlsAlert(const QString &detail)
    {
        return detail.contains(QLatin1String("alert"), Qt::CaseInsensitive)
            || detail.contains(QLatin1String("SSL routines"), Qt::CaseInsensitive);
    }

    Error mapError(QNetworkReply::NetworkError error) const
    {
        const QString where = hostPort(m_currentUrl);
        const QString detail = m_reply->errorString();
        const bool https = m_currentUrl.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
        const bool closedUnanswered = https && error == QNetworkReply::RemoteHostClosedError && !m_answered;
        if (!m_sslErrors.isEmpty() || error == QNetworkReply::SslHandshakeFailedError || looksLikeTlsAlert(detail)
            || closedUnanswered)
            return mapTlsError();
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
        default:
            return makeError(ErrorCode::Network, QStringLiteral("The request to %1 failed: %2").arg(where, detail));
        }
    }

    // The redirect target of a finished hop, or an empty URL when the hop is the answer.
    QUrl redirectTarget() const
    {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray location = m_reply->rawHeader("Location");
        if (m_reply->error() != QNetworkReply::NoError || !isRedirectStatus(status) || location.isEmpty())
            return {};
        return m_currentUrl.resolved(QUrl::fromEncoded(location));
    }

    std::optional<Error> refuseRedirect(const QUrl &target) const
    {
        if (!target.isValid() || !sameOrigin(target, m_currentUrl))
            return makeError(ErrorCode::RedirectRefused,
                             QStringLiteral("Refused the redirect from %1 to %2: only redirects within the same "
                                            "origin (scheme, host and port) are followed, so nothing was sent there")
                                 .arg(hostPort(m_currentUrl), shownUrl(target)));
        if (m_redirects >= kMaxRedirects)
            return makeError(ErrorCode::TooManyRedirects,
                             QStringLiteral("More than %1 redirects from %2 (the last one to %3)")
                                 .arg(kMaxRedirects).arg(hostPort(m_url), shownUrl(target)));
        return std::nullopt;
    }

    // RFC 9110 15.4: 307 and 308 repeat the request as it was; 303 asks for a GET, and 301/302
    // turn a POST into a GET as browsers and curl do. A GET carries no body or Content-Type.
    void adaptMethodForRedirect(int status)
    {
        const bool head = m_request.method.compare("HEAD", Qt::CaseInsensitive) == 0;
        const bool post = m_request.method.compare("POST", Qt::CaseInsensitive) == 0;
        if (head || status == 307 || status == 308 || (status != 303 && !post))
            return;
        m_request.method = "GET";
        m_request.body.clear();
        m_request.headers.removeIf([](const QPair<QByteArray, QByteArray> &header) {
            return header.first.compare("Content-Type", Qt::CaseInsensitive) == 0
                || header.first.compare("Content-Length", Qt::CaseInsensitive) == 0;
        });
    }

    QNetworkReply *releaseReply()
    {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->deleteLater();
        m_body.clear();
        m_sslErrors.clear();
        m_encrypted = false;
        m_answered = false;
        return reply;
    }

    // Follows the finished hop's redirect if it is one; true when a new hop is on its way.
    bool followRedirect(std::optional<Error> &refusal)
    {
        const QUrl target = redirectTarget();
        if (target.isEmpty())
            return false;
        refusal = refuseRedirect(target);
        if (refusal)
            return false;
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        releaseReply();
        ++m_redirects;
        m_currentUrl = target;
        adaptMethodForRedirect(status);
        sendHop();
        return true;
    }

    HttpResponse collect()
    {
        HttpResponse response;
        const QNetworkReply::NetworkError error = m_reply->error();
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (error == QNetworkReply::NoError || (isHttpLevelError(error) && status > 0)
            || (isProtocolStatusError(error) && status > 0)) {
            m_body += m_reply->read(m_settings.maxResponseBytes + 1 - m_body.size());
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
        return response;
    }

    void onFinished()
    {
        if (!m_reply || isFinished())
            return;
        std::optional<Error> error = m_stopError;
        if (!error && followRedirect(error))
            return;
        m_deadline.stop();

        HttpResponse response;
        if (error)
            response.transportError = error;
        else
            response = collect();
        response.durationMs = m_elapsed.elapsed();
        response.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
        releaseReply();
        finish(std::move(response));
    }

    QNetworkAccessManager *m_manager = nullptr;
    QNetworkReply *m_reply = nullptr;
    HttpRequest m_request; // as sent on the current hop (a 303 turns it into a GET)
    TransportSettings m_settings;
    QSslConfiguration m_ssl;
    QUrl m_url;        // as requested
    QUrl m_currentUrl; // after the redirects followed so far
    int m_redirects = 0;
    QByteArray m_body;
    QStringList m_sslErrors;
    bool m_encrypted = false; // this hop's TLS handshake completed
    bool m_answered = false;  // this hop's response headers arrived
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
