// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/BankEzyAdapter.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/EnosAdapter.h"
#include "core/api/FamilyAdapter.h"
#include "core/api/FamilyRegistry.h"
#include "core/api/SecmgmtAdapter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

QStringList idsOf(const QList<const EndpointSpec *> &specs)
{
    QStringList ids;
    for (const EndpointSpec *spec : specs)
        ids.append(spec->id);
    return ids;
}

EndpointSpec spec(const QString &id, EndpointSpec::Role role, int order)
{
    EndpointSpec made;
    made.id = id;
    made.family = id.section(QLatin1Char('.'), 0, 0);
    made.title = id;
    made.role = role;
    made.order = order;
    return made;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

const QByteArray kGoodAcme = R"j({"id": "acme", "displayName": "Acme Identity", "order": 10,
                                 "flow": ["acme.login", "refresh"]})j";

} // namespace

class tst_FamilyRegistry : public QObject
{
    Q_OBJECT

private slots:
    void builtIn_loadsThreeInOrder();
    void builtIn_everyFileOnDiskIsLoaded();
    void builtIn_displayNames_data();
    void builtIn_displayNames();
    void builtIn_renewStepAndFlow_data();
    void builtIn_renewStepAndFlow();
    void builtIn_adapters();
    void builtIn_flags();

    void flowOrder_idsAndRolesBeforeSpecOrder();
    void renewStep_firstRenewingStepInFlowOrder();
    void plainFamily_withoutFile();
    void loadDirectory_replacesById();
    void badFile_data();
    void badFile();
    void renewRefusal_perAdapter();
};

void tst_FamilyRegistry::builtIn_loadsThreeInOrder()
{
    const FamilyRegistry &registry = FamilyRegistry::builtIn();
    QVERIFY2(registry.problems().isEmpty(), qPrintable(registry.problems().join(QLatin1Char('\n'))));
    QCOMPARE(registry.ids(), (QStringList{QStringLiteral("bankezy"), QStringLiteral("enos"), QStringLiteral("secmgmt")}));
    // The catalog lists its families in the registry's order.
    QCOMPARE(EndpointCatalog::builtIn().families(), registry.ids());
    QVERIFY(registry.find(u"enos"));
    QCOMPARE(registry.find(u"acme"), nullptr);
    QCOMPARE(registry.find(u""), nullptr);
}

void tst_FamilyRegistry::builtIn_everyFileOnDiskIsLoaded()
{
    const QDir source(QStringLiteral(TOKENDESK_SOURCE_DIR "/resources/families"));
    const QStringList files = source.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 3);
    QCOMPARE(QDir(QStringLiteral(":/families")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name), files);
    QCOMPARE(FamilyRegistry::builtIn().families().size(), files.size());
    for (const QString &name : files) {
        const Result<FamilySpec> onDisk = FamilyRegistry::loadFile(source.filePath(name));
        QVERIFY2(onDisk, qPrintable(name));
        QVERIFY2(FamilyRegistry::builtIn().find(onDisk.value().id), qPrintable(name));
        // A family file is named after its id, so a second file for the same id stands out.
        QCOMPARE(name, onDisk.value().id + QStringLiteral(".json"));
    }
}

void tst_FamilyRegistry::builtIn_displayNames_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("shortName");
    QTest::newRow("bankezy") << QStringLiteral("bankezy") << QStringLiteral("BankEzy") << QStringLiteral("BankEzy");
    QTest::newRow("enos") << QStringLiteral("enos") << QStringLiteral("EnOS APIM") << QStringLiteral("EnOS APIM");
    QTest::newRow("secmgmt") << QStringLiteral("secmgmt") << QStringLiteral("Security management") << QStringLiteral("Security mgmt");
}

void tst_FamilyRegistry::builtIn_displayNames()
{
    QFETCH(QString, family);
    QFETCH(QString, displayName);
    QFETCH(QString, shortName);
    QCOMPARE(FamilyRegistry::builtIn().displayName(family), displayName);
    QCOMPARE(FamilyRegistry::builtIn().find(family)->shortName, shortName);
    QCOMPARE(EndpointCatalog::familyTitle(family), displayName);
}

void tst_FamilyRegistry::builtIn_renewStepAndFlow_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("renewStep");
    QTest::addColumn<QStringList>("flow");
    QTest::newRow("bankezy") << QStringLiteral("bankezy") << QStringLiteral("bankezy.renew-token")
                             << QStringList{QStringLiteral("bankezy.get-app-token"), QStringLiteral("bankezy.get-user-token"),
                                            QStringLiteral("bankezy.renew-token")};
    QTest::newRow("enos") << QStringLiteral("enos") << QStringLiteral("enos.refresh-token")
                          << QStringList{QStringLiteral("enos.get-token"), QStringLiteral("enos.refresh-token")};
    QTest::newRow("secmgmt") << QStringLiteral("secmgmt") << QStringLiteral("secmgmt.refresh-token")
                             << QStringList{QStringLiteral("secmgmt.create-token"), QStringLiteral("secmgmt.refresh-token")};
}

