// SPDX-License-Identifier: GPL-3.0-or-later
// The words beside and inside a form's editors, for every way a field gets its value.
#include "gui/api/FieldHints.h"

#include "core/api/RequestBuilder.h"
#include "core/net/Environment.h"

#include <QTest>

using namespace td;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const EndpointSpec &spec(const char *id)
{
    const EndpointSpec *found = EndpointCatalog::builtIn().find(QString::fromLatin1(id));
    if (!found)
        qFatal("built-in spec missing");
    return *found;
}

FieldHint hintFor(const char *endpoint, const char *fieldName, const QString &typed, const Environment &environment,
                  const CallContext &context, bool reveal = false)
{
    const EndpointSpec &endpointSpec = spec(endpoint);
    const FieldSpec &field = *endpointSpec.field(QString::fromLatin1(fieldName));
    QMap<QString, QString> explicitValues;
    if (!typed.isEmpty())
        explicitValues.insert(field.name, typed);
    return FieldHints::describe(field, RequestBuilder::preview(field, environment, explicitValues, context),
                                RequestBuilder::preview(field, environment, {}, context),
                                FieldHints::producingStep(EndpointCatalog::builtIn(), endpointSpec.family, field.from), reveal);
}

} // namespace

class tst_FieldHints : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void producingStep_data();
    void producingStep();
    void describe_data();
    void describe();
    void secretsStayHiddenUntilRevealed();
};

void tst_FieldHints::producingStep_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("step");
    QTest::newRow("app token") << QStringLiteral("bankezy") << QStringLiteral("appToken") << QStringLiteral("Get App Token");
    QTest::newRow("user token") << QStringLiteral("bankezy") << QStringLiteral("userToken") << QStringLiteral("Get User Token");
    QTest::newRow("carried request field") << QStringLiteral("bankezy") << QStringLiteral("accountNumber")
                                           << QStringLiteral("Get User Token");
    QTest::newRow("enos access token") << QStringLiteral("enos") << QStringLiteral("accessToken")
                                       << QStringLiteral("Get Access Token");
    QTest::newRow("secmgmt refresh") << QStringLiteral("secmgmt") << QStringLiteral("refreshToken")
                                     << QStringLiteral("Create Token");
    QTest::newRow("other family") << QStringLiteral("enos") << QStringLiteral("appToken") << QString();
}

void tst_FieldHints::producingStep()
{
    QFETCH(QString, family);
    QFETCH(QString, value);
    QFETCH(QString, step);
    QCOMPARE(FieldHints::producingStep(EndpointCatalog::builtIn(), family, value), step);
}

void tst_FieldHints::describe_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("carried");    // the context holds appToken / accountNumber
    QTest::addColumn<bool>("inEnvironment"); // the environment holds X-API-KEY / appKey
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("placeholder");
    QTest::addColumn<int>("tone");

    const int info = int(StatusColors::Tone::Info), warning = int(StatusColors::Tone::Warning), neutral = int(StatusColors::Tone::Neutral);
    QTest::newRow("carried") << s("bankezy.renew-token") << s("X-ACCOUNT-NUMBER") << s("") << true << false
                             << s("from Get User Token") << s("1000") << info;
    QTest::newRow("carried, not run") << s("bankezy.renew-token") << s("X-ACCOUNT-NUMBER") << s("") << false << false
                                      << s("from Get User Token (not run yet)") << s("") << warning;
    QTest::newRow("typed beats carried") << s("bankezy.renew-token") << s("X-ACCOUNT-NUMBER") << s("2000") << true << false
                                         << s("typed, overrides Get User Token") << s("1000") << warning;
    QTest::newRow("environment") << s("bankezy.get-app-token") << s("X-API-KEY") << s("") << false << true
                                 << s("from environment") << s("MOB-APP-2001") << info;
    QTest::newRow("typed beats environment") << s("bankezy.get-app-token") << s("X-API-KEY") << s("OTHER") << false << true
                                             << s("typed, overrides environment") << s("MOB-APP-2001") << warning;
    QTest::newRow("plain with example") << s("bankezy.get-app-token") << s("X-API-KEY") << s("") << false << false
                                        << s("") << s("MOB-APP-2001") << neutral;
    QTest::newRow("generated") << s("bankezy.get-user-token") << s("referenceId") << s("") << false << false
                               << s("generated: UUID") << s("a fresh UUID unless you type one") << info;
    QTest::newRow("typed, not generated") << s("bankezy.get-user-token") << s("referenceId") << s("abc") << false << false
                                          << s("typed, not generated") << s("a fresh UUID unless you type one") << warning;
    QTest::newRow("computed") << s("enos.get-token") << s("encryption") << s("") << false << false
                              << s("computed on send") << s("computed on send: hex(sha256(appKey + timestamp + appSecret))") << info;
    QTest::newRow("computed key") << s("bankezy.get-app-token") << s("publicKey") << s("") << false << false
                                  << s("computed on send") << s("computed on send: P-256 key pair") << info;
}

void tst_FieldHints::describe()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, field);
    QFETCH(QString, typed);
    QFETCH(bool, carried);
    QFETCH(bool, inEnvironment);
    QFETCH(QString, text);
    QFETCH(QString, placeholder);
    QFETCH(int, tone);

    Environment environment;
    if (inEnvironment)
        environment.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001"));
    CallContext context;
    if (carried)
        context.values.insert(QStringLiteral("accountNumber"), QStringLiteral("1000"));
    const FieldHint hint = hintFor(endpoint.toLatin1().constData(), field.toLatin1().constData(), typed, environment, context);
    QCOMPARE(hint.text, text);
    QCOMPARE(hint.placeholder, placeholder);
    QCOMPARE(int(hint.tone), tone);
}

void tst_FieldHints::secretsStayHiddenUntilRevealed()
{
    CallContext context;
    const QString token = QStringLiteral("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.ct.tag");
    context.values.insert(QStringLiteral("appToken"), token);
    const FieldHint hidden = hintFor("bankezy.get-user-token", "X-API-TOKEN", QString(), Environment(), context);
    QCOMPARE(hidden.text, QStringLiteral("from Get App Token"));
    QCOMPARE(hidden.placeholder, QStringLiteral("hidden, %1 characters").arg(token.size()));
    QVERIFY(!hidden.placeholder.contains(QStringLiteral("eyJ")));
    const FieldHint shown = hintFor("bankezy.get-user-token", "X-API-TOKEN", QString(), Environment(), context, true);
    QCOMPARE(shown.placeholder, token);
}

QTEST_GUILESS_MAIN(tst_FieldHints)
#include "tst_FieldHints.moc"
