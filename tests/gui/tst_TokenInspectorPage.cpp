// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the token inspector page through its widgets, as a person would: paste, click, read.
#include "gui/inspector/TokenInspectorPage.h"

#include "core/jose/Base64Url.h"
#include "core/jose/JweCompact.h"
#include "core/jose/JwsCompact.h"
#include "core/jose/JwtClaims.h"
#include "core/jose/KeyFormats.h"

#include <QAbstractItemModel>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include <algorithm>

using namespace td;

namespace {

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/gui/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data file");
    return file.readAll();
}

QString dataPath(const QString &name)
{
    return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/gui/") + name;
}

QJsonObject vector(const QString &name)
{
    return QJsonDocument::fromJson(readData(name)).object();
}

const QString kJweVector = QStringLiteral("5_6.direct_encryption_using_aes-gcm.json");
const QString kJwsVector = QStringLiteral("4_4.hmac-sha2_integrity_protection.json");

QStringList diagnosticTexts(QListWidget *list)
{
    QStringList texts;
    for (int i = 0; i < list->count(); ++i)
        texts << list->item(i)->text();
    return texts;
}

QStringList diagnosticCodes(QListWidget *list)
{
    QStringList codes;
    for (int i = 0; i < list->count(); ++i)
        codes << list->item(i)->data(Qt::UserRole).toString();
    return codes;
}

bool hasLineStartingWith(QListWidget *list, const QString &prefix)
{
    const QStringList texts = diagnosticTexts(list);
    return std::any_of(texts.cbegin(), texts.cend(), [&](const QString &text) { return text.startsWith(prefix); });
}

// What the core itself says for this token and key: the page must show exactly that sentence.
Error coreError(const QByteArray &token, const QByteArray &keyText)
{
    const Result<ImportedKeys> keys = KeyFormats::parse(keyText);
    if (!keys.ok() || keys->keys.size() != 1)
        qFatal("test key does not parse");
    const Jwk &key = keys->keys.constFirst();
    if (token.count('.') == 4) {
        const Result<QByteArray> plain = JweCompact::decrypt(token.trimmed(), key);
        return plain.ok() ? Error{} : plain.error();
    }
    const Result<JwsToken> jws = JwsCompact::parse(token.trimmed());
    if (!jws.ok())
        return jws.error();
    const Result<void> verified = JwsCompact::verify(jws.value(), key);
    return verified.ok() ? Error{} : verified.error();
}

} // namespace

class tst_TokenInspectorPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void decryptsRfc7520Jwe();
    void verifiesRfc7520Jws();
    void wrongKeyShowsTheFailingStep_data();
    void wrongKeyShowsTheFailingStep();
    void opaqueTokenDisablesTheAction();
    void buttonLabelFollowsTokenKind_data();
    void buttonLabelFollowsTokenKind();
    void loadsKeyFileThroughTheSeam();
    void unreadableKeyShowsTheParseError();
    void segmentsAndHeaderWithoutKey();
    void claimsRelativeColumnUpdatesLive();

private:
    template <typename T>
    T *child(const char *name)
    {
        T *widget = m_page->findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("child widget not found");
        return widget;
    }

    std::unique_ptr<TokenInspectorPage> m_page;
};

