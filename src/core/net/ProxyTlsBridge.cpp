// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ProxyTlsBridge.h"

#include <QNetworkProxy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace td {

// One accepted connection and its TLS connection to the proxy, bytes passed both ways unchanged.
class ProxyTlsBridge::Pipe : public QObject
{
public:
    Pipe(QTcpSocket *downstream, ProxyTlsBridge &bridge)
        : QObject(&bridge)
        , m_downstream(downstream)
        , m_upstream(new QSslSocket(this))
        , m_bridge(bridge)
    {
        m_downstream->setParent(this);
        m_downstream->setReadBufferSize(kBufferBytes);
        // A relay passes on what it has as soon as it has it: Nagle's algorithm would hold a small
        // write back until the previous one is acknowledged.
        m_downstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_upstream->setReadBufferSize(kBufferBytes);
        m_upstream->setProxy(QNetworkProxy::NoProxy); // never an application-wide proxy before this one
        m_upstream->setSslConfiguration(bridge.m_tls);
        wire();
        connect(m_upstream, &QAbstractSocket::connected, this,
                [this] { m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        m_upstream->connectToHostEncrypted(bridge.m_proxyHost, bridge.m_proxyPort, bridge.m_proxyHost);
    }

    ~Pipe() override
    {
        // Neither side signals into a half-destroyed pipe.
        m_upstream->disconnect(this);
        m_downstream->disconnect(this);
        m_upstream->abort();
        m_downstream->abort();
    }

private:
    void wire()
    {
        // What the exchange sends waits in the downstream buffer until the proxy's TLS is up.
        connect(m_downstream, &QIODevice::readyRead, this, [this] { pump(m_downstream, m_upstream); });
        connect(m_upstream, &QIODevice::bytesWritten, this, [this] { pump(m_downstream, m_upstream); });
        connect(m_upstream, &QIODevice::readyRead, this, [this] { pump(m_upstream, m_downstream); });
        connect(m_downstream, &QIODevice::bytesWritten, this, [this] {
            pump(m_upstream, m_downstream);
            closeWhenDrained();
        });
        connect(m_upstream, &QSslSocket::encrypted, this, [this] {
            m_encrypted = true;
            pump(m_downstream, m_upstream);
        });
        connect(m_upstream, &QSslSocket::sslErrors, this,
                [this](const QList<QSslError> &errors) { m_certificateErrors = errors; });
        connect(m_upstream, &QAbstractSocket::errorOccurred, this,
                [this](QAbstractSocket::SocketError error) { onUpstreamError(int(error)); });
        connect(m_upstream, &QAbstractSocket::disconnected, this, [this] {
            m_upstreamClosed = true;
            closeWhenDrained();
        });
        // The exchange is done with this connection: nothing more is owed to the proxy.
        connect(m_downstream, &QAbstractSocket::disconnected, this, [this] { deleteLater(); });
    }

    // Before the TLS connection is up, an error is the bridge's failure and the exchange's socket
    // is dropped, so the exchange reports it; after, it is the proxy closing, passed on as a close.
    void onUpstreamError(int socketError)
    {
        if (m_encrypted) {
            m_upstreamClosed = true;
            closeWhenDrained();
            return;
        }
        m_bridge.m_failure = Failure{socketError, m_upstream->errorString(), m_certificateErrors,
                                     m_upstream->peerCertificateChain()};
        m_downstream->abort();
        deleteLater();
    }

    // Moves what `from` holds to `to` while `to` has less than kBufferBytes waiting to be written:
    // a side that does not read holds the other back, through TCP flow control, rather than
    // filling memory.
    void pump(QTcpSocket *from, QTcpSocket *to)
    {
        if (!m_encrypted || to->state() != QAbstractSocket::ConnectedState)
            return;
        while (from->bytesAvailable() > 0 && to->bytesToWrite() < kBufferBytes) {
            const QByteArray chunk = from->read(kBufferBytes - to->bytesToWrite());
            if (chunk.isEmpty())
                break;
            to->write(chunk);
        }

    }

    // The proxy closed: the exchange gets everything it sent first, then the close.
    void closeWhenDrained()
    {
        if (m_upstreamClosed && m_upstream->bytesAvailable() == 0
            && m_downstream->state() == QAbstractSocket::ConnectedState)
            m_downstream->disconnectFromHost();
    }

    QTcpSocket *m_downstream; // the exchange's socket, plain, on loopback
    QSslSocket *m_upstream;   // TLS to the proxy
    ProxyTlsBridge &m_bridge;
    bool m_encrypted = false;
    bool m_upstreamClosed = false;
    QList<QSslError> m_certificateErrors;
};

ProxyTlsBridge::ProxyTlsBridge(const QString &proxyHost, quint16 proxyPort, const QSslConfiguration &tls, QObject *parent)
    : QObject(parent)
    , m_proxyHost(proxyHost)
    , m_proxyPort(proxyPort)
    , m_tls(tls)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            new Pipe(socket, *this);
    });
}

// The pipes go with the bridge's children; a pipe's destructor reports to no one.
ProxyTlsBridge::~ProxyTlsBridge() = default;

bool ProxyTlsBridge::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 ProxyTlsBridge::port() const
{
    return m_server->serverPort();
}

} // namespace td
