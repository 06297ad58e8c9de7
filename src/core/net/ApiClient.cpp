// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ApiClient.h"

#include "core/net/ApiReply.h"
#include "core/net/CertificatePins.h"
#include "core/net/ClientCertificate.h"
#include "core/net/HttpExchange.h"
#include "core/net/ProxyChoice.h"
#include "core/net/TlsProblem.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
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

// Header names and values go on the wire as written: a line break would end the header early
// and let the rest pass for headers (or a second request) of its own.
std::optional<Error> checkHeaders(const HttpHeaders &headers)
{
    for (const auto &[name, value] : headers) {
        const bool badName = name.isEmpty() || name.contains(':') || name.contains(' ') || name.contains('\t');
        if (badName || name.contains('\r') || name.contains('\n') || value.contains('\r') || value.contains('\n')
            || name.contains('\0') || value.contains('\0'))
            return makeError(ErrorCode::ConfigInvalid,
                             QStringLiteral("The header \"%1\" cannot be sent: a name must be a single word and "
                                            "neither name nor value may hold a line break")
                                 .arg(QString::fromLatin1(name.left(40)).simplified()));
    }
    return std::nullopt;
}

// One request wrapped with the transport rules: each hop is an HttpExchange of its own, so only
// same-origin redirects are followed, each with the same TLS settings. Every way out (response,
// error, deadline, refused redirect, abort) goes through finishWith() or onHopFinished(), so
// finished() fires once.
class ExchangeApiReply final : public ApiReply
{
public:
    ExchangeApiReply(const QProcessEnvironment &environment, QObject *parent)
        : ApiReply(parent)
        , m_environment(environment)
    {
        m_elapsed.start();
    }

    ~ExchangeApiReply() override { dropExchange(); }

    void start(const HttpRequest &request, const TransportSettings &settings)
    {
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
        std::optional<Error> error = checkHeaders(request.headers);
        if (!error && scheme == QLatin1String("https"))
            error = prepareTls();
        if (!error)
            error = prepareProxy();
        if (error) {
            failLater(*error);
            return;
        }

        // One deadline for the whole request, every hop included: a server that trickles a byte
        // a second must not keep it alive.
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
        stop(makeError(ErrorCode::Cancelled, QStringLiteral("The request to %1 was cancelled").arg(hostPort(m_url))));
    }

private:
    static constexpr int kMaxRedirects = 5;

    std::optional<Error> prepareTls()
    {
        if (std::optional<Error> error = trust(m_transport.tls))
            return error;
        if (m_settings.insecure)
            m_transport.tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        if (std::optional<Error> error = prepareClientCertificate())
            return error;
        return preparePins();
    }

    // The system's CAs and the --ca-file ones, for the server and for an https:// proxy alike.
    std::optional<Error> trust(QSslConfiguration &tls)
    {
        tls = QSslConfiguration::defaultConfiguration();
        if (m_settings.extraCaFile.isEmpty())
            return std::nullopt;
        if (m_extraCas.isEmpty()) {
            if (std::optional<Error> error = loadExtraCa(m_settings.extraCaFile, m_extraCas))
                return error;
        }
        // Adding to the default list would turn off Qt's on-demand loading of the system CAs,
        // leaving the extra file as the only trust: both are listed explicitly instead.
        tls.setCaCertificates(CertificatePins::systemCaCertificates() + m_extraCas);
        return std::nullopt;
    }

    std::optional<Error> prepareClientCertificate()
    {
        if (m_settings.clientCertFile.isEmpty())
            return std::nullopt;
        SecureBytes passphrase = m_settings.clientCertPassphrase;
        if (passphrase.isEmpty())
            passphrase = SecureBytes(m_environment.value(QLatin1String(ApiClient::kClientCertPassphraseVariable)).toUtf8());
        Result<ClientCertificate> loaded = !m_settings.clientCertPem.isEmpty()
            ? ClientCertificate::fromPem(m_settings.clientCertPem, m_settings.clientKeyPem.view(), {}, m_settings.clientCertFile)
            : ClientCertificate::load(m_settings.clientCertFile, m_settings.clientKeyFile, passphrase.view());
        if (!loaded)
            return loaded.error();
        m_transport.tls.setLocalCertificateChain(loaded->chain);
        m_transport.tls.setPrivateKey(loaded->key);
        m_transport.clientCertificate = true;
        return std::nullopt;
    }

