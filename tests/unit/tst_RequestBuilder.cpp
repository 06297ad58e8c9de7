// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/BankEzyCrypto.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/EnosSignature.h"
#include "core/api/RequestBuilder.h"
#include "core/net/Environment.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QUuid>

using namespace td;

Q_DECLARE_METATYPE(td::ResolvedField::Source)

namespace {

constexpr qint64 kNowMs = 1572574909697; // the EnOS documentation's example timestamp
const QString kAppKey = QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b");
const QString kAppSecret = QStringLiteral("sandbox-app-secret");

const EndpointSpec &builtIn(const char *id)
{
    const EndpointSpec *spec = EndpointCatalog::builtIn().find(QString::fromLatin1(id));
    if (!spec)
        qFatal("no built-in spec %s", id);
    return *spec;
}

Environment testEnvironment()
{
    Environment environment;
    environment.name = QStringLiteral("Test");
    environment.baseUrl = QStringLiteral("http://127.0.0.1:1");
    return environment;
}

FieldSpec bodyField(const QString &name, FieldSpec::Type type = FieldSpec::Type::String)
{
    FieldSpec field;
    field.name = name;
    field.label = name;
    field.type = type;
    return field;
}

const ResolvedField *resolved(const PreparedCall &call, QStringView name)
{
    for (const ResolvedField &field : call.fields) {
        if (field.spec->name == name)
            return &field;
    }
    return nullptr;
}

QList<QByteArray> headerNames(const HttpRequest &request)
{
    QList<QByteArray> names;
    for (const auto &header : request.headers)
        names.append(header.first);
    return names;
}

// Values that make Get User Token valid apart from what a test leaves out.
QMap<QString, QString> userTokenValues()
{
    return {{QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001")},
            {QStringLiteral("X-API-TOKEN"), QStringLiteral("app-token-1")},
            {QStringLiteral("referenceId"), QStringLiteral("123e4567-e89b-12d3-a456-426614174000")},
            {QStringLiteral("sdkApiKey"), QStringLiteral("ABCDEFGH")},
            {QStringLiteral("accountNumber"), QStringLiteral("1234567890123456789")}};
}

} // namespace

class tst_RequestBuilder : public QObject
{
    Q_OBJECT

private:
    EndpointSpec m_plain; // a spec of a family without an adapter: generic generators only

    template <typename T>
    static QByteArray why(const Result<T> &result)
    {
        return result.ok() ? QByteArray() : result.error().toString().toUtf8();
    }

private slots:
    void initTestCase();

    void resolution_order_data();
    void resolution_order();
    void resolution_computedRegeneratedUnlessExplicit();
    void enos_signatureAndTimestamp();
    void enos_explicitTimestampIsSigned();
    void enos_explicitSignatureKept();
    void enos_missingSecret();

    void missing_requiredNamesLabel();
    void missing_carriedNamesStep();
    void invalid_fieldInvalid();
    void missingAndInvalid_together();

    void bodyJson_exactBytes();
    void bodyJson_integerLeadingZeros();
    void bodyJson_userTokenPlainBody();

    void url_familyBaseAndPathOverride();
    void url_unusableBase_data();
    void url_unusableBase();
    void method_override();
    void headers_order();
    void secretValues_onlySecrets();

    void userToken_noSessionKey();
    void userToken_bodyIsJweUnderSessionKey();
    void clientKey_generatorStoresKey();
};

void tst_RequestBuilder::initTestCase()
{
    const QByteArray json = R"({"id": "plain.call", "family": "plain", "title": "Plain", "path": "/plain",
        "fields": [
          {"name": "ref", "label": "Reference", "required": true, "from": "carriedRef", "generator": "uuid"},
          {"name": "stamp", "label": "Stamp", "type": "integer", "generator": "now-ms", "computed": true},
          {"name": "X-Note", "in": "header", "label": "Note"}
        ],
        "response": {"code": "code", "success": "OK", "token": "token"}})";
    Result<EndpointSpec> spec = EndpointSpec::fromJson(QJsonDocument::fromJson(json).object());
    if (!spec)
        qFatal("plain spec: %s", qPrintable(spec.error().toString()));
    m_plain = spec.value();
}

