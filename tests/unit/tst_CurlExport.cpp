// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/CurlExport.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace td;

namespace {

HttpRequest appTokenRequest()
{
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QStringLiteral("https://payment1.example.com/token-service/new/v2/token"));
    request.headers = {{"X-API-KEY", "MOB-APP-2001"}, {"Content-Type", "text/plain"}};
    request.body = "{\"apiKey\":\"MOB-APP\",\"publicKey\":\"eyJrdHkiOiJFQyJ9\",\"secret\":\"TEST123\"}";
    return request;
}

} // namespace

class tst_CurlExport : public QObject
{
    Q_OBJECT

private slots:
    void revealed()
    {
        const QString expected = QStringLiteral(
            "curl --request POST \\\n"
            "  --url https://payment1.example.com/token-service/new/v2/token \\\n"
            "  --header 'X-API-KEY: MOB-APP-2001' \\\n"
            "  --header 'Content-Type: text/plain' \\\n"
            "  --data-raw '{\"apiKey\":\"MOB-APP\",\"publicKey\":\"eyJrdHkiOiJFQyJ9\",\"secret\":\"TEST123\"}'");
        QCOMPARE(CurlExport::toCurl(appTokenRequest(), true, {QStringLiteral("X-API-KEY")}), expected);
    }

    void masked()
    {
        const QString expected = QStringLiteral(
            "curl --request POST \\\n"
            "  --url https://payment1.example.com/token-service/new/v2/token \\\n"
            "  --header 'X-API-KEY: ***' \\\n"
            "  --header 'Content-Type: text/plain' \\\n"
            "  --data-raw '{\"apiKey\":\"***\",\"publicKey\":\"eyJrdHkiOiJFQyJ9\",\"secret\":\"***\"}'");
        const QString curl = CurlExport::toCurl(appTokenRequest(), false, {QStringLiteral("X-API-KEY")});
        QCOMPARE(curl, expected);
        QVERIFY(!curl.contains(QStringLiteral("MOB-APP")));
        QVERIFY(!curl.contains(QStringLiteral("TEST123")));
    }

    void maskedKnownValueInUrlAndBody()
    {
        HttpRequest request;
        request.method = "PUT";
        request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/api/v2/auth/token?trace=REFRESH-VALUE"));
        request.headers = {{"Content-Type", "application/json"}};
        request.body = "{\"token\":\"TOKEN-VALUE\",\"refreshToken\":\"REFRESH-VALUE\"}";
        const QString curl = CurlExport::toCurl(request, false, {}, {QStringLiteral("REFRESH-VALUE")});
        QCOMPARE(curl, QStringLiteral("curl --request PUT \\\n"
                                      "  --url 'http://127.0.0.1:8080/api/v2/auth/token?trace=***' \\\n"
                                      "  --header 'Content-Type: application/json' \\\n"
                                      "  --data-raw '{\"token\":\"***\",\"refreshToken\":\"***\"}'"));
    }

    void noBodyNoDataRaw()
    {
        HttpRequest request;
        request.method = "GET";
        request.url = QUrl(QStringLiteral("https://h.example/x"));
        QCOMPARE(CurlExport::toCurl(request, true), QStringLiteral("curl --request GET \\\n  --url https://h.example/x"));
    }

    void shellQuote_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("expected");
        QTest::newRow("safe word bare") << QStringLiteral("POST") << QStringLiteral("POST");
        QTest::newRow("empty") << QString() << QStringLiteral("''");
        QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("'a b'");
        QTest::newRow("single quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
        QTest::newRow("shell specials stay literal") << QStringLiteral("$HOME `id` \"q\" \\n !x & ; |")
                                                     << QStringLiteral("'$HOME `id` \"q\" \\n !x & ; |'");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("'a\nb'");
        QTest::newRow("only quotes") << QStringLiteral("''") << QStringLiteral("''\\'''\\'''");
    }

    void shellQuote()
    {
        QFETCH(QString, word);
        QFETCH(QString, expected);
        QCOMPARE(CurlExport::shellQuote(word), expected);
    }

    void quotedWordsRoundTripThroughShell_data()
    {
        shellQuote_data();
    }

    void quotedWordsRoundTripThroughShell()
    {
        // The real check of the quoting: a POSIX shell turns each quoted word back into the
        // original bytes.
        QFETCH(QString, word);
        const QString sh = QStandardPaths::findExecutable(QStringLiteral("sh"));
        QVERIFY2(!sh.isEmpty(), "no POSIX sh on PATH");
        QProcess process;
        process.start(sh, {QStringLiteral("-c"), QStringLiteral("printf %s ") + CurlExport::shellQuote(word)});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), word);
    }
};

QTEST_GUILESS_MAIN(tst_CurlExport)
#include "tst_CurlExport.moc"
