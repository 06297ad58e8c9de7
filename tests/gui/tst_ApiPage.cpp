// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the APIs page through its widgets, as a support engineer would: pick an endpoint, type,
// press Send, read the answer. Calls go over loopback to the real sandbox server.
#include "gui/api/ApiPage.h"
#include "gui/api/EndpointForm.h"
#include "gui/api/ResponseView.h"

#include "core/api/ApiCall.h"
#include "core/net/ApiClient.h"
#include "core/net/SecretMasker.h"
#include "core/sandbox/SandboxServer.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultValueSource.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QProcessEnvironment>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>
#include <optional>

using namespace td;

namespace {

constexpr int kCallTimeoutMs = 15000;
const ScryptParams kFastParams{10, 8, 1};
constexpr const char *kPassphrase = "correct horse battery";

SecureBytes passphrase()
{
    return SecureBytes(QByteArrayView(kPassphrase));
}

// The message is built only on failure: QVERIFY2 would evaluate it even when the result is ok.
template <typename T>
bool succeeded(const Result<T> &result)
{
    if (!result)
        qWarning("%s", qPrintable(result.error().toString()));
    return result.ok();
}

template <typename T>
T *child(QWidget *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning("no widget named %s", qPrintable(name));
    return found;
}

// Selects an endpoint the way a person does: by clicking its row in the tree.
bool clickEndpoint(ApiPage &page, const QString &title)
{
    auto *tree = page.findChild<QTreeWidget *>(QStringLiteral("endpointTree"));
    const QList<QTreeWidgetItem *> items = tree->findItems(title, Qt::MatchEndsWith | Qt::MatchRecursive);
    if (items.size() != 1)
        return false;
    const QRect rect = tree->visualItemRect(items.first());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    return tree->currentItem() == items.first();
}

QString outcome(ApiPage &page)
{
    return page.findChild<QLabel *>(QStringLiteral("outcomeLabel"))->text();
}

} // namespace

class tst_ApiPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void formIsGeneratedForEveryEndpoint_data();
    void formIsGeneratedForEveryEndpoint();
    void sandboxEnvironmentIsListedFirst();
    void insecureEnvironmentShowsBadge();
    void proxyBadgeNamesTheProxyInUse();
    void accountNumberOfTwentyDigitsIsRejectedInline();
    void requiredFieldsAreCheckedOnSend();
    void explicitBeatsCarried();
    void replayLeavesMaskedValuesEmpty();
    void connectionTabShowsProxyAndChain();
    void bankezyLifeCycleAgainstSandbox();
    void typedAppTokenIsSentInsteadOfCarried();
    void unauthorizedCallRenewsSessionAndRetries();
    void busyStateAndCancel();
    void tabFollowsReadingOrder();
    void clearSessionForgetsCarriedValues();
    void curlCopyMasksSecretsUnlessConfirmed();
    void truncatedRefreshKeepsTokensOutOfThePanes();
    void vaultButtonsAreDisabledWithoutVault();
    void vaultLoginIsUsedForSecmgmtAgainstSandbox();
    void typedApiKeyIsSavedToVault();
    void appSecretIsSavedWithItsAppKey();
    void referenceIsNotValidatedInline();
    void responsePaneFollowsTheSelectedEndpoint();
    void callInFlightLandsInItsOwnSlot();
    void aFailureShowsItsLikelyCauses();

private:
    Environment sandboxEnvironment() const;
    void runAppToken(ApiPage &page);

    std::optional<SandboxKeys> m_keys;
    std::unique_ptr<SandboxServer> m_server;
    ApiClient m_client; // the workspace's part the page sends with
    std::unique_ptr<ApiPage> m_page;
    QTemporaryDir m_dirForVault;
};

void tst_ApiPage::initTestCase()
{
    Result<SandboxKeys> keys = SandboxKeys::generate();
    QVERIFY(keys);
    m_keys = keys.value();
}

void tst_ApiPage::init()
{
    m_server = std::make_unique<SandboxServer>(SandboxConfig(), *m_keys);
    Result<QUrl> url = m_server->start();
    QVERIFY(url);
    m_page = std::make_unique<ApiPage>(m_client);
    m_page->setEnvironments({sandboxEnvironment()});
    m_page->resize(1100, 780);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void tst_ApiPage::cleanup()
{
    m_client.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    m_page.reset();
    m_server.reset();
}

Environment tst_ApiPage::sandboxEnvironment() const
{
    Environment environment;
    environment.name = QStringLiteral("Sandbox");
    environment.builtIn = true;
    environment.baseUrl = m_server ? m_server->url().toString() : QStringLiteral("http://127.0.0.1:9");
    environment.transport.timeoutMs = 10000;
    // The header key and SDK key come from the environment; the body credentials are typed.
    environment.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001"));
    environment.values.insert(QStringLiteral("sdkApiKey"), QStringLiteral("ABCDEFGH"));
    return environment;
}

void tst_ApiPage::formIsGeneratedForEveryEndpoint_data()
{
    QTest::addColumn<QString>("id");
    for (const EndpointSpec &spec : EndpointCatalog::builtIn().endpoints())
        QTest::newRow(qPrintable(spec.id)) << spec.id;
    QCOMPARE(EndpointCatalog::builtIn().endpoints().size(), 7);
}

void tst_ApiPage::formIsGeneratedForEveryEndpoint()
{
    QFETCH(QString, id);
    QVERIFY(m_page->openEndpoint(id));
    QCOMPARE(m_page->currentEndpointId(), id);
    EndpointForm *form = m_page->currentForm();
    QVERIFY(form);
    const EndpointSpec &spec = *EndpointCatalog::builtIn().find(id);
    for (const FieldSpec &field : spec.fields) {
        QWidget *editor = form->findChild<QWidget *>(QStringLiteral("field_") + field.name);
        QVERIFY2(editor, qPrintable(field.name));
        QVERIFY(editor->isVisible());
        if (field.type == FieldSpec::Type::Object) {
            QVERIFY(qobject_cast<QPlainTextEdit *>(editor));
        } else {
            auto *line = qobject_cast<QLineEdit *>(editor);
            QVERIFY2(line, qPrintable(field.name));
            QCOMPARE(line->echoMode(), field.secret ? QLineEdit::Password : QLineEdit::Normal);
            // A secret has its own show/hide toggle.
            QCOMPARE(form->findChild<QWidget *>(QStringLiteral("reveal_") + field.name) != nullptr, field.secret);
        }
        QVERIFY(editor->toolTip().contains(field.name));
    }
}

void tst_ApiPage::sandboxEnvironmentIsListedFirst()
{
    Environment staging;
    staging.name = QStringLiteral("Staging");
    staging.baseUrl = QStringLiteral("https://staging.example.com");
    m_page->setEnvironments({staging, sandboxEnvironment()});
    QCOMPARE(m_page->currentEnvironment().name, QStringLiteral("Sandbox"));
    auto *combo = child<QComboBox>(m_page.get(), QStringLiteral("environmentCombo"));
    QCOMPARE(combo->itemText(0), QStringLiteral("Sandbox"));
    QCOMPARE(combo->itemText(1), QStringLiteral("Staging"));
    QVERIFY(m_page->selectEnvironment(QStringLiteral("Staging")));
    QCOMPARE(child<QLineEdit>(m_page.get(), QStringLiteral("baseUrlEdit"))->text(), QStringLiteral("https://staging.example.com"));
    QVERIFY(!m_page->selectEnvironment(QStringLiteral("Nowhere")));
}

void tst_ApiPage::insecureEnvironmentShowsBadge()
{
    auto *badge = child<QLabel>(m_page.get(), QStringLiteral("tlsBadge"));
    QVERIFY(!badge->isVisible());
    Environment insecure;
    insecure.name = QStringLiteral("Self-signed");
    insecure.baseUrl = QStringLiteral("https://self-signed.example.com");
    insecure.transport.insecure = true;
    m_page->setEnvironments({sandboxEnvironment(), insecure});
    QVERIFY(m_page->selectEnvironment(insecure.name));
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), QStringLiteral("TLS verification off"));
    QVERIFY(m_page->selectEnvironment(QStringLiteral("Sandbox")));
    QVERIFY(!badge->isVisible());
}