void tst_RequestBuilder::resolution_order_data()
{
    QTest::addColumn<QString>("explicitValue");    // "-" = not set
    QTest::addColumn<QString>("carriedValue");     // "" = not carried
    QTest::addColumn<QString>("environmentValue"); // "" = not in the environment
    QTest::addColumn<ResolvedField::Source>("source");
    QTest::addColumn<QString>("value");            // "uuid" = a fresh UUID
    QTest::newRow("explicit beats all") << "E" << "C" << "V" << ResolvedField::Source::Explicit << "E";
    QTest::newRow("carried beats environment") << "-" << "C" << "V" << ResolvedField::Source::Carried << "C";
    QTest::newRow("environment beats generator") << "-" << "" << "V" << ResolvedField::Source::Environment << "V";
    QTest::newRow("generator last") << "-" << "" << "" << ResolvedField::Source::Generated << "uuid";
}

void tst_RequestBuilder::resolution_order()
{
    QFETCH(QString, explicitValue);
    QFETCH(QString, carriedValue);
    QFETCH(QString, environmentValue);
    QFETCH(ResolvedField::Source, source);
    QFETCH(QString, value);

    Environment environment = testEnvironment();
    if (!environmentValue.isEmpty())
        environment.values.insert(QStringLiteral("ref"), environmentValue);
    CallContext context;
    if (!carriedValue.isEmpty())
        context.values.insert(QStringLiteral("carriedRef"), carriedValue);
    QMap<QString, QString> explicitValues;
    if (explicitValue != QLatin1String("-"))
        explicitValues.insert(QStringLiteral("ref"), explicitValue);

    const FieldSpec &ref = m_plain.fields.at(0);
    const ResolvedField preview = RequestBuilder::preview(ref, environment, explicitValues, context);
    QCOMPARE(preview.spec, &ref);
    QCOMPARE(preview.source, source == ResolvedField::Source::Generated ? ResolvedField::Source::Empty : source);

    Result<PreparedCall> call = RequestBuilder::prepare(m_plain, environment, explicitValues, context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    const ResolvedField *field = resolved(call.value(), u"ref");
    QVERIFY(field);
    QCOMPARE(field->source, source);
    if (value == QLatin1String("uuid"))
        QVERIFY2(!QUuid::fromString(field->value).isNull(), qPrintable(field->value));
    else
        QCOMPARE(field->value, value);
    QCOMPARE(call->value(u"ref"), field->value);
}

void tst_RequestBuilder::resolution_computedRegeneratedUnlessExplicit()
{
    Environment environment = testEnvironment();
    environment.values.insert(QStringLiteral("stamp"), QStringLiteral("111"));
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(m_plain, environment, {{QStringLiteral("ref"), QStringLiteral("r")}},
                                                        context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(resolved(call.value(), u"stamp")->source, ResolvedField::Source::Generated);
    QCOMPARE(call->value(u"stamp"), QStringLiteral("1572574909697"));

    Result<PreparedCall> pinned = RequestBuilder::prepare(
        m_plain, environment, {{QStringLiteral("ref"), QStringLiteral("r")}, {QStringLiteral("stamp"), QStringLiteral("222")}},
        context, kNowMs);
    QVERIFY2(pinned.ok(), why(pinned).constData());
    QCOMPARE(resolved(pinned.value(), u"stamp")->source, ResolvedField::Source::Explicit);
    QCOMPARE(pinned->value(u"stamp"), QStringLiteral("222"));
    QCOMPARE(pinned->plainBody, QByteArray(R"({"ref":"r","stamp":222})"));
}

void tst_RequestBuilder::enos_signatureAndTimestamp()
{
    Environment environment = testEnvironment();
    environment.values.insert(QStringLiteral("appKey"), kAppKey);
    environment.values.insert(QStringLiteral("appSecret"), kAppSecret);
    environment.values.insert(QStringLiteral("timestamp"), QStringLiteral("1000")); // computed: ignored
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("enos.get-token"), environment, {}, context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());

    QCOMPARE(resolved(call.value(), u"appKey")->source, ResolvedField::Source::Environment);
    QCOMPARE(resolved(call.value(), u"timestamp")->source, ResolvedField::Source::Generated);
    QCOMPARE(call->value(u"timestamp"), QStringLiteral("1572574909697"));
    QCOMPARE(resolved(call.value(), u"encryption")->source, ResolvedField::Source::Generated);
    QCOMPARE(call->value(u"encryption"), EnosSignature::compute(kAppKey, kNowMs, kAppSecret));
    QCOMPARE(call->value(u"encryption"), QStringLiteral("e21dfbf0e573c048e1624819aa8a89b0d1153451f0a5acb228e6a2fc02f04b84"));

    QCOMPARE(call->details.size(), 1);
    const TokenResult::Detail &detail = call->details.at(0);
    QCOMPARE(detail.label, QStringLiteral("Signed string"));
    QCOMPARE(detail.value, QString::fromUtf8(EnosSignature::signedString(kAppKey, kNowMs, kAppSecret)));
    QVERIFY2(!detail.maskedValue.contains(kAppSecret), qPrintable(detail.maskedValue));
    QVERIFY(detail.maskedValue.startsWith(kAppKey + QStringLiteral("1572574909697")));

    // The secret signs the request but never travels.
    QCOMPARE(call->plainBody, QByteArray(R"({"appKey":"5acb82e7-a11e-4300-9164-c8b20b638e8b","timestamp":1572574909697,)"
                                         R"("encryption":"e21dfbf0e573c048e1624819aa8a89b0d1153451f0a5acb228e6a2fc02f04b84"})"));
    QCOMPARE(call->request.body, call->plainBody);
    QVERIFY(!call->request.body.contains(kAppSecret.toUtf8()));
    for (const auto &header : call->request.headers)
        QVERIFY(!header.second.contains(kAppSecret.toUtf8()));
    QCOMPARE(call->secretValues, QStringList{kAppSecret});
    QCOMPARE(call->request.header("Content-Type"), QByteArray("application/json"));
}

void tst_RequestBuilder::enos_explicitTimestampIsSigned()
{
    Environment environment = testEnvironment();
    environment.values.insert(QStringLiteral("appSecret"), kAppSecret);
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(
        builtIn("enos.get-token"), environment,
        {{QStringLiteral("appKey"), kAppKey}, {QStringLiteral("timestamp"), QStringLiteral("1572574909697")}}, context, 42);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(resolved(call.value(), u"timestamp")->source, ResolvedField::Source::Explicit);
    QCOMPARE(call->value(u"encryption"), QStringLiteral("e21dfbf0e573c048e1624819aa8a89b0d1153451f0a5acb228e6a2fc02f04b84"));
}

void tst_RequestBuilder::enos_explicitSignatureKept()
{
    Environment environment = testEnvironment();
    CallContext context;
    const QString forged(64, QLatin1Char('a'));
    Result<PreparedCall> call = RequestBuilder::prepare(
        builtIn("enos.get-token"), environment,
        {{QStringLiteral("appKey"), kAppKey}, {QStringLiteral("appSecret"), kAppSecret}, {QStringLiteral("encryption"), forged}},
        context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(resolved(call.value(), u"encryption")->source, ResolvedField::Source::Explicit);
    QCOMPARE(call->value(u"encryption"), forged);
    QVERIFY(call->details.isEmpty()); // nothing was signed
}

void tst_RequestBuilder::enos_missingSecret()
{
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("enos.get-token"), testEnvironment(),
                                                        {{QStringLiteral("appKey"), kAppKey}}, context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldMissing);
}

void tst_RequestBuilder::missing_requiredNamesLabel()
{
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("secmgmt.create-token"), testEnvironment(),
                                                        {{QStringLiteral("username"), QStringLiteral("demo")}}, context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldMissing);
    QCOMPARE(call.error().message, QStringLiteral("Password is required."));
}

