// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/SpecExpression.h"

#include <QElapsedTimer>
#include <QMap>
#include <QRegularExpression>
#include <QTest>

using namespace td;

namespace {

constexpr qint64 kNowMs = 1572574909697;

// Inputs every test can name; "secret" is a secret, as a spec's appSecret is.
QMap<QString, QString> inputs()
{
    return {{QStringLiteral("abc"), QStringLiteral("abc")},
            {QStringLiteral("appKey"), QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b")},
            {QStringLiteral("timestamp"), QStringLiteral("1572574909697")},
            {QStringLiteral("secret"), QStringLiteral("sandbox-app-secret")},
            {QStringLiteral("tc1Key"), QString(20, QChar(0x0b))}, // RFC 4231 test case 1: 0x0b × 20
            {QStringLiteral("tc1Data"), QStringLiteral("Hi There")},
            {QStringLiteral("X-API-KEY"), QStringLiteral("MOB-1")},
            {QStringLiteral("empty"), QString()},
            {QStringLiteral("accented"), QStringLiteral("gr\u00fc\u00dfe")}};
}

// A counting byte source: 00 01 02 ... so uuid() and random_hex() are predictable.
QByteArray countingBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (int i = 0; i < count; ++i)
        bytes[i] = static_cast<char>(i);
    return bytes;
}

SpecExpression::Scope fixedScope()
{
    const QMap<QString, QString> values = inputs();
    SpecExpression::Scope scope;
    scope.lookup = [values](const QString &name) -> std::optional<SpecExpression::Input> {
        if (!values.contains(name))
            return std::nullopt;
        return SpecExpression::Input{values.value(name), name == QLatin1String("secret")};
    };
    scope.clock = [] { return kNowMs; };
    scope.random = countingBytes;
    return scope;
}

Result<SpecExpression::Value> run(const QString &text)
{
    Result<SpecExpression> expression = SpecExpression::parse(text);
    if (!expression)
        return expression.error();
    return expression->evaluate(fixedScope());
}

QString parseError(const QString &text)
{
    Result<SpecExpression> expression = SpecExpression::parse(text);
    return expression ? QString() : expression.error().message;
}

} // namespace

class tst_SpecExpression : public QObject
{
    Q_OBJECT

private slots:
    void values_data();
    void values();
    void enosSignature();
    void clock();
    void uuid_isVersion4();
    void uuid_realRandomDiffers();
    void randomHex_lengthAndCharset_data();
    void randomHex_lengthAndCharset();
    void identifiers_inOrderOfUse();
    void volatile_onlyWithClockOrRandom();
    void secret_maskedUnlessHashed_data();
    void secret_maskedUnlessHashed();
    void hashedText_recorded();
    void parseErrors_data();
    void parseErrors();
    void evaluateErrors();
    void hostile_longInput();
    void hostile_deepNesting();
    void hostile_valueGrowthBounded();
    void hostile_manyTerms();
};

