// SPDX-License-Identifier: GPL-3.0-or-later
// HAR files read and shown as TokenDesk would: a browser-shaped export of a real session against
// the sandbox (tests/data/har, made by scripts/har-capture.py), and hostile files: truncated,
// malformed, not a HAR, over the caps, a 10 MB body, base64 bodies good and bad, an encrypted body
// opened with a vault key and not with another.
#include "core/api/BankEzyCrypto.h"
#include "core/api/EndpointCatalog.h"
#include "core/evidence/HarImport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace td;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 12, 3), QTime(6, 30), Qt::UTC); // inside the sample's token lifetimes

QByteArray sampleHar()
{
    QFile file(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/har/sandbox-session.har"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A one-entry HAR: a secmgmt.create-token call answered with `content` (a HAR content object).
QByteArray oneEntry(const QJsonObject &content)
{
    const QJsonObject request{{QStringLiteral("method"), QStringLiteral("POST")},
                              {QStringLiteral("url"), QStringLiteral("https://partner.example/api/v2/auth/token")},
                              {QStringLiteral("headers"), QJsonArray()}};
    const QJsonObject response{{QStringLiteral("status"), 200}, {QStringLiteral("headers"), QJsonArray()},
                               {QStringLiteral("content"), content}};
    const QJsonObject entry{{QStringLiteral("startedDateTime"), QStringLiteral("2026-12-03T06:00:00.000Z")},
                            {QStringLiteral("request"), request}, {QStringLiteral("response"), response}};
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), QJsonObject{{QStringLiteral("version"), QStringLiteral("1.2")},
                                                                           {QStringLiteral("entries"), QJsonArray{entry}}}}})
        .toJson();
}

// A JWS with an exp claim, as the sandbox issues them (the signature is not checked here).
QByteArray jwt(qint64 exp)
{
    return "eyJhbGciOiJIUzI1NiJ9." + QJsonDocument(QJsonObject{{QStringLiteral("exp"), exp}}).toJson(QJsonDocument::Compact)
                                         .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
           + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
}

HarImport imported(const QByteArray &har, const QList<NamedKey> &keys = {})
{
    Result<HarImport> import = HarImport::read(har, EndpointCatalog::builtIn(), keys, kNow);
    if (!import)
        qWarning("%s", qPrintable(import.error().message));
    return import ? import.value() : HarImport();
}

} // namespace

