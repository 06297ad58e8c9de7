// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/api/SpecLibrary.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::ResponseSpec::ExpiryUnit)

namespace {

QJsonObject fieldJson(const char *name)
{
    return QJsonObject{{QStringLiteral("name"), QLatin1String(name)}};
}

// A minimal spec that loads; each error row breaks one thing in it.
QJsonObject validSpec()
{
    QJsonObject response{{QStringLiteral("code"), QStringLiteral("status")},
                         {QStringLiteral("message"), QStringLiteral("msg")},
                         {QStringLiteral("success"), QJsonArray{QStringLiteral("0")}},
                         {QStringLiteral("token"), QStringLiteral("data.accessToken")},
                         {QStringLiteral("expiry"), QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("data.expire")},
                                                                           {QStringLiteral("unit"), QStringLiteral("seconds-from-now")}}}},
                         {QStringLiteral("outputs"), QJsonObject{{QStringLiteral("accessToken"), QStringLiteral("data.accessToken")}}}};
    QJsonObject secret = fieldJson("appSecret");
    secret.insert(QStringLiteral("in"), QStringLiteral("credential"));
    secret.insert(QStringLiteral("secret"), true);
    QJsonObject first = fieldJson("firstName");
    first.insert(QStringLiteral("aliases"), QJsonArray{QStringLiteral("firstname"), QStringLiteral("name")});
    first.insert(QStringLiteral("label"), QStringLiteral("First name"));
    return QJsonObject{{QStringLiteral("id"), QStringLiteral("test.endpoint")},
                       {QStringLiteral("family"), QStringLiteral("test")},
                       {QStringLiteral("title"), QStringLiteral("Test")},
                       {QStringLiteral("path"), QStringLiteral("/t")},
                       {QStringLiteral("fields"), QJsonArray{fieldJson("appKey"), secret, first}},
                       {QStringLiteral("response"), response}};
}

QJsonObject withField(QJsonObject spec, const QJsonObject &field)
{
    QJsonArray fields = spec.value(QLatin1String("fields")).toArray();
    fields.append(field);
    spec.insert(QStringLiteral("fields"), fields);
    return spec;
}

QJsonObject fieldWith(const char *name, const char *member, const QJsonValue &value)
{
    QJsonObject field = fieldJson(name);
    field.insert(QLatin1String(member), value);
    return field;
}

QJsonObject withResponse(QJsonObject spec, const char *member, const QJsonValue &value)
{
    QJsonObject response = spec.value(QLatin1String("response")).toObject();
    if (value.isUndefined())
        response.remove(QLatin1String(member));
    else
        response.insert(QLatin1String(member), value);
    spec.insert(QStringLiteral("response"), response);
    return spec;
}

QJsonObject with(QJsonObject spec, const char *member, const QJsonValue &value)
{
    if (value.isUndefined())
        spec.remove(QLatin1String(member));
    else
        spec.insert(QLatin1String(member), value);
    return spec;
}

} // namespace

class tst_EndpointSpec : public QObject
{
    Q_OBJECT

private slots:
    void fromJson_valid();
    void fromJson_defaults();
    void fromJson_errors_data();
    void fromJson_errors();
    void expiryUnits_data();
    void expiryUnits();
    void expiryUnit_unknownNamesFileAndPath();
    void field_byNameOrAlias();
    void compute_orderAndSecret();
    void secretFieldNames_inSpecOrder();
    void locationName();
};

void tst_EndpointSpec::fromJson_valid()
{
    Result<EndpointSpec> spec = EndpointSpec::fromJson(validSpec());
    QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().toString()));
    QCOMPARE(spec->id, QStringLiteral("test.endpoint"));
    QCOMPARE(spec->family, QStringLiteral("test"));
    QCOMPARE(spec->fields.size(), 3);
    QCOMPARE(spec->fields.at(1).location, FieldSpec::Location::Credential);
    QVERIFY(spec->fields.at(1).secret);
    QCOMPARE(spec->response.codePaths, QStringList{QStringLiteral("status")});
    QCOMPARE(spec->response.successCodes, QStringList{QStringLiteral("0")});
    QCOMPARE(spec->response.expiries.size(), 1);
    QCOMPARE(spec->response.expiries.at(0).unit, ResponseSpec::ExpiryUnit::SecondsFromNow);
    QCOMPARE(spec->response.outputs.value(QStringLiteral("accessToken")), QStringList{QStringLiteral("data.accessToken")});
}