void tst_FamilyRegistry::builtIn_renewStepAndFlow()
{
    QFETCH(QString, family);
    QFETCH(QString, renewStep);
    QFETCH(QStringList, flow);
    const FamilyRegistry &registry = FamilyRegistry::builtIn();
    const EndpointCatalog &catalog = EndpointCatalog::builtIn();
    QVERIFY(registry.renewStep(family, catalog));
    QCOMPARE(registry.renewStep(family, catalog)->id, renewStep);
    QCOMPARE(catalog.renewStep(family)->id, renewStep);
    QCOMPARE(idsOf(registry.flow(family, catalog)), flow);
    QCOMPARE(idsOf(registry.endpoints(family, catalog)), flow);
    QCOMPARE(idsOf(catalog.flow(family)), flow);
}

void tst_FamilyRegistry::builtIn_adapters()
{
    const FamilyRegistry &registry = FamilyRegistry::builtIn();
    QCOMPARE(registry.adapter(u"bankezy"), QStringLiteral("bankezy"));
    QCOMPARE(registry.adapter(u"enos"), QStringLiteral("enos"));
    QCOMPARE(registry.adapter(u"secmgmt"), QStringLiteral("secmgmt"));
    QCOMPARE(registry.adapter(u"acme"), QString());
    QVERIFY(dynamic_cast<const BankEzyAdapter *>(&FamilyAdapter::forFamily(u"bankezy")));
    QVERIFY(dynamic_cast<const EnosAdapter *>(&FamilyAdapter::forFamily(u"enos")));
    QVERIFY(dynamic_cast<const SecmgmtAdapter *>(&FamilyAdapter::forFamily(u"secmgmt")));
    const FamilyAdapter &plain = FamilyAdapter::forFamily(u"acme");
    QVERIFY(!dynamic_cast<const BankEzyAdapter *>(&plain));
    QVERIFY(!dynamic_cast<const EnosAdapter *>(&plain));
    QVERIFY(!dynamic_cast<const SecmgmtAdapter *>(&plain));
    QCOMPARE(FamilyAdapter::named(u"nope"), nullptr);
}

void tst_FamilyRegistry::builtIn_flags()
{
    const FamilyRegistry &registry = FamilyRegistry::builtIn();
    QVERIFY(registry.singleUseRefresh(u"secmgmt"));
    QVERIFY(!registry.singleUseRefresh(u"enos"));
    QVERIFY(!registry.singleUseRefresh(u"bankezy"));
    QVERIFY(registry.sandboxTerminates(u"bankezy"));
    QVERIFY(!registry.sandboxTerminates(u"enos"));
    QVERIFY(!registry.sandboxTerminates(u"secmgmt"));
    QVERIFY(!registry.sandboxTerminates(u"acme"));
}

void tst_FamilyRegistry::flowOrder_idsAndRolesBeforeSpecOrder()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("acme.json")), kGoodAcme));
    FamilyRegistry registry;
    registry.loadDirectory(dir.path());
    QVERIFY2(registry.problems().isEmpty(), qPrintable(registry.problems().join(QLatin1Char('\n'))));
    EndpointCatalog catalog(registry);
    // The spec order says revoke, refresh, audit, login; the flow says login, then refresh.
    catalog.add(spec(QStringLiteral("acme.revoke"), EndpointSpec::Role::Revoke, 1));
    catalog.add(spec(QStringLiteral("acme.refresh"), EndpointSpec::Role::Refresh, 2));
    catalog.add(spec(QStringLiteral("acme.audit"), EndpointSpec::Role::Call, 3));
    catalog.add(spec(QStringLiteral("acme.login"), EndpointSpec::Role::Issue, 4));
    QCOMPARE(idsOf(catalog.flow(u"acme")), (QStringList{QStringLiteral("acme.login"), QStringLiteral("acme.refresh")}));
    QCOMPARE(idsOf(catalog.family(u"acme")), (QStringList{QStringLiteral("acme.login"), QStringLiteral("acme.refresh"),
                                                          QStringLiteral("acme.revoke"), QStringLiteral("acme.audit")}));
    QCOMPARE(catalog.renewStep(u"acme")->id, QStringLiteral("acme.refresh"));
    QCOMPARE(catalog.endpoints().constFirst().id, QStringLiteral("acme.login"));
}

