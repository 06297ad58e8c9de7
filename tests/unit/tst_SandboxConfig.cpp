// SPDX-License-Identifier: GPL-3.0-or-later
// SandboxConfig with its small companions: SandboxCredentials, SandboxRoutes, SandboxFault, FaultPlan.
#include "core/sandbox/FaultPlan.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxCredentials.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/SpecLibrary.h"
#include "core/sandbox/SandboxRoutes.h"
#include "core/sandbox/SandboxServer.h"
#include "tst_SandboxSupport.h"

using namespace td;
using namespace sandboxtest;

namespace {
const QString kDataDir = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/sandbox/");
}

class tst_SandboxConfig : public QObject
{
    Q_OBJECT

private slots:
    void defaults()
    {
        const SandboxConfig config;
        QCOMPARE(config.bankezyLifetimeSeconds, 900);
        QCOMPARE(config.enosLifetimeSeconds, 7200);
        QCOMPARE(config.secmgmtLifetimeSeconds, 3600);
        QCOMPARE(config.renewWindowSeconds, 3600);
        QCOMPARE(config.kdf, KdfMode::Raw);
        QCOMPARE(config.renewShape, RenewShape::Flat);
        QCOMPARE(config.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(config.credentials.bankezyXApiKey, QStringLiteral("MOB-APP-2001"));
        QCOMPARE(config.credentials.bankezyApiKey, QStringLiteral("MOB-APP"));
        QCOMPARE(config.credentials.bankezySecret, QStringLiteral("TEST123"));
        QCOMPARE(config.credentials.bankezySdkApiKey, QStringLiteral("ABCDEFGH"));
        QCOMPARE(config.credentials.enosAppKey, QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b"));
        QCOMPARE(config.credentials.enosAppSecret, QStringLiteral("sandbox-app-secret"));
        QCOMPARE(config.credentials.secmgmtUsername, QStringLiteral("demo"));
        QCOMPARE(config.credentials.secmgmtPassword, QStringLiteral("demo123"));
        QVERIFY(!config.toJson().contains(QLatin1String("credentials")));

        FakeClock clock;
        SandboxConfig timed;
        timed.nowMs = clock.function();
        QCOMPARE(timed.now(), clock.ms());
    }

    void renewShapeNames()
    {
        QCOMPARE(renewShapeFromName(u"flat"), std::optional<RenewShape>(RenewShape::Flat));
        QCOMPARE(renewShapeFromName(u"nested"), std::optional<RenewShape>(RenewShape::Nested));
        QVERIFY(!renewShapeFromName(u"Nested"));
        QCOMPARE(renewShapeName(RenewShape::Nested), QStringLiteral("nested"));
    }

    void credentialsFile()
    {
        Result<SandboxCredentials> loaded = SandboxCredentials::fromJsonFile(kDataDir + QStringLiteral("credentials.json"));
        SANDBOX_VERIFY_OK(loaded);
        QCOMPARE(loaded->bankezyXApiKey, QStringLiteral("TEAM-KEY-7"));
        QCOMPARE(loaded->bankezyApiKey, QStringLiteral("TEAM-APP"));
        QCOMPARE(loaded->bankezySecret, QStringLiteral("s3cret-team"));
        QCOMPARE(loaded->bankezySdkApiKey, QStringLiteral("SDK-TEAM"));
        QCOMPARE(loaded->enosAppKey, QStringLiteral("11111111-2222-4333-8444-555555555555"));
        QCOMPARE(loaded->enosAppSecret, QStringLiteral("team-app-secret"));
        QCOMPARE(loaded->secmgmtUsername, QStringLiteral("alice"));
        QCOMPARE(loaded->secmgmtPassword, QStringLiteral("wonderland"));
        // toJson is the file shape: it reads back to the same values.
        Result<SandboxCredentials> again = SandboxCredentials::fromJson(loaded->toJson());
        SANDBOX_VERIFY_OK(again);
        QCOMPARE(again->secmgmtPassword, QStringLiteral("wonderland"));
    }

    // A user family's values sit under its id beside the built-in families; toJson keeps them.
    void userFamilyCredentials()
    {
        Result<SandboxCredentials> base = SandboxCredentials::fromJsonFile(kDataDir + QStringLiteral("credentials.json"));
        SANDBOX_VERIFY_OK(base);
        QJsonObject object = base->toJson();
        object.insert(QStringLiteral("acme"), QJsonObject{{QStringLiteral("clientId"), QStringLiteral("c1")},
                                                          {QStringLiteral("clientSecret"), QStringLiteral("s1")}});
        Result<SandboxCredentials> loaded = SandboxCredentials::fromJson(object);
        SANDBOX_VERIFY_OK(loaded);
        QCOMPARE(loaded->family(QStringLiteral("acme")).value(QStringLiteral("clientSecret")), QStringLiteral("s1"));
        QVERIFY(loaded->family(QStringLiteral("globex")).isEmpty());
        QCOMPARE(loaded->toJson().value(QLatin1String("acme")).toObject().value(QLatin1String("clientId")).toString(),
                 QStringLiteral("c1"));

        for (const auto &[name, value] : QList<QPair<QString, QJsonValue>>{
                 {QStringLiteral("acme"), QJsonValue(QStringLiteral("flat"))},
                 {QStringLiteral("Acme Co"), QJsonValue(QJsonObject())},
                 {QStringLiteral("acme"), QJsonValue(QJsonObject{{QStringLiteral("clientId"), 7}})},
                 {QStringLiteral("acme"), QJsonValue(QJsonObject{{QStringLiteral("clientId"), QString()}})}}) {
            QJsonObject bad = base->toJson();
            bad.insert(name, value);
            const Result<SandboxCredentials> refused = SandboxCredentials::fromJson(bad);
            QVERIFY2(!refused.ok(), qPrintable(name));
            QCOMPARE(refused.error().code, ErrorCode::ConfigInvalid);
            QVERIFY2(refused.error().message.contains(name), qPrintable(refused.error().message));
        }
    }

    // The demo set makes up values for a plain family's fields a client brings; a file does not.
    void demoValuesForUserFamilies()
    {
        const SpecLibrary library({QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex")});
        SandboxCredentials demo;
        demo.addDemoFamilies(library.catalog());
        QCOMPARE(demo.family(QStringLiteral("globex")),
                 (QMap<QString, QString>{{QStringLiteral("clientId"), QStringLiteral("demo-clientId")},
                                         {QStringLiteral("clientSecret"), QStringLiteral("demo-clientSecret")}}));
        QCOMPARE(demo.families.size(), 1); // the built-in families have their own members
        Result<SandboxCredentials> file = SandboxCredentials::fromJsonFile(kDataDir + QStringLiteral("credentials.json"));
        SANDBOX_VERIFY_OK(file);
        SandboxCredentials given = file.value();
        given.addDemoFamilies(library.catalog());
        QVERIFY(given.families.isEmpty());
    }

    void credentialsErrors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("messageContains");
        QTest::newRow("missing member") << "credentials-missing-secret.json" << ErrorCode::ConfigInvalid << "\"bankezy.secret\"";
        QTest::newRow("missing family") << "credentials-no-enos.json" << ErrorCode::ConfigInvalid << "\"enos\"";
        QTest::newRow("not JSON") << "credentials-not-json.json" << ErrorCode::ConfigInvalid << "not a JSON object";
        QTest::newRow("no file") << "does-not-exist.json" << ErrorCode::Io << "Cannot read";
    }

    void credentialsErrors()
    {
        QFETCH(QString, file);
        QFETCH(ErrorCode, code);
        QFETCH(QString, messageContains);
        Result<SandboxCredentials> loaded = SandboxCredentials::fromJsonFile(kDataDir + file);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().code, code);
        QVERIFY2(loaded.error().message.contains(messageContains), qPrintable(loaded.error().message));
    }

    void routes_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<int>("match");
        QTest::addColumn<QString>("id");
        const int endpoint = int(SandboxRoutes::Match::Endpoint);
        const int wrong = int(SandboxRoutes::Match::WrongMethod);
        const int unknown = int(SandboxRoutes::Match::UnknownPath);
        QTest::newRow("app v2") << "/token-service/new/v2/token" << QByteArray("POST") << endpoint << "bankezy.get-app-token";
        QTest::newRow("app seed") << "/token-service/new/token" << QByteArray("POST") << endpoint << "bankezy.get-app-token";
        QTest::newRow("user seed") << "/token-service/client/server/new/token" << QByteArray("POST") << endpoint
                                   << "bankezy.get-user-token";
        QTest::newRow("renew v2 slash") << "/token-service/client/app/renew/v2/token/" << QByteArray("POST") << endpoint
                                        << "bankezy.renew-token";
        QTest::newRow("enos get") << "/apim-token-service/v2.0/token/get" << QByteArray("POST") << endpoint << "enos.get-token";
        QTest::newRow("enos refresh") << "/apim-token-service/v2.0/token/refresh" << QByteArray("POST") << endpoint
                                      << "enos.refresh-token";
        QTest::newRow("secmgmt create") << "/api/v2/auth/token" << QByteArray("POST") << endpoint << "secmgmt.create-token";
        QTest::newRow("secmgmt refresh") << "/api/v2/auth/token" << QByteArray("PUT") << endpoint << "secmgmt.refresh-token";
        // The altPaths of the specs: the seeds' spellings without the version segment.
        QTest::newRow("enos get seed") << "/apim-token-service/token/get" << QByteArray("POST") << endpoint << "enos.get-token";
        QTest::newRow("enos refresh seed") << "/apim-token-service/token/refresh" << QByteArray("POST") << endpoint
                                           << "enos.refresh-token";
        QTest::newRow("secmgmt create seed") << "/api/auth/token" << QByteArray("POST") << endpoint << "secmgmt.create-token";
        QTest::newRow("secmgmt refresh seed") << "/api/auth/token" << QByteArray("PUT") << endpoint << "secmgmt.refresh-token";
        QTest::newRow("secmgmt seed DELETE") << "/api/auth/token" << QByteArray("DELETE") << wrong << "";
        QTest::newRow("user GET") << "/token-service/client/server/new/v2/token" << QByteArray("GET") << wrong << "";
        QTest::newRow("unknown") << "/token-service/v3/token" << QByteArray("POST") << unknown << "";
    }

    void routes()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, method);
        QFETCH(int, match);
        QFETCH(QString, id);
        const SandboxRoutes::Result result = SandboxServer::routes().match(path, method);
        QCOMPARE(int(result.match), match);
        QCOMPARE(result.endpointId, id);
        QCOMPARE(SandboxServer::endpointIds().size(), 7);
        QCOMPARE(SandboxServer::routes().family(QStringLiteral("enos.get-token")), QStringLiteral("enos"));
    }

    // A route's family is its spec's, from the catalog the routes were built on (user specs
    // too), not the id's first segment nor the built-in catalog.
    void routes_familyFromTheirCatalog()
    {
        EndpointCatalog catalog;
        catalog.loadDirectory(QStringLiteral(":/apis"));
        EndpointSpec partner = *catalog.find(u"enos.get-token");
        partner.id = QStringLiteral("partner.token");
        partner.path = QStringLiteral("/partner/token");
        catalog.add(partner);
        const SandboxRoutes routes(catalog, {QStringLiteral("partner.token")});
        QCOMPARE(routes.family(QStringLiteral("partner.token")), QStringLiteral("enos"));
        QCOMPARE(routes.family(QStringLiteral("secmgmt.create-token")), QStringLiteral("secmgmt"));
        QCOMPARE(routes.family(QStringLiteral("acme.login")), QStringLiteral("acme")); // not in the catalog
    }

    // The routes are the specs' paths: change a spec and the sandbox follows, with no path in code.
    void routes_followTheSpecs()
    {
        EndpointCatalog catalog;
        catalog.loadDirectory(QStringLiteral(":/apis"));
        EndpointSpec moved = *catalog.find(u"enos.get-token");
        moved.path = QStringLiteral("/partner/v9/token");
        moved.altPaths = {QStringLiteral("/partner/token"), QStringLiteral("/legacy/token/get")};
        catalog.add(moved);
        EndpointSpec twin = moved; // a second spec on the same method and path: the first answers
        twin.id = QStringLiteral("enos.twin");
        twin.order = 99;
        catalog.add(twin);
        const SandboxRoutes routes(catalog, {QStringLiteral("enos.get-token"), QStringLiteral("enos.twin"),
                                             QStringLiteral("secmgmt.refresh-token")});
        QCOMPARE(routes.endpointIds(), (QStringList{QStringLiteral("enos.get-token"), QStringLiteral("enos.twin"),
                                                    QStringLiteral("secmgmt.refresh-token")}));
        for (const QString &path : {QStringLiteral("/partner/v9/token"), QStringLiteral("/partner/token"),
                                    QStringLiteral("/legacy/token/get/")}) {
            const SandboxRoutes::Result result = routes.match(path, "POST");
            QCOMPARE(int(result.match), int(SandboxRoutes::Match::Endpoint));
            QCOMPARE(result.endpointId, QStringLiteral("enos.get-token"));
        }
        // The old path left the spec, so it left the routes; unserved endpoints have none.
        QCOMPARE(int(routes.match(QStringLiteral("/apim-token-service/v2.0/token/get"), "POST").match),
                 int(SandboxRoutes::Match::UnknownPath));
        QCOMPARE(int(routes.match(QStringLiteral("/token-service/new/v2/token"), "POST").match),
                 int(SandboxRoutes::Match::UnknownPath));
        // Only refresh (PUT) is served on the security-management path here.
        const SandboxRoutes::Result post = routes.match(QStringLiteral("/api/auth/token"), "POST");
        QCOMPARE(int(post.match), int(SandboxRoutes::Match::WrongMethod));
        QCOMPARE(post.allowed, QByteArray("PUT"));
        QCOMPARE(routes.match(QStringLiteral("/api/v2/auth/token"), "PUT").endpointId, QStringLiteral("secmgmt.refresh-token"));
    }

    void faultParsing_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("latency") << QByteArray(R"({"endpoint":"enos.get-token","kind":"latencyMs","value":250,"count":2})") << true
                                 << ErrorCode::Internal;
        QTest::newRow("all endpoints") << QByteArray(R"({"endpoint":"*","kind":"drop"})") << true << ErrorCode::Internal;
        QTest::newRow("error code text") << QByteArray(R"({"endpoint":"bankezy.get-app-token","kind":"errorCode","value":"TOK003"})")
                                         << true << ErrorCode::Internal;
        QTest::newRow("errorCode without value") << QByteArray(R"({"endpoint":"enos.get-token","kind":"errorCode"})") << false
                                                 << ErrorCode::FieldInvalid;
        QTest::newRow("unknown endpoint") << QByteArray(R"({"endpoint":"enos.other","kind":"drop"})") << false << ErrorCode::NotFound;
        QTest::newRow("unknown kind") << QByteArray(R"({"endpoint":"enos.get-token","kind":"slow"})") << false << ErrorCode::NotFound;
        QTest::newRow("negative latency") << QByteArray(R"({"endpoint":"enos.get-token","kind":"latencyMs","value":-5})") << false
                                          << ErrorCode::FieldInvalid;
        QTest::newRow("count -2") << QByteArray(R"({"endpoint":"enos.get-token","kind":"drop","count":-2})") << false
                                  << ErrorCode::FieldInvalid;
    }

    void faultParsing()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, ok);
        QFETCH(ErrorCode, code);
        Result<SandboxFault> fault = SandboxFault::fromJson(sandboxtest::json(json));
        QCOMPARE(fault.ok(), ok);
        if (!ok)
            QCOMPARE(fault.error().code, code);
    }

    void faultPlanCounts()
    {
        FaultPlan plan;
        SandboxFault once;
        once.endpoint = QStringLiteral("enos.get-token");
        once.kind = SandboxFault::Kind::Malformed;
        once.count = 1;
        SandboxFault untilCleared;
        untilCleared.endpoint = QStringLiteral("*");
        untilCleared.kind = SandboxFault::Kind::LatencyMs;
        untilCleared.value = QStringLiteral("10");
        untilCleared.count = -1;
        SandboxFault twice = once;
        twice.kind = SandboxFault::Kind::Truncated;
        twice.count = 2;
        plan.add(once);
        plan.add(untilCleared);
        plan.add(twice);

        QCOMPARE(plan.take(QStringLiteral("secmgmt.create-token")).size(), 1); // only the "*" one
        QList<SandboxFault> first = plan.take(QStringLiteral("enos.get-token"));
        QCOMPARE(first.size(), 3);
        QList<SandboxFault> second = plan.take(QStringLiteral("enos.get-token"));
        QCOMPARE(second.size(), 2); // malformed used up
        QCOMPARE(second.at(1).kind, SandboxFault::Kind::Truncated);
        QCOMPARE(plan.take(QStringLiteral("enos.get-token")).size(), 1); // latency only, until cleared
        QCOMPARE(plan.toJson().size(), 1);
        plan.clear();
        QVERIFY(plan.isEmpty());
        QVERIFY(plan.take(QStringLiteral("enos.get-token")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_SandboxConfig)
#include "tst_SandboxConfig.moc"
