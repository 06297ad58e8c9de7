// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the Sandbox page against a real SandboxHost on loopback.
#include "gui/sandbox/CredentialTableModel.h"
#include "gui/sandbox/DurationSpinBox.h"
#include "gui/sandbox/FaultTableModel.h"
#include "gui/sandbox/SandboxPage.h"

#include "core/Config.h"

#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/net/TlsSessionInfo.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxHost.h"
#include "core/sandbox/SandboxSettings.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSettings>
#include <QSslCertificate>
#include <QSpinBox>
#include <QTcpServer>
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

// One call of the real client against the sandbox; the result, whatever it is.
TokenResult send(ApiClient &client, const QString &id, const Environment &environment, CallContext &context)
{
    ApiCall call(client, *EndpointCatalog::builtIn().find(id), environment, {}, context);
    QSignalSpy finished(&call, &ApiCall::finished);
    call.start();
    if (!finished.wait(20000))
        qFatal("%s did not finish", qPrintable(id));
    return call.result();
}

// Types into a spin box as a person would: everything selected, the text, Enter.
void typeInto(QSpinBox *spin, const QString &text)
{
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, text);
    QTest::keyClick(spin, Qt::Key_Return);
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
        QCOMPARE(child<QComboBox>(page, "kdfCombo")->currentData().toString(), QStringLiteral("raw"));
        QCOMPARE(child<QSpinBox>(page, "bankezyLifetimeSpin")->text(), QStringLiteral("15 min"));
        QCOMPARE(child<QSpinBox>(page, "bankezyLifetimeSpin")->value(), 900);

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

    void durationsAreReadAndSteppedInUnits()
    {
        QCOMPARE(DurationSpinBox::text(900), QStringLiteral("15 min"));
        QCOMPARE(DurationSpinBox::text(7200), QStringLiteral("2 h"));
        QCOMPARE(DurationSpinBox::text(90), QStringLiteral("90 s"));
        QCOMPARE(DurationSpinBox::text(86400), QStringLiteral("1 d"));
        QCOMPARE(DurationSpinBox::text(0), QStringLiteral("0 s"));
        QCOMPARE(DurationSpinBox::parse(QStringLiteral("15 min")), std::optional<qint64>(900));
        QCOMPARE(DurationSpinBox::parse(QStringLiteral(" 2H ")), std::optional<qint64>(7200));
        QCOMPARE(DurationSpinBox::parse(QStringLiteral("45")), std::optional<qint64>(45));
        QCOMPARE(DurationSpinBox::parse(QStringLiteral("3 weeks")), std::nullopt);
        QCOMPARE(DurationSpinBox::parse(QStringLiteral("-5 s")), std::nullopt);
        QCOMPARE(DurationSpinBox::parse(QStringLiteral("min")), std::nullopt);

        DurationSpinBox spin;
        spin.setRange(1, 30 * 86400);
        spin.setValue(900);
        spin.stepBy(1);
        QCOMPARE(spin.value(), 960); // a minute, the unit shown
        spin.setValue(3600);
        spin.stepBy(-1);
        QCOMPARE(spin.value(), 3540); // 59 min, not nothing
        spin.setValue(1);
        spin.stepBy(-5);
        QCOMPARE(spin.value(), 1); // the minimum holds
        // Typed text outside the range is not taken.
        typeInto(&spin, QStringLiteral("99 d"));
        QVERIFY(spin.value() <= 30 * 86400);
    }

    void appliedSettingsRestartTheSandboxAndKeepItsTokens_data()
    {
        QTest::addColumn<bool>("kept");
        QTest::newRow("in memory") << false;
        QTest::newRow("kept in a state folder") << true;
    }

    // Issue a BankEzy user token, change the lifetime, KDF and renew shape, apply: the same server
    // address answers with the new settings and still renews the token issued before.
    void appliedSettingsRestartTheSandboxAndKeepItsTokens()
    {
        QFETCH(bool, kept);
        QTemporaryDir dir;
        SandboxConfig initial;
        if (kept)
            initial.stateFolder = dir.filePath(QStringLiteral("sandbox"));
        SandboxHost host{initial};
        SandboxPage page(host);
        const std::unique_ptr<Config> settings = Config::temporary();
        page.setSettingsStore(settings.get());
        QSignalSpy urlChanged(&page, &SandboxPage::sandboxUrlChanged);
        QVERIFY(page.start());
        const QUrl before = host.url();

        ApiClient client;
        CallContext context;
        const Environment environment = SandboxEnvironment::make(host.url(), host.config());
        for (const QString &id : {QStringLiteral("bankezy.get-app-token"), QStringLiteral("bankezy.get-user-token")}) {
            const TokenResult result = send(client, id, environment, context);
            QVERIFY2(result.ok, qPrintable(result.message));
        }
        const QString userToken = context.value(QStringLiteral("userToken"));
        QVERIFY(!userToken.isEmpty());
        QVERIFY(host.addFault(QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("enos.get-token")},
                                          {QStringLiteral("kind"), QStringLiteral("drop")},
                                          {QStringLiteral("count"), 3}}).ok());
        page.refresh();

        auto *apply = child<QPushButton>(page, "applySettingsButton");
        QCOMPARE(apply->text(), QStringLiteral("Apply and restart"));
        QVERIFY(!apply->isEnabled());
        typeInto(child<QSpinBox>(page, "bankezyLifetimeSpin"), QStringLiteral("2 min"));
        QCOMPARE(child<QSpinBox>(page, "bankezyLifetimeSpin")->value(), 120);
        QVERIFY(apply->isEnabled());
        auto *kdf = child<QComboBox>(page, "kdfCombo");
        kdf->setCurrentIndex(kdf->findData(QStringLiteral("sha256")));
        auto *shape = child<QComboBox>(page, "renewShapeCombo");
        shape->setCurrentIndex(shape->findData(QStringLiteral("nested")));
        for (int i = 0; i < shape->count(); ++i) { // a short name on screen, what it means in the tooltip
            const QString tip = shape->itemData(i, Qt::ToolTipRole).toString();
            QVERIFY2(tip.contains(QStringLiteral("code")) && tip.size() > shape->itemText(i).size(), qPrintable(tip));
        }
        for (int i = 0; i < kdf->count(); ++i)
            QVERIFY(kdf->itemData(i, Qt::ToolTipRole).toString().startsWith(kdf->itemData(i).toString() + QLatin1Char(':')));
        QCOMPARE(host.config().bankezyLifetimeSeconds, 900); // nothing applied before Apply
        QElapsedTimer restart;
        restart.start();
        QTest::mouseClick(apply, Qt::LeftButton);
        qInfo("Apply and restart took %lld ms", restart.elapsed()); // measured, not asserted

        // The restarted server runs the new settings, on the same port, with the fault still armed.
        QVERIFY(host.isRunning());
        QCOMPARE(host.url(), before);
        const QJsonObject info = host.infoJson();
        const QJsonObject running = info.value(QLatin1String("config")).toObject();
        QCOMPARE(running.value(QLatin1String("bankezyLifetimeSeconds")).toInteger(), 120);
        QCOMPARE(running.value(QLatin1String("kdf")).toString(), QStringLiteral("sha256"));
        QCOMPARE(running.value(QLatin1String("renewShape")).toString(), QStringLiteral("nested"));
        QCOMPARE(info.value(QLatin1String("faults")).toArray().size(), 1);
        QCOMPARE(child<QTableView>(page, "faultTable")->model()->rowCount(), 1);
        QCOMPARE(urlChanged.count(), 2); // start, restart: the Sandbox environment follows (KDF too)
        QCOMPARE(urlChanged.last().at(0).toUrl(), before);
        QCOMPARE(child<QLabel>(page, "settingsMessageLabel")->text(),
                 QStringLiteral("Restarted with the new settings; issued tokens are still good"));
        QVERIFY(!apply->isEnabled());
        QCOMPARE(SandboxSettings::load(*settings, SandboxConfig()).bankezyLifetimeSeconds, 120);
        QCOMPARE(SandboxSettings::load(*settings, SandboxConfig()).kdf, KdfMode::Sha256);

        // The token issued before the restart renews against the restarted server, and the new
        // token has the new lifetime (two minutes, not fifteen).
        const Environment now = SandboxEnvironment::make(host.url(), host.config());
        const qint64 sentAt = QDateTime::currentMSecsSinceEpoch();
        const TokenResult renewed = send(client, QStringLiteral("bankezy.renew-token"), now, context);
        QVERIFY2(renewed.ok, qPrintable(renewed.code + QLatin1Char(' ') + renewed.message));
        QVERIFY(renewed.token != userToken);
        QVERIFY2(renewed.expiresAtMs - sentAt <= 121 * 1000 && renewed.expiresAtMs - sentAt > 60 * 1000,
                 qPrintable(QString::number(renewed.expiresAtMs - sentAt)));
        page.stop();
    }

    // Saved settings come back on the next run; a hand-edited file with nonsense keeps defaults.
    void settingsAreKeptBetweenRunsAndNonsenseIsIgnored()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        {
            Config settings(path);
            SandboxHost host{SandboxConfig()};
            SandboxPage page(host);
            page.setSettingsStore(&settings);
            auto *apply = child<QPushButton>(page, "applySettingsButton");
            QCOMPARE(apply->text(), QStringLiteral("Apply")); // stopped: nothing to restart
            typeInto(child<QSpinBox>(page, "enosLifetimeSpin"), QStringLiteral("45 s"));
            typeInto(child<QSpinBox>(page, "renewWindowSpin"), QStringLiteral("0"));
            QVERIFY(page.applySettings());
            QVERIFY(!host.isRunning());
            QCOMPARE(host.config().enosLifetimeSeconds, 45);
            QVERIFY(page.start());
            QCOMPARE(host.infoJson()[QLatin1String("config")][QLatin1String("enosLifetimeSeconds")].toInteger(), 45);
        }
        {
            const Config settings(path);
            const SandboxConfig loaded = SandboxSettings::load(settings, SandboxConfig());
            QCOMPARE(loaded.enosLifetimeSeconds, 45);
            QCOMPARE(loaded.renewWindowSeconds, 0);
            QCOMPARE(loaded.bankezyLifetimeSeconds, 900);
        }
        {
            QSettings ini(path, QSettings::IniFormat);
            ini.setValue(QStringLiteral("sandbox/bankezyLifetimeSeconds"), QStringLiteral("ten"));
            ini.setValue(QStringLiteral("sandbox/enosLifetimeSeconds"), 0); // a token must live
            ini.setValue(QStringLiteral("sandbox/secmgmtLifetimeSeconds"), QStringLiteral("99999999999"));
            ini.setValue(QStringLiteral("sandbox/kdf"), QStringLiteral("rot13"));
            ini.setValue(QStringLiteral("sandbox/renewShape"), QStringLiteral("NESTED "));
        }
        const Config settings(path);
        const SandboxConfig loaded = SandboxSettings::load(settings, SandboxConfig());
        QCOMPARE(loaded.bankezyLifetimeSeconds, 900);
        QCOMPARE(loaded.enosLifetimeSeconds, 7200);
        QCOMPARE(loaded.secmgmtLifetimeSeconds, 3600);
        QCOMPARE(loaded.kdf, KdfMode::Raw);
        QCOMPARE(loaded.renewShape, RenewShape::Flat);
        QCOMPARE(loaded.renewWindowSeconds, 0); // what was valid stays
    }

    // A config the new server cannot run (its fixed port is taken): the host goes back to the
    // old settings on the old address, and says why.
    void aRefusedRestartGoesBackToTheOldSettings()
    {
        SandboxHost host{SandboxConfig()};
        QVERIFY(host.start().ok());
        const QUrl before = host.url();
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        SandboxConfig config = host.config();
        config.port = squatter.serverPort();
        config.bankezyLifetimeSeconds = 60;
        const Result<QUrl> restarted = host.restart(config);
        QVERIFY(!restarted);
        QCOMPARE(restarted.error().code, ErrorCode::Io);
        QVERIFY(host.isRunning());
        QCOMPARE(host.url(), before);
        QCOMPARE(host.config().bankezyLifetimeSeconds, 900);
    }

    // "Serve HTTPS", applied: the same port answers over TLS with the sandbox's own CA, kept in its
    // state folder; the "Sandbox (TLS)" environment trusts that CA with verification on, and the
    // pin on the page is the key the server presented. A client CA then makes a call without a
    // client certificate fail as client-cert-required. The switches come back on the next run.
    void httpsIsServedAndTrustedByTheSandboxTlsEnvironment()
    {
        QTemporaryDir dir;
        SandboxConfig initial;
        initial.stateFolder = dir.filePath(QStringLiteral("sandbox"));
        SandboxHost host{initial};
        SandboxPage page(host);
        const std::unique_ptr<Config> settings = Config::temporary();
        page.setSettingsStore(settings.get());
        QVERIFY(page.start());
        QCOMPARE(host.url().scheme(), QStringLiteral("http"));
        const int port = host.url().port();
        auto *pinEdit = child<QLineEdit>(page, "tlsPinEdit");
        QVERIFY(pinEdit->text().isEmpty());

        auto *https = child<QCheckBox>(page, "httpsCheck");
        auto *apply = child<QPushButton>(page, "applySettingsButton");
        QVERIFY(!apply->isEnabled());
        https->setChecked(true);
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(host.isRunning());
        QCOMPARE(host.url().scheme(), QStringLiteral("https"));
        QCOMPARE(host.url().port(), port);
        const QString caFile = child<QLineEdit>(page, "tlsCaFileEdit")->text();
        QCOMPARE(QDir::fromNativeSeparators(caFile), QDir(initial.stateFolder).filePath(QStringLiteral("tls/ca.pem")));
        QVERIFY(pinEdit->text().startsWith(QLatin1String("sha256//")));

        ApiClient client;
        CallContext context;
        const Environment overTls = SandboxEnvironment::makeTls(host.url(), host.config(), QDir::fromNativeSeparators(caFile));
        QCOMPARE(overTls.name, QString::fromLatin1(Environment::kSandboxTlsName));
        QVERIFY(!overTls.transport.insecure);
        const TokenResult trusted = send(client, QStringLiteral("bankezy.get-app-token"), overTls, context);
        QVERIFY2(trusted.ok, qPrintable(trusted.message));
        QVERIFY(trusted.tls && !trusted.tls->chain.isEmpty());
        QCOMPARE(pinEdit->text(), QStringLiteral("sha256//") + trusted.tls->chain.constFirst().spkiSha256);
        const QList<QSslCertificate> served = QSslCertificate::fromPath(host.tls().certFile, QSsl::Pem);
        QCOMPARE(pinEdit->text(), QStringLiteral("sha256//") + TlsSessionInfo::spkiSha256(served.value(0)));

        // Without the CA the same URL is refused: verification is really on.
        Environment untrusting = overTls;
        untrusting.transport.extraCaFile.clear();
        const TokenResult refused = send(client, QStringLiteral("bankezy.get-app-token"), untrusting, context);
        QVERIFY(!refused.ok && refused.error);
        QCOMPARE(refused.error->reason, QStringLiteral("untrusted"));

        // Mutual TLS: client certificates signed by the sandbox's own CA are required.
        child<QLineEdit>(page, "clientCaEdit")->setText(QDir::fromNativeSeparators(caFile));
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(host.config().clientCaFile, QDir::fromNativeSeparators(caFile));
        const TokenResult noCert = send(client, QStringLiteral("bankezy.get-app-token"), overTls, context);
        QVERIFY(!noCert.ok && noCert.error);
        QCOMPARE(noCert.error->code, ErrorCode::TlsFailure);
        QCOMPARE(noCert.error->reason, QStringLiteral("client-cert-required"));

        // Kept: the next run serves HTTPS with the same CA and server key, and asks for client certificates.
        QVERIFY(settings->value(Config::Key::SandboxHttps).toBool());
        const QString pin = pinEdit->text();
        host.stop();
        SandboxHost next{SandboxSettings::load(*settings, initial)};
        SandboxPage nextPage(next);
        QVERIFY(child<QCheckBox>(nextPage, "httpsCheck")->isChecked());
        QCOMPARE(child<QLineEdit>(nextPage, "clientCaEdit")->text(), QDir::fromNativeSeparators(caFile));
        QVERIFY(nextPage.start());
        QCOMPARE(next.url().scheme(), QStringLiteral("https"));
        QCOMPARE(child<QLineEdit>(nextPage, "tlsPinEdit")->text(), pin);
        QCOMPARE(next.config().clientCaFile, QDir::fromNativeSeparators(caFile));
    }

    // "Require client certificates from the sandbox's own CA", applied: mutual TLS offline with
    // nothing brought along. "Sandbox (TLS)" presents the client certificate the CA signed and
    // gets its token; "Sandbox" (the same URL, trusting the same CA) goes without and is refused.
    // The client CA field gives way to the switch, and the switch comes back on the next run.
    void mutualTlsWithTheSandboxsOwnClientCertificate()
    {
        QTemporaryDir dir;
        SandboxConfig initial;
        initial.stateFolder = dir.filePath(QStringLiteral("sandbox"));
        initial.ownTls = true;
        SandboxHost host{initial};
        SandboxPage page(host);
        const std::unique_ptr<Config> settings = Config::temporary();
        page.setSettingsStore(settings.get());
        QVERIFY(page.start());
        auto *mutual = child<QCheckBox>(page, "mutualTlsCheck");
        auto *clientCa = child<QLineEdit>(page, "clientCaEdit");
        QVERIFY(mutual->isEnabled() && !mutual->isChecked() && clientCa->isEnabled());
        mutual->setChecked(true);
        QVERIFY(!clientCa->isEnabled());
        QVERIFY(page.applySettings());
        QVERIFY(host.config().ownMutualTls);
        const QString clientFile = QDir::fromNativeSeparators(child<QLineEdit>(page, "tlsClientFileEdit")->text());
        QCOMPARE(clientFile, host.tls().clientFile);
        QCOMPARE(QFileInfo(clientFile).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

        ApiClient client;
        CallContext context;
        const Environment overTls = SandboxEnvironment::makeTls(host.url(), host.config(), host.tls().caFile, host.tls().clientFile);
        QCOMPARE(overTls.transport.clientCertFile, clientFile);
        const TokenResult presented = send(client, QStringLiteral("bankezy.get-app-token"), overTls, context);
        QVERIFY2(presented.ok, qPrintable(presented.message));
        const TokenResult without = send(client, QStringLiteral("bankezy.get-app-token"),
                                         SandboxEnvironment::make(host.url(), host.config(), host.tls().caFile), context);
        QVERIFY(!without.ok && without.error);
        QCOMPARE(without.error->reason, QStringLiteral("client-cert-required"));

        host.stop();
        SandboxHost next{SandboxSettings::load(*settings, initial)};
        SandboxPage nextPage(next);
        QVERIFY(child<QCheckBox>(nextPage, "mutualTlsCheck")->isChecked());
        QVERIFY(child<QLineEdit>(nextPage, "clientCaEdit")->text().isEmpty());
        QVERIFY(nextPage.start());
        QVERIFY(next.config().ownMutualTls);
        // A server certificate file of one's own has no own CA to sign a client certificate.
        child<QLineEdit>(nextPage, "tlsCertEdit")->setText(dir.filePath(QStringLiteral("server.pem")));
        QVERIFY(!child<QCheckBox>(nextPage, "mutualTlsCheck")->isEnabled());
    }

    // HTTPS off again: plain http on the same port, and the pin and CA fields empty.
    void httpsOffServesPlainHttpAgain()
    {
        SandboxConfig initial;
        initial.ownTls = true;
        SandboxHost host{initial};
        SandboxPage page(host);
        QVERIFY(page.start());
        QCOMPARE(host.url().scheme(), QStringLiteral("https"));
        QVERIFY(!child<QLineEdit>(page, "tlsPinEdit")->text().isEmpty());
        child<QCheckBox>(page, "httpsCheck")->setChecked(false);
        QVERIFY(page.applySettings());
        QCOMPARE(host.url().scheme(), QStringLiteral("http"));
        QVERIFY(child<QLineEdit>(page, "tlsPinEdit")->text().isEmpty());
        QVERIFY(child<QLineEdit>(page, "tlsCaFileEdit")->text().isEmpty());
        ApiClient client;
        CallContext context;
        const TokenResult plain = send(client, QStringLiteral("bankezy.get-app-token"),
                                       SandboxEnvironment::make(host.url(), host.config()), context);
        QVERIFY2(plain.ok, qPrintable(plain.message));
    }
};

QTEST_MAIN(tst_SandboxPage)
#include "tst_SandboxPage.moc"
