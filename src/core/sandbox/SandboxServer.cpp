// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxServer.h"

#include "core/api/BankEzyCrypto.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/SpecLibrary.h"
#include "core/sandbox/GenericFamilyAnswer.h"
#include "core/net/ClientCertificate.h"
#include "core/crypto/Random.h"
#include "core/sandbox/SandboxConnection.h"
#include "core/sandbox/SandboxRoutes.h"
#include "core/sandbox/SandboxState.h"

#include <QJsonDocument>
#include <QPointer>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace td {

namespace {

const QString kForced = QStringLiteral("Forced by the sandbox fault plan");

SandboxReply jsonReply(int status, const QJsonObject &object)
{
    SandboxReply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

SandboxReply problem(int status, const QString &message, const QString &code = {})
{
    return SandboxReply::problem(status, message, code);
}

// A path quoted back in an error answer: a short prefix, so a huge URL is not echoed.
QString quoted(const QString &path)
{
    if (path.size() <= SandboxLimits::kMaxEchoedPathChars)
        return path;
    return path.left(SandboxLimits::kMaxEchoedPathChars) + QStringLiteral("… (%1 characters)").arg(path.size());
}

SandboxReply malformedReply(const SandboxReply &real)
{
    SandboxReply reply;
    reply.status = real.status;
    reply.contentType = QByteArrayLiteral("text/html");
    reply.body = QByteArrayLiteral("<html>not json");
    return reply;
}

} // namespace

SandboxServer::SandboxServer(SandboxConfig config, SandboxKeys keys, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_givenCredentials(config.credentials)
    , m_keys(keys)
    , m_bankezy(config, keys)
    , m_enos(config, keys)
    , m_secmgmt(config, keys)
    , m_generic(config, keys)
    , m_acceptRetry(this)
    , m_saveTimer(this)
{
    setSpecFolders(m_config.specFolders);
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, &SandboxServer::saveState);
}

SandboxServer::~SandboxServer()
{
    if (m_unsaved)
        saveState();
}

void SandboxServer::setSpecFolders(const QStringList &folders)
{
    auto specs = std::make_unique<SpecLibrary>(folders);
    for (const QString &problem : specs->problems())
        qWarning("tokendesk-sandbox: refused: %s", qPrintable(problem));
    QStringList served;
    for (const auto &[id, handler] : handlers())
        served.append(id);
    const FamilyRegistry &families = specs->families();
    for (const EndpointSpec &spec : specs->catalog().endpoints()) {
        if (families.adapter(spec.family).isEmpty() && !served.contains(spec.id))
            served.append(spec.id); // a user family's: the generic service answers it
    }
    m_routes = std::make_unique<SandboxRoutes>(specs->catalog(), served);
    m_config.credentials = m_givenCredentials;
    m_config.credentials.addDemoFamilies(specs->catalog());
    m_generic.setCredentials(m_config.credentials);
    m_specs = std::move(specs);
    m_config.specFolders = folders;
}

const EndpointSpec *SandboxServer::userFamilySpec(const QString &endpointId) const
{
    const EndpointSpec *spec = m_specs->catalog().find(endpointId);
    return spec && m_specs->families().adapter(spec->family).isEmpty() ? spec : nullptr;
}

void SandboxServer::keepState(std::shared_ptr<SandboxState> state, const QJsonObject &services)
{
    m_state = std::move(state);
    importState(services);
}

void SandboxServer::importState(const QJsonObject &services)
{
    m_bankezy.importState(services.value(QLatin1String("bankezy")).toObject());
    m_enos.importState(services.value(QLatin1String("enos")).toObject());
    m_secmgmt.importState(services.value(QLatin1String("secmgmt")).toObject());
    m_generic.importState(services.value(QLatin1String("userFamilies")).toObject());
}

void SandboxServer::stateChanged()
{
    if (!m_state)
        return;
    m_unsaved = true;
    if (!m_saveTimer.isActive()) // at most one save per delay, however many calls come in
        m_saveTimer.start(kSaveDelayMs);
}

void SandboxServer::saveState()
{
    if (!m_state)
        return;
    m_saveTimer.stop();
    Result<QJsonObject> merged = m_state->save(exportServices(), quint16(m_url.port(0)));
    if (!merged) {
        // The sandbox goes on serving; the next change tries again.
        qWarning("tokendesk-sandbox: the state was not kept: %s", qPrintable(merged.error().toString()));
        return;
    }
    m_unsaved = false;
    m_secmgmt.clearRemoved();
    m_generic.clearRemoved();
    importState(merged.value()); // what another process issued meanwhile
}

QJsonObject SandboxServer::exportServices()
{
    return QJsonObject{{QStringLiteral("bankezy"), m_bankezy.exportState()},
                       {QStringLiteral("enos"), m_enos.exportState()},
                       {QStringLiteral("secmgmt"), m_secmgmt.exportState()},
                       {QStringLiteral("userFamilies"), m_generic.exportState()}};
}

int SandboxServer::terminateToken(const QByteArray &userToken)
{
    const int count = m_bankezy.terminateToken(userToken);
    if (count > 0)
        stateChanged();
    return count;
}

int SandboxServer::terminateAccount(const QString &accountNumber)
{
    const int count = m_bankezy.terminateAccount(accountNumber);
    if (count > 0)
        stateChanged();
    return count;
}

void SandboxServer::acceptConnections()
{
    // accept() by hand: Qt 6.4's QTcpServer neither reports nor pauses on EMFILE, it retries at
    // once for as long as the pending connection waits (70 % CPU).
    const int listenFd = int(m_tcpServer->socketDescriptor());
    for (int burst = 0; burst < 64; ++burst) { // then back to the event loop
        const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                pauseAccepting(errno);
            return;
        }
        QTcpSocket *socket = m_tls ? new QSslSocket : new QTcpSocket;
        if (!socket->setSocketDescriptor(fd)) {
            ::close(fd);
            delete socket;
            continue;
        }
        if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
            ssl->setSslConfiguration(*m_tls);
            ssl->startServerEncryption(); // a failed handshake closes it; the idle timeout covers a stall
        }
        auto *connection = new SandboxConnection(socket, m_config.idleTimeoutMs, this);
        connection->setClock(m_config.clock());
        connect(connection, &SandboxConnection::requestReceived, this,
                [this, connection](const SandboxRequest &request) { handle(connection, request); });
        if (m_acceptFailing) {
            m_acceptFailing = false;
            m_acceptBackoffMs = SandboxLimits::kAcceptBackoffMinMs;
            qInfo("tokendesk-sandbox: accepting connections again");
        }
    }
}

