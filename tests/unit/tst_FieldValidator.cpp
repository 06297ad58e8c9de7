// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/FieldSpec.h"
#include "core/api/FieldValidator.h"

#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::FieldSpec)

namespace {

FieldSpec field(const QString &label, FieldSpec::Type type = FieldSpec::Type::String,
                FieldSpec::Format format = FieldSpec::Format::None)
{
    FieldSpec spec;
    spec.name = label;
    spec.label = label;
    spec.type = type;
    spec.format = format;
    return spec;
}

FieldSpec accountNumber()
{
    FieldSpec spec = field(QStringLiteral("Account number"), FieldSpec::Type::Integer);
    spec.maxDigits = 19;
    return spec;
}

FieldSpec withMaxLength(FieldSpec spec, int maxLength)
{
    spec.maxLength = maxLength;
    return spec;
}

FieldSpec header(const QString &label)
{
    FieldSpec spec = field(label);
    spec.location = FieldSpec::Location::Header;
    return spec;
}

} // namespace

class tst_FieldValidator : public QObject
{
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void validate_messageNamesField();
};

void tst_FieldValidator::validate_data()
{
    QTest::addColumn<FieldSpec>("spec");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("fragment");

    const FieldSpec account = accountNumber();
    QTest::newRow("integer 19 digits") << account << QStringLiteral("1234567890123456789") << true << QString();
    QTest::newRow("integer 19 nines") << account << QStringLiteral("9999999999999999999") << true << QString();
    QTest::newRow("integer 1 digit") << account << QStringLiteral("7") << true << QString();
    QTest::newRow("integer 20 digits") << account << QStringLiteral("12345678901234567890") << false
                                       << QStringLiteral("at most 19 digits, got 20");
    QTest::newRow("integer 12a") << account << QStringLiteral("12a") << false << QStringLiteral("digits only, got \"12a\"");
    QTest::newRow("integer negative") << account << QStringLiteral("-5") << false << QStringLiteral("digits only");
    QTest::newRow("integer spaces") << account << QStringLiteral(" 12") << false << QStringLiteral("digits only");
    QTest::newRow("integer exponent") << account << QStringLiteral("1e5") << false << QStringLiteral("digits only");
    QTest::newRow("integer fullwidth digits") << account << QStringLiteral("１２") << false << QStringLiteral("digits only");
    QTest::newRow("integer no maxDigits") << field(QStringLiteral("Big"), FieldSpec::Type::Integer)
                                          << QString(30, QLatin1Char('9')) << true << QString();

    const FieldSpec dob = field(QStringLiteral("Date of birth"), FieldSpec::Type::Integer, FieldSpec::Format::DateYyyyMmDd);
    QTest::newRow("date real") << dob << QStringLiteral("19880515") << true << QString();
    QTest::newRow("date leap day") << dob << QStringLiteral("20000229") << true << QString();
    QTest::newRow("date 31 Feb") << dob << QStringLiteral("19880231") << false
                                 << QStringLiteral("19880231 is not a real date");
    QTest::newRow("date 1900-02-29") << dob << QStringLiteral("19000229") << false << QStringLiteral("not a real date");
    QTest::newRow("date month 13") << dob << QStringLiteral("19881301") << false << QStringLiteral("not a real date");
    QTest::newRow("date 7 digits") << dob << QStringLiteral("1988051") << false << QStringLiteral("(8 digits), got \"1988051\"");
    QTest::newRow("date 9 digits") << dob << QStringLiteral("198805150") << false << QStringLiteral("8 digits");
    QTest::newRow("date with dashes") << field(QStringLiteral("Date"), FieldSpec::Type::String, FieldSpec::Format::DateYyyyMmDd)
                                      << QStringLiteral("1988-5-15") << false << QStringLiteral("8 digits");

    const FieldSpec email = field(QStringLiteral("Email"), FieldSpec::Type::String, FieldSpec::Format::Email);
    QTest::newRow("email ok") << email << QStringLiteral("mail@test.com") << true << QString();
    QTest::newRow("email plus") << email << QStringLiteral("first.last+tag@sub.example.org") << true << QString();
    QTest::newRow("email no dot") << email << QStringLiteral("mail@test") << false << QStringLiteral("an email address");
    QTest::newRow("email no local") << email << QStringLiteral("@test.com") << false << QStringLiteral("an email address");
    QTest::newRow("email space") << email << QStringLiteral("a b@test.com") << false << QStringLiteral("an email address");
    QTest::newRow("email two at") << email << QStringLiteral("a@b@test.com") << false << QStringLiteral("an email address");

    const FieldSpec isd = withMaxLength(field(QStringLiteral("ISD code"), FieldSpec::Type::String, FieldSpec::Format::Digits), 4);
    QTest::newRow("digits ok") << isd << QStringLiteral("91") << true << QString();
    QTest::newRow("digits plus sign") << isd << QStringLiteral("+91") << false << QStringLiteral("digits only, got \"+91\"");
    QTest::newRow("digits too long") << isd << QStringLiteral("12345") << false << QStringLiteral("at most 4 characters, got 5");

    const FieldSpec uuid = field(QStringLiteral("Reference ID"), FieldSpec::Type::String, FieldSpec::Format::Uuid);
    QTest::newRow("uuid ok") << uuid << QStringLiteral("123e4567-e89b-12d3-a456-426614174000") << true << QString();
    QTest::newRow("uuid uppercase") << uuid << QStringLiteral("123E4567-E89B-12D3-A456-426614174000") << true << QString();
    QTest::newRow("uuid garbage") << uuid << QStringLiteral("not-a-uuid") << false << QStringLiteral("a UUID");
    QTest::newRow("uuid short") << uuid << QStringLiteral("123e4567-e89b-12d3-a456-42661417400") << false
                                << QStringLiteral("a UUID");

    const FieldSpec data = field(QStringLiteral("Extra data"), FieldSpec::Type::Object);
    QTest::newRow("object ok") << data << QStringLiteral("{\"custom_attribute1\": \"custom data\"}") << true << QString();
    QTest::newRow("object empty") << data << QStringLiteral("{}") << true << QString();
    QTest::newRow("object array") << data << QStringLiteral("[\"a\"]") << false << QStringLiteral("not an object");
    QTest::newRow("object string") << data << QStringLiteral("\"text\"") << false << QStringLiteral("a JSON object");
    QTest::newRow("object garbage") << data << QStringLiteral("key=value") << false << QStringLiteral("a JSON object");
    QTest::newRow("object number value") << data << QStringLiteral("{\"a\": 1}") << false
                                         << QStringLiteral("every value must be a string; \"a\" is not");
    QTest::newRow("object nested value") << data << QStringLiteral("{\"a\": \"x\", \"b\": {\"c\": \"d\"}}") << false
                                         << QStringLiteral("\"b\" is not");

    const FieldSpec name = withMaxLength(field(QStringLiteral("First name")), 5);
    QTest::newRow("maxLength exact") << name << QStringLiteral("abcde") << true << QString();
    QTest::newRow("maxLength counts characters") << name << QStringLiteral("ключи") << true << QString();
    QTest::newRow("maxLength over") << name << QStringLiteral("abcdef") << false << QStringLiteral("at most 5 characters, got 6");
    QTest::newRow("body string with newline") << field(QStringLiteral("Note")) << QStringLiteral("a\nb") << true << QString();

    const FieldSpec apiKeyHeader = header(QStringLiteral("X-API-KEY"));
    QTest::newRow("header ok") << apiKeyHeader << QStringLiteral("MOB-APP-2001") << true << QString();
    QTest::newRow("header LF") << apiKeyHeader << QStringLiteral("MOB\nX-Evil: 1") << false << QStringLiteral("line breaks");
    QTest::newRow("header CR") << apiKeyHeader << QStringLiteral("MOB\rAPP") << false << QStringLiteral("line breaks");

    const FieldSpec url = field(QStringLiteral("Callback"), FieldSpec::Type::String, FieldSpec::Format::Url);
    QTest::newRow("url ok") << url << QStringLiteral("https://api.example.com/path") << true << QString();
    QTest::newRow("url no scheme") << url << QStringLiteral("api.example.com") << false << QStringLiteral("a URL");
}

void tst_FieldValidator::validate()
{
    QFETCH(FieldSpec, spec);
    QFETCH(QString, value);
    QFETCH(bool, ok);
    QFETCH(QString, fragment);
    const Result<void> result = FieldValidator::validate(spec, value);
    if (ok) {
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::FieldInvalid);
    QVERIFY2(result.error().message.contains(fragment), qPrintable(result.error().message));
    QVERIFY2(result.error().message.startsWith(spec.label + QStringLiteral(": ")), qPrintable(result.error().message));
}

void tst_FieldValidator::validate_messageNamesField()
{
    const Result<void> result = FieldValidator::validate(accountNumber(), QStringLiteral("12345678901234567890"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, QStringLiteral("Account number: at most 19 digits, got 20"));
}

QTEST_GUILESS_MAIN(tst_FieldValidator)
#include "tst_FieldValidator.moc"