// The proxy a call would take is on the page before it is sent: from the proxy variables, from the
// environment's own setting (its password nowhere), none for a no_proxy host, and a refused
// setting said as such.
void tst_ApiPage::proxyBadgeNamesTheProxyInUse()
{
    auto *badge = child<QLabel>(m_page.get(), QStringLiteral("proxyBadge"));
    QProcessEnvironment variables;
    variables.insert(QStringLiteral("https_proxy"), QStringLiteral("http://corp-proxy.example:3128"));
    m_client.setProcessEnvironment(variables);
    Environment partner;
    partner.name = QStringLiteral("Partner UAT");
    partner.baseUrl = QStringLiteral("https://uat.partner.example");
    m_page->setEnvironments({sandboxEnvironment(), partner});
    QVERIFY(m_page->selectEnvironment(partner.name));
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), QStringLiteral("via proxy corp-proxy.example:3128"));
    QVERIFY2(badge->toolTip().contains(QStringLiteral("from https_proxy")), qPrintable(badge->toolTip()));
    // The sandbox is http://: https_proxy is not for it.
    QVERIFY(m_page->selectEnvironment(QStringLiteral("Sandbox")));
    QVERIFY(!badge->isVisible());

    variables.insert(QStringLiteral("no_proxy"), QStringLiteral(".partner.example"));
    m_client.setProcessEnvironment(variables);
    QVERIFY(m_page->selectEnvironment(partner.name));
    QVERIFY(!badge->isVisible());

    // The environment's own proxy (no_proxy would bypass it too, as curl's --proxy).
    variables.remove(QStringLiteral("no_proxy"));
    m_client.setProcessEnvironment(variables);
    partner.transport.proxy = QStringLiteral("socks5://alice:s3cret-Proxy-Pass@socks.example");
    m_page->setEnvironments({sandboxEnvironment(), partner});
    QVERIFY(m_page->selectEnvironment(partner.name));
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), QStringLiteral("via proxy socks.example:1080"));
    QVERIFY(badge->toolTip().contains(QStringLiteral("socks5://alice@socks.example")));
    QVERIFY(!badge->toolTip().contains(QStringLiteral("s3cret")));

    // A long host is cut short on the page, whole in the tooltip.
    const QString longHost = QStringLiteral("egress-proxy-%1.internal.corp.example").arg(QString(40, QLatin1Char('x')));
    partner.transport.proxy = QStringLiteral("http://%1:8080").arg(longHost);
    m_page->setEnvironments({sandboxEnvironment(), partner});
    QVERIFY(m_page->selectEnvironment(partner.name));
    QVERIFY(badge->text().endsWith(QStringLiteral(".example:8080")));
    QVERIFY(badge->sizeHint().width() <= 250);
    QVERIFY(badge->toolTip().contains(longHost));

    partner.transport.proxy = QStringLiteral("ftp://proxy.example");
    m_page->setEnvironments({sandboxEnvironment(), partner});
    QVERIFY(m_page->selectEnvironment(partner.name));
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), QStringLiteral("Proxy setting refused"));
    QVERIFY(!badge->toolTip().isEmpty());
}

void tst_ApiPage::accountNumberOfTwentyDigitsIsRejectedInline()
{
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    auto *send = child<QPushButton>(m_page.get(), QStringLiteral("sendButton"));
    QVERIFY(send->isEnabled());
    auto *account = child<QLineEdit>(m_page.get(), QStringLiteral("field_accountNumber"));
    QTest::keyClicks(account, QStringLiteral("12345678901234567890"));
    const QString expected = QStringLiteral("Account number: at most 19 digits, got 20");
    QCOMPARE(m_page->currentForm()->message(QStringLiteral("accountNumber")), expected);
    QCOMPARE(child<QLabel>(m_page.get(), QStringLiteral("message_accountNumber"))->text(), expected);
    QVERIFY(!send->isEnabled());
    QTest::keyClick(account, Qt::Key_Backspace);
    QCOMPARE(m_page->currentForm()->message(QStringLiteral("accountNumber")), QString());
    QVERIFY(send->isEnabled());

    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_dob")), QStringLiteral("19880231"));
    QCOMPARE(m_page->currentForm()->message(QStringLiteral("dob")), QStringLiteral("Date of birth: 19880231 is not a real date (yyyyMMdd)"));
    QVERIFY(!send->isEnabled());
}

