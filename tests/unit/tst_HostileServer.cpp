// SPDX-License-Identifier: GPL-3.0-or-later
// The HTTP client against servers that misbehave on purpose: every case ends with its own error
// code, within the configured timeout, and the same ApiClient serves a normal request afterwards.
#include "HostileServer.h"
#include "SanitizerBuild.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/RequestBuilder.h"
#include "core/api/ResponseInterpreter.h"
#include "core/net/ApiClient.h"
#include "core/net/ApiReply.h"
#include "core/net/Environment.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace td;
using namespace td::test;

namespace {

constexpr int kTimeoutMs = 3000;       // the request timeout configured for every case
constexpr int kSlackMs = 2000;         // what a loaded machine may add before finished() is seen
constexpr qint64 kBigBody = 64LL * 1024 * 1024; // far over the 8 MiB cap, small enough to be quick
constexpr qint64 kHugeBody = 2LL * 1024 * 1024 * 1024;
constexpr qint64 kPeakLimitKb = 64 * 1024;       // the issue's bound for a refused oversized answer

const QByteArray kFinal = R"({"status":"0","msg":"SUCCESS","data":{"accessToken":"arrived","expire":60}})";

// The request carries the credentials a cross-origin redirect must never forward.
HttpRequest secretRequest(const QUrl &url)
{
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", "application/json"}, {"X-API-KEY", "MOB-APP-2001"}};
    request.body = R"({"secret":"TEST123","apiKey":"MOB-APP","password":"demo-password"})";
    return request;
}

HttpHeaders json()
{
    return {{"Content-Type", "application/json"}};
}

// Redirects /hop/<n> to /hop/<n+1> until `hops` redirects were made, then answers kFinal.
void redirectChain(HostileServer &server, int hops, int status = 307)
{
    server.onRequest = [hops, status](QTcpSocket *socket, const HostileRequest &request) {
        const int at = request.path.startsWith("/hop/") ? request.path.mid(5).toInt() : 0;
        if (at >= hops) {
            socket->write(HostileServer::response(200, "OK", kFinal, json()));
            return;
        }
        socket->write(HostileServer::response(status, "Redirect", {}, {{"Location", "/hop/" + QByteArray::number(at + 1)}}));
    };
}

void redirectTo(HostileServer &server, const QUrl &target)
{
    server.onRequest = [target](QTcpSocket *socket, const HostileRequest &) {
        socket->write(HostileServer::response(307, "Temporary Redirect", {}, {{"Location", target.toEncoded()}}));
    };
}

void answer(HostileServer &server, const QByteArray &raw, bool thenClose = false)
{
    server.onRequest = [raw, thenClose](QTcpSocket *socket, const HostileRequest &) {
        socket->write(raw);
        if (thenClose)
            socket->disconnectFromHost();
    };
}

void stream(HostileServer &server, qint64 total, HostileServer::Framing framing)
{
    server.onRequest = [&server, total, framing](QTcpSocket *socket, const HostileRequest &) {
        server.streamBody(socket, total, framing);
    };
}

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

HttpHeaders manyHeaders(int count)
{
    HttpHeaders headers = json();
    for (int i = 0; i < count; ++i)
        headers.append(qMakePair("X-Many-" + QByteArray::number(i), QByteArray("1")));
    return headers;
}

QByteArray nested(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

// Scripts `server` for one case; `other` is a second origin for the redirects that leave.
void script(const QString &name, HostileServer &server, HostileServer &other)
{
    using F = HostileServer::Framing;
    if (name == u"not json")
        answer(server, HostileServer::response(200, "OK", "<html><body>hello</body></html>", {{"Content-Type", "text/html"}}));
    else if (name == u"truncated json")
        answer(server, HostileServer::response(200, "OK", R"({"status":"0","msg":"SUCCESS","data":{"accessTo)", json()));
    else if (name == u"deep nesting")
        answer(server, HostileServer::response(200, "OK", nested(100000), json()));
    else if (name == u"html 5xx")
        answer(server, HostileServer::response(503, "Service Unavailable", "<html><h1>503 Service Unavailable</h1></html>",
                                               {{"Content-Type", "text/html"}}));
    else if (name == u"declared oversized")
        stream(server, kHugeBody, F::ContentLength);
    else if (name == u"chunked oversized")
        stream(server, kBigBody, F::Chunked);
    else if (name == u"length-less oversized")
        stream(server, kBigBody, F::ConnectionClose);
    else if (name == u"chunked garbage")
        answer(server, HostileServer::head(200, "OK", {{"Content-Type", "application/json"}, {"Transfer-Encoding", "chunked"}})
                           + "this is not a chunk size\r\n\r\n");
    else if (name == u"https chunked oversized")
        answer(server, HostileServer::head(200, "OK", {{"Transfer-Encoding", "chunked"}})
                           + chunk(QByteArray(1024 * 1024, ' ')).repeated(10) + "0\r\n\r\n");
    else if (name == u"chunked cut mid-chunk")
        answer(server, HostileServer::head(200, "OK", {{"Transfer-Encoding", "chunked"}}) + "40\r\n" + kFinal.left(20), true);
    else if (name == u"chunked cut before the last chunk")
        answer(server, HostileServer::head(200, "OK", {{"Transfer-Encoding", "chunked"}}) + chunk(kFinal), true);
    else if (name == u"chunk size not hex")
        answer(server, HostileServer::head(200, "OK", {{"Transfer-Encoding", "chunked"}}) + "1g\r\n" + kFinal + "\r\n0\r\n\r\n");
    else if (name == u"chunk longer than its size")
        answer(server, HostileServer::head(200, "OK", {{"Transfer-Encoding", "chunked"}}) + "5\r\n" + kFinal + "\r\n0\r\n\r\n");
    else if (name == u"chunked with trailer")
        answer(server, HostileServer::head(200, "OK", {{"Transfer-Encoding", "chunked"}}) + chunk(kFinal.left(30))
                           + chunk(kFinal.mid(30)) + "0;done=yes\r\nX-Checksum: none\r\n\r\n");
    else if (name == u"length-less then close")
        answer(server, HostileServer::head(200, "OK", {{"Content-Type", "application/json"}}) + kFinal, true);
    else if (name == u"interim 1xx then 200")
        answer(server, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                           + HostileServer::response(200, "OK", kFinal, json()));
    else if (name == u"oversized headers")
        answer(server, HostileServer::response(200, "OK", kFinal, {{"X-Padding", QByteArray(70 * 1024, 'p')}}));
    else if (name == u"too many headers")
        answer(server, HostileServer::response(200, "OK", kFinal, manyHeaders(250)));
    else if (name == u"endless interim responses")
        answer(server, QByteArray("HTTP/1.1 100 Continue\r\n\r\n").repeated(5000));
    else if (name == u"not http")
        answer(server, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
    else if (name == u"conflicting lengths")
        answer(server, HostileServer::head(200, "OK", {{"Content-Length", "10"}, {"Content-Length", "20"}}) + kFinal);
    else if (name == u"slow drip")
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) {
            socket->write(HostileServer::head(200, "OK", {{"Content-Length", QByteArray::number(kFinal.size())}}));
            HostileServer::drip(socket, kFinal, kTimeoutMs / 10); // ~7 s for the whole body
        };
    else if (name == u"headers then close")
        answer(server, HostileServer::head(200, "OK", {{"Content-Length", "100"}}), true);
    else if (name == u"close mid-body")
        answer(server, HostileServer::head(200, "OK", {{"Content-Length", "100"}}) + kFinal.left(40), true);
    else if (name.startsWith(u"chain of "))
        redirectChain(server, name.mid(9, 1).toInt());
    else if (name.startsWith(u"https chain"))
        redirectChain(server, 3, 308);
    else if (name == u"redirect loop")
        server.onRequest = [](QTcpSocket *socket, const HostileRequest &) {
            socket->write(HostileServer::response(302, "Found", {}, {{"Location", "/loop"}}));
        };
    else if (name.startsWith(u"cross-origin"))
        redirectTo(server, other.url(QStringLiteral("/stolen")));
    else if (name.startsWith(u"client certificate required"))
        answer(server, HostileServer::response(200, "OK", kFinal, json()));
    else
        qFatal("unknown case %s", qPrintable(name));
    other.onRequest = [](QTcpSocket *socket, const HostileRequest &) {
        socket->write(HostileServer::response(200, "OK", "you should not be here"));
    };
}

const EndpointSpec &getToken()
{
    const EndpointSpec *spec = EndpointCatalog::builtIn().find(QStringLiteral("enos.get-token"));
    if (!spec)
        qFatal("no built-in enos.get-token");
    return *spec;
}

// What the app makes of an HTTP answer: the error code ResponseInterpreter reports, "ok" when it
// accepts the answer, "http-<status>" for a server's refusal (that has a status, not a code);
// `message` gets the sentence shown.
QString interpreted(const HttpResponse &response, QString &message)
{
    Environment environment;
    environment.name = QStringLiteral("Hostile");
    environment.baseUrl = QStringLiteral("http://127.0.0.1:1");
    environment.values = {{QStringLiteral("appKey"), QStringLiteral("k")}, {QStringLiteral("appSecret"), QStringLiteral("s")}};
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(getToken(), environment, {}, context, 1700000000000);
    if (!call)
        qFatal("prepare: %s", qPrintable(call.error().toString()));
    const TokenResult result = ResponseInterpreter::interpret(call.value(), response, context, environment);
    message = result.message;
    if (result.ok)
        return QStringLiteral("ok");
    return result.error ? errorCodeName(result.error->code) : QStringLiteral("http-%1").arg(result.httpStatus);
}

struct Outcome {
    int finishedCount = 0;
    HttpResponse response;
};

} // namespace

class tst_HostileServer : public QObject
{
    Q_OBJECT

private:
    ApiClient *m_client = nullptr;

    std::shared_ptr<Outcome> sendAndWait(const HttpRequest &request, const TransportSettings &settings)
    {
        auto outcome = std::make_shared<Outcome>();
        ApiReply *reply = m_client->send(request, settings);
        connect(reply, &ApiReply::finished, this, [outcome, reply](const HttpResponse &response) {
            ++outcome->finishedCount;
            outcome->response = response;
            reply->deleteLater();
        });
        static_cast<void>(QTest::qWaitFor([&outcome] { return outcome->finishedCount > 0; }, settings.timeoutMs + kSlackMs));
        return outcome;
    }

    // The same client answers a well-behaved server after whatever happened before.
    void expectStillUsable()
    {
        HostileServer good;
        QVERIFY(good.listen());
        answer(good, HostileServer::response(200, "OK", kFinal, json()));
        TransportSettings settings;
        settings.timeoutMs = kTimeoutMs;
        const auto outcome = sendAndWait(secretRequest(good.url(QStringLiteral("/after"))), settings);
        QCOMPARE(outcome->finishedCount, 1);
        QVERIFY2(!outcome->response.transportError, qPrintable(outcome->response.transportError->toString()));
        QCOMPARE(outcome->response.status, 200);
        QCOMPARE(outcome->response.body, kFinal);
    }

private slots:
    void init() { m_client = new ApiClient(this); }
    void cleanup()
    {
        delete m_client;
        m_client = nullptr;
    }

    void hostileCases_data();
    void hostileCases();
    void redirectMethods_data();
    void redirectMethods();
    void missingCaFileIsNamed();
    void requestOnTheWire();
    void headerLineBreakRefused();
    void oversizedPeakMemory_data();
    void oversizedPeakMemory();
};

void tst_HostileServer::hostileCases_data()
{
    using T = HostileServer::Tls;
    QTest::addColumn<int>("tls");
    QTest::addColumn<QString>("expected");  // error code name, or "ok" for a 200 with kFinal
    QTest::addColumn<QString>("fragment");  // part of the error message
    QTest::addColumn<int>("requests");      // requests the first server must have seen, -1: any

    const auto row = [](const char *name, T tls, const char *expected, const char *fragment, int requests = 1) {
        QTest::newRow(name) << int(tls) << QString::fromLatin1(expected) << QString::fromLatin1(fragment) << requests;
    };
    row("not json", T::None, "response-malformed", "not JSON");
    row("truncated json", T::None, "response-malformed", "truncated");
    row("deep nesting", T::None, "response-malformed", "not JSON");
    row("html 5xx", T::None, "http-503", "HTTP 503 without a JSON body: <html><h1>503");
    row("declared oversized", T::None, "response-too-large", "larger than the limit of 8 MiB");
    row("chunked oversized", T::None, "response-too-large", "larger than the limit of 8 MiB");
    row("length-less oversized", T::None, "response-too-large", "larger than the limit of 8 MiB");
    row("chunked garbage", T::None, "response-malformed", "chunked framing was malformed");
    row("https chunked oversized", T::Server, "response-too-large", "larger than the limit of 8 MiB");
    row("chunked cut mid-chunk", T::None, "response-malformed", "chunked framing was malformed");
    row("chunked cut before the last chunk", T::None, "response-malformed", "closed in the middle of the chunked body");
    row("chunk size not hex", T::None, "response-malformed", "chunked framing was malformed (a chunk size is not");
    row("chunk longer than its size", T::None, "response-malformed", "chunked framing was malformed");
    row("chunked with trailer", T::None, "ok", "");
    row("length-less then close", T::None, "ok", "");
    row("interim 1xx then 200", T::None, "ok", "");
    row("oversized headers", T::None, "response-malformed", "status line and headers are longer than 64 KiB");
    row("too many headers", T::None, "response-malformed", "more than 200 headers");
    row("endless interim responses", T::None, "response-malformed", "longer than 64 KiB");
    row("not http", T::None, "response-malformed", "does not begin with an HTTP/1.x status line");
    row("conflicting lengths", T::None, "response-malformed", "Content-Length is not one decimal number");
    row("slow drip", T::None, "timeout", "within 3 s");
    row("headers then close", T::None, "connection-dropped", "closed the connection");
    row("close mid-body", T::None, "connection-dropped", "closed the connection");
    row("chain of 2", T::None, "ok", "", 3);
    row("chain of 4", T::None, "ok", "", 5);
    row("chain of 5", T::None, "ok", "", 6); // the limit itself still arrives
    row("https chain of 3", T::Server, "ok", "", 4);
    row("redirect loop", T::None, "too-many-redirects", "More than 5 redirects", 6);
    row("cross-origin http", T::None, "redirect-refused", "/stolen");
    row("cross-origin https", T::Server, "redirect-refused", "/stolen");
    row("client certificate required", T::RequireClientCertificate, "tls-failure", "right after the TLS handshake", -1);
    row("client certificate required, TLS 1.2", T::RequireClientCertificateTls12, "tls-failure", "during the TLS handshake", -1);
}

void tst_HostileServer::hostileCases()
{
    QFETCH(int, tls);
    QFETCH(QString, expected);
    QFETCH(QString, fragment);
    QFETCH(int, requests);
    const auto kind = static_cast<HostileServer::Tls>(tls);
    HostileServer server(kind);
    HostileServer other(kind == HostileServer::Tls::None ? kind : HostileServer::Tls::Server);
    QVERIFY(server.listen());
    QVERIFY(other.listen());
    script(QString::fromLatin1(QTest::currentDataTag()), server, other);

    TransportSettings settings;
    settings.timeoutMs = kTimeoutMs;
    if (kind != HostileServer::Tls::None)
        settings.extraCaFile = server.caFile();
    QElapsedTimer elapsed;
    elapsed.start();
    const auto outcome = sendAndWait(secretRequest(server.url(QStringLiteral("/start"))), settings);
    QCOMPARE(outcome->finishedCount, 1);
    QVERIFY2(elapsed.elapsed() < kTimeoutMs + kSlackMs, qPrintable(QString::number(elapsed.elapsed()))); // hang guard

    const HttpResponse &response = outcome->response;
    if (response.transportError) {
        QCOMPARE(errorCodeName(response.transportError->code), expected);
        QVERIFY2(response.transportError->message.contains(fragment), qPrintable(response.transportError->message));
    } else if (expected == u"ok") {
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, kFinal);
    } else {
        QString message;
        QCOMPARE(interpreted(response, message), expected);
        QVERIFY2(message.contains(fragment), qPrintable(message));
    }
    if (requests >= 0)
        QCOMPARE(server.requests.size(), requests);
    QCOMPARE(other.connections, 0); // nothing, credentials least of all, went to another origin
    QCoreApplication::processEvents(); // a second finished() already queued would show here
    QCOMPARE(outcome->finishedCount, 1);
    expectStillUsable();
}

void tst_HostileServer::redirectMethods_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method"); // what the second hop is sent as
    QTest::addColumn<bool>("keepsBody");
    QTest::newRow("307 keeps POST and body") << 307 << QByteArray("POST") << true;
    QTest::newRow("308 keeps POST and body") << 308 << QByteArray("POST") << true;
    QTest::newRow("303 turns POST into GET") << 303 << QByteArray("GET") << false;
    QTest::newRow("302 turns POST into GET") << 302 << QByteArray("GET") << false;
    QTest::newRow("301 turns POST into GET") << 301 << QByteArray("GET") << false;
}

