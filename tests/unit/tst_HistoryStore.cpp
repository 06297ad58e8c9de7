// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryEntry (the JSON Lines record) and HistoryStore (masking, file, limits).
#include "core/net/HistoryStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sys/stat.h>

using namespace td;

namespace {

void requireOk(const Result<void> &result)
{
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

HistoryEntry plainEntry(int n)
{
    HistoryEntry entry;
    entry.time = QDateTime::fromMSecsSinceEpoch(1700000000123 + n, Qt::UTC);
    entry.environment = QStringLiteral("Sandbox");
    entry.endpoint = QStringLiteral("enos.get-token");
    entry.fields.insert(QStringLiteral("appKey"), QStringLiteral("key-%1").arg(n));
    entry.request.method = "POST";
    entry.request.url = QUrl(QStringLiteral("http://127.0.0.1:8765/apim-token-service/v2.0/token/get"));
    entry.request.headers = {{"Content-Type", "application/json"}};
    entry.request.body = "{\"appKey\":\"key-" + QByteArray::number(n) + "\"}";
    entry.status = 200;
    entry.responseHeaders = {{"Content-Type", "application/json"}};
    entry.responseBody = "{\"status\":0,\"msg\":\"SUCCESS\"}";
    entry.durationMs = 12;
    entry.outcome.ok = true;
    entry.outcome.expiresAt = 1700007200123;
    return entry;
}

// Secret values in every place a history record has, some under names only the spec calls
// secret, some echoed under innocent names.
struct SecretCase {
    QStringList secrets;
    HistoryEntry entry;
    QStringList specSecretNames;
    QStringList vaultValues;
};

SecretCase secretCase()
{
    SecretCase c;
    c.secrets = {QStringLiteral("APP-SECRET-1a2b"), QStringLiteral("PASSWORD-3c4d"), QStringLiteral("PIN-CODE-5e6f"),
                 QStringLiteral("HEADER-API-KEY-7890"), QStringLiteral("APP-TOKEN-abcd.efgh.ijkl"),
                 QStringLiteral("QUERY-TOKEN-mnop"), QStringLiteral("BODY-API-KEY-qrst"), QStringLiteral("RESP-TOKEN-uvwx"),
                 QStringLiteral("RESP-REFRESH-yz01"), QStringLiteral("DECRYPTED-TOKEN-2345"),
                 QStringLiteral("VAULT-CREDENTIAL-6789"), QStringLiteral("with \"quote\" / slash+plus")};
    HistoryEntry &e = c.entry;
    e.time = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    e.environment = QStringLiteral("Staging");
    e.endpoint = QStringLiteral("bankezy.get-user-token");
    e.fields = {{QStringLiteral("appSecret"), c.secrets[0]},
                {QStringLiteral("password"), c.secrets[1]},
                {QStringLiteral("pin"), c.secrets[2]},
                {QStringLiteral("comment"), QStringLiteral("uses ") + c.secrets[10]},
                {QStringLiteral("odd"), c.secrets[11]},
                {QStringLiteral("accountNumber"), QStringLiteral("1234567890123456789")}};
    e.request.method = "POST";
    QUrl url(QStringLiteral("https://api.example.com/token"));
    url.setQuery(QStringLiteral("accessToken=") + c.secrets[5] + QStringLiteral("&page=1"));
    e.request.url = url;
    e.request.headers = {{"X-API-KEY", c.secrets[3].toUtf8()},
                         {"X-API-TOKEN", c.secrets[4].toUtf8()},
                         {"Content-Type", "application/json"}};
    e.request.body = "{\"apiKey\":\"" + c.secrets[6].toUtf8() + "\",\"secret\":\"" + c.secrets[0].toUtf8()
        + "\",\"note\":\"pin was " + c.secrets[2].toUtf8() + "\",\"odd\":\"with \\\"quote\\\" \\/ slash+plus\"}";
    e.status = 200;
    e.responseHeaders = {{"Content-Type", "application/json"}, {"X-Echo-Token", c.secrets[4].toUtf8()}};
    e.responseBody = "{\"resCode\":\"TOK200\",\"token\":\"" + c.secrets[7].toUtf8() + "\",\"refreshToken\":\""
        + c.secrets[8].toUtf8() + "\",\"echo\":\"" + c.secrets[7].toUtf8() + "\"}";
    e.decryptedBody = "{\"data\":{\"token\":\"" + c.secrets[9].toUtf8() + "\",\"loginId\":\"L1\"},\"copy\":\""
        + c.secrets[9].toUtf8() + "\"}";
    e.durationMs = 42;
    e.outcome.ok = false;
    e.outcome.code = QStringLiteral("server-rejected");
    e.outcome.message = QStringLiteral("Token ") + c.secrets[7] + QStringLiteral(" was refused");
    // An explanation never quotes a secret by design; one that did (a server echoing one into a
    // message it quotes) is masked as the outcome's message is.
    e.clockOffsetMs = -41000;
    e.causes = QJsonArray{QJsonObject{{QStringLiteral("cause"), QStringLiteral("The server does not accept the API key")},
                                      {QStringLiteral("evidence"), QStringLiteral("X-API-KEY ") + c.secrets[3] + QStringLiteral(" (typed); echo ") + c.secrets[7]},
                                      {QStringLiteral("confirmed"), true},
                                      {QStringLiteral("fix"), QStringLiteral("use ") + c.secrets[10] + QStringLiteral(" instead")}}};
    c.specSecretNames = {QStringLiteral("pin"), QStringLiteral("X-API-KEY"), QStringLiteral("odd")};
    c.vaultValues = {c.secrets[10]};
    return c;
}

} // namespace

class tst_HistoryStore : public QObject
{
    Q_OBJECT

private slots:
    void entryJsonShape()
    {
        const HistoryEntry entry = plainEntry(1);
        const QJsonObject json = entry.toJson();
        QCOMPARE(json.value(QStringLiteral("time")).toString(), QStringLiteral("2023-11-14T22:13:20.124Z"));
        QCOMPARE(json.value(QStringLiteral("endpoint")).toString(), QStringLiteral("enos.get-token"));
        const QJsonObject request = json.value(QStringLiteral("request")).toObject();
        QCOMPARE(request.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(QJsonDocument(request.value(QStringLiteral("headers")).toArray()).toJson(QJsonDocument::Compact),
                 QByteArray("[[\"Content-Type\",\"application/json\"]]"));
        const QJsonObject response = json.value(QStringLiteral("response")).toObject();
        QCOMPARE(response.value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(response.contains(QStringLiteral("decryptedBody")));
        const QJsonObject outcome = json.value(QStringLiteral("outcome")).toObject();
        QCOMPARE(outcome.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(outcome.value(QStringLiteral("expiresAt")).toInteger(), qint64(1700007200123));

        HistoryEntry failed = plainEntry(2);
        failed.outcome = {false, QStringLiteral("timeout"), QStringLiteral("No response"), std::nullopt};
        QVERIFY(failed.toJson().value(QStringLiteral("outcome")).toObject().value(QStringLiteral("expiresAt")).isNull());
    }

    void entryRoundTrip()
    {
        HistoryEntry entry = plainEntry(3);
        entry.decryptedBody = "{\"x\":1}";
        entry.responseBody = QByteArray("\xff\xfe binary", 9);
        auto back = HistoryEntry::fromJson(entry.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->time, entry.time);
        QCOMPARE(back->environment, entry.environment);
        QCOMPARE(back->fields, entry.fields);
        QCOMPARE(back->request.method, entry.request.method);
        QCOMPARE(back->request.url, entry.request.url);
        QCOMPARE(back->request.headers, entry.request.headers);
        QCOMPARE(back->request.body, entry.request.body);
        QCOMPARE(back->status, 200);
        QCOMPARE(back->responseBody, entry.responseBody);
        QCOMPARE(back->decryptedBody, entry.decryptedBody);
        QCOMPARE(back->durationMs, qint64(12));
        QCOMPARE(back->outcome.ok, true);
        QCOMPARE(back->outcome.expiresAt, std::optional<qint64>(1700007200123));
    }

    void appendAndLoadNewestLast()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data/history.jsonl"));
        HistoryStore store(path);
        QSignalSpy appended(&store, &HistoryStore::appended);
        for (int n = 0; n < 5; ++n)
            requireOk(store.append(plainEntry(n)));
        QCOMPARE(appended.size(), 5);
        QCOMPARE(readAll(path).count('\n'), 5);
        struct stat info {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(static_cast<int>(info.st_mode & 0777), 0600);

        auto all = store.load();
        QVERIFY(all.ok());
        QCOMPARE(all->entries.size(), 5);
        QCOMPARE(all->skipped, 0);
        auto newest = store.load(2);
        QVERIFY(newest.ok());
        QCOMPARE(newest->entries.size(), 2);
        QCOMPARE(newest->entries.at(0).fields.value(QStringLiteral("appKey")), QStringLiteral("key-3"));
        QCOMPARE(newest->entries.at(1).fields.value(QStringLiteral("appKey")), QStringLiteral("key-4"));
    }

    void loadSkipsBrokenLines()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        HistoryStore store(path);
        requireOk(store.append(plainEntry(1)));
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"time\":\"2023-11-14T22:13:20.000Z\",\"endpoint\":\"x\",\"requ\n"); // truncated write
        file.write("[1,2,3]\n");                                                      // not an object
        file.write("{\"time\":\"yesterday\",\"endpoint\":\"x\",\"request\":{},\"outcome\":{\"ok\":true}}\n");
        file.write("\n");
        file.close();
        requireOk(store.append(plainEntry(2)));

        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->skipped, 3);
        QCOMPARE(loaded->entries.size(), 2);
        QCOMPARE(loaded->entries.at(1).fields.value(QStringLiteral("appKey")), QStringLiteral("key-2"));
    }