void tst_ApiPage::requiredFieldsAreCheckedOnSend()
{
    int finished = 0;
    connect(m_page.get(), &ApiPage::callFinished, this, [&finished] { ++finished; });
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token")));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_apiKey")), QStringLiteral("MOB-APP"));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    EndpointForm *form = m_page->currentForm();
    QCOMPARE(form->message(QStringLiteral("secret")), QStringLiteral("Secret is required."));
    // Filled from the environment, generated or typed: not flagged.
    QCOMPARE(form->message(QStringLiteral("X-API-KEY")), QString());
    QCOMPARE(form->message(QStringLiteral("publicKey")), QString());
    QCOMPARE(form->message(QStringLiteral("apiKey")), QString());
    // Nothing was sent: a send makes the page busy at once, so no answer can be on its way.
    QVERIFY(!m_page->isBusy());
    QCOMPARE(finished, 0);
    // Typing clears the mark.
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_secret")), QStringLiteral("T"));
    QCOMPARE(form->message(QStringLiteral("secret")), QString());
}

void tst_ApiPage::explicitBeatsCarried()
{
    m_page->callContext(QStringLiteral("bankezy")).values.insert(QStringLiteral("accountNumber"), QStringLiteral("1000"));
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Renew Token")));
    EndpointForm *form = m_page->currentForm();
    auto *account = child<QLineEdit>(m_page.get(), QStringLiteral("field_X-ACCOUNT-NUMBER"));
    QCOMPARE(form->hint(QStringLiteral("X-ACCOUNT-NUMBER")), QStringLiteral("from Get User Token"));
    QCOMPARE(account->placeholderText(), QStringLiteral("1000"));
    QVERIFY(!form->values().contains(QStringLiteral("X-ACCOUNT-NUMBER")));
    // Not run yet: the user token is announced, not invented.
    QCOMPARE(form->hint(QStringLiteral("token")), QStringLiteral("from Get User Token (not run yet)"));

    QTest::keyClicks(account, QStringLiteral("2000"));
    QCOMPARE(form->hint(QStringLiteral("X-ACCOUNT-NUMBER")), QStringLiteral("typed, overrides Get User Token"));
    QCOMPARE(form->values().value(QStringLiteral("X-ACCOUNT-NUMBER")), QStringLiteral("2000"));
}

void tst_ApiPage::replayLeavesMaskedValuesEmpty()
{
    QVERIFY(m_page->openEndpoint(QStringLiteral("bankezy.get-app-token"),
                                 {{QStringLiteral("apiKey"), QStringLiteral("***")},
                                  {QStringLiteral("X-API-KEY"), QStringLiteral("OTHER-KEY")}}));
    QCOMPARE(m_page->currentEndpointId(), QStringLiteral("bankezy.get-app-token"));
    QCOMPARE(child<QLineEdit>(m_page.get(), QStringLiteral("field_X-API-KEY"))->text(), QStringLiteral("OTHER-KEY"));
    QCOMPARE(child<QLineEdit>(m_page.get(), QStringLiteral("field_apiKey"))->text(), QString());
    QVERIFY(!m_page->openEndpoint(QStringLiteral("bankezy.no-such-endpoint")));
}

void tst_ApiPage::runAppToken(ApiPage &page)
{
    QVERIFY(clickEndpoint(page, QStringLiteral("Get App Token")));
    QTest::keyClicks(child<QLineEdit>(&page, QStringLiteral("field_apiKey")), QStringLiteral("MOB-APP"));
    QTest::keyClicks(child<QLineEdit>(&page, QStringLiteral("field_secret")), QStringLiteral("TEST123"));
    QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome(page).startsWith(QStringLiteral("OK — HTTP 200, code 100: Success")), kCallTimeoutMs);
}

void tst_ApiPage::bankezyLifeCycleAgainstSandbox()
{
    QList<QMap<QByteArray, QByteArray>> sentHeaders;
    QStringList issuedTokens;
    connect(m_page.get(), &ApiPage::callFinished, this, [&](const ApiCall &call) {
        QMap<QByteArray, QByteArray> headers;
        for (const auto &[name, value] : call.prepared().request.headers)
            headers.insert(name, value);
        sentHeaders.append(headers);
        issuedTokens.append(call.result().token);
    });
    auto *token = child<QLineEdit>(m_page.get(), QStringLiteral("tokenEdit"));
    auto *expiry = child<QLabel>(m_page.get(), QStringLiteral("expiryLabel"));

    runAppToken(*m_page);
    QVERIFY(!token->text().isEmpty());
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QVERIFY(expiry->text().contains(QStringLiteral("expires in 1")));
    QVERIFY(expiry->text().contains(QStringLiteral("expiry = ")));
    const QString appToken = token->text();

    // Get User Token: the app token is carried, not typed.
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    EndpointForm *userForm = m_page->currentForm();
    QCOMPARE(userForm->hint(QStringLiteral("X-API-TOKEN")), QStringLiteral("from Get App Token"));
    QCOMPARE(child<QLineEdit>(m_page.get(), QStringLiteral("field_X-API-TOKEN"))->text(), QString());
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_accountNumber")), QStringLiteral("1000"));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200, code TOK200")), kCallTimeoutMs);
    QCOMPARE(sentHeaders.size(), 2);
    QCOMPARE(sentHeaders.at(1).value("X-API-TOKEN"), appToken.toLatin1());
    const QString userToken = token->text();
    QVERIFY(!userToken.isEmpty());
    QVERIFY(userToken != appToken);
    QVERIFY(expiry->text().contains(QStringLiteral("expireAt = ")));
    // The answer was encrypted: its plaintext has a tab of its own.
    auto *decrypted = child<QPlainTextEdit>(m_page.get(), QStringLiteral("decryptedView"));
    QVERIFY(decrypted->toPlainText().contains(QStringLiteral("\"resCode\": \"TOK200\"")));
    QVERIFY(!decrypted->toPlainText().contains(userToken)); // masked until Show

    // Renew Token: everything carried.
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Renew Token")));
    QCOMPARE(m_page->currentForm()->hint(QStringLiteral("X-ACCOUNT-NUMBER")), QStringLiteral("from Get User Token"));
    QVERIFY(m_page->currentForm()->values().isEmpty());
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200")), kCallTimeoutMs);
    QCOMPARE(sentHeaders.size(), 3);
    QCOMPARE(sentHeaders.at(2).value("X-API-TOKEN"), userToken.toLatin1());
    QCOMPARE(sentHeaders.at(2).value("X-ACCOUNT-NUMBER"), QByteArrayLiteral("1000"));
    QVERIFY(!token->text().isEmpty());
    QVERIFY(token->text() != userToken);
    QCOMPARE(issuedTokens.last(), token->text());
    QVERIFY(expiry->text().contains(QStringLiteral("expires in 1")));

    // Show reveals the token in the bodies too.
    QTest::mouseClick(child<QToolButton>(m_page.get(), QStringLiteral("revealButton")), Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    QVERIFY(decrypted->toPlainText().contains(token->text()));
}