void tst_TokenInspectorPage::init()
{
    m_page = std::make_unique<TokenInspectorPage>();
    m_page->resize(1100, 760);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void tst_TokenInspectorPage::cleanup()
{
    m_page.reset();
}

void tst_TokenInspectorPage::decryptsRfc7520Jwe()
{
    const QString expected = vector(kJweVector).value(QLatin1String("input")).toObject().value(QLatin1String("plaintext")).toString();
    QVERIFY(!expected.isEmpty());

    auto *token = child<QPlainTextEdit>("tokenEdit");
    auto *key = child<QPlainTextEdit>("keyEdit");
    auto *action = child<QPushButton>("actionButton");
    auto *payload = child<QPlainTextEdit>("payloadView");

    token->setPlainText(QString::fromUtf8(readData(QStringLiteral("jwe_5_6.compact.txt"))));
    key->setPlainText(QString::fromUtf8(readData(QStringLiteral("jwe_5_6.key.jwk"))));
    QTRY_COMPARE(child<QLabel>("kindLabel")->text(), QStringLiteral("JWE"));
    QTRY_VERIFY(action->isEnabled());
    QCOMPARE(action->text(), QStringLiteral("Decrypt"));
    QTRY_VERIFY(child<QLabel>("keyStatusLabel")->text().contains(QStringLiteral("pasted key 1: oct 128-bit")));

    QVERIFY(payload->toPlainText().isEmpty()); // nothing to show before the key is used
    QTest::mouseClick(action, Qt::LeftButton);
    QTRY_COMPARE(payload->toPlainText(), expected);
    QVERIFY(child<QLabel>("summaryLabel")->text().contains(QStringLiteral("decrypted with pasted key 1")));
    QVERIFY(hasLineStartingWith(child<QListWidget>("diagnosticsList"), QStringLiteral("Key pasted key 1: worked")));
}

void tst_TokenInspectorPage::verifiesRfc7520Jws()
{
    const QString expected = vector(kJwsVector).value(QLatin1String("input")).toObject().value(QLatin1String("payload")).toString();
    QVERIFY(!expected.isEmpty());

    auto *token = child<QPlainTextEdit>("tokenEdit");
    auto *action = child<QPushButton>("actionButton");
    auto *payload = child<QPlainTextEdit>("payloadView");

    QTest::keyClicks(token, QString::fromUtf8(readData(QStringLiteral("jws_4_4.compact.txt")).trimmed()));
    child<QPlainTextEdit>("keyEdit")->setPlainText(QString::fromUtf8(readData(QStringLiteral("jws_4_4.key.jwk"))));
    QTRY_COMPARE(child<QLabel>("kindLabel")->text(), QStringLiteral("JWS"));
    // A JWS payload is readable before verification.
    QTRY_COMPARE(payload->toPlainText(), expected);
    QTRY_VERIFY(action->isEnabled());
    QCOMPARE(action->text(), QStringLiteral("Verify"));

    QTest::mouseClick(action, Qt::LeftButton);
    QTRY_VERIFY(child<QLabel>("summaryLabel")->text().contains(QStringLiteral("signature verified with pasted key 1")));
    QCOMPARE(payload->toPlainText(), expected);
    QVERIFY(hasLineStartingWith(child<QListWidget>("diagnosticsList"), QStringLiteral("Key pasted key 1: worked")));
}

void tst_TokenInspectorPage::wrongKeyShowsTheFailingStep_data()
{
    QTest::addColumn<QString>("tokenFile");
    QTest::addColumn<QString>("keyText");
    QTest::addColumn<ErrorCode>("code");

    // Right size and type, wrong bytes: only the tag / the MAC can tell.
    QTest::newRow("jwe, other 128-bit key as hex")
        << QStringLiteral("jwe_5_6.compact.txt") << QStringLiteral("000102030405060708090a0b0c0d0e0f") << ErrorCode::TagMismatch;
    QTest::newRow("jws, other 256-bit key as JWK")
        << QStringLiteral("jws_4_4.compact.txt")
        << QStringLiteral(R"({"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"})") << ErrorCode::SignatureMismatch;
}

void tst_TokenInspectorPage::wrongKeyShowsTheFailingStep()
{
    QFETCH(QString, tokenFile);
    QFETCH(QString, keyText);
    QFETCH(ErrorCode, code);

    auto *action = child<QPushButton>("actionButton");
    auto *diagnostics = child<QListWidget>("diagnosticsList");
    child<QPlainTextEdit>("tokenEdit")->setPlainText(QString::fromUtf8(readData(tokenFile)));
    child<QPlainTextEdit>("keyEdit")->setPlainText(keyText);
    QTRY_VERIFY(action->isEnabled());
    QTest::mouseClick(action, Qt::LeftButton);

    const QString codeName = errorCodeName(code);
    QTRY_VERIFY(diagnosticCodes(diagnostics).contains(codeName));
    const Error expected = coreError(readData(tokenFile), keyText.toUtf8());
    QCOMPARE(expected.code, code);
    QVERIFY(!expected.message.isEmpty());
    const QStringList texts = diagnosticTexts(diagnostics);
    // The core's sentence for the failing step, with its code.
    QVERIFY2(texts.contains(QStringLiteral("%1  [%2]").arg(expected.message, codeName)), qPrintable(texts.join(QLatin1Char('\n'))));
    // And the attempt line names the key and carries the code people can search for.
    const auto attempt = std::find_if(texts.cbegin(), texts.cend(), [&](const QString &text) {
        return text.startsWith(QStringLiteral("Key pasted key 1: failed")) && text.endsWith(QStringLiteral("[%1]").arg(codeName));
    });
    QVERIFY2(attempt != texts.cend(), qPrintable(texts.join(QLatin1Char('\n'))));
    QVERIFY(child<QLabel>("summaryLabel")->text().contains(QStringLiteral("failed")));
    QVERIFY(child<QLabel>("summaryLabel")->styleSheet().contains(QStringLiteral("color")));
    if (tokenFile.startsWith(QLatin1String("jwe")))
        QVERIFY(child<QPlainTextEdit>("payloadView")->toPlainText().isEmpty());
}

void tst_TokenInspectorPage::opaqueTokenDisablesTheAction()
{
    auto *action = child<QPushButton>("actionButton");
    QVERIFY(!action->isEnabled()); // empty page

    child<QPlainTextEdit>("tokenEdit")->setPlainText(QStringLiteral("2YotnFZFEjr1zCsicMWpAA"));
    child<QPlainTextEdit>("keyEdit")->setPlainText(QString::fromUtf8(readData(QStringLiteral("jws_4_4.key.jwk"))));
    QTRY_COMPARE(child<QLabel>("kindLabel")->text(), QStringLiteral("opaque"));
    QVERIFY(!action->isEnabled());
    QCOMPARE(action->text(), QStringLiteral("Decrypt / Verify"));
    QCOMPARE(child<QTableView>("segmentsTable")->model()->rowCount(), 0);
    QVERIFY(child<QLabel>("summaryLabel")->text().startsWith(QStringLiteral("Opaque token, 22 characters")));
}

void tst_TokenInspectorPage::buttonLabelFollowsTokenKind_data()
{
    QTest::addColumn<QString>("tokenFile");
    QTest::addColumn<QString>("label");
    QTest::newRow("jwe") << QStringLiteral("jwe_5_6.compact.txt") << QStringLiteral("Decrypt");
    QTest::newRow("jws") << QStringLiteral("jws_4_4.compact.txt") << QStringLiteral("Verify");
}

void tst_TokenInspectorPage::buttonLabelFollowsTokenKind()
{
    QFETCH(QString, tokenFile);
    QFETCH(QString, label);
    auto *action = child<QPushButton>("actionButton");
    auto *token = child<QPlainTextEdit>("tokenEdit");
    token->setPlainText(QString::fromUtf8(readData(tokenFile)));
    QTRY_COMPARE(action->text(), label);
    QVERIFY(action->isEnabled());
    token->clear();
    QTRY_COMPARE(action->text(), QStringLiteral("Decrypt / Verify"));
    QVERIFY(!action->isEnabled());
}

void tst_TokenInspectorPage::loadsKeyFileThroughTheSeam()
{
    int asked = 0;
    m_page->setKeyFileChooser([&asked](QWidget *) {
        ++asked;
        return dataPath(QStringLiteral("jwe_5_6.key.jwk"));
    });
    child<QPlainTextEdit>("tokenEdit")->setPlainText(QString::fromUtf8(readData(QStringLiteral("jwe_5_6.compact.txt"))));
    QTest::mouseClick(child<QPushButton>("loadKeyButton"), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QVERIFY(child<QLabel>("keyStatusLabel")->text().contains(QStringLiteral("jwe_5_6.key.jwk: oct 128-bit")));
    QCOMPARE(m_page->keys().size(), 1);
    QCOMPARE(m_page->keys().constFirst().label, QStringLiteral("jwe_5_6.key.jwk"));

    auto *action = child<QPushButton>("actionButton");
    QTRY_VERIFY(action->isEnabled());
    QTest::mouseClick(action, Qt::LeftButton);
    QTRY_VERIFY(child<QLabel>("summaryLabel")->text().contains(QStringLiteral("decrypted with jwe_5_6.key.jwk")));

    // Cancelling the dialog keeps what was loaded.
    m_page->setKeyFileChooser([](QWidget *) { return QString(); });
    QTest::mouseClick(child<QPushButton>("loadKeyButton"), Qt::LeftButton);
    QCOMPARE(m_page->keys().size(), 1);
}

void tst_TokenInspectorPage::unreadableKeyShowsTheParseError()
{
    const QByteArray garbage = "this is not a key";
    const Result<ImportedKeys> expected = KeyFormats::parse(garbage);
    QVERIFY(!expected.ok());
    QCOMPARE(expected.error().code, ErrorCode::KeyParse);

    child<QPlainTextEdit>("keyEdit")->setPlainText(QString::fromLatin1(garbage));
    auto *status = child<QLabel>("keyStatusLabel");
    QTRY_VERIFY(status->text().contains(expected.error().message.toHtmlEscaped()));
    QVERIFY(status->text().contains(QStringLiteral("color:")));
    QVERIFY(m_page->keys().isEmpty());
}

void tst_TokenInspectorPage::segmentsAndHeaderWithoutKey()
{
    child<QPlainTextEdit>("tokenEdit")->setPlainText(QString::fromUtf8(readData(QStringLiteral("jwe_5_6.compact.txt"))));
    QAbstractItemModel *segments = child<QTableView>("segmentsTable")->model();
    QTRY_COMPARE(segments->rowCount(), 5);
    // dir: the encrypted key segment is empty; A128GCM: 96-bit IV, 128-bit tag.
    QCOMPARE(segments->index(1, 2).data().toInt(), 0);
    QCOMPARE(segments->index(2, 2).data().toInt(), 12);
    QCOMPARE(segments->index(4, 2).data().toInt(), 16);

    const QJsonObject expectedHeader = vector(kJweVector).value(QLatin1String("encrypting_content")).toObject().value(QLatin1String("protected")).toObject();
    const QJsonObject shownHeader = QJsonDocument::fromJson(child<QPlainTextEdit>("headerView")->toPlainText().toUtf8()).object();
    QCOMPARE(shownHeader, expectedHeader);
    QVERIFY(child<QPlainTextEdit>("headerView")->isReadOnly());
}

void tst_TokenInspectorPage::claimsRelativeColumnUpdatesLive()
{
    const QDateTime start = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    QDateTime now = start;
    m_page->setClock([&now] { return now; });

    const qint64 exp = start.toSecsSinceEpoch() + 120;
    const QByteArray header = Base64Url::encode(R"({"alg":"HS256","typ":"JWT"})");
    const QByteArray payload = Base64Url::encode(QByteArray(R"({"sub":"support","exp":)") + QByteArray::number(exp) + "}");
    const QByteArray signature = Base64Url::encode(QByteArray(32, '\x01'));
    child<QPlainTextEdit>("tokenEdit")->setPlainText(QString::fromLatin1(header + '.' + payload + '.' + signature));

    QAbstractItemModel *claims = child<QTableView>("claimsTable")->model();
    QTRY_COMPARE(claims->rowCount(), 2);
    int expRow = -1;
    for (int row = 0; row < claims->rowCount(); ++row) {
        if (claims->index(row, 0).data().toString() == QLatin1String("exp"))
            expRow = row;
    }
    QVERIFY(expRow >= 0);
    QCOMPARE(claims->index(expRow, 3).data().toString(), JwtClaims::relativePhrase(QStringLiteral("exp"), exp, start));

    now = start.addSecs(200); // now expired; the once-a-second tick must notice without an edit
    QTRY_COMPARE(claims->index(expRow, 3).data().toString(), JwtClaims::relativePhrase(QStringLiteral("exp"), exp, now));
    QVERIFY(claims->index(expRow, 3).data().toString() != JwtClaims::relativePhrase(QStringLiteral("exp"), exp, start));
}

QTEST_MAIN(tst_TokenInspectorPage)
#include "tst_TokenInspectorPage.moc"
