// SPDX-License-Identifier: GPL-3.0-or-later
// File → Import HAR…: the committed browser export of a sandbox session listed as token calls,
// each shown masked with its tokens inspected; an entry opened in the APIs page (through the curl
// dialog's choices) or its token in the inspector; an encrypted answer opened with a vault key;
// a broken file said.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/evidence/CurlImportDialog.h"
#include "gui/evidence/EvidenceActions.h"
#include "gui/evidence/HarImportDialog.h"
#include "gui/inspector/TokenInspectorPage.h"
#include "gui/keys/KeyManagerPage.h"

#include "core/api/BankEzyCrypto.h"
#include "core/jose/Jwk.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultEntry.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/Workspace.h"

#include <QAbstractItemView>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace td;

namespace {

const QString kHar = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/har/sandbox-session.har");

QByteArray sampleHar()
{
    QFile file(kHar);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every text the dialog shows (the list, the detail pane, the labels).
QString shownText(const QWidget *root)
{
    QStringList texts;
    for (const QWidget *widget : root->findChildren<QWidget *>()) {
        if (const auto *label = qobject_cast<const QLabel *>(widget))
            texts << label->text();
        else if (const auto *plain = qobject_cast<const QPlainTextEdit *>(widget))
            texts << plain->toPlainText();
        else if (const auto *tree = qobject_cast<const QTreeWidget *>(widget))
            for (int i = 0; i < tree->topLevelItemCount(); ++i)
                for (int column = 0; column < tree->columnCount(); ++column)
                    texts << tree->topLevelItem(i)->text(column);
    }
    return texts.join(QLatin1Char('\n'));
}

template <typename T>
T *child(const QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no widget named %s", name);
    return found;
}

// A one-entry HAR: a BankEzy user-token call answered with `body`.
QByteArray oneEntry(const QByteArray &body)
{
    const QJsonObject request{{QStringLiteral("method"), QStringLiteral("POST")},
                              {QStringLiteral("url"), QStringLiteral("https://partner.example/token-service/client/server/new/token")},
                              {QStringLiteral("headers"), QJsonArray()}};
    const QJsonObject response{{QStringLiteral("status"), 200}, {QStringLiteral("headers"), QJsonArray()},
                               {QStringLiteral("content"), QJsonObject{{QStringLiteral("text"), QString::fromLatin1(body)}}}};
    const QJsonObject entry{{QStringLiteral("startedDateTime"), QStringLiteral("2026-12-03T06:00:00.000Z")},
                            {QStringLiteral("request"), request}, {QStringLiteral("response"), response}};
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), QJsonObject{{QStringLiteral("version"), QStringLiteral("1.2")},
                                                                           {QStringLiteral("entries"), QJsonArray{entry}}}}})
        .toJson();
}

} // namespace

class tst_HarImportDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_run = 0;

    Workbench::Options options()
    {
        return test::scratchOptions(m_dir.path(), false, false, QStringLiteral("run%1-").arg(++m_run));
    }

    static EvidenceActions *actions(Workbench &workbench)
    {
        return workbench.findChild<EvidenceActions *>();
    }

