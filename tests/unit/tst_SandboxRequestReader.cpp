// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's HTTP request reader without sockets: every request whole, byte by byte and in
// odd pieces; pipelining; 100-continue; each refusal with its status; and the promise the
// connection relies on: it never waits for bytes while it takes none. Inputs the fuzzer found
// go to tests/data/sandbox/requests/ and run in `fuzzFindings`.
#include "core/sandbox/SandboxLimits.h"
#include "core/sandbox/SandboxRequestReader.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace td;

namespace {

struct Outcome {
    QList<SandboxRequest> requests;
    int continues = 0;
    int refusedStatus = 0; // 0: not refused
    bool stalled = false;  // NeedMore with no room: the connection would hang
};

Outcome feed(QByteArrayView input, qsizetype piece)
{
    SandboxRequestReader reader;
    Outcome outcome;
    qsizetype at = 0;
    for (;;) {
        const SandboxRequestReader::Step step = reader.next();
        if (step == SandboxRequestReader::Step::Refused) {
            outcome.refusedStatus = reader.refusedStatus();
            return outcome;
        }
        if (step == SandboxRequestReader::Step::Request) {
            outcome.requests.append(reader.takeRequest());
            continue;
        }
        if (step == SandboxRequestReader::Step::Continue) {
            ++outcome.continues;
            continue;
        }
        if (reader.room() <= 0) {
            outcome.stalled = true;
            return outcome;
        }
        if (at >= input.size())
            return outcome;
        const qsizetype take = qMin(qMin(piece, reader.room()), input.size() - at);
        reader.append(input.sliced(at, take));
        at += take;
    }
}

} // namespace

class tst_SandboxRequestReader : public QObject
{
    Q_OBJECT

private slots:
    void requestInAnyPieces_data();
    void requestInAnyPieces();
    void pipelinedRequestsKeepTheirBodies();
    void expectContinueBeforeTheBody();
    void refusals_data();
    void refusals();
    void connectionFlags();
    void fuzzFindings();
};

void tst_SandboxRequestReader::requestInAnyPieces_data()
{
    QTest::addColumn<qsizetype>("piece");
    for (qsizetype piece : {1, 2, 3, 7, 64, 100000})
        QTest::addRow("pieces of %lld", static_cast<long long>(piece)) << piece;
}

void tst_SandboxRequestReader::requestInAnyPieces()
{
    QFETCH(qsizetype, piece);
    const QByteArray input("\r\nPOST /api/token?x=1 HTTP/1.1\r\nHost: a\r\nX-API-KEY:  k \r\nContent-Length: 5\r\n\r\nhello");
    const Outcome outcome = feed(input, piece);
    QCOMPARE(outcome.refusedStatus, 0);
    QVERIFY(!outcome.stalled);
    QCOMPARE(outcome.requests.size(), 1);
    const SandboxRequest &request = outcome.requests.first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QStringLiteral("/api/token"));
    QCOMPARE(request.header("x-api-key"), QByteArray("k"));
    QCOMPARE(request.body, QByteArray("hello"));
}

void tst_SandboxRequestReader::pipelinedRequestsKeepTheirBodies()
{
    const QByteArray input("POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n"
                           "PUT /c HTTP/1.1\r\nContent-Length: 2\r\n\r\nxy");
    for (qsizetype piece : {1, 5, 1000}) {
        const Outcome outcome = feed(input, piece);
        QCOMPARE(outcome.requests.size(), 3);
        QCOMPARE(outcome.requests[0].body, QByteArray("abc"));
        QCOMPARE(outcome.requests[1].method, QByteArray("GET"));
        QVERIFY(outcome.requests[1].body.isEmpty());
        QCOMPARE(outcome.requests[2].path, QStringLiteral("/c"));
        QCOMPARE(outcome.requests[2].body, QByteArray("xy"));
    }
}

void tst_SandboxRequestReader::expectContinueBeforeTheBody()
{
    SandboxRequestReader reader;
    reader.append("POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    QCOMPARE(reader.next(), SandboxRequestReader::Step::Continue);
    QCOMPARE(reader.next(), SandboxRequestReader::Step::NeedMore);
    QCOMPARE(reader.room(), qsizetype(2)); // the declared body, nothing more
    reader.append("ok");
    QCOMPARE(reader.next(), SandboxRequestReader::Step::Request);
    QCOMPARE(reader.takeRequest().body, QByteArray("ok"));
}

void tst_SandboxRequestReader::refusals_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    using namespace SandboxLimits;
    QTest::newRow("not a request line") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("method not a token") << QByteArray("P(ST / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("HTTP/2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("request line too long, no end") << QByteArray("GET /" + QByteArray(kMaxRequestLineBytes, 'a')) << 414;
    QTest::newRow("request line too long") << QByteArray("GET /" + QByteArray(kMaxRequestLineBytes, 'a') + " HTTP/1.1\r\n\r\n") << 414;
    QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n  c\r\n\r\n") << 400;
    QByteArray many("GET / HTTP/1.1\r\n");
    for (int i = 0; i <= kMaxHeaderCount; ++i)
        many += "H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("too many headers") << QByteArray(many + "\r\n") << 431;
    QTest::newRow("headers too large") << QByteArray("GET / HTTP/1.1\r\nBig: " + QByteArray(kMaxHeaderBytes, 'v')) << 431;
    QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") << 501;
    QTest::newRow("length not digits") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("two lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
    QTest::newRow("body over 1 MiB") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n") << 413;
    QTest::newRow("length of 30 digits") << QByteArray("POST / HTTP/1.1\r\nContent-Length: " + QByteArray(30, '9') + "\r\n\r\n") << 413;
}

void tst_SandboxRequestReader::refusals()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    for (qsizetype piece : {1, 13, 100000}) {
        const Outcome outcome = feed(input, piece);
        QVERIFY(!outcome.stalled);
        QCOMPARE(outcome.refusedStatus, status);
        QVERIFY(outcome.requests.isEmpty());
    }
}

void tst_SandboxRequestReader::connectionFlags()
{
    SandboxRequestReader reader;
    reader.append("HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QCOMPARE(reader.next(), SandboxRequestReader::Step::Request);
    QVERIFY(reader.http10());
    QVERIFY(reader.keepAlive());
    QVERIFY(reader.headRequest());
    reader.append("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    QCOMPARE(reader.next(), SandboxRequestReader::Step::Request);
    QVERIFY(!reader.http10());
    QVERIFY(!reader.keepAlive());
    QVERIFY(!reader.headRequest());
}

void tst_SandboxRequestReader::fuzzFindings()
{
    // Each file: the fuzz input (first byte: piece size - 1, low 6 bits; then the bytes).
    const QDir dir(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/sandbox/requests"));
    for (const QString &name : dir.entryList({QStringLiteral("*.req")}, QDir::Files)) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        if (input.isEmpty())
            continue;
        const Outcome outcome = feed(QByteArrayView(input).sliced(1), (input[0] & 0x3f) + 1);
        QVERIFY2(!outcome.stalled, qPrintable(name));
        for (const SandboxRequest &request : outcome.requests)
            QVERIFY2(request.body.size() <= SandboxLimits::kMaxBodyBytes, qPrintable(name));
    }
}

QTEST_GUILESS_MAIN(tst_SandboxRequestReader)
#include "tst_SandboxRequestReader.moc"
