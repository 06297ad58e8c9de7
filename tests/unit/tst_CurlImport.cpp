// SPDX-License-Identifier: GPL-3.0-or-later
// Curl commands as people paste them (the seed documents' samples, browser copies for bash and
// for Windows cmd, hostile and malformed ones), read and matched to the built-in endpoints.
#include "core/api/EndpointCatalog.h"
#include "core/evidence/CurlCommand.h"
#include "core/evidence/CurlImport.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace td;

namespace {

QString sample(const char *name)
{
    QFile file(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/curl/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

CurlImport imported(const QString &text)
{
    Result<CurlCommand> command = CurlCommand::parse(text);
    if (!command)
        qWarning("%s", qPrintable(command.error().message));
    return command ? CurlImport::match(command.value(), EndpointCatalog::builtIn()) : CurlImport();
}

} // namespace

class tst_CurlImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The renew sample: `\` continuations, one glued to its quote, one missing before --data-raw.
    void seedRenewTokenSample()
    {
        const CurlImport import = imported(sample("seed-renew-token.txt"));
        QVERIFY(import.endpoint);
        QCOMPARE(import.endpoint->id, QStringLiteral("bankezy.renew-token"));
        QCOMPARE(import.baseUrl, QStringLiteral("https://payment1.pcdev.enstage-sas.com"));
        QCOMPARE(import.values.value(QStringLiteral("X-API-KEY")), QStringLiteral("MOB-APP-2001"));
        QCOMPARE(import.values.value(QStringLiteral("X-API-TOKEN")), QStringLiteral("replace_with_token _from_new_token_api_response"));
        QCOMPARE(import.values.value(QStringLiteral("X-ACCOUNT-NUMBER")), QStringLiteral("provide the user account number"));
        QCOMPARE(import.values.value(QStringLiteral("token")), QStringLiteral("erewfsdfsdfdsf"));
        QVERIFY(import.unmatched.contains(QStringLiteral("header Content-Type")));
        QVERIFY(import.unmatched.contains(QStringLiteral("option --location")));
    }

    // The user-token sample's body has notes between its members: the pairs are still read, and
    // the damage is said.
    void seedUserTokenSampleWithADamagedBody()
    {
        const CurlImport import = imported(sample("seed-user-token.txt"));
        QVERIFY(import.endpoint);
        QCOMPARE(import.endpoint->id, QStringLiteral("bankezy.get-user-token"));
        QCOMPARE(import.values.value(QStringLiteral("firstName")), QStringLiteral("firstName"));
        QCOMPARE(import.values.value(QStringLiteral("accountNumber")), QStringLiteral("1000"));
        QCOMPARE(import.values.value(QStringLiteral("sdkApiKey")), QStringLiteral("api-key"));
        QCOMPARE(import.values.value(QStringLiteral("referenceId")), QStringLiteral("askjdhakjdhak"));
        QVERIFY(std::any_of(import.unmatched.cbegin(), import.unmatched.cend(),
                            [](const QString &item) { return item.startsWith(QLatin1String("body (not valid JSON")); }));
    }

    // No `\` at all, and '<domain>' for a host: the line breaks still separate, the path matches.
    void seedAppTokenSampleWithoutContinuations()
    {
        const CurlImport import = imported(sample("seed-app-token.txt"));
        QVERIFY(import.endpoint);
        QCOMPARE(import.endpoint->id, QStringLiteral("bankezy.get-app-token"));
        QCOMPARE(import.baseUrl, QStringLiteral("http://<domain>"));
        QCOMPARE(import.values.value(QStringLiteral("apiKey")), QStringLiteral("MOB-APP"));
        QCOMPARE(import.values.value(QStringLiteral("secret")), QStringLiteral("TEST123"));
        QVERIFY(import.values.value(QStringLiteral("publicKey")).startsWith(QLatin1String("eyJrdHkiOiJFQyIs")));
        // Secrets are masked in what is shown unless asked for.
        const QJsonObject json = import.toJson(false);
        QCOMPARE(json[QLatin1String("endpoint")].toString(), QStringLiteral("bankezy.get-app-token"));
        QCOMPARE(json[QLatin1String("values")][QLatin1String("secret")].toString(), QStringLiteral("***"));
        QCOMPARE(json[QLatin1String("values")][QLatin1String("apiKey")].toString(), QStringLiteral("***"));
        QCOMPARE(import.toJson(true)[QLatin1String("values")][QLatin1String("secret")].toString(), QStringLiteral("TEST123"));
    }

    // Chrome's "Copy as cURL (bash)": -H, $'…' with an escaped quote, --compressed.
    void browserCopyForBash()
    {
        const CurlImport import = imported(sample("chrome-bash.txt"));
        QVERIFY(import.endpoint);
        QCOMPARE(import.endpoint->id, QStringLiteral("secmgmt.create-token"));
        QCOMPARE(import.method, QByteArray("POST"));
        QCOMPARE(import.baseUrl, QStringLiteral("http://127.0.0.1:8080"));
        QCOMPARE(import.values.value(QStringLiteral("password")), QStringLiteral("it's demo123"));
        QVERIFY(import.unmatched.contains(QStringLiteral("header Sec-Fetch-Mode")));
        QVERIFY(import.unmatched.contains(QStringLiteral("option --compressed")));
    }

    // Chrome's "Copy as cURL (cmd)": ^ continuations (CRLF), ^" quotes, ^\^" inside the body.
    void browserCopyForWindowsCmd()
    {
        const CurlImport import = imported(sample("chrome-cmd.txt"));
        QVERIFY(import.endpoint);
        QCOMPARE(import.endpoint->id, QStringLiteral("secmgmt.create-token"));
        QCOMPARE(import.values.value(QStringLiteral("username")), QStringLiteral("demo"));
        QCOMPARE(import.values.value(QStringLiteral("password")), QStringLiteral("demo 123"));
    }

    // The same path, another method: the refresh step (PUT) and the create step (POST) of secmgmt.
    void methodDecidesBetweenStepsOnOnePath()
    {
        const CurlImport put = imported(QStringLiteral("curl -X PUT http://h/api/v2/auth/token --json '{\"refreshToken\":\"r\"}'"));
        QVERIFY(put.endpoint);
        QCOMPARE(put.endpoint->id, QStringLiteral("secmgmt.refresh-token"));
        QCOMPARE(put.values.value(QStringLiteral("refreshToken")), QStringLiteral("r"));
        const CurlImport post = imported(QStringLiteral("curl -XPOST -sSL http://h/api/v2/auth/token -d '{\"username\":\"u\"}'"));
        QVERIFY(post.endpoint);
        QCOMPARE(post.endpoint->id, QStringLiteral("secmgmt.create-token"));
    }

    void optionsAndDefaults()
    {
        Result<CurlCommand> command = CurlCommand::parse(
            QStringLiteral("curl --url \"https://x.test/a?q=1\" -u 'me:pw' -d a=1 -d b=2 -H \"X-One: \\\"quoted\\\"\" --json '{}'"));
        QVERIFY(command.ok());
        QCOMPARE(command->method, QByteArray("POST")); // a body without -X
        QCOMPARE(command->body, QByteArray("a=1&b=2&{}"));
        QCOMPARE(command->header(QStringLiteral("x-one")), QStringLiteral("\"quoted\""));
        QCOMPARE(command->header(QStringLiteral("Content-Type")), QStringLiteral("application/json"));
        QCOMPARE(command->path(), QStringLiteral("/a"));
        QCOMPARE(command->user, QStringLiteral("me:pw"));
        Result<CurlCommand> get = CurlCommand::parse(QStringLiteral("$ curl -G http://x.test/a -d q=1"));
        QVERIFY(get.ok());
        QCOMPARE(get->method, QByteArray("GET"));
        QCOMPARE(get->urlText, QStringLiteral("http://x.test/a?q=1"));
        QVERIFY(get->body.isEmpty());
        // No endpoint there: said as null, never guessed.
        const CurlImport none = imported(QStringLiteral("curl http://x.test/nothing/here"));
        QVERIFY(!none.endpoint);
        QVERIFY(none.toJson(false)[QLatin1String("endpoint")].isNull());
    }

    void malformedCommandsGetAClearMessage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unterminated single") << QStringLiteral("curl 'http://x\n-H 'A: b'x") << QStringLiteral("unterminated single quote starting on line 2");
        QTest::newRow("unterminated double") << QStringLiteral("curl \"http://x") << QStringLiteral("unterminated double quote starting on line 1");
        QTest::newRow("unterminated ansi") << QStringLiteral("curl $'abc") << QStringLiteral("unterminated $'…' string");
        QTest::newRow("unterminated cmd") << QStringLiteral("curl ^\"http://x ^\n -H a") << QStringLiteral("unterminated double quote");
        QTest::newRow("unknown long") << QStringLiteral("curl --frobnicate http://x") << QStringLiteral("unknown curl option \"--frobnicate\"");
        QTest::newRow("unknown short") << QStringLiteral("curl -Z http://x") << QStringLiteral("unknown curl option \"-Z\"");
        QTest::newRow("file body") << QStringLiteral("curl -d @body.json http://x") << QStringLiteral("reads the body from a file");
        QTest::newRow("no value") << QStringLiteral("curl http://x -H") << QStringLiteral("-H needs a value");
        QTest::newRow("bad header") << QStringLiteral("curl http://x -H nocolon") << QStringLiteral("is not a header");
        QTest::newRow("two urls") << QStringLiteral("curl http://x http://y") << QStringLiteral("two URLs");
        QTest::newRow("no url") << QStringLiteral("curl -s") << QStringLiteral("has no URL");
        QTest::newRow("not curl") << QStringLiteral("wget http://x") << QStringLiteral("not a curl command");
        QTest::newRow("empty") << QStringLiteral("  \n ") << QStringLiteral("the text is empty");
    }

    void malformedCommandsGetAClearMessage()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const Result<CurlCommand> command = CurlCommand::parse(text);
        QVERIFY(!command);
        QCOMPARE(command.error().code, ErrorCode::CurlInvalid);
        QVERIFY2(command.error().message.contains(message), qPrintable(command.error().message));
    }

    // Huge pastes are refused before any work; deep quoting and long words are linear.
    void hugeTextIsRefused()
    {
        const QString huge = QStringLiteral("curl http://x -d '") + QString(CurlCommand::kMaxText, QLatin1Char('a')) + QLatin1Char('\'');
        const Result<CurlCommand> command = CurlCommand::parse(huge);
        QVERIFY(!command);
        QVERIFY(command.error().message.contains(QLatin1String("at most")));
        const QString big = QStringLiteral("curl http://x/api/v2/auth/token -d '") + QString(CurlCommand::kMaxText / 2, QLatin1Char('"'))
            + QLatin1Char('\'');
        QVERIFY(CurlCommand::parse(big).ok());
    }
};

QTEST_GUILESS_MAIN(tst_CurlImport)
#include "tst_CurlImport.moc"