void tst_FamilyRegistry::renewStep_firstRenewingStepInFlowOrder()
{
    FamilyRegistry registry;
    FamilySpec acme;
    acme.id = QStringLiteral("acme");
    acme.displayName = QStringLiteral("Acme");
    acme.flow = {QStringLiteral("issue"), QStringLiteral("acme.renew-b"), QStringLiteral("acme.renew-a")};
    registry.add(acme);
    EndpointCatalog catalog(registry);
    catalog.add(spec(QStringLiteral("acme.renew-a"), EndpointSpec::Role::Renew, 1));
    catalog.add(spec(QStringLiteral("acme.renew-b"), EndpointSpec::Role::Refresh, 2));
    catalog.add(spec(QStringLiteral("acme.get"), EndpointSpec::Role::Issue, 3));
    QCOMPARE(catalog.renewStep(u"acme")->id, QStringLiteral("acme.renew-b"));
    QCOMPARE(idsOf(catalog.flow(u"acme")),
             (QStringList{QStringLiteral("acme.get"), QStringLiteral("acme.renew-b"), QStringLiteral("acme.renew-a")}));
    // No renewing step at all: none, rather than the last spec.
    EndpointCatalog issueOnly(registry);
    issueOnly.add(spec(QStringLiteral("acme.get"), EndpointSpec::Role::Issue, 1));
    issueOnly.add(spec(QStringLiteral("acme.revoke"), EndpointSpec::Role::Revoke, 2));
    QCOMPARE(issueOnly.renewStep(u"acme"), nullptr);
}

void tst_FamilyRegistry::plainFamily_withoutFile()
{
    EndpointCatalog catalog; // the built-in families
    catalog.add(spec(QStringLiteral("aaa.second"), EndpointSpec::Role::Refresh, 2));
    catalog.add(spec(QStringLiteral("aaa.first"), EndpointSpec::Role::Issue, 1));
    catalog.add(spec(QStringLiteral("enos.extra"), EndpointSpec::Role::Call, 9));
    // Described families first (even "aaa" sorts after them), then the plain one.
    QCOMPARE(catalog.families(), (QStringList{QStringLiteral("enos"), QStringLiteral("aaa")}));
    QCOMPARE(idsOf(catalog.flow(u"aaa")), (QStringList{QStringLiteral("aaa.first"), QStringLiteral("aaa.second")}));
    QCOMPARE(catalog.renewStep(u"aaa")->id, QStringLiteral("aaa.second"));
    QCOMPARE(FamilyRegistry::builtIn().displayName(u"aaa"), QStringLiteral("aaa"));
    // A spec that the family's flow does not name is listed, after the flow, but not run by it.
    EndpointCatalog withEnos;
    withEnos.loadDirectory(QStringLiteral(":/apis"));
    withEnos.add(spec(QStringLiteral("enos.extra"), EndpointSpec::Role::Call, 0));
    QCOMPARE(idsOf(withEnos.family(u"enos")),
             (QStringList{QStringLiteral("enos.get-token"), QStringLiteral("enos.refresh-token"), QStringLiteral("enos.extra")}));
    QCOMPARE(idsOf(withEnos.flow(u"enos")), (QStringList{QStringLiteral("enos.get-token"), QStringLiteral("enos.refresh-token")}));
}

void tst_FamilyRegistry::loadDirectory_replacesById()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("mine.json")),
                      R"j({"id": "enos", "displayName": "EnOS (staging)", "order": 0, "flow": ["issue"], "adapter": "enos"})j"));
    FamilyRegistry registry;
    registry.loadDirectory(QStringLiteral(":/families"));
    registry.loadDirectory(dir.path());
    QVERIFY(registry.problems().isEmpty());
    QCOMPARE(registry.ids(), (QStringList{QStringLiteral("enos"), QStringLiteral("bankezy"), QStringLiteral("secmgmt")}));
    QCOMPARE(registry.displayName(u"enos"), QStringLiteral("EnOS (staging)"));
    QCOMPARE(registry.find(u"enos")->flow, QStringList{QStringLiteral("issue")});
}

