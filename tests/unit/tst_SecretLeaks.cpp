// SPDX-License-Identifier: GPL-3.0-or-later
// Every endpoint of the catalog answered in every shape (valid, truncated, cut, malformed, text,
// HTML 5xx, empty, oversized) by a real loopback server whose bodies carry the call's secrets and
// tokens issued earlier; the call is recorded the way the app and the CLI record it, then every
// file written and every pane text is searched for each secret.
#include "core/api/ApiCall.h"
#include "core/api/BankEzyCrypto.h"
#include "core/api/CallHistory.h"
#include "core/api/CallSecrets.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/ApiClient.h"
#include "core/net/CurlExport.h"
#include "core/net/HistoryStore.h"
#include "core/net/SecretMasker.h"
#include "core/session/SessionStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTime>
#include <QTimer>

using namespace td;

namespace {

// A loopback HTTP server that answers every request with one scripted byte string, sending only
// its first `sendBytes` bytes (then closing) when asked to cut the answer short. Private to this
// test: it reads a request only far enough to know it is complete.
class ScriptedServer : public QObject
{
public:
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    void script(const QByteArray &reply, qsizetype sendBytes = -1)
    {
        m_reply = reply;
        m_sendBytes = sendBytes < 0 ? reply.size() : sendBytes;
    }

    ScriptedServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onReadyRead(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(headerEnd).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        m_buffers.remove(socket);
        socket->write(m_reply.left(m_sendBytes));
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QByteArray m_reply;
    qsizetype m_sendBytes = 0;
};

// What one endpoint is called with: the explicit values (credentials, tokens sent) and which of
// them the CLI can be given with --set (all, except Get User Token, which needs a session key).
struct Endpoint {
    QString id;
    QMap<QString, QString> values;
    bool viaCli = true;
};

QString unique(const char *prefix)
{
    static int counter = 0;
    return QStringLiteral("%1-%2x%3").arg(QLatin1String(prefix)).arg(++counter).arg(QTime::currentTime().msecsSinceStartOfDay() % 997);
}

QList<Endpoint> endpoints()
{
    const QString xApiKey = unique("XKEYpre");
    const QString userToken = unique("USERTOKEN");
    return {
        {QStringLiteral("bankezy.get-app-token"),
         {{QStringLiteral("X-API-KEY"), xApiKey}, {QStringLiteral("apiKey"), unique("APIKEYv")}, {QStringLiteral("secret"), unique("BZSECRETv")}}},
        {QStringLiteral("bankezy.get-user-token"),
         {{QStringLiteral("X-API-KEY"), xApiKey},
          {QStringLiteral("X-API-TOKEN"), unique("APPTOKEN")},
          {QStringLiteral("sdkApiKey"), unique("SDKKEYv")},
          {QStringLiteral("accountNumber"), QStringLiteral("1234567890")}},
         false},
        {QStringLiteral("bankezy.renew-token"),
         {{QStringLiteral("X-API-KEY"), xApiKey},
          {QStringLiteral("X-API-TOKEN"), userToken},
          {QStringLiteral("token"), userToken},
          {QStringLiteral("X-ACCOUNT-NUMBER"), QStringLiteral("1234567890")}}},
        {QStringLiteral("enos.get-token"), {{QStringLiteral("appKey"), QStringLiteral("app-key-1")}, {QStringLiteral("appSecret"), unique("ENOSSECRET")}}},
        {QStringLiteral("enos.refresh-token"),
         {{QStringLiteral("appKey"), QStringLiteral("app-key-1")},
          {QStringLiteral("appSecret"), unique("ENOSSECRET")},
          {QStringLiteral("accessToken"), unique("ACCESSTOKEN")}}},
        {QStringLiteral("secmgmt.create-token"), {{QStringLiteral("username"), QStringLiteral("admin")}, {QStringLiteral("password"), unique("PASSWORDv")}}},
        {QStringLiteral("secmgmt.refresh-token"),
         {{QStringLiteral("token"), unique("SMTOKEN")}, {QStringLiteral("refreshToken"), unique("SMREFRESH")}}},
    };
}

const QStringList kShapes = {QStringLiteral("valid"),     QStringLiteral("truncated"), QStringLiteral("cut"),
                             QStringLiteral("malformed"), QStringLiteral("text"),      QStringLiteral("html500"),
                             QStringLiteral("empty"),     QStringLiteral("oversized"), QStringLiteral("overCap")};

// The secrets one case hides in its answer: what the call sent (credentials, tokens), the
// tokens the server "issues" (a JWT-shaped token, and an opaque refresh token only ever written
// under its name) and, for the app's recording path, an opaque token issued earlier that only
// the sessions know.
struct Secrets {
    QStringList sent;
    QString newToken;
    QString newRefresh;
    QString earlier;

