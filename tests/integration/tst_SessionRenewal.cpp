// SPDX-License-Identifier: GPL-3.0-or-later
// Auto-renew against the sandbox (a real server over loopback) with 4-second lifetimes: one
// BankEzy, one EnOS and one security-management session stay alive across five renewals each
// while the sandbox fails some of the renew calls, and none of them ever expires. Time is a fake
// clock shared by the sandbox, the calls, the store and the scheduler: the test moves it to the
// scheduler's next due instant and ticks, and waits only for the sandbox's answers.
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxServer.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <QDateTime>
#include <QHash>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>

using namespace td;

namespace {

constexpr int kReplyTimeoutMs = 15000;
constexpr int kRenewals = 5;
// Clock steps before giving up: 4 sessions × (5 renewals + 3 failures + their thresholds), ample.
constexpr int kMaxSteps = 400;

struct FamilyCase {
    const char *family;
    const char *renewEndpoint;
    const char *forcedCode; // what the second injected failure forces
};

constexpr FamilyCase kFamilies[] = {
    {"bankezy", "bankezy.renew-token", "TOK003"},
    {"enos", "enos.refresh-token", "1003"},
    {"secmgmt", "secmgmt.refresh-token", "AUTH_1002"},
};

} // namespace

class tst_SessionRenewal : public QObject
{
    Q_OBJECT

private:
    std::optional<SandboxKeys> m_keys;
    qint64 m_now = 0;

    std::function<qint64()> clock()
    {
        return [this] { return m_now; };
    }

    // One step of time: waits for the renewals in flight (the sandbox's answers), else moves the
    // clock to the next due instant and ticks. False when nothing is in flight or due.
    bool step(ExpiryScheduler &scheduler, SessionRenewer &renewer)
    {
        if (renewer.running() > 0) {
            QSignalSpy finished(&renewer, &SessionRenewer::finished);
            return finished.wait(kReplyTimeoutMs);
        }
        const qint64 due = scheduler.nextDueMs();
        if (due < 0)
            return false;
        m_now = qMax(m_now, due);
        scheduler.tick();
        return true;
    }

    // Runs the family's issuing steps (every step but the renew one) and adds the last result.
    QUuid issue(ApiClient &client, SessionStore &store, const Environment &environment, const QString &family)
    {
        QList<const EndpointSpec *> specs = EndpointCatalog::builtIn().family(family);
        specs.removeLast();
        CallContext context;
        QUuid id;
        for (const EndpointSpec *spec : specs) {
            ApiCall call(client, *spec, environment, {}, context);
            call.setClock(clock());
            QSignalSpy finished(&call, &ApiCall::finished);
            call.start();
            if (!finished.wait(kReplyTimeoutMs) || !call.result().ok)
                return {};
            id = store.addFromCall(call, context);
        }
        return id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        QVERIFY(keys.ok());
        m_keys = keys.value();
    }

