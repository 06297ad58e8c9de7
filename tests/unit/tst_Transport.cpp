// SPDX-License-Identifier: GPL-3.0-or-later
// Real TLS on loopback with certificates the test makes: which TLS problem a failure is, what the
// server presented, client certificates (PEM, PKCS#12), pinning, and proxies.
#include "HostileServer.h"
#include "TestPki.h"

#include "core/net/ApiClient.h"
#include "core/net/ApiReply.h"
#include "core/net/CertificatePins.h"
#include "core/net/ProxyChoice.h"
#include "core/net/TlsSessionInfo.h"

#include <QProcess>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace td;
using namespace td::test;

namespace {

constexpr int kTimeoutMs = 10000;
const QByteArray kBody = R"({"ok":true})";

HttpRequest get(const QUrl &url)
{
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    return request;
}

// Answers every request with kBody, and notes the client certificate's CN when there is one.
void answerOk(HostileServer &server, QString *clientName = nullptr)
{
    server.onRequest = [clientName](QTcpSocket *socket, const HostileRequest &) {
        if (auto *ssl = qobject_cast<QSslSocket *>(socket); ssl && clientName) {
            const QStringList names = ssl->peerCertificate().subjectInfo(QSslCertificate::CommonName);
            *clientName = names.isEmpty() ? QString() : names.constFirst();
        }
        socket->write(HostileServer::response(200, "OK", kBody));
    };
}

// The pin as the openssl command computes it, independently of TokenDesk's code.
QString opensslPin(const QByteArray &certificatePem)
{
    QProcess shell;
    shell.start(QStringLiteral("sh"), {QStringLiteral("-c"),
                                       QStringLiteral("openssl x509 -pubkey -noout | openssl pkey -pubin -outform der "
                                                      "| openssl dgst -sha256 -binary | base64")});
    shell.write(certificatePem);
    shell.closeWriteChannel();
    if (!shell.waitForFinished(30000) || shell.exitCode() != 0)
        qFatal("openssl failed");
    return QString::fromLatin1(shell.readAllStandardOutput().trimmed());
}

} // namespace

class tst_Transport : public QObject
{
    Q_OBJECT

    struct Outcome {
        int finishedCount = 0;
        HttpResponse response;
    };

    std::shared_ptr<Outcome> send(const HttpRequest &request, TransportSettings settings,
                                  const QProcessEnvironment &environment = QProcessEnvironment())
    {
        settings.timeoutMs = kTimeoutMs;
        ApiClient client;
        client.setProcessEnvironment(environment);
        auto outcome = std::make_shared<Outcome>();
        ApiReply *reply = client.send(request, settings);
        connect(reply, &ApiReply::finished, this, [outcome](const HttpResponse &response) {
            ++outcome->finishedCount;
            outcome->response = response;
        });
        static_cast<void>(QTest::qWaitFor([&outcome] { return outcome->finishedCount > 0; }, kTimeoutMs + 5000));
        return outcome;
    }

    static QString failure(const HttpResponse &response)
    {
        return response.transportError ? response.transportError->toString() : QStringLiteral("no error");
    }

    QTemporaryDir m_dir;
    TestPki::Issued m_ca;
    TestPki::Issued m_server;
    TestPki::Issued m_clientCa;
    TestPki::Issued m_client;
    QString m_caFile;

private slots:
    void initTestCase();

    void trustedViaCaFileShowsTheChain();
    void refusedCertificates_data();
    void refusedCertificates();
    void pins_data();
    void pins();
    void badPinIsConfigError();
    void clientCertificates_data();
    void clientCertificates();
    void clientCertificateFilesRefused_data();
    void clientCertificateFilesRefused();
};

void tst_Transport::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QVERIFY(m_dir.isValid());
    m_ca = TestPki::ca(QStringLiteral("TokenDesk Test CA"));
    m_server = TestPki::server(m_ca);
    m_clientCa = TestPki::ca(QStringLiteral("TokenDesk Client CA"));
    m_client = TestPki::client(m_clientCa, QStringLiteral("alice"));
    m_caFile = TestPki::write(m_dir.path(), QStringLiteral("ca.pem"), m_ca.certificatePem);
}

