// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ApiClient.h"
#include "core/net/ApiReply.h"

#include "PostedEvents.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace td;

namespace {

constexpr int kWaitMs = 10000; // upper bound for any single wait; failures show up long before

struct RawRequest {
    QByteArray method;
    QByteArray path;
    HttpHeaders headers;
    QByteArray body;
};

QByteArray httpResponse(int status, const QByteArray &reason, const QByteArray &body,
                        const HttpHeaders &headers = {})
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return out;
}

// A byte-level HTTP/1.1 server on loopback for the cases a well-behaved server cannot produce
// (lies, stalls, early closes) and to see request headers exactly as sent, in order.
class RawServer : public QObject
{
public:
    using Handler = std::function<void(QTcpSocket *, const RawRequest &)>;
    using ConnectHandler = std::function<void(QTcpSocket *)>;

    explicit RawServer(QTcpServer *server = nullptr)
        : m_server(server ? server : new QTcpServer(this))
    {
        m_server->setParent(this);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                accept(socket);
        });
    }

    bool listen() { return m_server->listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server->serverPort(); }
    QUrl url(const QString &path, const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(scheme).arg(port()).arg(path));
    }

    Handler onRequest;
    ConnectHandler onConnect;
    QList<RawRequest> requests;
    int connections = 0;

private:
    void accept(QTcpSocket *socket)
    {
        ++connections;
        socket->setParent(this);
        if (onConnect) {
            onConnect(socket);
            return;
        }
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            parse(socket, *buffer);
        });
    }

    void parse(QTcpSocket *socket, QByteArray &buffer)
    {
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            RawRequest request;
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                const QByteArray name = line.left(colon);
                const QByteArray value = line.mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            request.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            requests.append(request);
            if (onRequest)
                onRequest(socket, request);
        }
    }

    QTcpServer *m_server;
};

// Collects what an ApiReply reports and counts how often.
struct Outcome {
    int finishedCount = 0;
    HttpResponse response;
};

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

QString describe(const HttpResponse &response)
{
    if (response.transportError)
        return errorCodeName(response.transportError->code) + QLatin1Char(' ') + response.transportError->toString();
    return QStringLiteral("HTTP %1").arg(response.status);
}

} // namespace

#define SEND_AND_WAIT(outcome, ...)                                                                \
    const auto outcome = sendAndWait(__VA_ARGS__);                                                 \
    QCOMPARE(outcome->finishedCount, 1)

class tst_ApiClient : public QObject
{
    Q_OBJECT

private:
    ApiClient *m_client = nullptr;

    // Sends and waits (bounded) for finished(); the outcome is shared so that late emissions
    // would still be counted. Callers check finishedCount == 1 through SEND_AND_WAIT.
    std::shared_ptr<Outcome> sendAndWait(const HttpRequest &request, const TransportSettings &settings = {},
                                         ApiReply **replyOut = nullptr)
    {
        auto outcome = std::make_shared<Outcome>();
        ApiReply *reply = m_client->send(request, settings);
        connect(reply, &ApiReply::finished, this, [outcome](const HttpResponse &response) {
            ++outcome->finishedCount;
            outcome->response = response;
        });
        if (replyOut)
            *replyOut = reply;
        else
            static_cast<void>(QTest::qWaitFor([&outcome] { return outcome->finishedCount > 0; }, kWaitMs));
        return outcome;
    }

    static void expectError(const HttpResponse &response, ErrorCode code)
    {
        if (!response.transportError || response.transportError->code != code)
            QFAIL(qPrintable(QStringLiteral("expected %1, got %2").arg(errorCodeName(code), describe(response))));
    }

private slots:
    void init() { m_client = new ApiClient(this); }
    void cleanup()
    {
        delete m_client;
        m_client = nullptr;
    }

    void headerLookupIsCaseInsensitive()
    {
        HttpRequest request;
        request.headers = {{"Content-Type", "text/plain"}, {"X-API-KEY", "MOB-APP-2001"}};
        QCOMPARE(request.header("content-type"), QByteArray("text/plain"));
        QCOMPARE(request.header("x-api-key"), QByteArray("MOB-APP-2001"));
        QCOMPARE(request.header("X-Missing"), QByteArray());
        HttpResponse response;
        response.headers = {{"content-length", "12"}};
        QCOMPARE(response.header("Content-Length"), QByteArray("12"));
    }