void tst_ApiPage::typedAppTokenIsSentInsteadOfCarried()
{
    runAppToken(*m_page);
    QByteArray sentToken;
    connect(m_page.get(), &ApiPage::callFinished, this,
            [&](const ApiCall &call) { sentToken = call.prepared().request.header("X-API-TOKEN"); });
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_X-API-TOKEN")), QStringLiteral("typed-app-token"));
    QCOMPARE(m_page->currentForm()->hint(QStringLiteral("X-API-TOKEN")), QStringLiteral("typed, overrides Get App Token"));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_accountNumber")), QStringLiteral("1000"));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!sentToken.isEmpty(), kCallTimeoutMs);
    QCOMPARE(sentToken, QByteArrayLiteral("typed-app-token"));
    // The sandbox does not know that token.
    QVERIFY(outcome(*m_page).startsWith(QStringLiteral("Failed — HTTP 401")));
}

void tst_ApiPage::unauthorizedCallRenewsSessionAndRetries()
{
    // The environment holds the body credentials, so the app-token session can be re-issued.
    Environment environment = sandboxEnvironment();
    environment.values.insert(QStringLiteral("apiKey"), QStringLiteral("MOB-APP"));
    environment.values.insert(QStringLiteral("secret"), QStringLiteral("TEST123"));
    m_page->setEnvironments({environment});
    ApiClient renewClient;
    SessionStore store;
    SessionRenewer renewer(renewClient);
    ExpiryScheduler scheduler(store, renewer);
    m_page->setSessionRetry(&store, &scheduler);
    QList<QByteArray> sentTokens;
    // What the workbench does: every successful call becomes a session.
    connect(m_page.get(), &ApiPage::callFinished, this, [&](const ApiCall &call) {
        sentTokens.append(call.prepared().request.header("X-API-TOKEN"));
        if (call.result().ok)
            store.addFromCall(call, call.context());
    });
    runAppToken(*m_page);
    QCOMPARE(store.size(), 1);
    const QUuid appId = store.at(0).id;
    const QString oldToken = store.at(0).token;
    auto *note = child<QLabel>(m_page.get(), QStringLiteral("retryNoteLabel"));
    QVERIFY(note->isHidden());

    // The sandbox refuses the next Get User Token as it would an expired app token.
    m_server->addFault({QStringLiteral("bankezy.get-user-token"), SandboxFault::Kind::HttpStatus, QStringLiteral("401"), 1});
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_accountNumber")), QStringLiteral("1000"));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isBusy(), 3 * kCallTimeoutMs);

    const QString newToken = store.find(appId)->token;
    QVERIFY(newToken != oldToken);
    QCOMPARE(store.find(appId)->successfulRenewals(), 1);
    // Both calls reached history: the 401 with the old token, the retry with the new one.
    QCOMPARE(sentTokens.size(), 3);
    QCOMPARE(sentTokens.at(1), oldToken.toLatin1());
    QCOMPARE(sentTokens.at(2), newToken.toLatin1());
    QVERIFY2(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200, code TOK200")), qPrintable(outcome(*m_page)));
    QVERIFY(!note->isHidden());
    const QString expected = QStringLiteral("HTTP 401 with the app token of session %1: renewed it and retried")
                                 .arg(appId.toString(QUuid::WithoutBraces).left(8));
    QCOMPARE(note->text(), expected);
    QCOMPARE(m_page->retryNote(), expected);
    QCOMPARE(m_page->callContext(QStringLiteral("bankezy")).value(QStringLiteral("appToken")), newToken);
    m_page->setSessionRetry(nullptr, nullptr);
}

void tst_ApiPage::busyStateAndCancel()
{
    QString said;
    connect(m_page.get(), &ApiPage::statusMessage, this, [&said](const QString &message) { said = message; });
    SandboxFault latency;
    latency.endpoint = QStringLiteral("bankezy.get-app-token");
    latency.kind = SandboxFault::Kind::LatencyMs;
    latency.value = QStringLiteral("5000");
    m_server->addFault(latency);
    int finished = 0;
    connect(m_page.get(), &ApiPage::callFinished, this, [&finished] { ++finished; });
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token")));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_apiKey")), QStringLiteral("MOB-APP"));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_secret")), QStringLiteral("TEST123"));
    auto *send = child<QPushButton>(m_page.get(), QStringLiteral("sendButton"));
    auto *cancel = child<QPushButton>(m_page.get(), QStringLiteral("cancelButton"));
    QVERIFY(!cancel->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QVERIFY(m_page->isBusy());
    QVERIFY(!send->isEnabled());
    QCOMPARE(send->text(), QStringLiteral("Sending…"));
    QVERIFY(cancel->isEnabled());
    // Cancelled on the wire: once the sandbox has the request (it took the latency fault).
    QTRY_VERIFY_WITH_TIMEOUT(m_server->faults().isEmpty(), kCallTimeoutMs);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished, 1, kCallTimeoutMs);
    QVERIFY(!m_page->isBusy());
    QVERIFY(send->isEnabled());
    QVERIFY(!cancel->isEnabled());
    // Said as what it is, not as a red failure.
    QCOMPARE(outcome(*m_page), QStringLiteral("Cancelled"));
    QCOMPARE(child<QLabel>(m_page.get(), QStringLiteral("outcomeLabel"))->styleSheet(), QString());
    QCOMPARE(said, QStringLiteral("Cancelled"));
}