void tst_EndpointSpec::fromJson_defaults()
{
    Result<EndpointSpec> spec = EndpointSpec::fromJson(with(validSpec(), "method", QStringLiteral("put")));
    QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().toString()));
    QCOMPARE(spec->method, QByteArray("PUT"));
    QCOMPARE(spec->contentType, QByteArray("application/json"));
    QVERIFY(!spec->encryptedRequest);
    QVERIFY(!spec->response.encrypted);
    const FieldSpec &appKey = spec->fields.at(0);
    QCOMPARE(appKey.label, QStringLiteral("appKey")); // the name when no label
    QCOMPARE(appKey.location, FieldSpec::Location::Body);
    QCOMPARE(appKey.type, FieldSpec::Type::String);
    QCOMPARE(appKey.format, FieldSpec::Format::None);
    QVERIFY(!appKey.required);
    QVERIFY(!appKey.secret);
    QVERIFY(!appKey.computed);

    Result<EndpointSpec> noMethod = EndpointSpec::fromJson(validSpec());
    QVERIFY(noMethod.ok());
    QCOMPARE(noMethod->method, QByteArray("POST"));
}

void tst_EndpointSpec::fromJson_errors_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::addColumn<QString>("fragment");

    const QJsonObject base = validSpec();
    QTest::newRow("no id") << with(base, "id", QJsonValue::Undefined) << QStringLiteral("(no id): \"id\" is missing");
    QTest::newRow("no family") << with(base, "family", QJsonValue::Undefined) << QStringLiteral("\"family\" must be the id's prefix");
    QTest::newRow("family not the prefix") << with(base, "family", QStringLiteral("enos"))
                                           << QStringLiteral("\"family\" must be the id's prefix");
    QTest::newRow("family a partial prefix") << with(base, "family", QStringLiteral("tes"))
                                             << QStringLiteral("\"family\" must be the id's prefix");
    QTest::newRow("path without slash") << with(base, "path", QStringLiteral("t")) << QStringLiteral("\"path\" must start with /");
    QTest::newRow("no path") << with(base, "path", QJsonValue::Undefined) << QStringLiteral("\"path\" must start with /");
    QTest::newRow("no fields") << with(base, "fields", QJsonValue::Undefined) << QStringLiteral("\"fields\" is missing or empty");
    QTest::newRow("empty fields") << with(base, "fields", QJsonArray()) << QStringLiteral("\"fields\" is missing or empty");
    QTest::newRow("field without name") << withField(base, fieldWith("x", "name", QString()))
                                        << QStringLiteral("field 4 has no \"name\"");
    QTest::newRow("duplicate field") << withField(base, fieldJson("appKey")) << QStringLiteral("field \"appKey\" appears twice");
    QTest::newRow("field named like an alias") << withField(base, fieldJson("firstname"))
                                               << QStringLiteral("field \"firstname\" appears twice");
    QTest::newRow("unknown in") << withField(base, fieldWith("q", "in", QStringLiteral("query")))
                                << QStringLiteral("field \"q\": \"in\" must be header, body or credential");
    QTest::newRow("unknown type") << withField(base, fieldWith("n", "type", QStringLiteral("number")))
                                  << QStringLiteral("field \"n\": \"type\" must be string, integer or object");
    QTest::newRow("unknown format") << withField(base, fieldWith("d", "format", QStringLiteral("date")))
                                    << QStringLiteral("field \"d\": unknown \"format\"");
    QTest::newRow("unknown generator") << withField(base, fieldWith("g", "generator", QStringLiteral("random")))
                                       << QStringLiteral("field \"g\": unknown generator \"random\"");
    QTest::newRow("computed without generator") << withField(base, fieldWith("c", "computed", true))
                                                << QStringLiteral("field \"c\" is \"computed\" but has no generator");
    // `compute`: the JSON path (0-based, fields[3] is the fourth field) and the column.
    QTest::newRow("compute unknown function") << withField(base, fieldWith("sig", "compute", QStringLiteral("hex(sha1(appKey))")))
                                              << QStringLiteral("fields[3].compute: unknown function 'sha1' at column 4.");
    QTest::newRow("compute missing paren") << withField(base, fieldWith("sig", "compute", QStringLiteral("hex(sha256(appKey)")))
                                           << QStringLiteral("fields[3].compute: expected ')' at column 18.");
    QTest::newRow("compute bytes value") << withField(base, fieldWith("sig", "compute", QStringLiteral("sha256(appKey)")))
                                         << QStringLiteral("fields[3].compute: sha256() gives bytes, which a field's value cannot take");
    QTest::newRow("compute not a string") << withField(base, fieldWith("sig", "compute", 42))
                                          << QStringLiteral("fields[3].compute must be a string.");
    QTest::newRow("compute empty") << withField(base, fieldWith("sig", "compute", QString()))
                                   << QStringLiteral("fields[3].compute: the expression is empty.");
    QJsonObject both = fieldWith("sig", "compute", QStringLiteral("uuid()"));
    both.insert(QStringLiteral("generator"), QStringLiteral("uuid"));
    QTest::newRow("compute and generator") << withField(base, both)
                                           << QStringLiteral("fields[3].compute: a computed field has no \"generator\" or \"from\".");
    QTest::newRow("compute and from") << withField(base, [] { QJsonObject f = fieldWith("sig", "compute", QStringLiteral("a"));
                                                              f.insert(QStringLiteral("from"), QStringLiteral("a")); return f; }())
                                      << QStringLiteral("fields[3].compute: a computed field has no \"generator\" or \"from\".");
    QTest::newRow("compute reads itself") << withField(base, fieldWith("sig", "compute", QStringLiteral("'x' + sig")))
                                          << QStringLiteral("fields[3].compute: the computed fields sig \u2192 sig read each other in a cycle.");
    QTest::newRow("compute cycle")
        << withField(withField(withField(base, fieldWith("a", "compute", QStringLiteral("appKey + b"))),
                               fieldWith("b", "compute", QStringLiteral("hex(sha256(c))"))),
                     fieldWith("c", "compute", QStringLiteral("upper(a)")))
        << QStringLiteral("fields[3].compute: the computed fields a \u2192 b \u2192 c \u2192 a read each other in a cycle.");
    QTest::newRow("password not secret") << withField(base, fieldJson("password"))
                                         << QStringLiteral("field \"password\" carries a secret and must say \"secret\": true");
    QTest::newRow("Password not secret") << withField(base, fieldWith("Password", "secret", false))
                                         << QStringLiteral("field \"Password\" carries a secret");
    QTest::newRow("X-API-TOKEN not secret") << withField(base, fieldWith("X-API-TOKEN", "in", QStringLiteral("header")))
                                            << QStringLiteral("field \"X-API-TOKEN\" carries a secret");
    QTest::newRow("no response") << with(base, "response", QJsonValue::Undefined)
                                 << QStringLiteral("\"response\" needs \"code\" and \"success\"");
    QTest::newRow("response without code") << withResponse(base, "code", QJsonValue::Undefined)
                                           << QStringLiteral("\"response\" needs \"code\" and \"success\"");
    QTest::newRow("response without success") << withResponse(base, "success", QJsonValue::Undefined)
                                              << QStringLiteral("\"response\" needs \"code\" and \"success\"");
    QTest::newRow("bad expiry unit")
        << withResponse(base, "expiry", QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("data.expire")},
                                                               {QStringLiteral("unit"), QStringLiteral("seconds")}}})
        << QStringLiteral("response.expiry[0]: each \"expiry\" needs a \"path\" and a \"unit\" (seconds-from-now, "
                          "ms-from-now, epoch-s, epoch-ms, iso-8601 or jwt-exp); \"seconds\" is not a unit.");
    QTest::newRow("expiry without path")
        << withResponse(base, "expiry", QJsonArray{QJsonObject{{QStringLiteral("unit"), QStringLiteral("epoch-ms")}}})
        << QStringLiteral("response.expiry[0]: each \"expiry\" needs a \"path\"");
    // The second entry is the bad one; the unit names are exact (a contract), so a near miss fails.
    for (const char *unit : {"epoch-seconds", "iso8601", "jwt", "Epoch-S", ""}) {
        const QJsonArray expiries{QJsonObject{{QStringLiteral("path"), QStringLiteral("a")}, {QStringLiteral("unit"), QStringLiteral("epoch-s")}},
                                  QJsonObject{{QStringLiteral("path"), QStringLiteral("b")}, {QStringLiteral("unit"), QLatin1String(unit)}}};
        QTest::addRow("unknown unit \"%s\"", unit)
            << withResponse(base, "expiry", expiries)
            << (QStringLiteral("response.expiry[1]: each \"expiry\" needs a \"path\" and a \"unit\"")
                + (*unit ? QStringLiteral(" (seconds-from-now, ms-from-now, epoch-s, epoch-ms, iso-8601 or jwt-exp); \"%1\" is not a unit.").arg(QLatin1String(unit))
                         : QStringLiteral(" (seconds-from-now, ms-from-now, epoch-s, epoch-ms, iso-8601 or jwt-exp).")));
    }
}