class tst_HarImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenCallsOfABrowserExportAreListedAndTheRestCounted()
    {
        const HarImport import = imported(sampleHar());
        QStringList listed;
        for (const HarCall &call : import.calls)
            listed.append(QStringLiteral("%1 %2 %3").arg(call.index).arg(call.endpoint->id).arg(call.status));
        QCOMPARE(listed, (QStringList{QStringLiteral("2 bankezy.get-app-token 200"), QStringLiteral("4 bankezy.get-user-token 200"),
                                      QStringLiteral("5 bankezy.renew-token 200"), QStringLiteral("6 enos.get-token 200"),
                                      QStringLiteral("7 enos.refresh-token 200"), QStringLiteral("8 secmgmt.create-token 200"),
                                      QStringLiteral("9 secmgmt.create-token 401")}));
        QCOMPARE(import.skipped, 4); // the page, its script, a PNG (base64) and the favicon 404
        QCOMPARE(import.calls.at(0).startedAt.left(11), QStringLiteral("2026-12-03T"));
    }

    // Every credential of the session and every token (other than an encrypted body itself,
    // which is ciphertext and kept as history keeps it) is gone from what is shown.
    void noSecretOrTokenSurvives()
    {
        const QByteArray har = sampleHar();
        const QByteArray shown = QJsonDocument(imported(har).toJson()).toJson();
        const QByteArrayList credentials{"HAR-HDR-KEY-61", "HAR-BODY-KEY-61", "har-s3cr3t-61", "har-app-secret-61",
                                         "har-pass-61", "wrong-har-61"};
        for (const QByteArray &secret : credentials)
            QVERIFY2(!shown.contains(secret), secret.constData());
        static const QRegularExpression token(QStringLiteral("(.{9})(eyJ[\\w-]*\\.[\\w-]*\\.[\\w-]*(?:\\.[\\w-]*\\.[\\w-]*)?)"));
        int tokens = 0;
        for (auto it = token.globalMatch(QString::fromUtf8(har)); it.hasNext();) {
            const QRegularExpressionMatch found = it.next();
            if (found.captured(1) == QLatin1String("\"text\": \""))
                continue; // a whole body: the encrypted BankEzy payloads
            ++tokens;
            QVERIFY2(!shown.contains(found.captured(2).toUtf8()), qPrintable(found.captured(2)));
        }
        QCOMPARE(tokens, 9); // X-API-TOKEN twice, the renew body, the app token, EnOS and security-management tokens
        QVERIFY(imported(har).calls.at(5).request.body.contains("\"username\":\"har-ops61\"")); // what is not secret stays
    }

    void tokensAreSummarisedByTheInspector()
    {
        const HarImport import = imported(sampleHar());
        const HarCall &enos = import.calls.at(3);
        QCOMPARE(enos.tokens.size(), 1);
        const HarToken &access = enos.tokens.constFirst();
        QCOMPARE(access.where, QStringLiteral("response body data.accessToken"));
        QCOMPARE(access.kind, QStringLiteral("jws"));
        QCOMPARE(access.alg, QStringLiteral("HS256"));
        QVERIFY(access.expiresAt.has_value());
        QVERIFY(!access.expired);
        const HarCall &userToken = import.calls.at(1);
        QCOMPARE(userToken.tokens.constLast().where, QStringLiteral("response body"));
        QCOMPARE(userToken.tokens.constLast().enc, QStringLiteral("A256GCM"));
        QVERIFY(userToken.response.openedWith.isEmpty()); // no key given
        const QJsonObject json = import.toJson();
        QCOMPARE(json.keys(), (QStringList{QStringLiteral("entries"), QStringLiteral("skipped")}));
        QCOMPARE(json[QLatin1String("entries")][3].toObject().keys(),
                 (QStringList{QStringLiteral("endpoint"), QStringLiteral("index"), QStringLiteral("method"), QStringLiteral("request"),
                              QStringLiteral("response"), QStringLiteral("startedAt"), QStringLiteral("status"),
                              QStringLiteral("tokens"), QStringLiteral("url")}));
    }

    void hostileFilesFailClearly_data()
    {
        QTest::addColumn<QByteArray>("har");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QByteArray sample = sampleHar();
        const int harInvalid = int(ErrorCode::HarInvalid);
        QTest::newRow("truncated") << sample.left(sample.size() / 2) << harInvalid << QStringLiteral("the HAR file is truncated");
        QTest::newRow("malformed") << QByteArray("{\"log\": {\"entries\": [} , \"x\": 1, \"y\": 2}") << harInvalid
                                   << QStringLiteral("the HAR file is not valid JSON");
        QTest::newRow("empty") << QByteArray() << harInvalid << QStringLiteral("the HAR file is truncated");
        QTest::newRow("other JSON") << QByteArray("{\"openapi\": \"3.0.0\", \"paths\": {}}") << harInvalid
                                    << QStringLiteral("not a HAR file: it has no log.entries list");
        QTest::newRow("entries not a list") << QByteArray("{\"log\": {\"entries\": {\"a\": 1}}}") << harInvalid
                                            << QStringLiteral("not a HAR file");
        QTest::newRow("array") << QByteArray("[1, 2, 3]") << harInvalid << QStringLiteral("not a HAR file");
        QTest::newRow("entry without request") << QByteArray("{\"log\": {\"entries\": [{\"response\": {}}]}}") << harInvalid
                                               << QStringLiteral("entry 0 has no request method and URL");
        QTest::newRow("bad base64") << oneEntry({{QStringLiteral("text"), QStringLiteral("not*base64!")},
                                                 {QStringLiteral("encoding"), QStringLiteral("base64")}})
                                    << harInvalid << QStringLiteral("entry 0: response content is marked base64 but is not base64");
        QTest::newRow("unknown encoding") << oneEntry({{QStringLiteral("text"), QStringLiteral("x")},
                                                       {QStringLiteral("encoding"), QStringLiteral("gzip")}})
                                          << harInvalid << QStringLiteral("has encoding \"gzip\"");
        QTest::newRow("huge") << QByteArray(HarLog::kMaxBytes + 1, ' ') << int(ErrorCode::InputTooLarge)
                              << QStringLiteral("at most 64 MB is read");
        QByteArray many = "{\"log\": {\"entries\": [";
        for (int index = 0; index <= HarLog::kMaxEntries; ++index)
            many += index ? ",{}" : "{}";
        QTest::newRow("too many entries") << many + "]}}" << int(ErrorCode::InputTooLarge)
                                          << QStringLiteral("has 10001 entries; at most 10000 are read");
    }

    void hostileFilesFailClearly()
    {
        QFETCH(QByteArray, har);
        QFETCH(int, code);
        QFETCH(QString, message);
        const Result<HarLog> log = HarLog::parse(har);
        QVERIFY(!log);
        QCOMPARE(int(log.error().code), code);
        QVERIFY2(log.error().message.contains(message), qPrintable(log.error().message));
    }

    void base64BodyIsDecodedAndMasked()
    {
        const QByteArray token = jwt(kNow.toSecsSinceEpoch() + 60);
        // "issued" is no secret name: the token is masked because it is a token.
        const QByteArray body = "{\"content\":[{\"issued\":\"" + token + "\",\"validityTime\":60}]}";
        const HarImport import = imported(oneEntry({{QStringLiteral("text"), QString::fromLatin1(body.toBase64())},
                                                    {QStringLiteral("encoding"), QStringLiteral("base64")}}));
        QCOMPARE(import.calls.size(), 1);
        QCOMPARE(import.calls.constFirst().response.body, QByteArray("{\"content\":[{\"issued\":\"***\",\"validityTime\":60}]}"));
        QCOMPARE(import.calls.constFirst().tokens.constFirst().where, QStringLiteral("response body content[0].issued"));
    }

    // A 10 MB answer is read, its token still inspected, and the body withheld (it is over what
    // the masker scans), never shown unmasked.
    void tenMegabyteBodyIsWithheld()
    {
        const QByteArray token = jwt(kNow.toSecsSinceEpoch() - 60);
        const QByteArray body = "{\"token\":\"" + token + "\",\"padding\":\"" + QByteArray(10 * 1024 * 1024, 'a') + "\"}";
        QElapsedTimer timer;
        timer.start();
        const HarImport import = imported(oneEntry({{QStringLiteral("text"), QString::fromLatin1(body)}}));
        qInfo("10 MB body: %lld ms", timer.elapsed());
        QCOMPARE(import.calls.size(), 1);
        const HarCall &call = import.calls.constFirst();
        QVERIFY2(call.response.body.startsWith("body withheld ("), call.response.body.left(80).constData());
        QVERIFY(!QJsonDocument(import.toJson()).toJson().contains(token));
        QCOMPARE(call.tokens.size(), 1);
        QVERIFY(call.tokens.constFirst().expired);
    }

    // An encrypted BankEzy answer opens with the session key kept in the vault, its plaintext
    // masked as the rest; another key does not open it and nothing is made up.
    void encryptedBodyOpensWithAFittingKey()
    {
        const SecureBytes sessionKey(QByteArray(32, '\x5a'));
        const QByteArray inner = jwt(kNow.toSecsSinceEpoch() + 900);
        Result<QByteArray> jwe = BankEzyCrypto::encryptPayload("{\"resCode\":\"TOK200\",\"token\":\"" + inner + "\"}", sessionKey);
        QVERIFY(jwe);
        const QByteArray har = oneEntry({{QStringLiteral("text"), QString::fromLatin1(jwe.value())}});
        const QList<NamedKey> keys{{QStringLiteral("vault:other"), Jwk::fromOctets(SecureBytes(QByteArray(32, '\x11')))},
                                   {QStringLiteral("vault:session"), Jwk::fromOctets(sessionKey)}};
        const HarImport opened = imported(har, keys);
        const HarCall &call = opened.calls.constFirst();
        QCOMPARE(call.response.openedWith, QStringLiteral("vault:session"));
        QCOMPARE(call.response.decrypted, QByteArray("{\"resCode\":\"TOK200\",\"token\":\"***\"}"));
        QCOMPARE(call.response.body, jwe.value()); // the ciphertext, as history keeps it
        QCOMPARE(call.tokens.constLast().where, QStringLiteral("response decrypted token"));
        QVERIFY(!QJsonDocument(opened.toJson()).toJson().contains(inner));

        const HarImport closed = imported(har, {keys.constFirst()});
        QVERIFY(closed.calls.constFirst().response.openedWith.isEmpty());
        QVERIFY(closed.calls.constFirst().response.decrypted.isEmpty());
        QCOMPARE(closed.calls.constFirst().tokens.size(), 1);
    }

    void getOfAPageUnderAnEndpointPathIsNotATokenCall()
    {
        QByteArray har = oneEntry({{QStringLiteral("text"), QStringLiteral("<html>")}});
        har.replace("\"POST\"", "\"GET\"");
        const HarImport import = imported(har);
        QCOMPARE(import.calls.size(), 0);
        QCOMPARE(import.skipped, 1);
    }
};

QTEST_GUILESS_MAIN(tst_HarImport)
#include "tst_HarImport.moc"
