// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HttpExchange.h"

#include "core/net/ProxyTlsBridge.h"
#include "core/net/TlsProblem.h"

#include <QSslError>
#include <QSslSocket>
#include <QTimer>

namespace td {

namespace {

bool isHttps(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

bool named(const QByteArray &name, const char *what)
{
    return name.compare(what, Qt::CaseInsensitive) == 0;
}

// "host" or "host:port" as the Host header wants it: the port only when it is not the scheme's.
QByteArray hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int defaultPort = isHttps(url) ? 443 : 80;
    if (url.port(defaultPort) != defaultPort)
        host += ':' + QByteArray::number(url.port());
    return host;
}

bool looksLikeTlsAlert(const QString &detail)
{
    return detail.contains(QLatin1String("alert"), Qt::CaseInsensitive)
        || detail.contains(QLatin1String("SSL routines"), Qt::CaseInsensitive);
}

Error proxyFailure(const char *reason, const QString &sentence, const QString &detail)
{
    Error error = makeError(ErrorCode::ProxyFailure, sentence, detail);
    error.reason = QLatin1String(reason);
    return error;
}

} // namespace

HttpExchange::HttpExchange(QObject *parent)
    : QObject(parent)
{
}

HttpExchange::~HttpExchange()
{
    cancel();
}

void HttpExchange::start(const HttpRequest &request, const Transport &transport, qint64 maxResponseBytes)
{
    m_transport = transport;
    m_https = isHttps(request.url);
    m_host = request.url.host();
    m_port = quint16(request.url.port(m_https ? 443 : 80));
    m_where = QStringLiteral("%1:%2").arg(m_host).arg(m_port);
    m_parser.emplace(maxResponseBytes, request.method.compare("HEAD", Qt::CaseInsensitive) == 0, m_where);
    m_requestBytes = requestBytes(request);
    m_readChunk.resize(kReadBufferBytes);

    m_socket = new QSslSocket(this);
    // The whole point of this class: Qt never holds more than this of the answer.
    m_socket->setReadBufferSize(kReadBufferBytes);
    // Always set: Qt's default would consult an application-wide proxy behind the caller's back.
    m_socket->setProxy(socketProxy());
    connectSocket();
    if (m_https) {
        m_socket->setSslConfiguration(transport.tls);
        m_socket->connectToHostEncrypted(m_host, m_port, m_host); // the peer is verified against the host
    } else {
        m_socket->connectToHost(m_host, m_port);
    }
}

// The proxy as the socket reaches it: an https:// proxy through a bridge of this exchange's own
// (when the bridge cannot listen, the socket finds nothing there and says so as a proxy failure).
QNetworkProxy HttpExchange::socketProxy()
{
    if (!m_transport.proxyTls)
        return m_transport.proxy;
    m_bridge = new ProxyTlsBridge(m_transport.proxy.hostName(), m_transport.proxy.port(), *m_transport.proxyTls, this);
    m_bridge->listen();
    QNetworkProxy viaBridge = m_transport.proxy;
    viaBridge.setHostName(QStringLiteral("127.0.0.1"));
    viaBridge.setPort(m_bridge->port());
    return viaBridge;
}

void HttpExchange::cancel()
{
    m_done = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

// Request line, Host, the request's headers in their order, Content-Length for a body, and
// Connection: close. No Accept-Encoding: an identity body needs no decompressing (and cannot be
// a small compressed bomb).
QByteArray HttpExchange::requestBytes(const HttpRequest &request) const
{
    QByteArray target = request.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (target.isEmpty())
        target = "/";
    QByteArray out = request.method + ' ' + target + " HTTP/1.1\r\n";
    if (request.header("Host").isEmpty())
        out += "Host: " + hostHeader(request.url) + "\r\n";
    for (const auto &[name, value] : request.headers) {
        // Framing is this class's business; a caller's value could contradict what is sent.
        if (!named(name, "Content-Length") && !named(name, "Connection") && !named(name, "Transfer-Encoding"))
            out += name + ": " + value + "\r\n";
    }
    if (request.header("User-Agent").isEmpty())
        out += "User-Agent: TokenDesk\r\n";
    const QByteArray method = request.method.toUpper();
    if (!request.body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        out += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n";
    return out + "Connection: close\r\n\r\n" + request.body;
}

void HttpExchange::connectSocket()
{
    connect(m_socket, &QAbstractSocket::connected, this, [this] {
        m_connected = true;
        if (!m_https)
            m_socket->write(m_requestBytes);
    });
    connect(m_socket, &QSslSocket::encrypted, this, [this] { onEncrypted(); });
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_sslErrors.append(errors);
        m_tls = TlsSessionInfo::of(*m_socket); // the refused chain is worth showing
    });
    connect(m_socket, &QIODevice::readyRead, this, [this] { readAvailable(); });
    connect(m_socket, &QAbstractSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) { onError(int(error)); });
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] { onClosed(); });
}