    std::optional<Error> preparePins()
    {
        if (m_settings.pins.isEmpty())
            return std::nullopt;
        Result<QStringList> pins = CertificatePins::parse(m_settings.pins);
        if (!pins)
            return pins.error();
        m_transport.checkPeer = [this, pins = pins.value()](const QList<QSslCertificate> &presented) -> std::optional<Error> {
            const QList<QSslCertificate> chain = CertificatePins::verifiedChain(presented, m_extraCas);
            if (CertificatePins::matches(pins, chain))
                return std::nullopt;
            return TlsProblem::pinMismatch(pins, chain, hostPort(m_currentUrl));
        };
        return std::nullopt;
    }

    // One proxy for every hop: redirects stay on the same origin.
    std::optional<Error> prepareProxy()
    {
        Result<ProxyChoice> choice = ProxyChoice::choose(m_url, m_settings, m_environment);
        if (!choice)
            return choice.error();
        m_transport.proxy = choice->toNetworkProxy();
        m_transport.proxyShown = choice->shown();
        if (!choice->overTls())
            return std::nullopt;
        // The proxy's own certificate is verified as a server's is, by its host name; --insecure
        // and the pins are for the server, not for the proxy (as curl's --proxy-insecure is apart).
        QSslConfiguration proxyTls;
        if (std::optional<Error> error = trust(proxyTls))
            return error;
        m_transport.proxyTls = proxyTls;
        return std::nullopt;
    }

    // Sends m_request to m_currentUrl: the first hop and every redirect followed.
    void sendHop()
    {
        HttpRequest hop = m_request;
        hop.url = m_currentUrl;
        m_exchange = new HttpExchange(this);
        connect(m_exchange, &HttpExchange::finished, this,
                [this](const HttpResponse &response) { onHopFinished(response); });
        m_exchange->start(hop, m_transport, m_settings.maxResponseBytes);
    }

    void dropExchange()
    {
        if (!m_exchange)
            return;
        m_exchange->disconnect(this);
        m_exchange->cancel();
        m_exchange->deleteLater(); // it may be the sender of the signal being handled
        m_exchange = nullptr;
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
        finishWithResponse(std::move(response));
    }

    void finishWithResponse(HttpResponse response)
    {
        if (isFinished())
            return;
        m_deadline.stop();
        dropExchange();
        response.durationMs = m_elapsed.elapsed();
        response.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
        finish(std::move(response));
    }

    // Ends the request with `error` at once, closing the connection in flight.
    void stop(const Error &error) { finishWith(error); }

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

    // Follows the hop's redirect if it is one; true when a new hop is on its way, false when
    // `response` is the answer or `refusal` says why the redirect is not followed.
    bool followRedirect(const HttpResponse &response, std::optional<Error> &refusal)
    {
        const QByteArray location = response.header("Location");
        if (response.transportError || !isRedirectStatus(response.status) || location.isEmpty())
            return false;
        const QUrl target = m_currentUrl.resolved(QUrl::fromEncoded(location));
        refusal = refuseRedirect(target);
        if (refusal)
            return false;
        dropExchange();
        ++m_redirects;
        m_currentUrl = target;
        adaptMethodForRedirect(response.status);
        sendHop();
        return true;
    }

    void onHopFinished(const HttpResponse &response)
    {
        if (isFinished())
            return;
        std::optional<Error> refusal;
        if (followRedirect(response, refusal))
            return;
        if (refusal)
            finishWith(*refusal);
        else
            finishWithResponse(response);
    }

    HttpExchange *m_exchange = nullptr;
    HttpRequest m_request; // as sent on the current hop (a 303 turns it into a GET)
    TransportSettings m_settings;
    QProcessEnvironment m_environment;
    HttpExchange::Transport m_transport;
    QList<QSslCertificate> m_extraCas;
    QUrl m_url;        // as requested
    QUrl m_currentUrl; // after the redirects followed so far
    int m_redirects = 0;
    QElapsedTimer m_elapsed;
    QTimer m_deadline{this};
};

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
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
    auto *reply = new ExchangeApiReply(m_environment, this);
    reply->start(request, settings);
    return reply;
}

} // namespace td
