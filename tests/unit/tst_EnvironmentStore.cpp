// SPDX-License-Identifier: GPL-3.0-or-later
// Environment (JSON form) and EnvironmentStore (the environments file).
#include "core/net/Environment.h"
#include "core/net/EnvironmentStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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

Environment staging()
{
    Environment env;
    env.name = QStringLiteral("Staging");
    env.baseUrl = QStringLiteral("https://staging.example.com");
    env.familyBaseUrls.insert(QStringLiteral("enos"), QStringLiteral("https://apim.example.com:8443"));
    env.pathOverrides.insert(QStringLiteral("bankezy.get-app-token"), QStringLiteral("/token-service/new/token"));
    env.methodOverrides.insert(QStringLiteral("bankezy.get-user-token"), QStringLiteral("GET"));
    env.kdf = KdfMode::Concat;
    env.extraHeaders = {{"X-Trace", "on"}, {"Authorization", "Bearer SECRET-BEARER"}};
    env.transport.timeoutMs = 5000;
    env.transport.maxResponseBytes = 65536;
    env.transport.extraCaFile = QStringLiteral("/etc/ssl/corp.pem");
    env.transport.insecure = true;
    env.transport.clientCertFile = QStringLiteral("/home/me/client.p12");
    env.transport.clientKeyFile = QStringLiteral("/home/me/client.key");
    env.transport.pins = {QStringLiteral("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), QStringLiteral("sha256//BBBB")};
    env.transport.proxy = QStringLiteral("http://proxyuser:PROXY-PASSWORD@proxy.corp:3128");
    env.transport.noProxy = true;
    env.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001"));
    env.values.insert(QStringLiteral("appKey"), QStringLiteral("app-key-1"));
    env.values.insert(QStringLiteral("appSecret"), QStringLiteral("APP-SECRET-VALUE"));
    env.values.insert(QStringLiteral("password"), QStringLiteral("PASSWORD-VALUE"));
    return env;
}

} // namespace

class tst_EnvironmentStore : public QObject
{
    Q_OBJECT

private slots:
    void baseUrlFor()
    {
        const Environment env = staging();
        QCOMPARE(env.baseUrlFor(QStringLiteral("enos")), QStringLiteral("https://apim.example.com:8443"));
        QCOMPARE(env.baseUrlFor(QStringLiteral("bankezy")), QStringLiteral("https://staging.example.com"));
    }

    void jsonRoundTripWithSecrets()
    {
        const Environment env = staging();
        auto back = Environment::fromJson(env.toJson(true));
        QVERIFY(back.ok());
        QCOMPARE(back->name, env.name);
        QCOMPARE(back->baseUrl, env.baseUrl);
        QCOMPARE(back->familyBaseUrls, env.familyBaseUrls);
        QCOMPARE(back->pathOverrides, env.pathOverrides);
        QCOMPARE(back->methodOverrides, env.methodOverrides);
        QCOMPARE(back->kdf, KdfMode::Concat);
        QCOMPARE(back->extraHeaders, env.extraHeaders);
        QCOMPARE(back->transport.timeoutMs, 5000);
        QCOMPARE(back->transport.maxResponseBytes, qint64(65536));
        QCOMPARE(back->transport.extraCaFile, env.transport.extraCaFile);
        QCOMPARE(back->transport.insecure, true);
        QCOMPARE(back->transport.clientCertFile, env.transport.clientCertFile);
        QCOMPARE(back->transport.clientKeyFile, env.transport.clientKeyFile);
        QCOMPARE(back->transport.pins, env.transport.pins);
        QCOMPARE(back->transport.proxy, env.transport.proxy);
        QCOMPARE(back->transport.noProxy, true);
        QCOMPARE(back->values, env.values);
        QCOMPARE(back->builtIn, false);
        QCOMPARE(back->autoRenew, false);
        Environment renewing = env;
        renewing.autoRenew = true;
        QCOMPARE(Environment::fromJson(renewing.toJson(false))->autoRenew, true);
        QVERIFY(!env.toJson(false).contains(QStringLiteral("autoRenew"))); // off: files stay as they were
    }

    void toJsonLeavesSecretsOut()
    {
        const QJsonObject json = staging().toJson(false);
        const QJsonObject values = json.value(QStringLiteral("values")).toObject();
        QCOMPARE(values.keys(), (QStringList{QStringLiteral("X-API-KEY"), QStringLiteral("appKey")}));
        QCOMPARE(json.value(QStringLiteral("kdf")).toString(), QStringLiteral("concat"));
        const QJsonArray headers = json.value(QStringLiteral("extraHeaders")).toArray();
        QCOMPARE(headers.size(), 1); // Authorization left out
        const QByteArray text = QJsonDocument(json).toJson();
        QVERIFY(!text.contains("APP-SECRET-VALUE"));
        QVERIFY(!text.contains("PASSWORD-VALUE"));
        QVERIFY(!text.contains("SECRET-BEARER"));
        QVERIFY(!text.contains("PROXY-PASSWORD")); // the proxy's user stays, its password does not
        QCOMPARE(json.value(QStringLiteral("transport")).toObject().value(QStringLiteral("proxy")).toString(),
                 QStringLiteral("http://proxyuser@proxy.corp:3128"));
    }

    void proxyPasswordAsVaultReferenceIsKept()
    {
        // It names the secret without holding it, like a value "vault:NAME".
        Environment env = staging();
        env.transport.proxy = QStringLiteral("http://proxyuser:vault:corp-proxy@proxy.corp:3128");
        const QJsonObject json = env.toJson(false);
        QCOMPARE(json.value(QStringLiteral("transport")).toObject().value(QStringLiteral("proxy")).toString(), env.transport.proxy);
        const auto back = Environment::fromJson(json);
        QVERIFY(back.ok());
        QCOMPARE(back->transport.proxy, env.transport.proxy);
    }

    void fromJsonErrorsNameTheMember_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("member");
        QTest::newRow("missing name") << QByteArray("{}") << QStringLiteral("\"name\"");
        QTest::newRow("empty name") << QByteArray("{\"name\":\"  \"}") << QStringLiteral("\"name\"");
        QTest::newRow("baseUrl not a URL") << QByteArray("{\"name\":\"a\",\"baseUrl\":\"ftp://x\"}") << QStringLiteral("\"baseUrl\"");
        QTest::newRow("baseUrl number") << QByteArray("{\"name\":\"a\",\"baseUrl\":5}") << QStringLiteral("\"baseUrl\"");
        QTest::newRow("kdf unknown") << QByteArray("{\"name\":\"a\",\"kdf\":\"hkdf\"}") << QStringLiteral("\"kdf\"");
        QTest::newRow("family URL") << QByteArray("{\"name\":\"a\",\"familyBaseUrls\":{\"enos\":\"nope\"}}") << QStringLiteral("\"familyBaseUrls.enos\"");
        QTest::newRow("values not strings") << QByteArray("{\"name\":\"a\",\"values\":{\"appKey\":1}}") << QStringLiteral("\"values.appKey\"");
        QTest::newRow("pathOverrides array") << QByteArray("{\"name\":\"a\",\"pathOverrides\":[]}") << QStringLiteral("\"pathOverrides\"");
        QTest::newRow("header pair") << QByteArray("{\"name\":\"a\",\"extraHeaders\":[[\"X\"]]}") << QStringLiteral("\"extraHeaders[0]\"");
        QTest::newRow("timeout zero") << QByteArray("{\"name\":\"a\",\"transport\":{\"timeoutMs\":0}}") << QStringLiteral("\"transport.timeoutMs\"");
        QTest::newRow("insecure string") << QByteArray("{\"name\":\"a\",\"transport\":{\"insecure\":\"yes\"}}") << QStringLiteral("\"transport.insecure\"");
        QTest::newRow("pins not a list") << QByteArray("{\"name\":\"a\",\"transport\":{\"pins\":\"sha256//x\"}}") << QStringLiteral("\"transport.pins\"");
        QTest::newRow("pin not a string") << QByteArray("{\"name\":\"a\",\"transport\":{\"pins\":[1]}}") << QStringLiteral("\"transport.pins\"");
        QTest::newRow("proxy number") << QByteArray("{\"name\":\"a\",\"transport\":{\"proxy\":1}}") << QStringLiteral("\"transport.proxy\"");
        QTest::newRow("noProxy string") << QByteArray("{\"name\":\"a\",\"transport\":{\"noProxy\":\"yes\"}}") << QStringLiteral("\"transport.noProxy\"");
        QTest::newRow("autoRenew string") << QByteArray("{\"name\":\"a\",\"autoRenew\":\"yes\"}") << QStringLiteral("\"autoRenew\"");
        // Found by fuzz_environments: 83886.8 loaded as 0 and the saved file no longer loaded.
        QTest::newRow("max bytes fraction") << QByteArray("{\"name\":\"a\",\"transport\":{\"maxResponseBytes\":83886.8}}") << QStringLiteral("\"transport.maxResponseBytes\"");
        QTest::newRow("max bytes negative") << QByteArray("{\"name\":\"a\",\"transport\":{\"maxResponseBytes\":-1}}") << QStringLiteral("\"transport.maxResponseBytes\"");
    }

    void fromJsonErrorsNameTheMember()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, member);
        const auto result = Environment::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::ConfigInvalid);
        QVERIFY2(result.error().message.contains(member), qPrintable(result.error().message));
    }

    void fuzzFindingRefusedWithoutLosingTheFile()
    {
        // fuzz_environments' input as found: a fraction of a byte in maxResponseBytes. It loaded
        // as 0, and what was saved from it no longer loaded. Now the load names the member, and
        // the file stays as it was.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("environments.json"));
        const QByteArray input = readAll(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/net/environments-max-bytes-fraction.json"));
        QVERIFY(!input.isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(input);
        file.close();
        EnvironmentStore store(path);
        const auto loaded = store.load();
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().message.contains(QStringLiteral("transport.maxResponseBytes")),
                 qPrintable(loaded.error().message));
        QCOMPARE(readAll(path), input);
    }

    void storeRoundTripWithoutSecretsAndMode0600()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config/environments.json"));
        {
            EnvironmentStore store(path);
            requireOk(store.load()); // missing file: empty
            QCOMPARE(store.environments().size(), 0);
            requireOk(store.add(staging()));
            Environment prod;
            prod.name = QStringLiteral("Production");
            prod.baseUrl = QStringLiteral("https://payment1.example.com");
            requireOk(store.add(prod));
            // Secrets stay in memory for this session.
            QCOMPARE(store.find(QStringLiteral("staging"))->values.value(QStringLiteral("appSecret")),
                     QStringLiteral("APP-SECRET-VALUE"));
        }
        const QByteArray bytes = readAll(path);
        QVERIFY(!bytes.contains("APP-SECRET-VALUE"));
        QVERIFY(!bytes.contains("PASSWORD-VALUE"));
        QVERIFY(!bytes.contains("SECRET-BEARER"));
        struct stat info {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(static_cast<int>(info.st_mode & 0777), 0600);

        EnvironmentStore reloaded(path);
        requireOk(reloaded.load());
        const QList<Environment> all = reloaded.environments();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).name, QStringLiteral("Staging"));
        QCOMPARE(all.at(1).name, QStringLiteral("Production"));
        QCOMPARE(all.at(0).kdf, KdfMode::Concat);
        QCOMPARE(all.at(0).values.value(QStringLiteral("appKey")), QStringLiteral("app-key-1"));
        QVERIFY(!all.at(0).values.contains(QStringLiteral("appSecret")));
    }

    void sandboxFirstReadOnlyNotSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("environments.json"));
        EnvironmentStore store(path);
        requireOk(store.add(staging()));
        Environment sandbox;
        sandbox.name = QStringLiteral("whatever");
        sandbox.baseUrl = QStringLiteral("http://127.0.0.1:8765");
        store.setSandbox(sandbox);

        QCOMPARE(store.environments().first().name, QStringLiteral("Sandbox"));
        QVERIFY(store.environments().first().builtIn);
        QCOMPARE(store.find(QStringLiteral("SANDBOX"))->baseUrl, QStringLiteral("http://127.0.0.1:8765"));

        for (const Result<void> &attempt : {store.remove(QStringLiteral("Sandbox")),
                                            store.rename(QStringLiteral("sandbox"), QStringLiteral("Mine")),
                                            store.update(QStringLiteral("Sandbox"), staging())}) {
            QVERIFY(!attempt.ok());
            QCOMPARE(attempt.error().code, ErrorCode::ConfigInvalid);
        }
        Environment clash = staging();
        clash.name = QStringLiteral("sandbox");
        const auto added = store.add(clash);
        QVERIFY(!added.ok());
        QCOMPARE(added.error().code, ErrorCode::ConfigInvalid);

        requireOk(store.save());
        QVERIFY(!readAll(path).contains("8765"));
    }

    // "Sandbox (TLS)" is there only while given, after Sandbox, as read-only, reserved and unsaved.
    void sandboxTlsBesideSandboxWhileGiven()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("environments.json"));
        EnvironmentStore store(path);
        requireOk(store.add(staging()));
        Environment sandbox;
        sandbox.baseUrl = QStringLiteral("https://127.0.0.1:8766");
        Environment overTls = sandbox;
        overTls.transport.extraCaFile = QStringLiteral("/state/tls/ca.pem");
        store.setSandbox(sandbox, overTls);
        QCOMPARE(store.environments().size(), 3);
        QCOMPARE(store.environments().at(1).name, QStringLiteral("Sandbox (TLS)"));
        QVERIFY(store.find(QStringLiteral("sandbox (tls)"))->builtIn);
        QCOMPARE(store.find(QStringLiteral("Sandbox (TLS)"))->transport.extraCaFile, QStringLiteral("/state/tls/ca.pem"));
        Environment clash = staging();
        clash.name = QStringLiteral("SANDBOX (tls)");
        QCOMPARE(store.add(clash).error().code, ErrorCode::ConfigInvalid);
        QCOMPARE(store.remove(QStringLiteral("Sandbox (TLS)")).error().code, ErrorCode::ConfigInvalid);
        QCOMPARE(store.rename(QStringLiteral("Staging"), QStringLiteral("Sandbox (TLS)")).error().code, ErrorCode::ConfigInvalid);
        requireOk(store.save());
        QVERIFY(!readAll(path).contains("8766"));
        QVERIFY(!readAll(path).contains("ca.pem"));

        store.setSandbox(sandbox); // HTTPS off: gone
        QVERIFY(!store.find(QStringLiteral("Sandbox (TLS)")));
        QCOMPARE(store.environments().size(), 2);
    }

    void namesUniqueCaseInsensitive()
    {
        QTemporaryDir dir;
        EnvironmentStore store(dir.filePath(QStringLiteral("environments.json")));
        requireOk(store.add(staging()));
        Environment twin = staging();
        twin.name = QStringLiteral("STAGING");
        const auto added = store.add(twin);
        QVERIFY(!added.ok());
        QCOMPARE(added.error().code, ErrorCode::ConfigInvalid);
        QVERIFY(added.error().message.contains(QStringLiteral("already exists")));

        Environment other;
        other.name = QStringLiteral("Other");
        requireOk(store.add(other));
        const auto renamed = store.rename(QStringLiteral("other"), QStringLiteral("staging"));
        QVERIFY(!renamed.ok());
        QCOMPARE(renamed.error().code, ErrorCode::ConfigInvalid);
        // Renaming to a different case of its own name is fine.
        requireOk(store.rename(QStringLiteral("other"), QStringLiteral("OTHER")));
        QCOMPARE(store.find(QStringLiteral("other"))->name, QStringLiteral("OTHER"));

        const auto missing = store.remove(QStringLiteral("nope"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void updateRemoveAndSignals()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("environments.json"));
        EnvironmentStore store(path);
        QSignalSpy about(&store, &EnvironmentStore::aboutToChange);
        QSignalSpy changed(&store, &EnvironmentStore::changed);
        requireOk(store.add(staging()));
        QCOMPARE(about.size(), 1);
        QCOMPARE(changed.size(), 1);

        Environment edited = staging();
        edited.name = QStringLiteral("Staging 2");
        edited.baseUrl = QStringLiteral("https://s2.example.com");
        requireOk(store.update(QStringLiteral("Staging"), edited));
        QVERIFY(!store.find(QStringLiteral("Staging")));
        QCOMPARE(store.find(QStringLiteral("staging 2"))->baseUrl, QStringLiteral("https://s2.example.com"));
        QVERIFY(readAll(path).contains("https://s2.example.com"));

        requireOk(store.remove(QStringLiteral("Staging 2")));
        QCOMPARE(store.environments().size(), 0);
        QCOMPARE(changed.size(), 3);
        QVERIFY(!readAll(path).contains("Staging"));
    }

    void corruptFileKeptAndSaveRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not JSON") << QByteArray("{\"version\":1, \"environments\": [") << QStringLiteral("not JSON");
        QTest::newRow("wrong version") << QByteArray("{\"version\":7,\"environments\":[]}") << QStringLiteral("\"version\"");
        QTest::newRow("bad environment") << QByteArray("{\"version\":1,\"environments\":[{\"name\":\"a\",\"kdf\":\"x\"}]}")
                                         << QStringLiteral("environments[0]");
        QTest::newRow("duplicate names") << QByteArray("{\"version\":1,\"environments\":[{\"name\":\"a\"},{\"name\":\"A\"}]}")
                                         << QStringLiteral("used twice");
    }

    void corruptFileKeptAndSaveRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("environments.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();

        EnvironmentStore store(path);
        const auto loaded = store.load();
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().code, ErrorCode::ConfigInvalid);
        QVERIFY2(loaded.error().message.contains(mentions), qPrintable(loaded.error().message));
        QVERIFY(loaded.error().message.contains(path));
        QVERIFY(store.isBlocked());

        const auto saved = store.save();
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, ErrorCode::ConfigInvalid);
        const auto added = store.add(staging());
        QVERIFY(!added.ok());
        QCOMPARE(readAll(path), content); // untouched

        requireOk(store.reset());
        QVERIFY(!store.isBlocked());
        requireOk(store.add(staging()));
        QVERIFY(readAll(path).contains("Staging"));
        // The unreadable file was moved aside, not lost.
        const QStringList aside = QDir(dir.path()).entryList({QStringLiteral("environments.json.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QCOMPARE(readAll(dir.filePath(aside.first())), content);
    }

    void failedSaveRollsBack()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("blocker"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        EnvironmentStore store(blocker + QStringLiteral("/environments.json"));
        const auto added = store.add(staging());
        QVERIFY(!added.ok());
        QCOMPARE(added.error().code, ErrorCode::Io);
        QCOMPARE(store.environments().size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_EnvironmentStore)
#include "tst_EnvironmentStore.moc"