private Q_SLOTS:
    void tokenCallsAreListedMasked()
    {
        MainWindow window;
        Workbench workbench(window, options());
        QElapsedTimer timer;
        timer.start();
        HarImportDialog *dialog = actions(workbench)->importHar(kHar);
        qInfo("the committed HAR (%lld bytes) read, matched, masked and listed in %lld ms", QFileInfo(kHar).size(), timer.elapsed());
        auto *calls = child<QTreeWidget>(dialog, "callsTree");
        QCOMPARE(calls->topLevelItemCount(), 7);
        QCOMPARE(calls->topLevelItem(0)->text(0), QStringLiteral("#2"));
        QVERIFY(calls->topLevelItem(0)->text(1).contains(QLatin1String("bankezy.get-app-token")));
        QCOMPARE(calls->topLevelItem(6)->text(2), QStringLiteral("401"));
        QVERIFY2(child<QLabel>(dialog, "summaryLabel")->text().contains(QLatin1String("7 token call(s); 4 other entries skipped")),
                 qPrintable(child<QLabel>(dialog, "summaryLabel")->text()));
        dialog->selectCall(3);
        const QString detail = child<QPlainTextEdit>(dialog, "detailView")->toPlainText();
        QVERIFY2(detail.contains(QLatin1String("response body data.accessToken: jws, alg HS256")), qPrintable(detail));

        // No credential and no token of the session on any line the dialog shows, whichever entry.
        const QByteArray har = sampleHar();
        const QStringList credentials{QStringLiteral("HAR-HDR-KEY-61"), QStringLiteral("HAR-BODY-KEY-61"), QStringLiteral("har-s3cr3t-61"),
                                      QStringLiteral("har-app-secret-61"), QStringLiteral("har-pass-61"), QStringLiteral("wrong-har-61")};
        static const QRegularExpression token(QStringLiteral("(.{9})(eyJ[\\w-]*\\.[\\w-]*\\.[\\w-]*(?:\\.[\\w-]*\\.[\\w-]*)?)"));
        QStringList tokens;
        for (auto it = token.globalMatch(QString::fromUtf8(har)); it.hasNext();) {
            const QRegularExpressionMatch found = it.next();
            if (found.captured(1) != QLatin1String("\"text\": \""))
                tokens << found.captured(2); // a whole body is ciphertext, kept as history keeps it
        }
        QCOMPARE(tokens.size(), 9);
        for (int i = 0; i < calls->topLevelItemCount(); ++i) {
            dialog->selectCall(i);
            const QString shown = shownText(dialog);
            for (const QString &secret : credentials + tokens)
                QVERIFY2(!shown.contains(secret), qPrintable(QStringLiteral("entry %1 shows %2").arg(i).arg(secret)));
        }
    }

    // "Open in inspector" puts the answer's token into the Token inspector page.
    void anEntryOpensInTheInspector()
    {
        MainWindow window;
        Workbench workbench(window, options());
        HarImportDialog *dialog = actions(workbench)->importHar(kHar);
        dialog->selectCall(3); // enos.get-token
        QTest::mouseClick(child<QPushButton>(dialog, "openInInspectorButton"), Qt::LeftButton);
        QCOMPARE(window.currentPage(), window.tokenInspectorPage());
        const QString inInspector = child<QPlainTextEdit>(window.tokenInspectorPage(), "tokenEdit")->toPlainText();
        QVERIFY(inInspector.startsWith(QLatin1String("eyJ")));
        QVERIFY(sampleHar().contains(inInspector.toUtf8())); // the token as the HAR holds it, not masked
    }

    // "Open in APIs page": the request goes through the curl dialog's choices into the form.
    void anEntryOpensInTheApiPage()
    {
        MainWindow window;
        Workbench workbench(window, options());
        HarImportDialog *dialog = actions(workbench)->importHar(kHar);
        dialog->selectCall(5); // secmgmt.create-token
        QTest::mouseClick(child<QPushButton>(dialog, "openInApiButton"), Qt::LeftButton);
        auto *curl = window.findChild<CurlImportDialog *>();
        QVERIFY(curl && curl->import());
        QCOMPARE(curl->import()->endpoint->id, QStringLiteral("secmgmt.create-token"));
        QVERIFY(!shownText(curl).contains(QLatin1String("har-pass-61")));
        auto *fill = child<QPushButton>(curl, "fillButton");
        QVERIFY(fill->isEnabled());
        QTest::mouseClick(fill, Qt::LeftButton);
        QCOMPARE(workbench.apiPage()->currentEndpointId(), QStringLiteral("secmgmt.create-token"));
        auto *username = workbench.apiPage()->findChild<QLineEdit *>(QStringLiteral("field_username"));
        QCOMPARE(username->text(), QStringLiteral("har-ops61"));
        auto *password = workbench.apiPage()->findChild<QLineEdit *>(QStringLiteral("field_password"));
        QCOMPARE(password->echoMode(), QLineEdit::Password);
    }

    // An encrypted answer opens with a key kept in the vault; its plaintext is masked too.
    void anEncryptedAnswerOpensWithAVaultKey()
    {
        MainWindow window;
        Workbench workbench(window, options());
        workbench.keyManagerPage()->setScryptParams({10, 8, 1});
        QVERIFY(workbench.keyManagerPage()->createVault(SecureBytes(QByteArrayView("correct horse"))));
        const SecureBytes sessionKey(QByteArray(32, '\x5a'));
        Vault *vault = workbench.workspace().vault().get();
        QVERIFY(vault->add(VaultEntry::fromKey(QStringLiteral("partner session"), Jwk::fromOctets(sessionKey))).ok());
        const QByteArray inner = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
        Result<QByteArray> jwe = BankEzyCrypto::encryptPayload("{\"resCode\":\"TOK200\",\"token\":\"" + inner + "\"}", sessionKey);
        QVERIFY(jwe);
        auto *dialog = actions(workbench)->importHar();
        QVERIFY(dialog->loadData(oneEntry(jwe.value()), QStringLiteral("one.har")));
        const QString detail = child<QPlainTextEdit>(dialog, "detailView")->toPlainText();
        QVERIFY2(detail.contains(QLatin1String("opened with vault: partner session")), qPrintable(detail));
        QVERIFY(detail.contains(QLatin1String("\"token\":\"***\"")));
        QVERIFY(!detail.contains(QString::fromLatin1(inner)));
    }

    void aBrokenFileIsSaid()
    {
        MainWindow window;
        Workbench workbench(window, options());
        auto *dialog = actions(workbench)->importHar();
        QVERIFY(!dialog->loadData("{\"log\": {\"entries\": [", QStringLiteral("cut.har")));
        QVERIFY2(dialog->errorText().startsWith(QLatin1String("cut.har: ")), qPrintable(dialog->errorText()));
        QCOMPARE(child<QTreeWidget>(dialog, "callsTree")->topLevelItemCount(), 0);
        QVERIFY(!child<QPushButton>(dialog, "openInApiButton")->isEnabled());
        QVERIFY(!dialog->loadFile(m_dir.filePath(QStringLiteral("missing.har"))));
        QVERIFY(dialog->errorText().contains(QLatin1String("could not be read")));
    }
};

QTEST_MAIN(tst_HarImportDialog)
#include "tst_HarImportDialog.moc"
