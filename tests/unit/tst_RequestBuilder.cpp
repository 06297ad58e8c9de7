// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/BankEzyCrypto.h"
#include "core/api/CallSecrets.h"
#include "core/crypto/Digest.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/EnosSignature.h"
#include "core/api/RequestBuilder.h"
#include "core/api/SpecLibrary.h"
#include "core/net/Environment.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
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
    EndpointSpec m_signed; // a plain family signing its request with HMAC, fields in reverse dependency order

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
    void enos_expressionMatchesEnosSignature_data();
    void enos_expressionMatchesEnosSignature();

    void compute_bearerFromEarlierStep();
    void compute_bearerWithoutEarlierStep();
    void compute_hmacHeadersInDependencyOrder();
    void compute_secretPassedThroughIsMasked();
    void compute_explicitValueWins();

    void missing_requiredNamesLabel();
    void missing_carriedNamesStep();
    void missing_carriedNamesUserStep();
    void userFamily_usesTheAdapterItsFileNames();
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

    const QByteArray signedJson = R"json({"id": "acme.get-token", "family": "acme", "title": "Acme", "path": "/token",
        "fields": [
          {"name": "X-Signature", "in": "header", "label": "Signature",
           "compute": "base64(hmac_sha256(clientSecret, 'POST\\n/token\\n' + X-Date + '\\n' + clientId))"},
          {"name": "X-Date", "in": "header", "label": "Date", "compute": "now_s()"},
          {"name": "X-Echo", "in": "header", "label": "Echo", "compute": "'id=' + clientId + ';key=' + clientSecret"},
          {"name": "clientId", "label": "Client id", "required": true},
          {"name": "clientSecret", "in": "credential", "label": "Client secret", "required": true, "secret": true},
          {"name": "Authorization", "in": "header", "label": "Bearer", "compute": "'Bearer ' + accessToken"}
        ],
        "response": {"code": "code", "success": "OK", "token": "token"}})json";
    Result<EndpointSpec> signedSpec = EndpointSpec::fromJson(QJsonDocument::fromJson(signedJson).object());
    if (!signedSpec)
        qFatal("signed spec: %s", qPrintable(signedSpec.error().toString()));
    m_signed = signedSpec.value();
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

// The spec's expression and the C++ EnosSignature it replaced give the same bytes for the same
// inputs, through the whole request builder (body member and "Signed string" detail).
void tst_RequestBuilder::enos_expressionMatchesEnosSignature_data()
{
    QTest::addColumn<QString>("appKey");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QString>("appSecret");
    QTest::newRow("documentation example") << kAppKey << kNowMs << kAppSecret;
    QTest::newRow("timestamp 1") << QStringLiteral("k") << qint64(1) << QStringLiteral("s");
    QTest::newRow("15 digits") << kAppKey << qint64(999999999999999) << kAppSecret;
    QTest::newRow("non-ASCII key and secret") << QStringLiteral("cl\u00e9-\u2713") << kNowMs << QStringLiteral("s\u00e9cret-\U0001F511");
    QTest::newRow("quotes, plus and backslash") << QStringLiteral("a'+b") << kNowMs << QStringLiteral("\\\\' + x");
    QTest::newRow("long secret") << kAppKey << kNowMs << QString(4000, QLatin1Char('z'));
}

void tst_RequestBuilder::enos_expressionMatchesEnosSignature()
{
    QFETCH(QString, appKey);
    QFETCH(qint64, timestamp);
    QFETCH(QString, appSecret);
    for (const char *id : {"enos.get-token", "enos.refresh-token"}) {
        CallContext context;
        context.values.insert(QStringLiteral("accessToken"), QStringLiteral("token-1"));
        Result<PreparedCall> call = RequestBuilder::prepare(
            builtIn(id), testEnvironment(), {{QStringLiteral("appKey"), appKey}, {QStringLiteral("appSecret"), appSecret}},
            context, timestamp);
        QVERIFY2(call.ok(), why(call).constData());
        QCOMPARE(call->value(u"encryption"), EnosSignature::compute(appKey, timestamp, appSecret));
        QCOMPARE(call->details.size(), 1);
        QCOMPARE(call->details.at(0).value, QString::fromUtf8(EnosSignature::signedString(appKey, timestamp, appSecret)));
        QCOMPARE(call->details.at(0).maskedValue, appKey + QString::number(timestamp) + QStringLiteral("***"));
        QVERIFY(!call->secretValues.contains(call->value(u"encryption"))); // a hash, shown as the signature always was
    }
}

