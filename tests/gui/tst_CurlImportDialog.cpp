// SPDX-License-Identifier: GPL-3.0-or-later
// A curl command into the APIs page, as a support engineer does it: pasted with Ctrl+V, through
// Edit → Paste curl command or File → Import curl…, read from a file; the dialog shows what fills
// which field and what nothing takes, the base URL becomes an environment, secrets stay masked on
// every widget and go into the vault only when it is open.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/api/EndpointForm.h"
#include "gui/evidence/CurlImportDialog.h"
#include "gui/evidence/EvidenceActions.h"
#include "gui/keys/KeyManagerPage.h"

#include "core/net/EnvironmentStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/Workspace.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QTreeWidget>

using namespace td;

namespace {

QString sample(const char *name)
{
    QFile file(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/curl/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void addModelTexts(const QAbstractItemModel *model, const QModelIndex &parent, QStringList &texts)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column) {
            const QModelIndex index = model->index(row, column, parent);
            texts << index.data(Qt::DisplayRole).toString() << index.data(Qt::ToolTipRole).toString();
            addModelTexts(model, index, texts);
        }
    }
}

// Everything a person (or a screen reader, or a screenshot) can read under `root`.
QStringList shownTexts(const QWidget *root)
{
    QStringList texts{root->windowTitle()};
    for (const QWidget *widget : root->findChildren<QWidget *>()) {
        texts << widget->toolTip() << widget->accessibleName();
        if (const auto *label = qobject_cast<const QLabel *>(widget))
            texts << label->text();
        else if (const auto *line = qobject_cast<const QLineEdit *>(widget))
            texts << line->displayText();
        else if (const auto *plain = qobject_cast<const QPlainTextEdit *>(widget))
            texts << plain->toPlainText();
        else if (const auto *rich = qobject_cast<const QTextEdit *>(widget))
            texts << rich->toPlainText();
        else if (const auto *combo = qobject_cast<const QComboBox *>(widget))
            for (int i = 0; i < combo->count(); ++i)
                texts << combo->itemText(i);
        else if (const auto *view = qobject_cast<const QAbstractItemView *>(widget); view && view->model())
            addModelTexts(view->model(), view->rootIndex(), texts);
    }
    return texts;
}

// The sample's secrets: its secret and its apiKey ("MOB-APP"; the X-API-KEY example "MOB-APP-2001"
// is another, public value).
QStringList leaks(const QStringList &texts)
{
    static const QRegularExpression secret(QStringLiteral("TEST123|MOB-APP(?!-)"));
    QStringList found;
    for (const QString &text : texts) {
        if (text.contains(secret))
            found << text.left(200);
    }
    return found;
}

template <typename T>
T *child(const QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no widget named %s", name);
    return found;
}

QStringList listTexts(const QListWidget *list)
{
    QStringList texts;
    for (int i = 0; i < list->count(); ++i)
        texts << list->item(i)->text();
    return texts;
}

} // namespace

class tst_CurlImportDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_run = 0;

    // A fresh set of files per test: one test's environments or vault never leak into the next.
    Workbench::Options options()
    {
        return test::scratchOptions(m_dir.path(), false, false, QStringLiteral("run%1-").arg(++m_run));
    }

    static EvidenceActions *actions(Workbench &workbench)
    {
        return workbench.findChild<EvidenceActions *>();
    }

    static bool clickFill(CurlImportDialog *dialog)
    {
        auto *fill = child<QPushButton>(dialog, "fillButton");
        if (!fill || !fill->isEnabled())
            return false;
        QTest::mouseClick(fill, Qt::LeftButton);
        return true;
    }

    static QLineEdit *field(Workbench &workbench, const QString &name)
    {
        return workbench.apiPage()->findChild<QLineEdit *>(QStringLiteral("field_") + name);
    }