void tst_RequestBuilder::missing_carriedNamesStep()
{
    CallContext context;
    context.appSessionKey = SecureBytes(QByteArray(32, '\x01'));
    QMap<QString, QString> values = userTokenValues();
    values.remove(QStringLiteral("X-API-TOKEN"));
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.get-user-token"), testEnvironment(), values, context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldMissing);
    QVERIFY2(call.error().message.startsWith(QLatin1String("App token is required")), qPrintable(call.error().message));
    QVERIFY2(call.error().message.contains(QLatin1String("carried from Get App Token (appToken)")), qPrintable(call.error().message));
}

void tst_RequestBuilder::invalid_fieldInvalid()
{
    CallContext context;
    context.appSessionKey = SecureBytes(QByteArray(32, '\x01'));
    QMap<QString, QString> values = userTokenValues();
    values.insert(QStringLiteral("accountNumber"), QStringLiteral("12a"));
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.get-user-token"), testEnvironment(), values, context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldInvalid);
    QCOMPARE(call.error().message, QStringLiteral("Account number: digits only, got \"12a\""));
}

void tst_RequestBuilder::missingAndInvalid_together()
{
    CallContext context;
    context.appSessionKey = SecureBytes(QByteArray(32, '\x01'));
    QMap<QString, QString> values = userTokenValues();
    values.remove(QStringLiteral("sdkApiKey"));
    values.insert(QStringLiteral("dob"), QStringLiteral("19880231"));
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.get-user-token"), testEnvironment(), values, context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldMissing);
    QVERIFY2(call.error().message.contains(QLatin1String("SDK API key is required.")), qPrintable(call.error().message));
    QVERIFY2(call.error().message.contains(QLatin1String("Date of birth: 19880231 is not a real date")),
             qPrintable(call.error().message));
}