void SandboxServer::pauseAccepting(int error)
{
    // Out of descriptors (EMFILE, ENFILE, ENOBUFS): the pending connection keeps the listening
    // socket readable, so trying on would spin. Pause, retry after a back-off doubling to 1 s.
    m_acceptNotifier->setEnabled(false);
    if (!m_acceptFailing) {
        m_acceptFailing = true;
        qWarning("tokendesk-sandbox: cannot accept a connection (%s); pausing and retrying", std::strerror(error));
    }
    m_acceptRetry.start(m_acceptBackoffMs);
    m_acceptBackoffMs = qMin(2 * m_acceptBackoffMs, SandboxLimits::kAcceptBackoffMaxMs);
}

// The server certificate and key (PEM, any key type OpenSSL reads) and the CAs a client
// certificate must come from.
Result<void> SandboxServer::prepareTls()
{
    if (m_config.tlsCertFile.isEmpty()) {
        if (!m_config.clientCaFile.isEmpty())
            return makeError(ErrorCode::ConfigInvalid, QStringLiteral("A client CA needs HTTPS: give the server certificate too."));
        return {};
    }
    Result<ClientCertificate> identity = ClientCertificate::load(m_config.tlsCertFile, m_config.tlsKeyFile, {});
    if (!identity)
        return identity.error();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(identity->chain);
    tls.setPrivateKey(identity->key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!m_config.clientCaFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(m_config.clientCaFile, QSsl::Pem);
        if (cas.isEmpty())
            return makeError(ErrorCode::ConfigInvalid,
                             QStringLiteral("The client CA file %1 holds no PEM certificate.").arg(m_config.clientCaFile));
        tls.setCaCertificates(cas);
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }
    m_tls = tls;
    return {};
}

