// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the Environments page over a real environments.json in a temporary folder.
#include "gui/environments/EnvironmentTableModel.h"
#include "gui/environments/EnvironmentsPage.h"
#include "gui/environments/KeyValueTableModel.h"
#include "gui/environments/OverrideTableModel.h"

#include "core/api/SpecLibrary.h"
#include "core/net/EnvironmentStore.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/vault/Vault.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QStyleOptionViewItem>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace td;

namespace {

const ScryptParams kFastParams{10, 8, 1};

SecureBytes passphrase()
{
    return SecureBytes(QByteArrayView("correct horse battery"));
}

// The message is built only on failure: QVERIFY2 would evaluate it even when the result is ok.
template <typename T>
bool succeeded(const Result<T> &result)
{
    if (!result)
        qWarning("%s", qPrintable(result.error().toString()));
    return result.ok();
}

void selectValueRow(QTableView *table, int row)
{
    table->selectionModel()->setCurrentIndex(table->model()->index(row, 0),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject firstEnvironmentInFile(const QString &path)
{
    return QJsonDocument::fromJson(readFile(path)).object().value(QLatin1String("environments")).toArray().at(0).toObject();
}

void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

template <typename T>
T *child(QWidget &page, const char *name)
{
    T *widget = page.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child widget %s", name);
    return widget;
}

} // namespace

class tst_EnvironmentsPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path() const { return m_dir.filePath(QStringLiteral("environments.json")); }

    static void addSandbox(EnvironmentStore &store)
    {
        store.setSandbox(SandboxEnvironment::make(QUrl(QStringLiteral("http://127.0.0.1:5555")), SandboxConfig()));
    }

private Q_SLOTS:
    void init()
    {
        QFile::remove(path());
    }

    void createEditAndSave()
    {
        EnvironmentStore store(path());
        addSandbox(store);
        EnvironmentsPage page(store);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.setConfirm([](QWidget *, const QString &) { return true; });

        QTest::mouseClick(child<QPushButton>(page, "newButton"), Qt::LeftButton);
        QCOMPARE(page.currentName(), QStringLiteral("New environment"));
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.model()->environment(0).name, QStringLiteral("Sandbox"));

        retype(child<QLineEdit>(page, "nameEdit"), QStringLiteral("Staging"));
        retype(child<QLineEdit>(page, "baseUrlEdit"), QStringLiteral("https://staging.example.com"));
        retype(child<QLineEdit>(page, "enosUrlEdit"), QStringLiteral("https://apim.example.com"));
        auto *kdf = child<QComboBox>(page, "kdfCombo");
        kdf->setCurrentIndex(kdf->findData(QStringLiteral("concat")));
        QVERIFY(!child<QCheckBox>(page, "autoRenewCheck")->isChecked());
        child<QCheckBox>(page, "autoRenewCheck")->setChecked(true);
        auto *values = qobject_cast<KeyValueTableModel *>(child<QTableView>(page, "valuesTable")->model());
        QVERIFY(values);
        values->addRow(QStringLiteral("username"), QStringLiteral("alice"));
        values->addRow(QStringLiteral("password"), QStringLiteral("s3cr3t-value"));
        QVERIFY(page.hasUnsavedChanges());

        QTest::mouseClick(child<QPushButton>(page, "saveButton"), Qt::LeftButton);
        QVERIFY2(!page.hasUnsavedChanges(), qPrintable(child<QLabel>(page, "messageLabel")->text()));
        QCOMPARE(page.currentName(), QStringLiteral("Staging"));

        const QByteArray bytes = readFile(path());
        QVERIFY(!bytes.contains("s3cr3t-value"));
        const QJsonObject saved = firstEnvironmentInFile(path());
        QCOMPARE(saved.value(QLatin1String("name")).toString(), QStringLiteral("Staging"));
        QCOMPARE(saved.value(QLatin1String("baseUrl")).toString(), QStringLiteral("https://staging.example.com"));
        QCOMPARE(saved.value(QLatin1String("kdf")).toString(), QStringLiteral("concat"));
        QCOMPARE(saved.value(QLatin1String("autoRenew")).toBool(), true);
        QCOMPARE(saved.value(QLatin1String("familyBaseUrls")).toObject().value(QLatin1String("enos")).toString(),
                 QStringLiteral("https://apim.example.com"));
        const QJsonObject savedValues = saved.value(QLatin1String("values")).toObject();
        QCOMPARE(savedValues.value(QLatin1String("username")).toString(), QStringLiteral("alice"));
        QVERIFY(!savedValues.contains(QLatin1String("password")));
        // The secret stays in memory for this run.
        QCOMPARE(store.find(QStringLiteral("Staging"))->values.value(QStringLiteral("password")), QStringLiteral("s3cr3t-value"));
        QCOMPARE(store.find(QStringLiteral("Staging"))->kdf, KdfMode::Concat);
    }