    void methodsAndHeadersSentInOrder_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("POST") << QByteArray("POST") << QByteArray(R"({"appKey":"k1"})");
        QTest::newRow("PUT") << QByteArray("PUT") << QByteArray(R"({"token":"t","refreshToken":"r"})");
        QTest::newRow("GET") << QByteArray("GET") << QByteArray();
        QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray();
    }

    void methodsAndHeadersSentInOrder()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const RawRequest &request) {
            socket->write(httpResponse(200, "OK", "echo:" + request.body, {{"Content-Type", "text/plain"}, {"X-Trace", "abc"}}));
        };

        HttpRequest request;
        request.method = method;
        request.url = server.url(QStringLiteral("/api/v2/auth/token?x=1"));
        request.headers = {{"X-Zeta", "last-alphabetically"},
                           {"Content-Type", "application/json"},
                           {"X-API-KEY", "MOB-APP-2001"},
                           {"X-Alpha", "first-alphabetically"}};
        request.body = body;
        SEND_AND_WAIT(outcome, request);

        QVERIFY2(!outcome->response.transportError, qPrintable(describe(outcome->response)));
        QCOMPARE(outcome->response.status, 200);
        QCOMPARE(outcome->response.body, "echo:" + body);
        QCOMPARE(outcome->response.header("x-trace"), QByteArray("abc"));
        QVERIFY(outcome->response.durationMs >= 0);
        QVERIFY(outcome->response.receivedAtMs > 0);

        QCOMPARE(server.requests.size(), 1);
        const RawRequest &seen = server.requests.first();
        QCOMPARE(seen.method, method);
        QCOMPARE(seen.path, QByteArray("/api/v2/auth/token?x=1"));
        QCOMPARE(seen.body, body);
        // Our headers arrive with their values and in the order given (Qt adds Host and the
        // like around them).
        QList<QByteArray> ours;
        for (const auto &[name, value] : seen.headers) {
            for (const auto &[sentName, sentValue] : request.headers) {
                if (name.compare(sentName, Qt::CaseInsensitive) == 0) {
                    QCOMPARE(value, sentValue);
                    ours.append(sentName);
                }
            }
        }
        QCOMPARE(ours, (QList<QByteArray>{"X-Zeta", "Content-Type", "X-API-KEY", "X-Alpha"}));
    }

    void errorStatusDeliversBody_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("401") << 401;
        QTest::newRow("404") << 404;
        QTest::newRow("500") << 500;
    }

    void errorStatusDeliversBody()
    {
        QFETCH(int, status);
        QHttpServer server;
        const QByteArray body = R"({"errorCode":"AUTH_1001","errorMessage":"invalid credentials"})";
        server.route(QStringLiteral("/api/v2/auth/token"), [status, body] {
            return QHttpServerResponse("application/json", body,
                                       static_cast<QHttpServerResponder::StatusCode>(status));
        });
        const quint16 port = server.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port != 0);

        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/api/v2/auth/token").arg(port));
        request.headers = {{"Content-Type", "application/json"}};
        request.body = R"({"username":"u","password":"p"})";
        SEND_AND_WAIT(outcome, request);

        QVERIFY2(!outcome->response.transportError, qPrintable(describe(outcome->response)));
        QVERIFY(outcome->response.hasHttpResponse());
        QCOMPARE(outcome->response.status, status);
        QCOMPARE(outcome->response.body, body);
        QCOMPARE(outcome->response.header("Content-Type"), QByteArray("application/json"));
    }

    void slowServerTimesOut()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *, const RawRequest &) {}; // never answers

        HttpRequest request;
        request.url = server.url(QStringLiteral("/slow"));
        TransportSettings settings;
        settings.timeoutMs = 500;
        SEND_AND_WAIT(outcome, request, settings);

        expectError(outcome->response, ErrorCode::Timeout);
        QCOMPARE(outcome->response.transportError->message, QStringLiteral("No response from 127.0.0.1 within 500 ms"));
        QCOMPARE(outcome->response.status, 0);
        QVERIFY(outcome->response.durationMs >= 500 - 50); // the deadline, not an earlier error
    }

    void tricklingServerHitsTheWholeRequestDeadline()
    {
        // A byte every 100 ms keeps an inactivity timer happy forever; the deadline still ends it.
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [&server](QTcpSocket *socket, const RawRequest &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            auto *timer = new QTimer(&server);
            QObject::connect(timer, &QTimer::timeout, socket, [socket] { socket->write("x"); });
            timer->start(100);
        };
        HttpRequest request;
        request.method = "GET";
        request.url = server.url(QStringLiteral("/trickle"));
        TransportSettings settings;
        settings.timeoutMs = 500;
        SEND_AND_WAIT(outcome, request, settings);
        expectError(outcome->response, ErrorCode::Timeout);
    }

    void oversizeContentLengthRefused()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const RawRequest &) {
            // Announces more than the cap and sends only the start: refused on the header.
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + QByteArray(100, 'a'));
        };
        HttpRequest request;
        request.url = server.url(QStringLiteral("/big"));
        TransportSettings settings;
        settings.maxResponseBytes = 1024;
        SEND_AND_WAIT(outcome, request, settings);
        expectError(outcome->response, ErrorCode::ResponseTooLarge);
        QVERIFY(outcome->response.transportError->message.contains(QStringLiteral("1 KiB")));
    }

    void oversizeChunkedBodyRefused()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const RawRequest &) {
            // No Content-Length: the cap is enforced on the bytes as they arrive.
            QByteArray out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
            for (int i = 0; i < 8; ++i)
                out += "200\r\n" + QByteArray(0x200, 'b') + "\r\n";
            out += "0\r\n\r\n";
            socket->write(out);
        };
        HttpRequest request;
        request.url = server.url(QStringLiteral("/chunked"));
        TransportSettings settings;
        settings.maxResponseBytes = 2048;
        SEND_AND_WAIT(outcome, request, settings);
        expectError(outcome->response, ErrorCode::ResponseTooLarge);
    }

    void bodyAtTheCapAccepted()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const RawRequest &) {
            socket->write(httpResponse(200, "OK", QByteArray(2048, 'c')));
        };
        HttpRequest request;
        request.url = server.url(QStringLiteral("/exact"));
        TransportSettings settings;
        settings.maxResponseBytes = 2048;
        SEND_AND_WAIT(outcome, request, settings);
        QVERIFY2(!outcome->response.transportError, qPrintable(describe(outcome->response)));
        QCOMPARE(outcome->response.body.size(), 2048);
    }

    void contentLengthLieThenCloseIsDropped()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const RawRequest &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            socket->flush();
            socket->disconnectFromHost();
        };
        HttpRequest request;
        request.url = server.url(QStringLiteral("/short"));
        SEND_AND_WAIT(outcome, request);
        expectError(outcome->response, ErrorCode::ConnectionDropped);
        QVERIFY(outcome->response.transportError->message.contains(QStringLiteral("127.0.0.1:%1").arg(server.port())));
    }

    void serverClosesImmediatelyIsDropped()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onConnect = [](QTcpSocket *socket) { socket->close(); };
        HttpRequest request;
        request.url = server.url(QStringLiteral("/gone"));
        SEND_AND_WAIT(outcome, request);
        expectError(outcome->response, ErrorCode::ConnectionDropped);
    }

    void redirectToPlainHttpElsewhereRefused()
    {
        RawServer target;
        QVERIFY(target.listen());
        target.onRequest = [](QTcpSocket *socket, const RawRequest &) { socket->write(httpResponse(200, "OK", "wrong")); };
        const QUrl elsewhere = target.url(QStringLiteral("/elsewhere"));

        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [elsewhere](QTcpSocket *socket, const RawRequest &) {
            socket->write(httpResponse(302, "Found", {}, {{"Location", elsewhere.toEncoded()}}));
        };
        HttpRequest request;
        request.url = server.url(QStringLiteral("/start"));
        SEND_AND_WAIT(outcome, request);
        expectError(outcome->response, ErrorCode::RedirectRefused);
        QVERIFY2(outcome->response.transportError->message.contains(elsewhere.toString()),
                 qPrintable(outcome->response.transportError->message));
        QCOMPARE(target.connections, 0);
    }

    void redirectSameOriginFollowed()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const RawRequest &request) {
            if (request.path == "/start")
                socket->write(httpResponse(307, "Temporary Redirect", {}, {{"Location", "/final"}}));
            else
                socket->write(httpResponse(200, "OK", "arrived at " + request.path));
        };
        HttpRequest request;
        request.method = "GET";
        request.url = server.url(QStringLiteral("/start"));
        SEND_AND_WAIT(outcome, request);
        QVERIFY2(!outcome->response.transportError, qPrintable(describe(outcome->response)));
        QCOMPARE(outcome->response.status, 200);
        QCOMPARE(outcome->response.body, QByteArray("arrived at /final"));
        QCOMPARE(server.requests.size(), 2);
    }

    void refusedPortIsNetworkError()
    {
        const quint16 port = closedPort();
        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(port));
        SEND_AND_WAIT(outcome, request);
        expectError(outcome->response, ErrorCode::Network);
        QCOMPARE(outcome->response.transportError->message, QStringLiteral("Connection refused by 127.0.0.1:%1").arg(port));
    }

    void invalidUrlFailsAfterSendReturns()
    {
        HttpRequest request;
        request.url = QUrl(QStringLiteral("ftp://example.com/file"));
        SEND_AND_WAIT(outcome, request);
        expectError(outcome->response, ErrorCode::ConfigInvalid);
        QCOMPARE(outcome->finishedCount, 1);
    }

    void abortGivesCancelledOnce()
    {
        RawServer server;
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *, const RawRequest &) {};
        HttpRequest request;
        request.url = server.url(QStringLiteral("/wait"));
        ApiReply *reply = nullptr;
        const auto outcome = sendAndWait(request, {}, &reply);
        QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 1, kWaitMs);
        QCOMPARE(outcome->finishedCount, 0);
        reply->abort();
        QTRY_COMPARE_WITH_TIMEOUT(outcome->finishedCount, 1, kWaitMs);
        expectError(outcome->response, ErrorCode::Cancelled);
        reply->abort(); // a second abort is a no-op
        QVERIFY(runPostedEvents());
        QCOMPARE(outcome->finishedCount, 1);
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->response().transportError->code, ErrorCode::Cancelled);
    }

    void tls_data()
    {
        QTest::addColumn<bool>("useExtraCa");
        QTest::addColumn<bool>("insecure");
        QTest::addColumn<int>("expectedCode"); // -1: success
        QTest::newRow("unknown CA refused") << false << false << int(ErrorCode::TlsFailure);
        QTest::newRow("extra CA file trusted") << true << false << -1;
        QTest::newRow("insecure skips verification") << false << true << -1;
    }

    void tls()
    {
        QFETCH(bool, useExtraCa);
        QFETCH(bool, insecure);
        QFETCH(int, expectedCode);
        if (!QSslSocket::supportsSsl())
            QFAIL("Qt has no TLS backend");

        const QString dataDir = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/net/");
        QFile keyFile(dataDir + QStringLiteral("server.key"));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(QSslCertificate::fromPath(dataDir + QStringLiteral("server.pem")));
        config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
        QVERIFY(!config.localCertificate().isNull());
        QVERIFY(!config.privateKey().isNull());
        auto *sslServer = new QSslServer;
        sslServer->setSslConfiguration(config);
        RawServer server(sslServer);
        QVERIFY(server.listen());
        server.onRequest = [](QTcpSocket *socket, const RawRequest &) { socket->write(httpResponse(200, "OK", "secure")); };

        HttpRequest request;
        request.method = "GET";
        request.url = server.url(QStringLiteral("/tls"), QStringLiteral("https"));
        TransportSettings settings;
        settings.insecure = insecure;
        if (useExtraCa)
            settings.extraCaFile = dataDir + QStringLiteral("ca.pem");
        // Verification off is said on standard error for every request, and only then.
        const QRegularExpression warning(QStringLiteral("^warning: TLS certificate verification is off for "
                                                        "https://127\\.0\\.0\\.1:%1 ").arg(server.port()));
        if (insecure)
            QTest::ignoreMessage(QtWarningMsg, warning);
        else
            QTest::failOnWarning(warning);
        SEND_AND_WAIT(outcome, request, settings);
        if (expectedCode < 0) {
            QVERIFY2(!outcome->response.transportError, qPrintable(describe(outcome->response)));
            QCOMPARE(outcome->response.body, QByteArray("secure"));
        } else {
            expectError(outcome->response, static_cast<ErrorCode>(expectedCode));
            QVERIFY(outcome->response.transportError->message.startsWith(
                QStringLiteral("TLS with 127.0.0.1:%1 failed (untrusted): ").arg(server.port())));
            QCOMPARE(outcome->response.transportError->reason, QStringLiteral("untrusted"));
        }
    }

    void extraCaFileWithoutCertificateIsConfigError()
    {
        HttpRequest request;
        request.url = QUrl(QStringLiteral("https://127.0.0.1:1/"));
        TransportSettings settings;
        settings.extraCaFile = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/net/README.md");
        SEND_AND_WAIT(outcome, request, settings);
        expectError(outcome->response, ErrorCode::ConfigInvalid);
    }
};

QTEST_GUILESS_MAIN(tst_ApiClient)
#include "tst_ApiClient.moc"