// Tab from the environment: the top row, the endpoint list, the form top to bottom, its buttons,
// then the answer; an endpoint opened later keeps it so.
void tst_ApiPage::tabFollowsReadingOrder()
{
    for (const QString &endpoint : {QStringLiteral("Get User Token"), QStringLiteral("Create Token")}) {
        QVERIFY(clickEndpoint(*m_page, endpoint));
        auto *first = child<QComboBox>(m_page.get(), QStringLiteral("environmentCombo"));
        QList<QWidget *> chain;
        for (QWidget *w = first; chain.size() < 200; w = w->nextInFocusChain()) {
            if (w == first && !chain.isEmpty())
                break;
            if ((w->focusPolicy() & Qt::TabFocus) && w->isVisibleTo(m_page.get()) && w->isEnabled() && m_page->isAncestorOf(w))
                chain.append(w);
        }
        const auto at = [&chain](const QString &name) {
            for (int i = 0; i < chain.size(); ++i) {
                if (chain.at(i)->objectName() == name)
                    return i;
            }
            return -1;
        };
        auto *form = m_page->currentForm();
        QList<QWidget *> fields; // the form's, in chain order: top to bottom
        for (QWidget *w : chain) {
            if (form->isAncestorOf(w))
                fields.append(w);
        }
        QVERIFY(fields.size() >= 2);
        for (int i = 1; i < fields.size(); ++i)
            QVERIFY2(fields.at(i)->mapTo(form, QPoint()).y() >= fields.at(i - 1)->mapTo(form, QPoint()).y(),
                     qPrintable(fields.at(i)->objectName()));
        const int firstField = chain.indexOf(fields.first());
        const int lastField = chain.indexOf(fields.last());
        QCOMPARE(lastField - firstField + 1, fields.size()); // one run, nothing of another pane inside
        QVERIFY(at(QStringLiteral("environmentCombo")) < at(QStringLiteral("endpointTree")));
        QVERIFY(at(QStringLiteral("endpointTree")) < at(QStringLiteral("formScroll")));
        QCOMPARE(at(QStringLiteral("formScroll")) + 1, firstField);
        QVERIFY2(lastField < at(QStringLiteral("sendButton")), qPrintable(endpoint));
        auto *answer = m_page->responseView();
        for (QWidget *w : chain) {
            if (answer->isAncestorOf(w))
                QVERIFY2(chain.indexOf(w) > at(QStringLiteral("sendButton")), qPrintable(w->objectName()));
        }
    }
}

void tst_ApiPage::clearSessionForgetsCarriedValues()
{
    runAppToken(*m_page);
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    QCOMPARE(m_page->currentForm()->hint(QStringLiteral("X-API-TOKEN")), QStringLiteral("from Get App Token"));
    auto *clear = child<QPushButton>(m_page.get(), QStringLiteral("clearSessionButton"));
    QVERIFY(clear->isEnabled());
    QTest::mouseClick(clear, Qt::LeftButton);
    QVERIFY(m_page->callContext(QStringLiteral("bankezy")).values.isEmpty());
    QVERIFY(m_page->callContext(QStringLiteral("bankezy")).appSessionKey.isEmpty());
    QCOMPARE(m_page->currentForm()->hint(QStringLiteral("X-API-TOKEN")), QStringLiteral("from Get App Token (not run yet)"));
    QVERIFY(!clear->isEnabled());
}

void tst_ApiPage::curlCopyMasksSecretsUnlessConfirmed()
{
    runAppToken(*m_page);
    ResponseView *view = m_page->responseView();
    QCOMPARE(view->objectName(), QStringLiteral("responseView"));
    const QString masked = view->curlCommand(false);
    QVERIFY(masked.contains(QStringLiteral("/token-service/new/v2/token")));
    QVERIFY(!masked.contains(QStringLiteral("TEST123")));
    // The pre-shared X-API-KEY header (MOB-APP-2001) is masked like the body's apiKey (MOB-APP),
    // not merely cut where the apiKey's value happens to be a prefix of it.
    QVERIFY2(!masked.contains(QStringLiteral("2001")), qPrintable(masked));
    QVERIFY(view->curlCommand(true).contains(QStringLiteral("TEST123")));
    QVERIFY(view->curlCommand(true).contains(QStringLiteral("MOB-APP-2001")));
    // The request tab is masked too.
    const QString requestText = child<QPlainTextEdit>(m_page.get(), QStringLiteral("requestView"))->toPlainText();
    QVERIFY(!requestText.contains(QStringLiteral("TEST123")));
    QVERIFY2(!requestText.contains(QStringLiteral("2001")), qPrintable(requestText));

    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("before"));
    int asked = 0;
    view->setRevealConfirmation([&asked](QWidget *) { ++asked; return false; });
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("curlSecretsButton")), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QCOMPARE(clipboard->text(), QStringLiteral("before"));
    view->setRevealConfirmation([&asked](QWidget *) { ++asked; return true; });
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("curlSecretsButton")), Qt::LeftButton);
    QCOMPARE(asked, 2);
    QVERIFY(clipboard->text().contains(QStringLiteral("TEST123")));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("curlButton")), Qt::LeftButton);
    QCOMPARE(clipboard->text(), masked);
}

// The reported leak: a security management refresh whose answer is cut in half showed the new
// refresh token in clear in the Raw body pane. Whatever the cut, no token (old or new, known or
// not) is readable in any pane until Show is pressed.
void tst_ApiPage::truncatedRefreshKeepsTokensOutOfThePanes()
{
    SessionStore store;
    m_page->setSessionRetry(&store, nullptr);
    connect(m_page.get(), &ApiPage::callFinished, this, [&store](const ApiCall &call) {
        if (call.result().ok)
            store.addFromCall(call, call.context());
    });
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Create Token")));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_username")), QStringLiteral("demo"));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_password")), QStringLiteral("demo123"));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200")), kCallTimeoutMs);
    QCOMPARE(store.size(), 1);
    const QString oldToken = store.at(0).token;
    const QString oldRefresh = store.at(0).refreshToken;
    QVERIFY(!oldRefresh.isEmpty());

    m_server->addFault({QStringLiteral("secmgmt.refresh-token"), SandboxFault::Kind::Truncated, QString(), 1});
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Refresh Token")));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome(*m_page).startsWith(QStringLiteral("Failed")), kCallTimeoutMs);
    const QString raw = child<QPlainTextEdit>(m_page.get(), QStringLiteral("rawView"))->toPlainText();
    QVERIFY2(raw.contains(QStringLiteral("\"content\"")), qPrintable(raw)); // the cut answer is shown, masked
    const QString shown = raw + child<QPlainTextEdit>(m_page.get(), QStringLiteral("requestView"))->toPlainText() + outcome(*m_page);
    for (const QString &token : {oldToken, oldRefresh}) // whole, or its signature
        QVERIFY2(!shown.contains(token.right(16)), qPrintable(shown));
    // The new pair is known to nobody yet: no JWT-shaped text may survive, not even cut.
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]+"));
    QVERIFY2(!jwt.match(shown).hasMatch(), qPrintable(shown));
    m_page->setSessionRetry(nullptr, nullptr);
}

