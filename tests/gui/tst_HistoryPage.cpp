// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the History page over a real history.jsonl in a temporary folder.
#include "gui/history/HistoryModel.h"
#include "gui/history/HistoryPage.h"

#include "core/net/HistoryStore.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

#define VERIFY_OK(expr)                                                                                                \
    do {                                                                                                               \
        const auto &result_ = (expr);                                                                                  \
        if (!result_.ok())                                                                                             \
            QFAIL(qPrintable(result_.error().toString()));                                                             \
    } while (false)

namespace {

HistoryEntry makeEntry(const QString &endpoint, const QString &environment, qint64 msOffset)
{
    HistoryEntry entry;
    entry.time = QDateTime::fromMSecsSinceEpoch(1700000000000 + msOffset, Qt::UTC);
    entry.environment = environment;
    entry.endpoint = endpoint;
    entry.request.method = "POST";
    entry.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/v1/%1").arg(endpoint));
    entry.request.headers = {{"Content-Type", "application/json"}};
    entry.status = 200;
    entry.responseBody = R"({"code":"0","message":"OK"})";
    entry.durationMs = 42;
    entry.outcome.ok = true;
    return entry;
}

// A security-management login: the password is the secret that must never be shown.
HistoryEntry loginEntry()
{
    HistoryEntry entry = makeEntry(QStringLiteral("secmgmt.create-token"), QStringLiteral("Staging"), 5000);
    entry.fields = {{QStringLiteral("username"), QStringLiteral("alice")}, {QStringLiteral("password"), QStringLiteral("hunter2-pass")}};
    entry.request.body = R"({"username":"alice","password":"hunter2-pass"})";
    entry.status = 401;
    entry.responseBody = R"({"code":"AUTH_1001","message":"bad credentials"})";
    entry.outcome.ok = false;
    entry.outcome.code = QStringLiteral("server-rejected");
    entry.outcome.message = QStringLiteral("bad credentials");
    return entry;
}

} // namespace