// Everything buffered goes to the parser now: Qt reads the kernel again only once its buffer has
// room, so what waits in Qt never exceeds kReadBufferBytes.
void HttpExchange::readAvailable()
{
    while (!m_done && m_socket->bytesAvailable() > 0) {
        const qint64 n = m_socket->read(m_readChunk.data(), m_readChunk.size());
        if (n <= 0)
            break;
        m_parser->feed(QByteArrayView(m_readChunk.constData(), n));
        checkParser();
    }
}

void HttpExchange::checkParser()
{
    if (m_parser->state() == HttpResponseParser::State::Failed) {
        fail(*m_parser->error());
    } else if (m_parser->state() == HttpResponseParser::State::Done) {
        HttpResponse response;
        response.status = m_parser->status();
        response.headers = m_parser->headers();
        response.body = m_parser->takeBody();
        complete(std::move(response));
    }
}

// The handshake is done and Qt verified the chain (unless insecure): the caller's last word
// (pinning) comes before a byte of the request leaves.
void HttpExchange::onEncrypted()
{
    m_encrypted = true;
    m_tls = TlsSessionInfo::of(*m_socket);
    if (m_transport.checkPeer) {
        if (std::optional<Error> refused = m_transport.checkPeer(m_socket->peerCertificateChain())) {
            fail(*refused);
            return;
        }
    }
    m_socket->write(m_requestBytes);
}

// Before the tunnel is up every failure is the proxy's. Qt reports a CONNECT answered 403 as an
// access error, 404 as host not found and 503 as connection refused; a SOCKS5 reply 0x02 (not
// allowed) as an access error, 0x04 (host unreachable) as host not found, 0x05 as connection
// refused, and a failed RFC 1929 login as an authentication error. When the SOCKS proxy resolves
// the name (socks5h), Qt turns 0x01 and 0x02 into host not found too (a Dante workaround), so that
// one cannot be told from 0x04 and the message says so.
std::optional<Error> HttpExchange::proxyError(int socketError, const QString &detail) const
{
    if (m_transport.proxy.type() == QNetworkProxy::NoProxy || m_connected)
        return std::nullopt;
    if (m_bridge && m_bridge->failure())
        return bridgeError();
    const bool socks = m_transport.proxy.type() == QNetworkProxy::Socks5Proxy;
    const QString proxy = m_transport.proxyShown;
    switch (QAbstractSocket::SocketError(socketError)) {
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return proxyFailure("unreachable", QStringLiteral("The proxy %1 cannot be reached: %2").arg(proxy, detail), detail);
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return proxyFailure("auth-required", QStringLiteral("The proxy %1 wants credentials (%2) that it did not accept "
                                                            "or was not given: put them in the proxy URL")
                                                 .arg(proxy, socks ? QStringLiteral("SOCKS5 user name and password")
                                                                   : QStringLiteral("407")), detail);
    case QAbstractSocket::SocketAccessError:
        return proxyFailure("refused", QStringLiteral("The proxy %1 refused the tunnel to %2: %3").arg(proxy, m_where, detail), detail);
    case QAbstractSocket::HostNotFoundError:
        if (socks && m_transport.proxy.capabilities().testFlag(QNetworkProxy::HostNameLookupCapability))
            return proxyFailure("target-unreachable", QStringLiteral("The proxy %1 could not resolve or reach %2, or "
                                                                     "refused to (with socks5h, Qt reports the SOCKS5 "
                                                                     "replies \"not allowed\" and \"host unreachable\" alike)")
                                                          .arg(proxy, m_where), detail);
        Q_FALLTHROUGH();
    case QAbstractSocket::ConnectionRefusedError:
        return proxyFailure("target-unreachable", QStringLiteral("The proxy %1 could not reach %2: %3").arg(proxy, m_where, detail), detail);
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::RemoteHostClosedError:
        return proxyFailure("closed", QStringLiteral("The proxy %1 closed the connection before the tunnel to %2 was up")
                                          .arg(proxy, m_where), detail);
    default:
        return proxyFailure("protocol", QStringLiteral("The proxy %1 answered the tunnel to %2 with an error or not in "
                                                       "%3 (%4)").arg(proxy, m_where, socks ? QStringLiteral("SOCKS5")
                                                                                            : QStringLiteral("HTTP"), detail), detail);
    }
}