void tst_EndpointSpec::fromJson_errors()
{
    QFETCH(QJsonObject, object);
    QFETCH(QString, fragment);
    Result<EndpointSpec> spec = EndpointSpec::fromJson(object);
    QVERIFY(!spec.ok());
    QCOMPARE(spec.error().code, ErrorCode::SpecInvalid);
    QVERIFY2(spec.error().message.contains(fragment), qPrintable(spec.error().message));
    // The message names the spec (or says it has no id).
    const QString id = object.value(QLatin1String("id")).toString();
    QVERIFY2(spec.error().message.startsWith(QStringLiteral("Endpoint spec %1: ").arg(id.isEmpty() ? QStringLiteral("(no id)") : id)),
             qPrintable(spec.error().message));
}

void tst_EndpointSpec::expiryUnits_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<ResponseSpec::ExpiryUnit>("unit");
    QTest::newRow("seconds-from-now") << QStringLiteral("seconds-from-now") << ResponseSpec::ExpiryUnit::SecondsFromNow;
    QTest::newRow("ms-from-now") << QStringLiteral("ms-from-now") << ResponseSpec::ExpiryUnit::MsFromNow;
    QTest::newRow("epoch-s") << QStringLiteral("epoch-s") << ResponseSpec::ExpiryUnit::EpochS;
    QTest::newRow("epoch-ms") << QStringLiteral("epoch-ms") << ResponseSpec::ExpiryUnit::EpochMs;
    QTest::newRow("iso-8601") << QStringLiteral("iso-8601") << ResponseSpec::ExpiryUnit::Iso8601;
    QTest::newRow("jwt-exp") << QStringLiteral("jwt-exp") << ResponseSpec::ExpiryUnit::JwtExp;
}