void tst_SpecExpression::values_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected");
    // FIPS 180-2 appendix B.1 and C.1: "abc".
    QTest::newRow("sha256 abc") << "hex(sha256('abc'))" << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("sha512 abc") << "hex(sha512(abc))"
                                << "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                                   "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
    // RFC 4231 test cases 1 and 2.
    QTest::newRow("hmac_sha256 tc1") << "hex(hmac_sha256(tc1Key, tc1Data))"
                                     << "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
    QTest::newRow("hmac_sha512 tc1") << "hex(hmac_sha512(tc1Key, tc1Data))"
                                     << "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                                        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854";
    QTest::newRow("hmac_sha256 tc2") << "hex(hmac_sha256('Jefe', 'what do ya want for nothing?'))"
                                     << "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    QTest::newRow("hmac_sha512 tc2") << "hex(hmac_sha512('Jefe', 'what do ya want ' + 'for nothing?'))"
                                     << "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                                        "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737";
    QTest::newRow("base64 of bytes") << "base64(sha256('abc'))" << "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    QTest::newRow("base64url of bytes") << "base64url(sha256('abc'))" << "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0";
    QTest::newRow("base64 of text") << "base64('a:b')" << "YTpi";
    QTest::newRow("hex of text is UTF-8") << "hex(accented)" << "6772c3bcc39f65";
    QTest::newRow("hash of hash") << "hex(sha256(sha256('abc')))"
                                  << "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358";
    QTest::newRow("upper") << "upper(hex(sha256('abc')))" << "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    QTest::newRow("lower") << "lower('MiXeD-1')" << "mixed-1";
    QTest::newRow("upper non-ASCII") << "upper(accented)" << QStringLiteral("GR\u00dcSSE");
    QTest::newRow("concatenation") << "'Bearer ' + appKey" << "Bearer 5acb82e7-a11e-4300-9164-c8b20b638e8b";
    QTest::newRow("concatenation of three") << "'a' + 'b' + 'c'" << "abc";
    QTest::newRow("empty identifier") << "'[' + empty + ']'" << "[]";
    QTest::newRow("empty literal") << "''" << "";
    QTest::newRow("hyphenated identifier") << "X-API-KEY + '!'" << "MOB-1!";
    QTest::newRow("escape quote") << R"('it\'s')" << "it's";
    QTest::newRow("escape backslash") << R"('a\\b')" << R"(a\b)";
    QTest::newRow("escape newline tab cr") << R"('GET\n/path\t\r')" << "GET\n/path\t\r";
    QTest::newRow("literal keeps spaces and +") << "' a + b '" << " a + b ";
    QTest::newRow("whitespace everywhere") << " \t\nhex ( sha256 ( 'abc' ) )\r\n"
                                           << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("identifier named like a function") << "hex + abc" << "";
}

void tst_SpecExpression::values()
{
    QFETCH(QString, expression);
    QFETCH(QString, expected);
    if (qstrcmp(QTest::currentDataTag(), "identifier named like a function") == 0) {
        // `hex` without parentheses is an identifier; nothing provides it here.
        QCOMPARE(run(expression).error().message, QStringLiteral("identifier 'hex' is not provided"));
        return;
    }
    Result<SpecExpression::Value> value = run(expression);
    QVERIFY2(value.ok(), value.ok() ? "" : qPrintable(value.error().message));
    QCOMPARE(value->text, expected);
}

// The EnOS "encryption" field: lowercase hex SHA-256 of appKey + timestamp + appSecret.
void tst_SpecExpression::enosSignature()
{
    Result<SpecExpression::Value> value = run(QStringLiteral("hex(sha256(appKey + timestamp + secret))"));
    QVERIFY(value.ok());
    QCOMPARE(value->text, QStringLiteral("e21dfbf0e573c048e1624819aa8a89b0d1153451f0a5acb228e6a2fc02f04b84"));
}

void tst_SpecExpression::clock()
{
    QCOMPARE(run(QStringLiteral("now_ms()"))->text, QStringLiteral("1572574909697"));
    QCOMPARE(run(QStringLiteral("now_s()"))->text, QStringLiteral("1572574909"));
    QCOMPARE(run(QStringLiteral("'t=' + now_s() + '.' + now_ms()"))->text, QStringLiteral("t=1572574909.1572574909697"));
}

void tst_SpecExpression::uuid_isVersion4()
{
    // The counting source gives 00 01 .. 0f; version and variant bits are then set.
    QCOMPARE(run(QStringLiteral("uuid()"))->text, QStringLiteral("00010203-0405-4607-8809-0a0b0c0d0e0f"));
}

void tst_SpecExpression::uuid_realRandomDiffers()
{
    Result<SpecExpression> expression = SpecExpression::parse(QStringLiteral("uuid()"));
    QVERIFY(expression.ok());
    const QRegularExpression v4(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    const QString first = expression->evaluate({}).value().text;
    const QString second = expression->evaluate({}).value().text;
    QVERIFY2(v4.match(first).hasMatch(), qPrintable(first));
    QVERIFY2(v4.match(second).hasMatch(), qPrintable(second));
    QVERIFY(first != second);
}

void tst_SpecExpression::randomHex_lengthAndCharset_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1") << 1 << "0";
    QTest::newRow("2") << 2 << "00";
    QTest::newRow("odd 7") << 7 << "0001020";
    QTest::newRow("32") << 32 << "000102030405060708090a0b0c0d0e0f";
    QTest::newRow("1024") << 1024 << QString();
}