    QStringList all() const
    {
        QStringList list = sent;
        list << newToken << newRefresh;
        if (!earlier.isEmpty())
            list << earlier;
        return list;
    }
};

QByteArray echoOf(const Secrets &secrets)
{
    QStringList echoed = secrets.sent;
    if (!secrets.earlier.isEmpty())
        echoed << secrets.earlier;
    return echoed.join(QLatin1Char(' ')).toUtf8();
}

// One JSON answer that fits every family: each family's token paths, plus the secrets echoed under
// innocent names and a padding member that makes it as large as asked.
QByteArray validJson(const Secrets &s, qsizetype padTo = 0)
{
    const QByteArray token = s.newToken.toUtf8();
    const QByteArray refresh = s.newRefresh.toUtf8();
    QByteArray json = "{\"resCode\":\"TOK200\",\"resDesc\":\"SUCCESS\",\"status\":0,\"msg\":\"SUCCESS\",\"errorCode\":\"\","
                      "\"echo\":\"" + echoOf(s) + "\",\"expireAt\":4102444800000,\"expiry\":4102444800000,"
                      "\"token\":\"" + token + "\",\"data\":{\"accessToken\":\"" + token + "\",\"expire\":7200},"
                      "\"content\":[{\"customerId\":\"c-1\",\"validityTime\":3600,\"token\":\"" + token + "\",\"refreshToken\":\"" + refresh + "\"}]";
    if (padTo > json.size())
        json += ",\"pad\":\"" + QByteArray(padTo - json.size(), 'p') + "\"";
    return json + ",\"tail\":\"" + echoOf(s) + "\"}";
}

QByteArray httpReply(int status, const QByteArray &contentType, const QByteArray &body, const QByteArray &extraHeaders = {},
                     qsizetype declaredLength = -1)
{
    return "HTTP/1.1 " + QByteArray::number(status) + (status < 400 ? " OK" : " Error") + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(declaredLength < 0 ? body.size() : declaredLength) + "\r\n"
        + extraHeaders + "Connection: close\r\n\r\n" + body;
}

struct Script {
    QByteArray reply;
    qsizetype sendBytes = -1;
};

// The answer of one shape. `key` encrypts the valid answer of an encrypted endpoint.
Script scriptFor(const QString &shape, const Secrets &s, const SecureBytes *key)
{
    const QByteArray json = validJson(s);
    const QByteArray cutAt = json.left(json.indexOf(s.newRefresh.toUtf8()) + s.newRefresh.size() / 2);
    if (shape == QLatin1String("valid")) {
        if (key)
            return {httpReply(200, "text/plain", BankEzyCrypto::encryptPayload(json, *key).value())};
        return {httpReply(200, "application/json", json)};
    }
    if (shape == QLatin1String("truncated")) // a proxy cut the body and fixed the length
        return {httpReply(200, "application/json", cutAt)};
    if (shape == QLatin1String("cut")) // the connection drops mid-body
        return {httpReply(200, "application/json", json), httpReply(200, "application/json", cutAt).size()};
    if (shape == QLatin1String("malformed")) {
        QByteArray broken = json;
        broken.replace(",\"data\":", ",, \"data\" ");
        return {httpReply(200, "application/json", broken)};
    }
    if (shape == QLatin1String("text"))
        return {httpReply(200, "text/plain",
                          "upstream rejected " + echoOf(s) + "; issued " + s.newToken.toUtf8() + " refresh_token=" + s.newRefresh.toUtf8() + "\n")};
    if (shape == QLatin1String("html500"))
        return {httpReply(500, "text/html",
                          "<html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1><pre>request was "
                              + echoOf(s) + "\nrefreshToken: " + s.newRefresh.toUtf8() + "</pre><p>token=" + s.newToken.toUtf8()
                              + "</p></body></html>",
                          "X-Debug-Echo: " + echoOf(s) + "\r\nSet-Cookie: sid=" + s.newToken.toUtf8() + "; Path=/\r\n")};
    if (shape == QLatin1String("empty"))
        return {httpReply(200, "application/json", QByteArray())};
    if (shape == QLatin1String("oversized")) // over the masking scan limit, under the client's cap
        return {httpReply(200, "application/json", validJson(s, SecretMasker::kMaxMaskedBodyBytes + 4096))};
    return {httpReply(200, "application/json", validJson(s, 256 * 1024))}; // overCap: over a 64 KiB client cap
}

// Where each secret (and each secret's first 12 characters, so no prefix of a cut token
// survives) occurs in `text`; "" when nowhere.
QStringList hitsIn(const QByteArray &text, const QStringList &secrets, const QString &where)
{
    QStringList hits;
    for (const QString &secret : secrets) {
        const QByteArray needle = secret.toUtf8();
        if (text.contains(needle) || (needle.size() > 12 && text.contains(needle.left(12))))
            hits << QStringLiteral("%1 in %2").arg(secret, where);
    }
    return hits;
}

QStringList hitsInFiles(const QString &root, const QStringList &secrets)
{
    QStringList hits;
    QDirIterator files(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly))
            hits << hitsIn(file.readAll(), secrets, QDir(root).relativeFilePath(file.fileName()));
    }
    return hits;
}

