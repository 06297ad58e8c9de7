// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the key manager page over a real vault file in a temporary folder: first run, generate,
// import, export, edit, delete and undo, lock and unlock. Dialogs are answered through the seams.
#include "gui/keys/KeyManagerPage.h"
#include "gui/keys/VaultEntryFilterModel.h"
#include "gui/keys/VaultEntryModel.h"

#include "core/jose/KeyFormats.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/net/TlsSessionInfo.h"
#include "unit/TestPki.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QFrame>
#include <QGroupBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QVBoxLayout>

#include <vector>

using namespace td;

// Checks a Result and shows its error only when it failed (QVERIFY2 would build the message
// from a value that is not there).
#define TD_VERIFY_OK(expr)                                                                                           \
    do {                                                                                                             \
        const auto &result_ = (expr);                                                                                \
        if (!result_.ok())                                                                                           \
            QFAIL(qPrintable(result_.error().toString()));                                                           \
    } while (false)

namespace {

const QByteArray kPassphrase = QByteArrayLiteral("correct horse battery staple");
const ScryptParams kFastParams{10, 8, 1};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString fixture(const char *name)
{
    return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/keys/") + QLatin1String(name);
}

template <typename T>
T *child(QWidget &page, const char *name)
{
    T *widget = page.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child widget %s", name);
    return widget;
}

void click(QWidget &page, const char *name)
{
    QPushButton *button = child<QPushButton>(page, name);
    if (!button->isEnabled())
        qWarning("button %s is disabled", name);
    QTest::mouseClick(button, Qt::LeftButton);
}

// The thumbprint the table shows for an entry (its full form, from the tooltip's role).
QString tableThumbprint(const KeyManagerPage &page, const QString &name)
{
    const int row = page.model()->rowOf(name);
    return row < 0 ? QString()
                   : page.model()->index(row, VaultEntryModel::ThumbprintColumn).data(VaultEntryModel::ThumbprintRole).toString();
}

GenerateKeyRequest ecRequest(const QString &name)
{
    GenerateKeyRequest request;
    request.type = KeyType::EC;
    request.curve = Curve::P256;
    request.bits = 256;
    request.name = name;
    return request;
}

void selectExport(KeyManagerPage &page, bool includePrivate, const QString &format)
{
    auto *part = child<QComboBox>(page, "exportPartCombo");
    part->setCurrentIndex(part->findData(includePrivate));
    auto *formats = child<QComboBox>(page, "exportFormatCombo");
    formats->setCurrentIndex(formats->findText(format));
}

} // namespace