Result<QUrl> SandboxServer::start()
{
    if (Result<void> tls = prepareTls(); !tls)
        return tls.error();
    QHostAddress address;
    if (m_config.host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(m_config.host))
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The sandbox host \"%1\" is not an IP address.").arg(m_config.host));
    auto *tcpServer = new QTcpServer(this);
    // A kept sandbox tries its last port first, so URLs kept elsewhere stay good.
    const bool preferred = m_config.port == 0 && m_config.preferredPort != 0
        && tcpServer->listen(address, m_config.preferredPort);
    if (!preferred && !tcpServer->listen(address, m_config.port)) {
        const QString why = tcpServer->errorString();
        delete tcpServer;
        return makeError(ErrorCode::Io,
                         QStringLiteral("The sandbox cannot listen on %1:%2.").arg(m_config.host).arg(m_config.port), why);
    }
    m_tcpServer = tcpServer;
    tcpServer->pauseAccepting(); // it only listens; acceptConnections() accepts
    m_acceptNotifier = new QSocketNotifier(tcpServer->socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &SandboxServer::acceptConnections);
    m_acceptRetry.setSingleShot(true);
    connect(&m_acceptRetry, &QTimer::timeout, this, [this]() {
        m_acceptNotifier->setEnabled(true);
        acceptConnections();
    });
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(tcpServer->serverPort());
    m_url = url;
    if (m_state && tcpServer->serverPort() != m_config.preferredPort)
        saveState(); // remember the new port
    return url;
}

Result<void> SandboxServer::addFault(const QJsonObject &fault)
{
    Result<SandboxFault> parsed = SandboxFault::fromJson(fault, m_routes->endpointIds());
    if (!parsed)
        return parsed.error();
    m_faults.add(parsed.value());
    return {};
}

QJsonObject SandboxServer::infoJson() const
{
    return QJsonObject{
        {QStringLiteral("url"), m_url.toString()},
        {QStringLiteral("credentials"), m_config.credentials.toJson()},
        {QStringLiteral("config"), m_config.toJson()},
        {QStringLiteral("endpoints"), QJsonArray::fromStringList(m_routes->endpointIds())},
        {QStringLiteral("faults"), m_faults.toJson()},
        {QStringLiteral("stores"), storeSizes()},
    };
}

QJsonObject SandboxServer::storeSizes() const
{
    QJsonObject sizes = m_bankezy.storeSizes();
    for (const QJsonObject &more : {m_enos.storeSizes(), m_secmgmt.storeSizes(), m_generic.storeSizes()}) {
        for (auto it = more.begin(); it != more.end(); ++it)
            sizes.insert(it.key(), it.value());
    }
    return sizes;
}

const QList<QPair<QString, SandboxServer::Handler>> &SandboxServer::handlers()
{
    // What each service implements; the paths that lead here come from the specs.
    static const QList<QPair<QString, Handler>> table{
        {QStringLiteral("bankezy.get-app-token"),
         [](SandboxServer &s, const SandboxRequest &r) { return s.m_bankezy.getAppToken(r); }},
        {QStringLiteral("bankezy.get-user-token"),
         [](SandboxServer &s, const SandboxRequest &r) { return s.m_bankezy.getUserToken(r); }},
        {QStringLiteral("bankezy.renew-token"),
         [](SandboxServer &s, const SandboxRequest &r) { return s.m_bankezy.renewToken(r); }},
        {QStringLiteral("enos.get-token"),
         [](SandboxServer &s, const SandboxRequest &r) { return s.m_enos.getToken(r); }},
        {QStringLiteral("enos.refresh-token"),
         [](SandboxServer &s, const SandboxRequest &r) { return s.m_enos.refreshToken(r); }},
        {QStringLiteral("secmgmt.create-token"),
         [](SandboxServer &s, const SandboxRequest &r) { return s.m_secmgmt.createToken(r); }},
        {QStringLiteral("secmgmt.refresh-token"),
         [](SandboxServer &s, const SandboxRequest &r) { return s.m_secmgmt.refreshToken(r); }},
    };
    return table;
}

