// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/EndpointCatalog.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace td;

namespace {

const QString kSpecData = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/api/specs/");

bool copyInto(const QTemporaryDir &dir, const QString &name)
{
    return QFile::copy(kSpecData + name, dir.filePath(name));
}

QStringList idsOf(const QList<EndpointSpec> &specs)
{
    QStringList ids;
    for (const EndpointSpec &spec : specs)
        ids.append(spec.id);
    return ids;
}

QStringList idsOf(const QList<const EndpointSpec *> &specs)
{
    QStringList ids;
    for (const EndpointSpec *spec : specs)
        ids.append(spec->id);
    return ids;
}

QString joined(const QStringList &list)
{
    return list.join(QLatin1Char('\n'));
}

} // namespace

class tst_EndpointCatalog : public QObject
{
    Q_OBJECT

private slots:
    void builtIn_loadsSevenWithoutProblems();
    void builtIn_everyFileOnDiskIsInTheCatalog();
    void builtIn_familiesAndOrder();
    void builtIn_endpoint_data();
    void builtIn_endpoint();
    void builtIn_secretFieldNames_data();
    void builtIn_secretFieldNames();
    void builtIn_fieldByAlias();
    void builtIn_encryptionAndCarry();
    void familyTitle();
    void rolesSayWhichStepRenews();

    void loadDirectory_goodAndBroken();
    void loadDirectory_replacesBuiltIn();
    void loadDirectory_newFamilyAfterKnownOnes();
    void loadFile_errors();
    void loadFile_badComputeNamesFilePathAndColumn();
};

void tst_EndpointCatalog::builtIn_loadsSevenWithoutProblems()
{
    const EndpointCatalog &catalog = EndpointCatalog::builtIn();
    QVERIFY2(catalog.problems().isEmpty(), qPrintable(joined(catalog.problems())));
    QCOMPARE(idsOf(catalog.endpoints()),
             (QStringList{QStringLiteral("bankezy.get-app-token"), QStringLiteral("bankezy.get-user-token"),
                          QStringLiteral("bankezy.renew-token"), QStringLiteral("enos.get-token"),
                          QStringLiteral("enos.refresh-token"), QStringLiteral("secmgmt.create-token"),
                          QStringLiteral("secmgmt.refresh-token")}));
    QVERIFY(catalog.find(u"enos.get-token"));
    QCOMPARE(catalog.find(u"enos.get-token")->id, QStringLiteral("enos.get-token"));
    QCOMPARE(catalog.find(u"enos.nope"), nullptr);
    QCOMPARE(catalog.find(u""), nullptr);
}

// The spec list is found at build time: every file in resources/apis is compiled in and loads,
// with no list kept by hand (a file the build missed, or one that does not load, fails here).
void tst_EndpointCatalog::builtIn_everyFileOnDiskIsInTheCatalog()
{
    const QDir source(QStringLiteral(TOKENDESK_SOURCE_DIR "/resources/apis"));
    const QStringList files = source.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 7);
    const EndpointCatalog &catalog = EndpointCatalog::builtIn();
    QVERIFY2(catalog.problems().isEmpty(), qPrintable(joined(catalog.problems())));
    QCOMPARE(catalog.endpoints().size(), files.size());
    QCOMPARE(QDir(QStringLiteral(":/apis")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name), files);
    for (const QString &name : files) {
        const Result<EndpointSpec> onDisk = EndpointCatalog().loadFile(source.filePath(name));
        QVERIFY2(onDisk, qPrintable(name));
        QVERIFY2(catalog.find(onDisk.value().id), qPrintable(name));
    }
}

void tst_EndpointCatalog::builtIn_familiesAndOrder()
{
    const EndpointCatalog &catalog = EndpointCatalog::builtIn();
    QCOMPARE(catalog.families(), (QStringList{QStringLiteral("bankezy"), QStringLiteral("enos"), QStringLiteral("secmgmt")}));
    QCOMPARE(idsOf(catalog.family(u"bankezy")),
             (QStringList{QStringLiteral("bankezy.get-app-token"), QStringLiteral("bankezy.get-user-token"),
                          QStringLiteral("bankezy.renew-token")}));
    QCOMPARE(idsOf(catalog.family(u"enos")), (QStringList{QStringLiteral("enos.get-token"), QStringLiteral("enos.refresh-token")}));
    QCOMPARE(idsOf(catalog.family(u"secmgmt")),
             (QStringList{QStringLiteral("secmgmt.create-token"), QStringLiteral("secmgmt.refresh-token")}));
    QVERIFY(catalog.family(u"acme").isEmpty());
    for (const EndpointSpec &spec : catalog.endpoints())
        QVERIFY2(spec.id.startsWith(spec.family + QLatin1Char('.')), qPrintable(spec.id));
}

