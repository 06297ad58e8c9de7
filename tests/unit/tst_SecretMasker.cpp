// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/SecretMasker.h"
#include "core/net/HttpRequest.h"

#include <QTest>

using namespace td;

class tst_SecretMasker : public QObject
{
    Q_OBJECT

private slots:
    void maskJsonBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("top-level secrets, layout kept")
            << QByteArray("{\"apiKey\": \"MOB-APP\", \"publicKey\": \"eyJrdHkiOiJFQyJ9\", \"secret\": \"TEST123\"}") << QStringList()
            << QByteArray("{\"apiKey\": \"***\", \"publicKey\": \"eyJrdHkiOiJFQyJ9\", \"secret\": \"***\"}");
        QTest::newRow("nested in objects and arrays")
            << QByteArray("{\"content\":[{\"customerId\":\"c1\",\"token\":\"t.a.b\",\"refreshToken\":\"r.a.b\",\"validityTime\":3600}],\"errorCode\":\"\"}")
            << QStringList()
            << QByteArray("{\"content\":[{\"customerId\":\"c1\",\"token\":\"***\",\"refreshToken\":\"***\",\"validityTime\":3600}],\"errorCode\":\"\"}");
        QTest::newRow("names are case-insensitive")
            << QByteArray("{\"PASSWORD\":\"p4ss\",\"Username\":\"admin\"}") << QStringList()
            << QByteArray("{\"PASSWORD\":\"***\",\"Username\":\"admin\"}");
        QTest::newRow("non-string secret values")
            << QByteArray("{\"secret\":12345,\"privateKey\":{\"kty\":\"EC\",\"d\":\"abc\"},\"k\":[1,2],\"appSecret\":null,\"ok\":true}")
            << QStringList()
            << QByteArray("{\"secret\":\"***\",\"privateKey\":\"***\",\"k\":\"***\",\"appSecret\":\"***\",\"ok\":true}");
        QTest::newRow("spec's extra secret names")
            << QByteArray("{\"sdkPublicKey\":\"x\",\"accountNumber\":1234567890123456789,\"pin\":\"0000\"}")
            << QStringList{QStringLiteral("pin")}
            << QByteArray("{\"sdkPublicKey\":\"x\",\"accountNumber\":1234567890123456789,\"pin\":\"***\"}");
        QTest::newRow("escaped key name and escaped value")
            << QByteArray("{\"to\\u006ben\":\"a\\\"b\\\\c\",\"x\":\"y\"}") << QStringList()
            << QByteArray("{\"to\\u006ben\":\"***\",\"x\":\"y\"}");
        QTest::newRow("string values that look like secret names are not keys")
            << QByteArray("[\"token\",\"password\",{\"note\":\"secret\"}]") << QStringList()
            << QByteArray("[\"token\",\"password\",{\"note\":\"secret\"}]");
        QTest::newRow("pretty printed")
            << QByteArray("{\n  \"token\" :\n    \"abc\",\n  \"b\": [ {\"secret\" : 1 } ]\n}\n") << QStringList()
            << QByteArray("{\n  \"token\" :\n    \"***\",\n  \"b\": [ {\"secret\" : \"***\" } ]\n}\n");
        QTest::newRow("JWE compact kept")
            << QByteArray("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn") << QStringList()
            << QByteArray("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn");
        QTest::newRow("JWS compact kept")
            << QByteArray("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\n") << QStringList()
            << QByteArray("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\n");
        QTest::newRow("form encoded")
            << QByteArray("username=admin&password=s%3Dcret&grant_type=password") << QStringList()
            << QByteArray("username=admin&password=***&grant_type=password");
        QTest::newRow("plain text unchanged")
            << QByteArray("Invalid Token Passed") << QStringList() << QByteArray("Invalid Token Passed");
        QTest::newRow("broken JSON unchanged")
            << QByteArray("{\"token\": \"abc\"") << QStringList() << QByteArray("{\"token\": \"abc\"");
        QTest::newRow("empty") << QByteArray() << QStringList() << QByteArray();
    }

    void maskJsonBody()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, extra);
        QFETCH(QByteArray, expected);
        QCOMPARE(SecretMasker::maskJsonBody(body, extra), expected);
    }

    void maskHeaders()
    {
        const HttpHeaders headers{{"X-API-KEY", "MOB-APP-2001"},
                                  {"X-API-TOKEN", "eyJ.app.token"},
                                  {"Authorization", "Bearer abc.def.ghi"},
                                  {"Content-Type", "text/plain"},
                                  {"X-Account-Number", "123456"}};
        const HttpHeaders expected{{"X-API-KEY", "***"},
                                   {"X-API-TOKEN", "***"},
                                   {"Authorization", "***"},
                                   {"Content-Type", "text/plain"},
                                   {"X-Account-Number", "123456"}};
        QCOMPARE(SecretMasker::maskHeaders(headers, {QStringLiteral("x-api-key")}), expected);
        // X-API-KEY carries a pre-shared value: masked like the body's apiKey, spec or not.
        QCOMPARE(SecretMasker::maskHeaders(headers), expected);
        const HttpHeaders cookies{{"Cookie", "sid=abc123"}, {"Set-Cookie", "sid=abc123; Path=/"}, {"proxy-authorization", "Basic eA=="}};
        for (const auto &[name, value] : SecretMasker::maskHeaders(cookies))
            QCOMPARE(value, QByteArray("***"));
        HttpRequest request;
        request.headers = headers;
        QVERIFY(SecretMasker::secretValuesIn(request).contains(QStringLiteral("MOB-APP-2001")));
    }

    void maskBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("known");
        QTest::addColumn<QByteArray>("expected");
        const QStringList known{QStringLiteral("TEST123"), QStringLiteral("eyJold.token.value")};
        QTest::newRow("valid JSON, echo of a known value")
            << QByteArray("{\"token\":\"eyJnew.a.b\",\"note\":\"TEST123\"}") << known << QByteArray("{\"token\":\"***\",\"note\":\"***\"}");
        QTest::newRow("valid JSON, secret echoed under another name")
            << QByteArray("{\"refreshToken\":\"rt-998877\",\"echo\":\"rt-998877\"}") << QStringList() << QByteArray("{\"refreshToken\":\"***\",\"echo\":\"***\"}");
        QTest::newRow("truncated mid-string")
            << QByteArray("{\"content\":[{\"token\":\"eyJhbGciOi.eyJzdWIi.sig\",\"refreshToken\":\"eyJhbGciOiJIUzI1NiJ9.eyJzd") << QStringList()
            << QByteArray("{\"content\":[{\"token\":***,\"refreshToken\":***");
        QTest::newRow("truncated after the colon")
            << QByteArray("{\"errorCode\":\"\",\"password\": ") << QStringList() << QByteArray("{\"errorCode\":\"\",\"password\": ");
        QTest::newRow("truncated inside a nested secret")
            << QByteArray("{\"privateKey\":{\"kty\":\"EC\",\"d\":\"c2VjcmV0") << QStringList() << QByteArray("{\"privateKey\":***");
        QTest::newRow("malformed JSON")
            << QByteArray("{\"apiKey\": \"MOB-APP\", \"secret\": TEST123, }") << known << QByteArray("{\"apiKey\": ***, \"secret\": ***, }");
        QTest::newRow("JSON quoted inside a string")
            << QByteArray("<script>var a = \"{\"accessToken\":\"abc-123-xyz\"}\";</script>") << QStringList()
            << QByteArray("<script>var a = \"{\"accessToken\":***}\";</script>");
        QTest::newRow("plain text echoing a known value")
            << QByteArray("upstream said: TEST123 is not allowed") << known << QByteArray("upstream said: *** is not allowed");
        QTest::newRow("name=value and loose names")
            << QByteArray("error=bad&access_token=abcdef&client-secret=xyz12 retry") << QStringList()
            << QByteArray("error=bad&access_token=***&client-secret=*** retry");
        QTest::newRow("header-like line in an HTML page")
            << QByteArray("<html><pre>X-API-KEY: MOB-APP-2001\nAuthorization: Bearer zz</pre></html>") << QStringList()
            << QByteArray("<html><pre>X-API-KEY: ***\nAuthorization: ***</pre></html>");
        QTest::newRow("prose keeps its words")
            << QByteArray("<p>Invalid token: it has expired</p>") << QStringList() << QByteArray("<p>Invalid token: *** has expired</p>");
        QTest::newRow("XML element")
            << QByteArray("<r><refreshToken>r1r2r3r4</refreshToken><id>7</id></r>") << QStringList()
            << QByteArray("<r><refreshToken>***</refreshToken><id>7</id></r>");
        QTest::newRow("bare JWT in text, even cut")
            << QByteArray("500: token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx rejected") << QStringList()
            << QByteArray("500: token *** rejected");
        QTest::newRow("URL is not a secret line") << QByteArray("see https://example.org/x") << QStringList()
                                                  << QByteArray("see https://example.org/x");
        QTest::newRow("compact JOSE body kept") << QByteArray("eyJhbGciOiJkaXIifQ..aXY.Y3Q.dGFn") << QStringList()
                                                << QByteArray("eyJhbGciOiJkaXIifQ..aXY.Y3Q.dGFn");
        QTest::newRow("known value cut at the end")
            << QByteArray("upstream: TEST12") << known << QByteArray("upstream: ***");
        QTest::newRow("cut too short to tell") // under 6 characters: could be anything
            << QByteArray("upstream: TEST1") << known << QByteArray("upstream: TEST1");
        QTest::newRow("known value cut before an ellipsis")
            << QByteArray("said eyJold.tok\xE2\x80\xA6 and more") << known << QByteArray("said ***\xE2\x80\xA6 and more");
        QTest::newRow("ellipsis first") << QByteArray("\xE2\x80\xA6x") << known << QByteArray("\xE2\x80\xA6x");
        QTest::newRow("empty") << QByteArray() << known << QByteArray();
        QTest::newRow("not UTF-8") << QByteArray("\xff\xfe password=\x01\x02secret!") << QStringList()
                                   << QByteArray("\xff\xfe password=***");
    }

    void maskBody()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, known);
        QFETCH(QByteArray, expected);
        QCOMPARE(SecretMasker::maskBody(body, {}, known), expected);
    }

    // A measurement, not a check: what masking costs at the scan limit (run with -iterations N).
    void maskBodyCostAtTheLimit_data()
    {
        QTest::addColumn<QByteArray>("body");
        QByteArray json = "{\"token\":\"eyJhbGciOi.eyJzdWIi.sig\",\"pad\":\"";
        json += QByteArray(SecretMasker::kMaxMaskedBodyBytes - json.size() - 2, 'x') + "\"}";
        QTest::newRow("valid JSON, 1 MiB") << json;
        QTest::newRow("truncated JSON, 1 MiB") << json.left(json.size() - 2);
        QByteArray html = "<html><pre>";
        while (html.size() < SecretMasker::kMaxMaskedBodyBytes - 64)
            html += "token=abc123 name: value <b>eyJhbGciOi.eyJzdWIi.sig</b> password: hunter22\n";
        QTest::newRow("HTML full of secrets, 1 MiB") << html;
    }

    void maskBodyCostAtTheLimit()
    {
        QFETCH(QByteArray, body);
        const QStringList known{QStringLiteral("hunter22"), QStringLiteral("abc123"), QStringLiteral("MOB-APP-2001")};
        QByteArray out;
        QBENCHMARK {
            out = SecretMasker::maskBody(body, {}, known);
        }
        QVERIFY(!out.contains("hunter22"));
    }

    void maskBodyWithholdsWhatItCannotMask()
    {
        // Over the scan limit: only the length and a short hash are kept.
        const QByteArray big = QByteArray("{\"token\":\"TOPSECRET-1\"}") + QByteArray(SecretMasker::kMaxMaskedBodyBytes, ' ');
        const QByteArray out = SecretMasker::maskBody(big, {}, {});
        QVERIFY2(out.startsWith("body withheld (" + QByteArray::number(big.size()) + " bytes, sha256 "), out.left(80).constData());
        QCOMPARE(out.size(), QByteArray("body withheld ( bytes, sha256 )").size() + QByteArray::number(big.size()).size() + 12);
        QVERIFY(!out.contains("TOPSECRET"));
        QCOMPARE(SecretMasker::withheld(big), out);
        // At the limit it is still masked.
        const QByteArray fits = QByteArray("{\"token\":\"TOPSECRET-1\"}").leftJustified(SecretMasker::kMaxMaskedBodyBytes, ' ');
        QVERIFY(SecretMasker::maskBody(fits, {}, {}).startsWith("{\"token\":\"***\"}"));
        QVERIFY(SecretMasker::containsKnownValue("a TOPSECRET-1 b", {QStringLiteral("TOPSECRET-1")}));
        QVERIFY(!SecretMasker::containsKnownValue("a TOP b", {QStringLiteral("TOPSECRET-1")}));
    }


    void maskFields()
    {
        const QMap<QString, QString> fields{{QStringLiteral("appKey"), QStringLiteral("key-1")},
                                            {QStringLiteral("appSecret"), QStringLiteral("s3cr3t")},
                                            {QStringLiteral("pin"), QStringLiteral("0000")}};
        const QMap<QString, QString> masked = SecretMasker::maskFields(fields, {QStringLiteral("PIN")});
        QCOMPARE(masked.value(QStringLiteral("appKey")), QStringLiteral("key-1"));
        QCOMPARE(masked.value(QStringLiteral("appSecret")), QStringLiteral("***"));
        QCOMPARE(masked.value(QStringLiteral("pin")), QStringLiteral("***"));
    }

    void maskKnownValues_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("echo under another name")
            << QByteArray("{\"echo\":\"tok-12345\",\"n\":1}") << QStringList{QStringLiteral("tok-12345")}
            << QByteArray("{\"echo\":\"***\",\"n\":1}");
        QTest::newRow("every occurrence")
            << QByteArray("abcd-abcd-abcd") << QStringList{QStringLiteral("abcd")} << QByteArray("***-***-***");
        QTest::newRow("short values not searched")
            << QByteArray("key=abc&x=abc") << QStringList{QStringLiteral("abc")} << QByteArray("key=abc&x=abc");
        QTest::newRow("longest first")
            << QByteArray("secret-long and secret") << QStringList{QStringLiteral("secret"), QStringLiteral("secret-long")}
            << QByteArray("*** and ***");
        QTest::newRow("JSON-escaped form")
            << QByteArray("{\"v\":\"a\\\"quote/slash\"}") << QStringList{QStringLiteral("a\"quote/slash")}
            << QByteArray("{\"v\":\"***\"}");
        QTest::newRow("percent-encoded form")
            << QByteArray("https://h/p?t=a%2Bb%3Dc") << QStringList{QStringLiteral("a+b=c")}
            << QByteArray("https://h/p?t=***");
        QTest::newRow("no values") << QByteArray("unchanged") << QStringList() << QByteArray("unchanged");
    }

    void maskKnownValues()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, values);
        QFETCH(QByteArray, expected);
        QCOMPARE(SecretMasker::maskKnownValues(text, values), expected);
    }

    void maskUrl()
    {
        const QUrl url(QStringLiteral("https://user:pw1234@api.example.com/t?accessToken=abc.def&page=2&apiKey=k%20k"));
        QCOMPARE(SecretMasker::maskUrl(url, {}, {}),
                 QByteArray("https://user:***@api.example.com/t?accessToken=***&page=2&apiKey=***"));
    }

    void maskRequestCollectsAndMasksEverywhere()
    {
        HttpRequest request;
        request.method = "POST";
        request.url = QUrl(QStringLiteral("https://h.example/api?sig=SIGNATURE-VALUE"));
        request.headers = {{"Authorization", "Bearer BEARER-TOKEN-1"}, {"X-Echo", "BEARER-TOKEN-1"}};
        request.body = "{\"password\":\"hunter22\",\"note\":\"my password is hunter22\",\"signature\":\"SIGNATURE-VALUE\"}";
        const HttpRequest masked = SecretMasker::maskRequest(request, {QStringLiteral("sig")}, {});
        QCOMPARE(masked.url.toEncoded(), QByteArray("https://h.example/api?sig=***"));
        QCOMPARE(masked.headers, (HttpHeaders{{"Authorization", "***"}, {"X-Echo", "***"}}));
        QCOMPARE(masked.body, QByteArray("{\"password\":\"***\",\"note\":\"my password is ***\",\"signature\":\"***\"}"));
        QCOMPARE(masked.method, QByteArray("POST"));
    }

    void secretValuesInBody()
    {
        const QStringList found = SecretMasker::secretValuesInBody(
            "{\"token\":\"t1\",\"data\":{\"accessToken\":\"a\\\"2\",\"expire\":7200},\"secret\":42}");
        QCOMPARE(found, (QStringList{QStringLiteral("t1"), QStringLiteral("a\"2"), QStringLiteral("42")}));
    }

    void isCompactJose_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("expected");
        QTest::newRow("JWE") << QByteArray("a.b.c.d.e") << true;
        QTest::newRow("JWE empty key segment") << QByteArray("a..c.d.e") << true;
        QTest::newRow("JWS with newline") << QByteArray("a.b.c\n") << true;
        QTest::newRow("two segments") << QByteArray("a.b") << false;
        QTest::newRow("standard base64 chars") << QByteArray("a+.b/.c=") << false;
        QTest::newRow("JSON") << QByteArray("{\"a\":1}") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }

    void isCompactJose()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, expected);
        QCOMPARE(SecretMasker::isCompactJose(text), expected);
    }
};

QTEST_GUILESS_MAIN(tst_SecretMasker)
#include "tst_SecretMasker.moc"