QStringList SandboxServer::endpointIds()
{
    return routes().endpointIds();
}

const SandboxRoutes &SandboxServer::routes()
{
    static const SandboxRoutes table = [] {
        QStringList served;
        for (const auto &[id, handler] : handlers())
            served.append(id);
        return SandboxRoutes(EndpointCatalog::builtIn(), served);
    }();
    return table;
}

SandboxReply SandboxServer::dispatch(const QString &endpointId, const SandboxRequest &request)
{
    stateChanged(); // a token call may issue, renew or use up a token: keep it (debounced)
    for (const auto &[id, handler] : handlers()) {
        if (id == endpointId)
            return handler(*this, request);
    }
    if (const EndpointSpec *spec = userFamilySpec(endpointId))
        return m_generic.handle(*spec, m_specs->families().singleUseRefresh(spec->family), request);
    return problem(404, QStringLiteral("Unknown endpoint"));
}

SandboxReply SandboxServer::forcedError(const QString &endpointId, int httpStatus, const QString &code) const
{
    if (const EndpointSpec *spec = userFamilySpec(endpointId))
        return GenericFamilyAnswer::error(spec->response, httpStatus, kForced, code);
    const QString family = m_routes->family(endpointId);
    if (family == QLatin1String("bankezy"))
        return BankEzyService::errorReply(httpStatus, code, kForced);
    if (family == QLatin1String("enos")) {
        bool numeric = false;
        const int status = code.toInt(&numeric);
        return EnosService::errorReply(numeric ? status : 9999, kForced + QStringLiteral(": ") + code, httpStatus);
    }
    return SecmgmtService::errorReply(httpStatus, code, kForced);
}

SandboxReply SandboxServer::admin(const SandboxRequest &request)
{
    const QString &path = request.path;
    const QByteArray &method = request.method;
    if (path == QLatin1String("/__sandbox/info") && method == "GET")
        return jsonReply(200, infoJson());
    if (path == QLatin1String("/__sandbox/keys") && method == "GET")
        return jsonReply(200, m_keys.toJson());
    if (path == QLatin1String("/__sandbox/faults")) {
        if (method == "GET")
            return jsonReply(200, QJsonObject{{QStringLiteral("faults"), m_faults.toJson()}});
        if (method == "DELETE") {
            m_faults.clear();
            return jsonReply(200, QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("faults"), QJsonArray()}});
        }
        if (method == "POST") {
            const QJsonDocument doc = QJsonDocument::fromJson(request.body);
            if (!doc.isObject())
                return problem(400, QStringLiteral("The fault must be a JSON object {endpoint, kind, value, count}."),
                               errorCodeName(ErrorCode::FieldInvalid));
            const Result<void> added = addFault(doc.object());
            if (!added)
                return problem(400, added.error().message, errorCodeName(added.error().code));
            return jsonReply(200, QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("faults"), m_faults.toJson()}});
        }
        return problem(405, QStringLiteral("Use GET, POST or DELETE on /__sandbox/faults."));
    }
    if (path == QLatin1String("/__sandbox/terminate")) {
        if (method != "POST")
            return problem(405, QStringLiteral("Use POST on /__sandbox/terminate."));
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        int terminated = 0;
        const QJsonValue account = body.value(QLatin1String("accountNumber"));
        if (body.value(QLatin1String("token")).isString()) {
            terminated = terminateToken(body.value(QLatin1String("token")).toString().toUtf8());
        } else if (account.isString() || account.isDouble()) {
            terminated = terminateAccount(account.isString() ? account.toString() : QString::number(account.toInteger()));
        } else {
            return problem(400, QStringLiteral("Give {\"token\": …} or {\"accountNumber\": …}."),
                           errorCodeName(ErrorCode::FieldMissing));
        }
        return jsonReply(terminated > 0 ? 200 : 404, QJsonObject{{QStringLiteral("terminated"), terminated}});
    }
    return problem(404, QStringLiteral("Unknown admin route %1").arg(quoted(path)));
}