void tst_SpecExpression::randomHex_lengthAndCharset()
{
    QFETCH(int, count);
    QFETCH(QString, expected);
    const QString text = run(QStringLiteral("random_hex(%1)").arg(count))->text;
    QCOMPARE(text.size(), count);
    if (!expected.isEmpty())
        QCOMPARE(text, expected);
    // With the real CSPRNG: the length and the alphabet.
    const QString real = SpecExpression::parse(QStringLiteral("random_hex(%1)").arg(count))->evaluate({})->text;
    QCOMPARE(real.size(), count);
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]+$")).match(real).hasMatch(), qPrintable(real));
}

void tst_SpecExpression::identifiers_inOrderOfUse()
{
    Result<SpecExpression> expression =
        SpecExpression::parse(QStringLiteral("hex(hmac_sha256(secret, appKey + '\\n' + timestamp + appKey)) + uuid()"));
    QVERIFY(expression.ok());
    QCOMPARE(expression->identifiers(), (QStringList{QStringLiteral("secret"), QStringLiteral("appKey"), QStringLiteral("timestamp")}));
    QCOMPARE(SpecExpression::parse(QStringLiteral("'x'"))->identifiers(), QStringList());
}

void tst_SpecExpression::volatile_onlyWithClockOrRandom()
{
    QVERIFY(!SpecExpression::parse(QStringLiteral("hex(sha256(a))"))->isVolatile());
    QVERIFY(SpecExpression::parse(QStringLiteral("hex(sha256(a + now_s()))"))->isVolatile());
    QVERIFY(SpecExpression::parse(QStringLiteral("random_hex(4)"))->isVolatile());
}

void tst_SpecExpression::secret_maskedUnlessHashed_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("secret");
    QTest::addColumn<QString>("masked");
    QTest::newRow("plain") << "'Bearer ' + appKey" << false << "Bearer 5acb82e7-a11e-4300-9164-c8b20b638e8b";
    QTest::newRow("secret passes through") << "'Bearer ' + secret" << true << "Bearer ***";
    QTest::newRow("upper keeps the mask") << "upper('k=' + secret)" << true << "K=***";
    QTest::newRow("encoded secret is secret") << "base64(appKey + ':' + secret)" << true << "***";
    QTest::newRow("hashed secret is not") << "hex(sha256(appKey + secret))" << false << QString();
    QTest::newRow("hmac keyed by secret is not") << "base64url(hmac_sha256(secret, appKey))" << false << QString();
}

void tst_SpecExpression::secret_maskedUnlessHashed()
{
    QFETCH(QString, expression);
    QFETCH(bool, secret);
    QFETCH(QString, masked);
    Result<SpecExpression::Value> value = run(expression);
    QVERIFY(value.ok());
    QCOMPARE(value->secret, secret);
    if (secret)
        QVERIFY(!value->masked.contains(QStringLiteral("sandbox-app-secret")));
    else
        QCOMPARE(value->masked, value->text); // nothing to hide
    if (!masked.isEmpty() && secret)
        QCOMPARE(value->masked, masked);
}