void tst_RequestBuilder::bodyJson_exactBytes()
{
    const FieldSpec text = bodyField(QStringLiteral("text"));
    const FieldSpec account = bodyField(QStringLiteral("accountNumber"), FieldSpec::Type::Integer);
    const FieldSpec data = bodyField(QStringLiteral("data"), FieldSpec::Type::Object);
    const FieldSpec optional = bodyField(QStringLiteral("lastName"));
    FieldSpec header = bodyField(QStringLiteral("X-API-KEY"));
    header.location = FieldSpec::Location::Header;
    FieldSpec credential = bodyField(QStringLiteral("appSecret"));
    credential.location = FieldSpec::Location::Credential;
    const FieldSpec control = bodyField(QStringLiteral("note"));

    const QString tricky = QStringLiteral("say \"hi\" \\ Zoë ✓ \U0001F600");
    const QList<ResolvedField> fields = {
        {&text, tricky, ResolvedField::Source::Explicit},
        {&header, QStringLiteral("H"), ResolvedField::Source::Explicit},
        {&account, QStringLiteral("9223372036854775807"), ResolvedField::Source::Explicit},
        {&optional, QString(), ResolvedField::Source::Empty},
        {&credential, QStringLiteral("S"), ResolvedField::Source::Explicit},
        {&data, QStringLiteral("{ \"b\" : \"2\",\n \"a\": \"1\" }"), ResolvedField::Source::Explicit},
        {&control, QStringLiteral("line1\nline2\ttab"), ResolvedField::Source::Explicit},
    };
    const QByteArray body = RequestBuilder::bodyJson(fields);
    QCOMPARE(body, QByteArray("{\"text\":\"say \\\"hi\\\" \\\\ ") + QStringLiteral("Zoë ✓ \U0001F600").toUtf8()
                       + "\",\"accountNumber\":9223372036854775807,\"data\":{\"a\":\"1\",\"b\":\"2\"},"
                         "\"note\":\"line1\\nline2\\ttab\"}");
    // And it is JSON that reads back to the same values.
    QJsonParseError error{};
    const QJsonObject object = QJsonDocument::fromJson(body, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(object.value(QLatin1String("text")).toString(), tricky);
    QCOMPARE(object.value(QLatin1String("accountNumber")).toInteger(), Q_INT64_C(9223372036854775807));
    QVERIFY(!object.contains(QLatin1String("lastName")));
    QVERIFY(!object.contains(QLatin1String("X-API-KEY")));
    QVERIFY(!object.contains(QLatin1String("appSecret")));
    QCOMPARE(RequestBuilder::bodyJson({}), QByteArray("{}"));
}

void tst_RequestBuilder::bodyJson_integerLeadingZeros()
{
    // 0012345 is not a JSON number (RFC 8259 §6): the request is refused before anything is sent.
    CallContext context;
    context.appSessionKey = SecureBytes(QByteArray(32, '\x01'));
    QMap<QString, QString> values = userTokenValues();
    values.insert(QStringLiteral("accountNumber"), QStringLiteral("0012345"));
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.get-user-token"), testEnvironment(), values, context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldInvalid);
    QVERIFY2(call.error().message.startsWith(QLatin1String("Account number: no leading zeros")), qPrintable(call.error().message));
}

void tst_RequestBuilder::bodyJson_userTokenPlainBody()
{
    CallContext context;
    context.appSessionKey = SecureBytes(QByteArray(32, '\x01'));
    QMap<QString, QString> values = userTokenValues();
    values.insert(QStringLiteral("firstName"), QStringLiteral("Ann \"A\""));
    values.insert(QStringLiteral("dob"), QStringLiteral("19880515"));
    values.insert(QStringLiteral("data"), QStringLiteral("{\"custom_attribute1\": \"custom data\"}"));
    values.insert(QStringLiteral("email"), QString()); // explicitly empty optional: left out
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.get-user-token"), testEnvironment(), values, context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    const QByteArray sdkPublicKey = call->value(u"sdkPublicKey").toLatin1();
    QVERIFY(!sdkPublicKey.isEmpty());
    const QByteArray expected = "{\"referenceId\":\"123e4567-e89b-12d3-a456-426614174000\",\"sdkPublicKey\":\"" + sdkPublicKey
        + "\",\"sdkApiKey\":\"ABCDEFGH\",\"accountNumber\":1234567890123456789,\"firstName\":\"Ann \\\"A\\\"\","
          "\"dob\":19880515,\"data\":{\"custom_attribute1\":\"custom data\"}}";
    QCOMPARE(call->plainBody, expected);
}

void tst_RequestBuilder::url_familyBaseAndPathOverride()
{
    Environment environment = testEnvironment();
    const EndpointSpec &renew = builtIn("bankezy.renew-token");
    QCOMPARE(RequestBuilder::url(renew, environment),
             QUrl(QStringLiteral("http://127.0.0.1:1/token-service/client/app/renew/v2/token")));
    environment.familyBaseUrls.insert(QStringLiteral("bankezy"), QStringLiteral("http://127.0.0.1:2/gateway//"));
    environment.pathOverrides.insert(QStringLiteral("bankezy.renew-token"), QStringLiteral("/token-service/client/app/renew/token"));
    QCOMPARE(RequestBuilder::url(renew, environment),
             QUrl(QStringLiteral("http://127.0.0.1:2/gateway/token-service/client/app/renew/token")));
    // Other families keep the environment's base URL.
    QCOMPARE(RequestBuilder::url(builtIn("enos.get-token"), environment),
             QUrl(QStringLiteral("http://127.0.0.1:1/apim-token-service/v2.0/token/get")));

    CallContext context;
    context.values.insert(QStringLiteral("userToken"), QStringLiteral("user-token-1"));
    context.values.insert(QStringLiteral("accountNumber"), QStringLiteral("1000"));
    Result<PreparedCall> call = RequestBuilder::prepare(renew, environment, {{QStringLiteral("X-API-KEY"), QStringLiteral("K")}},
                                                        context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->request.url, QUrl(QStringLiteral("http://127.0.0.1:2/gateway/token-service/client/app/renew/token")));
    QCOMPARE(call->request.method, QByteArray("POST"));
}

void tst_RequestBuilder::url_unusableBase_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::newRow("empty") << QString();
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1");
    QTest::newRow("no scheme") << QStringLiteral("127.0.0.1:8080");
}

