// SPDX-License-Identifier: GPL-3.0-or-later
// The response parser on its own: the same answer whole and a byte at a time (a line, a length or
// a chunk size split across reads), the cap at its exact edge for every framing, and the lengths
// and chunk sizes a server can lie with.
#include "core/net/HttpResponseParser.h"

#include <QTest>

using namespace td;

namespace {

constexpr qint64 kCap = 64;
using State = HttpResponseParser::State;

struct Parsed {
    State state;
    QString code; // error code name, empty when none
    int status = 0;
    QByteArray body;
    HttpHeaders headers;
};

// Feeds `raw` in pieces of `step` bytes (0: whole), then the close when `close` is set.
Parsed parse(const QByteArray &raw, qsizetype step, bool close, bool head = false)
{
    HttpResponseParser parser(kCap, head, QStringLiteral("127.0.0.1:1"));
    if (step == 0) {
        parser.feed(raw);
    } else {
        for (qsizetype at = 0; at < raw.size(); at += step)
            parser.feed(QByteArrayView(raw).sliced(at, qMin(step, raw.size() - at)));
    }
    if (close)
        parser.closed();
    Parsed out{parser.state(), parser.error() ? errorCodeName(parser.error()->code) : QString(), parser.status(), {}, parser.headers()};
    out.body = parser.takeBody();
    return out;
}

QByteArray chunked(const QByteArray &tail)
{
    return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + tail;
}

} // namespace

class tst_HttpResponseParser : public QObject
{
    Q_OBJECT

private slots:
    void wholeAndByteByByte_data();
    void wholeAndByteByByte();
    void capEdge_data();
    void capEdge();
    void headersKeptInOrder();
};