    void secretValuesAreMaskedUntilRevealed()
    {
        EnvironmentStore store(path());
        Environment env;
        env.name = QStringLiteral("Prod");
        env.values = {{QStringLiteral("appKey"), QStringLiteral("key-1")}, {QStringLiteral("appSecret"), QStringLiteral("top-secret")}};
        QVERIFY(store.add(env).ok());
        EnvironmentsPage page(store);
        QVERIFY(page.selectEnvironment(QStringLiteral("Prod")));
        QAbstractItemModel *values = child<QTableView>(page, "valuesTable")->model();
        QAbstractItemModelTester tester(values, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(values->rowCount(), 2);
        QCOMPARE(values->index(0, 0).data().toString(), QStringLiteral("appKey"));
        QCOMPARE(values->index(0, 1).data().toString(), QStringLiteral("key-1"));
        QCOMPARE(values->index(1, 1).data().toString(), KeyValueTableModel::maskedText());
        child<QCheckBox>(page, "revealValuesCheck")->setChecked(true);
        QCOMPARE(values->index(1, 1).data().toString(), QStringLiteral("top-secret"));
        QVERIFY(child<QLabel>(page, "valuesNoteLabel")->text().contains(QStringLiteral("not written to environments.json")));
    }

    void sandboxIsReadOnly()
    {
        EnvironmentStore store(path());
        addSandbox(store);
        EnvironmentsPage page(store);
        QVERIFY(page.selectEnvironment(QStringLiteral("Sandbox")));
        QCOMPARE(page.model()->index(0, 0).data(EnvironmentTableModel::BuiltInRole).toBool(), true);
        QVERIFY(page.model()->index(0, 0).data().toString().contains(QStringLiteral("built in")));
        QVERIFY(!page.model()->index(0, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(!child<QGroupBox>(page, "generalGroup")->isEnabled());
        QVERIFY(!child<QPushButton>(page, "deleteButton")->isEnabled());
        QVERIFY(!child<QPushButton>(page, "saveButton")->isEnabled());
        QVERIFY(!child<QLabel>(page, "builtInLabel")->isHidden());
        QVERIFY(!page.save());
        QVERIFY(!QFile::exists(path()));
        // Duplicating is the way to an editable copy.
        QTest::mouseClick(child<QPushButton>(page, "duplicateButton"), Qt::LeftButton);
        QCOMPARE(page.currentName(), QStringLiteral("Sandbox copy"));
        QVERIFY(child<QGroupBox>(page, "generalGroup")->isEnabled());
        QCOMPARE(firstEnvironmentInFile(path()).value(QLatin1String("baseUrl")).toString(), QStringLiteral("http://127.0.0.1:5555"));
    }

    void insecureShowsRedBanner()
    {
        EnvironmentStore store(path());
        EnvironmentsPage page(store);
        QTest::mouseClick(child<QPushButton>(page, "newButton"), Qt::LeftButton);
        auto *banner = child<QLabel>(page, "insecureBanner");
        auto *check = child<QCheckBox>(page, "insecureCheck");
        QVERIFY(banner->isHidden());
        QVERIFY(check->styleSheet().isEmpty());
        check->click();
        QVERIFY(!banner->isHidden());
        QCOMPARE(banner->text(), QStringLiteral("TLS verification is off for this environment"));
        QVERIFY(check->styleSheet().contains(QStringLiteral("color:")));
        QVERIFY(page.save());
        QCOMPARE(firstEnvironmentInFile(path()).value(QLatin1String("transport")).toObject().value(QLatin1String("insecure")).toBool(), true);
        check->click();
        QVERIFY(banner->isHidden());
    }

    void invalidBaseUrlIsRefused()
    {
        EnvironmentStore store(path());
        EnvironmentsPage page(store);
        QTest::mouseClick(child<QPushButton>(page, "newButton"), Qt::LeftButton);
        const QByteArray before = readFile(path());
        retype(child<QLineEdit>(page, "baseUrlEdit"), QStringLiteral("ftp://files.example.com"));
        QVERIFY(!child<QLineEdit>(page, "baseUrlEdit")->styleSheet().isEmpty());
        QVERIFY(!page.save());
        QVERIFY2(child<QLabel>(page, "messageLabel")->text().contains(QStringLiteral("\"baseUrl\"")),
                 qPrintable(child<QLabel>(page, "messageLabel")->text()));
        QCOMPARE(readFile(path()), before);
        QVERIFY(page.hasUnsavedChanges());
        QTest::mouseClick(child<QPushButton>(page, "revertButton"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(page, "baseUrlEdit")->text(), QString());
    }

    void deleteAsksFirst()
    {
        EnvironmentStore store(path());
        Environment env;
        env.name = QStringLiteral("Old");
        QVERIFY(store.add(env).ok());
        EnvironmentsPage page(store);
        QVERIFY(page.selectEnvironment(QStringLiteral("Old")));
        bool answer = false;
        QString asked;
        page.setConfirm([&](QWidget *, const QString &question) {
            asked = question;
            return answer;
        });
        QTest::mouseClick(child<QPushButton>(page, "deleteButton"), Qt::LeftButton);
        QVERIFY(asked.contains(QStringLiteral("\"Old\"")));
        QVERIFY(store.find(QStringLiteral("Old")));
        answer = true;
        QTest::mouseClick(child<QPushButton>(page, "deleteButton"), Qt::LeftButton);
        QVERIFY(!store.find(QStringLiteral("Old")));
        QCOMPARE(QJsonDocument::fromJson(readFile(path())).object().value(QLatin1String("environments")).toArray().size(), 0);
    }

    void corruptFileCanBeMovedAside()
    {
        {
            QFile file(path());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{ this is not json");
        }
        EnvironmentStore store(path());
        EnvironmentsPage page(store);
        QVERIFY(!child<QFrame>(page, "loadErrorFrame")->isHidden());
        QVERIFY2(child<QLabel>(page, "loadErrorLabel")->text().contains(QStringLiteral("not JSON")),
                 qPrintable(child<QLabel>(page, "loadErrorLabel")->text()));
        QVERIFY(!child<QPushButton>(page, "newButton")->isEnabled());

        QTest::mouseClick(child<QPushButton>(page, "resetButton"), Qt::LeftButton);
        QVERIFY(child<QFrame>(page, "loadErrorFrame")->isHidden());
        QVERIFY(!store.isBlocked());
        const QStringList aside = QDir(m_dir.path()).entryList({QStringLiteral("environments.json.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QCOMPARE(readFile(m_dir.filePath(aside.constFirst())), QByteArray("{ this is not json"));
        QVERIFY(child<QPushButton>(page, "newButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>(page, "newButton"), Qt::LeftButton);
        QCOMPARE(firstEnvironmentInFile(path()).value(QLatin1String("name")).toString(), QStringLiteral("New environment"));
        QFile::remove(m_dir.filePath(aside.constFirst()));
    }

    void caFileComesFromTheChooser()
    {
        EnvironmentStore store(path());
        EnvironmentsPage page(store);
        page.setCaFileChooser([](QWidget *) { return QStringLiteral("/etc/ssl/certs/test-ca.pem"); });
        QTest::mouseClick(child<QPushButton>(page, "newButton"), Qt::LeftButton);
        QTest::mouseClick(child<QPushButton>(page, "caBrowseButton"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(page, "caFileEdit")->text(), QStringLiteral("/etc/ssl/certs/test-ca.pem"));
        QVERIFY(page.save());
        QCOMPARE(store.find(QStringLiteral("New environment"))->transport.extraCaFile, QStringLiteral("/etc/ssl/certs/test-ca.pem"));
    }

    // Client certificate, pins and proxy typed on the page reach the store, and show again.
    void clientCertificatePinsAndProxySaved()
    {
        EnvironmentStore store(path());
        EnvironmentsPage page(store);
        QTest::mouseClick(child<QPushButton>(page, "newButton"), Qt::LeftButton);
        QTest::keyClicks(child<QLineEdit>(page, "clientCertEdit"), QStringLiteral("/home/me/client.p12"));
        QTest::keyClicks(child<QLineEdit>(page, "pinsEdit"), QStringLiteral("sha256//AAAA; sha256//BBBB"));
        QTest::keyClicks(child<QLineEdit>(page, "proxyEdit"), QStringLiteral("http://proxy.corp:3128"));
        QTest::mouseClick(child<QCheckBox>(page, "noProxyCheck"), Qt::LeftButton);
        QVERIFY(child<QPushButton>(page, "saveButton")->isEnabled()); // the edits made the page dirty
        QVERIFY(page.save());
        const Environment *saved = store.find(QStringLiteral("New environment"));
        QVERIFY(saved);
        QCOMPARE(saved->transport.clientCertFile, QStringLiteral("/home/me/client.p12"));
        QCOMPARE(saved->transport.pins, (QStringList{QStringLiteral("sha256//AAAA"), QStringLiteral("sha256//BBBB")}));
        QCOMPARE(saved->transport.proxy, QStringLiteral("http://proxy.corp:3128"));
        QCOMPARE(saved->transport.noProxy, true);

        EnvironmentsPage again(store);
        QVERIFY(again.selectEnvironment(QStringLiteral("New environment")));
        QCOMPARE(child<QLineEdit>(again, "pinsEdit")->text(), QStringLiteral("sha256//AAAA; sha256//BBBB"));
        QCOMPARE(child<QLineEdit>(again, "clientCertEdit")->text(), QStringLiteral("/home/me/client.p12"));
        QVERIFY(child<QCheckBox>(again, "noProxyCheck")->isChecked());
    }

    void vaultButtonsNeedAnOpenVault()
    {
        EnvironmentStore store(path());
        Environment env;
        env.name = QStringLiteral("Prod");
        env.values = {{QStringLiteral("apiKey"), QStringLiteral("k-1")}};
        QVERIFY(store.add(env).ok());
        EnvironmentsPage page(store);
        QVERIFY(page.selectEnvironment(QStringLiteral("Prod")));
        auto *table = child<QTableView>(page, "valuesTable");
        selectValueRow(table, 0);
        auto *use = child<QPushButton>(page, "useVaultButton");
        auto *move = child<QPushButton>(page, "moveToVaultButton");
        QVERIFY(!use->isEnabled());
        QVERIFY(!move->isEnabled());
        QCOMPARE(use->toolTip(), QStringLiteral("Open the vault on the Keys and secrets page"));
        QCOMPARE(move->toolTip(), QStringLiteral("Open the vault on the Keys and secrets page"));
        QVERIFY(!page.moveToVault());

        QTemporaryDir dir;
        Result<std::unique_ptr<Vault>> created = Vault::create(dir.filePath(QStringLiteral("vault.tdv")), passphrase(), kFastParams);
        QVERIFY(succeeded(created));
        std::unique_ptr<Vault> vault = std::move(created.value());
        page.setVault(vault.get());
        QVERIFY(use->isEnabled());
        QVERIFY(move->isEnabled());
        vault->lock();
        QVERIFY(!use->isEnabled());
        QVERIFY(!move->isEnabled());
    }

    void moveToVaultKeepsOnlyTheReference()
    {
        QTemporaryDir dir;
        const QString vaultPath = dir.filePath(QStringLiteral("vault.tdv"));
        Result<std::unique_ptr<Vault>> created = Vault::create(vaultPath, passphrase(), kFastParams);
        QVERIFY(succeeded(created));
        std::unique_ptr<Vault> vault = std::move(created.value());

        EnvironmentStore store(path());
        Environment env;
        env.name = QStringLiteral("Prod");
        env.baseUrl = QStringLiteral("https://prod.example.com");
        env.values = {{QStringLiteral("appKey"), QStringLiteral("key-1")}, {QStringLiteral("appSecret"), QStringLiteral("top-secret")}};
        QVERIFY(store.add(env).ok());
        EnvironmentsPage page(store);
        page.setVault(vault.get());
        QString question;
        QString suggestion;
        page.setVaultPrompts([](QWidget *, const QString &, const QList<VaultEntry> &) { return QString(); },
                             [&](QWidget *, const QString &asked, const QString &suggested) {
                                 question = asked;
                                 suggestion = suggested;
                                 return QStringLiteral("prod app");
                             });
        QVERIFY(page.selectEnvironment(QStringLiteral("Prod")));
        auto *table = child<QTableView>(page, "valuesTable");
        auto *move = child<QPushButton>(page, "moveToVaultButton");
        selectValueRow(table, 0); // appKey: not a secret, nothing to move
        QVERIFY(!move->isEnabled());
        selectValueRow(table, 1);
        QVERIFY(move->isEnabled());
        QTest::mouseClick(move, Qt::LeftButton);
        QCOMPARE(suggestion, QStringLiteral("Prod appSecret"));
        QCOMPARE(question, QStringLiteral("Name of the vault entry for appSecret of Prod:"));

        // The environment was saved with the reference: the file has it, never the secret.
        QVERIFY(!page.hasUnsavedChanges());
        const QByteArray bytes = readFile(path());
        QVERIFY(!bytes.contains("top-secret"));
        const QJsonObject values = firstEnvironmentInFile(path()).value(QLatin1String("values")).toObject();
        QCOMPARE(values.value(QLatin1String("appSecret")).toString(), QStringLiteral("vault:prod app"));
        QCOMPARE(values.value(QLatin1String("appKey")).toString(), QStringLiteral("key-1"));
        QCOMPARE(child<QLabel>(page, "messageLabel")->text(),
                 QStringLiteral("appSecret moved to the vault as \"prod app\"; the environment keeps the reference."));
        // A reference is shown as it is, not masked.
        QCOMPARE(table->model()->index(1, 1).data().toString(), QStringLiteral("vault:prod app"));
        QVERIFY(!move->isEnabled());

        // The next start reads the reference back.
        EnvironmentStore restarted(path());
        QVERIFY(restarted.load().ok());
        QCOMPARE(restarted.find(QStringLiteral("Prod"))->values.value(QStringLiteral("appSecret")), QStringLiteral("vault:prod app"));

        // The vault file holds the secret, with the app key it belongs to.
        Result<std::unique_ptr<Vault>> reopened = Vault::open(vaultPath, passphrase());
        QVERIFY(succeeded(reopened));
        const std::optional<VaultEntry> entry = reopened.value()->find(QStringLiteral("prod app"));
        QVERIFY(entry);
        QCOMPARE(entry->kind, VaultEntry::Kind::AppKey);
        QCOMPARE(entry->identity, QStringLiteral("key-1"));
        QCOMPARE(entry->secret.toByteArray(), QByteArrayLiteral("top-secret"));
        QCOMPARE(entry->environments, QStringList{QStringLiteral("Prod")});
    }

    void moveWithOtherEditsLeavesSaveToThePerson()
    {
        QTemporaryDir dir;
        Result<std::unique_ptr<Vault>> created = Vault::create(dir.filePath(QStringLiteral("vault.tdv")), passphrase(), kFastParams);
        QVERIFY(succeeded(created));
        std::unique_ptr<Vault> vault = std::move(created.value());
        EnvironmentStore store(path());
        Environment env;
        env.name = QStringLiteral("Prod");
        env.values = {{QStringLiteral("apiKey"), QStringLiteral("k-1")}};
        QVERIFY(store.add(env).ok());
        EnvironmentsPage page(store);
        page.setVault(vault.get());
        page.setVaultPrompts([](QWidget *, const QString &, const QList<VaultEntry> &) { return QString(); },
                             [](QWidget *, const QString &, const QString &) { return QStringLiteral("prod api key"); });
        QVERIFY(page.selectEnvironment(QStringLiteral("Prod")));
        retype(child<QLineEdit>(page, "baseUrlEdit"), QStringLiteral("https://other.example.com"));
        QVERIFY(page.hasUnsavedChanges());
        selectValueRow(child<QTableView>(page, "valuesTable"), 0);
        QVERIFY(page.moveToVault());
        QVERIFY(page.hasUnsavedChanges());
        QCOMPARE(page.editedEnvironment().values.value(QStringLiteral("apiKey")), QStringLiteral("vault:prod api key"));
        QCOMPARE(vault->find(QStringLiteral("prod api key"))->kind, VaultEntry::Kind::ApiCredential);
        QCOMPARE(child<QLabel>(page, "messageLabel")->text(),
                 QStringLiteral("apiKey moved to the vault as \"prod api key\". Save to keep the reference."));
    }

    // The per-endpoint overrides offer the catalog's endpoints: with the user's specs, a user
    // endpoint is there and a row added after the specs changed starts at the new catalog.
    void overridesListUserEndpoints()
    {
        EnvironmentStore store(path());
        addSandbox(store);
        EnvironmentsPage page(store);
        page.setConfirm([](QWidget *, const QString &) { return true; });
        QTest::mouseClick(child<QPushButton>(page, "newButton"), Qt::LeftButton);
        auto *table = child<QTableView>(page, "overridesTable");
        // The editor the endpoint cell of a new row opens with, as a click on it would.
        const auto endpointChoices = [&page, table] {
            QTest::mouseClick(child<QPushButton>(page, "addOverrideButton"), Qt::LeftButton);
            const QModelIndex cell = table->model()->index(table->model()->rowCount() - 1, OverrideTableModel::EndpointColumn);
            std::unique_ptr<QWidget> editor(table->itemDelegateForColumn(OverrideTableModel::EndpointColumn)
                                                ->createEditor(table->viewport(), QStyleOptionViewItem(), cell));
            auto *combo = qobject_cast<QComboBox *>(editor.get());
            QStringList items;
            for (int i = 0; combo && i < combo->count(); ++i)
                items << combo->itemText(i);
            return items;
        };
        const QStringList builtIn = endpointChoices();
        QVERIFY(builtIn.contains(QStringLiteral("enos.get-token")));
        QVERIFY(!builtIn.contains(QStringLiteral("globex.sign-in")));

        // A user family that sorts first (order 0) also becomes the new row's first choice.
        QTemporaryDir specs;
        QVERIFY(QDir().mkpath(specs.filePath(QStringLiteral("families"))));
        QVERIFY(QFile::copy(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/globex/globex.sign-in.json"),
                            specs.filePath(QStringLiteral("globex.sign-in.json"))));
        QFile family(specs.filePath(QStringLiteral("families/globex.json")));
        QVERIFY(family.open(QIODevice::WriteOnly));
        family.write(R"({"id": "globex", "displayName": "Globex Identity", "order": 0, "flow": ["issue"]})");
        family.close();
        const SpecLibrary library({specs.path()});
        QVERIFY2(library.problems().isEmpty(), qPrintable(library.problems().join(QLatin1Char('\n'))));
        page.setCatalog(&library.catalog());
        const QStringList choices = endpointChoices();
        QVERIFY2(choices.contains(QStringLiteral("globex.sign-in")), qPrintable(choices.join(QLatin1Char(' '))));
        QVERIFY(choices.contains(QStringLiteral("enos.get-token")));
        QCOMPARE(library.catalog().endpoints().constFirst().id, QStringLiteral("globex.sign-in"));
        QCOMPARE(table->model()->index(table->model()->rowCount() - 1, OverrideTableModel::EndpointColumn).data().toString(),
                 QStringLiteral("globex.sign-in"));
        page.setCatalog(nullptr); // the library goes before the page
    }

    void useVaultEntryWritesTheReference()
    {
        QTemporaryDir dir;
        Result<std::unique_ptr<Vault>> created = Vault::create(dir.filePath(QStringLiteral("vault.tdv")), passphrase(), kFastParams);
        QVERIFY(succeeded(created));
        std::unique_ptr<Vault> vault = std::move(created.value());
        QVERIFY(succeeded(vault->add(VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("staging login"),
                                                            QStringLiteral("alice"), SecureBytes(QByteArrayView("pw"))))));
        QVERIFY(succeeded(vault->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("plain"), {},
                                                            SecureBytes(QByteArrayView("x"))))));
        EnvironmentStore store(path());
        Environment env;
        env.name = QStringLiteral("Staging");
        env.values = {{QStringLiteral("password"), QString()}, {QStringLiteral("username"), QStringLiteral("alice")}};
        QVERIFY(store.add(env).ok());
        EnvironmentsPage page(store);
        page.setVault(vault.get());
        QStringList offered;
        page.setVaultPrompts(
            [&](QWidget *, const QString &, const QList<VaultEntry> &candidates) {
                offered.clear();
                for (const VaultEntry &entry : candidates)
                    offered << entry.name;
                return QStringLiteral("staging login");
            },
            [](QWidget *, const QString &, const QString &) { return QString(); });
        QVERIFY(page.selectEnvironment(QStringLiteral("Staging")));
        auto *table = child<QTableView>(page, "valuesTable");
        selectValueRow(table, 1);
        QTest::mouseClick(child<QPushButton>(page, "useVaultButton"), Qt::LeftButton);
        QCOMPARE(offered, QStringList{QStringLiteral("staging login")}); // only entries with a username
        QCOMPARE(page.editedEnvironment().values.value(QStringLiteral("username")), QStringLiteral("vault:staging login#identity"));
        selectValueRow(table, 0);
        QVERIFY(page.useVaultEntry());
        QCOMPARE(offered, (QStringList{QStringLiteral("plain"), QStringLiteral("staging login")}));
        QCOMPARE(page.editedEnvironment().values.value(QStringLiteral("password")), QStringLiteral("vault:staging login"));
        QVERIFY(page.hasUnsavedChanges());
        QVERIFY(page.save());
        const QJsonObject values = firstEnvironmentInFile(path()).value(QLatin1String("values")).toObject();
        QCOMPARE(values.value(QLatin1String("password")).toString(), QStringLiteral("vault:staging login"));
    }
};

QTEST_MAIN(tst_EnvironmentsPage)
#include "tst_EnvironmentsPage.moc"