void tst_RequestBuilder::url_unusableBase()
{
    QFETCH(QString, baseUrl);
    Environment environment = testEnvironment();
    environment.baseUrl = baseUrl;
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(
        builtIn("secmgmt.create-token"), environment,
        {{QStringLiteral("username"), QStringLiteral("u")}, {QStringLiteral("password"), QStringLiteral("p")}}, context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::ConfigInvalid);
    QVERIFY2(call.error().message.contains(QLatin1String("\"Test\"")), qPrintable(call.error().message));
}

void tst_RequestBuilder::method_override()
{
    Environment environment = testEnvironment();
    const EndpointSpec &userToken = builtIn("bankezy.get-user-token");
    QCOMPARE(RequestBuilder::method(userToken, environment), QByteArray("POST"));
    QCOMPARE(RequestBuilder::method(builtIn("secmgmt.refresh-token"), environment), QByteArray("PUT"));
    environment.methodOverrides.insert(QStringLiteral("bankezy.get-user-token"), QStringLiteral("get"));
    QCOMPARE(RequestBuilder::method(userToken, environment), QByteArray("GET"));
    QCOMPARE(RequestBuilder::method(builtIn("bankezy.renew-token"), environment), QByteArray("POST"));

    CallContext context;
    context.appSessionKey = SecureBytes(QByteArray(32, '\x01'));
    Result<PreparedCall> call = RequestBuilder::prepare(userToken, environment, userTokenValues(), context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->request.method, QByteArray("GET"));
}