void tst_HttpResponseParser::wholeAndByteByByte_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("close");    // the server closes after `raw`
    QTest::addColumn<bool>("head");     // the request was HEAD
    QTest::addColumn<QString>("code");  // expected error code, empty for an answer
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    const auto ok = [](const char *name, const QByteArray &raw, bool close, int status, const QByteArray &body, bool head = false) {
        QTest::newRow(name) << raw << close << head << QString() << status << body;
    };
    const auto bad = [](const char *name, const QByteArray &raw, bool close, const char *code) {
        QTest::newRow(name) << raw << close << false << QString::fromLatin1(code) << 0 << QByteArray();
    };
    ok("content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, 200, "hello");
    ok("bytes after the body ignored", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhello", false, 200, "he");
    ok("leading zeros in the length", "HTTP/1.1 200 OK\r\nContent-Length: 0005\r\n\r\nhello", false, 200, "hello");
    ok("bare LF line ends", "HTTP/1.1 201 Created\nContent-Length: 3\n\nabc", false, 201, "abc");
    ok("empty length", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, 200, "");
    ok("chunked with extension and trailer", chunked("3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: 1\r\n\r\n"), false, 200,
       "abc0123456789");
    ok("chunked upper-case hex", chunked("B\r\nhello world\r\n0\r\n\r\n"), false, 200, "hello world");
    ok("close-delimited", "HTTP/1.0 200 OK\r\n\r\nuntil the end", true, 200, "until the end");
    ok("interim then final", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", false, 200, "x");
    ok("HEAD has no body", "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", false, 200, "", true);
    ok("204 has no body", "HTTP/1.1 204 No Content\r\n\r\n", false, 204, "");
    ok("304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false, 304, "");
    ok("transfer-encoding wins over length", chunked("1\r\nz\r\n0\r\n\r\n").replace("\r\n\r\n1", "\r\nContent-Length: 99\r\n\r\n1"),
       false, 200, "z");
    bad("length cut by the close", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello", true, "connection-dropped");
    bad("head cut by the close", "HTTP/1.1 200 OK\r\nContent-Le", true, "connection-dropped");
    bad("chunk cut by the close", chunked("a\r\nhello"), true, "response-malformed");
    bad("no last chunk", chunked("5\r\nhello\r\n"), true, "response-malformed");
    bad("trailer cut by the close", chunked("5\r\nhello\r\n0\r\nT: 1\r\n"), true, "response-malformed");
    bad("negative chunk size", chunked("-5\r\nhello\r\n0\r\n\r\n"), false, "response-malformed");
    bad("chunk size with junk", chunked("5 x\r\nhello\r\n0\r\n\r\n"), false, "response-malformed");
    bad("chunk without CRLF", chunked("5\r\nhelloXY0\r\n\r\n"), false, "response-malformed");
    bad("huge chunk size", chunked("ffffffffffffffffffffff\r\nhello"), false, "response-too-large");
    bad("signed length", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", false, "response-malformed");
    bad("two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello", false, "response-malformed");
    bad("huge length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", false, "response-too-large");
    bad("HTTP/2 status line", "HTTP/2 200\r\n\r\n", false, "response-malformed");
    bad("status not three digits", "HTTP/1.1 20 OK\r\n\r\n", false, "response-malformed");
    bad("header without name", "HTTP/1.1 200 OK\r\n: x\r\n\r\n", false, "response-malformed");
    bad("space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx", false, "response-malformed");
    bad("101 never asked for", "HTTP/1.1 101 Switching Protocols\r\n\r\n", false, "response-malformed");
}

void tst_HttpResponseParser::wholeAndByteByByte()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, close);
    QFETCH(bool, head);
    QFETCH(QString, code);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(3)}) {
        const Parsed parsed = parse(raw, step, close, head);
        QVERIFY2(parsed.code == code, qPrintable(QStringLiteral("step %1: %2").arg(step).arg(parsed.code)));
        QCOMPARE(parsed.state, code.isEmpty() ? State::Done : State::Failed);
        if (code.isEmpty()) {
            QCOMPARE(parsed.status, status);
            QCOMPARE(parsed.body, body);
        }
    }
}

void tst_HttpResponseParser::capEdge_data()
{
    QTest::addColumn<QByteArray>("atCap");   // a body of exactly kCap bytes
    QTest::addColumn<QByteArray>("overCap"); // one byte more
    QTest::addColumn<bool>("close");
    const QByteArray full(kCap, 'a');
    const QByteArray more(kCap + 1, 'a');
    QTest::newRow("content-length") << "HTTP/1.1 200 OK\r\nContent-Length: 64\r\n\r\n" + full
                                    << "HTTP/1.1 200 OK\r\nContent-Length: 65\r\n\r\n" + more << false;
    QTest::newRow("one chunk") << chunked("40\r\n" + full + "\r\n0\r\n\r\n") << chunked("41\r\n" + more + "\r\n0\r\n\r\n") << false;
    QTest::newRow("many chunks") << chunked(QByteArray("8\r\naaaaaaaa\r\n").repeated(8) + "0\r\n\r\n")
                                 << chunked(QByteArray("8\r\naaaaaaaa\r\n").repeated(8) + "1\r\na\r\n0\r\n\r\n") << false;
    QTest::newRow("close-delimited") << "HTTP/1.1 200 OK\r\n\r\n" + full << "HTTP/1.1 200 OK\r\n\r\n" + more << true;
}

void tst_HttpResponseParser::capEdge()
{
    QFETCH(QByteArray, atCap);
    QFETCH(QByteArray, overCap);
    QFETCH(bool, close);
    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(7)}) {
        const Parsed accepted = parse(atCap, step, close);
        QCOMPARE(accepted.state, State::Done);
        QCOMPARE(accepted.body.size(), kCap);
        const Parsed refused = parse(overCap, step, close);
        QCOMPARE(refused.state, State::Failed);
        QCOMPARE(refused.code, QStringLiteral("response-too-large"));
        QCOMPARE(refused.body, QByteArray()); // nothing of it is kept
    }
}

void tst_HttpResponseParser::headersKeptInOrder()
{
    const Parsed parsed = parse("HTTP/1.1 200 OK\r\nB: 2\r\nA:1\r\nB:  3  \r\nFolded: one\r\n two\r\nContent-Length: 0\r\n\r\n", 1, false);
    QCOMPARE(parsed.state, State::Done);
    const HttpHeaders expected{{"B", "2"}, {"A", "1"}, {"B", "3"}, {"Folded", "one two"}, {"Content-Length", "0"}};
    QCOMPARE(parsed.headers, expected);
}

QTEST_GUILESS_MAIN(tst_HttpResponseParser)
#include "tst_HttpResponseParser.moc"