void tst_EndpointSpec::expiryUnits()
{
    QFETCH(QString, name);
    QFETCH(ResponseSpec::ExpiryUnit, unit);
    const QJsonArray expiries{QJsonObject{{QStringLiteral("path"), QStringLiteral("data.expire")}, {QStringLiteral("unit"), name}}};
    Result<EndpointSpec> spec = EndpointSpec::fromJson(withResponse(validSpec(), "expiry", expiries));
    QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().toString()));
    QCOMPARE(spec->response.expiries.size(), 1);
    QCOMPARE(spec->response.expiries.at(0).unit, unit);
    QCOMPARE(spec->response.expiries.at(0).path, QStringLiteral("data.expire"));
}

// Through the loader a person uses (specs validate, the problems list): the file, the JSON path
// of the bad entry and the units that exist.
void tst_EndpointSpec::expiryUnit_unknownNamesFileAndPath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("acme.login.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"json({"id": "acme.login", "family": "acme", "title": "Login", "path": "/login", "fields": [{"name": "user"}],
        "response": {"code": "code", "success": "0", "token": "token",
                     "expiry": [{"path": "expiresAt", "unit": "iso-8601"}, {"path": "expires_in", "unit": "minutes-from-now"}]}})json");
    file.close();
    const QString problem = SpecLibrary::validate(path);
    QCOMPARE(problem, path + QStringLiteral(": $.response.expiry[1]: each \"expiry\" needs a \"path\" and a \"unit\" (seconds-from-now, "
                                            "ms-from-now, epoch-s, epoch-ms, iso-8601 or jwt-exp); \"minutes-from-now\" is not a unit."));
    Result<EndpointSpec> loaded = EndpointCatalog().loadFile(path);
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message.startsWith(QLatin1String("acme.login.json: Endpoint spec acme.login: response.expiry[1]: ")),
             qPrintable(loaded.error().message));
}