void SandboxServer::handle(SandboxConnection *connection, const SandboxRequest &request)
{
    QByteArray extraHeaders;
    const std::optional<SandboxReply> reply = route(connection, request, extraHeaders);
    if (reply)
        connection->send(*reply, extraHeaders);
}

std::optional<SandboxReply> SandboxServer::route(SandboxConnection *connection, const SandboxRequest &request,
                                                 QByteArray &extraHeaders)
{
    if (request.path.startsWith(QLatin1String("/__sandbox/"))) {
        if (!connection->peerIsLoopback())
            return problem(403, QStringLiteral("The admin routes answer loopback clients only."));
        return admin(request);
    }
    const SandboxRoutes::Result route = m_routes->match(request.path, request.method);
    if (route.match == SandboxRoutes::Match::UnknownPath)
        return problem(404, QStringLiteral("No endpoint at %1").arg(quoted(request.path)));
    if (route.match == SandboxRoutes::Match::WrongMethod) {
        extraHeaders = "Allow: " + route.allowed + "\r\n";
        return problem(405, QStringLiteral("%1 is not allowed on %2").arg(QString::fromLatin1(request.method), quoted(request.path)));
    }
    return withFaults(connection, route.endpointId, request);
}

// The endpoint's answer as the fault plan shapes it; nothing when it is dropped or answered later.
std::optional<SandboxReply> SandboxServer::withFaults(SandboxConnection *connection, const QString &endpointId,
                                                     const SandboxRequest &request)
{
    const QList<SandboxFault> faults = m_faults.isEmpty() ? QList<SandboxFault>() : m_faults.take(endpointId);
    auto fault = [&faults](SandboxFault::Kind kind) -> const SandboxFault * {
        for (const SandboxFault &f : faults) {
            if (f.kind == kind)
                return &f;
        }
        return nullptr;
    };
    if (fault(SandboxFault::Kind::Drop)) {
        connection->abort(); // no status line, no body: the client sees the connection closed
        return std::nullopt;
    }

    SandboxReply reply;
    if (const SandboxFault *f = fault(SandboxFault::Kind::HttpStatus)) {
        const int status = f->intValue();
        const SandboxFault *code = fault(SandboxFault::Kind::ErrorCode);
        reply = forcedError(endpointId, status, code ? code->value : QString::number(status));
    } else if (const SandboxFault *f = fault(SandboxFault::Kind::ErrorCode)) {
        reply = forcedError(endpointId, 200, f->value);
    } else if (fault(SandboxFault::Kind::Malformed)) {
        reply = malformedReply(SandboxReply()); // the service never sees the request
    } else {
        reply = dispatch(endpointId, request);
        if (fault(SandboxFault::Kind::WrongKey)) {
            if (reply.encrypted()) {
                Result<QByteArray> body = BankEzyCrypto::encryptPayload(reply.plaintext, randomBytes(32));
                if (body)
                    reply.body = body.value();
            } else {
                reply = malformedReply(reply);
            }
        }
        if (fault(SandboxFault::Kind::Truncated))
            reply.body.truncate(reply.body.size() / 2);
    }

    if (const SandboxFault *f = fault(SandboxFault::Kind::LatencyMs)) {
        // The thread keeps serving other connections while this answer waits.
        QPointer<SandboxConnection> guarded(connection);
        QTimer::singleShot(f->intValue(), this, [guarded, reply]() {
            if (guarded)
                guarded->send(reply);
        });
        return std::nullopt;
    }
    return reply;
}

} // namespace td