void tst_SpecExpression::hashedText_recorded()
{
    Result<SpecExpression::Value> value = run(QStringLiteral("hex(sha256(appKey + timestamp + secret)) + hex(hmac_sha512('k', sha256('x')))"));
    QVERIFY(value.ok());
    QCOMPARE(value->hashed.size(), 2); // sha256('x') is recorded; hmac over bytes is not
    QCOMPARE(value->hashed.at(0).function, QStringLiteral("sha256"));
    QCOMPARE(value->hashed.at(0).text, QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b1572574909697sandbox-app-secret"));
    QCOMPARE(value->hashed.at(0).masked, QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b1572574909697***"));
    QCOMPARE(value->hashed.at(1).text, QStringLiteral("x"));
}

void tst_SpecExpression::parseErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown function") << "hex(sha1(x))" << "unknown function 'sha1' at column 4";
    QTest::newRow("missing paren") << "hex(sha256(x)" << "expected ')' at column 13";
    QTest::newRow("missing paren mid") << "hex(sha256(x) 'a')" << "expected ')' at column 14";
    QTest::newRow("empty") << "" << "the expression is empty";
    QTest::newRow("blank") << " \t\n" << "the expression is empty";
    QTest::newRow("trailing plus") << "a +" << "expected a value at column 3";
    QTest::newRow("leading plus") << "+ a" << "expected a value, found '+' at column 0";
    QTest::newRow("two values") << "a b" << "expected '+' or the end of the expression, found 'b' at column 2";
    QTest::newRow("unterminated string") << "'abc + x" << "unterminated string at column 0";
    QTest::newRow("unterminated after escape") << "x + 'ab\\" << "unterminated string at column 4";
    QTest::newRow("escaped closing quote") << "'abc\\'" << "unterminated string at column 0";
    QTest::newRow("unknown escape") << "'a\\qb'" << "unknown escape '\\q' (use \\', \\\\, \\n, \\r or \\t) at column 2";
    QTest::newRow("double quotes") << "\"abc\"" << "expected a value, found '\"' at column 0";
    QTest::newRow("control character") << "a + \x01" << "expected a value, found U+0001 at column 4";
    QTest::newRow("bytes concatenated") << "sha256(x) + 'a'"
                                        << "sha256() gives bytes, which '+' cannot take: wrap it in hex(), base64() or base64url() at column 0";
    QTest::newRow("bytes as the value") << "hmac_sha256(k, m)"
                                        << "hmac_sha256() gives bytes, which a field's value cannot take: wrap it in hex(), base64() or base64url() at column 0";
    QTest::newRow("bytes to upper") << "upper(sha512(x))"
                                    << "sha512() gives bytes, which upper() cannot take: wrap it in hex(), base64() or base64url() at column 6";
    QTest::newRow("too many arguments") << "hex(a, b)" << "hex() takes 1 argument, not 2 at column 0";
    QTest::newRow("too few arguments") << "hmac_sha256(a)" << "hmac_sha256() takes 2 arguments, not 1 at column 0";
    QTest::newRow("argument to now_ms") << "now_ms(a)" << "now_ms() takes 0 arguments, not 1 at column 0";
    QTest::newRow("empty argument") << "hex(a,)" << "expected a value, found ')' at column 6";
    QTest::newRow("random_hex zero") << "random_hex(0)" << "random_hex() takes a number of hex characters from 1 to 1024 at column 11";
    QTest::newRow("random_hex too many") << "random_hex(1025)" << "random_hex() takes a number of hex characters from 1 to 1024 at column 11";
    QTest::newRow("random_hex huge") << "random_hex(99999999999999999999)" << "random_hex() takes a number of hex characters from 1 to 1024 at column 11";
    QTest::newRow("random_hex of text") << "random_hex('8')" << "random_hex() takes a number of hex characters from 1 to 1024 at column 11";
    QTest::newRow("number as text") << "'a' + 12" << "a number is only allowed in random_hex(); write text as '12' at column 6";
    QTest::newRow("number alone") << "42" << "a number is only allowed in random_hex(); write text as '42' at column 0";
    QTest::newRow("parentheses are not grouping") << "(a)" << "expected a value, found '(' at column 0";
    QTest::newRow("NUL byte") << QString(QStringLiteral("'a") + QChar(0) + QStringLiteral("b'")) << "NUL character at column 2";
}

void tst_SpecExpression::parseErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);
    Result<SpecExpression> parsed = SpecExpression::parse(expression);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, ErrorCode::SpecInvalid);
    QCOMPARE(parsed.error().message, message);
}

