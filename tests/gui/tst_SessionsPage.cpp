// SPDX-License-Identifier: GPL-3.0-or-later
// The Sessions page: a token issued against a real sandbox shows up as a row whose countdown
// falls and whose state moves Fresh → Expiring → Expired on a clock the test advances; Renew now
// brings it back with one renewal in the chain. Filters, actions and the attention count too.
#include "../unit/PostedEvents.h"
#include "gui/sessions/RemainingDelegate.h"
#include "gui/sessions/SessionFilterModel.h"
#include "gui/sessions/SessionsPage.h"

#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxServer.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QGuiApplication>
#include <QIcon>
#include <QImage>
#include <QPixmap>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace td;

namespace {

constexpr int kReplyTimeoutMs = 15000;

// Seconds in a countdown text such as "3s" or "1m 05s"; -1 for anything else.
int secondsIn(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(?:(\\d+)m )?(\\d+)s$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    return match.captured(1).toInt() * 60 + match.captured(2).toInt();
}

Session makeSession(const QString &family, const QString &environment, SessionState state, qint64 nowMs)
{
    Session session;
    session.family = family;
    session.environment.name = environment;
    session.endpointId = family + QStringLiteral(".issue");
    session.token = QStringLiteral("token-%1-%2").arg(family, environment);
    session.issuedAtMs = nowMs;
    session.expiresAtMs = nowMs + 600000;
    session.state = state;
    return session;
}

// Everything the page runs on, on one clock the test moves (the sandbox's too).
struct Rig {
    qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    std::function<qint64()> clock = [this] { return nowMs; };
    ApiClient client;
    SessionStore store;
    SessionRenewer renewer{client};
    ExpiryScheduler scheduler{store, renewer};

    Rig()
    {
        store.setClock(clock);
        renewer.setClock(clock);
        scheduler.setClock(clock);
    }
};

// A security-management token issued by a real call against `environment`, added to the store.
QUuid issueSecmgmt(Rig &rig, const Environment &environment)
{
    const EndpointSpec *issue = EndpointCatalog::builtIn().find(u"secmgmt.create-token");
    if (!issue)
        return {};
    CallContext context;
    ApiCall call(rig.client, *issue, environment, {}, context);
    call.setClock(rig.clock);
    QSignalSpy finished(&call, &ApiCall::finished);
    call.start();
    if (!finished.wait(kReplyTimeoutMs) || !call.result().ok)
        return {};
    return rig.store.addFromCall(call, context);
}

QString messageOf(SessionsPage &page)
{
    auto *label = page.findChild<QLabel *>(QStringLiteral("messageLabel"));
    return label && label->isVisible() ? label->text() : QString();
}

} // namespace

class tst_SessionsPage : public QObject
{
    Q_OBJECT

private:
    std::optional<SandboxKeys> m_keys;

private Q_SLOTS:
    void initTestCase()
    {
        Result<SandboxKeys> keys = SandboxKeys::generate();
        QVERIFY(keys.ok());
        m_keys = keys.value();
    }