class tst_KeyManagerPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    // The workspace's part a page works on; each page gets its own, kept until the test ends.
    std::vector<std::unique_ptr<VaultHandle>> m_handles;

    VaultHandle &newHandle()
    {
        m_handles.push_back(std::make_unique<VaultHandle>(vaultPath()));
        return *m_handles.back();
    }

    QString vaultPath() const { return m_dir->filePath(QStringLiteral("keys/vault.tdv")); }

    // A page with a new, open vault holding nothing.
    std::unique_ptr<KeyManagerPage> openPage()
    {
        auto page = std::make_unique<KeyManagerPage>(newHandle());
        page->setScryptParams(kFastParams);
        if (!page->createVault(SecureBytes(QByteArrayView(kPassphrase))))
            qWarning("create failed: %s", qPrintable(child<QLabel>(*page, "createErrorLabel")->text()));
        return page;
    }

    void addKey(KeyManagerPage &page, const QString &name)
    {
        page.setGenerateRequester([name](QWidget *) { return std::optional<GenerateKeyRequest>(ecRequest(name)); });
        page.generateKey();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QGuiApplication::clipboard()->clear();
    }

    void cleanup() { m_handles.clear(); }

    // The issue's test: create, generate P-256, import a PEM by paste, export the public JWK.
    void createGenerateImportExport()
    {
        KeyManagerPage page(newHandle());
        page.setScryptParams(kFastParams);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy opened(&page, &KeyManagerPage::vaultOpened);
        QCOMPARE(page.panel(), KeyManagerPage::Panel::FirstRun);
        QVERIFY(!page.vault());

        // First run: the passphrase twice; Create stays off until they match.
        QTest::keyClicks(child<QLineEdit>(page, "newPassphraseEdit"), QString::fromUtf8(kPassphrase));
        QTest::keyClicks(child<QLineEdit>(page, "repeatPassphraseEdit"), QStringLiteral("correct horse"));
        QVERIFY(!child<QPushButton>(page, "createButton")->isEnabled());
        QCOMPARE(child<QLabel>(page, "strengthLabel")->text(), QStringLiteral("The two passphrases differ."));
        QTest::keyClicks(child<QLineEdit>(page, "repeatPassphraseEdit"), QStringLiteral(" battery staple"));
        QVERIFY(child<QPushButton>(page, "createButton")->isEnabled());
        QVERIFY(child<QLabel>(page, "strengthLabel")->text().startsWith(QStringLiteral("Strong")));
        click(page, "createButton");
        QCOMPARE(page.panel(), KeyManagerPage::Panel::Entries);
        QVERIFY(page.vault());
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).value<Vault *>(), page.vault());
        QVERIFY(QFile::exists(vaultPath()));
        QCOMPARE(QFile::permissions(vaultPath()) & 0x0077, QFileDevice::Permissions());

        // Generate a P-256 key through the real dialog's request, pre-answered.
        page.setGenerateRequester([](QWidget *parent) {
            GenerateKeyDialog dialog(parent);
            auto *type = dialog.findChild<QComboBox *>(QStringLiteral("typeCombo"));
            type->setCurrentIndex(type->findData(static_cast<int>(KeyType::EC)));
            auto *size = dialog.findChild<QComboBox *>(QStringLiteral("sizeCombo"));
            size->setCurrentIndex(size->findText(QStringLiteral("P-256")));
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("client key"));
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("kidEdit")), QStringLiteral("client-1"));
            return std::optional<GenerateKeyRequest>(dialog.request());
        });
        click(page, "generateButton");
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, VaultEntryModel::KindColumn).data().toString(), QStringLiteral("EC P-256"));
        QCOMPARE(page.currentName(), QStringLiteral("client key"));
        QCOMPARE(child<QLineEdit>(page, "kidEdit")->text(), QStringLiteral("client-1"));
        const QString generatedThumbprint = tableThumbprint(page, QStringLiteral("client key"));
        QCOMPARE(child<QLineEdit>(page, "thumbprintEdit")->text(), generatedThumbprint);

        // Import a PEM pasted into the import dialog.
        const QByteArray pem = readFile(fixture("ec-p256.pkcs8.pem"));
        QVERIFY(!pem.isEmpty());
        page.setImportRequester([pem](QWidget *parent, const KeyManagerPage::OpenFileChooser &chooser) {
            ImportKeyDialog dialog(chooser, parent);
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("importNameEdit")), QStringLiteral("partner key"));
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("importTextEdit"))->insertPlainText(QString::fromUtf8(pem));
            if (!dialog.findChild<QLabel *>(QStringLiteral("importPreviewLabel"))->text().startsWith(QStringLiteral("PEM")))
                return std::optional<ImportKeyRequest>();
            return std::optional<ImportKeyRequest>(dialog.request());
        });
        click(page, "importButton");
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.currentName(), QStringLiteral("partner key"));
        const Result<ImportedKeys> expected = KeyFormats::parse(pem);
        TD_VERIFY_OK(expected);
        QCOMPARE(tableThumbprint(page, QStringLiteral("partner key")), expected->keys.constFirst().thumbprint());

        // Export the generated key's public JWK to the clipboard and read it back.
        QVERIFY(page.selectEntry(QStringLiteral("client key")));
        selectExport(page, false, QStringLiteral("JWK"));
        click(page, "copyExportButton");
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY(!copied.isEmpty());
        const Result<Jwk> back = Jwk::fromJsonText(copied.toUtf8());
        TD_VERIFY_OK(back);
        QVERIFY(!back->hasPrivate());
        QCOMPARE(back->thumbprint(), generatedThumbprint);
        QCOMPARE(back->kid(), QStringLiteral("client-1"));

        // And to a file through the save seam.
        const QString file = m_dir->filePath(QStringLiteral("client.jwk.json"));
        QString suggested;
        page.setSaveFileChooser([&](QWidget *, const QString &name) {
            suggested = name;
            return file;
        });
        click(page, "saveExportButton");
        QCOMPARE(suggested, QStringLiteral("client-key.jwk.json"));
        const Result<Jwk> fromFile = Jwk::fromJsonText(readFile(file));
        TD_VERIFY_OK(fromFile);
        QCOMPARE(fromFile->thumbprint(), generatedThumbprint);
        QVERIFY(!fromFile->hasPrivate());

        // Everything is in the file: a fresh open sees both keys.
        Result<std::unique_ptr<Vault>> reopened = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
        TD_VERIFY_OK(reopened);
        QCOMPARE(reopened.value()->entries().size(), 2);
        QCOMPARE(reopened.value()->find(QStringLiteral("client key"))->thumbprint(), generatedThumbprint);
    }

    // As in the window: another page has the focus, then the Keys page is switched to; what is
    // typed next is the passphrase.
    void switchingToTheLockedPageFocusesThePassphrase()
    {
        openPage().reset();
        QWidget window;
        auto *stack = new QStackedWidget(&window);
        auto *other = new QLineEdit(stack);
        auto *page = new KeyManagerPage(newHandle(), stack);
        stack->addWidget(other);
        stack->addWidget(page);
        (new QVBoxLayout(&window))->addWidget(stack);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        other->setFocus();
        QTRY_VERIFY(other->hasFocus());
        stack->setCurrentWidget(page);
        QTRY_VERIFY(child<QLineEdit>(*page, "passphraseEdit")->hasFocus());
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("typed"));
        QCOMPARE(child<QLineEdit>(*page, "passphraseEdit")->text(), QStringLiteral("typed"));
        QVERIFY(other->text().isEmpty());
    }

    void existingVaultStartsLocked_wrongPassphraseShowsTheCoreMessage()
    {
        openPage().reset();
        KeyManagerPage page(newHandle());
        QCOMPARE(page.panel(), KeyManagerPage::Panel::Unlock);
        const Result<std::unique_ptr<Vault>> wrong = Vault::open(vaultPath(), SecureBytes(QByteArrayView("nope")));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, ErrorCode::WrongPassphrase);

        QTest::keyClicks(child<QLineEdit>(page, "passphraseEdit"), QStringLiteral("nope"));
        click(page, "unlockButton");
        QCOMPARE(page.panel(), KeyManagerPage::Panel::Unlock);
        QCOMPARE(child<QLabel>(page, "unlockErrorLabel")->text(), wrong.error().toString());
        QCOMPARE(child<QLineEdit>(page, "passphraseEdit")->text(), QString());
        QVERIFY(!page.vault());

        QSignalSpy opened(&page, &KeyManagerPage::vaultOpened);
        QTest::keyClicks(child<QLineEdit>(page, "passphraseEdit"), QString::fromUtf8(kPassphrase));
        QTest::keyClick(child<QLineEdit>(page, "passphraseEdit"), Qt::Key_Return);
        QCOMPARE(page.panel(), KeyManagerPage::Panel::Entries);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(child<QLabel>(page, "unlockErrorLabel")->text(), QString());
    }

    void damagedVaultShowsItsOwnMessage()
    {
        openPage().reset();
        QByteArray bytes = readFile(vaultPath());
        QFile::setPermissions(vaultPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        bytes.chop(bytes.size() / 2);
        {
            QFile file(vaultPath());
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(bytes);
        }
        const Result<std::unique_ptr<Vault>> expected = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
        QVERIFY(!expected.ok());
        KeyManagerPage page(newHandle());
        QVERIFY(!page.unlock(SecureBytes(QByteArrayView(kPassphrase))));
        QCOMPARE(child<QLabel>(page, "unlockErrorLabel")->text(), expected.error().toString());
    }

    void lockClearsTheTableAndUnlockRestoresIt()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("k1"));
        addKey(*page, QStringLiteral("k2"));
        QCOMPARE(page->filterModel()->rowCount(), 2);
        QSignalSpy locked(page.get(), &KeyManagerPage::vaultLocked);
        click(*page, "lockButton");
        QCOMPARE(locked.count(), 1);
        QCOMPARE(page->panel(), KeyManagerPage::Panel::Unlock);
        QCOMPARE(page->model()->rowCount(), 0);
        QCOMPARE(page->filterModel()->rowCount(), 0);
        QCOMPARE(page->currentName(), QString());
        QCOMPARE(child<QLineEdit>(*page, "thumbprintEdit")->isVisibleTo(page.get()), false);
        QVERIFY(page->vault()->isLocked());

        QVERIFY(page->unlock(SecureBytes(QByteArrayView(kPassphrase))));
        QCOMPARE(page->panel(), KeyManagerPage::Panel::Entries);
        QCOMPARE(page->model()->rowCount(), 2);
    }

    void idleLockMinutesAreSavedWithTheVault()
    {
        auto page = openPage();
        auto *spin = child<QSpinBox>(*page, "idleLockSpin");
        QCOMPARE(spin->value(), Vault::kDefaultIdleLockMs / 60000);
        spin->setValue(3);
        Q_EMIT spin->editingFinished();
        QCOMPARE(page->vault()->idleLockMs(), 3 * 60 * 1000);
        // Saved in the file: a second page on the same vault shows it after unlocking.
        KeyManagerPage other(newHandle()); // another workspace on the same file
        QVERIFY(other.unlock(SecureBytes(QByteArrayView(kPassphrase))));
        QCOMPARE(other.vault()->idleLockMs(), 3 * 60 * 1000);
        QCOMPARE(child<QSpinBox>(other, "idleLockSpin")->value(), 3);
    }

    void idleLockOfTheVaultLocksThePage()
    {
        auto page = openPage();
        QSignalSpy locked(page.get(), &KeyManagerPage::vaultLocked);
        page->vault()->lock();
        QCOMPARE(locked.count(), 1);
        QCOMPARE(page->panel(), KeyManagerPage::Panel::Unlock);
    }

    void deleteAndUndo()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("alpha"));
        addKey(*page, QStringLiteral("beta"));
        QVERIFY(page->selectEntry(QStringLiteral("alpha")));
        const QString thumbprint = tableThumbprint(*page, QStringLiteral("alpha"));

        click(*page, "deleteButton");
        QCOMPARE(page->model()->rowOf(QStringLiteral("alpha")), -1);
        QCOMPARE(page->currentName(), QStringLiteral("beta"));
        QVERIFY(child<QFrame>(*page, "undoFrame")->isVisibleTo(page.get()));
        QVERIFY(child<QLabel>(*page, "undoLabel")->text().contains(QStringLiteral("alpha")));
        {
            Result<std::unique_ptr<Vault>> onDisk = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
            TD_VERIFY_OK(onDisk);
            QVERIFY(!onDisk.value()->find(QStringLiteral("alpha")));
        }

        click(*page, "undoButton");
        QVERIFY(!child<QFrame>(*page, "undoFrame")->isVisibleTo(page.get()));
        QVERIFY(page->model()->rowOf(QStringLiteral("alpha")) >= 0);
        QCOMPARE(tableThumbprint(*page, QStringLiteral("alpha")), thumbprint);
        QCOMPARE(page->currentName(), QStringLiteral("alpha"));
        Result<std::unique_ptr<Vault>> onDisk = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
        TD_VERIFY_OK(onDisk);
        QCOMPARE(onDisk.value()->find(QStringLiteral("alpha"))->thumbprint(), thumbprint);
    }

    void undoEndsWithTheNextAction()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("alpha"));
        QVERIFY(page->deleteCurrent());
        QVERIFY(child<QFrame>(*page, "undoFrame")->isVisibleTo(page.get()));
        addKey(*page, QStringLiteral("gamma"));
        QVERIFY(!child<QFrame>(*page, "undoFrame")->isVisibleTo(page.get()));
        QVERIFY(!page->undoDelete());
        QCOMPARE(page->model()->rowOf(QStringLiteral("alpha")), -1);
    }

    void filterNarrows()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("bankezy client"));
        addKey(*page, QStringLiteral("enos signer"));
        page->setCredentialRequester([](QWidget *) {
            return std::optional<CredentialRequest>(CredentialRequest{VaultEntry::Kind::Login, QStringLiteral("secmgmt admin"),
                                                                      QStringLiteral("admin"), SecureBytes(QByteArrayView("pw-1"))});
        });
        click(*page, "addCredentialButton");
        QAbstractItemModelTester tester(page->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *table = child<QTableView>(*page, "entryTable");
        QCOMPARE(table->model()->rowCount(), 3);
        QTest::keyClicks(child<QLineEdit>(*page, "filterEdit"), QStringLiteral("enos"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, VaultEntryModel::NameColumn).data().toString(), QStringLiteral("enos signer"));
        child<QLineEdit>(*page, "filterEdit")->setText(QStringLiteral("login"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, VaultEntryModel::NameColumn).data().toString(), QStringLiteral("secmgmt admin"));
        const QString thumbprint = tableThumbprint(*page, QStringLiteral("bankezy client"));
        child<QLineEdit>(*page, "filterEdit")->setText(thumbprint.left(8));
        QCOMPARE(table->model()->rowCount(), 1);
        child<QLineEdit>(*page, "filterEdit")->clear();
        QCOMPARE(table->model()->rowCount(), 3);
    }

    void privateExportNeedsConfirmation()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("signer"));
        int asked = 0;
        page->setConfirm([&asked](QWidget *, const QString &) {
            ++asked;
            return false;
        });
        int chosen = 0;
        const QString file = m_dir->filePath(QStringLiteral("private.pem"));
        page->setSaveFileChooser([&](QWidget *, const QString &) {
            ++chosen;
            return file;
        });
        QGuiApplication::clipboard()->setText(QStringLiteral("before"));
        selectExport(*page, true, QStringLiteral("PEM"));
        click(*page, "copyExportButton");
        QCOMPARE(asked, 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("before"));
        click(*page, "saveExportButton");
        QCOMPARE(asked, 2);
        QCOMPARE(chosen, 0);
        QVERIFY(!QFile::exists(file));
        QCOMPARE(child<QLabel>(*page, "messageLabel")->text(), QStringLiteral("Nothing exported."));

        // Confirmed: the private key, as PKCS#8, marked for password managers.
        page->setConfirm([](QWidget *, const QString &) { return true; });
        click(*page, "copyExportButton");
        const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
        QVERIFY(mime);
        QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArrayLiteral("secret"));
        const Result<ImportedKeys> parsed = KeyFormats::parse(mime->text().toUtf8());
        TD_VERIFY_OK(parsed);
        QVERIFY(parsed->keys.constFirst().hasPrivate());
        QCOMPARE(parsed->format, KeyFormat::Pem);
        QCOMPARE(parsed->keys.constFirst().thumbprint(), tableThumbprint(*page, QStringLiteral("signer")));
    }

    void exportEachFormat_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("includePrivate");
        QTest::addColumn<int>("expectedFormat");
        for (const bool priv : {false, true}) {
            const char *part = priv ? "private" : "public";
            QTest::addRow("JWK %s", part) << QStringLiteral("JWK") << priv << int(KeyFormat::Jwk);
            QTest::addRow("PEM %s", part) << QStringLiteral("PEM") << priv << int(KeyFormat::Pem);
            QTest::addRow("base64url JWK %s", part) << QStringLiteral("base64url JWK") << priv << int(KeyFormat::Base64UrlJwk);
        }
    }

    void exportEachFormat()
    {
        QFETCH(QString, format);
        QFETCH(bool, includePrivate);
        QFETCH(int, expectedFormat);
        auto page = openPage();
        addKey(*page, QStringLiteral("signer"));
        page->setConfirm([](QWidget *, const QString &) { return true; });
        const QString file = m_dir->filePath(QStringLiteral("export.out"));
        page->setSaveFileChooser([file](QWidget *, const QString &) { return file; });
        selectExport(*page, includePrivate, format);
        click(*page, "saveExportButton");
        const Result<ImportedKeys> parsed = KeyFormats::parse(readFile(file));
        TD_VERIFY_OK(parsed);
        QCOMPARE(int(parsed->format), expectedFormat);
        QCOMPARE(parsed->keys.size(), 1);
        QCOMPARE(parsed->keys.constFirst().hasPrivate(), includePrivate);
        QCOMPARE(parsed->keys.constFirst().thumbprint(), tableThumbprint(*page, QStringLiteral("signer")));
        QCOMPARE(QFile::permissions(file) & 0x0077, QFileDevice::Permissions());
    }

    void octKeyHasNoPublicExport()
    {
        auto page = openPage();
        page->setGenerateRequester([](QWidget *) {
            GenerateKeyRequest request;
            request.type = KeyType::Oct;
            request.curve = Curve::None;
            request.bits = 256;
            request.name = QStringLiteral("hmac");
            return std::optional<GenerateKeyRequest>(request);
        });
        QVERIFY(page->generateKey());
        QCOMPARE(page->model()->index(0, VaultEntryModel::KindColumn).data().toString(), QStringLiteral("oct 256"));
        auto *part = child<QComboBox>(*page, "exportPartCombo");
        QCOMPARE(part->count(), 1);
        QCOMPARE(part->itemData(0).toBool(), true);
        QVERIFY(!page->exportCurrent(false, KeyManagerPage::ExportFormat::Jwk, false));
        QVERIFY(child<QLabel>(*page, "messageLabel")->text().contains(QStringLiteral("no public part")));
    }

    void detailsEditAndSave()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("signer"));
        auto *tags = child<QLineEdit>(*page, "tagsEdit");
        tags->setFocus();
        QTest::keyClicks(tags, QStringLiteral("partner-x, staging"));
        QTest::keyClicks(child<QLineEdit>(*page, "environmentsEdit"), QStringLiteral("Staging,Production"));
        auto *name = child<QLineEdit>(*page, "nameEdit");
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("partner signer"));
        QVERIFY(page->hasUnsavedChanges());
        click(*page, "saveButton");
        QVERIFY(!page->hasUnsavedChanges());
        QCOMPARE(page->currentName(), QStringLiteral("partner signer"));
        const int row = page->model()->rowOf(QStringLiteral("partner signer"));
        QVERIFY(row >= 0);
        QCOMPARE(page->model()->index(row, VaultEntryModel::TagsColumn).data().toString(), QStringLiteral("partner-x, staging"));
        Result<std::unique_ptr<Vault>> onDisk = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
        TD_VERIFY_OK(onDisk);
        const std::optional<VaultEntry> saved = onDisk.value()->find(QStringLiteral("partner signer"));
        QVERIFY(saved);
        QCOMPARE(saved->tags, (QStringList{QStringLiteral("partner-x"), QStringLiteral("staging")}));
        QCOMPARE(saved->environments, (QStringList{QStringLiteral("Staging"), QStringLiteral("Production")}));
        QVERIFY(!onDisk.value()->find(QStringLiteral("signer")));
    }

    void credentialSecretIsMaskedUntilRevealed()
    {
        auto page = openPage();
        page->setCredentialRequester([](QWidget *) {
            return std::optional<CredentialRequest>(CredentialRequest{VaultEntry::Kind::AppKey, QStringLiteral("enos app"),
                                                                      QStringLiteral("app-key-1"),
                                                                      SecureBytes(QByteArrayView("app-secret-xyz"))});
        });
        QVERIFY(page->addCredential());
        QCOMPARE(child<QLabel>(*page, "identityLabel")->text(), QStringLiteral("app-key-1"));
        auto *secret = child<QLineEdit>(*page, "secretEdit");
        QVERIFY(!secret->text().contains(QStringLiteral("app-secret-xyz")));
        child<QCheckBox>(*page, "revealCheck")->setChecked(true);
        QCOMPARE(secret->text(), QStringLiteral("app-secret-xyz"));
        child<QCheckBox>(*page, "revealCheck")->setChecked(false);
        QVERIFY(!secret->text().contains(QStringLiteral("app-secret-xyz")));
        QVERIFY(!readFile(vaultPath()).contains("app-secret-xyz"));
    }

    // Every text the page shows, to prove what is not on screen.
    static QString screenText(QWidget &page)
    {
        QString all;
        for (QLabel *label : page.findChildren<QLabel *>())
            all += label->text() + label->toolTip() + QLatin1Char('\n');
        for (QLineEdit *edit : page.findChildren<QLineEdit *>())
            all += edit->text() + QLatin1Char('\n');
        for (QPlainTextEdit *edit : page.findChildren<QPlainTextEdit *>())
            all += edit->toPlainText() + QLatin1Char('\n');
        return all;
    }

    // A PEM holding certificate and key, pasted: a client-certificate entry whose details are read
    // off the certificate, with the pin --pin takes, and whose key is nowhere on screen or on disk.
    void clientCertificatePemShowsItsDetailsNotItsKey()
    {
        const td::test::TestPki::Issued ca = td::test::TestPki::ca(QStringLiteral("Keys Test CA"));
        const td::test::TestPki::Issued client = td::test::TestPki::client(ca, QStringLiteral("support-engineer"));
        auto page = openPage();
        page->setClock([] { return QDateTime::currentDateTimeUtc(); });
        QVERIFY2(page->importText(QStringLiteral("partner mtls"), client.certificatePem + client.keyPem),
                 qPrintable(child<QLabel>(*page, "messageLabel")->text()));
        QCOMPARE(page->currentName(), QStringLiteral("partner mtls"));
        QCOMPARE(page->vault()->find(QStringLiteral("partner mtls"))->kind, VaultEntry::Kind::ClientCertificate);
        QVERIFY(child<QWidget>(*page, "certificateGroup")->isVisibleTo(page.get()));
        QVERIFY(!child<QWidget>(*page, "secretGroup")->isVisibleTo(page.get()));
        QVERIFY(child<QLabel>(*page, "certSubjectLabel")->text().contains(QStringLiteral("CN=support-engineer")));
        QVERIFY(child<QLabel>(*page, "certIssuerLabel")->text().contains(QStringLiteral("CN=Keys Test CA")));
        QCOMPARE(child<QLineEdit>(*page, "certPinEdit")->text(), QStringLiteral("sha256//") + TlsSessionInfo::spkiSha256(client.certificate));
        QVERIFY(child<QLabel>(*page, "certExpiryLabel")->text().startsWith(QStringLiteral("expires in 23 hours")));
        // The entry's one-line description (also `vault list`, `vault import`) says the same.
        QVERIFY2(child<QLabel>(*page, "detailTitleLabel")->toolTip().contains(QStringLiteral("expires in 23 hours")),
                 qPrintable(child<QLabel>(*page, "detailTitleLabel")->toolTip()));
        const QByteArray keyBody = client.keyPem.mid(40, 30);
        QVERIFY(!screenText(*page).contains(QString::fromLatin1(keyBody)));
        QVERIFY(!screenText(*page).contains(QStringLiteral("PRIVATE KEY")));
        QVERIFY(!readFile(vaultPath()).contains(keyBody));
    }

    // The clock decides the warning: the same certificate reads fine a year before its end and
    // expired after it.
    void clientCertificateExpiryWarnsOnTheClock()
    {
        const td::test::TestPki::Issued ca = td::test::TestPki::ca(QStringLiteral("Keys Test CA"));
        td::test::TestPki::Options options;
        options.commonName = QStringLiteral("expiring");
        options.client = true;
        options.notAfterSecs = 500 * 86400;
        const td::test::TestPki::Issued client = td::test::TestPki::issue(options, &ca);
        auto page = openPage();
        QDateTime now = client.certificate.expiryDate().addDays(-400);
        page->setClock([&now] { return now; });
        QVERIFY(page->importText(QStringLiteral("expiring"), client.certificatePem + client.keyPem));
        QVERIFY2(child<QLabel>(*page, "certExpiryLabel")->text().startsWith(QStringLiteral("expires in 400 days")),
                 qPrintable(child<QLabel>(*page, "certExpiryLabel")->text()));
        now = client.certificate.expiryDate().addDays(3);
        addKey(*page, QStringLiteral("another")); // selected; then back to the certificate
        QCOMPARE(page->currentName(), QStringLiteral("another"));
        QVERIFY(page->selectEntry(QStringLiteral("expiring")));
        QVERIFY2(child<QLabel>(*page, "certExpiryLabel")->text().startsWith(QStringLiteral("expired 3 days ago")),
                 qPrintable(child<QLabel>(*page, "certExpiryLabel")->text()));
    }

    // Open in a 1024-wide window the page is about 864 wide: the detail pane of each kind of entry
    // fits its width, with no sideways scrolling (the thumbprint, a label in the fixed font, held it
    // 12 pixels wider than the pane).
    void detailFitsSideways_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("EC key") << QStringLiteral("ec");
        QTest::newRow("RSA key") << QStringLiteral("rsa");
        QTest::newRow("client certificate") << QStringLiteral("certificate");
        QTest::newRow("credential") << QStringLiteral("credential");
    }

    void detailFitsSideways()
    {
        QFETCH(QString, kind);
        auto page = openPage();
        page->setClock([] { return QDateTime::currentDateTimeUtc(); });
        page->resize(864, 590);
        page->show();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        if (kind == QLatin1String("certificate")) {
            const td::test::TestPki::Issued ca = td::test::TestPki::ca(QStringLiteral("Partner Issuing CA for Mutual TLS, Operations"));
            const td::test::TestPki::Issued client = td::test::TestPki::client(ca, QStringLiteral("support-engineer.partner.example.com"));
            QVERIFY(page->importText(QStringLiteral("partner mtls"), client.certificatePem + client.keyPem));
        } else if (kind == QLatin1String("credential")) {
            QVERIFY(page->vault()->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("partner"),
                                                               QStringLiteral("alice"), SecureBytes(QByteArrayView("x")))));
            QVERIFY(page->selectEntry(QStringLiteral("partner")));
        } else {
            GenerateKeyRequest request = ecRequest(QStringLiteral("partner key"));
            if (kind == QLatin1String("rsa")) {
                request.type = KeyType::RSA;
                request.bits = 2048;
            }
            page->setGenerateRequester([request](QWidget *) { return std::optional<GenerateKeyRequest>(request); });
            page->generateKey();
        }
        QVERIFY(!page->currentName().isEmpty());
        auto *scroll = child<QScrollArea>(*page, "detailScroll");
        QTRY_VERIFY(scroll->widget()->isVisible());
        QCoreApplication::processEvents();
        QVERIFY2(!scroll->horizontalScrollBar()->isVisible(),
                 qPrintable(QStringLiteral("the detail needs %1 pixels, the pane has %2")
                                .arg(scroll->widget()->minimumSizeHint().width()).arg(scroll->viewport()->width())));
    }

    // PKCS#12: the passphrase is asked, asked again when wrong, and a cancel imports nothing.
    void clientCertificatePkcs12AsksItsPassphrase()
    {
        const td::test::TestPki::Issued ca = td::test::TestPki::ca(QStringLiteral("Keys Test CA"));
        const td::test::TestPki::Issued client = td::test::TestPki::client(ca, QStringLiteral("p12-user"));
        const QByteArray p12 = td::test::TestPki::pkcs12(client, "p12-Lime-Pass-7");
        auto page = openPage();
        QStringList prompts;
        QList<QByteArray> answers{"wrong-one", "p12-Lime-Pass-7"};
        page->setSecretRequester([&](QWidget *, const QString &prompt) -> std::optional<SecureBytes> {
            prompts << prompt;
            if (answers.isEmpty())
                return std::nullopt;
            return SecureBytes(QByteArrayView(answers.takeFirst()));
        });
        QVERIFY2(page->importText(QStringLiteral("from p12"), p12), qPrintable(child<QLabel>(*page, "messageLabel")->text()));
        QCOMPARE(prompts.size(), 2);
        QVERIFY(prompts.at(1).startsWith(QStringLiteral("Wrong passphrase")));
        QCOMPARE(page->vault()->find(QStringLiteral("from p12"))->kind, VaultEntry::Kind::ClientCertificate);
        QVERIFY(child<QLabel>(*page, "certSubjectLabel")->text().contains(QStringLiteral("CN=p12-user")));

        // Cancelled: nothing added.
        QVERIFY(!page->importText(QStringLiteral("cancelled"), p12));
        QVERIFY(!page->vault()->find(QStringLiteral("cancelled")));
    }

    void dropAFileImportsIt()
    {
        auto page = openPage();
        auto *mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(fixture("rsa-2048.public.jwk.json"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(page.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(page.get(), &drop);
        delete mime;
        QVERIFY2(page->model()->rowCount() == 1, qPrintable(child<QLabel>(*page, "messageLabel")->text()));
        QCOMPARE(page->model()->nameAt(0), QStringLiteral("rsa-2048.public.jwk"));
        QCOMPARE(page->model()->index(0, VaultEntryModel::KindColumn).data().toString(), QStringLiteral("RSA 2048"));
    }

    void saveFailureKeepsTheChange()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("first"));
        // Another process changes the passphrase meanwhile: its file cannot be merged with here.
        {
            Result<std::unique_ptr<Vault>> other = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
            TD_VERIFY_OK(other);
            TD_VERIFY_OK(other.value()->changePassphrase(SecureBytes(QByteArrayView(kPassphrase)),
                                                         SecureBytes(QByteArrayView("their new passphrase"))));
        }
        addKey(*page, QStringLiteral("second"));
        QVERIFY(page->model()->rowOf(QStringLiteral("second")) >= 0);
        const QString message = child<QLabel>(*page, "messageLabel")->text();
        QVERIFY2(message.contains(QStringLiteral("could not be saved")), qPrintable(message));
        QVERIFY(page->vault()->find(QStringLiteral("second")));
    }

    // Another process (the CLI) saved meanwhile: the next save here takes its entry in, and the
    // page shows it.
    void anotherProcessesSaveIsMergedIn()
    {
        auto page = openPage();
        addKey(*page, QStringLiteral("first"));
        {
            Result<std::unique_ptr<Vault>> other = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
            TD_VERIFY_OK(other);
            TD_VERIFY_OK(other.value()->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("theirs"),
                                                                  QString(), SecureBytes(QByteArrayView("v")))));
            TD_VERIFY_OK(other.value()->save());
        }
        addKey(*page, QStringLiteral("second"));
        const QString message = child<QLabel>(*page, "messageLabel")->text();
        QVERIFY2(!message.contains(QStringLiteral("could not be saved")), qPrintable(message));
        QVERIFY(page->model()->rowOf(QStringLiteral("theirs")) >= 0);
        Result<std::unique_ptr<Vault>> reopened = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
        TD_VERIFY_OK(reopened);
        QCOMPARE(reopened.value()->entries().size(), 3);
    }

    void changePassphrase()
    {
        auto page = openPage();
        page->setPassphraseChangeRequester([](QWidget *) {
            return std::optional<PassphraseChange>(
                PassphraseChange{SecureBytes(QByteArrayView(kPassphrase)), SecureBytes(QByteArrayView("new one here"))});
        });
        click(*page, "changePassphraseButton");
        const Result<std::unique_ptr<Vault>> old = Vault::open(vaultPath(), SecureBytes(QByteArrayView(kPassphrase)));
        QVERIFY(!old.ok());
        QCOMPARE(old.error().code, ErrorCode::WrongPassphrase);
        TD_VERIFY_OK(Vault::open(vaultPath(), SecureBytes(QByteArrayView("new one here"))));
    }
};

QTEST_MAIN(tst_KeyManagerPage)
#include "tst_KeyManagerPage.moc"