void tst_EndpointSpec::field_byNameOrAlias()
{
    Result<EndpointSpec> spec = EndpointSpec::fromJson(validSpec());
    QVERIFY(spec.ok());
    const FieldSpec *byName = spec->field(u"firstName");
    QVERIFY(byName);
    QCOMPARE(byName->label, QStringLiteral("First name"));
    QCOMPARE(spec->field(u"firstname"), byName);
    QCOMPARE(spec->field(u"name"), byName);
    QCOMPARE(spec->field(u"FIRSTNAME"), nullptr); // case-sensitive
    QCOMPARE(spec->field(u"lastName"), nullptr);
    QCOMPARE(spec->field(u"appKey")->name, QStringLiteral("appKey"));
}

// Computed fields are ordered after the computed fields they read, whatever the file's order; a
// computed field with a secret's name (Authorization) is a secret without saying so.
void tst_EndpointSpec::compute_orderAndSecret()
{
    QJsonObject auth = fieldWith("Authorization", "compute", QStringLiteral("'Bearer ' + accessToken"));
    auth.insert(QStringLiteral("in"), QStringLiteral("header"));
    const QJsonObject object = withField(withField(withField(withField(validSpec(), fieldWith("sig", "compute", QStringLiteral("hex(sha256(canonical))"))),
                                                             fieldWith("canonical", "compute", QStringLiteral("appKey + '\\n' + stamp"))),
                                                   fieldWith("stamp", "compute", QStringLiteral("now_s()"))),
                                         auth);
    Result<EndpointSpec> spec = EndpointSpec::fromJson(object);
    QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().toString()));
    QCOMPARE(spec->computeOrder, (QList<int>{5, 6, 4, 3})); // stamp, Authorization, canonical, sig
    QVERIFY(spec->field(u"Authorization")->secret);
    QVERIFY(spec->field(u"sig")->computed);
    QVERIFY(!spec->field(u"sig")->secret);
    QCOMPARE(spec->field(u"canonical")->compute, QStringLiteral("appKey + '\\n' + stamp"));
    QCOMPARE(spec->field(u"canonical")->expression.identifiers(), (QStringList{QStringLiteral("appKey"), QStringLiteral("stamp")}));
    QCOMPARE(spec->computeInputsFromEarlierSteps(), QStringList{QStringLiteral("accessToken")});
    QCOMPARE(EndpointSpec::fromJson(validSpec())->computeInputsFromEarlierSteps(), QStringList());
}

void tst_EndpointSpec::secretFieldNames_inSpecOrder()
{
    QJsonObject token = fieldWith("token", "secret", true);
    Result<EndpointSpec> spec = EndpointSpec::fromJson(withField(validSpec(), token));
    QVERIFY(spec.ok());
    QCOMPARE(spec->secretFieldNames(), (QStringList{QStringLiteral("appSecret"), QStringLiteral("token")}));
    // A field may be secret without a secret-sounding name.
    Result<EndpointSpec> custom = EndpointSpec::fromJson(withField(validSpec(), fieldWith("pin", "secret", true)));
    QVERIFY(custom.ok());
    QCOMPARE(custom->secretFieldNames(), (QStringList{QStringLiteral("appSecret"), QStringLiteral("pin")}));
}

void tst_EndpointSpec::locationName()
{
    QCOMPARE(FieldSpec::locationName(FieldSpec::Location::Header), QStringLiteral("header"));
    QCOMPARE(FieldSpec::locationName(FieldSpec::Location::Body), QStringLiteral("body"));
    QCOMPARE(FieldSpec::locationName(FieldSpec::Location::Credential), QStringLiteral("credential"));
}

QTEST_GUILESS_MAIN(tst_EndpointSpec)
#include "tst_EndpointSpec.moc"