void tst_EndpointCatalog::builtIn_endpoint_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("altPaths");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QStringList>("fieldNames");

    // PROTOCOLS.md: ids, methods, default paths and the seeds' spellings without /v2.
    QTest::newRow("bankezy.get-app-token")
        << QStringLiteral("bankezy.get-app-token") << QByteArray("POST") << QStringLiteral("/token-service/new/v2/token")
        << QStringList{QStringLiteral("/token-service/new/token")} << QByteArray("text/plain")
        << QStringList{QStringLiteral("X-API-KEY"), QStringLiteral("apiKey"), QStringLiteral("secret"), QStringLiteral("publicKey")};
    QTest::newRow("bankezy.get-user-token")
        << QStringLiteral("bankezy.get-user-token") << QByteArray("POST")
        << QStringLiteral("/token-service/client/server/new/v2/token")
        << QStringList{QStringLiteral("/token-service/client/server/new/token")} << QByteArray("text/plain")
        << QStringList{QStringLiteral("X-API-KEY"), QStringLiteral("X-API-TOKEN"), QStringLiteral("referenceId"),
                       QStringLiteral("sdkPublicKey"), QStringLiteral("sdkApiKey"), QStringLiteral("accountNumber"),
                       QStringLiteral("firstName"), QStringLiteral("lastName"), QStringLiteral("email"), QStringLiteral("isdCode"),
                       QStringLiteral("mobileNumber"), QStringLiteral("dob"), QStringLiteral("data")};
    QTest::newRow("bankezy.renew-token")
        << QStringLiteral("bankezy.renew-token") << QByteArray("POST") << QStringLiteral("/token-service/client/app/renew/v2/token")
        << QStringList{QStringLiteral("/token-service/client/app/renew/token")} << QByteArray("text/plain")
        << QStringList{QStringLiteral("X-API-KEY"), QStringLiteral("X-API-TOKEN"), QStringLiteral("X-ACCOUNT-NUMBER"),
                       QStringLiteral("token")};
    QTest::newRow("enos.get-token")
        << QStringLiteral("enos.get-token") << QByteArray("POST") << QStringLiteral("/apim-token-service/v2.0/token/get")
        << QStringList{QStringLiteral("/apim-token-service/token/get")} << QByteArray("application/json")
        << QStringList{QStringLiteral("appKey"), QStringLiteral("appSecret"), QStringLiteral("timestamp"), QStringLiteral("encryption")};
    QTest::newRow("enos.refresh-token")
        << QStringLiteral("enos.refresh-token") << QByteArray("POST") << QStringLiteral("/apim-token-service/v2.0/token/refresh")
        << QStringList{QStringLiteral("/apim-token-service/token/refresh")} << QByteArray("application/json")
        << QStringList{QStringLiteral("appKey"), QStringLiteral("appSecret"), QStringLiteral("timestamp"),
                       QStringLiteral("encryption"), QStringLiteral("accessToken")};
    QTest::newRow("secmgmt.create-token")
        << QStringLiteral("secmgmt.create-token") << QByteArray("POST") << QStringLiteral("/api/v2/auth/token") << QStringList{QStringLiteral("/api/auth/token")}
        << QByteArray("application/json") << QStringList{QStringLiteral("username"), QStringLiteral("password")};
    QTest::newRow("secmgmt.refresh-token")
        << QStringLiteral("secmgmt.refresh-token") << QByteArray("PUT") << QStringLiteral("/api/v2/auth/token") << QStringList{QStringLiteral("/api/auth/token")}
        << QByteArray("application/json") << QStringList{QStringLiteral("token"), QStringLiteral("refreshToken")};
}

void tst_EndpointCatalog::builtIn_endpoint()
{
    QFETCH(QString, id);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QStringList, altPaths);
    QFETCH(QByteArray, contentType);
    QFETCH(QStringList, fieldNames);
    const EndpointSpec *spec = EndpointCatalog::builtIn().find(id);
    QVERIFY(spec);
    QCOMPARE(spec->method, method);
    QCOMPARE(spec->path, path);
    QCOMPARE(spec->altPaths, altPaths);
    QCOMPARE(spec->contentType, contentType);
    QStringList names;
    for (const FieldSpec &field : spec->fields)
        names.append(field.name);
    QCOMPARE(names, fieldNames);
    QVERIFY(!spec->title.isEmpty());
    QVERIFY(!spec->summary.isEmpty());
    QVERIFY(!spec->response.tokenPaths.isEmpty());
}