    // Notices come a set time before expiry; sessions noticed in the same tick make one
    // notification, not one each (a burst of 10,000 would flood the tray). The page announces a
    // tick's notices from a zero-time single shot: runPostedEvents() bounds "none came".
    void expiryNoticesOfOneTickAreOneNotification()
    {
        Rig rig;
        rig.scheduler.setNoticeLeadMs(2 * 60 * 1000);
        SessionsPage page(rig.store, rig.scheduler);
        QStringList notes;
        page.setNotify([&](const QString &title, const QString &text) { notes.append(title + QLatin1Char('|') + text); });
        QCOMPARE(page.noticeLeadMinutes(), 2);
        for (const char *environment : {"Staging", "Prod", "Dev"})
            rig.store.add(makeSession(QStringLiteral("enos"), QString::fromLatin1(environment), SessionState::Fresh, rig.nowMs));
        rig.scheduler.tick();
        QVERIFY(runPostedEvents());
        QCOMPARE(notes.size(), 0); // 10 min left, lead 2 min
        rig.nowMs += 8 * 60 * 1000 - 1;
        rig.scheduler.tick();
        QVERIFY(runPostedEvents());
        QCOMPARE(notes.size(), 0); // one ms early
        rig.nowMs += 1;
        rig.scheduler.tick();
        QTRY_COMPARE_WITH_TIMEOUT(notes.size(), 1, 2000);
        QVERIFY2(notes.constFirst().startsWith(QStringLiteral("3 sessions expiring|")), qPrintable(notes.constFirst()));
        QVERIFY2(notes.constFirst().contains(QStringLiteral("and 2 more")), qPrintable(notes.constFirst()));
        rig.nowMs += 1000;
        rig.scheduler.tick();
        QVERIFY(runPostedEvents());
        QCOMPARE(notes.size(), 1); // once per token

        page.setNoticeLeadMinutes(0);
        QCOMPARE(rig.scheduler.noticeLeadMs(), 0);
    }

    void issuedTokenCountsDownAndChangesState()
    {
        Rig rig;
        SandboxConfig config;
        config.secmgmtLifetimeSeconds = 3;
        config.nowMs = rig.clock;
        SandboxServer server(config, *m_keys);
        Result<QUrl> url = server.start();
        QVERIFY(url.ok());
        const Environment environment = SandboxEnvironment::make(url.value(), config);
        rig.scheduler.setThreshold(0.5, 0); // expiring with 1.5 s left
        rig.scheduler.setNoticeLeadMs(1500);  // and the tray notice with it
        rig.scheduler.setDefaultAutoRenew(false);

        SessionsPage page(rig.store, rig.scheduler);
        QStringList notes;
        page.setNotify([&](const QString &title, const QString &text) { notes.append(title + QLatin1Char('|') + text); });
        QSignalSpy attention(&page, &SessionsPage::attentionChanged);
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.isCountdownRunning());

        // Issue a security-management token with a real call and hand it to the store.
        const EndpointSpec *issue = EndpointCatalog::builtIn().find(u"secmgmt.create-token");
        QVERIFY(issue);
        CallContext context;
        ApiCall call(rig.client, *issue, environment, {}, context);
        call.setClock(rig.clock);
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        QVERIFY(finished.wait(kReplyTimeoutMs));
        QVERIFY2(call.result().ok, qPrintable(call.result().message));
        const QUuid id = rig.store.addFromCall(call, context);
        QVERIFY(!id.isNull());
        // The sandbox answers a relative validityTime, which becomes an instant at the reply's real
        // arrival time: the test's clock starts there.
        const qint64 firstExpiry = rig.store.find(id)->expiresAtMs;
        rig.nowMs = firstExpiry - 3000;

        // Its row appears, Fresh, counting down from the sandbox's 3 s.
        SessionFilterModel *proxy = page.proxyModel();
        QCOMPARE(proxy->rowCount(), 1);
        const QModelIndex remaining = proxy->index(0, SessionStore::RemainingColumn);
        const QModelIndex state = proxy->index(0, SessionStore::StateColumn);
        QCOMPARE(state.data().toString(), QStringLiteral("Fresh"));
        QCOMPARE(page.remainingDelegate()->text(remaining), QStringLiteral("3s"));
        QCOMPARE(page.attentionCount(), 0);

        // The page's own timer repaints the visible countdown cells without a model signal.
        QSignalSpy modelChanges(proxy, &QAbstractItemModel::dataChanged);
        int painted = page.remainingDelegate()->paintCount();
        QTRY_VERIFY_WITH_TIMEOUT(page.remainingDelegate()->paintCount() > painted, 5000);

        rig.nowMs += 1000;
        QCOMPARE(page.remainingDelegate()->text(remaining), QStringLiteral("2s"));
        QVERIFY(secondsIn(page.remainingDelegate()->text(remaining)) < 3);
        painted = page.remainingDelegate()->paintCount();
        QTRY_VERIFY_WITH_TIMEOUT(page.remainingDelegate()->paintCount() > painted, 5000);
        QCOMPARE(modelChanges.count(), 0);