void tst_Transport::trustedViaCaFileShowsTheChain()
{
    HostileServer server(TestPki::serverConfiguration(m_server, {m_ca.certificate}));
    QVERIFY(server.listen());
    answerOk(server);
    TransportSettings settings;
    settings.extraCaFile = m_caFile;
    const auto outcome = send(get(server.url(QStringLiteral("/ok"))), settings);
    QVERIFY2(outcome->response.status == 200, qPrintable(failure(outcome->response)));
    QVERIFY(outcome->response.tls);
    const TlsSessionInfo &tls = *outcome->response.tls;
    QVERIFY2(tls.protocol.startsWith(QLatin1String("TLSv1.")), qPrintable(tls.protocol));
    QVERIFY(!tls.cipher.isEmpty());
    QCOMPARE(tls.chain.size(), 2);
    QCOMPARE(tls.chain.at(0).subject, QStringLiteral("CN=localhost,O=TokenDesk tests"));
    QCOMPARE(tls.chain.at(0).issuer, QStringLiteral("CN=TokenDesk Test CA,O=TokenDesk tests"));
    QCOMPARE(tls.chain.at(0).spkiSha256, opensslPin(m_server.certificatePem));
    QCOMPARE(tls.chain.at(1).spkiSha256, opensslPin(m_ca.certificatePem));
    QCOMPARE(tls.chain.at(0).notAfter, m_server.certificate.expiryDate().toUTC());
    // The JSON form reads back as it was written (history keeps it).
    const TlsSessionInfo again = TlsSessionInfo::fromJson(tls.toJson());
    QCOMPARE(again.toJson(), tls.toJson());
    QVERIFY(outcome->response.proxy.isEmpty());
}

void tst_Transport::refusedCertificates_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("fragment"); // what the sentence must name
    QTest::newRow("unknown CA") << "unknown-ca" << "untrusted" << "\"CN=TokenDesk Test CA,O=TokenDesk tests\" is not trusted";
    QTest::newRow("self-signed") << "self-signed" << "untrusted" << "\"CN=localhost,O=TokenDesk tests\" is not trusted";
    QTest::newRow("expired") << "expired" << "expired" << "expired on ";
    QTest::newRow("not yet valid") << "not-yet-valid" << "not-yet-valid" << "is valid only from ";
    QTest::newRow("wrong host") << "wrong-host" << "hostname" << "is for DNS:elsewhere.example, not this host";
}

void tst_Transport::refusedCertificates()
{
    QFETCH(QString, kind);
    QFETCH(QString, reason);
    QFETCH(QString, fragment);
    TestPki::Options options;
    options.commonName = QStringLiteral("localhost");
    options.dnsNames = {QStringLiteral("localhost")};
    options.ipAddresses = {QStringLiteral("127.0.0.1")};
    if (kind == u"expired") {
        options.notBeforeSecs = -10 * 86400;
        options.notAfterSecs = -2 * 86400;
    } else if (kind == u"not-yet-valid") {
        options.notBeforeSecs = 2 * 86400;
        options.notAfterSecs = 10 * 86400;
    } else if (kind == u"wrong-host") {
        options.commonName = QStringLiteral("elsewhere.example");
        options.dnsNames = {QStringLiteral("elsewhere.example")};
        options.ipAddresses.clear();
    }
    const TestPki::Issued leaf = TestPki::issue(options, kind == u"self-signed" ? nullptr : &m_ca);
    HostileServer server(TestPki::serverConfiguration(leaf));
    QVERIFY(server.listen());
    answerOk(server);
    TransportSettings settings;
    if (kind != u"unknown-ca")
        settings.extraCaFile = m_caFile;
    const auto outcome = send(get(server.url(QStringLiteral("/x"))), settings);
    QCOMPARE(outcome->finishedCount, 1);
    const std::optional<Error> &error = outcome->response.transportError;
    QVERIFY(error);
    QCOMPARE(errorCodeName(error->code), QStringLiteral("tls-failure"));
    QCOMPARE(error->reason, reason);
    QVERIFY2(error->message.contains(fragment), qPrintable(error->message));
    if (kind == u"expired")
        QVERIFY2(error->message.contains(leaf.certificate.expiryDate().toUTC().toString(QStringLiteral("yyyy-MM-dd"))),
                 qPrintable(error->message));
    QCOMPARE(server.requests.size(), 0);
    // The refused chain is shown too: an engineer reads its issuer and pin off it.
    QVERIFY(outcome->response.tls);
    QCOMPARE(outcome->response.tls->chain.value(0).spkiSha256, opensslPin(leaf.certificatePem));
}

void tst_Transport::pins_data()
{
    QTest::addColumn<QString>("which"); // leaf, ca, other, several
    QTest::addColumn<bool>("insecure");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("leaf pin") << "leaf" << false << true;
    QTest::newRow("root CA pin (verified chain)") << "ca" << false << true;
    QTest::newRow("one of several") << "several" << false << true;
    QTest::newRow("other key") << "other" << false << false;
    QTest::newRow("other key, insecure") << "other" << true << false;
    QTest::newRow("leaf pin, insecure") << "leaf" << true << true;
    QTest::newRow("CA pin, insecure: no verified chain") << "ca" << true << false;
}

