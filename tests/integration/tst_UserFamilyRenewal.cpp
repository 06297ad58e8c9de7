// SPDX-License-Identifier: GPL-3.0-or-later
// A family TokenDesk does not ship, described only by files in a user spec folder
// (tests/data/specs/globex: a family file, an issue spec and a refresh spec), on a real Workspace
// against a small loopback server: the token becomes a session, and on a fake clock the scheduler
// renews it through the family's refresh spec (which sends the refresh token alone) before it
// expires. A refused refresh leaves the token alone and says why; the folder is re-read on a change.
#include "../unit/HostileServer.h"

#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/SpecLibrary.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/workspace/ExchangeRecorder.h"
#include "core/workspace/Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace td;
using td::test::HostileRequest;
using td::test::HostileServer;

namespace {

constexpr int kReplyTimeoutMs = 15000;
constexpr qint64 kLifetimeS = 60;
const QString kClientId = QStringLiteral("globex-client");
const QString kClientSecret = QStringLiteral("globex-secret-0123");

QString globexFolder()
{
    return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex");
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_UserFamilyRenewal : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    qint64 m_now = 0;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<HostileServer> m_server;
    int m_issued = 0;            // access/refresh pairs handed out: A1/R1, A2/R2 …
    QString m_validRefresh;      // the one refresh token the server accepts next (single use)
    bool m_refuseRefresh = false;

    std::function<qint64()> clock()
    {
        return [this] { return m_now; };
    }

    QByteArray pair()
    {
        ++m_issued;
        m_validRefresh = QStringLiteral("R%1").arg(m_issued);
        return json({{QStringLiteral("status"), QStringLiteral("ok")},
                     {QStringLiteral("access_token"), QStringLiteral("A%1").arg(m_issued)},
                     {QStringLiteral("refresh_token"), m_validRefresh},
                     {QStringLiteral("expires_in"), kLifetimeS}});
    }

    // The Globex server: credentials for a pair, a refresh token (once) for the next pair.
    void answer(QTcpSocket *socket, const HostileRequest &request)
    {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const auto refuse = [socket](const QString &detail) {
            socket->write(HostileServer::response(400, "Bad Request",
                                                  json({{QStringLiteral("status"), QStringLiteral("invalid_grant")},
                                                        {QStringLiteral("detail"), detail}}),
                                                  {{"Content-Type", "application/json"}}));
        };
        if (request.path == "/globex/v1/token") {
            if (body.value(QLatin1String("clientId")).toString() != kClientId
                || body.value(QLatin1String("clientSecret")).toString() != kClientSecret)
                return refuse(QStringLiteral("bad client credentials"));
        } else if (request.path == "/globex/v1/refresh") {
            if (m_refuseRefresh || body.value(QLatin1String("refreshToken")).toString() != m_validRefresh
                || body.value(QLatin1String("clientId")).toString() != kClientId)
                return refuse(QStringLiteral("refresh token not valid"));
        } else {
            return refuse(QStringLiteral("no such path"));
        }
        socket->write(HostileServer::response(200, "OK", pair(), {{"Content-Type", "application/json"}}));
    }

    Environment environment() const
    {
        Environment environment;
        environment.name = QStringLiteral("Globex staging");
        environment.baseUrl = m_server->url(QString()).toString();
        environment.values.insert(QStringLiteral("clientId"), kClientId);
        environment.values.insert(QStringLiteral("clientSecret"), kClientSecret);
        return environment;
    }

    // Signs in through the workspace's client and records it: the session's id.
    QUuid signIn()
    {
        const EndpointSpec *spec = m_workspace->catalog().find(QStringLiteral("globex.sign-in"));
        if (!spec)
            return {};
        CallContext context;
        ApiCall call(m_workspace->client(), *spec, environment(), {}, context);
        call.setClock(clock());
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        if (!finished.wait(kReplyTimeoutMs) || !call.result().ok)
            return {};
        return m_workspace->recorder().record(call, HistoryOrigin::Manual);
    }

    // One step of time: waits for a renewal on the wire, else moves the clock to the next due
    // instant and ticks. False when nothing is in flight or due.
    bool step()
    {
        if (m_workspace->renewer().running() > 0) {
            QSignalSpy finished(&m_workspace->renewer(), &SessionRenewer::finished);
            return finished.wait(kReplyTimeoutMs);
        }
        const qint64 due = m_workspace->scheduler().nextDueMs();
        if (due < 0)
            return false;
        m_now = qMax(m_now, due);
        m_workspace->scheduler().tick();
        return true;
    }

    QList<QByteArray> refreshBodies() const
    {
        QList<QByteArray> bodies;
        for (const HostileRequest &request : std::as_const(m_server->requests)) {
            if (request.path == "/globex/v1/refresh")
                bodies.append(request.body);
        }
        return bodies;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_now = 1'800'000'000'000;
        m_issued = 0;
        m_refuseRefresh = false;
        m_server = std::make_unique<HostileServer>();
        m_server->onRequest = [this](QTcpSocket *socket, const HostileRequest &request) { answer(socket, request); };
        QVERIFY(m_server->listen());
        Workspace::Options options{m_dir.filePath(QStringLiteral("environments.json")),
                                   m_dir.filePath(QStringLiteral("history.jsonl")),
                                   m_dir.filePath(QStringLiteral("vault.tdvault")), std::nullopt, {globexFolder()}};
        m_workspace = std::make_unique<Workspace>(options);
        m_workspace->sessions().setClock(clock());
        m_workspace->renewer().setClock(clock());
        m_workspace->scheduler().setClock(clock());
        m_workspace->scheduler().setThreshold(0.5, 0);
        m_workspace->scheduler().setEnvironmentAutoRenew(QStringLiteral("Globex staging"), true);
    }

    void cleanup()
    {
        m_workspace.reset();
        m_server.reset();
    }

    void theFamilyFileAndItsSpecsLoad()
    {
        const SpecLibrary &specs = m_workspace->specs();
        QVERIFY2(specs.problems().isEmpty(), qPrintable(specs.problems().join(QLatin1Char('\n'))));
        QCOMPARE(specs.families().displayName(u"globex"), QStringLiteral("Globex Identity"));
        QCOMPARE(specs.familyFile(u"globex"), QDir(globexFolder()).filePath(QStringLiteral("families/globex.json")));
        const EndpointSpec *renew = m_workspace->catalog().renewStep(u"globex");
        QVERIFY(renew);
        QCOMPARE(renew->id, QStringLiteral("globex.refresh"));
        QCOMPARE(specs.origin(u"globex.refresh").builtIn, false);
        // The built-in families are still there, before the user's (order 10).
        QCOMPARE(m_workspace->catalog().families().constFirst(), QStringLiteral("bankezy"));
        QCOMPARE(m_workspace->catalog().families().constLast(), QStringLiteral("globex"));
    }

    // docs/specs.md's worked example is these very files: what the docs show is what this test loads.
    void theDocsShowTheseFiles()
    {
        QFile docs(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/../../docs/specs.md"));
        QVERIFY(docs.open(QIODevice::ReadOnly));
        const QByteArray text = docs.readAll();
        for (const QString &name : {QStringLiteral("families/globex.json"), QStringLiteral("globex.sign-in.json"),
                                    QStringLiteral("globex.refresh.json")}) {
            QFile file(QDir(globexFolder()).filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(text.contains("```json\n" + file.readAll()), qPrintable(name));
        }
    }

    void aSignInBecomesARenewableSession()
    {
        const QUuid id = signIn();
        QVERIFY(!id.isNull());
        const Session *session = m_workspace->sessions().find(id);
        QVERIFY(session);
        QCOMPARE(session->family, QStringLiteral("globex"));
        QCOMPARE(session->token, QStringLiteral("A1"));
        QCOMPARE(session->refreshToken, QStringLiteral("R1"));
        QCOMPARE(session->expiresAtMs, m_now + kLifetimeS * 1000);
        // Renewed by its refresh step (which sends the refresh token), not by signing in again.
        QVERIFY(m_workspace->renewer().canRenew(*session));
        QVERIFY(!m_workspace->renewer().reissues(*session));
        QCOMPARE(SessionRenewer::renewSpec(*session, m_workspace->catalog())->id, QStringLiteral("globex.refresh"));
        // The built-in catalog knows nothing of it.
        QVERIFY(!SessionRenewer::renewSpec(*session, EndpointCatalog::builtIn()));
    }

    void autoRenewRefreshesBeforeExpiry()
    {
        const QUuid id = signIn();
        QVERIFY(!id.isNull());
        QList<SessionState> states;
        connect(&m_workspace->scheduler(), &ExpiryScheduler::stateChanged, this,
                [&](const QUuid &, SessionState, SessionState to) { states.append(to); });
        constexpr int kRenewals = 3;
        for (int steps = 0; m_workspace->sessions().find(id)->successfulRenewals() < kRenewals; ++steps) {
            QVERIFY2(steps < 50, "the session was not renewed");
            QVERIFY(step());
            const Session *session = m_workspace->sessions().find(id);
            QVERIFY2(session->expiresAtMs > m_now, "the session expired before it was renewed");
        }
        const Session *session = m_workspace->sessions().find(id);
        QCOMPARE(session->token, QStringLiteral("A4"));
        QCOMPARE(session->refreshToken, QStringLiteral("R4"));
        QCOMPARE(session->expiresAtMs, m_now + kLifetimeS * 1000);
        QVERIFY(!states.contains(SessionState::Expired));
        QVERIFY(!states.contains(SessionState::RenewFailed));
        // Each refresh sent the refresh token of the pair before it, and the client id from the
        // environment; never the access token.
        const QList<QByteArray> bodies = refreshBodies();
        QCOMPARE(bodies.size(), kRenewals);
        for (int i = 0; i < kRenewals; ++i) {
            const QJsonObject body = QJsonDocument::fromJson(bodies.at(i)).object();
            QCOMPARE(body.value(QLatin1String("refreshToken")).toString(), QStringLiteral("R%1").arg(i + 1));
            QCOMPARE(body.value(QLatin1String("clientId")).toString(), kClientId);
            QVERIFY(!bodies.at(i).contains("\"A"));
        }
        // Every renewal reached history through the one recording path.
        QFile history(m_dir.filePath(QStringLiteral("history.jsonl")));
        QVERIFY(history.open(QIODevice::ReadOnly));
        QCOMPARE(history.readAll().count("globex.refresh"), kRenewals);
    }

    void aRefusedRefreshKeepsTheTokenAndSaysWhy()
    {
        const QUuid id = signIn();
        QVERIFY(!id.isNull());
        m_refuseRefresh = true;
        m_workspace->scheduler().setBackoff(100, 200);
        m_workspace->scheduler().setMaxAttempts(2);
        QStringList reasons;
        connect(&m_workspace->scheduler(), &ExpiryScheduler::attention, this,
                [&](const QUuid &, const QString &reason) { reasons.append(reason); });
        for (int steps = 0; reasons.isEmpty(); ++steps) {
            QVERIFY2(steps < 50, "no attention after refused refreshes");
            QVERIFY(step());
        }
        const Session *session = m_workspace->sessions().find(id);
        QCOMPARE(session->token, QStringLiteral("A1")); // not replaced by an empty or bad answer
        QCOMPARE(session->successfulRenewals(), 0);
        QVERIFY2(reasons.join(QLatin1Char(' ')).contains(QLatin1String("refresh token not valid")), qPrintable(reasons.join(QLatin1Char('|'))));
        QVERIFY(!refreshBodies().isEmpty());
    }

    void aChangedFolderIsReadAgain()
    {
        // A copy of the family in a folder of the test's own, watched with no debounce wait.
        const QString folder = m_dir.filePath(QStringLiteral("apis"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/families")));
        for (const QString &name : {QStringLiteral("globex.sign-in.json"), QStringLiteral("families/globex.json")})
            QVERIFY(QFile::copy(QDir(globexFolder()).filePath(name), QDir(folder).filePath(name)));
        Workspace::Options options = m_workspace->options();
        options.specFolders = {folder};
        m_workspace = std::make_unique<Workspace>(options);
        m_workspace->watchSpecFolders(0);
        QVERIFY(!m_workspace->catalog().renewStep(u"globex"));

        QSignalSpy changed(m_workspace.get(), &Workspace::specsChanged);
        QVERIFY(QFile::copy(QDir(globexFolder()).filePath(QStringLiteral("globex.refresh.json")),
                            QDir(folder).filePath(QStringLiteral("globex.refresh.json"))));
        QVERIFY(changed.wait(5000));
        QVERIFY(m_workspace->catalog().renewStep(u"globex"));
        QCOMPARE(&m_workspace->sessions().catalog(), &m_workspace->catalog());
        QCOMPARE(&m_workspace->renewer().catalog(), &m_workspace->catalog());
        QCOMPARE(m_workspace->retiredSpecs(), 0); // nothing was on the wire: the old library is gone

        // While a call is on the wire its spec's library stays; the next idle reload frees it.
        bool busy = true;
        m_workspace->setSpecsBusy([&busy] { return busy; });
        const EndpointSpec *inFlight = m_workspace->catalog().find(u"globex.sign-in");
        m_workspace->reloadSpecs();
        QCOMPARE(m_workspace->retiredSpecs(), 1);
        QCOMPARE(inFlight->id, QStringLiteral("globex.sign-in")); // still readable (ASan would say)
        busy = false;
        m_workspace->reloadSpecs();
        QCOMPARE(m_workspace->retiredSpecs(), 0);
        m_workspace->setSpecsBusy({});

        // A broken file: refused with its file and JSON path, the others still load.
        changed.clear();
        QFile broken(QDir(folder).filePath(QStringLiteral("globex.broken.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(R"({"id": "globex.broken", "family": "globex", "title": "Broken", "method": "POST", "path": "/x",
                        "fields": [{"name": "a", "in": "nowhere"}], "response": {"code": "status", "success": ["ok"], "token": "t"}})");
        broken.close();
        QVERIFY(changed.wait(5000));
        const QStringList problems = m_workspace->specs().problems();
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.constFirst().startsWith(broken.fileName() + QStringLiteral(": $.fields[0]")), qPrintable(problems.constFirst()));
        QVERIFY(m_workspace->catalog().find(u"globex.refresh"));
    }
};

QTEST_GUILESS_MAIN(tst_UserFamilyRenewal)
#include "tst_UserFamilyRenewal.moc"
