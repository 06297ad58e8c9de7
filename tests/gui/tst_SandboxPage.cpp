// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the Sandbox page against a real SandboxHost on loopback.
#include "gui/sandbox/CredentialTableModel.h"
#include "gui/sandbox/FaultTableModel.h"
#include "gui/sandbox/SandboxPage.h"

#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxHost.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

template <typename T>
T *child(QWidget &page, const char *name)
{
    T *widget = page.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child widget %s", name);
    return widget;
}

int rowNamed(const QAbstractItemModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, CredentialTableModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

} // namespace

class tst_SandboxPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startShowsAReachableUrl()
    {
        SandboxHost host{SandboxConfig()};
        SandboxPage page(host);
        QSignalSpy urlChanged(&page, &SandboxPage::sandboxUrlChanged);
        auto *start = child<QPushButton>(page, "startButton");
        auto *stop = child<QPushButton>(page, "stopButton");
        QVERIFY(start->isEnabled());
        QVERIFY(!stop->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(host.isRunning());
        QCOMPARE(urlChanged.count(), 1);
        const QUrl url = urlChanged.at(0).at(0).toUrl();
        QCOMPARE(url, host.url());
        QCOMPARE(child<QLineEdit>(page, "urlEdit")->text(), url.toString());
        QCOMPARE(child<QLabel>(page, "statusLabel")->text(), QStringLiteral("Running at %1").arg(url.toString()));
        QVERIFY(!start->isEnabled());
        QVERIFY(stop->isEnabled());
        QCOMPARE(child<QLabel>(page, "kdfValue")->text(), QStringLiteral("raw"));
        QCOMPARE(child<QLabel>(page, "bankezyLifetimeValue")->text(), QStringLiteral("900 s (15 min)"));

        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(url.resolved(QUrl(QStringLiteral("/__sandbox/info")))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("url")).toString(), url.toString());
        reply->deleteLater();

        QTest::mouseClick(stop, Qt::LeftButton);
        QVERIFY(!host.isRunning());
        QCOMPARE(urlChanged.count(), 2);
        QVERIFY(urlChanged.at(1).at(0).toUrl().isEmpty());
        QVERIFY(child<QLabel>(page, "statusLabel")->text().startsWith(QStringLiteral("Stopped")));
        QVERIFY(child<QLineEdit>(page, "urlEdit")->text().isEmpty());
    }

    void credentialsAreListedWithSecretsMasked()
    {
        SandboxHost host{SandboxConfig()};
        SandboxPage page(host);
        QAbstractItemModel *model = child<QTableView>(page, "credentialsTable")->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 8);
        const int username = rowNamed(model, QStringLiteral("username"));
        const int password = rowNamed(model, QStringLiteral("password"));
        const int secret = rowNamed(model, QStringLiteral("secret"));
        QVERIFY(username >= 0 && password >= 0 && secret >= 0);
        QCOMPARE(model->index(username, CredentialTableModel::ValueColumn).data().toString(), QStringLiteral("demo"));
        QCOMPARE(model->index(password, CredentialTableModel::ValueColumn).data().toString(), QStringLiteral("••••••••"));
        QCOMPARE(model->index(secret, CredentialTableModel::ValueColumn).data().toString(), QStringLiteral("••••••••"));
        QCOMPARE(model->index(password, CredentialTableModel::FamilyColumn).data().toString(), QStringLiteral("Security management"));
        child<QCheckBox>(page, "revealCredentialsCheck")->setChecked(true);
        QCOMPARE(model->index(password, CredentialTableModel::ValueColumn).data().toString(), QStringLiteral("demo123"));
        QCOMPARE(model->index(secret, CredentialTableModel::ValueColumn).data().toString(), QStringLiteral("TEST123"));
    }

    void faultsAreAddedListedAndCleared()
    {
        SandboxHost host{SandboxConfig()};
        SandboxPage page(host);
        QVERIFY(page.start());
        QAbstractItemModel *faults = child<QTableView>(page, "faultTable")->model();
        QAbstractItemModelTester tester(faults, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *endpoint = child<QComboBox>(page, "faultEndpointCombo");
        auto *kind = child<QComboBox>(page, "faultKindCombo");
        QCOMPARE(endpoint->count(), 8);
        QCOMPARE(kind->count(), 7);

        endpoint->setCurrentIndex(endpoint->findData(QStringLiteral("enos.get-token")));
        kind->setCurrentIndex(kind->findData(QStringLiteral("drop")));
        child<QSpinBox>(page, "faultCountSpin")->setValue(2);
        QTest::mouseClick(child<QPushButton>(page, "addFaultButton"), Qt::LeftButton);
        QCOMPARE(faults->rowCount(), 1);
        QCOMPARE(faults->index(0, FaultTableModel::EndpointColumn).data().toString(), QStringLiteral("EnOS APIM · Get Access Token"));
        QCOMPARE(faults->index(0, FaultTableModel::KindColumn).data().toString(), QStringLiteral("Connection dropped"));
        // The combos read as words too; no id, no camelCase name on the screen.
        for (int i = 0; i < kind->count(); ++i)
            QVERIFY2(kind->itemText(i) != kind->itemData(i).toString(), qPrintable(kind->itemText(i)));
        for (int i = 1; i < endpoint->count(); ++i)
            QVERIFY2(!endpoint->itemText(i).contains(QLatin1Char('.')), qPrintable(endpoint->itemText(i)));
        QCOMPARE(faults->index(0, FaultTableModel::CountColumn).data().toString(), QStringLiteral("2"));
        QCOMPARE(host.infoJson().value(QLatin1String("faults")).toArray().size(), 1);

        // A value the kind cannot use: the host's own sentence is shown, nothing is armed.
        kind->setCurrentIndex(kind->findData(QStringLiteral("httpStatus")));
        child<QLineEdit>(page, "faultValueEdit")->setText(QStringLiteral("abc"));
        QTest::mouseClick(child<QPushButton>(page, "addFaultButton"), Qt::LeftButton);
        QCOMPARE(faults->rowCount(), 1);
        QCOMPARE(child<QLabel>(page, "faultMessageLabel")->text(), QStringLiteral("An httpStatus fault needs a value of 100..599."));

        QTest::mouseClick(child<QPushButton>(page, "clearFaultsButton"), Qt::LeftButton);
        QCOMPARE(faults->rowCount(), 0);
        QCOMPARE(host.infoJson().value(QLatin1String("faults")).toArray().size(), 0);
    }

    void terminateByAccountReportsTheCount()
    {
        SandboxConfig config;
        SandboxHost host{config};
        SandboxPage page(host);
        QVERIFY(page.start());

        // A real BankEzy user session for the demo account, made by the real client.
        ApiClient client;
        const Environment environment = SandboxEnvironment::make(host.url(), config);
        CallContext context;
        for (const QString &id : {QStringLiteral("bankezy.get-app-token"), QStringLiteral("bankezy.get-user-token")}) {
            ApiCall call(client, *EndpointCatalog::builtIn().find(id), environment, {}, context);
            QSignalSpy finished(&call, &ApiCall::finished);
            call.start();
            QVERIFY(finished.wait(20000));
            QVERIFY2(call.result().ok, qPrintable(call.result().message));
        }

        auto *edit = child<QLineEdit>(page, "terminateEdit");
        auto *terminate = child<QPushButton>(page, "terminateButton");
        QVERIFY(!terminate->isEnabled());
        QTest::keyClicks(edit, environment.values.value(QStringLiteral("accountNumber")));
        QVERIFY(terminate->isEnabled());
        QTest::mouseClick(terminate, Qt::LeftButton);
        QCOMPARE(child<QLabel>(page, "terminateResultLabel")->text(), QStringLiteral("1 session(s) ended for account 1000000001"));
        QTest::mouseClick(terminate, Qt::LeftButton);
        QCOMPARE(child<QLabel>(page, "terminateResultLabel")->text(), QStringLiteral("0 session(s) ended for account 1000000001"));
        page.stop();
    }

    void keysAreCopiedAndSavedAsJwk()
    {
        SandboxHost host{SandboxConfig()};
        SandboxPage page(host);
        QVERIFY(!child<QPushButton>(page, "saveTokenKeyButton")->isEnabled());
        QVERIFY(page.start());
        QTemporaryDir dir;
        QString suggested;
        page.setSaveFileChooser([&](QWidget *, const QString &name) {
            suggested = name;
            return dir.filePath(name);
        });
        QTest::mouseClick(child<QPushButton>(page, "saveTokenKeyButton"), Qt::LeftButton);
        QCOMPARE(suggested, QStringLiteral("sandbox-token-key.jwk"));
        QFile file(dir.filePath(suggested));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(saved, host.keysJson().value(QLatin1String("tokenKey")).toObject());
        QCOMPARE(saved.value(QLatin1String("kty")).toString(), QStringLiteral("oct"));
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        QVERIFY(child<QLabel>(page, "tokenKeyLabel")->text().contains(QStringLiteral("inspector")));
        QVERIFY(child<QLabel>(page, "hmacKeyLabel")->text().contains(QStringLiteral("EnOS")));
    }
};

QTEST_MAIN(tst_SandboxPage)
#include "tst_SandboxPage.moc"
