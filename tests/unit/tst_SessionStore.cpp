// SPDX-License-Identifier: GPL-3.0-or-later
// The sessions table: rows, columns and roles under QAbstractItemModelTester, dataChanged only
// for the row that changed, close/remove, and turning call results into sessions.
#include "core/session/SessionStore.h"
#include "core/net/ApiClient.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/ApiCall.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace td;

namespace {

constexpr qint64 kNow = 1795000000000; // 2026-11-17

Environment environment(const QString &name)
{
    Environment env;
    env.name = name;
    env.baseUrl = QStringLiteral("http://127.0.0.1:1");
    return env;
}

TokenResult issued(const QString &endpointId, const QString &token, qint64 expiresAtMs)
{
    TokenResult result;
    result.endpointId = endpointId;
    result.ok = true;
    result.httpStatus = 200;
    result.code = QStringLiteral("100");
    result.message = QStringLiteral("Success");
    result.token = token;
    result.expiresAtMs = expiresAtMs;
    result.expiryField = QStringLiteral("expireAt");
    result.expiryRaw = double(expiresAtMs);
    result.receivedAtMs = kNow;
    return result;
}

Session makeSession(const QString &family, const QString &envName, qint64 expiresAtMs)
{
    CallContext context;
    Session session = Session::fromResult(issued(family + QStringLiteral(".issue"), QStringLiteral("tok-") + envName,
                                                 expiresAtMs),
                                          environment(envName), context, kNow);
    session.family = family;
    return session;
}

} // namespace

class tst_SessionStore : public QObject
{
    Q_OBJECT

private:
    qint64 m_now = kNow;

private Q_SLOTS:
    void init() { m_now = kNow; }