void tst_SpecExpression::evaluateErrors()
{
    Result<SpecExpression::Value> missing = run(QStringLiteral("hex(sha256(appKey + appSecret))"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::FieldMissing);
    QCOMPARE(missing.error().message, QStringLiteral("identifier 'appSecret' is not provided"));

    SpecExpression::Scope shortRandom = fixedScope();
    shortRandom.random = [](int) { return QByteArray("x"); };
    Result<SpecExpression::Value> random = SpecExpression::parse(QStringLiteral("uuid()"))->evaluate(shortRandom);
    QVERIFY(!random.ok());
    QCOMPARE(random.error().code, ErrorCode::Internal);

    QVERIFY(!SpecExpression().evaluate(fixedScope()).ok()); // a null expression
}

void tst_SpecExpression::hostile_longInput()
{
    const QString huge = QStringLiteral("'") + QString(100000, QLatin1Char('a')) + QStringLiteral("'");
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(parseError(huge), QStringLiteral("the expression is 100002 characters long; at most 4096 are allowed"));
    QCOMPARE(parseError(QString(SpecExpression::kMaxLength + 1, QLatin1Char('a'))),
             QStringLiteral("the expression is 4097 characters long; at most 4096 are allowed"));
    QVERIFY(SpecExpression::parse(QString(SpecExpression::kMaxLength, QLatin1Char('a'))).ok()); // one long identifier
    qInfo("100k-character expression refused in %lld ms", static_cast<long long>(timer.elapsed()));
}

void tst_SpecExpression::hostile_deepNesting()
{
    const auto nested = [](int depth) { return QStringLiteral("hex(").repeated(depth) + QStringLiteral("'x'") + QStringLiteral(")").repeated(depth); };
    QVERIFY(SpecExpression::parse(nested(SpecExpression::kMaxDepth)).ok());
    QCOMPARE(parseError(nested(SpecExpression::kMaxDepth + 1)), QStringLiteral("function calls nested deeper than 32 at column 128"));
    // As deep as the length limit allows, unterminated: refused at the depth, not by a stack overflow.
    QCOMPARE(parseError(QStringLiteral("sha256(").repeated(580)), QStringLiteral("function calls nested deeper than 32 at column 224"));
    QCOMPARE(parseError(QStringLiteral("(").repeated(4000)), QStringLiteral("expected a value, found '(' at column 0"));
}

void tst_SpecExpression::hostile_valueGrowthBounded()
{
    // Each hex() doubles the value: 32 levels would be 4 GiB from 1 byte.
    const QString doubling = QStringLiteral("hex(").repeated(32) + QStringLiteral("'x'") + QStringLiteral(")").repeated(32);
    Result<SpecExpression::Value> value = run(doubling);
    QVERIFY(!value.ok());
    QCOMPARE(value.error().code, ErrorCode::InputTooLarge);
    QVERIFY2(value.error().message.startsWith(QStringLiteral("the value at column ")), qPrintable(value.error().message));

    SpecExpression::Scope big = fixedScope();
    big.lookup = [](const QString &) { return SpecExpression::Input{QString(SpecExpression::kMaxValueBytes / 2 + 1, QLatin1Char('b')), false}; };
    Result<SpecExpression::Value> sum = SpecExpression::parse(QStringLiteral("a + a"))->evaluate(big);
    QVERIFY(!sum.ok());
    QCOMPARE(sum.error().code, ErrorCode::InputTooLarge);
}

void tst_SpecExpression::hostile_manyTerms()
{
    // 2048 terms in one sum: parsed without recursion, evaluated to 2048 characters.
    const QString sum = QStringLiteral("a+").repeated(2047) + QStringLiteral("a");
    SpecExpression::Scope scope = fixedScope();
    scope.lookup = [](const QString &) { return SpecExpression::Input{QStringLiteral("z"), false}; };
    Result<SpecExpression> parsed = SpecExpression::parse(sum);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->evaluate(scope)->text, QString(2048, QLatin1Char('z')));
}

QTEST_GUILESS_MAIN(tst_SpecExpression)
#include "tst_SpecExpression.moc"
