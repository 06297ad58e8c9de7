// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sandbox/SandboxHost.h"
#include "tst_SandboxHttpSupport.h"
#include "tst_SandboxSupport.h"

#include <QThread>

using namespace td;
using namespace sandboxtest;

class tst_SandboxHost : public QObject
{
    Q_OBJECT

private slots:
    void startServeStop()
    {
        SandboxConfig config;
        config.credentials.secmgmtPassword = QStringLiteral("hostpass");
        SandboxHost host(config);
        QVERIFY(!host.isRunning());
        QVERIFY(!host.keys());
        Result<QUrl> url = host.start();
        SANDBOX_VERIFY_OK(url);
        QVERIFY(host.isRunning());
        QCOMPARE(host.url(), url.value());
        QCOMPARE(host.credentials().secmgmtPassword, QStringLiteral("hostpass"));
        QVERIFY(host.keys().has_value());
        QVERIFY(host.keysJson().contains(QLatin1String("tokenKey")));
        QCOMPARE(host.infoJson().value(QLatin1String("url")).toString(), url->toString());
        // A second start is harmless and answers the same URL.
        Result<QUrl> again = host.start();
        SANDBOX_VERIFY_OK(again);
        QCOMPARE(again.value(), url.value());

        // The server answers from its own thread while this one waits on the reply.
        QNetworkAccessManager nam;
        QUrl create = url.value();
        create.setPath(QStringLiteral("/api/v2/auth/token"));
        HttpResult result = call(nam, "POST", create, R"({"username":"demo","password":"hostpass"})");
        QCOMPARE(result.status, 200);

        // Actions from this thread reach the server thread.
        SANDBOX_VERIFY_OK(host.addFault(json(R"({"endpoint":"secmgmt.create-token","kind":"httpStatus","value":418,"count":-1})")));
        QCOMPARE(call(nam, "POST", create, R"({"username":"demo","password":"hostpass"})").status, 418);
        host.clearFaults();
        QCOMPARE(call(nam, "POST", create, R"({"username":"demo","password":"hostpass"})").status, 200);
        Result<void> bad = host.addFault(json(R"({"endpoint":"nope","kind":"drop"})"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::NotFound);
        QCOMPARE(host.terminateAccount(QStringLiteral("42")), 0);
        QCOMPARE(host.terminateToken("unknown"), 0);

        // Actions from a third thread are safe too.
        int fromThread = -1;
        QThread *worker = QThread::create([&host, &fromThread]() { fromThread = host.terminateAccount(QStringLiteral("7")); });
        worker->start();
        QVERIFY(worker->wait(10000));
        delete worker;
        QCOMPARE(fromThread, 0);

        host.stop();
        QVERIFY(!host.isRunning());
        QVERIFY(host.url().isEmpty());
        result = call(nam, "POST", create, R"({"username":"demo","password":"hostpass"})");
        QCOMPARE(result.error, QNetworkReply::ConnectionRefusedError);
    }

    void startFailsOnBusyPort()
    {
        SandboxHost first{SandboxConfig()};
        Result<QUrl> url = first.start();
        SANDBOX_VERIFY_OK(url);
        SandboxConfig config;
        config.port = quint16(url->port());
        SandboxHost second(config);
        Result<QUrl> busy = second.start();
        QVERIFY(!busy.ok());
        QCOMPARE(busy.error().code, ErrorCode::Io);
        QVERIFY(!second.isRunning());

        SandboxConfig badHost;
        badHost.host = QStringLiteral("not an address");
        SandboxHost third(badHost);
        Result<QUrl> invalid = third.start();
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().code, ErrorCode::ConfigInvalid);
    }
};

QTEST_GUILESS_MAIN(tst_SandboxHost)
#include "tst_SandboxHost.moc"