void tst_RequestBuilder::compute_bearerFromEarlierStep()
{
    CallContext context;
    context.values.insert(QStringLiteral("accessToken"), QStringLiteral("tok-123"));
    Result<PreparedCall> call = RequestBuilder::prepare(
        m_signed, testEnvironment(), {{QStringLiteral("clientId"), QStringLiteral("c1")}, {QStringLiteral("clientSecret"), QStringLiteral("s1")}},
        context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->request.header("Authorization"), QByteArray("Bearer tok-123"));
    QCOMPARE(resolved(call.value(), u"Authorization")->source, ResolvedField::Source::Generated);
    QVERIFY(call->secretValues.contains(QStringLiteral("Bearer tok-123")));
    const HttpRequest masked = CallSecrets::of(call.value(), context).maskRequest(call->request);
    QVERIFY(!masked.header("Authorization").contains("tok-123"));
}

void tst_RequestBuilder::compute_bearerWithoutEarlierStep()
{
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(
        m_signed, testEnvironment(), {{QStringLiteral("clientId"), QStringLiteral("c1")}, {QStringLiteral("clientSecret"), QStringLiteral("s1")}},
        context, kNowMs);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldMissing);
    QCOMPARE(call.error().message, QStringLiteral("Bearer cannot be computed: identifier 'accessToken' is not provided; no field has "
                                                  "that name and no earlier step of this session produced it."));
}

void tst_RequestBuilder::compute_hmacHeadersInDependencyOrder()
{
    CallContext context;
    context.values.insert(QStringLiteral("accessToken"), QStringLiteral("tok"));
    Result<PreparedCall> call = RequestBuilder::prepare(
        m_signed, testEnvironment(), {{QStringLiteral("clientId"), QStringLiteral("c1")}, {QStringLiteral("clientSecret"), QStringLiteral("s1")}},
        context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->request.header("X-Date"), QByteArray("1572574909")); // now_s() on the injected clock
    const QByteArray canonical = "POST\n/token\n1572574909\nc1";
    QCOMPARE(call->request.header("X-Signature"), hmac(DigestAlgorithm::Sha256, "s1", canonical)->toByteArray().toBase64());
    QCOMPARE(call->details.size(), 1);
    QCOMPARE(call->details.at(0).label, QStringLiteral("Signed string"));
    QCOMPARE(call->details.at(0).value, QString::fromLatin1(canonical));
    QCOMPARE(call->plainBody, QByteArray(R"({"clientId":"c1"})")); // the secret never travels
}

void tst_RequestBuilder::compute_secretPassedThroughIsMasked()
{
    CallContext context;
    context.values.insert(QStringLiteral("accessToken"), QStringLiteral("tok"));
    Result<PreparedCall> call = RequestBuilder::prepare(
        m_signed, testEnvironment(), {{QStringLiteral("clientId"), QStringLiteral("c1")}, {QStringLiteral("clientSecret"), QStringLiteral("s3cr3t")}},
        context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->request.header("X-Echo"), QByteArray("id=c1;key=s3cr3t"));
    QVERIFY(call->secretValues.contains(QStringLiteral("id=c1;key=s3cr3t")));
    QVERIFY(!call->secretValues.contains(QString::fromLatin1(call->request.header("X-Signature")))); // an HMAC is not secret
    const HttpRequest masked = CallSecrets::of(call.value(), context).maskRequest(call->request);
    QVERIFY2(!masked.header("X-Echo").contains("s3cr3t"), masked.header("X-Echo").constData());
}