void tst_FamilyRegistry::badFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected"); // after "<file>: "

    QTest::newRow("not JSON") << QByteArray("{\"id\": ") << QStringLiteral("$: not JSON");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("$: must be a JSON object");
    QTest::newRow("no id") << QByteArray(R"j({"displayName": "A", "flow": ["issue"]})j") << QStringLiteral("$.id: ");
    QTest::newRow("id with spaces") << QByteArray(R"j({"id": "Acme Co", "displayName": "A", "flow": ["issue"]})j")
                                    << QStringLiteral("$.id: must be lower-case");
    QTest::newRow("id not text") << QByteArray(R"j({"id": 7, "displayName": "A", "flow": ["issue"]})j") << QStringLiteral("$.id: ");
    QTest::newRow("no displayName") << QByteArray(R"j({"id": "acme", "flow": ["issue"]})j") << QStringLiteral("$.displayName: ");
    QTest::newRow("blank displayName") << QByteArray(R"j({"id": "acme", "displayName": "  ", "flow": ["issue"]})j")
                                       << QStringLiteral("$.displayName: ");
    QTest::newRow("unknown key") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "colour": "red"})j")
                                 << QStringLiteral("$.colour: unknown key");
    QTest::newRow("no flow") << QByteArray(R"j({"id": "acme", "displayName": "A"})j") << QStringLiteral("$.flow: must be a non-empty list");
    QTest::newRow("empty flow") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": []})j")
                                << QStringLiteral("$.flow: must be a non-empty list");
    QTest::newRow("flow entry not text") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue", 3]})j")
                                         << QStringLiteral("$.flow[1]: must be an endpoint id of this family");
    QTest::newRow("flow names another family") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue", "enos.get-token"]})j")
                                               << QStringLiteral("$.flow[1]: must be an endpoint id of this family");
    QTest::newRow("flow unknown role") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["login"]})j")
                                       << QStringLiteral("$.flow[0]: ");
    QTest::newRow("flow bare prefix") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["acme."]})j")
                                      << QStringLiteral("$.flow[0]: ");
    QTest::newRow("flow duplicate") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue", "refresh", "issue"]})j")
                                    << QStringLiteral("$.flow[2]: \"issue\" is already in the flow");
    QTest::newRow("unknown adapter") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "adapter": "acme"})j")
                                     << QStringLiteral("$.adapter: must be null or a built-in adapter (bankezy, enos, secmgmt)");
    QTest::newRow("adapter not text") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "adapter": true})j")
                                      << QStringLiteral("$.adapter: ");
    QTest::newRow("flag not bool") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "singleUseRefresh": "yes"})j")
                                   << QStringLiteral("$.singleUseRefresh: must be true or false");
    QTest::newRow("terminates not bool") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "sandboxTerminates": 1})j")
                                         << QStringLiteral("$.sandboxTerminates: must be true or false");
    QTest::newRow("fractional order") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "order": 1.5})j")
                                      << QStringLiteral("$.order: must be a whole number");
    QTest::newRow("order as text") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "order": "1"})j")
                                   << QStringLiteral("$.order: must be a whole number");
    QTest::newRow("shortName not text") << QByteArray(R"j({"id": "acme", "displayName": "A", "flow": ["issue"], "shortName": 5})j")
                                        << QStringLiteral("$.shortName: ");
}

void tst_FamilyRegistry::badFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("broken.json"));
    QVERIFY(writeFile(bad, content));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("good.json")), kGoodAcme));
    FamilyRegistry registry;
    registry.loadDirectory(dir.path());
    // The broken file is refused with its path and the JSON path; the good one still loads.
    QCOMPARE(registry.problems().size(), 1);
    QVERIFY2(registry.problems().constFirst().startsWith(bad + QStringLiteral(": ") + expected),
             qPrintable(registry.problems().constFirst()));
    QCOMPARE(registry.ids(), QStringList{QStringLiteral("acme")});
    const Result<FamilySpec> direct = FamilyRegistry::loadFile(bad);
    QVERIFY(!direct);
    QCOMPARE(direct.error().code, ErrorCode::SpecInvalid);
}

void tst_FamilyRegistry::renewRefusal_perAdapter()
{
    TokenResult unknown;
    unknown.httpStatus = 401;
    unknown.code = QString::fromLatin1(BankEzyAdapter::kSandboxUnknownTokenCode);
    TokenResult refused;
    refused.httpStatus = 401;
    refused.code = QStringLiteral("401");
    const FamilyAdapter &bankezy = FamilyAdapter::forFamily(u"bankezy");
    QCOMPARE(bankezy.renewRefusal(unknown), FamilyAdapter::RenewRefusal::UnknownToken);
    QCOMPARE(bankezy.renewRefusal(refused), FamilyAdapter::RenewRefusal::Terminated);
    QCOMPARE(FamilyAdapter::forFamily(u"enos").renewRefusal(refused), FamilyAdapter::RenewRefusal::Retry);
    QCOMPARE(FamilyAdapter::forFamily(u"secmgmt").renewRefusal(refused), FamilyAdapter::RenewRefusal::Retry);
    QCOMPARE(FamilyAdapter::forFamily(u"acme").renewRefusal(unknown), FamilyAdapter::RenewRefusal::Retry);
}

QTEST_GUILESS_MAIN(tst_FamilyRegistry)
#include "tst_FamilyRegistry.moc"
