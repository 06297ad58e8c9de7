// SPDX-License-Identifier: GPL-3.0-or-later
// One renew-and-retry on HTTP 401, against the sandbox over loopback on a fake clock shared by the
// sandbox, the calls, the store and the scheduler: an app token that expired on the sandbox is
// re-issued through its session and Get User Token runs once more with the new token; renewing
// that fails, tokens no session has and a renew step's own 401 are not retried.
#include "../unit/PostedEvents.h"
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxServer.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionRetry.h"
#include "core/session/SessionStore.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace td;

namespace {

constexpr int kReplyTimeoutMs = 15000;
// Two calls and one renew, each bounded by the environment's transport timeout.
constexpr int kRetryTimeoutMs = 45000;

// One call as SessionRetry reported it.
struct Attempt {
    QByteArray sentToken; // X-API-TOKEN as sent
    int httpStatus = 0;
    bool final = false;
};

QString shortId(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces).left(8);
}

} // namespace

class tst_SessionRetry : public QObject
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

    static const EndpointSpec &spec(const char *id)
    {
        const EndpointSpec *found = EndpointCatalog::builtIn().find(QString::fromLatin1(id));
        Q_ASSERT(found);
        return *found;
    }

    // Runs one step with ApiCall and adds its session, as the forms do; null id when it failed.
    QUuid issue(const char *endpointId, CallContext &context)
    {
        ApiCall call(*m_client, spec(endpointId), m_environment, {}, context);
        call.setClock([this] { return m_now; });
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        if (!finished.wait(kReplyTimeoutMs) || !call.result().ok) {
            qWarning("%s: %s", endpointId, qPrintable(call.result().summary()));
            return {};
        }
        return m_store->addFromCall(call, context);
    }

    // Runs `retry` to its end, collecting each call it reports. False when finished() did not come.
    bool run(SessionRetry &retry, QList<Attempt> &attempts)
    {
        connect(&retry, &SessionRetry::callFinished, this, [&attempts](const ApiCall &call, bool final) {
            attempts.append({call.prepared().request.header("X-API-TOKEN"), call.result().httpStatus, final});
        });
        QSignalSpy finished(&retry, &SessionRetry::finished);
        retry.setClock([this] { return m_now; });
        retry.start();
        if (!finished.wait(kRetryTimeoutMs))
            return false;
        // Nothing else may follow (a second retry would start from what already ran).
        return runPostedEvents() && finished.count() == 1 && !retry.isRunning() && m_renewer->running() == 0;
    }

    std::unique_ptr<SessionRetry> userTokenRetry(CallContext &context, QMap<QString, QString> values = {})
    {
        return std::make_unique<SessionRetry>(*m_client, spec("bankezy.get-user-token"), m_environment, std::move(values),
                                              context, m_store.get(), m_scheduler.get());
    }

    const Session &session(const QUuid &id) const { return *m_store->find(id); }

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
        SandboxConfig config;
        config.bankezyLifetimeSeconds = 5;
        config.nowMs = [this] { return m_now; };
        m_server = std::make_unique<SandboxServer>(config, *m_keys);
        Result<QUrl> url = m_server->start();
        QVERIFY(url.ok());
        m_environment = SandboxEnvironment::make(url.value(), config);
        m_environment.transport.timeoutMs = 10000;
        m_client = std::make_unique<ApiClient>();
        m_store = std::make_unique<SessionStore>();
        m_store->setClock([this] { return m_now; });
        m_renewer = std::make_unique<SessionRenewer>(*m_client);
        m_renewer->setClock([this] { return m_now; });
        m_scheduler = std::make_unique<ExpiryScheduler>(*m_store, *m_renewer);
        m_scheduler->setClock([this] { return m_now; });
        m_scheduler->setThreshold(0.2, 0); // a renewed 5-second token is Fresh for 4 s
        // Not started: only renewNow() renews, so every renewal seen here is the retry's.
    }

    void cleanup()
    {
        m_scheduler.reset();
        m_renewer.reset();
        m_store.reset();
        m_client.reset();
        m_server.reset();
    }

    void appTokenSessionIsReissuedOnce()
    {
        CallContext context;
        const QUuid appId = issue("bankezy.get-app-token", context);
        QVERIFY(!appId.isNull());
        QCOMPARE(SessionRenewer::renewSpec(session(appId), EndpointCatalog::builtIn()), &spec("bankezy.get-app-token"));
        QVERIFY(SessionRenewer::renewsByReissue(session(appId), EndpointCatalog::builtIn()));
        QVERIFY(m_renewer->canRenew(session(appId)));
    }

    void expiredAppTokenIsRenewedAndRetried()
    {
        CallContext context;
        const QUuid appId = issue("bankezy.get-app-token", context);
        QVERIFY(!appId.isNull());
        const QString oldToken = session(appId).token;
        QCOMPARE(context.value(QStringLiteral("appToken")), oldToken);
        const QString oldClientKey = context.clientKey->thumbprint();
        m_now = session(appId).expiresAtMs + 1000; // expired on the sandbox

        const std::unique_ptr<SessionRetry> retry = userTokenRetry(context);
        QSignalSpy renewing(retry.get(), &SessionRetry::renewing);
        QList<Attempt> attempts;
        QVERIFY(run(*retry, attempts));

        // The first answer was the 401, sent with the old app token; the retry sent the new one.
        const QString newToken = session(appId).token;
        QVERIFY(!newToken.isEmpty());
        QVERIFY(newToken != oldToken);
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts.at(0).sentToken, oldToken.toUtf8());
        QCOMPARE(attempts.at(0).httpStatus, 401);
        QCOMPARE(attempts.at(0).final, false);
        QCOMPARE(attempts.at(1).sentToken, newToken.toUtf8());
        QCOMPARE(attempts.at(1).httpStatus, 200);
        QCOMPARE(attempts.at(1).final, true);
        QCOMPARE(renewing.count(), 1);

        QCOMPARE(retry->outcome(), SessionRetry::Outcome::Retried);
        QVERIFY(retry->wasRetried());
        QCOMPARE(retry->sessionId(), appId);
        QVERIFY(retry->result().ok);
        QCOMPARE(retry->result().code, QStringLiteral("TOK200"));
        QCOMPARE(retry->result().endpointId, QStringLiteral("bankezy.get-user-token"));
        QVERIFY(retry->firstCall() != retry->lastCall());
        QCOMPARE(retry->firstCall()->result().httpStatus, 401);
        QCOMPARE(retry->lastCall()->prepared().request.header("X-API-TOKEN"), newToken.toUtf8());
        QCOMPARE(retry->note(), QStringLiteral("HTTP 401 with the app token of session %1: renewed it and retried").arg(shortId(appId)));

        // The app-token session was re-issued: one good renewal, a fresh expiry on the sandbox's clock.
        const Session &app = session(appId);
        QCOMPARE(app.renewals.size(), 1);
        QVERIFY(app.renewals.constFirst().ok);
        QCOMPARE(app.state, SessionState::Fresh);
        QVERIFY(app.expiresAtMs > m_now);
        // The caller's context now carries the new app token, its key pair and the user token.
        QCOMPARE(context.value(QStringLiteral("appToken")), newToken);
        QVERIFY(context.clientKey->thumbprint() != oldClientKey);
        QCOMPARE(context.value(QStringLiteral("userToken")), retry->result().token);
        // The new user token is what the sandbox issued to the retried call.
        QVERIFY(!retry->result().token.isEmpty());
        QVERIFY(retry->result().token != newToken);
    }

    void typedAppTokenIsReplacedOnRetry()
    {
        CallContext context;
        const QUuid appId = issue("bankezy.get-app-token", context);
        QVERIFY(!appId.isNull());
        const QString oldToken = session(appId).token;
        m_now = session(appId).expiresAtMs + 1000;

        // The form's typed value equals the session's old token: the retry must not send it again.
        const std::unique_ptr<SessionRetry> retry = userTokenRetry(context, {{QStringLiteral("X-API-TOKEN"), oldToken}});
        QList<Attempt> attempts;
        QVERIFY(run(*retry, attempts));
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts.at(0).sentToken, oldToken.toUtf8());
        QCOMPARE(attempts.at(1).sentToken, session(appId).token.toUtf8());
        QVERIFY(attempts.at(1).sentToken != oldToken.toUtf8());
        QCOMPARE(retry->outcome(), SessionRetry::Outcome::Retried);
        QVERIFY(retry->result().ok);
    }

    void renewFailureShowsTheFirstAnswer()
    {
        CallContext context;
        const QUuid appId = issue("bankezy.get-app-token", context);
        QVERIFY(!appId.isNull());
        const QString oldToken = session(appId).token;
        m_now = session(appId).expiresAtMs + 1000;
        m_server->addFault({QStringLiteral("bankezy.get-app-token"), SandboxFault::Kind::HttpStatus, QStringLiteral("500"), 1});

        const std::unique_ptr<SessionRetry> retry = userTokenRetry(context);
        QList<Attempt> attempts;
        QVERIFY(run(*retry, attempts));

        // One call only: the renew failed, so there is no second Get User Token.
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.at(0).sentToken, oldToken.toUtf8());
        QCOMPARE(attempts.at(0).final, true);
        QCOMPARE(retry->outcome(), SessionRetry::Outcome::RenewFailed);
        QVERIFY(!retry->wasRetried());
        QCOMPARE(retry->firstCall(), retry->lastCall());
        QVERIFY(!retry->result().ok);
        QCOMPARE(retry->result().httpStatus, 401);

        const Session &app = session(appId);
        QCOMPARE(app.state, SessionState::RenewFailed);
        QCOMPARE(app.token, oldToken);
        QCOMPARE(app.renewals.size(), 1);
        QVERIFY(!app.renewals.constFirst().ok);
        QCOMPARE(app.renewals.constFirst().httpStatus, 500);
        QVERIFY(app.lastError.endsWith(QStringLiteral("(HTTP 500)")));
        QCOMPARE(retry->note(), QStringLiteral("HTTP 401 with the app token of session %1: renewing failed: %2; "
                                               "the first answer is shown")
                                    .arg(shortId(appId), app.lastError));
        // The caller's context keeps the token it had.
        QCOMPARE(context.value(QStringLiteral("appToken")), oldToken);
    }

    void retriedCallAnswering401IsFinal()
    {
        CallContext context;
        const QUuid appId = issue("bankezy.get-app-token", context);
        QVERIFY(!appId.isNull());
        const QString oldToken = session(appId).token;
        // The sandbox refuses the next two Get User Token calls whatever they send.
        m_server->addFault({QStringLiteral("bankezy.get-user-token"), SandboxFault::Kind::HttpStatus, QStringLiteral("401"), 2});

        const std::unique_ptr<SessionRetry> retry = userTokenRetry(context);
        QList<Attempt> attempts;
        QVERIFY(run(*retry, attempts));
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts.at(0).httpStatus, 401);
        QCOMPARE(attempts.at(1).httpStatus, 401);
        QCOMPARE(attempts.at(1).sentToken, session(appId).token.toUtf8());
        QVERIFY(attempts.at(1).sentToken != oldToken.toUtf8());
        QCOMPARE(retry->outcome(), SessionRetry::Outcome::Retried);
        QCOMPARE(retry->result().httpStatus, 401);
        // Exactly one renew-and-retry: one renewal in the chain.
        QCOMPARE(session(appId).renewals.size(), 1);
    }

    void tokenOfNoSessionIsNotRetried()
    {
        CallContext context;
        const QUuid appId = issue("bankezy.get-app-token", context);
        QVERIFY(!appId.isNull());
        const std::unique_ptr<SessionRetry> retry =
            userTokenRetry(context, {{QStringLiteral("X-API-TOKEN"), QStringLiteral("no-session-has-this")}});
        QSignalSpy renewing(retry.get(), &SessionRetry::renewing);
        QList<Attempt> attempts;
        QVERIFY(run(*retry, attempts));
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.at(0).sentToken, QByteArrayLiteral("no-session-has-this"));
        QCOMPARE(attempts.at(0).httpStatus, 401);
        QCOMPARE(attempts.at(0).final, true);
        QCOMPARE(retry->outcome(), SessionRetry::Outcome::NotRetried);
        QVERIFY(retry->note().isEmpty());
        QVERIFY(retry->sessionId().isNull());
        QCOMPARE(renewing.count(), 0);
        QVERIFY(session(appId).renewals.isEmpty());
        QCOMPARE(session(appId).state, SessionState::Fresh);
    }

    void withoutStoreItIsAPlainCall()
    {
        CallContext context;
        const QUuid appId = issue("bankezy.get-app-token", context);
        QVERIFY(!appId.isNull());
        m_now = session(appId).expiresAtMs + 1000;
        SessionRetry retry(*m_client, spec("bankezy.get-user-token"), m_environment, {}, context, nullptr, nullptr);
        QList<Attempt> attempts;
        QVERIFY(run(retry, attempts));
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.at(0).httpStatus, 401);
        QCOMPARE(retry.outcome(), SessionRetry::Outcome::NotRetried);
        QVERIFY(session(appId).renewals.isEmpty());
    }

    void renewStepAnswering401IsNotRetried()
    {
        CallContext context;
        QVERIFY(!issue("bankezy.get-app-token", context).isNull());
        const QUuid userId = issue("bankezy.get-user-token", context);
        QVERIFY(!userId.isNull());
        const QString userToken = session(userId).token;
        QCOMPARE(m_server->terminateToken(userToken.toUtf8()), 1);

        SessionRetry retry(*m_client, spec("bankezy.renew-token"), m_environment, {}, context, m_store.get(), m_scheduler.get());
        QList<Attempt> attempts;
        QVERIFY(run(retry, attempts));
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.at(0).sentToken, userToken.toUtf8());
        QCOMPARE(attempts.at(0).httpStatus, 401);
        QCOMPARE(retry.outcome(), SessionRetry::Outcome::NotRetried);
        QVERIFY(retry.note().isEmpty());
        // The session was not renewed behind the call's back.
        QCOMPARE(session(userId).state, SessionState::Fresh);
        QVERIFY(session(userId).renewals.isEmpty());
    }

    void mergeTakesOnlyWhatRenewingChanged()
    {
        CallContext before;
        before.values = {{QStringLiteral("appToken"), QStringLiteral("a1")}, {QStringLiteral("userToken"), QStringLiteral("u-old")}};
        CallContext after = before;
        after.values.insert(QStringLiteral("appToken"), QStringLiteral("a2"));
        after.values.insert(QStringLiteral("serverPublicKey"), QStringLiteral("spk"));
        CallContext target;
        target.values = {{QStringLiteral("appToken"), QStringLiteral("a1")}, {QStringLiteral("userToken"), QStringLiteral("u-new")}};
        SessionRetry::mergeRenewed(target, before, after);
        QCOMPARE(target.value(QStringLiteral("appToken")), QStringLiteral("a2"));
        QCOMPARE(target.value(QStringLiteral("serverPublicKey")), QStringLiteral("spk"));
        QCOMPARE(target.value(QStringLiteral("userToken")), QStringLiteral("u-new")); // unchanged by the renew
    }
};

QTEST_GUILESS_MAIN(tst_SessionRetry)
#include "tst_SessionRetry.moc"