void tst_EndpointCatalog::builtIn_secretFieldNames_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("secrets");
    QTest::newRow("bankezy.get-app-token") << QStringLiteral("bankezy.get-app-token")
                                           << QStringList{QStringLiteral("apiKey"), QStringLiteral("secret")};
    QTest::newRow("bankezy.get-user-token") << QStringLiteral("bankezy.get-user-token")
                                            << QStringList{QStringLiteral("X-API-TOKEN"), QStringLiteral("sdkApiKey")};
    QTest::newRow("bankezy.renew-token") << QStringLiteral("bankezy.renew-token")
                                         << QStringList{QStringLiteral("X-API-TOKEN"), QStringLiteral("token")};
    QTest::newRow("enos.get-token") << QStringLiteral("enos.get-token") << QStringList{QStringLiteral("appSecret")};
    QTest::newRow("enos.refresh-token") << QStringLiteral("enos.refresh-token")
                                        << QStringList{QStringLiteral("appSecret"), QStringLiteral("accessToken")};
    QTest::newRow("secmgmt.create-token") << QStringLiteral("secmgmt.create-token") << QStringList{QStringLiteral("password")};
    QTest::newRow("secmgmt.refresh-token") << QStringLiteral("secmgmt.refresh-token")
                                           << QStringList{QStringLiteral("token"), QStringLiteral("refreshToken")};
}

void tst_EndpointCatalog::builtIn_secretFieldNames()
{
    QFETCH(QString, id);
    QFETCH(QStringList, secrets);
    const EndpointSpec *spec = EndpointCatalog::builtIn().find(id);
    QVERIFY(spec);
    QCOMPARE(spec->secretFieldNames(), secrets);
}

void tst_EndpointCatalog::builtIn_fieldByAlias()
{
    const EndpointSpec *spec = EndpointCatalog::builtIn().find(u"bankezy.get-user-token");
    QVERIFY(spec);
    const FieldSpec *firstName = spec->field(u"firstName");
    QVERIFY(firstName);
    QCOMPARE(spec->field(u"firstname"), firstName);
    QCOMPARE(spec->field(u"name"), firstName);
    QCOMPARE(firstName->name, QStringLiteral("firstName"));
    const FieldSpec *account = spec->field(u"accountNumber");
    QVERIFY(account);
    QCOMPARE(account->type, FieldSpec::Type::Integer);
    QCOMPARE(account->maxDigits, 19);
    QVERIFY(account->required);
    QCOMPARE(spec->field(u"dob")->format, FieldSpec::Format::DateYyyyMmDd);
    QCOMPARE(spec->field(u"data")->type, FieldSpec::Type::Object);
    QCOMPARE(spec->field(u"X-API-TOKEN")->from, QStringLiteral("appToken"));
    QCOMPARE(spec->field(u"X-API-TOKEN")->location, FieldSpec::Location::Header);
    const EndpointSpec *enos = EndpointCatalog::builtIn().find(u"enos.get-token");
    QCOMPARE(enos->field(u"appSecret")->location, FieldSpec::Location::Credential);
    QVERIFY(enos->field(u"encryption")->computed);
    QVERIFY(enos->field(u"encryption")->generator.isEmpty());
    QCOMPARE(enos->field(u"encryption")->compute, QStringLiteral("hex(sha256(appKey + timestamp + appSecret))"));
    QCOMPARE(enos->field(u"encryption")->expression.identifiers(),
             (QStringList{QStringLiteral("appKey"), QStringLiteral("timestamp"), QStringLiteral("appSecret")}));
    // The timestamp is an expression too, on the call's clock, in both EnOS specs.
    for (const char16_t *id : {u"enos.get-token", u"enos.refresh-token"}) {
        const FieldSpec *timestamp = EndpointCatalog::builtIn().find(id)->field(u"timestamp");
        QVERIFY(timestamp->generator.isEmpty());
        QCOMPARE(timestamp->compute, QStringLiteral("now_ms()"));
        QVERIFY(timestamp->computed);
    }
}