void tst_ApiPage::vaultButtonsAreDisabledWithoutVault()
{
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token")));
    for (const QString &field : {QStringLiteral("apiKey"), QStringLiteral("secret"), QStringLiteral("X-API-KEY"),
                                 QStringLiteral("publicKey")}) {
        auto *button = child<QToolButton>(m_page.get(), QStringLiteral("vaultButton_") + field);
        QVERIFY2(button, qPrintable(field));
        QVERIFY(button->isVisible());
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->toolTip(), QStringLiteral("Open the vault on the Keys and secrets page"));
    }
    // A key-pair field takes stored keys only: nothing typed there is saved.
    QVERIFY(m_page->findChild<QAction *>(QStringLiteral("useVaultEntry_publicKey")));
    QVERIFY(!m_page->findChild<QAction *>(QStringLiteral("saveToVault_publicKey")));
    QVERIFY(!m_page->currentForm()->saveToVault(QStringLiteral("apiKey")));

    // Ordinary fields have none.
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    QVERIFY(!m_page->findChild<QToolButton *>(QStringLiteral("vaultButton_accountNumber")));
    QVERIFY(m_page->findChild<QToolButton *>(QStringLiteral("vaultButton_sdkPublicKey")));

    // Opening the vault enables them; locking it disables them again.
    QTemporaryDir dir;
    Result<std::unique_ptr<Vault>> created = Vault::create(dir.filePath(QStringLiteral("vault.tdv")), passphrase(), kFastParams);
    QVERIFY(succeeded(created));
    std::unique_ptr<Vault> vault = std::move(created.value());
    m_page->setVault(vault.get());
    auto *button = child<QToolButton>(m_page.get(), QStringLiteral("vaultButton_sdkApiKey"));
    QVERIFY(button->isEnabled());
    vault->lock();
    QVERIFY(!button->isEnabled());
    QCOMPARE(button->toolTip(), QStringLiteral("Open the vault on the Keys and secrets page"));
}

void tst_ApiPage::vaultLoginIsUsedForSecmgmtAgainstSandbox()
{
    QTemporaryDir dir;
    Result<std::unique_ptr<Vault>> created = Vault::create(dir.filePath(QStringLiteral("vault.tdv")), passphrase(), kFastParams);
    QVERIFY(succeeded(created));
    std::unique_ptr<Vault> vault = std::move(created.value());
    QVERIFY(succeeded(vault->add(VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("demo login"), QStringLiteral("demo"),
                                                        SecureBytes(QByteArrayView("demo123"))))));
    QVERIFY(succeeded(vault->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("other credential"), {},
                                                        SecureBytes(QByteArrayView("x"))))));
    const VaultValueSource source(vault.get());
    m_page->setValueSource(&source);
    m_page->setVault(vault.get());
    QStringList offered;
    QString title;
    m_page->setVaultPrompts(
        [&](QWidget *, const QString &pickerTitle, const QList<VaultEntry> &candidates) {
            title = pickerTitle;
            offered.clear();
            for (const VaultEntry &entry : candidates)
                offered << entry.name;
            return QStringLiteral("demo login");
        },
        [](QWidget *, const QString &, const QString &) { return QString(); });

    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Create Token")));
    EndpointForm *form = m_page->currentForm();
    auto *button = child<QToolButton>(m_page.get(), QStringLiteral("vaultButton_password"));
    QVERIFY(button->isEnabled());
    auto *use = m_page->findChild<QAction *>(QStringLiteral("useVaultEntry_password"));
    QVERIFY(use);
    QVERIFY(button->menu()->actions().contains(use));
    use->trigger();
    QCOMPARE(title, QStringLiteral("Vault entry for Password"));
    // Every credential fits a secret field.
    QCOMPARE(offered, (QStringList{QStringLiteral("demo login"), QStringLiteral("other credential")}));
    auto *password = child<QLineEdit>(m_page.get(), QStringLiteral("field_password"));
    QCOMPARE(password->text(), QStringLiteral("vault:demo login"));
    QCOMPARE(form->hint(QStringLiteral("password")), QStringLiteral("from vault: demo login"));
    // A reference is not a secret: it stays readable.
    QCOMPARE(password->echoMode(), QLineEdit::Normal);
    // Already a reference: nothing to save.
    QVERIFY(!m_page->findChild<QAction *>(QStringLiteral("saveToVault_password"))->isEnabled());

    // The username takes the login's identity; only entries with one are offered.
    m_page->findChild<QAction *>(QStringLiteral("useVaultEntry_username"))->trigger();
    QCOMPARE(offered, QStringList{QStringLiteral("demo login")});
    QCOMPARE(child<QLineEdit>(m_page.get(), QStringLiteral("field_username"))->text(), QStringLiteral("vault:demo login#identity"));
    QCOMPARE(form->hint(QStringLiteral("username")), QStringLiteral("from vault: demo login"));

    QMap<QByteArray, QString> sentBody;
    connect(m_page.get(), &ApiPage::callFinished, this, [&](const ApiCall &call) {
        for (const ResolvedField &field : call.prepared().fields)
            sentBody.insert(field.spec->name.toUtf8(), field.value);
    });
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200")), kCallTimeoutMs);
    QCOMPARE(sentBody.value("username"), QStringLiteral("demo"));
    QCOMPARE(sentBody.value("password"), QStringLiteral("demo123"));
    QVERIFY(vault->find(QStringLiteral("demo login"))->lastUsed.isValid());
}