void tst_HostileServer::redirectMethods()
{
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(bool, keepsBody);
    HostileServer server;
    QVERIFY(server.listen());
    redirectChain(server, 1, status);
    TransportSettings settings;
    settings.timeoutMs = kTimeoutMs;
    const HttpRequest request = secretRequest(server.url(QStringLiteral("/start")));
    const auto outcome = sendAndWait(request, settings);
    QCOMPARE(outcome->finishedCount, 1);
    QCOMPARE(outcome->response.status, 200);
    QCOMPARE(server.requests.size(), 2); // each hop once, no repeated hop
    const HostileRequest &second = server.requests.at(1);
    QCOMPARE(second.path, QByteArray("/hop/1"));
    QCOMPARE(second.method, method);
    QCOMPARE(second.body, keepsBody ? request.body : QByteArray());
    QCOMPARE(second.header("X-API-KEY"), QByteArray("MOB-APP-2001")); // same origin: credentials go along
    QCOMPARE(second.header("Content-Type").isEmpty(), !keepsBody);
}

void tst_HostileServer::missingCaFileIsNamed()
{
    TransportSettings settings;
    settings.timeoutMs = kTimeoutMs;
    const QString missing = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/net/no-such-ca.pem");
    settings.extraCaFile = missing;
    const auto outcome = sendAndWait(secretRequest(QUrl(QStringLiteral("https://127.0.0.1:1/"))), settings);
    QCOMPARE(outcome->finishedCount, 1);
    QVERIFY(outcome->response.transportError);
    QCOMPARE(outcome->response.transportError->code, ErrorCode::ConfigInvalid);
    QCOMPARE(outcome->response.transportError->message,
             QStringLiteral("The extra CA file %1 does not exist").arg(missing));

    settings.extraCaFile = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/net/README.md");
    const auto noPem = sendAndWait(secretRequest(QUrl(QStringLiteral("https://127.0.0.1:1/"))), settings);
    QVERIFY(noPem->response.transportError);
    QVERIFY2(noPem->response.transportError->message.endsWith(QLatin1String("holds no PEM certificate")),
             qPrintable(noPem->response.transportError->message));
}