void tst_EndpointCatalog::builtIn_encryptionAndCarry()
{
    const EndpointCatalog &catalog = EndpointCatalog::builtIn();
    for (const EndpointSpec &spec : catalog.endpoints()) {
        const bool userToken = spec.id == QLatin1String("bankezy.get-user-token");
        const bool encryptedAnswer = userToken || spec.id == QLatin1String("bankezy.renew-token");
        QCOMPARE(spec.encryptedRequest, userToken);
        QCOMPARE(spec.response.encrypted, encryptedAnswer);
        QCOMPARE(spec.carryFields, userToken ? QStringList{QStringLiteral("accountNumber")} : QStringList());
    }
    const EndpointSpec *renew = catalog.find(u"bankezy.renew-token");
    QCOMPARE(renew->response.tokenPaths, (QStringList{QStringLiteral("token"), QStringLiteral("data.token")}));
    QCOMPARE(renew->response.expiries.size(), 2);
    QCOMPARE(renew->response.expiries.at(1).path, QStringLiteral("data.expiryDate"));
    QCOMPARE(catalog.find(u"secmgmt.create-token")->response.successCodes, QStringList{QString()});
}

// The renew step is the one whose role says so, not the last of its family: every built-in
// family has exactly one, and issuing steps are not it.
void tst_EndpointCatalog::rolesSayWhichStepRenews()
{
    const EndpointCatalog &catalog = EndpointCatalog::builtIn();
    QCOMPARE(catalog.renewStep(u"bankezy")->id, QStringLiteral("bankezy.renew-token"));
    QCOMPARE(catalog.renewStep(u"enos")->id, QStringLiteral("enos.refresh-token"));
    QCOMPARE(catalog.renewStep(u"secmgmt")->id, QStringLiteral("secmgmt.refresh-token"));
    QVERIFY(!catalog.renewStep(u"acme"));
    QCOMPARE(catalog.find(u"bankezy.get-user-token")->role, EndpointSpec::Role::Issue);
    QCOMPARE(catalog.find(u"enos.refresh-token")->role, EndpointSpec::Role::Refresh);
    for (const QString &name : {QStringLiteral("issue"), QStringLiteral("renew"), QStringLiteral("refresh"), QStringLiteral("revoke"),
                                QStringLiteral("call")})
        QCOMPARE(EndpointSpec::roleName(*EndpointSpec::roleFromName(name)), name);
    QVERIFY(!EndpointSpec::roleFromName(u"renewal"));
    // A spec with an unknown role is refused with the reason.
    QJsonObject broken = QJsonDocument::fromJson(R"({"id":"x.y","family":"x","path":"/a","role":"renewal",
        "fields":[{"name":"a","in":"body"}],"response":{}})").object();
    const Result<EndpointSpec> refused = EndpointSpec::fromJson(broken);
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.contains(QLatin1String("\"role\" is one of")), qPrintable(refused.error().message));
}

void tst_EndpointCatalog::familyTitle()
{
    QCOMPARE(EndpointCatalog::familyTitle(u"bankezy"), QStringLiteral("BankEzy"));
    QCOMPARE(EndpointCatalog::familyTitle(u"enos"), QStringLiteral("EnOS APIM"));
    QCOMPARE(EndpointCatalog::familyTitle(u"secmgmt"), QStringLiteral("Security management"));
    QCOMPARE(EndpointCatalog::familyTitle(u"acme"), QStringLiteral("acme"));
}

void tst_EndpointCatalog::loadDirectory_goodAndBroken()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(copyInto(dir, QStringLiteral("acme.login.json")));
    QVERIFY(copyInto(dir, QStringLiteral("broken.missing-path.json")));
    EndpointCatalog catalog;
    catalog.loadDirectory(dir.path());
    QCOMPARE(idsOf(catalog.endpoints()), QStringList{QStringLiteral("acme.login")});
    QCOMPARE(catalog.find(u"acme.login")->method, QByteArray("POST"));
    QCOMPARE(catalog.problems().size(), 1);
    QVERIFY2(catalog.problems().at(0).contains(QLatin1String("broken.missing-path.json")), qPrintable(catalog.problems().at(0)));
    QVERIFY2(catalog.problems().at(0).contains(QLatin1String("\"path\" must start with /")), qPrintable(catalog.problems().at(0)));
}