void tst_ApiPage::typedApiKeyIsSavedToVault()
{
    const QString vaultPath = m_dirForVault.filePath(QStringLiteral("save.tdv"));
    QFile::remove(vaultPath);
    Result<std::unique_ptr<Vault>> created = Vault::create(vaultPath, passphrase(), kFastParams);
    QVERIFY(succeeded(created));
    std::unique_ptr<Vault> vault = std::move(created.value());
    const VaultValueSource source(vault.get());
    m_page->setValueSource(&source);
    m_page->setVault(vault.get());
    QString suggestion;
    m_page->setVaultPrompts([](QWidget *, const QString &, const QList<VaultEntry> &) { return QString(); },
                            [&](QWidget *, const QString &, const QString &suggested) {
                                suggestion = suggested;
                                return QStringLiteral("bankezy api key");
                            });

    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token")));
    auto *apiKey = child<QLineEdit>(m_page.get(), QStringLiteral("field_apiKey"));
    auto *save = m_page->findChild<QAction *>(QStringLiteral("saveToVault_apiKey"));
    QVERIFY(save);
    QVERIFY(!save->isEnabled()); // nothing typed yet
    QTest::keyClicks(apiKey, QStringLiteral("MOB-APP"));
    QVERIFY(save->isEnabled());
    save->trigger();
    QCOMPARE(suggestion, QStringLiteral("Sandbox API key"));
    QCOMPARE(apiKey->text(), QStringLiteral("vault:bankezy api key"));
    QCOMPARE(m_page->currentForm()->hint(QStringLiteral("apiKey")), QStringLiteral("from vault: bankezy api key"));
    QVERIFY(!save->isEnabled());
    QVERIFY(!vault->hasUnsavedChanges());

    // The file holds it: open it again.
    Result<std::unique_ptr<Vault>> reopened = Vault::open(vaultPath, passphrase());
    QVERIFY(succeeded(reopened));
    const std::optional<VaultEntry> entry = reopened.value()->find(QStringLiteral("bankezy api key"));
    QVERIFY(entry);
    QCOMPARE(entry->kind, VaultEntry::Kind::ApiCredential);
    QCOMPARE(entry->secret.toByteArray(), QByteArrayLiteral("MOB-APP"));
    QCOMPARE(entry->environments, QStringList{QStringLiteral("Sandbox")});

    // And the call sends what the entry holds.
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_secret")), QStringLiteral("TEST123"));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200, code 100: Success")), kCallTimeoutMs);

    // A name already taken is refused and the typed value stays.
    QString status;
    connect(m_page.get(), &ApiPage::statusMessage, this, [&status](const QString &message) { status = message; });
    auto *secret = child<QLineEdit>(m_page.get(), QStringLiteral("field_secret"));
    QVERIFY(!m_page->currentForm()->saveToVault(QStringLiteral("secret")));
    QCOMPARE(secret->text(), QStringLiteral("TEST123"));
    QCOMPARE(status, QStringLiteral("Not saved to the vault: The vault already has an entry called \"bankezy api key\" (names ignore case)."));
}

void tst_ApiPage::appSecretIsSavedWithItsAppKey()
{
    QTemporaryDir dir;
    Result<std::unique_ptr<Vault>> created = Vault::create(dir.filePath(QStringLiteral("vault.tdv")), passphrase(), kFastParams);
    QVERIFY(succeeded(created));
    std::unique_ptr<Vault> vault = std::move(created.value());
    m_page->setVault(vault.get());
    m_page->setVaultPrompts([](QWidget *, const QString &, const QList<VaultEntry> &) { return QString(); },
                            [](QWidget *, const QString &, const QString &) { return QStringLiteral("enos app"); });
    QVERIFY(m_page->openEndpoint(QStringLiteral("enos.get-token"),
                                 {{QStringLiteral("appKey"), QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b")},
                                  {QStringLiteral("appSecret"), QStringLiteral("sandbox-app-secret")}}));
    QVERIFY(m_page->currentForm()->saveToVault(QStringLiteral("appSecret")));
    const std::optional<VaultEntry> entry = vault->find(QStringLiteral("enos app"));
    QVERIFY(entry);
    QCOMPARE(entry->kind, VaultEntry::Kind::AppKey);
    QCOMPARE(entry->identity, QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b"));
    QCOMPARE(entry->secret.toByteArray(), QByteArrayLiteral("sandbox-app-secret"));
    QCOMPARE(child<QLineEdit>(m_page.get(), QStringLiteral("field_appSecret"))->text(), QStringLiteral("vault:enos app"));
}

void tst_ApiPage::referenceIsNotValidatedInline()
{
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    auto *send = child<QPushButton>(m_page.get(), QStringLiteral("sendButton"));
    auto *account = child<QLineEdit>(m_page.get(), QStringLiteral("field_accountNumber"));
    QTest::keyClicks(account, QStringLiteral("12345678901234567890"));
    QVERIFY(!send->isEnabled());
    account->setText(QStringLiteral("vault:account"));
    QCOMPARE(m_page->currentForm()->message(QStringLiteral("accountNumber")), QString());
    QCOMPARE(m_page->currentForm()->hint(QStringLiteral("accountNumber")), QStringLiteral("from vault: account"));
    QVERIFY(send->isEnabled());
}


// The pane shows the answer of the endpoint that is selected: another endpoint shows its own
// empty state, and coming back shows the first answer again, masked (its secrets were not kept).
void tst_ApiPage::responsePaneFollowsTheSelectedEndpoint()
{
    QString appToken;
    connect(m_page.get(), &ApiPage::callFinished, this, [&appToken](const ApiCall &call) { appToken = call.result().token; });
    auto *token = child<QLineEdit>(m_page.get(), QStringLiteral("tokenEdit"));
    auto *raw = child<QPlainTextEdit>(m_page.get(), QStringLiteral("rawView"));
    auto *reveal = child<QToolButton>(m_page.get(), QStringLiteral("revealButton"));
    runAppToken(*m_page);
    QVERIFY(!appToken.isEmpty());
    QCOMPARE(token->text(), appToken); // the live answer: Show works
    QVERIFY(reveal->isEnabled());

    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    QVERIFY2(outcome(*m_page).startsWith(QStringLiteral("No call yet for Get User Token")), qPrintable(outcome(*m_page)));
    QVERIFY(token->text().isEmpty());
    QVERIFY(raw->toPlainText().isEmpty());
    QVERIFY(m_page->responseView()->curlCommand(false).isEmpty());

    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token")));
    QVERIFY2(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200, code 100: Success")), qPrintable(outcome(*m_page)));
    QVERIFY(raw->toPlainText().contains(QStringLiteral("\"resCode\"")));
    // Kept masked: the token is the mask, no pane or copy holds a secret, Show is off.
    QVERIFY(m_page->responseView()->secretsWithheld());
    QVERIFY(token->text().isEmpty());
    QCOMPARE(token->placeholderText(), QStringLiteral("not kept"));
    QVERIFY(token->toolTip().contains(QStringLiteral("send again")));
    QCOMPARE(m_page->responseView()->result().token, QString::fromLatin1(SecretMasker::mask()));
    QVERIFY(!reveal->isEnabled());
    QVERIFY(!child<QToolButton>(m_page.get(), QStringLiteral("copyTokenButton"))->isEnabled());
    QVERIFY(!child<QPushButton>(m_page.get(), QStringLiteral("curlSecretsButton"))->isEnabled());
    const QString shown = raw->toPlainText() + child<QPlainTextEdit>(m_page.get(), QStringLiteral("decryptedView"))->toPlainText()
        + child<QPlainTextEdit>(m_page.get(), QStringLiteral("requestView"))->toPlainText()
        + m_page->responseView()->curlCommand(true) + outcome(*m_page);
    for (const QString &secret : {appToken, QStringLiteral("TEST123"), QStringLiteral("MOB-APP-2001")})
        QVERIFY2(!shown.contains(secret), qPrintable(secret));
    QVERIFY(m_page->responseView()->curlCommand(false).contains(QStringLiteral("/token-service/new/v2/token")));
    // What is kept, not only what the panes print (they mask token members by name anyway).
    const TokenResult &kept = m_page->responseView()->result();
    QVERIFY(!kept.rawBody.isEmpty());
    QVERIFY(kept.outputs.isEmpty());
    for (const QByteArray &body : {kept.rawBody, kept.decryptedBody})
        QVERIFY2(!body.contains(appToken.toLatin1()), body.constData());

    // A new send of the endpoint is live again.
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isBusy() && token->text() == appToken, kCallTimeoutMs);
    QVERIFY(reveal->isEnabled());
}

// A slow call of one endpoint answers while another is selected: its answer goes to its own
// endpoint and the pane of the selected one stays as it was.
void tst_ApiPage::callInFlightLandsInItsOwnSlot()
{
    SandboxFault latency;
    latency.endpoint = QStringLiteral("bankezy.get-app-token");
    latency.kind = SandboxFault::Kind::LatencyMs;
    latency.value = QStringLiteral("1500");
    m_server->addFault(latency);
    int finished = 0;
    connect(m_page.get(), &ApiPage::callFinished, this, [&finished] { ++finished; });
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token")));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_apiKey")), QStringLiteral("MOB-APP"));
    QTest::keyClicks(child<QLineEdit>(m_page.get(), QStringLiteral("field_secret")), QStringLiteral("TEST123"));
    QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("sendButton")), Qt::LeftButton);
    QVERIFY(m_page->isBusy());

    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    QVERIFY2(outcome(*m_page).startsWith(QStringLiteral("No call yet for Get User Token")), qPrintable(outcome(*m_page)));
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token"))); // still on its way
    QCOMPARE(outcome(*m_page), QStringLiteral("Sending Get App Token…"));
    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get User Token")));
    QTRY_COMPARE_WITH_TIMEOUT(finished, 1, kCallTimeoutMs);
    QVERIFY(!m_page->isBusy());
    QVERIFY2(outcome(*m_page).startsWith(QStringLiteral("No call yet for Get User Token")), qPrintable(outcome(*m_page)));
    QVERIFY(child<QLineEdit>(m_page.get(), QStringLiteral("tokenEdit"))->text().isEmpty());
    QVERIFY(child<QPlainTextEdit>(m_page.get(), QStringLiteral("rawView"))->toPlainText().isEmpty());

    QVERIFY(clickEndpoint(*m_page, QStringLiteral("Get App Token")));
    QVERIFY2(outcome(*m_page).startsWith(QStringLiteral("OK — HTTP 200, code 100: Success")), qPrintable(outcome(*m_page)));
}