    void rowsAndColumns()
    {
        SessionStore store;
        store.setClock([this] { return m_now; });
        QAbstractItemModelTester tester(&store, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(store.rowCount(), 0);
        QCOMPARE(store.columnCount(), int(SessionStore::ColumnCount));
        const QUuid a = store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("Sandbox"), kNow + 245000));
        const QUuid b = store.add(makeSession(QStringLiteral("enos"), QStringLiteral("Staging"), kNow + 3720000));
        QVERIFY(a != b);
        QCOMPARE(store.rowCount(), 2);
        QCOMPARE(store.rowOf(b), 1);
        QCOMPARE(store.data(store.index(0, SessionStore::FamilyColumn)).toString(), QStringLiteral("BankEzy"));
        QCOMPARE(store.data(store.index(0, SessionStore::EnvironmentColumn)).toString(), QStringLiteral("Sandbox"));
        // An id the catalog does not know is shown as it is; a known one by its title, the id in the tooltip.
        QCOMPARE(store.data(store.index(0, SessionStore::EndpointColumn)).toString(), QStringLiteral("bankezy.issue"));
        Session known = makeSession(QStringLiteral("bankezy"), QStringLiteral("Sandbox"), kNow + 1000);
        known.endpointId = QStringLiteral("bankezy.get-user-token");
        const QUuid c = store.add(known);
        QCOMPARE(store.data(store.index(store.rowOf(c), SessionStore::EndpointColumn)).toString(), QStringLiteral("Get User Token"));
        QCOMPARE(store.data(store.index(store.rowOf(c), SessionStore::EndpointColumn), Qt::ToolTipRole).toString(),
                 QStringLiteral("bankezy.get-user-token"));
        QVERIFY(store.remove(c));
        QCOMPARE(store.data(store.index(0, SessionStore::StateColumn)).toString(), QStringLiteral("fresh"));
        QCOMPARE(store.data(store.index(0, SessionStore::ExpiresAtColumn)).toString(),
                 QDateTime::fromMSecsSinceEpoch(kNow + 245000, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
        QCOMPARE(store.data(store.index(0, SessionStore::RemainingColumn)).toString(), QStringLiteral("4m 05s"));
        QCOMPARE(store.data(store.index(1, SessionStore::RemainingColumn)).toString(), QStringLiteral("1h 02m"));
        QCOMPARE(store.data(store.index(0, SessionStore::RenewalsColumn)).toInt(), 0);
        QCOMPARE(store.data(store.index(0, SessionStore::AutoRenewColumn)).toString(), QStringLiteral("default"));
        QCOMPARE(store.data(store.index(1, 0), SessionStore::IdRole).toUuid(), b);
        QCOMPARE(store.data(store.index(1, 0), SessionStore::StateRole).toInt(), int(SessionState::Fresh));
        QCOMPARE(store.data(store.index(1, 0), SessionStore::ExpiresAtRole).toLongLong(), kNow + 3720000);
        QCOMPARE(store.data(store.index(1, 0), SessionStore::RemainingMsRole).toLongLong(), qint64(3720000));
        QCOMPARE(store.headerData(SessionStore::RemainingColumn, Qt::Horizontal).toString(), QStringLiteral("Remaining"));
        m_now = kNow + 300000;
        QCOMPARE(store.data(store.index(0, SessionStore::RemainingColumn)).toString(), QStringLiteral("expired 55s ago"));
    }

    void remainingText_data()
    {
        QTest::addColumn<qint64>("leftMs");
        QTest::addColumn<QString>("text");
        QTest::newRow("just issued") << qint64(900000) << QStringLiteral("15m 00s");
        QTest::newRow("under a second") << qint64(1) << QStringLiteral("1s");
        QTest::newRow("hours") << qint64(7200000) << QStringLiteral("2h 00m");
        QTest::newRow("exactly now") << qint64(0) << QStringLiteral("expired 0s ago");
        QTest::newRow("past") << qint64(-190000) << QStringLiteral("expired 3m 10s ago");
    }

    void remainingText()
    {
        QFETCH(qint64, leftMs);
        QFETCH(QString, text);
        QCOMPARE(SessionStore::remainingText(kNow + leftMs, kNow), text);
        QCOMPARE(SessionStore::remainingText(0, kNow), QStringLiteral("no expiry"));
    }

    void updateChangesOnlyItsRow()
    {
        SessionStore store;
        store.setClock([this] { return m_now; });
        QAbstractItemModelTester tester(&store, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<QUuid> ids;
        for (int i = 0; i < 5; ++i)
            ids.append(store.add(makeSession(QStringLiteral("enos"), QStringLiteral("E%1").arg(i), kNow + 60000)));
        QSignalSpy changed(&store, &SessionStore::dataChanged);
        QSignalSpy sessionChanged(&store, &SessionStore::sessionChanged);
        Session third = *store.find(ids.at(2));
        third.state = SessionState::Expiring;
        third.autoRenew = true;
        QVERIFY(store.update(third));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
        QCOMPARE(sessionChanged.size(), 1);
        QCOMPARE(sessionChanged.at(0).at(0).toUuid(), ids.at(2));
        QCOMPARE(store.data(store.index(2, SessionStore::StateColumn)).toString(), QStringLiteral("expiring"));
        QCOMPARE(store.data(store.index(2, SessionStore::AutoRenewColumn)).toString(), QStringLiteral("on"));
        Session unknown = third;
        unknown.id = QUuid::createUuid();
        QVERIFY(!store.update(unknown));
        QCOMPARE(changed.size(), 1);
    }

    // A scheduler tick moves many sessions: sessionChanged for each at once, one dataChanged
    // spanning the changed rows when the (outermost) batch ends.
    // What a renewal needs again of the values typed for a call travels with the session; what
    // is generated, computed or carried does not (a stale timestamp would make it a replay).
    void sessionKeepsTheTypedValuesItsRenewalNeeds()
    {
        ApiClient client;
        CallContext context;
        Environment env = environment(QStringLiteral("Typed"));
        env.values.insert(QStringLiteral("appKey"), QStringLiteral("from-environment"));
        const QMap<QString, QString> typed{{QStringLiteral("appKey"), QStringLiteral("typed-app-key")},
                                           {QStringLiteral("appSecret"), QStringLiteral("vault:enos app#secret")},
                                           {QStringLiteral("timestamp"), QStringLiteral("1795000000000")},
                                           {QStringLiteral("encryption"), QStringLiteral("abc")},
                                           {QStringLiteral("unrelated"), QStringLiteral("x")}};
        ApiCall call(client, *EndpointCatalog::builtIn().find(u"enos.get-token"), env, typed, context);
        const Environment kept = SessionStore::renewableEnvironment(call, EndpointCatalog::builtIn());
        QCOMPARE(kept.values.value(QStringLiteral("appKey")), QStringLiteral("typed-app-key"));
        QCOMPARE(kept.values.value(QStringLiteral("appSecret")), QStringLiteral("vault:enos app#secret")); // a reference stays one
        QVERIFY(!kept.values.contains(QStringLiteral("timestamp")));
        QVERIFY(!kept.values.contains(QStringLiteral("encryption")));
        QVERIFY(!kept.values.contains(QStringLiteral("unrelated")));
        QCOMPARE(call.environment().values.value(QStringLiteral("appKey")), QStringLiteral("from-environment"));

        // BankEzy: a re-issue of the app token needs the pre-shared values, not the generated key.
        const QMap<QString, QString> bankezy{{QStringLiteral("X-API-KEY"), QStringLiteral("HDR")},
                                             {QStringLiteral("secret"), QStringLiteral("s3cr3t")},
                                             {QStringLiteral("publicKey"), QStringLiteral("eyJrdHkiOiJFQyJ9")}};
        ApiCall app(client, *EndpointCatalog::builtIn().find(u"bankezy.get-app-token"), env, bankezy, context);
        const Environment appKept = SessionStore::renewableEnvironment(app, EndpointCatalog::builtIn());
        QCOMPARE(appKept.values.value(QStringLiteral("X-API-KEY")), QStringLiteral("HDR"));
        QCOMPARE(appKept.values.value(QStringLiteral("secret")), QStringLiteral("s3cr3t"));
        QVERIFY(!appKept.values.contains(QStringLiteral("publicKey")));
    }

    void stateBatchGathersDataChanged()
    {
        SessionStore store;
        QAbstractItemModelTester tester(&store, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<QUuid> ids;
        for (int i = 0; i < 5; ++i)
            ids.append(store.add(makeSession(QStringLiteral("enos"), QStringLiteral("Sandbox"), kNow + 1000 * (i + 1))));
        QSignalSpy data(&store, &QAbstractItemModel::dataChanged);
        QSignalSpy changed(&store, &SessionStore::sessionChanged);
        store.beginStateBatch();
        store.beginStateBatch();
        QVERIFY(store.setState(ids.at(3), SessionState::Expiring));
        QVERIFY(store.setState(ids.at(1), SessionState::Expired));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(store.at(1).state, SessionState::Expired); // the model answers the new state at once
        store.endStateBatch();
        QCOMPARE(data.size(), 0); // still inside the outer batch
        store.endStateBatch();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.at(0).at(0).toModelIndex(), store.index(1, SessionStore::StateColumn));
        QCOMPARE(data.at(0).at(1).toModelIndex(), store.index(3, SessionStore::StateColumn));
        store.endStateBatch(); // unbalanced: ignored
        QCOMPARE(data.size(), 1);
        QVERIFY(store.setState(ids.at(0), SessionState::Expiring));
        QCOMPARE(data.size(), 2); // outside a batch: at once
    }

    void closeKeepsRowUntilRemoved()
    {
        SessionStore store;
        QAbstractItemModelTester tester(&store, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QUuid a = store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("A"), kNow + 60000));
        const QUuid b = store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("B"), kNow + 60000));
        const QUuid c = store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("C"), kNow + 60000));
        QSignalSpy changed(&store, &SessionStore::dataChanged);
        QVERIFY(store.close(b));
        QCOMPARE(store.find(b)->state, SessionState::Closed);
        QCOMPARE(store.rowCount(), 3);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QSignalSpy removed(&store, &SessionStore::sessionRemoved);
        QVERIFY(store.remove(b));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(store.rowCount(), 2);
        QCOMPARE(store.find(b), nullptr);
        QCOMPARE(store.rowOf(a), 0);
        QCOMPARE(store.rowOf(c), 1); // rows after the removed one move up
        QCOMPARE(store.data(store.index(1, 0), SessionStore::IdRole).toUuid(), c);
        QVERIFY(!store.remove(b));
        QVERIFY(!store.close(b));
        QCOMPARE(store.ids(), (QList<QUuid>{a, c}));
    }

    void resultsBecomeSessions()
    {
        SessionStore store;
        store.setClock([this] { return m_now; });
        QAbstractItemModelTester tester(&store, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CallContext context;
        context.values.insert(QStringLiteral("accessToken"), QStringLiteral("acc-1"));
        const Environment sandbox = environment(QStringLiteral("Sandbox"));
        const QUuid first = store.addFromResult(issued(QStringLiteral("enos.get-token"), QStringLiteral("acc-1"), kNow + 7200000),
                                                sandbox, context);
        QVERIFY(!first.isNull());
        QCOMPARE(store.find(first)->family, QStringLiteral("enos"));
        QCOMPARE(store.find(first)->endpointId, QStringLiteral("enos.get-token"));
        QCOMPARE(store.find(first)->issuedAtMs, kNow);
        QCOMPARE(store.find(first)->context.value(QStringLiteral("accessToken")), QStringLiteral("acc-1"));

        // A refresh that sent acc-1 renews that session: same row, new token, one renewal.
        m_now = kNow + 1000;
        CallContext renewed = context;
        renewed.values.insert(QStringLiteral("accessToken"), QStringLiteral("acc-2"));
        const QUuid again = store.addFromResult(issued(QStringLiteral("enos.refresh-token"), QStringLiteral("acc-2"), kNow + 7201000),
                                                sandbox, renewed, {QStringLiteral("acc-1")});
        QCOMPARE(again, first);
        QCOMPARE(store.rowCount(), 1);
        QCOMPARE(store.find(first)->token, QStringLiteral("acc-2"));
        QCOMPARE(store.find(first)->expiresAtMs, kNow + 7201000);
        QCOMPARE(store.find(first)->renewals.size(), 1);
        QCOMPARE(store.find(first)->renewals.at(0).atMs, kNow + 1000);
        QCOMPARE(store.find(first)->context.value(QStringLiteral("accessToken")), QStringLiteral("acc-2"));
        QCOMPARE(store.find(first)->endpointId, QStringLiteral("enos.get-token")); // still names what issued it

        // A refresh of a token nobody tracks, or in another environment, is a new session.
        const QUuid other = store.addFromResult(issued(QStringLiteral("enos.refresh-token"), QStringLiteral("acc-9"), kNow + 7200000),
                                                environment(QStringLiteral("Staging")), renewed, {QStringLiteral("acc-2")});
        QVERIFY(other != first);
        QCOMPARE(store.rowCount(), 2);
        QCOMPARE(store.find(other)->endpointId, QStringLiteral("enos.refresh-token"));

        // Failed calls and calls without a token add nothing.
        TokenResult failed = issued(QStringLiteral("enos.get-token"), QStringLiteral("x"), kNow);
        failed.ok = false;
        QVERIFY(store.addFromResult(failed, sandbox, context).isNull());
        QVERIFY(store.addFromResult(issued(QStringLiteral("enos.get-token"), QString(), kNow), sandbox, context).isNull());
        QCOMPARE(store.rowCount(), 2);
    }

    // EnOS answers the token it already gave while that one is valid: one session, kept up to date.
    void theSameTokenIssuedAgainIsOneSession()
    {
        SessionStore store;
        store.setClock([this] { return m_now; });
        QAbstractItemModelTester tester(&store, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Environment sandbox = environment(QStringLiteral("Sandbox"));
        CallContext context;
        const QUuid first = store.addFromResult(issued(QStringLiteral("enos.get-token"), QStringLiteral("same-1"), kNow + 7200000),
                                                sandbox, context);
        QVERIFY(store.setState(first, SessionState::Expiring));
        m_now = kNow + 60000;
        CallContext later;
        later.values.insert(QStringLiteral("accessToken"), QStringLiteral("same-1"));
        const QUuid again = store.addFromResult(issued(QStringLiteral("enos.get-token"), QStringLiteral("same-1"), kNow + 7260000),
                                                sandbox, later);
        QCOMPARE(again, first);
        QCOMPARE(store.rowCount(), 1);
        const Session &session = *store.find(first);
        QCOMPARE(session.expiresAtMs, kNow + 7260000);
        QCOMPARE(session.state, SessionState::Fresh); // placed again from its later expiry
        QCOMPARE(session.context.value(QStringLiteral("accessToken")), QStringLiteral("same-1"));
        QVERIFY(session.renewals.isEmpty()); // nothing was renewed
        QCOMPARE(session.issuedAtMs, kNow);

        // Another environment, another endpoint, or a closed session: a row of its own.
        QVERIFY(store.addFromResult(issued(QStringLiteral("enos.get-token"), QStringLiteral("same-1"), kNow + 7260000),
                                    environment(QStringLiteral("Staging")), context) != first);
        QVERIFY(store.close(first));
        QVERIFY(store.addFromResult(issued(QStringLiteral("enos.get-token"), QStringLiteral("same-1"), kNow + 7260000),
                                    sandbox, context) != first);
        QCOMPARE(store.rowCount(), 3);
    }

    void stateNames_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("name");
        QTest::newRow("fresh") << int(SessionState::Fresh) << QStringLiteral("fresh");
        QTest::newRow("expiring") << int(SessionState::Expiring) << QStringLiteral("expiring");
        QTest::newRow("expired") << int(SessionState::Expired) << QStringLiteral("expired");
        QTest::newRow("renewing") << int(SessionState::Renewing) << QStringLiteral("renewing");
        QTest::newRow("renew-failed") << int(SessionState::RenewFailed) << QStringLiteral("renew-failed");
        QTest::newRow("terminated") << int(SessionState::Terminated) << QStringLiteral("terminated");
        QTest::newRow("closed") << int(SessionState::Closed) << QStringLiteral("closed");
    }

    void stateNames()
    {
        QFETCH(int, state);
        QFETCH(QString, name);
        QCOMPARE(sessionStateName(SessionState(state)), name);
        QCOMPARE(sessionStateFromName(name), std::optional<SessionState>(SessionState(state)));
    }
};

QTEST_GUILESS_MAIN(tst_SessionStore)
#include "tst_SessionStore.moc"