void tst_EndpointCatalog::loadDirectory_replacesBuiltIn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const char *name : {"bankezy.get-app-token.json", "broken.not-an-object.json", "broken.truncated.json", "README.txt"})
        QVERIFY(copyInto(dir, QLatin1String(name)));
    EndpointCatalog catalog = EndpointCatalog::builtIn();
    catalog.loadDirectory(dir.path());
    QCOMPARE(catalog.endpoints().size(), 7);
    const EndpointSpec *replaced = catalog.find(u"bankezy.get-app-token");
    QVERIFY(replaced);
    QCOMPARE(replaced->title, QStringLiteral("Get App Token (site copy)"));
    QCOMPARE(replaced->path, QStringLiteral("/site/token"));
    QCOMPARE(catalog.family(u"bankezy").first()->id, QStringLiteral("bankezy.get-app-token"));
    // The broken files are named, README.txt is not a spec file at all.
    QCOMPARE(catalog.problems().size(), 2);
    QVERIFY2(catalog.problems().at(0).contains(QLatin1String("broken.not-an-object.json")), qPrintable(joined(catalog.problems())));
    QVERIFY2(catalog.problems().at(1).contains(QLatin1String("broken.truncated.json")), qPrintable(joined(catalog.problems())));
    QVERIFY(!joined(catalog.problems()).contains(QLatin1String("README")));
    // The built-in catalog itself is untouched.
    QCOMPARE(EndpointCatalog::builtIn().find(u"bankezy.get-app-token")->title, QStringLiteral("Get App Token"));
}

void tst_EndpointCatalog::loadDirectory_newFamilyAfterKnownOnes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(copyInto(dir, QStringLiteral("acme.login.json")));
    EndpointCatalog catalog = EndpointCatalog::builtIn();
    catalog.loadDirectory(dir.path());
    QCOMPARE(catalog.endpoints().size(), 8);
    QCOMPARE(catalog.endpoints().last().id, QStringLiteral("acme.login"));
    QCOMPARE(catalog.families(),
             (QStringList{QStringLiteral("bankezy"), QStringLiteral("enos"), QStringLiteral("secmgmt"), QStringLiteral("acme")}));
    QVERIFY(catalog.problems().isEmpty());
}

void tst_EndpointCatalog::loadFile_errors()
{
    EndpointCatalog catalog;
    Result<EndpointSpec> missing = catalog.loadFile(kSpecData + QStringLiteral("does-not-exist.json"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::Io);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile big(dir.filePath(QStringLiteral("big.json")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.write(QByteArray(1024 * 1024 + 1, ' ')) > 0);
    big.close();
    Result<EndpointSpec> tooLarge = catalog.loadFile(big.fileName());
    QVERIFY(!tooLarge.ok());
    QCOMPARE(tooLarge.error().code, ErrorCode::InputTooLarge);

    Result<EndpointSpec> truncated = catalog.loadFile(kSpecData + QStringLiteral("broken.truncated.json"));
    QVERIFY(!truncated.ok());
    QCOMPARE(truncated.error().code, ErrorCode::SpecInvalid);

    Result<EndpointSpec> broken = catalog.loadFile(kSpecData + QStringLiteral("broken.missing-path.json"));
    QVERIFY(!broken.ok());
    QCOMPARE(broken.error().code, ErrorCode::SpecInvalid);
    QVERIFY(broken.error().message.startsWith(QLatin1String("broken.missing-path.json: Endpoint spec acme.broken: ")));
    QVERIFY(catalog.endpoints().isEmpty()); // loadFile does not add
}

// A spec whose expression does not parse is refused with the file, the JSON path and the column.
void tst_EndpointCatalog::loadFile_badComputeNamesFilePathAndColumn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("acme.sign.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"json({"id": "acme.sign", "family": "acme", "title": "Sign", "path": "/sign",
        "fields": [{"name": "key"}, {"name": "secret", "in": "credential", "secret": true}, {"name": "stamp", "compute": "now_s()"},
                   {"name": "sig", "compute": "hex(sha1(key + stamp + secret))"}],
        "response": {"code": "code", "success": "0"}})json");
    file.close();
    EndpointCatalog catalog;
    Result<EndpointSpec> spec = catalog.loadFile(file.fileName());
    QVERIFY(!spec.ok());
    QCOMPARE(spec.error().code, ErrorCode::SpecInvalid);
    QCOMPARE(spec.error().message,
             QStringLiteral("acme.sign.json: Endpoint spec acme.sign: fields[3].compute: unknown function 'sha1' at column 4."));
}

QTEST_GUILESS_MAIN(tst_EndpointCatalog)
#include "tst_EndpointCatalog.moc"