    void missingFileIsEmptyAndClearRemoves()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        HistoryStore store(path);
        auto empty = store.load();
        QVERIFY(empty.ok());
        QCOMPARE(empty->entries.size(), 0);
        requireOk(store.append(plainEntry(1)));
        QSignalSpy cleared(&store, &HistoryStore::cleared);
        requireOk(store.clear());
        QCOMPARE(cleared.size(), 1);
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(store.load()->entries.size(), 0);
    }

    void sizeLimitKeepsNewestHalf()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        HistoryStore store(path);
        QCOMPARE(store.maxBytes(), qint64(10 * 1024 * 1024));
        HistoryEntry sized = plainEntry(10);
        sized.id = QUuid::createUuid().toString(QUuid::WithoutBraces); // append() gives each line one
        const qint64 lineSize = QJsonDocument(sized.toJson()).toJson(QJsonDocument::Compact).size() + 1;
        store.setMaxBytes(lineSize * 10);
        for (int n = 10; n < 21; ++n) // the 11th line crosses the limit
            requireOk(store.append(plainEntry(n)));
        QVERIFY(QFileInfo(path).size() <= lineSize * 5);
        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->skipped, 0);
        QCOMPARE(loaded->entries.size(), 5);
        QCOMPARE(loaded->entries.first().fields.value(QStringLiteral("appKey")), QStringLiteral("key-16"));
        QCOMPARE(loaded->entries.last().fields.value(QStringLiteral("appKey")), QStringLiteral("key-20"));
        struct stat info {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(static_cast<int>(info.st_mode & 0777), 0600);
    }

    void originSessionAndIdRoundTrip()
    {
        for (const HistoryOrigin origin : {HistoryOrigin::Manual, HistoryOrigin::Flow, HistoryOrigin::Renewal, HistoryOrigin::Retry}) {
            HistoryEntry entry = plainEntry(4);
            entry.origin = origin;
            entry.id = QStringLiteral("6f1c2d4e-0000-4000-8000-00000000000%1").arg(int(origin));
            entry.sessionId = QStringLiteral("0b7e3a51-1111-4111-8111-111111111111");
            const QJsonObject json = entry.toJson();
            QCOMPARE(json.value(QStringLiteral("origin")).toString(), historyOriginName(origin));
            QCOMPARE(json.value(QStringLiteral("sessionId")).toString(), entry.sessionId);
            auto back = HistoryEntry::fromJson(json);
            QVERIFY(back.ok());
            QCOMPARE(back->origin, origin);
            QCOMPARE(back->id, entry.id);
            QCOMPARE(back->sessionId, entry.sessionId);
        }
        QCOMPARE(historyOriginName(HistoryOrigin::Retry), QStringLiteral("retry"));
        QCOMPARE(historyOriginFromName(QStringLiteral("renewal")), HistoryOrigin::Renewal);
        // No session: no member at all, and it reads back empty.
        const QJsonObject plain = plainEntry(5).toJson();
        QVERIFY(!plain.contains(QStringLiteral("sessionId")));
        QVERIFY(HistoryEntry::fromJson(plain)->sessionId.isEmpty());
    }

    void appendGivesEachEntryAnId()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        QSignalSpy appended(&store, &HistoryStore::appended);
        HistoryEntry flowStep = plainEntry(1);
        flowStep.origin = HistoryOrigin::Flow;
        flowStep.sessionId = QStringLiteral("0b7e3a51-1111-4111-8111-111111111111");
        requireOk(store.append(flowStep));
        requireOk(store.append(plainEntry(2)));
        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->entries.size(), 2);
        const QString first = loaded->entries.at(0).id;
        QVERIFY2(!QUuid::fromString(first).isNull(), qPrintable(first));
        QVERIFY(first != loaded->entries.at(1).id);
        QCOMPARE(appended.at(0).at(0).value<HistoryEntry>().id, first); // the page sees the id the file has
        QCOMPARE(loaded->entries.at(0).origin, HistoryOrigin::Flow);
        QCOMPARE(loaded->entries.at(0).sessionId, flowStep.sessionId);
        QCOMPARE(loaded->entries.at(1).origin, HistoryOrigin::Manual);
        QCOMPARE(store.load()->entries.at(0).id, first); // stable across reads
    }

    // Lines written before ids and origins existed: manual, no session, an id from the line.
    void oldLinesReadAsManualWithAStableId()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        QJsonObject old = plainEntry(1).toJson();
        old.remove(QStringLiteral("origin"));
        const QByteArray line = QJsonDocument(old).toJson(QJsonDocument::Compact);
        QJsonObject odd = plainEntry(2).toJson();
        odd.insert(QStringLiteral("origin"), QStringLiteral("from-a-later-version"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(line + "\n" + QJsonDocument(odd).toJson(QJsonDocument::Compact) + "\n");
        file.close();

        HistoryStore store(path);
        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->skipped, 0);
        QCOMPARE(loaded->entries.size(), 2);
        const HistoryEntry &e = loaded->entries.first();
        QCOMPARE(e.origin, HistoryOrigin::Manual);
        QVERIFY(e.sessionId.isEmpty());
        QCOMPARE(e.id, QString::fromLatin1(QCryptographicHash::hash(line, QCryptographicHash::Sha256).toHex().left(16)));
        QCOMPARE(loaded->entries.at(1).origin, HistoryOrigin::Manual);
        QVERIFY(loaded->entries.at(1).id != e.id);
        QCOMPARE(store.load()->entries.first().id, e.id);
    }

    // The explanation kept with an entry (clock offset, causes) reads back as written; lines
    // from before it existed, and hostile shapes of it, load without one rather than failing.
    void explanationRoundTripsAndOldLinesHaveNone()
    {
        HistoryEntry entry = plainEntry(4);
        entry.clockOffsetMs = 540123;
        entry.causes = QJsonArray{QJsonObject{{QStringLiteral("cause"), QStringLiteral("The server's clock is 9 min 0 s ahead")},
                                              {QStringLiteral("evidence"), QStringLiteral("its Date header says …")}},
                                  QJsonObject{{QStringLiteral("cause"), QStringLiteral("KDF")}, {QStringLiteral("evidence"), QString()},
                                              {QStringLiteral("confirmed"), true}, {QStringLiteral("fix"), QStringLiteral("set concat")}}};
        const QJsonObject json = entry.toJson();
        QCOMPARE(json.value(QStringLiteral("clockOffsetMs")).toInteger(), qint64(540123));
        QCOMPARE(json.value(QStringLiteral("causes")).toArray(), entry.causes);
        auto back = HistoryEntry::fromJson(json);
        QVERIFY(back.ok());
        QCOMPARE(back->clockOffsetMs, entry.clockOffsetMs);
        QCOMPARE(back->causes, entry.causes);

        const QJsonObject old = plainEntry(5).toJson(); // nothing to say: neither member is written
        QVERIFY(!old.contains(QStringLiteral("clockOffsetMs")) && !old.contains(QStringLiteral("causes")));
        back = HistoryEntry::fromJson(old);
        QVERIFY(back.ok());
        QVERIFY(!back->clockOffsetMs);
        QVERIFY(back->causes.isEmpty());

        QJsonObject hostile = old;
        hostile.insert(QStringLiteral("clockOffsetMs"), QStringLiteral("soon"));
        hostile.insert(QStringLiteral("causes"), QJsonArray{1, QJsonObject{{QStringLiteral("cause"), 2}}, QStringLiteral("x"),
                                                            QJsonObject{{QStringLiteral("cause"), QStringLiteral("kept")}}});
        back = HistoryEntry::fromJson(hostile);
        QVERIFY(back.ok());
        QVERIFY(!back->clockOffsetMs);
        QCOMPARE(back->causes.size(), 1);
        QCOMPARE(back->causes.at(0).toObject().value(QStringLiteral("cause")).toString(), QStringLiteral("kept"));
        hostile.insert(QStringLiteral("causes"), QStringLiteral("not a list"));
        back = HistoryEntry::fromJson(hostile);
        QVERIFY(back.ok());
        QVERIFY(back->causes.isEmpty());
    }

    // An overlong line is skipped without being held; lines longer than one read chunk are fine.
    void scanSkipsOverlongLinesAndReadsLongOnes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        HistoryStore store(path);
        store.setMaxLineBytes(512 * 1024);
        HistoryEntry big = plainEntry(1);
        big.responseBody = QByteArray(300 * 1024, 'a'); // several 64 KiB chunks, under the cap
        requireOk(store.append(big));
        HistoryEntry huge = plainEntry(3);
        huge.responseBody = QByteArray(1024 * 1024, 'b'); // a valid record, but over the cap
        requireOk(store.append(huge));
        requireOk(store.append(plainEntry(2)));
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write(QByteArray(600 * 1024, 'x')); // over the cap and without a final newline
        file.close();

        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->skipped, 2);
        QCOMPARE(loaded->entries.size(), 2);
        QCOMPARE(loaded->entries.at(0).responseBody.size(), 300 * 1024);
        QCOMPARE(loaded->entries.at(1).fields.value(QStringLiteral("appKey")), QStringLiteral("key-2"));
        int visited = 0;
        auto skipped = store.scan([&visited](HistoryEntry &&) { ++visited; });
        QVERIFY(skipped.ok());
        QCOMPARE(visited, 2);
    }

    void noSecretBytesInTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        HistoryStore store(path);
        const SecretCase c = secretCase();
        requireOk(store.append(c.entry, c.specSecretNames, c.vaultValues));

        const QByteArray bytes = readAll(path);
        QVERIFY(!bytes.isEmpty());
        for (const QString &secret : c.secrets) {
            // Also the forms a secret takes inside JSON or a URL, and its longest distinctive part.
            const QByteArray raw = secret.toUtf8();
            const QByteArray jsonEscaped = QJsonDocument(QJsonArray{secret}).toJson(QJsonDocument::Compact);
            for (const QByteArray &form : {raw, jsonEscaped.mid(2, jsonEscaped.size() - 4), raw.toPercentEncoding(),
                                           raw.left(raw.size() - 1), raw.mid(1)}) {
                QVERIFY2(!bytes.contains(form), qPrintable(QStringLiteral("secret found in history: ") + QString::fromUtf8(form)));
            }
        }

        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->entries.size(), 1);
        const HistoryEntry &e = loaded->entries.first();
        QCOMPARE(e.fields.value(QStringLiteral("appSecret")), QStringLiteral("***"));
        QCOMPARE(e.fields.value(QStringLiteral("pin")), QStringLiteral("***"));
        QCOMPARE(e.fields.value(QStringLiteral("comment")), QStringLiteral("uses ***"));
        QCOMPARE(e.fields.value(QStringLiteral("accountNumber")), QStringLiteral("1234567890123456789"));
        QCOMPARE(e.request.header("X-API-KEY"), QByteArray("***"));
        QCOMPARE(e.request.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(e.request.url.toEncoded(), QByteArray("https://api.example.com/token?accessToken=***&page=1"));
        QCOMPARE(e.responseHeaders.at(1).second, QByteArray("***"));
        QCOMPARE(e.responseBody, QByteArray("{\"resCode\":\"TOK200\",\"token\":\"***\",\"refreshToken\":\"***\",\"echo\":\"***\"}"));
        QCOMPARE(e.decryptedBody, QByteArray("{\"data\":{\"token\":\"***\",\"loginId\":\"L1\"},\"copy\":\"***\"}"));
        QCOMPARE(e.outcome.message, QStringLiteral("Token *** was refused"));
        QCOMPARE(e.endpoint, QStringLiteral("bankezy.get-user-token"));
        QCOMPARE(e.clockOffsetMs, std::optional<qint64>(-41000));
        QCOMPARE(e.causes.size(), 1);
        const QJsonObject cause = e.causes.at(0).toObject();
        QCOMPARE(cause.value(QStringLiteral("cause")).toString(), QStringLiteral("The server does not accept the API key"));
        QCOMPARE(cause.value(QStringLiteral("evidence")).toString(), QStringLiteral("X-API-KEY *** (typed); echo ***"));
        QCOMPARE(cause.value(QStringLiteral("fix")).toString(), QStringLiteral("use *** instead"));
        QCOMPARE(cause.value(QStringLiteral("confirmed")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(tst_HistoryStore)
#include "tst_HistoryStore.moc"