void tst_RequestBuilder::headers_order()
{
    Environment environment = testEnvironment();
    environment.extraHeaders = {{QByteArrayLiteral("X-Trace"), QByteArrayLiteral("t-1")},
                                {QByteArrayLiteral("Accept"), QByteArrayLiteral("*/*")}};
    environment.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001"));
    CallContext context;
    context.values.insert(QStringLiteral("userToken"), QStringLiteral("user-token-1"));
    context.values.insert(QStringLiteral("accountNumber"), QStringLiteral("1000"));
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.renew-token"), environment, {}, context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(headerNames(call->request),
             (QList<QByteArray>{"Content-Type", "X-API-KEY", "X-API-TOKEN", "X-ACCOUNT-NUMBER", "X-Trace", "Accept"}));
    QCOMPARE(call->request.header("Content-Type"), QByteArray("text/plain"));
    QCOMPARE(call->request.header("X-API-TOKEN"), QByteArray("user-token-1"));
    QCOMPARE(call->request.header("X-ACCOUNT-NUMBER"), QByteArray("1000"));
    QCOMPARE(resolved(call.value(), u"X-ACCOUNT-NUMBER")->source, ResolvedField::Source::Carried);
    QCOMPARE(call->plainBody, QByteArray(R"({"token":"user-token-1"})"));
    QCOMPARE(call->request.body, call->plainBody); // renew sends a plain body
}

void tst_RequestBuilder::secretValues_onlySecrets()
{
    Environment environment = testEnvironment();
    environment.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001"));
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(
        builtIn("bankezy.get-app-token"), environment,
        {{QStringLiteral("apiKey"), QStringLiteral("MOB-APP")}, {QStringLiteral("secret"), QStringLiteral("TEST123")}}, context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->secretValues, (QStringList{QStringLiteral("MOB-APP"), QStringLiteral("TEST123")}));
    QCOMPARE(call->request.body, call->plainBody); // Get App Token is plain
}

