// SPDX-License-Identifier: GPL-3.0-or-later
// `tokendesk-cli vault ...` driven as a process: command lines, exit codes, where passphrases and
// secrets come from, two terminals adding at once without losing an entry, a damaged vault's
// message naming its .bak, and that none of the secrets ever reaches a file in clear.
#include "CliProcess.h"
#include "core/vault/Vault.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <initializer_list>
#include <memory>
#include <unistd.h>

namespace {

const QByteArray kPassphrase = "correct horse battery staple 7f3a";
const td::ScryptParams kFastKdf{10, 8, 1};
constexpr int kAddsPerTerminal = 30;

QStringList words(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *word : list)
        result.append(QString::fromUtf8(word));
    return result;
}

QString describeRun(const CliRun &run)
{
    return QStringLiteral("exit %1; stdout: %2; stderr: %3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out.left(400)), QString::fromUtf8(run.err.left(400)));
}

QByteArray readFile(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray base64UrlDecode(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QJsonObject findEntry(const QJsonArray &entries, const QString &name)
{
    for (const QJsonValue &value : entries) {
        if (value.toObject().value(QStringLiteral("name")).toString() == name)
            return value.toObject();
    }
    return {};
}

} // namespace

// The message is built only when the check fails.
#define VERIFY_EXIT(run, expected)                                                                   \
    do {                                                                                             \
        const CliRun &checked_ = (run);                                                              \
        if (checked_.exitCode != (expected))                                                         \
            QFAIL(qPrintable(QStringLiteral("expected exit %1, got ").arg(expected) + describeRun(checked_))); \
    } while (false)

class tst_VaultCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QByteArrayList m_secrets; // every secret and passphrase used, searched for on disk at the end

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QProcessEnvironment envWith(const QByteArray &passphrase) const
    {
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("TOKENDESK_VAULT_PASSPHRASE"), QString::fromUtf8(passphrase));
        return env;
    }

    // The CLI in a new session: it has no controlling terminal, so a test that wrongly reaches the
    // passphrase prompt fails at once instead of waiting for someone to type.
    CliRun cli(const QStringList &arguments, const QByteArray &input = {}, const QProcessEnvironment *env = nullptr)
    {
        QProcess process;
        process.setProcessEnvironment(env ? *env : envWith(kPassphrase));
        process.setChildProcessModifier([] { ::setsid(); });
        process.start(QStringLiteral(TOKENDESK_CLI_PATH), arguments);
        if (!process.waitForStarted(10000))
            return {};
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished(5000);
            return {};
        }
        CliRun run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    CliRun vault(const QString &file, QStringList arguments, const QByteArray &input = {}, const QProcessEnvironment *env = nullptr)
    {
        arguments.prepend(QStringLiteral("vault"));
        arguments << QStringLiteral("--vault") << file;
        return cli(arguments, input, env);
    }

    // A fresh vault under the default test passphrase.
    QString newVault(const QString &name)
    {
        const QString file = path(name);
        const CliRun run = vault(file, {QStringLiteral("init")});
        return run.exitCode == 0 && QFile::exists(file) ? file : QString();
    }

    QJsonArray listJson(const QString &file, const QByteArray &passphrase = kPassphrase)
    {
        const QProcessEnvironment env = envWith(passphrase);
        const CliRun run = vault(file, {QStringLiteral("list"), QStringLiteral("--json")}, {}, &env);
        if (run.exitCode != 0)
            return {};
        return QJsonDocument::fromJson(run.out).array();
    }

    QByteArray thumbprintOf(const QByteArray &keyText)
    {
        const CliRun run = cli({QStringLiteral("jwk"), QStringLiteral("thumbprint")}, keyText);
        return run.exitCode == 0 ? run.out.trimmed() : QByteArray("failed: " + run.err);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(TOKENDESK_CLI_PATH)));
        // Every folder the CLI could write to lies inside the temporary folder, so the final scan
        // sees all of them.
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.remove(QStringLiteral("TOKENDESK_VAULT_PASSPHRASE"));
        m_env.remove(QStringLiteral("TOKENDESK_VAULT_NEW_PASSPHRASE"));
        for (const char *variable : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}) {
            const QString folder = path(QString::fromUtf8(variable).toLower());
            QVERIFY(QDir().mkpath(folder));
            m_env.insert(QString::fromUtf8(variable), folder);
        }
        m_secrets.append(kPassphrase);
    }

    void initCreatesVault()
    {
        const QString file = path(QStringLiteral("init.tdvault"));
        const CliRun run = vault(file, {QStringLiteral("init")});
        VERIFY_EXIT(run, 0);
        QVERIFY(QFile::exists(file));
        QCOMPARE(QFileInfo(file).permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
                 QFileDevice::Permissions());
        QCOMPARE(listJson(file), QJsonArray());

        // A second init refuses and leaves the vault as it was.
        const QByteArray before = readFile(file);
        const CliRun again = vault(file, {QStringLiteral("init")});
        VERIFY_EXIT(again, 1);
        QVERIFY2(again.err.startsWith("tokendesk-cli: io: "), again.err.constData());
        QCOMPARE(readFile(file), before);
    }

    void initUsesTheDataFolderByDefault()
    {
        const CliRun run = cli({QStringLiteral("vault"), QStringLiteral("init")});
        VERIFY_EXIT(run, 0);
        const QString expected = QDir(m_env.value(QStringLiteral("XDG_DATA_HOME"))).filePath(QStringLiteral("TokenDesk/TokenDesk/vault.tdvault"));
        QVERIFY2(QFile::exists(expected), qPrintable(describeRun(run)));
        const CliRun list = cli({QStringLiteral("vault"), QStringLiteral("list"), QStringLiteral("--json")});
        VERIFY_EXIT(list, 0);
        QCOMPARE(QJsonDocument::fromJson(list.out).array(), QJsonArray());
    }

    void initReadsThePassphraseFromADescriptor()
    {
        const QByteArray fdPassphrase = "passphrase via descriptor 0 9c1e";
        m_secrets.append(fdPassphrase);
        const QString file = path(QStringLiteral("fd.tdvault"));
        const CliRun run = vault(file, {QStringLiteral("init"), QStringLiteral("--passphrase-fd"), QStringLiteral("0")},
                                 fdPassphrase + '\n', &m_env);
        VERIFY_EXIT(run, 0);

        // The descriptor comes before the environment variable.
        const CliRun viaFd = vault(file, {QStringLiteral("list"), QStringLiteral("--passphrase-fd"), QStringLiteral("0")},
                                   fdPassphrase + '\n');
        VERIFY_EXIT(viaFd, 0);
        const CliRun viaEnv = vault(file, {QStringLiteral("list")});
        VERIFY_EXIT(viaEnv, 1);
        QVERIFY2(viaEnv.err.startsWith("tokendesk-cli: wrong-passphrase: "), viaEnv.err.constData());
        QCOMPARE(listJson(file, fdPassphrase), QJsonArray());
    }

    void genEcAndListJson()
    {
        const QString file = newVault(QStringLiteral("gen.tdvault"));
        QVERIFY(!file.isEmpty());
        const CliRun gen = vault(file, words({"gen", "partner-a", "--kty", "EC", "--crv", "P-256", "--kid", "kid-1",
                                              "--tag", "partner-a", "--tag", "prod", "--notes", "issued by ops"}));
        VERIFY_EXIT(gen, 0);

        const QJsonArray entries = listJson(file);
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries.first().toObject();
        QStringList keys = entry.keys();
        keys.sort();
        QCOMPARE(keys, words({"created", "environments", "kid", "kind", "lastUsed", "name", "rotateBy", "tags", "thumbprint"}));
        QCOMPARE(entry.value(QStringLiteral("name")).toString(), QStringLiteral("partner-a"));
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), QStringLiteral("ec-key"));
        QCOMPARE(entry.value(QStringLiteral("kid")).toString(), QStringLiteral("kid-1"));
        QCOMPARE(entry.value(QStringLiteral("tags")).toArray(), QJsonArray::fromStringList(words({"partner-a", "prod"})));
        QCOMPARE(entry.value(QStringLiteral("environments")).toArray(), QJsonArray());
        QVERIFY(QDateTime::fromString(entry.value(QStringLiteral("created")).toString(), Qt::ISODate).isValid());
        QVERIFY(entry.value(QStringLiteral("lastUsed")).isNull());
        QVERIFY(entry.value(QStringLiteral("rotateBy")).isNull());
        const QByteArray thumbprint = entry.value(QStringLiteral("thumbprint")).toString().toUtf8();
        QCOMPARE(thumbprint.size(), 43);
        QVERIFY(gen.out.contains(thumbprint));

        // The exported public key is the same key: `jwk thumbprint` agrees with the list.
        const CliRun exported = vault(file, words({"export", "partner-a", "--public"}));
        VERIFY_EXIT(exported, 0);
        const QJsonObject jwk = QJsonDocument::fromJson(exported.out).object();
        QCOMPARE(jwk.value(QStringLiteral("kty")).toString(), QStringLiteral("EC"));
        QCOMPARE(jwk.value(QStringLiteral("crv")).toString(), QStringLiteral("P-256"));
        QCOMPARE(jwk.value(QStringLiteral("kid")).toString(), QStringLiteral("kid-1"));
        QVERIFY(!jwk.contains(QStringLiteral("d")));
        QCOMPARE(thumbprintOf(exported.out), thumbprint);

        // The export counts as a use.
        const QJsonObject used = findEntry(listJson(file), QStringLiteral("partner-a"));
        QVERIFY(QDateTime::fromString(used.value(QStringLiteral("lastUsed")).toString(), Qt::ISODate).isValid());

        // The private key's d must never be written in clear.
        const CliRun privateJwk = vault(file, words({"export", "partner-a"}));
        VERIFY_EXIT(privateJwk, 0);
        const QByteArray d = QJsonDocument::fromJson(privateJwk.out).object().value(QStringLiteral("d")).toString().toUtf8();
        QCOMPARE(d.size(), 43);
        m_secrets.append(d);
    }

    void genKinds_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("kty");
        QTest::newRow("EC P-384") << words({"--kty", "EC", "--crv", "P-384"}) << QStringLiteral("ec-key") << QStringLiteral("EC");
        QTest::newRow("RSA 2048") << words({"--kty", "RSA", "--size", "2048"}) << QStringLiteral("rsa-key") << QStringLiteral("RSA");
        QTest::newRow("oct 256") << words({"--kty", "oct"}) << QStringLiteral("oct-key") << QStringLiteral("oct");
    }

    void genKinds()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, kind);
        QFETCH(QString, kty);
        const QString file = newVault(QStringLiteral("kinds-%1.tdvault").arg(kind));
        QVERIFY(!file.isEmpty());
        const CliRun gen = vault(file, QStringList{QStringLiteral("gen"), QStringLiteral("k")} + options);
        VERIFY_EXIT(gen, 0);
        const QJsonObject entry = findEntry(listJson(file), QStringLiteral("k"));
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), kind);
        const CliRun exported = vault(file, words({"export", "k"}));
        VERIFY_EXIT(exported, 0);
        const QJsonObject jwk = QJsonDocument::fromJson(exported.out).object();
        QCOMPARE(jwk.value(QStringLiteral("kty")).toString(), kty);
        QCOMPARE(thumbprintOf(exported.out), entry.value(QStringLiteral("thumbprint")).toString().toUtf8());
        const QString secretMember = kty == QLatin1String("oct") ? QStringLiteral("k") : QStringLiteral("d");
        m_secrets.append(jwk.value(secretMember).toString().toUtf8());
        QVERIFY(m_secrets.constLast().size() >= 43);
    }

    void importPemAndExportRoundTrips_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("publicOnly");
        QTest::newRow("jwk public") << QStringLiteral("jwk") << true;
        QTest::newRow("pem public") << QStringLiteral("pem") << true;
        QTest::newRow("b64jwk public") << QStringLiteral("b64jwk") << true;
        QTest::newRow("jwk private") << QStringLiteral("jwk") << false;
        QTest::newRow("pem private") << QStringLiteral("pem") << false;
        QTest::newRow("b64jwk private") << QStringLiteral("b64jwk") << false;
    }

    void importPemAndExportRoundTrips()
    {
        QFETCH(QString, format);
        QFETCH(bool, publicOnly);
        const QString file = path(QStringLiteral("import.tdvault"));
        const QString pem = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p256.pkcs8.pem");
        const QByteArray expectedThumbprint = thumbprintOf(readFile(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p256.public.jwk.json")));
        if (!QFile::exists(file)) {
            QVERIFY(!newVault(QStringLiteral("import.tdvault")).isEmpty());
            const CliRun imported = vault(file, {QStringLiteral("import"), QStringLiteral("from-pem"), pem,
                                                 QStringLiteral("--tag"), QStringLiteral("imported")});
            VERIFY_EXIT(imported, 0);
            const QJsonObject entry = findEntry(listJson(file), QStringLiteral("from-pem"));
            QCOMPARE(entry.value(QStringLiteral("kind")).toString(), QStringLiteral("ec-key"));
            QCOMPARE(entry.value(QStringLiteral("thumbprint")).toString().toUtf8(), expectedThumbprint);
        }

        QStringList arguments = {QStringLiteral("export"), QStringLiteral("from-pem"), QStringLiteral("--format"), format};
        if (publicOnly)
            arguments << QStringLiteral("--public");
        const CliRun exported = vault(file, arguments);
        VERIFY_EXIT(exported, 0);
        QVERIFY(exported.out.endsWith('\n'));

        // Read back with the CLI's own reader: the same key, public or private as asked.
        QCOMPARE(thumbprintOf(exported.out), expectedThumbprint);
        QByteArray jwkText = exported.out.trimmed();
        if (format == QLatin1String("pem")) {
            QCOMPARE(exported.out.startsWith("-----BEGIN PUBLIC KEY-----"), publicOnly);
            QCOMPARE(exported.out.startsWith("-----BEGIN PRIVATE KEY-----"), !publicOnly);
            const CliRun converted = cli({QStringLiteral("jwk"), QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("jwk")}, exported.out);
            VERIFY_EXIT(converted, 0);
            jwkText = converted.out;
        } else if (format == QLatin1String("b64jwk")) {
            jwkText = base64UrlDecode(jwkText);
        }
        const QJsonObject jwk = QJsonDocument::fromJson(jwkText).object();
        QCOMPARE(jwk.value(QStringLiteral("crv")).toString(), QStringLiteral("P-256"));
        QCOMPARE(jwk.contains(QStringLiteral("d")), !publicOnly);
    }

    void importRefusesSeveralKeys()
    {
        const QString file = newVault(QStringLiteral("set.tdvault"));
        QVERIFY(!file.isEmpty());
        const QByteArray a = readFile(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p256.public.jwk.json"));
        const QByteArray b = readFile(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p384.public.jwk.json"));
        const QString set = path(QStringLiteral("two-keys.jwks"));
        QFile out(set);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("{\"keys\":[" + a + "," + b + "]}");
        out.close();
        const CliRun run = vault(file, {QStringLiteral("import"), QStringLiteral("both"), set});
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: key-parse: "), run.err.constData());
        QVERIFY2(run.err.contains("2 keys"), run.err.constData());
        QCOMPARE(listJson(file), QJsonArray());
    }

    void exportPublicOfOctKeyRefused()
    {
        const QString file = path(QStringLiteral("kinds-oct-key.tdvault"));
        QVERIFY(QFile::exists(file));
        const CliRun run = vault(file, words({"export", "k", "--public"}));
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: key-type-mismatch: "), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    void addCredential_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("identity");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("secret");
        QTest::newRow("api-credential, newline stripped") << QStringLiteral("api-credential") << QString()
                                                         << QByteArray("sk_live_4f9a2b7c1d8e3f60a5b4\n") << QByteArray("sk_live_4f9a2b7c1d8e3f60a5b4");
        QTest::newRow("app-key, CRLF stripped") << QStringLiteral("app-key") << QStringLiteral("app-0042")
                                                << QByteArray("appsecret-91d2e8c4b7a6f3e0\r\n") << QByteArray("appsecret-91d2e8c4b7a6f3e0");
        QTest::newRow("login, no newline, spaces and UTF-8") << QStringLiteral("login") << QStringLiteral("alice@example.com")
                                                             << QByteArray("p\xc3\xa4ss w0rd 5e7b") << QByteArray("p\xc3\xa4ss w0rd 5e7b");
    }

    void addCredential()
    {
        QFETCH(QString, kind);
        QFETCH(QString, identity);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, secret);
        m_secrets.append(secret);
        const QString file = path(QStringLiteral("credentials.tdvault"));
        if (!QFile::exists(file))
            QVERIFY(!newVault(QStringLiteral("credentials.tdvault")).isEmpty());
        const QString name = QStringLiteral("cred-%1").arg(kind);
        QStringList arguments = {QStringLiteral("add"), name, QStringLiteral("--kind"), kind, QStringLiteral("--tag"), QStringLiteral("t1")};
        if (!identity.isEmpty())
            arguments << QStringLiteral("--identity") << identity;
        const CliRun added = vault(file, arguments, input);
        VERIFY_EXIT(added, 0);
        QVERIFY(!added.out.contains(secret));
        QVERIFY(!added.err.contains(secret));

        // Listed without the secret, in either form.
        const CliRun json = vault(file, words({"list", "--json"}));
        VERIFY_EXIT(json, 0);
        QVERIFY(!json.out.contains(secret));
        const QJsonObject entry = findEntry(QJsonDocument::fromJson(json.out).array(), name);
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), kind);
        QVERIFY(entry.value(QStringLiteral("thumbprint")).isNull());
        QVERIFY(entry.value(QStringLiteral("kid")).isNull());
        const CliRun table = vault(file, words({"list"}));
        VERIFY_EXIT(table, 0);
        QVERIFY2(table.out.contains(name.toUtf8()), table.out.constData());
        QVERIFY(!table.out.contains(secret));

        // Without --secret the value is refused; with it, it comes back byte for byte.
        const CliRun refused = vault(file, {QStringLiteral("export"), name});
        VERIFY_EXIT(refused, 2);
        QVERIFY(refused.out.isEmpty());
        QVERIFY(!refused.err.contains(secret));
        QVERIFY2(refused.err.contains("--secret"), refused.err.constData());
        const CliRun exported = vault(file, {QStringLiteral("export"), name, QStringLiteral("--secret")});
        VERIFY_EXIT(exported, 0);
        QCOMPARE(exported.out, secret + '\n');
    }

    void addWithThePassphraseOnTheFirstLine()
    {
        const QString file = path(QStringLiteral("credentials.tdvault"));
        QVERIFY(QFile::exists(file));
        const QByteArray secret = "token-on-line-two-0b8d55";
        m_secrets.append(secret);
        const CliRun added = vault(file, words({"add", "line-two", "--kind", "api-credential", "--passphrase-fd", "0"}),
                                   kPassphrase + '\n' + secret + '\n', &m_env);
        VERIFY_EXIT(added, 0);
        const CliRun exported = vault(file, words({"export", "line-two", "--secret"}));
        VERIFY_EXIT(exported, 0);
        QCOMPARE(exported.out, secret + '\n');
    }

    void addRefusesAnEmptySecret()
    {
        const QString file = path(QStringLiteral("credentials.tdvault"));
        const CliRun run = vault(file, words({"add", "empty", "--kind", "api-credential"}), "\n");
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: empty-input: "), run.err.constData());
        QVERIFY(findEntry(listJson(file), QStringLiteral("empty")).isEmpty());
    }

    void nameTaken_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("add, other case") << words({"add", "CRED-API-CREDENTIAL", "--kind", "api-credential"}) << QByteArray("x-secret-1\n");
        QTest::newRow("gen") << words({"gen", "cred-login", "--kty", "EC"}) << QByteArray();
        QTest::newRow("import") << QStringList{QStringLiteral("import"), QStringLiteral("cred-app-key"),
                                               QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/ec-p256.pkcs8.pem")}
                                << QByteArray();
    }

    void nameTaken()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        const QString file = path(QStringLiteral("credentials.tdvault"));
        QVERIFY(QFile::exists(file));
        const QByteArray before = readFile(file);
        const CliRun run = vault(file, arguments, input);
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: name-taken: "), run.err.constData());
        QCOMPARE(readFile(file), before);
    }

    void removeEntry()
    {
        const QString file = path(QStringLiteral("credentials.tdvault"));
        QVERIFY(QFile::exists(file));
        const CliRun removed = vault(file, words({"rm", "cred-login"}));
        VERIFY_EXIT(removed, 0);
        const QJsonArray entries = listJson(file);
        QVERIFY(!entries.isEmpty());
        QVERIFY(findEntry(entries, QStringLiteral("cred-login")).isEmpty());
        QVERIFY(!findEntry(entries, QStringLiteral("cred-app-key")).isEmpty());

        const CliRun again = vault(file, words({"rm", "cred-login"}));
        VERIFY_EXIT(again, 1);
        QVERIFY2(again.err.startsWith("tokendesk-cli: not-found: "), again.err.constData());
        const CliRun exported = vault(file, words({"export", "cred-login", "--secret"}));
        VERIFY_EXIT(exported, 1);
        QVERIFY2(exported.err.startsWith("tokendesk-cli: not-found: "), exported.err.constData());
    }

    void wrongPassphrase_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("list") << words({"list"}) << QByteArray();
        QTest::newRow("export") << words({"export", "cred-app-key", "--secret"}) << QByteArray();
        QTest::newRow("rm") << words({"rm", "cred-app-key"}) << QByteArray();
        QTest::newRow("gen") << words({"gen", "new-key", "--kty", "EC"}) << QByteArray();
        QTest::newRow("add") << words({"add", "new-cred", "--kind", "api-credential"}) << QByteArray("value-a1\n");
        QTest::newRow("passwd") << words({"passwd"}) << QByteArray();
    }

    void wrongPassphrase()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        const QString file = path(QStringLiteral("credentials.tdvault"));
        QVERIFY(QFile::exists(file));
        const QByteArray before = readFile(file);
        QProcessEnvironment env = envWith("not the passphrase");
        env.insert(QStringLiteral("TOKENDESK_VAULT_NEW_PASSPHRASE"), QStringLiteral("whatever new 1"));
        const CliRun run = vault(file, arguments, input, &env);
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: wrong-passphrase: "), run.err.constData());
        QVERIFY(run.out.isEmpty());
        QCOMPARE(readFile(file), before);
    }

    void passwdFromTheEnvironment()
    {
        const QString file = newVault(QStringLiteral("passwd.tdvault"));
        QVERIFY(!file.isEmpty());
        const QByteArray secret = "kept-across-passwd-6a1f";
        const QByteArray next = "the new passphrase d41c";
        m_secrets << secret << next;
        VERIFY_EXIT(vault(file, words({"add", "kept", "--kind", "api-credential"}), secret), 0);

        QProcessEnvironment env = envWith(kPassphrase);
        env.insert(QStringLiteral("TOKENDESK_VAULT_NEW_PASSPHRASE"), QString::fromUtf8(next));
        VERIFY_EXIT(vault(file, words({"passwd"}), {}, &env), 0);

        const CliRun old = vault(file, words({"list"}));
        VERIFY_EXIT(old, 1);
        QVERIFY2(old.err.startsWith("tokendesk-cli: wrong-passphrase: "), old.err.constData());
        const QProcessEnvironment nextEnv = envWith(next);
        const CliRun exported = vault(file, words({"export", "kept", "--secret"}), {}, &nextEnv);
        VERIFY_EXIT(exported, 0);
        QCOMPARE(exported.out, secret + '\n');
    }

    void passwdFromADescriptor()
    {
        const QString file = path(QStringLiteral("passwd.tdvault"));
        QVERIFY(QFile::exists(file));
        const QByteArray current = "the new passphrase d41c";
        const QByteArray next = "third passphrase via fd 2e90";
        m_secrets << next;
        const CliRun changed = vault(file, words({"passwd", "--passphrase-fd", "0"}), current + '\n' + next + '\n', &m_env);
        VERIFY_EXIT(changed, 0);
        QVERIFY(!listJson(file, next).isEmpty());
        const CliRun old = vault(file, words({"list", "--passphrase-fd", "0"}), current + '\n', &m_env);
        VERIFY_EXIT(old, 1);
        QVERIFY2(old.err.startsWith("tokendesk-cli: wrong-passphrase: "), old.err.constData());

        // Only one line on the descriptor: the new passphrase is missing, nothing changes.
        const QByteArray before = readFile(file);
        const CliRun oneLine = vault(file, words({"passwd", "--passphrase-fd", "0"}), next + '\n', &m_env);
        VERIFY_EXIT(oneLine, 1);
        QVERIFY2(oneLine.err.startsWith("tokendesk-cli: empty-input: "), oneLine.err.constData());
        QCOMPARE(readFile(file), before);
    }

    void passwdWithoutANewPassphrase()
    {
        const QString file = path(QStringLiteral("passwd.tdvault"));
        const QByteArray current = "third passphrase via fd 2e90";
        const QByteArray before = readFile(file);
        const QProcessEnvironment env = envWith(current);
        const CliRun run = vault(file, words({"passwd"}), {}, &env);
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: empty-input: "), run.err.constData());
        QVERIFY2(run.err.contains("TOKENDESK_VAULT_NEW_PASSPHRASE"), run.err.constData());
        QCOMPARE(readFile(file), before);
    }

    void noPassphraseSource_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("list") << words({"list"});
        QTest::newRow("init") << words({"init"});
    }

    void noPassphraseSource()
    {
        QFETCH(QStringList, arguments);
        const QString file = arguments.first() == QLatin1String("init") ? path(QStringLiteral("never-created.tdvault"))
                                                                       : path(QStringLiteral("credentials.tdvault"));
        // No descriptor, no variable, and (in its own session) no terminal.
        const CliRun run = vault(file, arguments, {}, &m_env);
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: empty-input: no passphrase"), run.err.constData());
        QVERIFY(run.err.contains("--passphrase-fd"));
        QVERIFY(run.err.contains("TOKENDESK_VAULT_PASSPHRASE"));
        QVERIFY(run.err.contains("terminal"));
        QVERIFY(!QFile::exists(path(QStringLiteral("never-created.tdvault"))));
    }

    void passphraseIsNeverAnArgument_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("init --passphrase X") << words({"init", "--passphrase", "argv-secret-1"});
        QTest::newRow("init --passphrase=X") << words({"init", "--passphrase=argv-secret-1"});
        QTest::newRow("list --password X") << words({"list", "--password", "argv-secret-1"});
        QTest::newRow("gen NAME --passphrase=X") << words({"gen", "k", "--kty", "EC", "--passphrase=argv-secret-1"});
    }

    void passphraseIsNeverAnArgument()
    {
        QFETCH(QStringList, arguments);
        const QString file = path(QStringLiteral("argv.tdvault"));
        const CliRun run = vault(file, arguments);
        VERIFY_EXIT(run, 2);
        QVERIFY2(run.err.startsWith("tokendesk-cli: usage: the passphrase is never an argument"), run.err.constData());
        QVERIFY(!run.err.contains("argv-secret-1"));
        QVERIFY(!QFile::exists(file));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no subcommand") << QStringList();
        QTest::newRow("unknown subcommand") << words({"open"});
        QTest::newRow("unknown flag") << words({"list", "--all"});
        QTest::newRow("list positional") << words({"list", "extra"});
        QTest::newRow("gen without NAME") << words({"gen", "--kty", "EC"});
        QTest::newRow("gen without --kty") << words({"gen", "k"});
        QTest::newRow("gen bad kty") << words({"gen", "k", "--kty", "DSA"});
        QTest::newRow("gen EC --size") << words({"gen", "k", "--kty", "EC", "--size", "256"});
        QTest::newRow("gen bad curve") << words({"gen", "k", "--kty", "EC", "--crv", "P-192"});
        QTest::newRow("gen RSA small") << words({"gen", "k", "--kty", "RSA", "--size", "1024"});
        QTest::newRow("import without FILE") << words({"import", "k"});
        QTest::newRow("add without --kind") << words({"add", "c"});
        QTest::newRow("add key kind") << words({"add", "c", "--kind", "ec-key"});
        QTest::newRow("add api-credential --identity") << words({"add", "c", "--kind", "api-credential", "--identity", "u"});
        QTest::newRow("add app-key without --identity") << words({"add", "c", "--kind", "app-key"});
        QTest::newRow("add login without --identity") << words({"add", "c", "--kind", "login"});
        QTest::newRow("export bad format") << words({"export", "k", "--format", "der"});
        QTest::newRow("export --secret --public") << words({"export", "k", "--secret", "--public"});
        QTest::newRow("bad --passphrase-fd") << words({"list", "--passphrase-fd", "three"});
        QTest::newRow("negative --passphrase-fd") << words({"list", "--passphrase-fd", "-1"});
        QTest::newRow("empty NAME") << words({"rm", ""});
        QTest::newRow("passwd positional") << words({"passwd", "x"});
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const QString file = path(QStringLiteral("credentials.tdvault"));
        const QByteArray before = readFile(file);
        arguments.prepend(QStringLiteral("vault"));
        arguments << QStringLiteral("--vault") << file;
        if (arguments.size() == 3) // the bare `vault`: no flags after it
            arguments = QStringList{QStringLiteral("vault")};
        const CliRun run = cli(arguments, "some-input\n");
        VERIFY_EXIT(run, 2);
        QVERIFY2(run.err.startsWith("tokendesk-cli: usage: "), run.err.constData());
        QVERIFY(run.err.contains("\nusage: tokendesk-cli vault"));
        QCOMPARE(readFile(file), before);
    }

    void exportKeyWithSecretFlagIsUsage()
    {
        const QString file = path(QStringLiteral("gen.tdvault"));
        const CliRun run = vault(file, words({"export", "partner-a", "--secret"}));
        VERIFY_EXIT(run, 2);
        QVERIFY(run.out.isEmpty());
    }

    void missingVault()
    {
        const QString file = path(QStringLiteral("absent.tdvault"));
        const CliRun run = vault(file, words({"list"}));
        VERIFY_EXIT(run, 1);
        QVERIFY2(run.err.startsWith("tokendesk-cli: not-found: "), run.err.constData());
        QVERIFY2(run.err.contains("tokendesk-cli vault init"), run.err.constData());
        QVERIFY(!QFile::exists(file));
    }

    void helpPerSubcommand_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("vault --help") << words({"vault", "--help"});
        for (const char *sub : {"init", "list", "gen", "import", "add", "export", "rm", "passwd"})
            QTest::newRow(sub) << QStringList{QStringLiteral("vault"), QString::fromUtf8(sub), QStringLiteral("--help")};
    }

    void helpPerSubcommand()
    {
        QFETCH(QStringList, arguments);
        const CliRun run = cli(arguments, {}, &m_env);
        VERIFY_EXIT(run, 0);
        QVERIFY(run.out.startsWith("Usage:\n"));
        QVERIFY(run.out.contains("TOKENDESK_VAULT_PASSPHRASE"));
        QVERIFY(run.err.isEmpty());
    }

    // `vault add` in two terminals at once, 30 times each: every add exits 0 and all 60 entries
    // are in the vault. (The vault is made with cheap scrypt parameters so the 60 runs stay quick;
    // the CLI reads them from its header.)
    void concurrentAddsFromTwoTerminalsKeepEveryEntry()
    {
        const QString file = path(QStringLiteral("concurrent.tdvault"));
        QVERIFY(td::Vault::create(file, td::SecureBytes(kPassphrase), kFastKdf));
        const QProcessEnvironment env = envWith(kPassphrase);
        QStringList failures[2];
        const auto terminal = [&](int which) {
            return QThread::create([&, which] {
                for (int i = 0; i < kAddsPerTerminal; ++i) {
                    const QString name = QStringLiteral("t%1-%2").arg(which).arg(i);
                    const CliRun run = runCli({QStringLiteral("vault"), QStringLiteral("add"), name, QStringLiteral("--kind"),
                                               QStringLiteral("api-credential"), QStringLiteral("--vault"), file},
                                              "value-of-" + name.toUtf8() + '\n', env);
                    if (run.exitCode != 0)
                        failures[which].append(name + QStringLiteral(": ") + describeRun(run));
                }
            });
        };
        QElapsedTimer took;
        took.start();
        std::unique_ptr<QThread> first(terminal(0));
        std::unique_ptr<QThread> second(terminal(1));
        first->start();
        second->start();
        QVERIFY(first->wait(600000));
        QVERIFY(second->wait(600000));
        qInfo("%d concurrent CLI adds took %lld ms, %.1f ms per add with two terminals", 2 * kAddsPerTerminal,
              took.elapsed(), double(took.elapsed()) / (2 * kAddsPerTerminal));
        QVERIFY2(failures[0].isEmpty() && failures[1].isEmpty(), qPrintable((failures[0] + failures[1]).join(u'\n')));
        const QJsonArray entries = listJson(file);
        QCOMPARE(entries.size(), 2 * kAddsPerTerminal);
        for (int which : {0, 1})
            for (int i = 0; i < kAddsPerTerminal; ++i)
                QVERIFY(!findEntry(entries, QStringLiteral("t%1-%2").arg(which).arg(i)).isEmpty());
    }

    // A damaged vault: stderr names the .bak beside it and how to use it, and doing that works.
    void damagedVaultNamesItsBackup()
    {
        const QString file = path(QStringLiteral("damaged.tdvault"));
        QVERIFY(td::Vault::create(file, td::SecureBytes(kPassphrase), kFastKdf));
        VERIFY_EXIT(vault(file, words({"add", "before-damage", "--kind", "api-credential"}), "v1\n"), 0);
        VERIFY_EXIT(vault(file, words({"add", "lost-with-damage", "--kind", "api-credential"}), "v2\n"), 0);
        QByteArray bytes = readFile(file);
        bytes[bytes.size() - 30] = char(bytes.at(bytes.size() - 30) ^ 0x40);
        {
            QFile damaged(file);
            QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(damaged.write(bytes), bytes.size());
        }
        const CliRun run = vault(file, words({"list"}));
        QVERIFY2(run.exitCode != 0, run.out.constData());
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains(file + QStringLiteral(".bak")), run.err.constData());
        QVERIFY2(err.contains(QStringLiteral("rename")), run.err.constData());

        QVERIFY(QFile::rename(file, file + QStringLiteral(".damaged")));
        QVERIFY(QFile::rename(file + QStringLiteral(".bak"), file));
        const QJsonArray entries = listJson(file);
        QCOMPARE(entries.size(), 1);
        QVERIFY(!findEntry(entries, QStringLiteral("before-damage")).isEmpty());
    }

    // Last: after everything above, no secret and no passphrase is in any file the session
    // touched: the vaults, their .bak copies, and the config and data folders.
    void noSecretOnDisk()
    {
        QVERIFY(m_secrets.size() >= 10);
        int files = 0;
        int backups = 0;
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            const QByteArray content = readFile(file);
            ++files;
            if (file.endsWith(QLatin1String(".bak")))
                ++backups;
            for (const QByteArray &secret : std::as_const(m_secrets)) {
                for (const QByteArray &form : {secret, secret.toBase64(), secret.toHex(),
                                               secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)}) {
                    if (content.contains(form))
                        QFAIL(qPrintable(QStringLiteral("%1 holds a secret").arg(file)));
                }
            }
        }
        QVERIFY(files >= 10);
        QVERIFY(backups >= 3);
    }
};

QTEST_GUILESS_MAIN(tst_VaultCli)
#include "tst_VaultCli.moc"