    void autoRenewKeepsEveryFamilyAlive()
    {
        SandboxConfig config;
        config.bankezyLifetimeSeconds = 4;
        config.enosLifetimeSeconds = 4;
        config.secmgmtLifetimeSeconds = 4;
        config.renewWindowSeconds = 3600;
        m_now = QDateTime::currentMSecsSinceEpoch();
        config.nowMs = clock();
        SandboxServer server(config, *m_keys);
        Result<QUrl> url = server.start();
        QVERIFY(url.ok());
        const Environment environment = SandboxEnvironment::make(url.value(), config);

        ApiClient client;
        SessionStore store;
        store.setClock(clock());
        SessionRenewer renewer(client);
        renewer.setClock(clock());
        ExpiryScheduler scheduler(store, renewer);
        scheduler.setClock(clock());
        scheduler.setThreshold(0.5, 0);  // renew with 2 s left
        scheduler.setBackoff(200, 800); // three failures in a row still finish well before expiry
        scheduler.setMaxAttempts(5);
        scheduler.setEnvironmentAutoRenew(environment.name, true);

        QHash<QUuid, QString> renewEndpoint;
        QHash<QUuid, QString> forcedCode;
        QHash<QUuid, QList<SessionState>> states;
        QList<QString> problems;
        connect(&scheduler, &ExpiryScheduler::stateChanged, this,
                [&](const QUuid &id, SessionState, SessionState to) { states[id].append(to); });
        connect(&scheduler, &ExpiryScheduler::attention, this,
                [&](const QUuid &, const QString &reason) { problems.append(reason); });
        // Inject failures as the chains grow: after the 1st success two HTTP 500s, after the 3rd
        // one forced error code. Each must be recovered by the backoff.
        connect(&scheduler, &ExpiryScheduler::renewed, this, [&](const QUuid &id, const TokenResult &) {
            const int done = store.find(id)->successfulRenewals();
            if (done == 1)
                server.addFault({renewEndpoint.value(id), SandboxFault::Kind::HttpStatus, QStringLiteral("500"), 2});
            else if (done == 3)
                server.addFault({renewEndpoint.value(id), SandboxFault::Kind::ErrorCode, forcedCode.value(id), 1});
        });

        QList<QUuid> ids;
        for (const FamilyCase &family : kFamilies) {
            const QUuid id = issue(client, store, environment, QString::fromUtf8(family.family));
            QVERIFY2(!id.isNull(), family.family);
            QVERIFY2(renewer.canRenew(*store.find(id)), family.family);
            renewEndpoint.insert(id, QString::fromUtf8(family.renewEndpoint));
            forcedCode.insert(id, QString::fromUtf8(family.forcedCode));
            ids.append(id);
        }
        // Every issuing call is a session: the BankEzy app token too (it renews by re-issuing).
        QCOMPARE(store.rowCount(), 4);
        // Not started: its timer would count real milliseconds. step() moves time instead.

        const auto allRenewed = [&] {
            for (const QUuid &id : ids) {
                if (store.find(id)->successfulRenewals() < kRenewals)
                    return false;
            }
            return true;
        };
        for (int steps = 0; !allRenewed(); ++steps) {
            QVERIFY2(steps < kMaxSteps, "the sessions stopped renewing");
            QVERIFY2(step(scheduler, renewer), "nothing in flight and nothing due");
        }

        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        for (const QUuid &id : ids) {
            const Session &session = *store.find(id);
            const QString name = session.family;
            QVERIFY2(!states.value(id).contains(SessionState::Expired), qPrintable(name));
            QVERIFY2(!states.value(id).contains(SessionState::Terminated), qPrintable(name));
            QVERIFY2(session.state == SessionState::Fresh || session.state == SessionState::Renewing
                         || session.state == SessionState::RenewFailed,
                     qPrintable(name + QLatin1Char(' ') + sessionStateName(session.state)));
            QVERIFY2(session.successfulRenewals() >= kRenewals, qPrintable(name));
            // The injected failures happened and were recorded with the server's answer.
            QList<Session::Renewal> failures;
            for (const Session::Renewal &renewal : session.renewals) {
                if (!renewal.ok)
                    failures.append(renewal);
            }
            QCOMPARE(failures.size(), 3);
            QCOMPARE(failures.at(0).httpStatus, 500);
            QCOMPARE(failures.at(1).httpStatus, 500);
            QCOMPARE(failures.at(2).code, forcedCode.value(id));
            // Every renewal handed out a later expiry, before the one it replaced had passed, and
            // the token in use is the last renewed one.
            qint64 previous = 0;
            for (const Session::Renewal &renewal : session.renewals) {
                if (!renewal.ok)
                    continue;
                QVERIFY2(renewal.newExpiresAtMs > previous, qPrintable(name));
                QVERIFY2(previous == 0 || renewal.atMs < previous, qPrintable(name));
                previous = renewal.newExpiresAtMs;
            }
            QCOMPARE(session.context.value(session.family == QLatin1String("bankezy")  ? QStringLiteral("userToken")
                                           : session.family == QLatin1String("enos") ? QStringLiteral("accessToken")
                                                                                    : QStringLiteral("token")),
                     session.token);
        }
    }
};

QTEST_GUILESS_MAIN(tst_SessionRenewal)
#include "tst_SessionRenewal.moc"
