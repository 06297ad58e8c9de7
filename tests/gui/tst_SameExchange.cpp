// SPDX-License-Identifier: GPL-3.0-or-later
// One exchange, two front ends: the APIs page of the app and `tokendesk-cli call` send the same
// request to the same environment, and the one recording path (ExchangeRecorder) leaves the same
// history entry and the same session behind.
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"

#include "../cli/CliProcess.h"

#include "core/AppPaths.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxHost.h"
#include "core/session/SessionStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

// What must be equal between the two entries: everything but the entry's own id, time,
// duration, the session's id and the answer (a new token each time).
QJsonObject comparable(const HistoryEntry &entry)
{
    QJsonObject headers;
    for (const auto &[name, value] : entry.request.headers)
        headers.insert(QString::fromLatin1(name).toLower(), QString::fromUtf8(value));
    QJsonObject fields;
    for (auto it = entry.fields.cbegin(); it != entry.fields.cend(); ++it)
        fields.insert(it.key(), it.value());
    return {{QStringLiteral("origin"), historyOriginName(entry.origin)},
            {QStringLiteral("environment"), entry.environment},
            {QStringLiteral("endpoint"), entry.endpoint},
            {QStringLiteral("fields"), fields},
            {QStringLiteral("method"), QString::fromLatin1(entry.request.method)},
            {QStringLiteral("url"), entry.request.url.toString()},
            {QStringLiteral("headers"), headers},
            {QStringLiteral("body"), QString::fromUtf8(entry.request.body)},
            {QStringLiteral("status"), entry.status},
            {QStringLiteral("ok"), entry.outcome.ok},
            {QStringLiteral("code"), entry.outcome.code},
            {QStringLiteral("hasSession"), !entry.sessionId.isEmpty()}};
}

} // namespace

class tst_SameExchange : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    SandboxHost m_sandbox{SandboxConfig()};

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // The app's files and the CLI's are the same files: AppPaths reads these at each call.
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("TokenDesk"));
        QCoreApplication::setApplicationName(QStringLiteral("TokenDesk"));
        QVERIFY(m_sandbox.start().ok());
        EnvironmentStore environments(AppPaths::environmentsFile());
        Environment partner;
        partner.name = QStringLiteral("Partner");
        partner.baseUrl = m_sandbox.url().toString();
        // The password is typed in both (an environment keeps no secret in clear).
        partner.values = {{QStringLiteral("username"), m_sandbox.credentials().secmgmtUsername}};
        QVERIFY(environments.add(partner).ok());
    }

    void theAppAndTheCliRecordTheSameExchangeAlike()
    {
        const QProcessEnvironment cli = cliEnvironment(m_home.path(), QStringLiteral("same pass"));
        QCOMPARE(runCli(args({"vault", "init"}), {}, cli).exitCode, 0);
        const QString password = m_sandbox.credentials().secmgmtPassword;
        const CliRun called = runCli({QStringLiteral("call"), QStringLiteral("secmgmt.create-token"), QStringLiteral("--env"),
                                      QStringLiteral("Partner"), QStringLiteral("--set"), QStringLiteral("password=") + password},
                                     {}, cli);
        QVERIFY2(called.exitCode == 0, called.err.constData());

        MainWindow window;
        Workbench::Options options{AppPaths::environmentsFile(), AppPaths::historyFile(), {}, false,
                                   m_home.filePath(QStringLiteral("app-vault.tdvault")), QString()};
        Workbench workbench(window, options);
        window.show();
        QVERIFY(workbench.apiPage()->selectEnvironment(QStringLiteral("Partner")));
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token"), {{QStringLiteral("password"), password}}));
        auto *send = workbench.apiPage()->findChild<QPushButton *>(QStringLiteral("sendButton"));
        QVERIFY(send);
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), 5000);
        QSignalSpy appended(&workbench.history(), &HistoryStore::appended);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(appended.wait(10000));

        const Result<HistoryStore::Loaded> loaded = workbench.history().load();
        QVERIFY(loaded.ok());
        const QList<HistoryEntry> entries = loaded.value().entries;
        QCOMPARE(entries.size(), 2);
        const HistoryEntry &fromCli = entries.at(0);
        const HistoryEntry &fromApp = entries.at(1);
        QCOMPARE(comparable(fromApp), comparable(fromCli));
        QCOMPARE(fromApp.origin, HistoryOrigin::Manual);
        QVERIFY(fromApp.outcome.ok);
        QCOMPARE(fromApp.fields.value(QStringLiteral("password")), QStringLiteral("***"));

        // The session each one kept: the app's in its store, the CLI's in the vault's sessions file.
        QCOMPARE(workbench.sessions().size(), 1);
        const Session &appSession = workbench.sessions().at(0);
        QCOMPARE(fromApp.sessionId, appSession.id.toString(QUuid::WithoutBraces));
        const CliRun listed = runCli(args({"sessions", "list", "--json"}), {}, cli);
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray cliSessions = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(cliSessions.size(), 1);
        const QJsonObject cliSession = cliSessions.at(0).toObject();
        QCOMPARE(cliSession[QLatin1String("id")].toString(), fromCli.sessionId);
        QCOMPARE(cliSession[QLatin1String("family")].toString(), appSession.family);
        QCOMPARE(cliSession[QLatin1String("endpoint")].toString(), appSession.endpointId);
        QCOMPARE(cliSession[QLatin1String("environment")].toString(), appSession.environment.name);
        QCOMPARE(cliSession[QLatin1String("state")].toString(), sessionStateName(appSession.state));
        QCOMPARE(cliSession[QLatin1String("renewals")].toInt(), appSession.renewals.size());
    }
};

QTEST_MAIN(tst_SameExchange)
#include "tst_SameExchange.moc"
