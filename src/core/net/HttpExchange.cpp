// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HttpExchange.h"

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

} // namespace

HttpExchange::HttpExchange(QObject *parent)
    : QObject(parent)
{
}

HttpExchange::~HttpExchange()
{
    cancel();
}

void HttpExchange::start(const HttpRequest &request, const QSslConfiguration &tls, qint64 maxResponseBytes)
{
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
    connectSocket();
    if (m_https) {
        m_socket->setSslConfiguration(tls);
        m_socket->connectToHostEncrypted(m_host, m_port, m_host); // the peer is verified against the host
    } else {
        m_socket->connectToHost(m_host, m_port);
    }
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
        if (!m_https)
            m_socket->write(m_requestBytes);
    });
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        m_encrypted = true;
        m_socket->write(m_requestBytes);
    });
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors.append(error.errorString());
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

void HttpExchange::onError(int socketError)
{
    if (m_done)
        return;
    const QString detail = m_socket->errorString();
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
    if (m_https && !m_parser->receivedAnything()) {
        fail(tlsError(true));
        return;
    }
    m_parser->closed();
    checkParser();
}

Error HttpExchange::tlsError(bool closedUnanswered) const
{
    const QString detail = m_socket->errorString();
    // TLS 1.3 sends "certificate required" after the handshake; TLS 1.2 fails the handshake.
    if (detail.contains(QLatin1String("certificate required"), Qt::CaseInsensitive))
        return makeError(ErrorCode::TlsFailure,
                         QStringLiteral("TLS with %1 failed: the server asked for a client certificate, "
                                        "and TokenDesk sends none").arg(m_where), detail);
    // A server that demands a client certificate and gets none may just close: during the
    // handshake (TLS 1.2) or right after it (TLS 1.3, when its alert is not read before the close).
    if (m_sslErrors.isEmpty() && (closedUnanswered || m_socket->error() == QAbstractSocket::RemoteHostClosedError))
        return makeError(ErrorCode::TlsFailure,
                         QStringLiteral("TLS with %1 failed: the server closed the connection %2 without "
                                        "answering, which is how a server that requires a client certificate "
                                        "refuses a client without one (TokenDesk sends none)")
                             .arg(m_where, m_encrypted ? QStringLiteral("right after the TLS handshake")
                                                       : QStringLiteral("during the TLS handshake")),
                         detail);
    const QString reason = m_sslErrors.isEmpty() ? detail : m_sslErrors.join(QStringLiteral("; "));
    return makeError(ErrorCode::TlsFailure, QStringLiteral("TLS with %1 failed: %2").arg(m_where, reason), detail);
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
    cancel();
    Q_EMIT finished(response);
}

} // namespace td
