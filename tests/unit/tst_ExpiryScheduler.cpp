// SPDX-License-Identifier: GPL-3.0-or-later
// The scheduler's state machine on a fake clock: the test moves time and calls tick(); renewals
// go to a real sandbox over loopback whose clock is the same fake clock, so expiries are exact.
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxServer.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace td;

namespace {

constexpr int kReplyTimeoutMs = 15000;

QString describe(const TokenResult &result)
{
    return result.endpointId + QStringLiteral(": ") + result.summary();
}

} // namespace

class tst_ExpiryScheduler : public QObject
{
    Q_OBJECT

private:
    std::optional<SandboxKeys> m_keys;
    std::unique_ptr<SandboxServer> m_server;
    Environment m_environment;
    qint64 m_now = 0;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<SessionStore> m_store;
    std::unique_ptr<SessionRenewer> m_renewer;
    std::unique_ptr<ExpiryScheduler> m_scheduler;

    void startServer(qint64 bankezyLifetimeSeconds = 900)
    {
        SandboxConfig config;
        config.bankezyLifetimeSeconds = bankezyLifetimeSeconds;
        config.nowMs = [this] { return m_now; };
        m_server = std::make_unique<SandboxServer>(config, *m_keys);
        Result<QUrl> url = m_server->start();
        QVERIFY(url.ok());
        m_environment = SandboxEnvironment::make(url.value(), config);
    }

    bool call(const QString &id, CallContext &context, TokenResult &out, const Environment &environment)
    {
        const EndpointSpec *spec = EndpointCatalog::builtIn().find(id);
        if (!spec)
            return false;
        ApiCall apiCall(*m_client, *spec, environment, {}, context);
        apiCall.setClock([this] { return m_now; });
        QSignalSpy finished(&apiCall, &ApiCall::finished);
        apiCall.start();
        if (!finished.wait(kReplyTimeoutMs))
            return false;
        out = apiCall.result();
        if (!out.ok)
            qWarning("%s", qPrintable(describe(out)));
        return out.ok;
    }

    // A BankEzy user-token session issued by the sandbox at m_now, added to the store.
    QUuid userSession(std::optional<bool> autoRenew, const Environment *environment = nullptr)
    {
        const Environment &env = environment ? *environment : m_environment;
        CallContext context;
        TokenResult result;
        if (!call(QStringLiteral("bankezy.get-app-token"), context, result, env)
            || !call(QStringLiteral("bankezy.get-user-token"), context, result, env))
            return {};
        Session session = Session::fromResult(result, env, context, m_now);
        session.autoRenew = autoRenew;
        return m_store->add(session);
    }

    const Session &session(const QUuid &id) const { return *m_store->find(id); }
    SessionState state(const QUuid &id) const { return m_store->find(id)->state; }

    void tickAt(qint64 nowMs)
    {
        m_now = nowMs;
        m_scheduler->tick();
    }