void tst_RequestBuilder::compute_explicitValueWins()
{
    CallContext context;
    context.values.insert(QStringLiteral("accessToken"), QStringLiteral("tok"));
    Result<PreparedCall> call = RequestBuilder::prepare(
        m_signed, testEnvironment(),
        {{QStringLiteral("clientId"), QStringLiteral("c1")}, {QStringLiteral("clientSecret"), QStringLiteral("s1")},
         {QStringLiteral("X-Date"), QStringLiteral("42")}},
        context, kNowMs);
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(resolved(call.value(), u"X-Date")->source, ResolvedField::Source::Explicit);
    // The signature reads the typed date, not the clock.
    QCOMPARE(call->request.header("X-Signature"),
             hmac(DigestAlgorithm::Sha256, "s1", "POST\n/token\n42\nc1")->toByteArray().toBase64());
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

// A user family's step is named from the catalog it is given, as a built-in one is.
void tst_RequestBuilder::missing_carriedNamesUserStep()
{
    const SpecLibrary library({QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex")});
    const EndpointSpec *refresh = library.catalog().find(u"globex.refresh");
    QVERIFY(refresh);
    const QMap<QString, QString> values{{QStringLiteral("clientId"), QStringLiteral("globex-client")}};
    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(*refresh, testEnvironment(), values, context, kNowMs, nullptr, &library.catalog());
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::FieldMissing);
    QCOMPARE(call.error().message, QStringLiteral("Refresh token is required; it is carried from Sign In (refreshToken), "
                                                  "which has not succeeded in this session."));
    // Without the catalog the step is unknown: the sentence stays true, but vaguer.
    CallContext fresh;
    call = RequestBuilder::prepare(*refresh, testEnvironment(), values, fresh, kNowMs);
    QVERIFY2(call.error().message.contains(QLatin1String("carried from an earlier step (refreshToken)")), qPrintable(call.error().message));
}

// A user family whose file names a built-in adapter gets it from the catalog's registry: a
// partner's copy of BankEzy's Get User Token seals its body, so it needs the session key too.
void tst_RequestBuilder::userFamily_usesTheAdapterItsFileNames()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("families"))));
    QFile builtInSpec(QStringLiteral(":/apis/bankezy.get-user-token.json"));
    QVERIFY(builtInSpec.open(QIODevice::ReadOnly));
    QFile spec(dir.filePath(QStringLiteral("partnerbank.get-user-token.json")));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write(builtInSpec.readAll()
                   .replace("\"bankezy.get-user-token\"", "\"partnerbank.get-user-token\"")
                   .replace("\"family\": \"bankezy\"", "\"family\": \"partnerbank\""));
    spec.close();
    QFile family(dir.filePath(QStringLiteral("families/partnerbank.json")));
    QVERIFY(family.open(QIODevice::WriteOnly));
    family.write(R"({"id": "partnerbank", "displayName": "Partner Bank", "flow": ["issue"], "adapter": "bankezy"})");
    family.close();
    const SpecLibrary library({dir.path()});
    QVERIFY2(library.problems().isEmpty(), qPrintable(library.problems().join(QLatin1Char('\n'))));
    const EndpointSpec *partner = library.catalog().find(u"partnerbank.get-user-token");
    QVERIFY(partner);
    QCOMPARE(library.families().adapter(u"partnerbank"), QStringLiteral("bankezy"));

    CallContext context;
    Result<PreparedCall> call = RequestBuilder::prepare(*partner, testEnvironment(), userTokenValues(), context, kNowMs,
                                                        nullptr, &library.catalog());
    QVERIFY(!call.ok());
    QCOMPARE(call.error().code, ErrorCode::NoKey);

    CallContext keyed;
    keyed.appSessionKey = SecureBytes(QByteArray(32, '\x01'));
    call = RequestBuilder::prepare(*partner, testEnvironment(), userTokenValues(), keyed, kNowMs, nullptr, &library.catalog());
    QVERIFY2(call.ok(), why(call).constData());
    QCOMPARE(call->request.body.count('.'), 4); // a compact JWE, not the plain JSON
    QCOMPARE(call->families, &library.families());
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
