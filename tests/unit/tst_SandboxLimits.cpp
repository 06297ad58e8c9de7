// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox against abusive clients, over raw loopback sockets: oversized declared bodies,
// header and URL bounds, idle and half-open connections, keep-alive, descriptor exhaustion, and
// the memory of a tokendesk-sandbox process after many issued tokens.
#include "core/sandbox/SandboxHost.h"
#include "core/sandbox/SandboxLimits.h"
#include "SanitizerBuild.h"
#include "tst_SandboxSupport.h"

#include "core/jose/Jwk.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTcpSocket>

#include <sys/resource.h>
#include <unistd.h>

using namespace td;
using namespace sandboxtest;

namespace {

constexpr int kShortIdleMs = 400;

struct Answer {
    int status = 0; // 0 = no complete answer
    QByteArray head;
    QByteArray body;
};

// Reads one answer from a socket whose server runs in another thread or process.
Answer readAnswer(QTcpSocket &socket, QByteArray &pending, int timeoutMs = 5000)
{
    QElapsedTimer timer;
    timer.start();
    Answer answer;
    qsizetype bodyStart = -1;
    qsizetype length = -1;
    while (timer.elapsed() < timeoutMs) {
        if (bodyStart < 0 && (bodyStart = pending.indexOf("\r\n\r\n")) >= 0) {
            bodyStart += 4;
            answer.head = pending.left(bodyStart);
            for (const QByteArray &line : answer.head.split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
        }
        if (bodyStart >= 0 && length >= 0 && pending.size() >= bodyStart + length) {
            answer.status = answer.head.mid(9, 3).toInt();
            answer.body = pending.mid(bodyStart, length);
            pending.remove(0, bodyStart + length);
            return answer;
        }
        if (!socket.waitForReadyRead(100) && socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        pending += socket.readAll();
    }
    return answer;
}

Answer exchange(QTcpSocket &socket, const QByteArray &request)
{
    QByteArray pending;
    socket.write(request);
    socket.waitForBytesWritten(5000);
    return readAnswer(socket, pending);
}

bool waitClosed(QTcpSocket &socket, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(50);
        socket.readAll();
    }
    return socket.state() != QAbstractSocket::ConnectedState;
}

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &target, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

qint64 procStatusKb(qint64 pid, QByteArrayView field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// User plus system CPU seconds of a process, from /proc/<pid>/stat.
double cpuSeconds(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) / double(::sysconf(_SC_CLK_TCK));
}

} // namespace

class tst_SandboxLimits : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxHost> m_host;
    quint16 m_port = 0;

    std::unique_ptr<QTcpSocket> connectTo(quint16 port) const
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port);
        return socket->waitForConnected(5000) ? std::move(socket) : nullptr;
    }
    std::unique_ptr<QTcpSocket> connectToHost() const { return connectTo(m_port); }

    bool hostAnswers() const
    {
        auto socket = connectToHost();
        return socket && exchange(*socket, get("/__sandbox/info")).status == 200;
    }


    static void stopProcess(QProcess &process)
    {
        process.terminate();
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished(5000);
        }
    }

    // Sends `count` copies of a request pipelined in batches and checks every answer is 200.
    static int pipeline(QTcpSocket &socket, const QByteArray &request, int count)
    {
        QByteArray pending;
        int ok = 0;
        for (int done = 0; done < count;) {
            const int batch = qMin(100, count - done);
            socket.write(request.repeated(batch));
            for (int i = 0; i < batch; ++i)
                ok += readAnswer(socket, pending).status == 200 ? 1 : 0;
            done += batch;
        }
        return ok;
    }