// The TLS connection to an https:// proxy failed: its certificate (named as a server's would be),
// its handshake, or the proxy is not there.
Error HttpExchange::bridgeError() const
{
    const ProxyTlsBridge::Failure &failure = *m_bridge->failure();
    const QString proxy = m_transport.proxyShown;
    const QString where = QStringLiteral("%1:%2").arg(m_transport.proxy.hostName()).arg(m_transport.proxy.port());
    std::optional<Error> tls;
    if (!failure.certificateErrors.isEmpty())
        tls = TlsProblem::fromCertificateErrors(failure.certificateErrors, failure.chain, where);
    else if (failure.socketError == int(QAbstractSocket::SslHandshakeFailedError)
             || failure.socketError == int(QAbstractSocket::SslInternalError)
             || failure.socketError == int(QAbstractSocket::RemoteHostClosedError))
        tls = TlsProblem::fromFailure({failure.detail, false, false, false}, where);
    // A proxy that answers a TLS hello in plain HTTP: OpenSSL reads its "HTTP/1.1" as a record.
    const QString plain = failure.detail.contains(QLatin1String("wrong version number"), Qt::CaseInsensitive)
        ? QStringLiteral(" (it does not seem to speak TLS: is it an http:// proxy?)")
        : QString();
    if (tls)
        return proxyFailure("tls", QStringLiteral("TLS to the proxy %1 failed (%2): %3%4").arg(proxy, tls->reason, tls->message, plain),
                            failure.detail);
    return proxyFailure("unreachable", QStringLiteral("The proxy %1 cannot be reached: %2").arg(proxy, failure.detail),
                        failure.detail);
}

void HttpExchange::onError(int socketError)
{
    if (m_done)
        return;
    const QString detail = m_socket->errorString();
    if (std::optional<Error> proxy = proxyError(socketError, detail)) {
        fail(*proxy);
        return;
    }
    switch (QAbstractSocket::SocketError(socketError)) {
    case QAbstractSocket::RemoteHostClosedError:
        onClosed();
        return;
    case QAbstractSocket::ConnectionRefusedError:
        fail(makeError(ErrorCode::Network, QStringLiteral("Connection refused by %1").arg(m_where), detail));
        return;
    case QAbstractSocket::HostNotFoundError:
        fail(makeError(ErrorCode::Network, QStringLiteral("Host not found: %1").arg(m_where), detail));
        return;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(tlsError(false));
        return;
    default:
        if (m_https && (!m_sslErrors.isEmpty() || looksLikeTlsAlert(detail)))
            fail(tlsError(false));
        else
            fail(makeError(ErrorCode::Network, QStringLiteral("The request to %1 failed: %2").arg(m_where, detail), detail));
    }
}

void HttpExchange::onClosed()
{
    if (m_done)
        return;
    readAvailable(); // what arrived before the close
    if (m_done)
        return;
    if (std::optional<Error> proxy = proxyError(int(QAbstractSocket::RemoteHostClosedError), QStringLiteral("closed"))) {
        fail(*proxy);
        return;
    }
    if (m_https && !m_parser->receivedAnything()) {
        fail(tlsError(true));
        return;
    }
    m_parser->closed();
    checkParser();
}

Error HttpExchange::tlsError(bool closedUnanswered)
{
    if (!m_tls)
        m_tls = TlsSessionInfo::of(*m_socket);
    if (!m_sslErrors.isEmpty())
        return TlsProblem::fromCertificateErrors(m_sslErrors, m_socket->peerCertificateChain(), m_where);
    TlsProblem::Failure failure;
    failure.detail = m_socket->errorString();
    failure.clientCertificateSent = m_transport.clientCertificate;
    failure.encrypted = m_encrypted;
    failure.closedUnanswered = closedUnanswered || m_socket->error() == QAbstractSocket::RemoteHostClosedError;
    return TlsProblem::fromFailure(failure, m_where);
}

void HttpExchange::fail(const Error &error)
{
    HttpResponse response;
    response.transportError = error;
    complete(std::move(response));
}

// Closes the connection before telling: a refused or complete answer needs nothing more from it,
// and a server still sending learns at once.
void HttpExchange::complete(HttpResponse response)
{
    if (m_https && m_tls && !m_tls->isEmpty())
        response.tls = m_tls;
    response.proxy = m_transport.proxyShown;
    cancel();
    Q_EMIT finished(response);
}

} // namespace td
