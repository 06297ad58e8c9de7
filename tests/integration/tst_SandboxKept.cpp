// SPDX-License-Identifier: GPL-3.0-or-later
// A kept sandbox (SandboxHost with a state folder, SandboxState): a BankEzy user token issued by
// one sandbox renews on the next one started over the same folder (same keys, same port), what
// expired meanwhile is not reloaded, two sandboxes over one folder merge what they issued, a
// damaged state file starts afresh with a warning, and a sandbox that does not know a token
// makes the session RenewFailed "the server does not know this token", not Terminated.
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxHost.h"
#include "core/sandbox/SandboxState.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>

using namespace td;

namespace {

constexpr int kReplyTimeoutMs = 15000;

QJsonObject readState(const QString &folder)
{
    QFile file(QDir(folder).filePath(QStringLiteral("sandbox.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class tst_SandboxKept : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::atomic<qint64> m_now{0}; // the sandboxes' clock in the tests that move time

    SandboxConfig keptConfig(const QString &folder, bool fakeClock = false)
    {
        SandboxConfig config;
        config.stateFolder = folder;
        if (fakeClock)
            config.nowMs = [this]() { return m_now.load(); };
        return config;
    }

    // Get App Token then Get User Token; the user token's session id in `store`.
    static QUuid issueUserToken(ApiClient &client, SessionStore &store, const Environment &environment)
    {
        CallContext context;
        QUuid id;
        for (const char *endpoint : {"bankezy.get-app-token", "bankezy.get-user-token"}) {
            ApiCall call(client, *EndpointCatalog::builtIn().find(QString::fromLatin1(endpoint)), environment, {}, context);
            QSignalSpy finished(&call, &ApiCall::finished);
            call.start();
            if (!finished.wait(kReplyTimeoutMs) || !call.result().ok) {
                qWarning("%s: %s", endpoint, qPrintable(call.result().summary()));
                return {};
            }
            id = store.addFromCall(call, context);
        }
        return id;
    }

    // Renews the session at once and waits for the outcome.
    static SessionState renew(SessionStore &store, ExpiryScheduler &scheduler, const QUuid &id)
    {
        QSignalSpy changed(&scheduler, &ExpiryScheduler::stateChanged);
        if (!scheduler.renewNow(id))
            return SessionState::Closed;
        const auto settled = [&] { return store.find(id)->state != SessionState::Renewing; };
        if (!QTest::qWaitFor(settled, kReplyTimeoutMs))
            return SessionState::Renewing;
        return store.find(id)->state;
    }

    static void pointAt(SessionStore &store, const QUuid &id, const QUrl &url)
    {
        Session session = *store.find(id);
        session.environment.baseUrl = url.toString();
        store.update(session);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void userTokenRenewsOnTheNextSandbox()
    {
        const QString folder = m_dir.filePath(QStringLiteral("restart"));
        ApiClient client;
        SessionStore store;
        SessionRenewer renewer(client);
        ExpiryScheduler scheduler(store, renewer);
        QUrl firstUrl;
        QJsonObject firstKeys;
        QUuid id;
        {
            SandboxHost first(keptConfig(folder));
            Result<QUrl> url = first.start();
            QVERIFY(url.ok());
            QVERIFY(first.stateWarning().isEmpty());
            firstUrl = url.value();
            firstKeys = first.keysJson();
            id = issueUserToken(client, store, SandboxEnvironment::make(firstUrl, SandboxConfig()));
            QVERIFY(!id.isNull());
        } // the app quits: the sandbox saves on its way out
        QFile file(QDir(folder).filePath(QStringLiteral("sandbox.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray kept = file.readAll();
        file.close();
        // Tokens are filed under their SHA-256: the state holds none a client could present.
        for (const QString &name : {QStringLiteral("appToken"), QStringLiteral("userToken")}) {
            const QByteArray token = store.find(id)->context.value(name).toUtf8();
            QVERIFY2(token.size() > 40 && !kept.contains(token.mid(10, 30)), qPrintable(name));
        }
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFileDevice::Permissions());

        SandboxHost second(keptConfig(folder));
        Result<QUrl> url = second.start();
        QVERIFY(url.ok());
        QCOMPARE(url.value(), firstUrl); // the kept port was free again: the same URL
        QCOMPARE(second.keysJson(), firstKeys);
        const QString before = store.find(id)->token;
        QCOMPARE(renew(store, scheduler, id), SessionState::Fresh);
        QVERIFY(store.find(id)->token != before);
        QCOMPARE(store.find(id)->successfulRenewals(), 1);
    }

    void aTakenPortFallsBackAndTheNewOneIsKept()
    {
        const QString folder = m_dir.filePath(QStringLiteral("port"));
        quint16 keptPort = 0;
        {
            SandboxHost first(keptConfig(folder));
            QVERIFY(first.start().ok());
            keptPort = quint16(first.url().port());
        }
        QTcpServer squatter; // another program took the port meanwhile
        QVERIFY(squatter.listen(QHostAddress::LocalHost, keptPort));
        quint16 newPort = 0;
        {
            SandboxHost second(keptConfig(folder));
            Result<QUrl> url = second.start();
            QVERIFY(url.ok());
            newPort = quint16(url->port());
            QVERIFY(newPort != keptPort);
            QCOMPARE(readState(folder).value(QLatin1String("port")).toInt(), int(newPort));
        }
        squatter.close();
        SandboxHost third(keptConfig(folder));
        QVERIFY(third.start().ok());
        QCOMPARE(third.url().port(), int(newPort));
    }

    void expiredTokensAreNotReloaded()
    {
        const QString folder = m_dir.filePath(QStringLiteral("expired"));
        m_now = QDateTime::currentMSecsSinceEpoch();
        ApiClient client;
        SessionStore store;
        SessionRenewer renewer(client);
        ExpiryScheduler scheduler(store, renewer);
        QUuid id;
        {
            SandboxHost first(keptConfig(folder, true));
            QVERIFY(first.start().ok());
            id = issueUserToken(client, store, SandboxEnvironment::make(first.url(), SandboxConfig()));
            QVERIFY(!id.isNull());
        }
        QCOMPARE(readState(folder)[QLatin1String("services")][QLatin1String("bankezy")][QLatin1String("user")].toArray().size(), 1);
        // Past the lifetime, the renew window and the hour the sandbox keeps a token after it.
        const SandboxConfig defaults;
        m_now += (defaults.bankezyLifetimeSeconds + defaults.renewWindowSeconds + 3600 + 60) * 1000;
        SandboxHost second(keptConfig(folder, true));
        QVERIFY(second.start().ok());
        QCOMPARE(second.infoJson()[QLatin1String("stores")][QLatin1String("bankezyUserTokens")].toInt(), 0);
        second.saveState();
        const QJsonObject bankezy = readState(folder)[QLatin1String("services")][QLatin1String("bankezy")].toObject();
        QCOMPARE(bankezy.value(QLatin1String("user")).toArray().size(), 0);
        QCOMPARE(bankezy.value(QLatin1String("app")).toArray().size(), 0);
    }

    void twoSandboxesOverOneFolderKeepBothTokens()
    {
        const QString folder = m_dir.filePath(QStringLiteral("shared"));
        ApiClient client;
        SessionStore store;
        SessionRenewer renewer(client);
        ExpiryScheduler scheduler(store, renewer);
        auto app = std::make_unique<SandboxHost>(keptConfig(folder));
        auto cli = std::make_unique<SandboxHost>(keptConfig(folder)); // the app's port is taken: another one
        QVERIFY(app->start().ok());
        QVERIFY(cli->start().ok());
        QVERIFY(app->url() != cli->url());
        QCOMPARE(app->keysJson(), cli->keysJson()); // made once, by the first
        const QUuid fromApp = issueUserToken(client, store, SandboxEnvironment::make(app->url(), SandboxConfig()));
        const QUuid fromCli = issueUserToken(client, store, SandboxEnvironment::make(cli->url(), SandboxConfig()));
        QVERIFY(!fromApp.isNull() && !fromCli.isNull());
        cli.reset(); // the CLI command ends and saves
        app->saveState(); // the app's next save merges the CLI's tokens in
        // The app's sandbox now renews the token the CLI's sandbox issued.
        pointAt(store, fromCli, app->url());
        QCOMPARE(renew(store, scheduler, fromCli), SessionState::Fresh);
        app.reset();
        SandboxHost next(keptConfig(folder));
        QVERIFY(next.start().ok());
        pointAt(store, fromApp, next.url());
        pointAt(store, fromCli, next.url());
        QCOMPARE(renew(store, scheduler, fromApp), SessionState::Fresh);
        QCOMPARE(renew(store, scheduler, fromCli), SessionState::Fresh);
    }

    void aDamagedStateFileStartsAfresh_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("not JSON") << QByteArray("\x00\x01garbage{", 10);
        QTest::newRow("truncated") << QByteArray(); // filled from a real state file below
        QTest::newRow("another format") << QByteArray(R"({"format":"something-else","version":1})");
        QTest::newRow("keys missing") << QByteArray(R"({"format":"tokendesk-sandbox-state","version":1,"port":1})");
        QTest::newRow("wrong key kind")
            << QByteArray(R"({"format":"tokendesk-sandbox-state","version":1,"keys":{"serverPrivateKey":{"kty":"oct","k":"AAAA"},)"
                          R"("tokenKey":{"kty":"oct","k":"AAAA"},"hmacSecret":{"kty":"oct","k":"AAAA"}}})");
        QTest::newRow("a list") << QByteArray("[1,2,3]");
    }

    void aDamagedStateFileStartsAfresh()
    {
        QFETCH(QByteArray, content);
        const QString folder = m_dir.filePath(QStringLiteral("damaged-") + QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        const QString path = QDir(folder).filePath(QStringLiteral("sandbox.json"));
        QJsonObject oldKeys;
        {
            SandboxHost first(keptConfig(folder));
            QVERIFY(first.start().ok());
            oldKeys = first.keysJson();
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        if (content.isEmpty())
            content = file.readAll().left(file.size() / 2);
        QVERIFY(file.resize(0));
        file.write(content);
        file.close();

        SandboxHost second(keptConfig(folder));
        Result<QUrl> url = second.start();
        QVERIFY(url.ok());
        QVERIFY2(second.stateWarning().contains(QLatin1String("unreadable")), qPrintable(second.stateWarning()));
        QVERIFY(second.stateWarning().contains(path));
        QVERIFY(second.keysJson() != oldKeys); // fresh keys
        QVERIFY(QFile::exists(path + QStringLiteral(".corrupt")));
        QCOMPARE(readState(folder).value(QLatin1String("format")).toString(), QStringLiteral("tokendesk-sandbox-state"));
        // The warning names the file and the reason, never a key.
        QVERIFY(!second.stateWarning().contains(oldKeys[QLatin1String("tokenKey")][QLatin1String("k")].toString()));
    }

    void anUnknownTokenIsNotATermination()
    {
        ApiClient client;
        SessionStore store;
        SessionRenewer renewer(client);
        ExpiryScheduler scheduler(store, renewer);
        QUuid id;
        {
            SandboxHost forgetful(SandboxConfig{}); // no state folder: forgets everything at exit
            QVERIFY(forgetful.start().ok());
            id = issueUserToken(client, store, SandboxEnvironment::make(forgetful.url(), SandboxConfig()));
            QVERIFY(!id.isNull());
        }
        SandboxHost next(SandboxConfig{});
        QVERIFY(next.start().ok());
        pointAt(store, id, next.url());
        QSignalSpy attention(&scheduler, &ExpiryScheduler::attention);
        QCOMPARE(renew(store, scheduler, id), SessionState::RenewFailed);
        const Session &session = *store.find(id);
        QVERIFY2(session.lastError.contains(QLatin1String("the server does not know this token")), qPrintable(session.lastError));
        QCOMPARE(session.renewals.constLast().code, QStringLiteral("SANDBOX_UNKNOWN_TOKEN"));
        QCOMPARE(attention.size(), 1);
        QCOMPARE(session.nextRetryAtMs, 0); // retrying cannot help

        // A terminated session still says Terminated.
        const QUuid ended = issueUserToken(client, store, SandboxEnvironment::make(next.url(), SandboxConfig()));
        QVERIFY(!ended.isNull());
        QCOMPARE(next.terminateToken(store.find(ended)->token.toUtf8()), 1);
        QCOMPARE(renew(store, scheduler, ended), SessionState::Terminated);
    }

    void theMergeRule()
    {
        const qint64 now = 1000;
        const QJsonObject kept = QJsonDocument::fromJson(R"({"user":[{"id":"a","dropAt":5000,"renewed":true},
            {"id":"old","dropAt":999},{"id":"used","dropAt":5000}],"nextLoginId":7})").object();
        const QJsonObject mine = QJsonDocument::fromJson(R"({"user":[{"id":"a","dropAt":5000,"renewed":false},
            {"id":"b","dropAt":4000}],"removed":["used"],"nextLoginId":3})").object();
        const QJsonObject merged = SandboxState::merge(kept, mine, now, 10);
        const QJsonArray users = merged.value(QLatin1String("user")).toArray();
        QCOMPARE(users.size(), 2); // "old" expired, "used" was used up
        QCOMPARE(users.at(0)[QLatin1String("id")].toString(), QStringLiteral("a"));
        QCOMPARE(users.at(0)[QLatin1String("renewed")].toBool(), true); // renewed anywhere stays renewed
        QCOMPARE(users.at(1)[QLatin1String("id")].toString(), QStringLiteral("b"));
        QCOMPARE(merged.value(QLatin1String("nextLoginId")).toInt(), 7);
        QVERIFY(!merged.contains(QLatin1String("removed")));
        QCOMPARE(SandboxState::merge(kept, mine, now, 1).value(QLatin1String("user")).toArray().size(), 1); // capped
    }
};

QTEST_GUILESS_MAIN(tst_SandboxKept)
#include "tst_SandboxKept.moc"