    // A session built in place (no sandbox call): for cases that need many sessions or exact
    // instants and never renew.
    QUuid plainSession(qint64 issuedAtMs, qint64 lifetimeMs, std::optional<bool> autoRenew = false)
    {
        Session plain;
        plain.family = QStringLiteral("bankezy");
        plain.endpointId = QStringLiteral("bankezy.get-user-token");
        plain.environment = m_environment;
        plain.token = QStringLiteral("token-%1").arg(m_store->size());
        plain.issuedAtMs = issuedAtMs;
        plain.expiresAtMs = issuedAtMs + lifetimeMs;
        plain.autoRenew = autoRenew;
        return m_store->add(plain);
    }

private Q_SLOTS:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        QVERIFY(keys.ok());
        m_keys = keys.value();
    }

    void init()
    {
        m_now = QDateTime::currentMSecsSinceEpoch();
        m_client = std::make_unique<ApiClient>();
        m_store = std::make_unique<SessionStore>();
        m_store->setClock([this] { return m_now; });
        m_renewer = std::make_unique<SessionRenewer>(*m_client);
        m_renewer->setClock([this] { return m_now; });
        m_scheduler = std::make_unique<ExpiryScheduler>(*m_store, *m_renewer);
        m_scheduler->setClock([this] { return m_now; });
        startServer();
    }

    void cleanup()
    {
        m_scheduler.reset();
        m_renewer.reset();
        m_store.reset();
        m_client.reset();
        m_server.reset();
    }

    void thresholds_data()
    {
        QTest::addColumn<qint64>("lifetimeSeconds");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<qint64>("minimumMs");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow("default, 15 min: the 5 min floor") << qint64(900) << 0.2 << qint64(300000) << qint64(300000);
        QTest::newRow("default, 2 h: 20 %") << qint64(7200) << 0.2 << qint64(300000) << qint64(1440000);
        QTest::newRow("half, no floor") << qint64(900) << 0.5 << qint64(0) << qint64(450000);
        QTest::newRow("floor above half the lifetime: capped at half") << qint64(900) << 0.2 << qint64(1200000) << qint64(450000);
    }

    void thresholds()
    {
        QFETCH(qint64, lifetimeSeconds);
        QFETCH(double, fraction);
        QFETCH(qint64, minimumMs);
        QFETCH(qint64, expectedMs);
        startServer(lifetimeSeconds);
        m_scheduler->setThreshold(fraction, minimumMs);
        QSignalSpy changed(m_scheduler.get(), &ExpiryScheduler::stateChanged);
        const qint64 issued = m_now;
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        QCOMPARE(session(id).expiresAtMs, issued + lifetimeSeconds * 1000);
        QCOMPARE(m_scheduler->thresholdMs(session(id)), expectedMs);
        const qint64 thresholdAt = session(id).expiresAtMs - expectedMs;
        QCOMPARE(m_scheduler->nextDueMs(), thresholdAt);

        tickAt(thresholdAt - 1);
        QCOMPARE(state(id), SessionState::Fresh);
        tickAt(thresholdAt);
        QCOMPARE(state(id), SessionState::Expiring);
        tickAt(session(id).expiresAtMs - 1);
        QCOMPARE(state(id), SessionState::Expiring);
        tickAt(session(id).expiresAtMs);
        QCOMPARE(state(id), SessionState::Expired);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(2).value<SessionState>(), SessionState::Expiring);
        QCOMPARE(changed.at(1).at(2).value<SessionState>(), SessionState::Expired);
        QCOMPARE(m_scheduler->nextDueMs(), qint64(-1));
        QVERIFY(session(id).renewals.isEmpty());
    }

    void renewsAtThresholdAndResets()
    {
        const QUuid id = userSession(true);
        QVERIFY(!id.isNull());
        const QString firstToken = session(id).token;
        const qint64 thresholdAt = m_scheduler->thresholdAtMs(session(id));
        tickAt(thresholdAt - 1);
        QCOMPARE(state(id), SessionState::Fresh);
        QCOMPARE(m_renewer->running(), 0);
        QSignalSpy renewed(m_scheduler.get(), &ExpiryScheduler::renewed);
        tickAt(thresholdAt);
        QCOMPARE(state(id), SessionState::Renewing);
        QVERIFY(renewed.wait(kReplyTimeoutMs));
        QCOMPARE(state(id), SessionState::Fresh);
        const Session &after = session(id);
        QVERIFY(after.token != firstToken);
        QCOMPARE(after.context.value(QStringLiteral("userToken")), after.token);
        QCOMPARE(after.expiresAtMs, thresholdAt + 900 * 1000); // the sandbox's clock is the fake one
        QCOMPARE(after.issuedAtMs, thresholdAt);
        QCOMPARE(after.renewals.size(), 1);
        QVERIFY(after.renewals.at(0).ok);
        QCOMPARE(after.renewals.at(0).atMs, thresholdAt);
        QCOMPARE(after.renewals.at(0).newExpiresAtMs, after.expiresAtMs);
        QCOMPARE(after.expiryField, QStringLiteral("expireAt"));
        // The next renew is due at the new threshold, and works with the renewed token.
        QCOMPARE(m_scheduler->nextDueMs(), after.expiresAtMs - 300000);
        tickAt(after.expiresAtMs - 300000);
        QCOMPARE(state(id), SessionState::Renewing);
        QVERIFY(renewed.wait(kReplyTimeoutMs));
        QCOMPARE(session(id).successfulRenewals(), 2);
        QCOMPARE(state(id), SessionState::Fresh);
    }

    void backoffIntervals_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow("1") << 1 << qint64(5000);
        QTest::newRow("2") << 2 << qint64(10000);
        QTest::newRow("3") << 3 << qint64(20000);
        QTest::newRow("6") << 6 << qint64(160000);
        QTest::newRow("7: capped") << 7 << qint64(300000);
        QTest::newRow("40: capped") << 40 << qint64(300000);
    }

    void backoffIntervals()
    {
        QFETCH(int, failures);
        QFETCH(qint64, expectedMs);
        QCOMPARE(m_scheduler->backoffMs(failures), expectedMs);
    }

    void failedRenewRetriesWithBackoffAndRecovers()
    {
        m_scheduler->setBackoff(5000, 15000);
        const QUuid id = userSession(true);
        QVERIFY(!id.isNull());
        m_server->addFault(SandboxFault{QStringLiteral("bankezy.renew-token"), SandboxFault::Kind::HttpStatus,
                                        QStringLiteral("500"), 3});
        QSignalSpy changed(m_scheduler.get(), &ExpiryScheduler::stateChanged);
        QSignalSpy attention(m_scheduler.get(), &ExpiryScheduler::attention);
        tickAt(m_scheduler->thresholdAtMs(session(id)));
        // Three failures, waiting 5 s, 10 s, then 15 s (20 s capped).
        const qint64 expectedWaits[] = {5000, 10000, 15000};
        for (qint64 wait : expectedWaits) {
            QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::RenewFailed, kReplyTimeoutMs);
            QCOMPARE(session(id).nextRetryAtMs, m_now + wait);
            QCOMPARE(session(id).renewals.constLast().httpStatus, 500);
            QVERIFY(!session(id).renewals.constLast().ok);
            QVERIFY2(session(id).lastError.contains(QStringLiteral("HTTP 500")), qPrintable(session(id).lastError));
            const qint64 retryAt = session(id).nextRetryAtMs;
            tickAt(retryAt - 1);
            QCOMPARE(state(id), SessionState::RenewFailed);
            QCOMPARE(m_renewer->running(), 0);
            tickAt(retryAt);
            QCOMPARE(state(id), SessionState::Renewing);
        }
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Fresh, kReplyTimeoutMs);
        QCOMPARE(session(id).renewals.size(), 4);
        QCOMPARE(session(id).successfulRenewals(), 1);
        QCOMPARE(session(id).failedAttempts, 0);
        QVERIFY(session(id).lastError.isEmpty());
        QCOMPARE(attention.size(), 0);
    }

    void failureAfterMaxAttemptsNeedsAttention()
    {
        m_scheduler->setBackoff(1000, 1000);
        m_scheduler->setMaxAttempts(3);
        const QUuid id = userSession(true);
        QVERIFY(!id.isNull());
        m_server->addFault(SandboxFault{QStringLiteral("bankezy.renew-token"), SandboxFault::Kind::ErrorCode,
                                        QStringLiteral("TOK003"), -1});
        QSignalSpy attention(m_scheduler.get(), &ExpiryScheduler::attention);
        tickAt(m_scheduler->thresholdAtMs(session(id)));
        for (int attempt = 1; attempt <= 3; ++attempt) {
            QTRY_COMPARE_WITH_TIMEOUT(session(id).renewals.size(), qsizetype(attempt), kReplyTimeoutMs);
            QCOMPARE(state(id), SessionState::RenewFailed);
            QCOMPARE(session(id).renewals.constLast().code, QStringLiteral("TOK003"));
            if (attempt < 3) {
                QCOMPARE(session(id).nextRetryAtMs, m_now + 1000);
                QCOMPARE(attention.size(), 0);
                tickAt(m_now + 1000);
            }
        }
        QCOMPARE(session(id).failedAttempts, 3);
        QCOMPARE(session(id).nextRetryAtMs, qint64(0));
        QCOMPARE(attention.size(), 1);
        QCOMPARE(attention.at(0).at(0).toUuid(), id);
        QVERIFY2(attention.at(0).at(1).toString().contains(QStringLiteral("TOK003")), qPrintable(attention.at(0).at(1).toString()));
        QVERIFY(session(id).lastError.startsWith(QStringLiteral("TOK003")));
        // No more attempts, however long we wait.
        tickAt(m_now + 3600 * 1000);
        QCOMPARE(m_renewer->running(), 0);
        QCOMPARE(state(id), SessionState::RenewFailed);
        QCOMPARE(session(id).renewals.size(), 3);
        QCOMPARE(m_scheduler->nextDueMs(), qint64(-1));
    }

    void bankEzy401TerminatesWithoutRetry()
    {
        const QUuid id = userSession(true);
        QVERIFY(!id.isNull());
        const QString account = session(id).context.value(QStringLiteral("accountNumber"));
        QVERIFY(!account.isEmpty());
        QCOMPARE(m_server->terminateAccount(account), 1);
        QSignalSpy attention(m_scheduler.get(), &ExpiryScheduler::attention);
        tickAt(m_scheduler->thresholdAtMs(session(id)));
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Terminated, kReplyTimeoutMs);
        QCOMPARE(session(id).renewals.size(), 1);
        QCOMPARE(session(id).renewals.at(0).httpStatus, 401);
        QCOMPARE(attention.size(), 1);
        QVERIFY(attention.at(0).at(1).toString().startsWith(QStringLiteral("The session was terminated")));
        tickAt(m_now + 3600 * 1000);
        QCOMPARE(state(id), SessionState::Terminated);
        QCOMPARE(m_renewer->running(), 0);
        QVERIFY(!m_scheduler->renewNow(id));
    }

    void autoRenewOffDoesNotRenew()
    {
        const QUuid explicitOff = userSession(false);
        const QUuid byDefault = userSession(std::nullopt); // the default is off
        QVERIFY(!explicitOff.isNull() && !byDefault.isNull());
        const qint64 expiresAt = session(explicitOff).expiresAtMs;
        tickAt(m_scheduler->thresholdAtMs(session(explicitOff)));
        QCOMPARE(state(explicitOff), SessionState::Expiring);
        QCOMPARE(state(byDefault), SessionState::Expiring);
        QCOMPARE(m_renewer->running(), 0);
        tickAt(expiresAt);
        QCOMPARE(state(explicitOff), SessionState::Expired);
        QCOMPARE(state(byDefault), SessionState::Expired);
        QVERIFY(session(explicitOff).renewals.isEmpty());
        QVERIFY(session(byDefault).renewals.isEmpty());
    }

    void perEnvironmentDefault()
    {
        Environment other = m_environment;
        other.name = QStringLiteral("Other");
        m_scheduler->setEnvironmentAutoRenew(m_environment.name, true);
        const QUuid inherits = userSession(std::nullopt);
        const QUuid optedOut = userSession(false);
        const QUuid elsewhere = userSession(std::nullopt, &other);
        QVERIFY(!inherits.isNull() && !optedOut.isNull() && !elsewhere.isNull());
        QVERIFY(m_scheduler->autoRenewFor(session(inherits)));
        QVERIFY(!m_scheduler->autoRenewFor(session(optedOut)));
        QVERIFY(!m_scheduler->autoRenewFor(session(elsewhere)));
        tickAt(m_scheduler->thresholdAtMs(session(inherits)));
        QCOMPARE(state(inherits), SessionState::Renewing);
        QCOMPARE(state(optedOut), SessionState::Expiring);
        QCOMPARE(state(elsewhere), SessionState::Expiring);
        QTRY_COMPARE_WITH_TIMEOUT(state(inherits), SessionState::Fresh, kReplyTimeoutMs);
        QCOMPARE(session(inherits).successfulRenewals(), 1);
        // Switching the other environment on renews its expiring session at once.
        m_scheduler->setEnvironmentAutoRenew(other.name, true);
        QCOMPARE(state(elsewhere), SessionState::Renewing);
        QTRY_COMPARE_WITH_TIMEOUT(state(elsewhere), SessionState::Fresh, kReplyTimeoutMs);
        QCOMPARE(state(optedOut), SessionState::Expiring);
    }

    // Without a setting for its environment here (`sessions watch` has no environments page),
    // a session follows its environment's auto-renew as it was when the token was issued.
    void environmentSnapshotDecidesWhenNothingIsSet()
    {
        Environment renewing = m_environment;
        renewing.name = QStringLiteral("Renewing env");
        renewing.autoRenew = true;
        const QUuid follows = userSession(std::nullopt, &renewing);
        const QUuid optedOut = userSession(false, &renewing);
        QVERIFY(!follows.isNull() && !optedOut.isNull());
        QVERIFY(m_scheduler->autoRenewFor(session(follows)));
        QVERIFY(!m_scheduler->autoRenewFor(session(optedOut)));
        // What the app sets for the environment now wins over the snapshot.
        m_scheduler->setEnvironmentAutoRenew(renewing.name, false);
        QVERIFY(!m_scheduler->autoRenewFor(session(follows)));
    }

    // A short-lived CLI command switches auto-renew off: nothing renews by itself (neither at the
    // threshold nor as a retry), renewNow still works, and switching it on resumes at once.
    void autoRenewSwitchedOffStartsNothing()
    {
        m_scheduler->setAutoRenewEnabled(false);
        const QUuid wants = userSession(true);
        QVERIFY(!wants.isNull());
        Session failed = session(wants);
        failed.id = QUuid::createUuid();
        failed.state = SessionState::RenewFailed;
        failed.nextRetryAtMs = m_now + 1000;
        const QUuid retrying = m_store->add(failed);
        tickAt(m_scheduler->thresholdAtMs(session(wants)));
        QCOMPARE(state(wants), SessionState::Expiring);
        QCOMPARE(state(retrying), SessionState::RenewFailed);
        QCOMPARE(m_renewer->running(), 0);
        QVERIFY(m_scheduler->renewNow(wants));
        QCOMPARE(state(wants), SessionState::Renewing);
        QTRY_COMPARE_WITH_TIMEOUT(state(wants), SessionState::Fresh, kReplyTimeoutMs);
        QCOMPARE(state(retrying), SessionState::RenewFailed); // the tick after the renewal left it alone
        m_scheduler->setAutoRenewEnabled(true);
        QCOMPARE(state(retrying), SessionState::Renewing);
        QTRY_VERIFY_WITH_TIMEOUT(state(retrying) != SessionState::Renewing, kReplyTimeoutMs);
    }

    void renewNowAndClose()
    {
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        QVERIFY(m_scheduler->renewNow(id));
        QCOMPARE(state(id), SessionState::Renewing);
        QVERIFY(!m_scheduler->renewNow(id)); // already renewing
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Fresh, kReplyTimeoutMs);
        QCOMPARE(session(id).successfulRenewals(), 1);
        QVERIFY(m_store->close(id));
        QCOMPARE(state(id), SessionState::Closed);
        QVERIFY(!m_scheduler->renewNow(id));
        QCOMPARE(m_scheduler->nextDueMs(), qint64(-1));
        tickAt(session(id).expiresAtMs + 1);
        QCOMPARE(state(id), SessionState::Closed);
    }

    void closedWhileRenewingStaysClosed()
    {
        const QUuid id = userSession(true);
        QVERIFY(!id.isNull());
        tickAt(m_scheduler->thresholdAtMs(session(id)));
        QCOMPARE(state(id), SessionState::Renewing);
        QVERIFY(m_store->close(id));
        QTRY_COMPARE_WITH_TIMEOUT(m_renewer->running(), 0, kReplyTimeoutMs);
        QCOMPARE(state(id), SessionState::Closed);
        QVERIFY(session(id).renewals.isEmpty());
    }

    void appTokenIsRenewedByReissuing()
    {
        // Get App Token needs nothing carried: its session renews by running it again.
        CallContext context;
        TokenResult result;
        QVERIFY(call(QStringLiteral("bankezy.get-app-token"), context, result, m_environment));
        Session appSession = Session::fromResult(result, m_environment, context, m_now);
        appSession.autoRenew = true;
        const QUuid id = m_store->add(appSession);
        QVERIFY(m_renewer->canRenew(session(id)));
        QVERIFY(SessionRenewer::renewsByReissue(session(id), EndpointCatalog::builtIn()));
        QCOMPARE(SessionRenewer::renewSpec(session(id), EndpointCatalog::builtIn())->id, QStringLiteral("bankezy.get-app-token"));
        const QString oldToken = session(id).token;
        const QString oldClientKey = context.clientKey->thumbprint();
        tickAt(m_scheduler->thresholdAtMs(session(id)));
        QCOMPARE(state(id), SessionState::Renewing);
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Fresh, kReplyTimeoutMs);
        QCOMPARE(session(id).successfulRenewals(), 1);
        QVERIFY(session(id).token != oldToken);
        QCOMPARE(session(id).context.value(QStringLiteral("appToken")), session(id).token);
        // A fresh key exchange: a new client key (the environment names no vault key).
        QVERIFY(session(id).context.clientKey->thumbprint() != oldClientKey);
        QCOMPARE(session(id).expiresAtMs, m_now + 900 * 1000);
    }

    // A re-issue refused with 401 (the credentials) is neither "terminated" nor worth retrying.
    void refusedReissueFailsAtOnceWithoutTermination()
    {
        CallContext context;
        TokenResult result;
        QVERIFY(call(QStringLiteral("bankezy.get-app-token"), context, result, m_environment));
        Environment revoked = m_environment;
        revoked.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("REVOKED-KEY"));
        Session appSession = Session::fromResult(result, revoked, context, m_now);
        const QUuid id = m_store->add(appSession);
        QSignalSpy attention(m_scheduler.get(), &ExpiryScheduler::attention);
        QVERIFY(m_scheduler->renewNow(id));
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::RenewFailed, kReplyTimeoutMs);
        QCOMPARE(session(id).renewals.size(), 1);
        QCOMPARE(session(id).renewals.constFirst().httpStatus, 401);
        QCOMPARE(session(id).nextRetryAtMs, 0);
        QCOMPARE(attention.size(), 1);
        QVERIFY2(attention.constFirst().at(1).toString().startsWith(QStringLiteral("Issuing the token again was refused: TOK002")),
                 qPrintable(attention.constFirst().at(1).toString()));
        tickAt(m_now + 60 * 60 * 1000);
        QCOMPARE(state(id), SessionState::RenewFailed); // no retry later either
        QCOMPARE(session(id).renewals.size(), 1);
    }

    void userTokenStillRenewsThroughRenewToken()
    {
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        QVERIFY(!SessionRenewer::renewsByReissue(session(id), EndpointCatalog::builtIn()));
        QCOMPARE(SessionRenewer::renewSpec(session(id), EndpointCatalog::builtIn())->id, QStringLiteral("bankezy.renew-token"));
    }

    void timerSleepsUntilNextDue()
    {
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        QCOMPARE(m_scheduler->timerIntervalMs(), -1); // not started
        m_scheduler->start();
        // 10 minutes to the threshold: the timer sleeps at most a minute at a time.
        QCOMPARE(m_scheduler->timerIntervalMs(), 60000);
        m_now = m_scheduler->thresholdAtMs(session(id)) - 750;
        m_scheduler->tick();
        QCOMPARE(m_scheduler->timerIntervalMs(), 750);
        m_scheduler->stop();
        QCOMPARE(m_scheduler->timerIntervalMs(), -1);
    }

    void noticeAtItsInstant_data()
    {
        QTest::addColumn<qint64>("leadMs");
        QTest::newRow("2 min: after the threshold") << qint64(2 * 60 * 1000);
        QTest::newRow("5 min: with the threshold") << qint64(5 * 60 * 1000);
        QTest::newRow("7 min: before the threshold") << qint64(7 * 60 * 1000);
    }

    void noticeAtItsInstant()
    {
        QFETCH(qint64, leadMs);
        m_scheduler->setNoticeLeadMs(leadMs);
        QCOMPARE(m_scheduler->noticeLeadMs(), leadMs);
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        const qint64 expiresAt = session(id).expiresAtMs;
        const qint64 noticeAt = expiresAt - leadMs;
        const qint64 thresholdAt = m_scheduler->thresholdAtMs(session(id));
        QCOMPARE(m_scheduler->nextDueMs(), qMin(noticeAt, thresholdAt)); // both in the one heap
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        tickAt(noticeAt - 1);
        QCOMPARE(soon.size(), 0);
        tickAt(noticeAt);
        QCOMPARE(soon.size(), 1);
        QCOMPARE(soon.at(0).at(0).toUuid(), id);
        QCOMPARE(soon.at(0).at(1).toLongLong(), leadMs);
        // Once per token, however many ticks follow, and nothing at the expiry itself.
        tickAt(noticeAt + 1000);
        tickAt(thresholdAt);
        QCOMPARE(state(id), SessionState::Expiring);
        tickAt(expiresAt);
        QCOMPARE(state(id), SessionState::Expired);
        QCOMPARE(soon.size(), 1);
        QCOMPARE(m_scheduler->nextDueMs(), qint64(-1));
    }

    void noticeAgainAfterRenewal()
    {
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        const qint64 firstNoticeAt = session(id).expiresAtMs - m_scheduler->noticeLeadMs();
        tickAt(firstNoticeAt);
        QCOMPARE(soon.size(), 1);
        QVERIFY(m_scheduler->renewNow(id));
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Fresh, kReplyTimeoutMs);
        const qint64 renewedExpiresAt = session(id).expiresAtMs;
        QCOMPARE(renewedExpiresAt, firstNoticeAt + 900 * 1000);
        tickAt(renewedExpiresAt - m_scheduler->noticeLeadMs() - 1);
        QCOMPARE(soon.size(), 1); // the new token is not in its window yet
        tickAt(renewedExpiresAt - m_scheduler->noticeLeadMs());
        QCOMPARE(soon.size(), 2);
        QCOMPARE(soon.at(1).at(0).toUuid(), id);
        QCOMPARE(soon.at(1).at(1).toLongLong(), m_scheduler->noticeLeadMs());
    }

    void noNoticeWithAutoRenew_data()
    {
        QTest::addColumn<bool>("ownSetting"); // true: the session's own switch; false: the environment's
        QTest::newRow("session on") << true;
        QTest::newRow("environment on") << false;
    }

    void noNoticeWithAutoRenew()
    {
        QFETCH(bool, ownSetting);
        m_scheduler->setNoticeLeadMs(7 * 60 * 1000); // before the 5 min renew threshold
        if (!ownSetting)
            m_scheduler->setEnvironmentAutoRenew(m_environment.name, true);
        const QUuid id = ownSetting ? userSession(true) : userSession(std::nullopt);
        QVERIFY(!id.isNull());
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        const qint64 thresholdAt = m_scheduler->thresholdAtMs(session(id));
        QCOMPARE(m_scheduler->nextDueMs(), thresholdAt); // no notice instant at all
        tickAt(session(id).expiresAtMs - 7 * 60 * 1000);
        QCOMPARE(soon.size(), 0);
        tickAt(thresholdAt);
        QCOMPARE(state(id), SessionState::Renewing);
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Fresh, kReplyTimeoutMs);
        tickAt(session(id).expiresAtMs - 7 * 60 * 1000);
        QCOMPARE(soon.size(), 0);
        // Switched off inside the window: the scheduler will not renew it, so it is announced.
        QVERIFY(m_scheduler->setAutoRenew(id, false));
        tickAt(m_now);
        QCOMPARE(soon.size(), 1);
        QCOMPARE(soon.at(0).at(1).toLongLong(), 7 * 60 * 1000);
    }

    void noNoticeWhenLeadIsZero()
    {
        m_scheduler->setNoticeLeadMs(0);
        QCOMPARE(m_scheduler->noticeLeadMs(), qint64(0));
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        const qint64 expiresAt = session(id).expiresAtMs;
        for (qint64 at = m_now; at <= expiresAt; at += 30 * 1000)
            tickAt(at);
        tickAt(expiresAt);
        QCOMPARE(state(id), SessionState::Expired);
        QCOMPARE(soon.size(), 0);
        // Negative means off too.
        m_scheduler->setNoticeLeadMs(-5);
        QCOMPARE(m_scheduler->noticeLeadMs(), qint64(0));
    }

    void leadLongerThanLifetimeNoticesAtOnce()
    {
        m_scheduler->setNoticeLeadMs(60 * 60 * 1000);
        m_scheduler->start();
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        const QUuid id = userSession(false);
        QVERIFY(!id.isNull());
        QCOMPARE(m_scheduler->timerIntervalMs(), 0); // due now: the next tick, from the event loop
        QCOMPARE(soon.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(soon.size(), 1, 5000);
        QCOMPARE(soon.at(0).at(0).toUuid(), id);
        QCOMPARE(soon.at(0).at(1).toLongLong(), qint64(900 * 1000));
        QCOMPARE(state(id), SessionState::Fresh);
        m_scheduler->tick();
        QCOMPARE(soon.size(), 1);
        m_scheduler->stop();
    }

    void noNoticeOncePastExpiry()
    {
        // The machine slept through the window: the token is expired, not "expiring soon".
        const QUuid id = plainSession(m_now, 900 * 1000);
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        tickAt(m_now + 900 * 1000 + 5000);
        QCOMPARE(state(id), SessionState::Expired);
        QCOMPARE(soon.size(), 0);
        QCOMPARE(m_scheduler->nextDueMs(), qint64(-1));
    }

    void manyDueAtOnceMoveInDueOrder()
    {
        // More due at once than a tick pops one by one: the rest are split off the heap in one
        // pass, and still processed earliest first.
        const qint64 start = m_now;
        QList<QUuid> ids;
        for (int i = 0; i < 300; ++i) // issued in reverse order of their thresholds
            ids.prepend(plainSession(start + (299 - i) * 10, 900 * 1000));
        const QUuid later = plainSession(start + 3600 * 1000, 900 * 1000);
        QSignalSpy changed(m_scheduler.get(), &ExpiryScheduler::stateChanged);
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        tickAt(start + 600 * 1000 + 2990);
        QCOMPARE(changed.size(), 300);
        QCOMPARE(soon.size(), 300); // default lead 5 min: the same instants
        for (int i = 0; i < 300; ++i) {
            QCOMPARE(changed.at(i).at(0).toUuid(), ids.at(i));
            QCOMPARE(changed.at(i).at(2).value<SessionState>(), SessionState::Expiring);
        }
        QCOMPARE(state(later), SessionState::Fresh);
        QCOMPARE(m_scheduler->nextDueMs(), start + 900 * 1000); // the first expiry
        // Past every expiry and the later session's threshold in one jump.
        tickAt(start + 3600 * 1000 + 600 * 1000);
        QCOMPARE(changed.size(), 601);
        for (const QUuid &id : std::as_const(ids))
            QCOMPARE(state(id), SessionState::Expired);
        QCOMPARE(state(later), SessionState::Expiring);
    }

    void removedSessionLeavesNothingDue()
    {
        const QUuid gone = plainSession(m_now, 900 * 1000);
        QCOMPARE(m_scheduler->nextDueMs(), m_now + 600 * 1000);
        QVERIFY(m_store->remove(gone));
        QCOMPARE(m_scheduler->nextDueMs(), qint64(-1));
        // Its slot is reused; the old instants must not move the new session.
        const QUuid next = plainSession(m_now + 60 * 1000, 900 * 1000);
        QCOMPARE(m_scheduler->nextDueMs(), m_now + 660 * 1000);
        QSignalSpy changed(m_scheduler.get(), &ExpiryScheduler::stateChanged);
        QSignalSpy soon(m_scheduler.get(), &ExpiryScheduler::expiresSoon);
        tickAt(m_now + 600 * 1000);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(soon.size(), 0);
        tickAt(m_now + 60 * 1000);
        QCOMPARE(state(next), SessionState::Expiring);
        QCOMPARE(soon.size(), 1);
    }

    // The storm the renew policy prevents: a lifetime at or below the renew threshold made each
    // renewal due at once (15,000 renewals in 12 s with 6-second tokens). Over ten lifetimes on the
    // fake clock, every token is renewed once, in the second half of its life, and never expires.
    void renewsOncePerTokenWhateverTheLifetime_data()
    {
        QTest::addColumn<qint64>("lifetimeSeconds");
        QTest::addColumn<qint64>("expectedGapMs"); // the renew point after each renewal
        QTest::newRow("2 s") << qint64(2) << qint64(1000);
        QTest::newRow("6 s") << qint64(6) << qint64(3000);
        QTest::newRow("60 s") << qint64(60) << qint64(30000);
        QTest::newRow("5 min") << qint64(300) << qint64(150000);
        QTest::newRow("2 h: 20 % before expiry") << qint64(7200) << qint64(7200000 - 1440000);
    }

    void renewsOncePerTokenWhateverTheLifetime()
    {
        QFETCH(qint64, lifetimeSeconds);
        QFETCH(qint64, expectedGapMs);
        startServer(lifetimeSeconds);
        const qint64 lifetimeMs = lifetimeSeconds * 1000;
        const qint64 start = m_now;
        const QUuid id = userSession(true);
        QVERIFY(!id.isNull());
        QSignalSpy renewed(m_scheduler.get(), &ExpiryScheduler::renewed);
        QSignalSpy changed(m_scheduler.get(), &ExpiryScheduler::stateChanged);
        const qint64 step = lifetimeMs / 40;
        for (qint64 t = start + step; t <= start + 10 * lifetimeMs; t += step) {
            tickAt(t);
            if (state(id) == SessionState::Renewing)
                QTRY_VERIFY_WITH_TIMEOUT(state(id) != SessionState::Renewing, kReplyTimeoutMs);
            QVERIFY2(state(id) == SessionState::Fresh || state(id) == SessionState::Expiring,
                     qPrintable(sessionStateName(state(id))));
        }
        const QList<Session::Renewal> chain = session(id).renewals;
        // Ten lifetimes hold 10 × lifetime / gap renew points (20 for short tokens, 12 for 2 h).
        QCOMPARE(chain.size(), int(10 * lifetimeMs / expectedGapMs));
        qint64 previous = start;
        for (const Session::Renewal &renewal : chain) {
            QVERIFY(renewal.ok);
            // On the first tick at or after the renew point: never early, never in a burst.
            QVERIFY2(renewal.atMs - previous >= expectedGapMs, qPrintable(QString::number(renewal.atMs - previous)));
            QVERIFY2(renewal.atMs - previous < expectedGapMs + step, qPrintable(QString::number(renewal.atMs - previous)));
            QCOMPARE(renewal.newExpiresAtMs, renewal.atMs + lifetimeMs);
            previous = renewal.atMs;
        }
        QCOMPARE(renewed.size(), chain.size());
    }

    void renewalsWaitForTheHostBudget()
    {
        m_scheduler->setHostBudgetPerMinute(5);
        QList<QUuid> ids;
        for (int i = 0; i < 8; ++i)
            ids.append(userSession(true));
        QVERIFY(!ids.contains(QUuid()));
        QSignalSpy waiting(m_scheduler.get(), &ExpiryScheduler::renewWaiting);
        const qint64 thresholdAt = m_scheduler->thresholdAtMs(session(ids.first()));
        tickAt(thresholdAt);
        QCOMPARE(m_renewer->running(), 5);
        QCOMPARE(waiting.size(), 3);
        const QString host = RenewPolicy::hostOf(session(ids.first()));
        for (const QList<QVariant> &signal : std::as_const(waiting)) {
            const QUuid id = signal.at(0).toUuid();
            QCOMPARE(state(id), SessionState::Expiring);
            QVERIFY2(signal.at(1).toString().contains(host), qPrintable(signal.at(1).toString()));
            QCOMPARE(m_scheduler->waitReason(id), signal.at(1).toString());
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_renewer->running(), 0, kReplyTimeoutMs);
        // Still inside the minute: nothing more starts, and nothing is announced twice.
        tickAt(thresholdAt + 59 * 1000);
        QCOMPARE(m_renewer->running(), 0);
        QCOMPARE(waiting.size(), 3);
        QCOMPARE(m_scheduler->nextDueMs(), thresholdAt + 60 * 1000);
        tickAt(thresholdAt + 60 * 1000);
        QCOMPARE(m_renewer->running(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(m_renewer->running(), 0, kReplyTimeoutMs);
        for (const QUuid &id : std::as_const(ids)) {
            QCOMPARE(session(id).successfulRenewals(), 1);
            QVERIFY(m_scheduler->waitReason(id).isEmpty());
        }
    }

    void renewalWithoutLaterExpiryStopsAutoRenew()
    {
        const QUuid id = userSession(true);
        QVERIFY(!id.isNull());
        const qint64 expiresAt = session(id).expiresAtMs;
        QSignalSpy attention(m_scheduler.get(), &ExpiryScheduler::attention);
        // The sandbox runs on the same fake clock: renewed at the same instant, the new token
        // expires when the old one did, as a server that hands out the same token would answer.
        QVERIFY(m_scheduler->renewNow(id));
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Fresh, kReplyTimeoutMs);
        QCOMPARE(session(id).expiresAtMs, expiresAt);
        QVERIFY(session(id).autoRenewStoppedReason.contains(QStringLiteral("no later expiry")));
        QCOMPARE(attention.size(), 1);
        QCOMPARE(attention.at(0).at(1).toString(), session(id).autoRenewStoppedReason);
        // Past the threshold nothing renews; the session expires like one without auto-renew.
        tickAt(m_scheduler->thresholdAtMs(session(id)));
        QCOMPARE(state(id), SessionState::Expiring);
        QCOMPARE(m_renewer->running(), 0);
        // The engineer switches auto-renew on again: the reason goes, and the renewal happens.
        QVERIFY(m_scheduler->setAutoRenew(id, true));
        QVERIFY(session(id).autoRenewStoppedReason.isEmpty());
        QCOMPARE(state(id), SessionState::Renewing);
        QTRY_COMPARE_WITH_TIMEOUT(state(id), SessionState::Fresh, kReplyTimeoutMs);
        QVERIFY(session(id).expiresAtMs > expiresAt);
        QVERIFY(session(id).autoRenewStoppedReason.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_ExpiryScheduler)
#include "tst_ExpiryScheduler.moc"
