// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli specs list|show|validate` and --specs on call and flow, as processes over real
// temporary folders: the user's config folder, TOKENDESK_SPECS_PATH and --specs, overrides of
// built-in specs, and broken files refused by name while the others load.
#include "CliProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray specJson(const QString &id, const QString &title, const QString &role = QStringLiteral("issue"))
{
    const QString family = id.section(QLatin1Char('.'), 0, 0);
    return QStringLiteral(R"j({"id": "%1", "family": "%2", "title": "%3", "order": 1, "role": "%4",
  "method": "POST", "path": "/%1", "contentType": "application/json",
  "fields": [{"name": "clientId", "in": "body", "required": true}],
  "response": {"code": "status", "success": ["0"], "token": "data.token"}}
)j")
        .arg(id, family, title, role)
        .toUtf8();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QJsonObject byId(const QJsonArray &list, const QString &id)
{
    for (const QJsonValue &item : list) {
        if (item.toObject().value(QLatin1String("id")).toString() == id)
            return item.toObject();
    }
    return {};
}

} // namespace

class tst_SpecsCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    QString configApis() const { return m_home.filePath(QStringLiteral("config/TokenDesk/TokenDesk/apis")); }

    CliRun run(const QStringList &arguments, const QProcessEnvironment &env) { return runCli(arguments, {}, env); }

    QJsonArray listJson(const QStringList &extra, const QProcessEnvironment &env, CliRun *out = nullptr)
    {
        const CliRun result = run(QStringList{QStringLiteral("specs"), QStringLiteral("list"), QStringLiteral("--json")} + extra, env);
        if (out)
            *out = result;
        return QJsonDocument::fromJson(result.out).array();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_home.isValid());
        QDir(m_home.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_home.path()));
        m_env = cliEnvironment(m_home.path(), QStringLiteral("unused"));
        m_env.remove(QStringLiteral("TOKENDESK_SPECS_PATH"));
    }

    void list_builtInOnly()
    {
        CliRun result;
        const QJsonArray list = listJson({}, m_env, &result);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), result.err.constData());
        QCOMPARE(list.size(), 7);
        const QJsonObject first = list.at(0).toObject();
        QCOMPARE(first.keys(), (QStringList{QStringLiteral("builtin"), QStringLiteral("family"), QStringLiteral("id"),
                                            QStringLiteral("overrides"), QStringLiteral("role"), QStringLiteral("source"),
                                            QStringLiteral("title")}));
        QCOMPARE(first.value(QLatin1String("id")).toString(), QStringLiteral("bankezy.get-app-token"));
        QCOMPARE(first.value(QLatin1String("role")).toString(), QStringLiteral("issue"));
        for (const QJsonValue &item : list) {
            QCOMPARE(item[QLatin1String("source")].toString(), QStringLiteral("built-in"));
            QCOMPARE(item[QLatin1String("builtin")].toBool(), true);
            QCOMPARE(item[QLatin1String("overrides")].toBool(), false);
        }
        QCOMPARE(byId(list, QStringLiteral("enos.refresh-token")).value(QLatin1String("role")).toString(), QStringLiteral("refresh"));
        // The text form: one line per spec.
        const CliRun text = run({QStringLiteral("specs"), QStringLiteral("list")}, m_env);
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.out.count('\n'), 7);
        QVERIFY(text.out.contains("enos.get-token  enos  issue  Get Access Token  built-in\n"));
    }

    // Config folder, then TOKENDESK_SPECS_PATH (two folders), then --specs: later ones win.
    void userFolders_inOrder_overrides()
    {
        const QString inConfig = configApis() + QStringLiteral("/enos.get-token.json");
        QVERIFY(writeFile(inConfig, specJson(QStringLiteral("enos.get-token"), QStringLiteral("From config"))));
        const QString pathA = m_home.filePath(QStringLiteral("a")), pathB = m_home.filePath(QStringLiteral("b"));
        QVERIFY(writeFile(pathA + QStringLiteral("/acme.login.json"), specJson(QStringLiteral("acme.login"), QStringLiteral("Acme login"))));
        const QString inB = pathB + QStringLiteral("/acme-login-v2.json");
        QVERIFY(writeFile(inB, specJson(QStringLiteral("acme.login"), QStringLiteral("Acme login v2"))));
        const QString cli = m_home.filePath(QStringLiteral("cli"));
        const QString inCli = cli + QStringLiteral("/mine.json");
        QVERIFY(writeFile(inCli, specJson(QStringLiteral("enos.get-token"), QStringLiteral("From --specs"))));
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("TOKENDESK_SPECS_PATH"), pathA + QStringLiteral("::") + pathB + QStringLiteral(":/no/such/folder"));

        CliRun result;
        const QJsonArray list = listJson({QStringLiteral("--specs"), cli}, env, &result);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(list.size(), 8);
        const QJsonObject enos = byId(list, QStringLiteral("enos.get-token"));
        QCOMPARE(enos.value(QLatin1String("title")).toString(), QStringLiteral("From --specs"));
        QCOMPARE(enos.value(QLatin1String("source")).toString(), inCli);
        QCOMPARE(enos.value(QLatin1String("builtin")).toBool(), false);
        QCOMPARE(enos.value(QLatin1String("overrides")).toBool(), true);
        const QJsonObject acme = byId(list, QStringLiteral("acme.login"));
        QCOMPARE(acme.value(QLatin1String("title")).toString(), QStringLiteral("Acme login v2"));
        QCOMPARE(acme.value(QLatin1String("family")).toString(), QStringLiteral("acme"));
        QCOMPARE(acme.value(QLatin1String("source")).toString(), inB);
        QCOMPARE(acme.value(QLatin1String("overrides")).toBool(), true); // over the one in folder a
        // A plain family comes after the built-in ones.
        QCOMPARE(list.last().toObject().value(QLatin1String("id")).toString(), QStringLiteral("acme.login"));

        // Without --specs the config folder's spec wins over the built-in one.
        const QJsonObject fromConfig = byId(listJson({}, env), QStringLiteral("enos.get-token"));
        QCOMPARE(fromConfig.value(QLatin1String("source")).toString(), inConfig);
        const CliRun text = run({QStringLiteral("specs"), QStringLiteral("list"), QStringLiteral("--specs"), cli}, env);
        QVERIFY2(text.out.contains(QStringLiteral("  overrides %1").arg(inConfig).toUtf8()), text.out.constData());
    }

    void brokenFiles_refusedByName_othersLoad()
    {
        const QString dir = m_home.filePath(QStringLiteral("specs"));
        QVERIFY(writeFile(dir + QStringLiteral("/good.json"), specJson(QStringLiteral("acme.login"), QStringLiteral("Acme"))));
        QVERIFY(writeFile(dir + QStringLiteral("/syntax.json"), "{\"id\": \"acme.x\",\n  \"family\": }"));
        QByteArray noName = specJson(QStringLiteral("acme.nameless"), QStringLiteral("Nameless"));
        noName.replace("[{\"name\": \"clientId\", ", "[{\"in\": \"body\"}, {\"name\": \"clientId\", ");
        noName.replace("{\"in\": \"body\"}, {\"name\": \"clientId\", \"in\": \"body\"", "{\"in\": \"body\"}, {\"name\": \"clientId\", \"in\": \"sideways\"");
        QVERIFY(writeFile(dir + QStringLiteral("/badfield.json"), noName));
        CliRun result;
        const QJsonArray list = listJson({QStringLiteral("--specs"), dir}, m_env, &result);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(list.size(), 8);
        QVERIFY(!byId(list, QStringLiteral("acme.login")).isEmpty());
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(dir + QStringLiteral("/syntax.json: $: not JSON")), qPrintable(err));
        QVERIFY2(err.contains(dir + QStringLiteral("/badfield.json: $.fields[0]: ")), qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 2);
    }

    // A `compute` identifier that no field of the request and no step of its family provides is
    // refused when the specs load (it would fail every call), naming the file, the field's JSON
    // path and what the family does provide; one an earlier step provides (accessToken, from
    // another file) loads.
    void computeInputNothingProvidesIsRefused()
    {
        const QString dir = m_home.filePath(QStringLiteral("provided"));
        QVERIFY(writeFile(dir + QStringLiteral("/acme.login.json"), R"j({"id": "acme.login", "family": "acme", "title": "Login",
  "order": 1, "role": "issue", "method": "POST", "path": "/acme/login", "contentType": "application/json",
  "fields": [{"name": "clientId", "in": "body", "required": true}],
  "response": {"code": "status", "success": ["0"], "token": "data.token", "outputs": {"accessToken": "data.token"}}})j"));
        QVERIFY(writeFile(dir + QStringLiteral("/acme.me.json"), R"j({"id": "acme.me", "family": "acme", "title": "Me",
  "order": 2, "role": "call", "method": "GET", "path": "/acme/me",
  "fields": [{"name": "Authorization", "in": "header", "compute": "'Bearer ' + accessToken"}],
  "response": {"code": "status", "success": ["0"], "token": "data.token"}})j"));
        QVERIFY(writeFile(dir + QStringLiteral("/acme.typo.json"), R"j({"id": "acme.typo", "family": "acme", "title": "Typo",
  "order": 3, "role": "call", "method": "GET", "path": "/acme/typo",
  "fields": [{"name": "X-Client", "in": "header"}, {"name": "Authorization", "in": "header", "compute": "'Bearer ' + accessTok"}],
  "response": {"code": "status", "success": ["0"], "token": "data.token"}})j"));
        CliRun result;
        const QJsonArray list = listJson({QStringLiteral("--specs"), dir}, m_env, &result);
        QCOMPARE(result.exitCode, 0);
        QVERIFY(!byId(list, QStringLiteral("acme.login")).isEmpty());
        QVERIFY(!byId(list, QStringLiteral("acme.me")).isEmpty());
        QVERIFY(byId(list, QStringLiteral("acme.typo")).isEmpty());
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(dir + QStringLiteral("/acme.typo.json: $.fields[1].compute: \"accessTok\" is neither a field of "
                                                   "this request nor a value an earlier step of the acme family provides "
                                                   "(they provide accessToken)")),
                 qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
    }

    void show_printsTheFile()
    {
        const QString dir = m_home.filePath(QStringLiteral("specs"));
        const QByteArray content = specJson(QStringLiteral("acme.login"), QStringLiteral("Acme"));
        QVERIFY(writeFile(dir + QStringLiteral("/acme.json"), content));
        const CliRun user = run({QStringLiteral("specs"), QStringLiteral("show"), QStringLiteral("acme.login"), QStringLiteral("--specs"), dir}, m_env);
        QCOMPARE(user.exitCode, 0);
        QCOMPARE(user.out, content);
        const CliRun builtIn = run({QStringLiteral("specs"), QStringLiteral("show"), QStringLiteral("enos.refresh-token")}, m_env);
        QCOMPARE(builtIn.exitCode, 0);
        const QJsonObject spec = QJsonDocument::fromJson(builtIn.out).object();
        QCOMPARE(spec.value(QLatin1String("id")).toString(), QStringLiteral("enos.refresh-token"));
        QCOMPARE(spec.value(QLatin1String("role")).toString(), QStringLiteral("refresh"));
        const CliRun unknown = run({QStringLiteral("specs"), QStringLiteral("show"), QStringLiteral("acme.login")}, m_env);
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.out.isEmpty());
        QVERIFY2(unknown.err.contains("acme.login"), unknown.err.constData());
    }

    void validate_exitCodeAndReasons()
    {
        const QString good = m_home.filePath(QStringLiteral("good.json"));
        QVERIFY(writeFile(good, specJson(QStringLiteral("acme.login"), QStringLiteral("Acme"))));
        const QString bad = m_home.filePath(QStringLiteral("bad.json"));
        QByteArray badRole = specJson(QStringLiteral("acme.x"), QStringLiteral("X"), QStringLiteral("reissue"));
        QVERIFY(writeFile(bad, badRole));
        const QString missing = m_home.filePath(QStringLiteral("missing.json"));

        const CliRun ok = run({QStringLiteral("specs"), QStringLiteral("validate"), good}, m_env);
        QCOMPARE(ok.exitCode, 0);
        QCOMPARE(ok.out, (good + QStringLiteral(": ok (acme.login)\n")).toUtf8());
        QVERIFY(ok.err.isEmpty());

        const CliRun mixed = run({QStringLiteral("specs"), QStringLiteral("validate"), good, bad, missing}, m_env);
        QCOMPARE(mixed.exitCode, 1);
        QVERIFY(mixed.out.startsWith(good.toUtf8()));
        const QString err = QString::fromUtf8(mixed.err);
        QVERIFY2(err.contains(bad + QStringLiteral(": $.role: ")), qPrintable(err));
        QVERIFY2(err.contains(missing), qPrintable(err));
    }

    // validate makes the load-time check of `compute` identifiers too, over the files given
    // together (and the built-in specs): a value another given file's step provides counts.
    void validate_computeInputsAcrossFiles()
    {
        const QString login = m_home.filePath(QStringLiteral("v/acme.login.json"));
        QVERIFY(writeFile(login, R"j({"id": "acme.login", "family": "acme", "title": "Login",
  "order": 1, "role": "issue", "method": "POST", "path": "/acme/login", "contentType": "application/json",
  "fields": [{"name": "clientId", "in": "body", "required": true}],
  "response": {"code": "status", "success": ["0"], "token": "data.token", "outputs": {"accessToken": "data.token"}}})j"));
        const QString me = m_home.filePath(QStringLiteral("v/acme.me.json"));
        QVERIFY(writeFile(me, R"j({"id": "acme.me", "family": "acme", "title": "Me",
  "order": 2, "role": "call", "method": "GET", "path": "/acme/me",
  "fields": [{"name": "Authorization", "in": "header", "compute": "'Bearer ' + accessToken"}],
  "response": {"code": "status", "success": ["0"], "token": "data.token"}})j"));
        const QString typo = m_home.filePath(QStringLiteral("v/acme.typo.json"));
        QVERIFY(writeFile(typo, R"j({"id": "acme.typo", "family": "acme", "title": "Typo",
  "order": 3, "role": "call", "method": "GET", "path": "/acme/typo",
  "fields": [{"name": "X-Client", "in": "header"}, {"name": "Authorization", "in": "header", "compute": "'Bearer ' + accessTok"}],
  "response": {"code": "status", "success": ["0"], "token": "data.token"}})j"));

        const CliRun alone = run({QStringLiteral("specs"), QStringLiteral("validate"), me}, m_env);
        QCOMPARE(alone.exitCode, 1);
        QVERIFY(alone.out.isEmpty());
        QCOMPARE(QString::fromUtf8(alone.err),
                 me + QStringLiteral(": $.fields[0].compute: \"accessToken\" is neither a field of this request nor a value an "
                                     "earlier step of the acme family provides (they provide none)\n"));

        const CliRun together = run({QStringLiteral("specs"), QStringLiteral("validate"), me, login}, m_env);
        QCOMPARE(together.exitCode, 0);
        QCOMPARE(together.out, (me + QStringLiteral(": ok (acme.me)\n") + login + QStringLiteral(": ok (acme.login)\n")).toUtf8());

        const CliRun mixed = run({QStringLiteral("specs"), QStringLiteral("validate"), login, typo, me}, m_env);
        QCOMPARE(mixed.exitCode, 1);
        QCOMPARE(mixed.out, (login + QStringLiteral(": ok (acme.login)\n") + me + QStringLiteral(": ok (acme.me)\n")).toUtf8());
        QCOMPARE(QString::fromUtf8(mixed.err),
                 typo + QStringLiteral(": $.fields[1].compute: \"accessTok\" is neither a field of this request nor a value an "
                                       "earlier step of the acme family provides (they provide accessToken)\n"));

        // A family with a built-in adapter is not checked, as when it loads: the adapter provides values too.
        const QString enosCall = m_home.filePath(QStringLiteral("v/enos.me.json"));
        QVERIFY(writeFile(enosCall, R"j({"id": "enos.me", "family": "enos", "title": "Me", "order": 9, "role": "call",
  "method": "GET", "path": "/enos/me", "fields": [{"name": "Authorization", "in": "header", "compute": "'Bearer ' + accessToken"}],
  "response": {"code": "status", "success": ["0"], "token": "data.token"}})j"));
        QCOMPARE(run({QStringLiteral("specs"), QStringLiteral("validate"), enosCall}, m_env).exitCode, 0);
    }

    // Family files are recognised by their shape and read by the family loader: a good one is
    // "ok (family ID)", a bad one exit 1 with FILE: JSON-PATH: problem; spec files beside them
    // are checked as before.
    void validate_familyFiles()
    {
        const QString globex = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex/families/globex.json");
        const QString spec = m_home.filePath(QStringLiteral("good.json"));
        QVERIFY(writeFile(spec, specJson(QStringLiteral("acme.login"), QStringLiteral("Acme"))));
        const CliRun ok = run({QStringLiteral("specs"), QStringLiteral("validate"), globex, spec}, m_env);
        QCOMPARE(ok.exitCode, 0);
        QCOMPARE(ok.out, (globex + QStringLiteral(": ok (family globex)\n") + spec + QStringLiteral(": ok (acme.login)\n")).toUtf8());
        QVERIFY2(ok.err.isEmpty(), ok.err.constData());

        const QString badFlow = m_home.filePath(QStringLiteral("families/acme.json"));
        QVERIFY(writeFile(badFlow, R"j({"id": "acme", "displayName": "Acme", "flow": ["issue", "globex.sign-in"]})j"));
        const QString unknownKey = m_home.filePath(QStringLiteral("acme-colour.json"));
        QVERIFY(writeFile(unknownKey, R"j({"id": "acme", "displayName": "Acme", "flow": ["issue"], "colour": "red"})j"));
        const QString noFlow = m_home.filePath(QStringLiteral("acme-noflow.json"));
        QVERIFY(writeFile(noFlow, R"j({"id": "acme", "displayName": "Acme"})j"));
        const CliRun bad = run({QStringLiteral("specs"), QStringLiteral("validate"), globex, badFlow, unknownKey, noFlow}, m_env);
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(bad.out, (globex + QStringLiteral(": ok (family globex)\n")).toUtf8());
        const QStringList lines = QString::fromUtf8(bad.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.at(0).startsWith(badFlow + QStringLiteral(": $.flow[1]: must be an endpoint id of this family")), qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).startsWith(unknownKey + QStringLiteral(": $.colour: unknown key")), qPrintable(lines.at(1)));
        QVERIFY2(lines.at(2).startsWith(noFlow + QStringLiteral(": $.flow: must be a non-empty list")), qPrintable(lines.at(2)));
    }

    void usageErrors()
    {
        for (const QStringList &arguments : {QStringList{QStringLiteral("specs")}, QStringList{QStringLiteral("specs"), QStringLiteral("frob")},
                                             QStringList{QStringLiteral("specs"), QStringLiteral("show")},
                                             QStringList{QStringLiteral("specs"), QStringLiteral("validate")},
                                             QStringList{QStringLiteral("specs"), QStringLiteral("list"), QStringLiteral("extra")}}) {
            const CliRun result = run(arguments, m_env);
            QVERIFY2(result.exitCode == 2, qPrintable(arguments.join(QLatin1Char(' '))));
        }
        const CliRun noFolder = run({QStringLiteral("specs"), QStringLiteral("list"), QStringLiteral("--specs"), m_home.filePath(QStringLiteral("nope"))}, m_env);
        QCOMPARE(noFolder.exitCode, 1);
        QVERIFY2(noFolder.err.contains("not a folder"), noFolder.err.constData());
    }

    // flow's errors name the flows of the specs it read: a --specs family with its steps, and in
    // the usage line, not only the built-in ones its --help lists.
    void flow_unknownFamilyListsUserFlows()
    {
        const QString globex = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex");
        const CliRun unknown = run({QStringLiteral("flow"), QStringLiteral("acme"), QStringLiteral("--specs"), globex}, m_env);
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("unknown family 'acme'; the flows are:"), unknown.err.constData());
        const QRegularExpression steps(QStringLiteral("\\n  globex +sign-in -> refresh\\n"));
        QVERIFY2(steps.match(QString::fromUtf8(unknown.err)).hasMatch(), unknown.err.constData());
        QVERIFY2(unknown.err.contains("usage: tokendesk-cli flow bankezy|enos|secmgmt|globex "), unknown.err.constData());
        const CliRun none = run({QStringLiteral("flow"), QStringLiteral("--specs"), globex}, m_env);
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(steps.match(QString::fromUtf8(none.err)).hasMatch(), none.err.constData());
        // Without --specs the built-in flows only, and --help stays the built-in reference.
        const CliRun builtIn = run({QStringLiteral("flow"), QStringLiteral("acme")}, m_env);
        QVERIFY(builtIn.err.contains("  enos "));
        QVERIFY(!builtIn.err.contains("globex"));
    }

    // call and flow find a user spec and a user family through --specs (nothing listens on port 1:
    // the call fails on the connection, after the spec was found).
    void callAndFlow_takeSpecs()
    {
        const QString dir = m_home.filePath(QStringLiteral("specs"));
        QVERIFY(writeFile(dir + QStringLiteral("/acme.login.json"), specJson(QStringLiteral("acme.login"), QStringLiteral("Acme"))));
        const QStringList target{QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--set"),
                                 QStringLiteral("clientId=c1"), QStringLiteral("--no-session")};
        const CliRun unknown = run(QStringList{QStringLiteral("call"), QStringLiteral("acme.login")} + target, m_env);
        QCOMPARE(unknown.exitCode, 2);
        const CliRun found = run(QStringList{QStringLiteral("call"), QStringLiteral("acme.login"), QStringLiteral("--specs"), dir} + target, m_env);
        QCOMPARE(found.exitCode, 1);
        QVERIFY2(!found.err.contains("unknown endpoint"), found.err.constData());
        const CliRun noFamily = run(QStringList{QStringLiteral("flow"), QStringLiteral("acme")} + target, m_env);
        QCOMPARE(noFamily.exitCode, 2);
        const CliRun flow = run(QStringList{QStringLiteral("flow"), QStringLiteral("acme"), QStringLiteral("--specs"), dir,
                                            QStringLiteral("--json")} + target, m_env);
        QCOMPARE(flow.exitCode, 1);
        const QJsonObject outcome = QJsonDocument::fromJson(flow.out).object();
        QCOMPARE(outcome.value(QLatin1String("family")).toString(), QStringLiteral("acme"));
        QCOMPARE(outcome.value(QLatin1String("steps")).toArray().size(), 1);
        QCOMPARE(outcome.value(QLatin1String("steps"))[0][QLatin1String("endpoint")].toString(), QStringLiteral("acme.login"));
    }
};

QTEST_GUILESS_MAIN(tst_SpecsCli)
#include "tst_SpecsCli.moc"