// What the exchange writes besides the request's own headers: Host with the port, a length for
// the body, one connection per request, and no Accept-Encoding (nothing is decompressed).
void tst_HostileServer::requestOnTheWire()
{
    HostileServer server;
    QVERIFY(server.listen());
    answer(server, HostileServer::response(200, "OK", kFinal, json()));
    TransportSettings settings;
    settings.timeoutMs = kTimeoutMs;
    const HttpRequest request = secretRequest(server.url(QStringLiteral("/wire?a=1&b=%20")));
    const auto outcome = sendAndWait(request, settings);
    QCOMPARE(outcome->response.status, 200);
    QCOMPARE(server.requests.size(), 1);
    const HostileRequest &seen = server.requests.first();
    QCOMPARE(seen.path, QByteArray("/wire?a=1&b=%20"));
    QCOMPARE(seen.header("Host"), "127.0.0.1:" + QByteArray::number(server.port()));
    QCOMPARE(seen.header("Content-Length"), QByteArray::number(request.body.size()));
    QCOMPARE(seen.header("Connection"), QByteArray("close"));
    QCOMPARE(seen.header("Accept-Encoding"), QByteArray());
    QCOMPARE(seen.body, request.body);
}

// A line break in a header would end it early and smuggle what follows in as headers of its own.
void tst_HostileServer::headerLineBreakRefused()
{
    HostileServer server;
    QVERIFY(server.listen());
    answer(server, HostileServer::response(200, "OK", kFinal, json()));
    TransportSettings settings;
    settings.timeoutMs = kTimeoutMs;
    HttpRequest request = secretRequest(server.url(QStringLiteral("/inject")));
    request.headers.append(qMakePair(QByteArray("X-Note"), QByteArray("a\r\nX-Injected: 1")));
    const auto outcome = sendAndWait(request, settings);
    QCOMPARE(outcome->finishedCount, 1);
    QVERIFY(outcome->response.transportError);
    QCOMPARE(outcome->response.transportError->code, ErrorCode::ConfigInvalid);
    QVERIFY2(outcome->response.transportError->message.contains(QLatin1String("X-Note")),
             qPrintable(outcome->response.transportError->message));
    QCOMPARE(server.connections, 0);
}