private Q_SLOTS:
    // The EnOS sample: appKey fills its field, the unknown header is listed, the timestamp and
    // signature are made again on send, the base URL becomes a new environment.
    void enosSampleFillsTheFormAndListsTheRest()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QVERIFY(actions(workbench));
        CurlImportDialog *dialog = actions(workbench)->importCurl(sample("enos-get-token.txt"));
        QVERIFY(dialog->import());
        QVERIFY(child<QLabel>(dialog, "endpointLabel")->text().contains(QLatin1String("Get Access Token")));
        const QStringList unmatched = listTexts(child<QListWidget>(dialog, "unmatchedList"));
        QVERIFY2(unmatched.contains(QStringLiteral("header X-Trace-Id")), qPrintable(unmatched.join(QLatin1Char('|'))));
        QVERIFY(unmatched.contains(QStringLiteral("option --location")));
        QVERIFY(unmatched.contains(QStringLiteral("timestamp (made again on send)")));
        QCOMPARE(child<QLineEdit>(dialog, "environmentNameEdit")->text(), QStringLiteral("apim-ppe1.envisioniot.com"));
        QCOMPARE(child<QLineEdit>(dialog, "baseUrlEdit")->text(), QStringLiteral("https://apim-ppe1.envisioniot.com"));
        QVERIFY(clickFill(dialog));

        QCOMPARE(workbench.apiPage()->currentEndpointId(), QStringLiteral("enos.get-token"));
        QCOMPARE(workbench.apiPage()->currentEnvironment().name, QStringLiteral("apim-ppe1.envisioniot.com"));
        const Environment *made = workbench.environments().find(QStringLiteral("apim-ppe1.envisioniot.com"));
        QVERIFY(made);
        QCOMPARE(made->baseUrl, QStringLiteral("https://apim-ppe1.envisioniot.com"));
        QCOMPARE(field(workbench, QStringLiteral("appKey"))->text(), QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b"));
        // The stale timestamp is not put in the form: a signature over it would be refused.
        QVERIFY(!workbench.apiPage()->currentForm()->values().contains(QStringLiteral("timestamp")));
        const QString said = window.statusBar()->currentMessage();
        QVERIFY2(said.contains(QLatin1String("header X-Trace-Id")), qPrintable(said));
    }

    // An environment that already has the base URL is offered first, and used.
    void anEnvironmentWithTheBaseUrlIsOffered()
    {
        MainWindow window;
        Workbench workbench(window, options());
        Environment ppe;
        ppe.name = QStringLiteral("EnOS PPE");
        ppe.baseUrl = QStringLiteral("https://APIM-ppe1.envisioniot.com/");
        QVERIFY(workbench.environments().add(ppe).ok());
        CurlImportDialog *dialog = actions(workbench)->importCurl(sample("enos-get-token.txt"));
        auto *combo = child<QComboBox>(dialog, "environmentCombo");
        QVERIFY(combo->currentText().startsWith(QLatin1String("EnOS PPE")));
        QVERIFY(!child<QLineEdit>(dialog, "environmentNameEdit")->isEnabled());
        const int before = int(workbench.environments().environments().size());
        QVERIFY(clickFill(dialog));
        QCOMPARE(int(workbench.environments().environments().size()), before);
        QCOMPARE(workbench.apiPage()->currentEnvironment().name, QStringLiteral("EnOS PPE"));
    }

    // The BankEzy sample carries apiKey and secret: masked in the dialog (the command box too),
    // in the form and in the status bar; with the vault locked they stay in the form only.
    void secretsAreNeverShownAndStayOutOfALockedVault()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        CurlImportDialog *dialog = actions(workbench)->importCurl(sample("seed-app-token.txt"));
        QVERIFY(dialog->import());
        QVERIFY(!child<QCheckBox>(dialog, "saveSecretsCheck")->isEnabled());
        QVERIFY(!child<QLabel>(dialog, "vaultNoteLabel")->isHidden());
        QVERIFY(child<QPlainTextEdit>(dialog, "commandEdit")->toPlainText().contains(QLatin1String("\"secret\": \"***\"")));
        QVERIFY2(leaks(shownTexts(dialog)).isEmpty(), qPrintable(leaks(shownTexts(dialog)).join(QLatin1Char('\n'))));
        QVERIFY(clickFill(dialog));

        QCOMPARE(workbench.apiPage()->currentEndpointId(), QStringLiteral("bankezy.get-app-token"));
        QLineEdit *secret = field(workbench, QStringLiteral("secret"));
        QCOMPARE(secret->text(), QStringLiteral("TEST123")); // in the form, to send
        QCOMPARE(secret->echoMode(), QLineEdit::Password);   // and masked there
        QCOMPARE(field(workbench, QStringLiteral("apiKey"))->echoMode(), QLineEdit::Password);
        QStringList texts = shownTexts(&window);
        texts << window.statusBar()->currentMessage();
        QVERIFY2(leaks(texts).isEmpty(), qPrintable(leaks(texts).join(QLatin1Char('\n'))));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("vault is locked")));
    }

    // With the vault open, "Save secrets to the vault" keeps them there and the form holds references.
    void secretsGoIntoAnOpenVault()
    {
        MainWindow window;
        Workbench workbench(window, options());
        workbench.keyManagerPage()->setScryptParams({10, 8, 1});
        QVERIFY(workbench.keyManagerPage()->createVault(SecureBytes(QByteArrayView("correct horse"))));
        CurlImportDialog *dialog = actions(workbench)->importCurl(sample("seed-app-token.txt"));
        auto *save = child<QCheckBox>(dialog, "saveSecretsCheck");
        QVERIFY(save->isEnabled());
        QVERIFY(save->isChecked());
        QVERIFY(clickFill(dialog));
        QCOMPARE(field(workbench, QStringLiteral("secret"))->text(), QStringLiteral("vault:bankezy.get-app-token secret"));
        QCOMPARE(field(workbench, QStringLiteral("apiKey"))->text(), QStringLiteral("vault:bankezy.get-app-token apiKey"));
        Vault *vault = workbench.workspace().vault().get();
        QVERIFY(vault);
        const std::optional<VaultEntry> kept = vault->find(QStringLiteral("bankezy.get-app-token secret"));
        QVERIFY(kept);
        QCOMPARE(kept->secret.toByteArray(), QByteArray("TEST123"));
        // The same command again reuses the entries; another secret gets a name of its own.
        QString other = sample("seed-app-token.txt");
        other.replace(QLatin1String("TEST123"), QLatin1String("OTHER456"));
        dialog = actions(workbench)->importCurl(other);
        QVERIFY(clickFill(dialog));
        QCOMPARE(field(workbench, QStringLiteral("secret"))->text(), QStringLiteral("vault:bankezy.get-app-token secret 2"));
        QCOMPARE(field(workbench, QStringLiteral("apiKey"))->text(), QStringLiteral("vault:bankezy.get-app-token apiKey"));
    }

    // "Edit the command" shows it as given; what Fill uses is only ever what was read last.
    void editingTheCommandNeedsAReadAgain()
    {
        MainWindow window;
        Workbench workbench(window, options());
        CurlImportDialog *dialog = actions(workbench)->importCurl(sample("seed-app-token.txt"));
        auto *box = child<QPlainTextEdit>(dialog, "commandEdit");
        auto *read = child<QPushButton>(dialog, "readButton");
        QVERIFY(box->isReadOnly());
        QTest::mouseClick(read, Qt::LeftButton); // Edit the command
        QVERIFY(!box->isReadOnly());
        QVERIFY(box->toPlainText().contains(QLatin1String("TEST123")));
        box->setPlainText(box->toPlainText().replace(QLatin1String("TEST123"), QLatin1String("NEW999")));
        QVERIFY(!dialog->import());
        QVERIFY(!child<QPushButton>(dialog, "fillButton")->isEnabled());
        QTest::mouseClick(read, Qt::LeftButton); // Read the command
        QVERIFY(dialog->import());
        QCOMPARE(dialog->import()->values.value(QStringLiteral("secret")), QStringLiteral("NEW999"));
        QVERIFY(box->isReadOnly());
        QVERIFY(!box->toPlainText().contains(QLatin1String("NEW999")));
    }

    void malformedCommandsShowTheParsersMessage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unterminated") << QStringLiteral("curl 'http://x/api/v2/auth/token") << QStringLiteral("unterminated single quote");
        QTest::newRow("unknown option") << QStringLiteral("curl --frobnicate http://x") << QStringLiteral("unknown curl option \"--frobnicate\"");
        QTest::newRow("not curl") << QStringLiteral("wget http://x") << QStringLiteral("not a curl command");
    }

    void malformedCommandsShowTheParsersMessage()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        MainWindow window;
        Workbench workbench(window, options());
        CurlImportDialog *dialog = actions(workbench)->importCurl(text);
        QVERIFY(!dialog->import());
        QVERIFY2(dialog->errorText().contains(message), qPrintable(dialog->errorText()));
        QVERIFY(!child<QPushButton>(dialog, "fillButton")->isEnabled());
        // Fixed in the box and read again: the message goes.
        child<QPlainTextEdit>(dialog, "commandEdit")->setPlainText(QStringLiteral("curl -X POST http://h/api/v2/auth/token --json '{\"username\":\"u\"}'"));
        QTest::mouseClick(child<QPushButton>(dialog, "readButton"), Qt::LeftButton);
        QVERIFY(dialog->import());
        QVERIFY(dialog->errorText().isEmpty());
        QVERIFY(child<QPushButton>(dialog, "fillButton")->isEnabled());
    }

    // A command no endpoint has: said, and nothing to fill.
    void anUnknownEndpointFillsNothing()
    {
        MainWindow window;
        Workbench workbench(window, options());
        CurlImportDialog *dialog = actions(workbench)->importCurl(QStringLiteral("curl https://x.test/nothing/here -H 'A: b'"));
        QVERIFY(dialog->import());
        QVERIFY(child<QLabel>(dialog, "endpointLabel")->text().contains(QLatin1String("No endpoint has GET /nothing/here")));
        QVERIFY(listTexts(child<QListWidget>(dialog, "unmatchedList")).contains(QStringLiteral("header A")));
        QVERIFY(!child<QPushButton>(dialog, "fillButton")->isEnabled());
    }

    // Open file…: the file's command is read like a pasted one; an unreadable file is said.
    void aCommandFromAFile()
    {
        MainWindow window;
        Workbench workbench(window, options());
        CurlImportDialog *dialog = actions(workbench)->importCurl();
        QString chosen = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/curl/chrome-cmd.txt");
        dialog->setFileChooser([&chosen](QWidget *) { return chosen; });
        QTest::mouseClick(child<QPushButton>(dialog, "openFileButton"), Qt::LeftButton);
        QVERIFY(dialog->import());
        QCOMPARE(dialog->import()->endpoint->id, QStringLiteral("secmgmt.create-token"));
        chosen = m_dir.filePath(QStringLiteral("missing.txt"));
        QTest::mouseClick(child<QPushButton>(dialog, "openFileButton"), Qt::LeftButton);
        QVERIFY(!dialog->import());
        QVERIFY2(dialog->errorText().contains(QLatin1String("could not be read")), qPrintable(dialog->errorText()));
    }

    // Ctrl+V of a curl command on the APIs page opens the dialog; in a field it is an ordinary paste.
    void ctrlVOnTheApiPage()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.resize(1024, 640);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QApplication::clipboard()->setText(sample("enos-get-token.txt"));
        auto *tree = child<QTreeWidget>(workbench.apiPage(), "endpointTree");
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_V, Qt::ControlModifier);
        auto *dialog = window.findChild<CurlImportDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->import());
        QCOMPARE(dialog->import()->endpoint->id, QStringLiteral("enos.get-token"));
        dialog->reject();
        QTRY_VERIFY(!window.findChild<CurlImportDialog *>());

        // In a field being edited, Ctrl+V pastes there.
        QVERIFY(workbench.apiPage()->openEndpoint(QStringLiteral("secmgmt.create-token")));
        QLineEdit *username = field(workbench, QStringLiteral("username"));
        QApplication::clipboard()->setText(QStringLiteral("curl -X PUT http://h/x"));
        username->setFocus();
        QTest::keyClick(username, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(username->text(), QStringLiteral("curl -X PUT http://h/x"));
        QVERIFY(!window.findChild<CurlImportDialog *>());

        // Other text on the clipboard: nothing opens.
        QApplication::clipboard()->setText(QStringLiteral("just words"));
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_V, Qt::ControlModifier);
        QVERIFY(!window.findChild<CurlImportDialog *>());

        // Edit → Paste curl command opens it with whatever the clipboard holds.
        QApplication::clipboard()->setText(sample("seed-renew-token.txt"));
        actions(workbench)->pasteCurlAction()->trigger();
        dialog = window.findChild<CurlImportDialog *>();
        QVERIFY(dialog && dialog->import());
        QCOMPARE(dialog->import()->endpoint->id, QStringLiteral("bankezy.renew-token"));
    }
};

QTEST_MAIN(tst_CurlImportDialog)
#include "tst_CurlImportDialog.moc"