void tst_RequestBuilder::userToken_noSessionKey()
{
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.get-user-token"), testEnvironment(), userTokenValues(),
                                                        context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::NoKey);
    QVERIFY2(call.error().message.contains(QLatin1String("Get App Token")), qPrintable(call.error().message));
}

void tst_RequestBuilder::userToken_bodyIsJweUnderSessionKey()
{
    CallContext context;
    context.appSessionKey = SecureBytes(QByteArray::fromHex("9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4"));
    context.values.insert(QStringLiteral("appToken"), QStringLiteral("carried-app-token"));
    QMap<QString, QString> values = userTokenValues();
    values.remove(QStringLiteral("X-API-TOKEN"));
    Result<PreparedCall> call = RequestBuilder::prepare(builtIn("bankezy.get-user-token"), testEnvironment(), values, context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->request.header("X-API-TOKEN"), QByteArray("carried-app-token"));
    QCOMPARE(call->request.header("Content-Type"), QByteArray("text/plain"));
    QCOMPARE(call->request.body.count('.'), 4);
    QVERIFY(!call->request.body.contains("accountNumber"));
    Result<QByteArray> opened = BankEzyCrypto::decryptPayload(call->request.body, context.appSessionKey);
    QVERIFY2(opened.ok(), why(opened).constData());
    QCOMPARE(opened.value(), call->plainBody);
    QVERIFY(call->plainBody.contains("\"accountNumber\":1234567890123456789"));
    // The generated SDK key is held for the answer's key exchange.
    QVERIFY(context.sdkKey.has_value());
    QCOMPARE(BankEzyCrypto::encodePublicKey(*context.sdkKey), call->value(u"sdkPublicKey").toLatin1());
    QCOMPARE(call->secretValues, (QStringList{QStringLiteral("carried-app-token"), QStringLiteral("ABCDEFGH")}));
}

void tst_RequestBuilder::clientKey_generatorStoresKey()
{
    Environment environment = testEnvironment();
    environment.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001"));
    environment.values.insert(QStringLiteral("apiKey"), QStringLiteral("MOB-APP"));
    environment.values.insert(QStringLiteral("secret"), QStringLiteral("TEST123"));
    CallContext context;
    Result<PreparedCall> first = RequestBuilder::prepare(builtIn("bankezy.get-app-token"), environment, {}, context, kNowMs);
    QVERIFY2(first.ok(), why(first).constData());
    QVERIFY(context.clientKey.has_value());
    QVERIFY(context.clientKey->hasPrivate());
    QCOMPARE(context.clientKey->curve(), Curve::P256);
    const QString publicKey = first->value(u"publicKey");
    QCOMPARE(QString::fromLatin1(BankEzyCrypto::encodePublicKey(*context.clientKey)), publicKey);
    QCOMPARE(resolved(first.value(), u"publicKey")->source, ResolvedField::Source::Generated);
    Result<Jwk> decoded = BankEzyCrypto::decodePublicKey(publicKey.toLatin1());
    QVERIFY2(decoded.ok(), why(decoded).constData());
    QCOMPARE(first->plainBody, QByteArray(R"({"apiKey":"MOB-APP","secret":"TEST123","publicKey":")") + publicKey.toLatin1() + "\"}");
    // Computed: each exchange gets a fresh key pair.
    Result<PreparedCall> second = RequestBuilder::prepare(builtIn("bankezy.get-app-token"), environment, {}, context, kNowMs);
    QVERIFY2(second.ok(), why(second).constData());
    QVERIFY(second->value(u"publicKey") != publicKey);
    QCOMPARE(QString::fromLatin1(BankEzyCrypto::encodePublicKey(*context.clientKey)), second->value(u"publicKey"));
}

QTEST_GUILESS_MAIN(tst_RequestBuilder)
#include "tst_RequestBuilder.moc"