void tst_Transport::pins()
{
    QFETCH(QString, which);
    QFETCH(bool, insecure);
    QFETCH(bool, accepted);
    // The server sends its leaf only: the CA comes from the trust store, as with a real private CA.
    HostileServer server(TestPki::serverConfiguration(m_server));
    QVERIFY(server.listen());
    answerOk(server);
    const QString leafPin = QStringLiteral("sha256//") + opensslPin(m_server.certificatePem);
    const QString caPin = QStringLiteral("sha256//") + opensslPin(m_ca.certificatePem);
    const QString otherPin = QStringLiteral("sha256//") + opensslPin(m_client.certificatePem);
    TransportSettings settings;
    settings.extraCaFile = insecure ? QString() : m_caFile;
    settings.insecure = insecure;
    settings.pins = which == u"leaf" ? QStringList{leafPin}
        : which == u"ca"             ? QStringList{caPin}
        : which == u"several"        ? QStringList{otherPin, otherPin + QLatin1Char(';') + caPin}
                                     : QStringList{otherPin};
    const auto outcome = send(get(server.url(QStringLiteral("/pinned"))), settings);
    QCOMPARE(outcome->finishedCount, 1);
    if (accepted) {
        QVERIFY2(outcome->response.status == 200, qPrintable(failure(outcome->response)));
        return;
    }
    const std::optional<Error> &error = outcome->response.transportError;
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::TlsFailure);
    QCOMPARE(error->reason, QStringLiteral("pin-mismatch"));
    QVERIFY2(error->message.contains(leafPin), qPrintable(error->message)); // the pins seen
    QVERIFY2(error->message.contains(settings.pins.constFirst()), qPrintable(error->message));
    QCOMPARE(server.requests.size(), 0); // nothing was sent to an unpinned server
}

void tst_Transport::badPinIsConfigError()
{
    for (const QString &pin : {QStringLiteral("sha256//notbase64!"), QStringLiteral("sha1//AAAA"),
                               QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(31, 'x').toBase64())}) {
        Result<QStringList> parsed = CertificatePins::parse({pin});
        QVERIFY2(!parsed, qPrintable(pin));
        QCOMPARE(parsed.error().code, ErrorCode::ConfigInvalid);
    }
    TransportSettings settings;
    settings.pins = {QStringLiteral("sha256//short")};
    const auto outcome = send(get(QUrl(QStringLiteral("https://127.0.0.1:1/"))), settings);
    QVERIFY(outcome->response.transportError);
    QCOMPARE(outcome->response.transportError->code, ErrorCode::ConfigInvalid);
}

void tst_Transport::clientCertificates_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("expected"); // "ok" or a tlsReason
    for (const auto &[protocol, suffix] : {std::pair{QSsl::TlsV1_3, ", TLS 1.3"}, std::pair{QSsl::TlsV1_2, ", TLS 1.2"}}) {
        const auto row = [protocol = protocol, suffix = suffix](const char *name, const char *how, const char *expected) {
            QTest::newRow((QByteArray(name) + suffix).constData()) << QString::fromLatin1(how) << int(protocol) << QString::fromLatin1(expected);
        };
        row("none", "none", "client-cert-required");
        row("wrong CA", "wrong", "client-cert-rejected");
        row("PEM pair", "pem-pair", "ok");
        row("one PEM with both", "pem-both", "ok");
        row("encrypted PEM key", "pem-encrypted", "ok");
        row("PKCS#12, passphrase from the variable", "p12-variable", "ok");
        row("PKCS#12, passphrase given", "p12", "ok");
    }
}