void tst_HostileServer::oversizedPeakMemory_data()
{
    // Every framing is held to the same bound: the client reads the socket itself through a
    // 64 KiB buffer and counts the body as it parses it, so how the server frames the body (or
    // how fast it sends) cannot make the client hold more than the cap.
    QTest::addColumn<int>("framing");
    QTest::newRow("2 GiB declared") << int(HostileServer::Framing::ContentLength);
    QTest::newRow("2 GiB chunked") << int(HostileServer::Framing::Chunked);
    QTest::newRow("2 GiB length-less") << int(HostileServer::Framing::ConnectionClose);
}

// A child process fetches the answer with a fresh ApiClient and reports its own peak RSS, so the
// number is the client's alone, not this test's or the server's.
void tst_HostileServer::oversizedPeakMemory()
{
    QFETCH(int, framing);
    HostileServer server;
    QVERIFY(server.listen());
    stream(server, kHugeBody, static_cast<HostileServer::Framing>(framing));

    QProcess child;
    child.start(QStringLiteral(TOKENDESK_HOSTILE_FETCH_PATH), {server.url(QStringLiteral("/huge")).toString()});
    QVERIFY(child.waitForStarted());
    QVERIFY(QTest::qWaitFor([&child] { return child.state() == QProcess::NotRunning; }, 60000));
    const QByteArray out = child.readAllStandardOutput();
    QCOMPARE(child.exitCode(), 0);
    // "response-too-large <VmHWM in kB>"
    const QList<QByteArray> words = out.trimmed().split(' ');
    QCOMPARE(words.value(0), QByteArray("response-too-large"));
    const qint64 peakKb = words.value(1).toLongLong();
    qInfo("peak RSS of the client: %lld kB", peakKb);
    QVERIFY2(peakKb > 0, out.constData());
    if (!kSanitizedBuild) // see SanitizerBuild.h
        QVERIFY2(peakKb < kPeakLimitKb, out.constData());
}

QTEST_GUILESS_MAIN(tst_HostileServer)
#include "tst_HostileServer.moc"