// The endpoint's secret-free context: session keys for the encrypted answers and the tokens a
// renew step carries.
CallContext contextFor(const Endpoint &endpoint)
{
    CallContext context;
    if (endpoint.id.startsWith(QLatin1String("bankezy."))) {
        context.appSessionKey = SecureBytes(QByteArray(32, '\x11'));
        context.userSessionKey = SecureBytes(QByteArray(32, '\x22'));
    }
    return context;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class tst_SecretLeaks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        QCOMPARE(EndpointCatalog::builtIn().endpoints().size(), 7);
    }

    void cleanupTestCase()
    {
        qInfo("cases: %d app-path, %d CLI; secret occurrences found: %d", m_appCases, m_cliCases, m_totalHits);
    }

    void appRecording_data()
    {
        QTest::addColumn<int>("endpoint");
        QTest::addColumn<QString>("shape");
        const QList<Endpoint> list = endpoints();
        for (int i = 0; i < list.size(); ++i) {
            for (const QString &shape : kShapes)
                QTest::newRow(qPrintable(list.at(i).id + QLatin1Char(' ') + shape)) << i << shape;
        }
    }

    // The Workbench's path: ApiCall, sessions updated, CallHistory::record with the sessions, the
    // response panes (CallSecrets::of with the sessions, as ResponseView), the curl export.
    void appRecording()
    {
        QFETCH(int, endpoint);
        QFETCH(QString, shape);
        const Endpoint e = endpoints().at(endpoint);
        const EndpointSpec *spec = EndpointCatalog::builtIn().find(e.id);
        QVERIFY(spec);
        Secrets secrets = secretsOf(e);
        secrets.earlier = unique("EARLIERopaque");
        QTemporaryDir home;
        QVERIFY(home.isValid());

        SessionStore sessions;
        Session earlier;
        earlier.family = spec->family;
        earlier.endpointId = e.id;
        earlier.token = secrets.earlier;
        sessions.add(earlier);

        Environment environment;
        environment.name = QStringLiteral("leaks");
        environment.baseUrl = m_server.baseUrl();
        if (shape == QLatin1String("overCap"))
            environment.transport.maxResponseBytes = 64 * 1024;
        CallContext context = contextFor(e);
        const bool encrypted = spec->response.encrypted;
        const Script script = scriptFor(shape, secrets, encrypted ? &context.userSessionKey : nullptr);
        m_server.script(script.reply, script.sendBytes);

        ApiClient client;
        ApiCall call(client, *spec, environment, e.values, context);
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        QVERIFY(finished.wait(30000));
        QVERIFY2(call.wasSent(), qPrintable(call.result().message));
        if (shape == QLatin1String("valid") && encrypted)
            QVERIFY2(!call.result().decryptedBody.isEmpty(), "the valid answer of an encrypted endpoint must open");

        if (call.result().ok)
            sessions.addFromCall(call, call.context());
        HistoryStore history(home.filePath(QStringLiteral("history.jsonl")));
        QVERIFY(CallHistory::record(history, call, sessions.secretValues()).ok());
        const CallSecrets known = CallSecrets::of(call, sessions.secretValues());
        writeFile(home.filePath(QStringLiteral("export.sh")),
                  CurlExport::toCurl(call.prepared().request, false, known.names(), known.values()).toUtf8());

        QStringList hits = hitsInFiles(home.path(), secrets.all());
        hits << hitsIn(known.maskBody(call.result().rawBody), secrets.all(), QStringLiteral("Raw body pane"));
        hits << hitsIn(known.maskBody(call.result().decryptedBody), secrets.all(), QStringLiteral("Decrypted pane"));
        const HttpRequest shown = known.maskRequest(call.prepared().request);
        QByteArray requestPane = shown.url.toEncoded() + '\n' + shown.body + '\n' + known.maskBody(call.prepared().plainBody);
        for (const auto &[name, value] : shown.headers)
            requestPane += name + ": " + value + '\n';
        hits << hitsIn(requestPane, secrets.all(), QStringLiteral("Request pane"));
        const QString outcome = call.result().message + (call.result().error ? call.result().error->toString() : QString());
        hits << hitsIn(known.maskText(outcome).toUtf8(), secrets.all(), QStringLiteral("outcome line"));
        ++m_appCases;
        m_totalHits += int(hits.size());
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QStringLiteral("; "))));
        // The answer was there to mask (the empty shape aside): a test that sent nothing proves nothing.
        if (shape != QLatin1String("empty"))
            QVERIFY(QFile(history.filePath()).size() > 200);
    }

    void cli_data()
    {
        QTest::addColumn<int>("endpoint");
        QTest::addColumn<QString>("shape");
        const QList<Endpoint> list = endpoints();
        for (int i = 0; i < list.size(); ++i) {
            if (!list.at(i).viaCli)
                continue;
            for (const QString &shape : kShapes) {
                if (shape != QLatin1String("overCap")) // the CLI keeps the default cap
                    QTest::newRow(qPrintable(list.at(i).id + QLatin1Char(' ') + shape)) << i << shape;
            }
        }
    }

    // `tokendesk-cli call ... --json --verbose` with its own config and data folders: every file
    // it wrote, and its standard error (the exchange log), must hold none of the secrets.
    void cli()
    {
        QFETCH(int, endpoint);
        QFETCH(QString, shape);
        const Endpoint e = endpoints().at(endpoint);
        const Secrets secrets = secretsOf(e);
        const Script script = scriptFor(shape, secrets, nullptr);
        m_server.script(script.reply, script.sendBytes);
        QTemporaryDir home;
        QVERIFY(home.isValid());

        QStringList arguments{QStringLiteral("call"), e.id, QStringLiteral("--base-url"), m_server.baseUrl(),
                              QStringLiteral("--json"), QStringLiteral("--verbose")};
        for (auto it = e.values.cbegin(); it != e.values.cend(); ++it)
            arguments << QStringLiteral("--set") << it.key() + QLatin1Char('=') + it.value();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
        QProcess process;
        process.setProcessEnvironment(env);
        QEventLoop loop; // the server answers from this process's event loop while the CLI runs
        connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        process.start(QStringLiteral(TOKENDESK_CLI_PATH), arguments);
        loop.exec();
        QCOMPARE(process.state(), QProcess::NotRunning);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.contains("< "), err.left(400).constData()); // the exchange was logged: the call was sent

        QStringList hits = hitsInFiles(home.path(), secrets.all());
        hits << hitsIn(err, secrets.all(), QStringLiteral("stderr"));
        ++m_cliCases;
        m_totalHits += int(hits.size());
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QStringLiteral("; "))));
        QVERIFY(QFileInfo::exists(home.filePath(QStringLiteral("data/tokendesk/history.jsonl")))
                || !QDir(home.filePath(QStringLiteral("data"))).isEmpty());
    }

private:
    static Secrets secretsOf(const Endpoint &e)
    {
        Secrets secrets;
        for (auto it = e.values.cbegin(); it != e.values.cend(); ++it) {
            if (it.key() != QLatin1String("appKey") && it.key() != QLatin1String("username") && !it.key().contains(QLatin1String("ACCOUNT"))
                && it.key() != QLatin1String("accountNumber"))
                secrets.sent << it.value();
        }
        secrets.newToken = QStringLiteral("eyJuZXd0b2tlbi.eyJzdWIiOiJ%1.c2lnbmF0dXJl").arg(unique("N"));
        // Opaque: only its name can give it away (the reported leak was a cut refresh token).
        secrets.newRefresh = QStringLiteral("opaqueRefresh%1Zq").arg(unique("R"));
        return secrets;
    }

    ScriptedServer m_server;
    int m_appCases = 0;
    int m_cliCases = 0;
    int m_totalHits = 0;
};

QTEST_GUILESS_MAIN(tst_SecretLeaks)
#include "tst_SecretLeaks.moc"