        // Inside the threshold: Expiring, one notification, one session needing attention.
        rig.nowMs += 600;
        rig.scheduler.tick();
        QCOMPARE(state.data().toString(), QStringLiteral("Expiring"));
        QCOMPARE(SessionState(state.data(SessionStore::StateRole).toInt()), SessionState::Expiring);
        QCOMPARE(page.remainingDelegate()->text(remaining), QStringLiteral("2s"));
        QCOMPARE(page.attentionCount(), 1);
        QCOMPARE(attention.count(), 1);
        QCOMPARE(attention.constLast().constFirst().toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(notes.size(), 1, 2000); // announced once the tick is over
        QVERIFY2(notes.constFirst().contains(QStringLiteral("expiring")), qPrintable(notes.constFirst()));

        // Past the expiry with auto-renew off: Expired, still needing attention.
        rig.nowMs += 1500;
        rig.scheduler.tick();
        QCOMPARE(state.data().toString(), QStringLiteral("Expired"));
        QVERIFY2(page.remainingDelegate()->text(remaining).startsWith(QStringLiteral("expired")),
                 qPrintable(page.remainingDelegate()->text(remaining)));
        QCOMPARE(page.attentionCount(), 1);
        QCOMPARE(rig.store.find(id)->renewals.size(), 0);

        // Renew now against the sandbox: Fresh again, one successful renewal in the chain.
        QVERIFY(page.selectSession(id));
        QCOMPARE(page.currentSessionId(), id);
        auto *renewButton = page.findChild<QPushButton *>(QStringLiteral("renewButton"));
        QVERIFY(renewButton);
        QVERIFY(renewButton->isEnabled());
        QTest::mouseClick(renewButton, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(SessionState(state.data(SessionStore::StateRole).toInt()), SessionState::Fresh,
                                  kReplyTimeoutMs);
        const Session &renewed = *rig.store.find(id);
        QCOMPARE(renewed.renewals.size(), 1);
        QVERIFY(renewed.renewals.constFirst().ok);
        QCOMPARE(renewed.renewals.constFirst().httpStatus, 200);
        QCOMPARE(renewed.renewals.constFirst().newExpiresAtMs, renewed.expiresAtMs);
        QVERIFY(renewed.expiresAtMs > firstExpiry);
        rig.nowMs = renewed.expiresAtMs - 3000;
        page.refreshCountdown();
        QCOMPARE(page.remainingDelegate()->text(remaining), QStringLiteral("3s"));
        QCOMPARE(page.attentionCount(), 0);
        QCOMPARE(attention.constLast().constFirst().toInt(), 0);

        // The detail pane shows the chain and the fresh countdown.
        auto *chain = page.findChild<QTableWidget *>(QStringLiteral("renewalTable"));
        QVERIFY(chain);
        QCOMPARE(chain->rowCount(), 1);
        QCOMPARE(chain->item(0, 1)->text(), QStringLiteral("renewed"));
        QCOMPARE(chain->item(0, 2)->text(), QStringLiteral("200"));
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("remainingValue"))->text(), QStringLiteral("3s"));
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("stateValue"))->text(), QStringLiteral("Fresh"));
    }

    void filtersNarrowRows()
    {
        Rig rig;
        SessionsPage page(rig.store, rig.scheduler);
        rig.store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("Sandbox"), SessionState::Fresh, rig.nowMs));
        rig.store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("Staging"), SessionState::Expired, rig.nowMs));
        rig.store.add(makeSession(QStringLiteral("enos"), QStringLiteral("Sandbox"), SessionState::RenewFailed, rig.nowMs));
        rig.store.add(makeSession(QStringLiteral("secmgmt"), QStringLiteral("Staging"), SessionState::Closed, rig.nowMs));
        SessionFilterModel *proxy = page.proxyModel();
        QCOMPARE(proxy->rowCount(), 4);
        QCOMPARE(page.attentionCount(), 2);

        auto *family = page.findChild<QComboBox *>(QStringLiteral("familyCombo"));
        auto *environment = page.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        auto *stateCombo = page.findChild<QComboBox *>(QStringLiteral("stateCombo"));
        auto *text = page.findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QVERIFY(family && environment && stateCombo && text);
        // The environments of the sessions, sorted, after "All environments".
        QCOMPARE(environment->count(), 3);
        QCOMPARE(environment->itemText(1), QStringLiteral("Sandbox"));
        QCOMPARE(environment->itemText(2), QStringLiteral("Staging"));

        family->setCurrentIndex(family->findData(QStringLiteral("bankezy")));
        QCOMPARE(proxy->rowCount(), 2);
        environment->setCurrentIndex(environment->findData(QStringLiteral("Staging")));
        QCOMPARE(proxy->rowCount(), 1);
        QCOMPARE(proxy->index(0, SessionStore::StateColumn).data().toString(), QStringLiteral("Expired"));
        family->setCurrentIndex(0);
        QCOMPARE(proxy->rowCount(), 2);
        environment->setCurrentIndex(0);

        stateCombo->setCurrentIndex(stateCombo->findData(-2)); // needs attention
        QCOMPARE(proxy->rowCount(), 2);
        stateCombo->setCurrentIndex(stateCombo->findData(int(SessionState::Closed)));
        QCOMPARE(proxy->rowCount(), 1);
        QCOMPARE(proxy->index(0, SessionStore::FamilyColumn).data(SessionStore::FamilyRole).toString(),
                 QStringLiteral("secmgmt"));
        stateCombo->setCurrentIndex(0);
        QCOMPARE(proxy->rowCount(), 4);

        QTest::keyClicks(text, QStringLiteral("enos"));
        QCOMPARE(proxy->rowCount(), 1);
        text->clear();
        QTest::keyClicks(text, QStringLiteral("renew failed"));
        QCOMPARE(proxy->rowCount(), 1);
        text->clear();
        QCOMPARE(proxy->rowCount(), 4);
    }

    void proxyPassesModelTester()
    {
        Rig rig;
        SessionsPage page(rig.store, rig.scheduler);
        QAbstractItemModelTester tester(page.proxyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QUuid a = rig.store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("Sandbox"), SessionState::Fresh, rig.nowMs));
        const QUuid b = rig.store.add(makeSession(QStringLiteral("enos"), QStringLiteral("Staging"), SessionState::Fresh, rig.nowMs));
        page.table()->sortByColumn(SessionStore::RemainingColumn, Qt::DescendingOrder);
        Session changed = *rig.store.find(b);
        changed.state = SessionState::Expiring;
        changed.expiresAtMs = rig.nowMs + 1000;
        QVERIFY(rig.store.update(changed));
        page.findChild<QLineEdit *>(QStringLiteral("filterEdit"))->setText(QStringLiteral("staging"));
        QCOMPARE(page.proxyModel()->rowCount(), 1);
        page.findChild<QLineEdit *>(QStringLiteral("filterEdit"))->clear();
        QVERIFY(rig.store.close(a));
        QVERIFY(rig.store.remove(a));
        QCOMPARE(page.proxyModel()->rowCount(), 1);
        QCOMPARE(page.attentionCount(), 1);
    }

    void actionsActOnTheSelectedSession()
    {
        Rig rig;
        SessionsPage page(rig.store, rig.scheduler);
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        Session user = makeSession(QStringLiteral("bankezy"), QStringLiteral("Sandbox"), SessionState::Fresh, rig.nowMs);
        user.context.values.insert(QStringLiteral("userToken"), user.token); // what Renew Token sends
        const QUuid userId = rig.store.add(user);
        const QUuid appId = rig.store.add(makeSession(QStringLiteral("bankezy"), QStringLiteral("Staging"), SessionState::Fresh, rig.nowMs));

        auto button = [&](const char *name) { return page.findChild<QPushButton *>(QString::fromLatin1(name)); };
        auto *autoRenew = page.findChild<QCheckBox *>(QStringLiteral("autoRenewCheck"));
        QVERIFY(autoRenew);
        QVERIFY(!button("renewButton")->isEnabled()); // nothing selected

        // An app token has no renew step: nothing to renew or terminate, but it can be copied.
        QVERIFY(page.selectSession(appId));
        QVERIFY(!button("renewButton")->isEnabled());
        QVERIFY(!button("terminateButton")->isEnabled());
        QVERIFY(!autoRenew->isEnabled());
        QVERIFY(button("copyTokenButton")->isEnabled());

        QVERIFY(page.selectSession(userId));
        QVERIFY(button("renewButton")->isEnabled());
        QVERIFY(button("terminateButton")->isEnabled());
        QVERIFY(autoRenew->isEnabled());
        QVERIFY(!autoRenew->isChecked());

        QTest::mouseClick(autoRenew, Qt::LeftButton);
        QCOMPARE(rig.store.find(userId)->autoRenew, std::optional<bool>(true));
        QVERIFY(autoRenew->isChecked());

        QSignalSpy inspect(&page, &SessionsPage::openInInspector);
        QTest::mouseClick(button("inspectButton"), Qt::LeftButton);
        QCOMPARE(inspect.count(), 1);
        QCOMPARE(inspect.constFirst().constFirst().toString(), user.token);

        QSignalSpy terminate(&page, &SessionsPage::terminateRequested);
        QTest::mouseClick(button("terminateButton"), Qt::LeftButton);
        QCOMPARE(terminate.count(), 1);
        QCOMPARE(terminate.constFirst().constFirst().toUuid(), userId);

        QTest::mouseClick(button("copyTokenButton"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), user.token);

        // The scheduler's attention reaches the notify seam with the server's reason.
        QStringList notes;
        page.setNotify([&](const QString &title, const QString &text) { notes.append(title + QLatin1Char('|') + text); });
        Q_EMIT rig.scheduler.attention(userId, QStringLiteral("The session was terminated: TOK001"));
        QCOMPARE(notes, QStringList{QStringLiteral("BankEzy session on Sandbox|The session was terminated: TOK001")});

        QTest::mouseClick(button("closeSessionButton"), Qt::LeftButton);
        QCOMPARE(rig.store.find(userId)->state, SessionState::Closed);
        QVERIFY(!button("closeSessionButton")->isEnabled());
        QVERIFY(!button("renewButton")->isEnabled());
        QCOMPARE(page.proxyModel()->index(rig.store.rowOf(userId), SessionStore::StateColumn).data().toString(),
                 QStringLiteral("Closed"));
    }

    // "Renewing…" is the message of a renewal in flight only: success, failure, the session closed
    // or removed meanwhile each replace it with what happened.
    void renewingMessageEndsWithTheRenewal()
    {
        Rig rig;
        SandboxConfig config;
        config.nowMs = rig.clock;
        SandboxServer server(config, *m_keys);
        Result<QUrl> url = server.start();
        QVERIFY(url.ok());
        const Environment environment = SandboxEnvironment::make(url.value(), config);
        rig.scheduler.setDefaultAutoRenew(false);
        SessionsPage page(rig.store, rig.scheduler);
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QUuid id = issueSecmgmt(rig, environment);
        QVERIFY(!id.isNull());
        QVERIFY(page.selectSession(id));
        auto *renew = page.findChild<QPushButton *>(QStringLiteral("renewButton"));
        QVERIFY(renew && renew->isEnabled());

        // Success.
        QTest::mouseClick(renew, Qt::LeftButton);
        QCOMPARE(messageOf(page), QStringLiteral("Renewing…"));
        QTRY_VERIFY2_WITH_TIMEOUT(messageOf(page).startsWith(QStringLiteral("Renewed: expires ")), qPrintable(messageOf(page)),
                                  kReplyTimeoutMs);
        QCOMPARE(rig.store.find(id)->state, SessionState::Fresh);

        // Failure: the server answers 500.
        server.addFault({QStringLiteral("secmgmt.refresh-token"), SandboxFault::Kind::HttpStatus, QStringLiteral("500"), 1});
        QTRY_VERIFY(renew->isEnabled());
        QTest::mouseClick(renew, Qt::LeftButton);
        QCOMPARE(messageOf(page), QStringLiteral("Renewing…"));
        QTRY_VERIFY2_WITH_TIMEOUT(messageOf(page).startsWith(QStringLiteral("Renewal failed: ")), qPrintable(messageOf(page)),
                                  kReplyTimeoutMs);
        QCOMPARE(rig.store.find(id)->state, SessionState::RenewFailed);

        // Closed while the (slow) answer is on its way: the late answer changes nothing.
        server.addFault({QStringLiteral("secmgmt.refresh-token"), SandboxFault::Kind::LatencyMs, QStringLiteral("1500"), 1});
        QTest::mouseClick(renew, Qt::LeftButton);
        QCOMPARE(messageOf(page), QStringLiteral("Renewing…"));
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("closeSessionButton")), Qt::LeftButton);
        QVERIFY2(messageOf(page).startsWith(QStringLiteral("Session closed")), qPrintable(messageOf(page)));
        // Closing cancels the renew call: wait until it has ended, then nothing may have changed.
        QTRY_COMPARE_WITH_TIMEOUT(rig.renewer.running(), 0, kReplyTimeoutMs);
        QCoreApplication::processEvents();
        QVERIFY2(messageOf(page).startsWith(QStringLiteral("Session closed")), qPrintable(messageOf(page)));

        // Removed while renewing.
        const QUuid other = issueSecmgmt(rig, environment);
        QVERIFY(!other.isNull());
        QVERIFY(page.selectSession(other));
        server.addFault({QStringLiteral("secmgmt.refresh-token"), SandboxFault::Kind::LatencyMs, QStringLiteral("1500"), 1});
        QTest::mouseClick(renew, Qt::LeftButton);
        QCOMPARE(messageOf(page), QStringLiteral("Renewing…"));
        QVERIFY(rig.store.remove(other));
        QVERIFY2(!messageOf(page).contains(QStringLiteral("Renewing…")), qPrintable(messageOf(page)));
    }

    // A renewal that gives no later expiry stops auto-renew: the table's Auto-renew cell says
    // "stopped" with the reason, the checkbox is unchecked with it; checking it clears the reason.
    void stoppedAutoRenewIsShownInTableAndCheckbox()
    {
        Rig rig;
        SandboxConfig config;
        config.nowMs = rig.clock;
        SandboxServer server(config, *m_keys);
        Result<QUrl> url = server.start();
        QVERIFY(url.ok());
        const Environment environment = SandboxEnvironment::make(url.value(), config);
        rig.scheduler.setDefaultAutoRenew(true);
        SessionsPage page(rig.store, rig.scheduler);
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QUuid id = issueSecmgmt(rig, environment);
        QVERIFY(!id.isNull());
        // The token we hold claims a far later expiry than any renewal will give.
        Session held = *rig.store.find(id);
        held.expiresAtMs += 24LL * 3600 * 1000;
        rig.store.update(held);
        QVERIFY(page.selectSession(id));
        auto *autoRenew = page.findChild<QCheckBox *>(QStringLiteral("autoRenewCheck"));
        QVERIFY(autoRenew->isChecked());
        const int row = page.proxyModel()->mapFromSource(rig.store.index(rig.store.rowOf(id), 0)).row();
        const QModelIndex autoCell = page.proxyModel()->index(row, SessionStore::AutoRenewColumn);
        const QModelIndex stateCell = page.proxyModel()->index(row, SessionStore::StateColumn);
        QVERIFY(autoCell.data().toString() != QStringLiteral("stopped"));

        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("renewButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!rig.store.find(id)->autoRenewStoppedReason.isEmpty(), kReplyTimeoutMs);
        const QString reason = rig.store.find(id)->autoRenewStoppedReason;
        QVERIFY2(reason.contains(QStringLiteral("no later expiry")), qPrintable(reason));
        QCOMPARE(autoCell.data().toString(), QStringLiteral("stopped"));
        QCOMPARE(autoCell.data(Qt::ToolTipRole).toString(), QStringLiteral("auto-renew stopped: ") + reason);
        QVERIFY(stateCell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("auto-renew stopped: ") + reason));
        const QIcon warning(QStringLiteral(":/icons/warning.svg"));
        QCOMPARE(stateCell.data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage(), warning.pixmap(16).toImage());
        QVERIFY(!autoRenew->isChecked());
        QVERIFY(autoRenew->isEnabled());
        QCOMPARE(autoRenew->text(), QStringLiteral("Auto-renew (stopped)"));
        QVERIFY(autoRenew->toolTip().contains(reason));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("stateValue"))->text().contains(reason));

        // Checking it again is the engineer's decision: the reason goes, auto-renew is on.
        QTest::mouseClick(autoRenew, Qt::LeftButton);
        QVERIFY(rig.store.find(id)->autoRenewStoppedReason.isEmpty());
        QCOMPARE(rig.store.find(id)->autoRenew, std::optional<bool>(true));
        QVERIFY(autoRenew->isChecked());
        QCOMPARE(autoRenew->text(), QStringLiteral("Auto-renew"));
        QCOMPARE(autoCell.data().toString(), QStringLiteral("on"));
        QVERIFY(!stateCell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("stopped")));
    }

    // Two auto-renewals due towards one host with a budget of one a minute: the second waits, and
    // its State cell's tooltip and the State line say why.
    void renewalWaitingOnTheHostBudgetIsShown()
    {
        Rig rig;
        rig.scheduler.setHostBudgetPerMinute(1);
        rig.scheduler.setDefaultAutoRenew(true);
        SessionsPage page(rig.store, rig.scheduler);
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QList<QUuid> ids;
        for (int i = 0; i < 2; ++i) {
            Session user = makeSession(QStringLiteral("bankezy"), QStringLiteral("Sandbox"), SessionState::Fresh, rig.nowMs);
            user.environment.baseUrl = QStringLiteral("http://127.0.0.1:9"); // one host; the answer does not matter
            user.context.values.insert(QStringLiteral("userToken"), user.token);
            ids << rig.store.add(user);
        }
        QSignalSpy waiting(&rig.scheduler, &ExpiryScheduler::renewWaiting);
        rig.nowMs += 590000; // both past their renew threshold
        rig.scheduler.tick();
        QTRY_COMPARE(waiting.count(), 1);
        const QUuid held = waiting.constFirst().constFirst().toUuid();
        const QString reason = rig.scheduler.waitReason(held);
        QVERIFY2(reason.startsWith(QStringLiteral("waiting: ")), qPrintable(reason));
        const int row = page.proxyModel()->mapFromSource(rig.store.index(rig.store.rowOf(held), 0)).row();
        const QModelIndex state = page.proxyModel()->index(row, SessionStore::StateColumn);
        QVERIFY2(state.data(Qt::ToolTipRole).toString().endsWith(QLatin1Char('\n') + reason),
                 qPrintable(state.data(Qt::ToolTipRole).toString()));
        const QUuid other = ids.constFirst() == held ? ids.constLast() : ids.constFirst();
        const int otherRow = page.proxyModel()->mapFromSource(rig.store.index(rig.store.rowOf(other), 0)).row();
        QVERIFY(!page.proxyModel()->index(otherRow, SessionStore::StateColumn).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("waiting")));
        QVERIFY(page.selectSession(held));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("stateValue"))->text().contains(reason));
    }
};

QTEST_MAIN(tst_SessionsPage)
#include "tst_SessionsPage.moc"