// The response pane's Connection tab: the proxy and the chain presented, a pin per certificate;
// hidden for a plain http answer without proxy.
void tst_ApiPage::connectionTabShowsProxyAndChain()
{
    ResponseView view;
    ResponseView::Answer answer;
    answer.endpointTitle = QStringLiteral("Get Token");
    answer.sent = true;
    answer.result.httpStatus = 200;
    answer.result.ok = true;
    answer.result.proxy = QStringLiteral("http://me@proxy.corp:3128");
    TlsSessionInfo tls;
    tls.protocol = QStringLiteral("TLSv1.3");
    tls.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    tls.chain.append({QStringLiteral("CN=api.example.com"), QStringLiteral("CN=Corp CA"),
                      QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC), QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC),
                      QStringLiteral("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")});
    answer.result.tls = tls;
    view.showAnswer(answer);
    auto *tabs = child<QTabWidget>(&view, QStringLiteral("bodyTabs"));
    auto *tab = child<QWidget>(&view, QStringLiteral("connectionTab"));
    QVERIFY(tabs->isTabVisible(tabs->indexOf(tab)));
    const QString text = child<QPlainTextEdit>(&view, QStringLiteral("connectionView"))->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Proxy: http://me@proxy.corp:3128")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("TLSv1.3, TLS_AES_256_GCM_SHA384")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("[0] CN=api.example.com")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("valid 2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("pin sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")), qPrintable(text));

    answer.result.tls.reset();
    answer.result.proxy.clear();
    view.showAnswer(answer);
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(tab)));
}

QTEST_MAIN(tst_ApiPage)
// A refused signature: under the verdict the likely cause names the appSecret and where it came
// from, never its value; the kept answer (after switching away and back) still says it.
void tst_ApiPage::aFailureShowsItsLikelyCauses()
{
    QVERIFY(m_page->openEndpoint(QStringLiteral("enos.get-token"), {{QStringLiteral("appKey"), SandboxCredentials().enosAppKey},
                                                                    {QStringLiteral("appSecret"), QStringLiteral("wrong-Quince-5")}}));
    QSignalSpy finished(m_page.get(), &ApiPage::callFinished);
    auto *send = child<QPushButton>(m_page.get(), QStringLiteral("sendButton"));
    QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), 5000);
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    auto *causes = child<QLabel>(m_page.get(), QStringLiteral("causesLabel"));
    QVERIFY(causes->isVisible());
    QVERIFY2(causes->text().contains(QLatin1String("1. The signature does not match")), qPrintable(causes->text()));
    QVERIFY(causes->text().contains(QLatin1String("appSecret (typed)")));
    QVERIFY(!causes->text().contains(QLatin1String("wrong-Quince-5")));
    QVERIFY(m_page->openEndpoint(QStringLiteral("secmgmt.create-token")));
    QVERIFY(!causes->isVisible());
    QVERIFY(m_page->openEndpoint(QStringLiteral("enos.get-token")));
    QVERIFY(causes->isVisible());
    QVERIFY(causes->text().contains(QLatin1String("The signature does not match")));
}

#include "tst_ApiPage.moc"