void tst_Transport::clientCertificates()
{
    QFETCH(QString, how);
    QFETCH(int, protocol);
    QFETCH(QString, expected);
    HostileServer server(TestPki::serverConfiguration(m_server, {}, {m_clientCa.certificate}, QSsl::SslProtocol(protocol)));
    QVERIFY(server.listen());
    QString clientName;
    answerOk(server, &clientName);
    const QString dir = m_dir.path();
    TransportSettings settings;
    settings.extraCaFile = m_caFile;
    QProcessEnvironment environment;
    const QByteArray passphrase = "pkcs12 pass phrase";
    if (how == u"wrong") {
        const TestPki::Issued stranger = TestPki::client(m_ca, QStringLiteral("mallory"));
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("mallory.pem"), stranger.certificatePem + stranger.keyPem);
    } else if (how == u"pem-pair") {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("alice.crt"), m_client.certificatePem);
        settings.clientKeyFile = TestPki::write(dir, QStringLiteral("alice.key"), m_client.keyPem);
    } else if (how == u"pem-both") {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("alice-both.pem"), m_client.keyPem + m_client.certificatePem);
    } else if (how == u"pem-encrypted") {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("alice.crt"), m_client.certificatePem);
        settings.clientKeyFile = TestPki::write(dir, QStringLiteral("alice-enc.key"), TestPki::encryptedKeyPem(m_client, passphrase));
        settings.clientCertPassphrase = SecureBytes(QByteArrayView(passphrase));
    } else if (how.startsWith(u"p12")) {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("alice.p12"), TestPki::pkcs12(m_client, passphrase));
        if (how == u"p12-variable")
            environment.insert(QLatin1String(ApiClient::kClientCertPassphraseVariable), QString::fromUtf8(passphrase));
        else
            settings.clientCertPassphrase = SecureBytes(QByteArrayView(passphrase));
    }
    const auto outcome = send(get(server.url(QStringLiteral("/mtls"))), settings, environment);
    QCOMPARE(outcome->finishedCount, 1);
    if (expected == u"ok") {
        QVERIFY2(outcome->response.status == 200, qPrintable(failure(outcome->response)));
        QCOMPARE(clientName, QStringLiteral("alice"));
        return;
    }
    const std::optional<Error> &error = outcome->response.transportError;
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::TlsFailure);
    QVERIFY2(error->reason == expected, qPrintable(error->reason + QStringLiteral(": ") + error->toString()));
    QCOMPARE(server.requests.size(), 0);
}

void tst_Transport::clientCertificateFilesRefused_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("key of another certificate") << "mismatch" << "config-invalid" << "does not belong to its certificate";
    QTest::newRow("PEM without a key") << "no-key" << "config-invalid" << "No PEM private key";
    QTest::newRow("encrypted key, no passphrase") << "enc-none" << "empty-input" << "is encrypted";
    QTest::newRow("encrypted key, wrong passphrase") << "enc-wrong" << "wrong-passphrase" << "does not open";
    QTest::newRow("PKCS#12, wrong passphrase") << "p12-wrong" << "wrong-passphrase" << "does not open the PKCS#12";
    QTest::newRow("PKCS#12, no passphrase") << "p12-none" << "empty-input" << "needs its passphrase";
    QTest::newRow("neither PEM nor PKCS#12") << "garbage" << "config-invalid" << "neither PEM nor PKCS#12";
    QTest::newRow("missing file") << "missing" << "config-invalid" << "cannot be read";
}

void tst_Transport::clientCertificateFilesRefused()
{
    QFETCH(QString, how);
    QFETCH(QString, code);
    QFETCH(QString, fragment);
    const QString dir = m_dir.path();
    const TestPki::Issued other = TestPki::client(m_clientCa, QStringLiteral("bob"));
    TransportSettings settings;
    if (how == u"mismatch") {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("m.pem"), m_client.certificatePem + other.keyPem);
    } else if (how == u"no-key") {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("nokey.pem"), m_client.certificatePem);
    } else if (how.startsWith(u"enc")) {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("e.pem"), m_client.certificatePem + TestPki::encryptedKeyPem(m_client, "right"));
        if (how == u"enc-wrong")
            settings.clientCertPassphrase = SecureBytes(QByteArrayView("wrong"));
    } else if (how.startsWith(u"p12")) {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("x.p12"), TestPki::pkcs12(m_client, "right"));
        if (how == u"p12-wrong")
            settings.clientCertPassphrase = SecureBytes(QByteArrayView("wrong"));
    } else if (how == u"garbage") {
        settings.clientCertFile = TestPki::write(dir, QStringLiteral("g.p12"), QByteArray(300, '\x07'));
    } else {
        settings.clientCertFile = dir + QStringLiteral("/absent.pem");
    }
    const auto outcome = send(get(QUrl(QStringLiteral("https://127.0.0.1:1/"))), settings);
    QCOMPARE(outcome->finishedCount, 1);
    const std::optional<Error> &error = outcome->response.transportError;
    QVERIFY(error);
    QCOMPARE(errorCodeName(error->code), code);
    QVERIFY2(error->message.contains(fragment), qPrintable(error->toString()));
}

QTEST_MAIN(tst_Transport)
#include "tst_Transport.moc"
