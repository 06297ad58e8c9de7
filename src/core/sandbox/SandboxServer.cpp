// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxServer.h"

#include "core/api/BankEzyCrypto.h"
#include "core/crypto/Random.h"
#include "core/sandbox/SandboxRoutes.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace td {

namespace {

const QString kForced = QStringLiteral("Forced by the sandbox fault plan");

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put: return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head: return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect: return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace: return QByteArrayLiteral("TRACE");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    default: return QByteArrayLiteral("Status");
    }
}

SandboxReply jsonReply(int status, const QJsonObject &object)
{
    SandboxReply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

SandboxReply problem(int status, const QString &message, const QString &code = {})
{
    QJsonObject object{{QStringLiteral("status"), status}, {QStringLiteral("error"), message}};
    if (!code.isEmpty())
        object.insert(QStringLiteral("code"), code);
    return jsonReply(status, object);
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
    : QAbstractHttpServer(parent)
    , m_config(config)
    , m_keys(keys)
    , m_bankezy(config, keys)
    , m_enos(config, keys)
    , m_secmgmt(config, keys)
{
}

SandboxServer::~SandboxServer() = default;

Result<QUrl> SandboxServer::start()
{
    QHostAddress address;
    if (m_config.host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(m_config.host))
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The sandbox host \"%1\" is not an IP address.").arg(m_config.host));
    auto *tcpServer = new QTcpServer(this);
    if (!tcpServer->listen(address, m_config.port)) {
        const QString why = tcpServer->errorString();
        delete tcpServer;
        return makeError(ErrorCode::Io,
                         QStringLiteral("The sandbox cannot listen on %1:%2.").arg(m_config.host).arg(m_config.port), why);
    }
    bind(tcpServer);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(tcpServer->serverPort());
    m_url = url;
    return url;
}

Result<void> SandboxServer::addFault(const QJsonObject &fault)
{
    Result<SandboxFault> parsed = SandboxFault::fromJson(fault);
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
        {QStringLiteral("endpoints"), QJsonArray::fromStringList(SandboxRoutes::endpointIds())},
        {QStringLiteral("faults"), m_faults.toJson()},
    };
}

SandboxReply SandboxServer::dispatch(const QString &endpointId, const SandboxRequest &request)
{
    if (endpointId == QLatin1String("bankezy.get-app-token"))
        return m_bankezy.getAppToken(request);
    if (endpointId == QLatin1String("bankezy.get-user-token"))
        return m_bankezy.getUserToken(request);
    if (endpointId == QLatin1String("bankezy.renew-token"))
        return m_bankezy.renewToken(request);
    if (endpointId == QLatin1String("enos.get-token"))
        return m_enos.getToken(request);
    if (endpointId == QLatin1String("enos.refresh-token"))
        return m_enos.refreshToken(request);
    if (endpointId == QLatin1String("secmgmt.create-token"))
        return m_secmgmt.createToken(request);
    if (endpointId == QLatin1String("secmgmt.refresh-token"))
        return m_secmgmt.refreshToken(request);
    return problem(404, QStringLiteral("Unknown endpoint"));
}

SandboxReply SandboxServer::forcedError(const QString &endpointId, int httpStatus, const QString &code)
{
    const QString family = SandboxRoutes::family(endpointId);
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
    return problem(404, QStringLiteral("Unknown admin route %1").arg(path));
}

void SandboxServer::send(QTcpSocket *socket, const SandboxReply &reply, const QByteArray &extraHeaders)
{
    // One write per answer: cheaper than QHttpServerResponder's write per header line, and the
    // truncated fault needs exact control of Content-Length.
    QByteArray bytes;
    bytes.reserve(reply.body.size() + 160);
    bytes += "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    bytes += "Content-Type: " + reply.contentType + "\r\n";
    bytes += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    bytes += extraHeaders;
    bytes += "\r\n";
    bytes += reply.body;
    socket->write(bytes);
}

bool SandboxServer::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    SandboxRequest request;
    request.method = methodName(httpRequest.method());
    request.path = httpRequest.url().path();
    request.headers = httpRequest.headers();

    if (httpRequest.body().size() > kMaxBodyBytes) {
        send(socket, problem(413, QStringLiteral("The request body is larger than 1 MiB.")), "Connection: close\r\n");
        socket->disconnectFromHost();
        return true;
    }
    request.body = httpRequest.body();

    if (request.path.startsWith(QLatin1String("/__sandbox/"))) {
        if (!socket->peerAddress().isLoopback())
            send(socket, problem(403, QStringLiteral("The admin routes answer loopback clients only.")));
        else
            send(socket, admin(request));
        return true;
    }

    const SandboxRoutes::Result route = SandboxRoutes::match(request.path, request.method);
    if (route.match == SandboxRoutes::Match::UnknownPath) {
        send(socket, problem(404, QStringLiteral("No endpoint at %1").arg(request.path)));
        return true;
    }
    if (route.match == SandboxRoutes::Match::WrongMethod) {
        send(socket,
             problem(405, QStringLiteral("%1 is not allowed on %2").arg(QString::fromLatin1(request.method), request.path)),
             "Allow: " + route.allowed + "\r\n");
        return true;
    }

    const QList<SandboxFault> faults = m_faults.isEmpty() ? QList<SandboxFault>() : m_faults.take(route.endpointId);
    auto fault = [&faults](SandboxFault::Kind kind) -> const SandboxFault * {
        for (const SandboxFault &f : faults) {
            if (f.kind == kind)
                return &f;
        }
        return nullptr;
    };

    if (fault(SandboxFault::Kind::Drop)) {
        socket->abort(); // no status line, no body: the client sees the connection closed
        return true;
    }

    SandboxReply reply;
    if (const SandboxFault *f = fault(SandboxFault::Kind::HttpStatus)) {
        const int status = f->intValue();
        const SandboxFault *code = fault(SandboxFault::Kind::ErrorCode);
        reply = forcedError(route.endpointId, status, code ? code->value : QString::number(status));
    } else if (const SandboxFault *f = fault(SandboxFault::Kind::ErrorCode)) {
        reply = forcedError(route.endpointId, 200, f->value);
    } else if (fault(SandboxFault::Kind::Malformed)) {
        reply = malformedReply(SandboxReply()); // the service never sees the request
    } else {
        reply = dispatch(route.endpointId, request);
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
        QPointer<QTcpSocket> guarded(socket);
        QTimer::singleShot(f->intValue(), this, [guarded, reply]() {
            if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
                send(guarded, reply);
        });
        return true;
    }
    send(socket, reply);
    return true;
}

void SandboxServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    send(socket, problem(404, QStringLiteral("No endpoint at %1").arg(request.url().path())));
}

} // namespace td