private slots:
    void initTestCase()
    {
        SandboxConfig config;
        config.idleTimeoutMs = kShortIdleMs;
        m_host = std::make_unique<SandboxHost>(config);
        Result<QUrl> url = m_host->start();
        SANDBOX_VERIFY_OK(url);
        m_port = quint16(url->port());
    }

    void cleanupTestCase() { m_host.reset(); }

    void declaredHugeBodyIsRefusedUnread()
    {
        auto socket = connectToHost();
        QVERIFY(socket);
        // 1 GiB declared, not one byte of it sent: the answer must come from the head alone.
        const Answer answer = exchange(*socket, "POST /api/v2/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
        QCOMPARE(answer.status, 413);
        QVERIFY(answer.head.contains("Connection: close"));
        QCOMPARE(json(answer.body).value(QLatin1String("status")).toInt(), 413);
        QVERIFY(waitClosed(*socket, SandboxLimits::kLingerMs + 3000));
        QVERIFY(hostAnswers());
    }

    void contentLength_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("one over the limit") << "Content-Length: " + QByteArray::number(SandboxLimits::kMaxBodyBytes + 1) + "\r\n" << 413;
        QTest::newRow("beyond 64 bits") << QByteArray("Content-Length: 99999999999999999999999999\r\n") << 413;
        QTest::newRow("not a number") << QByteArray("Content-Length: 12abc\r\n") << 400;
        QTest::newRow("negative") << QByteArray("Content-Length: -1\r\n") << 400;
        QTest::newRow("two that differ") << QByteArray("Content-Length: 2\r\nContent-Length: 3\r\n") << 400;
        QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked\r\n") << 501;
    }

    void contentLength()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        auto socket = connectToHost();
        QVERIFY(socket);
        const Answer answer = exchange(*socket, "POST /api/v2/auth/token HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
        QCOMPARE(answer.status, status);
        QVERIFY(answer.body.size() < 200);
    }

    void bodyAtTheLimitIsRead()
    {
        auto socket = connectToHost();
        QVERIFY(socket);
        // Parsed and refused as malformed JSON by the service: read in full, not 413.
        const Answer answer = exchange(*socket, post("/api/v2/auth/token", QByteArray(SandboxLimits::kMaxBodyBytes, ' ')));
        QCOMPARE(answer.status, 400);
    }

    void headerBounds_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QByteArray hundred;
        for (int i = 0; i < SandboxLimits::kMaxHeaderCount - 1; ++i) // plus Host
            hundred += "X-H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("100 headers") << hundred << 200;
        QTest::newRow("101 headers") << hundred + "X-One-More: v\r\n" << 431;
        QTest::newRow("one 40 KiB header") << "X-Big: " + QByteArray(40 * 1024, 'b') + "\r\n" << 431;
        QTest::newRow("many headers over 32 KiB") << QByteArray("X-A: " + QByteArray(20 * 1024, 'a') + "\r\nX-B: " + QByteArray(13 * 1024, 'b') + "\r\n") << 431;
        QTest::newRow("no colon") << QByteArray("NoColonHere\r\n") << 400;
        QTest::newRow("folded") << QByteArray("X-A: a\r\n  folded\r\n") << 400;
    }

    void headerBounds()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        auto socket = connectToHost();
        QVERIFY(socket);
        const Answer answer = exchange(*socket, get("/__sandbox/info", headers));
        QCOMPARE(answer.status, status);
        if (status != 200)
            QVERIFY(answer.head.contains("Connection: close"));
        QVERIFY(hostAnswers());
    }

    void requestLine_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("status");
        QTest::newRow("URL over 8 KiB") << "GET /" + QByteArray(20 * 1024, 'u') + " HTTP/1.1" << 414;
        QTest::newRow("URL of 1 MiB") << "GET /" + QByteArray(1024 * 1024, 'u') + " HTTP/1.1" << 414;
        QTest::newRow("not HTTP") << QByteArray("HELLO") << 400;
        QTest::newRow("HTTP/2") << QByteArray("GET / HTTP/2.0") << 505;
        QTest::newRow("long method") << QByteArray(40, 'M') + " / HTTP/1.1" << 400;
    }

    void requestLine()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, status);
        auto socket = connectToHost();
        QVERIFY(socket);
        const Answer answer = exchange(*socket, line + "\r\nHost: x\r\n\r\n");
        QCOMPARE(answer.status, status);
        QVERIFY2(answer.body.size() < 200, answer.body.left(300).constData()); // the URL is not echoed
        QVERIFY(hostAnswers());
    }

    void longUnknownPathIsNotEchoed()
    {
        auto socket = connectToHost();
        QVERIFY(socket);
        const QByteArray path = "/token-service/" + QByteArray(7 * 1024, 'p');
        const Answer answer = exchange(*socket, get(path));
        QCOMPARE(answer.status, 404);
        QVERIFY2(answer.body.size() < 200, answer.body.left(300).constData());
        QVERIFY(json(answer.body).value(QLatin1String("error")).toString().contains(QLatin1String("/token-service/ppp")));
        const Answer wrongMethod = exchange(*socket, "PATCH /api/v2/auth/token?" + QByteArray(7 * 1024, 'q') + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(wrongMethod.status, 405);
        QVERIFY(wrongMethod.body.size() < 200);
    }

    void idleConnectionIsClosed()
    {
        auto socket = connectToHost();
        QVERIFY(socket);
        QVERIFY(waitClosed(*socket, kShortIdleMs + 5000));
        QVERIFY(hostAnswers());
    }

    void halfOpenRequestIsClosed_data()
    {
        QTest::addColumn<QByteArray>("partial");
        QTest::newRow("head never ends") << QByteArray("GET /__sandbox/info HTTP/1.1\r\nHost: x\r\n");
        QTest::newRow("body never completes") << post("/api/v2/auth/token", QByteArray(100, 'b')).chopped(90);
        QTest::newRow("request line only half") << QByteArray("POST /api/v2/au");
    }

    void halfOpenRequestIsClosed()
    {
        QFETCH(QByteArray, partial);
        auto socket = connectToHost();
        QVERIFY(socket);
        socket->write(partial);
        QVERIFY(socket->waitForBytesWritten(5000));
        QVERIFY(waitClosed(*socket, kShortIdleMs + 5000));
    }

    void tricklingClientIsClosed()
    {
        // One header byte at a time, faster than the idle timeout: partial data does not
        // extend the deadline, so the connection still closes.
        auto socket = connectToHost();
        QVERIFY(socket);
        socket->write("GET /__sandbox/info HTTP/1.1\r\n");
        QElapsedTimer timer;
        timer.start();
        while (socket->state() == QAbstractSocket::ConnectedState && timer.elapsed() < kShortIdleMs * 10) {
            socket->write("X");
            socket->waitForBytesWritten(100);
            socket->waitForReadyRead(kShortIdleMs / 4);
        }
        QVERIFY(socket->state() != QAbstractSocket::ConnectedState);
        QVERIFY(timer.elapsed() < kShortIdleMs * 10);
    }

    void keepAliveServesSeveralRequests()
    {
        auto socket = connectToHost();
        QVERIFY(socket);
        QByteArray pending;
        socket->write(get("/__sandbox/info"));
        QCOMPARE(readAnswer(*socket, pending).status, 200);
        socket->write(post("/api/v2/auth/token", R"({"username":"demo","password":"demo123"})"));
        const Answer second = readAnswer(*socket, pending);
        QCOMPARE(second.status, 200);
        QVERIFY(json(second.body).value(QLatin1String("content")).isArray());
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);

        // Pipelined: three requests in one write, three answers in order.
        socket->write(get("/__sandbox/info") + get("/nothing") + get("/__sandbox/keys"));
        QCOMPARE(readAnswer(*socket, pending).status, 200);
        QCOMPARE(readAnswer(*socket, pending).status, 404);
        QCOMPARE(readAnswer(*socket, pending).status, 200);

        // Connection: close is honoured after the answer.
        socket->write(get("/__sandbox/info", "Connection: close\r\n"));
        const Answer last = readAnswer(*socket, pending);
        QCOMPARE(last.status, 200);
        QVERIFY(last.head.contains("Connection: close"));
        QVERIFY(waitClosed(*socket, 5000));
    }

    void http10ClosesUnlessKeptAlive()
    {
        auto socket = connectToHost();
        QVERIFY(socket);
        QByteArray pending;
        socket->write("GET /__sandbox/info HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const Answer kept = readAnswer(*socket, pending);
        QCOMPARE(kept.status, 200);
        QVERIFY(kept.head.contains("Connection: keep-alive"));
        socket->write("GET /__sandbox/info HTTP/1.0\r\n\r\n");
        const Answer closed = readAnswer(*socket, pending);
        QCOMPARE(closed.status, 200);
        QVERIFY(closed.head.contains("Connection: close"));
        QVERIFY(waitClosed(*socket, 5000));
    }

    void expectContinue()
    {
        auto socket = connectToHost();
        QVERIFY(socket);
        socket->write("POST /api/v2/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        QByteArray pending;
        QVERIFY(socket->waitForReadyRead(5000));
        pending += socket->readAll();
        QVERIFY(pending.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        pending.remove(0, 25);
        socket->write("{}");
        QCOMPARE(readAnswer(*socket, pending).status, 400);
    }

    void descriptorExhaustionDoesNotSpin()
    {
        QProcess process;
        if (kSanitizedBuild) { // see tests/sanitizers/ubsan-out-of-descriptors.supp
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("UBSAN_OPTIONS"),
                               QStringLiteral("halt_on_error=1:print_stacktrace=1:suppressions=" TOKENDESK_TEST_DATA_DIR
                                              "/../sanitizers/ubsan-out-of-descriptors.supp"));
            process.setProcessEnvironment(environment);
        }
        process.setChildProcessModifier([]() {
            const rlimit limit{48, 48};
            ::setrlimit(RLIMIT_NOFILE, &limit);
        });
        const QUrl url = startSandboxProcess(process);
        QVERIFY(url.port() > 0);
        const quint16 port = quint16(url.port());

        // Past its 48 descriptors the sandbox cannot accept; the kernel still queues a backlog.
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < 80; ++i) {
            auto socket = connectTo(port);
            if (!socket)
                break;
            sockets.push_back(std::move(socket));
        }
        QVERIFY(sockets.size() > 48);
        // It says so once when it runs out of descriptors and pauses accepting.
        QByteArray said;
        QTRY_VERIFY2_WITH_TIMEOUT((said += process.readAllStandardError(), said.contains("pausing and retrying")),
                                  said.constData(), 10000);
        const double before = cpuSeconds(process.processId());
        QTest::qWait(2000); // a measurement window, not a time rule
        const double used = cpuSeconds(process.processId()) - before;
        qInfo("CPU of tokendesk-sandbox out of descriptors: %.2f s over 2 s", used);
        QVERIFY2(used < 0.5, qPrintable(QStringLiteral("%1 s of CPU over 2 s").arg(used)));

        sockets.clear(); // frees its descriptors: it must accept again
        bool recovered = false;
        QElapsedTimer timer;
        timer.start();
        while (!recovered && timer.elapsed() < 10000) {
            auto socket = connectTo(port);
            recovered = socket && exchange(*socket, get("/__sandbox/info")).status == 200;
        }
        QVERIFY(recovered);
        stopProcess(process);
    }

    void memoryStaysBoundedAfterLoad()
    {
        QProcess process;
        const QUrl url = startSandboxProcess(process);
        QVERIFY(url.port() > 0);
        auto socket = connectTo(quint16(url.port()));
        QVERIFY(socket);
        const qint64 pid = process.processId();
        const qint64 startKb = procStatusKb(pid, "VmRSS:");

        constexpr int kFlows = 12000;
        Result<Jwk> client = Jwk::generateEc(Curve::P256);
        SANDBOX_VERIFY_OK(client);
        const QByteArray create = post("/api/v2/auth/token", R"({"username":"demo","password":"demo123"})");
        const QByteArray keyExchange = post("/token-service/new/v2/token",
                                            compact(QJsonObject{{QStringLiteral("apiKey"), QStringLiteral("MOB-APP")},
                                                                {QStringLiteral("secret"), QStringLiteral("TEST123")},
                                                                {QStringLiteral("publicKey"),
                                                                 QString::fromLatin1(BankEzyCrypto::encodePublicKey(client.value()))}}),
                                            "X-API-KEY: MOB-APP-2001\r\n");
        QElapsedTimer timer;
        timer.start();
        qint64 afterKb[2] = {0, 0};
        for (qint64 &kb : afterKb) { // twice: past the cap, a second load must not grow memory
            QCOMPARE(pipeline(*socket, create, kFlows), kFlows);
            QCOMPARE(pipeline(*socket, keyExchange, kFlows), kFlows);
            kb = procStatusKb(pid, "VmRSS:");
        }
        const qint64 peakKb = procStatusKb(pid, "VmHWM:");
        qInfo("tokendesk-sandbox VmRSS %lld kB at start, %lld kB after %d secmgmt and %d BankEzy tokens, %lld kB after "
              "as many again (peak %lld kB, %lld ms)",
              startKb, afterKb[0], kFlows, kFlows, afterKb[1], peakKb, timer.elapsed());

        const QJsonObject stores = json(exchange(*socket, get("/__sandbox/info")).body).value(QLatin1String("stores")).toObject();
        QCOMPARE(stores.value(QLatin1String("secmgmtPairs")).toInteger(), SandboxLimits::kMaxTokens);
        QCOMPARE(stores.value(QLatin1String("bankezyAppSessions")).toInteger(), SandboxLimits::kMaxTokens);
        QVERIFY2(afterKb[1] > 0, qPrintable(QStringLiteral("VmRSS %1 kB").arg(afterKb[1])));
        if (!kSanitizedBuild) { // see SanitizerBuild.h
            QVERIFY2(afterKb[1] < 100 * 1024, qPrintable(QStringLiteral("VmRSS %1 kB").arg(afterKb[1])));
            // Unbounded stores grow about 15 MB per round here; bounded ones reuse their space.
            QVERIFY2(afterKb[1] - afterKb[0] < 6 * 1024, qPrintable(QStringLiteral("grew %1 kB").arg(afterKb[1] - afterKb[0])));
        }
        stopProcess(process);
    }
};

QTEST_GUILESS_MAIN(tst_SandboxLimits)
#include "tst_SandboxLimits.moc"