class tst_HistoryPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entriesAppearNewestFirst()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        VERIFY_OK(store.append(makeEntry(QStringLiteral("enos.get-token"), QStringLiteral("Sandbox"), 0)));
        VERIFY_OK(store.append(makeEntry(QStringLiteral("enos.refresh-token"), QStringLiteral("Sandbox"), 1000)));

        HistoryPage page(store);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *table = page.findChild<QTableView *>(QStringLiteral("historyTable"));
        QVERIFY(table);
        QCOMPARE(table->model()->rowCount(), 2);
        // People read the endpoint's family and title; the id is the tooltip.
        QCOMPARE(table->model()->index(0, HistoryModel::EndpointColumn).data().toString(), QStringLiteral("EnOS APIM · Refresh Access Token"));
        QCOMPARE(table->model()->index(0, HistoryModel::EndpointColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("enos.refresh-token"));

        // Appended while the page is open: goes on top at once.
        VERIFY_OK(store.append(makeEntry(QStringLiteral("bankezy.get-app-token"), QStringLiteral("Staging"), 2000)));
        QCOMPARE(table->model()->rowCount(), 3);
        QCOMPARE(table->model()->index(0, HistoryModel::EndpointColumn).data().toString(), QStringLiteral("BankEzy · Get App Token"));
        QCOMPARE(table->model()->index(0, HistoryModel::EnvironmentColumn).data().toString(), QStringLiteral("Staging"));
        QCOMPARE(table->model()->index(2, HistoryModel::EndpointColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("enos.get-token"));
        QCOMPARE(table->model()->index(0, HistoryModel::StatusColumn).data().toString(), QStringLiteral("200"));
        QCOMPARE(table->model()->index(0, HistoryModel::DurationColumn).data().toString(), QStringLiteral("42 ms"));
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("countLabel"))->text(), QStringLiteral("3 call(s)"));
    }

    void selectingShowsMaskedRequestAndResponse()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        VERIFY_OK(store.append(loginEntry()));
        HistoryPage page(store);
        page.selectRow(0);

        const QString request = page.findChild<QPlainTextEdit *>(QStringLiteral("requestView"))->toPlainText();
        QVERIFY2(request.startsWith(QStringLiteral("POST http://127.0.0.1:8080/v1/secmgmt.create-token")), qPrintable(request));
        QVERIFY2(request.contains(QStringLiteral("\"password\": \"***\"")), qPrintable(request));
        QVERIFY2(request.contains(QStringLiteral("\"username\": \"alice\"")), qPrintable(request));
        QVERIFY(!request.contains(QStringLiteral("hunter2-pass")));

        const QString response = page.findChild<QPlainTextEdit *>(QStringLiteral("responseView"))->toPlainText();
        QVERIFY2(response.startsWith(QStringLiteral("HTTP 401")), qPrintable(response));
        QVERIFY(response.contains(QStringLiteral("\"code\": \"AUTH_1001\"")));

        const QString outcome = page.findChild<QLabel *>(QStringLiteral("outcomeLabel"))->text();
        QVERIFY2(outcome.contains(QStringLiteral("server-rejected")) && outcome.contains(QStringLiteral("bad credentials")),
                 qPrintable(outcome));
        QCOMPARE(page.model()->index(0, HistoryModel::OutcomeColumn).data().toString(), QStringLiteral("server-rejected"));
    }

    // The causes kept with a failed entry are shown under its outcome, the confirmed one with its
    // fix, as plain text (a cause is never taken for markup); an entry without any shows none.
    void aFailedEntryShowsItsCauses()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        HistoryEntry failed = loginEntry();
        failed.clockOffsetMs = 541000;
        failed.causes = QJsonArray{
            QJsonObject{{QStringLiteral("cause"), QStringLiteral("The answer opens with vault:partner-old")},
                        {QStringLiteral("evidence"), QStringLiteral("checked locally")},
                        {QStringLiteral("confirmed"), true},
                        {QStringLiteral("fix"), QStringLiteral("point sdkPublicKey at vault:partner-old")}},
            QJsonObject{{QStringLiteral("cause"), QStringLiteral("The server's clock is <b>9 min 1 s</b> ahead")},
                        {QStringLiteral("evidence"), QStringLiteral("its Date header says …")}}};
        VERIFY_OK(store.append(failed));
        VERIFY_OK(store.append(makeEntry(QStringLiteral("enos.get-token"), QStringLiteral("Sandbox"), 9000)));
        HistoryPage page(store);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *causes = page.findChild<QLabel *>(QStringLiteral("causesLabel"));
        QVERIFY(causes);
        page.selectRow(1); // oldest last: the failed login
        QVERIFY(causes->isVisible());
        QCOMPARE(causes->text(), QStringLiteral("Confirmed: The answer opens with vault:partner-old\n    Evidence: checked locally\n"
                                                "    Fix: point sdkPublicKey at vault:partner-old\n"
                                                "Likely: The server's clock is <b>9 min 1 s</b> ahead\n    Evidence: its Date header says …"));
        QCOMPARE(causes->textFormat(), Qt::PlainText);
        page.selectRow(0);
        QVERIFY(!causes->isVisible());
    }

    // The chain and the proxy come back from the file with the entry, so a pin or an expiry can
    // be read off an old call; a call that got no answer has no Connection tab.
    void connectionTabShowsTheKeptChainAndProxy()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        {
            HistoryStore writer(path);
            HistoryEntry secure = makeEntry(QStringLiteral("enos.get-token"), QStringLiteral("Partner"), 0);
            secure.request.url = QUrl(QStringLiteral("https://partner.example.com/token"));
            secure.proxy = QStringLiteral("http://me@proxy.corp:3128");
            TlsSessionInfo tls;
            tls.protocol = QStringLiteral("TLSv1.3");
            tls.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
            tls.chain.append({QStringLiteral("CN=partner.example.com"), QStringLiteral("CN=Partner CA"),
                              QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC), QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC),
                              QStringLiteral("pinPINpinPIN0123456789abcdefABCDEF+/xyzXYZ=")});
            secure.tls = tls;
            VERIFY_OK(writer.append(secure));
            HistoryEntry unsent = makeEntry(QStringLiteral("enos.refresh-token"), QStringLiteral("Partner"), 1000);
            unsent.status = 0;
            unsent.outcome.ok = false;
            VERIFY_OK(writer.append(unsent));
        }
        HistoryStore store(path);
        HistoryPage page(store);
        auto *tabs = page.findChild<QTabWidget *>(QStringLiteral("responseTabs"));
        auto *connection = page.findChild<QPlainTextEdit *>(QStringLiteral("connectionView"));
        const int connectionTab = tabs->indexOf(page.findChild<QWidget *>(QStringLiteral("connectionTab")));
        page.selectRow(1); // the older one: sent over TLS through the proxy
        QVERIFY(tabs->isTabEnabled(connectionTab));
        const QString text = connection->toPlainText();
        QVERIFY2(text.startsWith(QStringLiteral("Proxy: http://me@proxy.corp:3128\nTLSv1.3, TLS_AES_256_GCM_SHA384")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("[0] CN=partner.example.com\n    issuer CN=Partner CA")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("pin sha256//pinPINpinPIN0123456789abcdefABCDEF+/xyzXYZ=")));
        tabs->setCurrentIndex(connectionTab);

        page.selectRow(0); // no answer: nothing to show, and the tab falls back to the body
        QVERIFY(!tabs->isTabEnabled(connectionTab));
        QVERIFY(connection->toPlainText().isEmpty());
        QCOMPARE(tabs->currentIndex(), 0);
    }

    void replayEmitsValuesWithoutSecrets()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        VERIFY_OK(store.append(loginEntry()));
        HistoryPage page(store);
        QSignalSpy spy(&page, &HistoryPage::replayRequested);
        auto *replay = page.findChild<QPushButton *>(QStringLiteral("replayButton"));
        // The newest call is selected as soon as there is one, so Replay is ready.
        QVERIFY(replay->isEnabled());
        auto *request = page.findChild<QPlainTextEdit *>(QStringLiteral("requestView"));
        QVERIFY(request);
        QVERIFY(request->toPlainText().contains(QLatin1String("secmgmt")) || request->toPlainText().contains(QLatin1String("POST")));
        QTest::mouseClick(replay, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("secmgmt.create-token"));
        QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("Staging"));
        const auto values = spy.at(0).at(2).value<QMap<QString, QString>>();
        QCOMPARE(values.value(QStringLiteral("username")), QStringLiteral("alice"));
        QVERIFY(!values.contains(QStringLiteral("password")));
    }

    void clearAsksFirst()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        VERIFY_OK(store.append(makeEntry(QStringLiteral("enos.get-token"), QStringLiteral("Sandbox"), 0)));
        VERIFY_OK(store.append(loginEntry()));
        HistoryPage page(store);

        QString asked;
        bool answer = false;
        page.setConfirm([&](QWidget *, const QString &question) {
            asked = question;
            return answer;
        });
        auto *clear = page.findChild<QPushButton *>(QStringLiteral("clearButton"));
        QTest::mouseClick(clear, Qt::LeftButton);
        QVERIFY2(asked.contains(QStringLiteral("2 recorded call(s)")), qPrintable(asked));
        QCOMPARE(page.model()->rowCount(), 2);
        const auto kept = store.load();
        VERIFY_OK(kept);
        QCOMPARE(kept->entries.size(), 2);

        answer = true;
        QTest::mouseClick(clear, Qt::LeftButton);
        QCOMPARE(page.model()->rowCount(), 0);
        const auto cleared = store.load();
        VERIFY_OK(cleared);
        QCOMPARE(cleared->entries.size(), 0);
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("countLabel"))->text(), QStringLiteral("No calls yet"));
    }

    void filterNarrowsTheTable()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        VERIFY_OK(store.append(makeEntry(QStringLiteral("enos.get-token"), QStringLiteral("Sandbox"), 0)));
        VERIFY_OK(store.append(loginEntry()));
        VERIFY_OK(store.append(makeEntry(QStringLiteral("enos.refresh-token"), QStringLiteral("Sandbox"), 9000)));
        HistoryPage page(store);
        auto *table = page.findChild<QTableView *>(QStringLiteral("historyTable"));
        QTest::keyClicks(page.findChild<QLineEdit *>(QStringLiteral("filterEdit")), QStringLiteral("ENOS"));
        QCOMPARE(table->model()->rowCount(), 2);
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("countLabel"))->text(), QStringLiteral("2 of 3 call(s)"));
        page.findChild<QLineEdit *>(QStringLiteral("filterEdit"))->setText(QStringLiteral("staging"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, HistoryModel::EndpointColumn).data().toString(), QStringLiteral("Security management · Create Token"));
    }

    void brokenLinesAreCounted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.jsonl"));
        HistoryStore store(path);
        VERIFY_OK(store.append(makeEntry(QStringLiteral("enos.get-token"), QStringLiteral("Sandbox"), 0)));
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("{not a record\n");
        file.close();

        HistoryPage page(store);
        auto *skipped = page.findChild<QLabel *>(QStringLiteral("skippedLabel"));
        QVERIFY(!skipped->isHidden());
        QVERIFY2(skipped->text().startsWith(QStringLiteral("1 line(s) of ")), qPrintable(skipped->text()));
        QCOMPARE(page.model()->rowCount(), 1);
    }

    void copyAsCurlTellsTheFileHasNoSecrets()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("history.jsonl")));
        HistoryPage page(store);
        auto *copy = page.findChild<QPushButton *>(QStringLiteral("copyCurlButton"));
        QVERIFY(copy->toolTip().contains(QStringLiteral("holds no secrets")));
        QVERIFY(!copy->isEnabled());
    }
};

QTEST_MAIN(tst_HistoryPage)
#include "tst_HistoryPage.moc"
