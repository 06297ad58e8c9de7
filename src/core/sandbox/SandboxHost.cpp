// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxHost.h"

#include "core/sandbox/SandboxServer.h"
#include "core/sandbox/SandboxState.h"

#include "core/net/TlsSessionInfo.h"

#include <QDir>
#include <QMetaObject>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QMutexLocker>
#include <QThread>

#include <openssl/crypto.h>

namespace td {

SandboxHost::SandboxHost(SandboxConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
}

SandboxHost::~SandboxHost()
{
    stop();
}

template <typename F>
void SandboxHost::runOnServer(F &&function) const
{
    if (!m_server)
        return;
    if (QThread::currentThread() == m_thread)
        function();
    else
        QMetaObject::invokeMethod(m_server, std::forward<F>(function), Qt::BlockingQueuedConnection);
}

Result<QUrl> SandboxHost::start()
{
    return startServer(nullptr);
}

void SandboxHost::setConfig(SandboxConfig config)
{
    QMutexLocker locker(&m_mutex);
    m_config = std::move(config);
    if (m_specFolders)
        m_config.specFolders = *m_specFolders;
}

SandboxHost::Carried SandboxHost::stopAndCarry()
{
    Carried carried{*m_keys, {}, {}};
    runOnServer([this, &carried]() {
        carried.services = m_server->exportServices();
        carried.faults = m_server->faults();
    });
    stop(); // a kept sandbox saves its state here, and its next start reads it back
    return carried;
}

Result<QUrl> SandboxHost::restart(SandboxConfig config)
{
    if (!m_server) {
        setConfig(std::move(config));
        return QUrl();
    }
    const quint16 port = quint16(url().port(0));
    const Carried carried = stopAndCarry();
    SandboxConfig old = m_config;
    // Its port first: the Sandbox environment, sessions and URLs kept elsewhere stay good.
    if (config.port == 0)
        config.preferredPort = port;
    setConfig(std::move(config));
    Result<QUrl> started = startServer(&carried);
    if (started)
        return started;
    old.preferredPort = port;
    setConfig(std::move(old));
    if (Result<QUrl> back = startServer(&carried); !back)
        qWarning("tokendesk-sandbox: the old settings did not start either: %s", qPrintable(back.error().toString()));
    return started.error();
}

void SandboxHost::setSpecFolders(const QStringList &folders)
{
    {
        QMutexLocker locker(&m_mutex);
        m_specFolders = folders;
        m_config.specFolders = folders;
    }
    runOnServer([this, folders]() { m_server->setSpecFolders(folders); });
}

Result<QUrl> SandboxHost::startServer(const Carried *carried)
{
    if (m_server)
        return url();
    SandboxConfig config = m_config;
    if (m_specFolders)
        config.specFolders = *m_specFolders;
    std::shared_ptr<SandboxState> state;
    std::optional<SandboxState::Loaded> kept;
    if (!config.stateFolder.isEmpty()) {
        state = std::make_shared<SandboxState>(config.stateFolder, config.clock());
        Result<SandboxState::Loaded> loaded = state->open();
        if (!loaded)
            return loaded.error();
        kept = std::move(loaded).value();
        if (config.preferredPort == 0)
            config.preferredPort = kept->port;
    }
    Result<SandboxKeys> keys = kept ? Result<SandboxKeys>(kept->keys)
        : carried                   ? Result<SandboxKeys>(carried->keys)
                                    : SandboxKeys::generate();
    if (!keys)
        return keys.error();
    Result<SandboxTls> tls = prepareTls(config);
    if (!tls)
        return tls.error();

    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("tokendesk-sandbox"));
    // OpenSSL frees a thread's own state (its random generators) from a thread-exit hook, which
    // for Qt's detached threads may run after QThread::wait() has returned, while the process
    // already exits. Freed here, in the thread, stop() leaves nothing behind; LeakSanitizer
    // caught the exit racing with that hook in tokendesk-cli.
    connect(thread, &QThread::finished, thread, [] { OPENSSL_thread_stop(); }, Qt::DirectConnection);
    auto *server = new SandboxServer(config, keys.value());
    if (state)
        server->keepState(state, kept->services);
    else if (carried)
        server->adoptServices(carried->services); // nothing kept on disk: the old server's memory
    if (carried) {
        for (const QJsonValue &fault : carried->faults)
            (void)server->addFault(fault.toObject()); // they were valid when armed
    }
    server->moveToThread(thread);
    thread->start();

    std::optional<Result<QUrl>> started;
    QMetaObject::invokeMethod(server, [&started, server]() { started = server->start(); }, Qt::BlockingQueuedConnection);
    if (!started || !started->ok()) {
        QMetaObject::invokeMethod(server, [server]() { delete server; }, Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
        delete thread;
        if (!started)
            return makeError(ErrorCode::Internal, QStringLiteral("The sandbox thread did not start."));
        return started->error();
    }

    QMutexLocker locker(&m_mutex);
    m_thread = thread;
    m_server = server;
    m_keys = keys.value();
    m_url = started->value();
    m_tls = tls.value();
    m_stateWarning = state ? state->warning() : QString();
    return m_url;
}

void SandboxHost::stop()
{
    if (!m_server)
        return;
    SandboxServer *server = m_server;
    QMetaObject::invokeMethod(server, [server]() { delete server; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    QMutexLocker locker(&m_mutex);
    m_server = nullptr;
    m_thread = nullptr;
    m_url = QUrl();
    m_tls = SandboxTls();
}

// The own CA and server certificate made (or read back) and handed to this run's server as
// files; given files are only read for their pin (the server says what is wrong with them).
Result<SandboxTls> SandboxHost::prepareTls(SandboxConfig &config)
{
    if (!config.tlsCertFile.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(config.tlsCertFile, QSsl::Pem);
        const QString pin = certs.isEmpty() ? QString() : QStringLiteral("sha256//") + TlsSessionInfo::spkiSha256(certs.constFirst());
        return SandboxTls{config.tlsCertFile, config.tlsCertFile, config.tlsKeyFile, pin, {}};
    }
    if (!config.ownTls)
        return SandboxTls();
    QString folder = config.tlsFolder;
    if (folder.isEmpty() && !config.stateFolder.isEmpty())
        folder = QDir(config.stateFolder).filePath(QStringLiteral("tls"));
    if (folder.isEmpty()) {
        if (!m_tlsTemporary)
            m_tlsTemporary = std::make_unique<QTemporaryDir>();
        folder = m_tlsTemporary->path();
    }
    Result<SandboxTls> made = SandboxTls::ensure(folder);
    if (!made)
        return made.error();
    config.tlsCertFile = made->certFile;
    config.tlsKeyFile = made->keyFile;
    if (config.ownMutualTls)
        config.clientCaFile = made->caFile;
    return made;
}

SandboxTls SandboxHost::tls() const
{
    QMutexLocker locker(&m_mutex);
    return m_tls;
}

bool SandboxHost::isRunning() const
{
    QMutexLocker locker(&m_mutex);
    return m_server != nullptr;
}

QUrl SandboxHost::url() const
{
    QMutexLocker locker(&m_mutex);
    return m_url;
}

SandboxCredentials SandboxHost::credentials() const
{
    // A running server's: with the demo values it made up for the user families it serves.
    std::optional<SandboxCredentials> served;
    runOnServer([this, &served]() { served = m_server->config().credentials; });
    if (served)
        return *served;
    QMutexLocker locker(&m_mutex);
    return m_config.credentials;
}

std::optional<SandboxKeys> SandboxHost::keys() const
{
    QMutexLocker locker(&m_mutex);
    return m_keys;
}

QJsonObject SandboxHost::keysJson() const
{
    QMutexLocker locker(&m_mutex);
    return m_keys ? m_keys->toJson() : QJsonObject();
}

QJsonObject SandboxHost::infoJson() const
{
    QJsonObject info;
    runOnServer([&info, this]() { info = m_server->infoJson(); });
    return info;
}

QString SandboxHost::stateWarning() const
{
    QMutexLocker locker(&m_mutex);
    return m_stateWarning;
}

void SandboxHost::saveState()
{
    runOnServer([this]() { m_server->saveState(); });
}

Result<void> SandboxHost::addFault(const QJsonObject &fault)
{
    if (!m_server) {
        Result<SandboxFault> parsed = SandboxFault::fromJson(fault);
        if (!parsed)
            return parsed.error();
        return makeError(ErrorCode::Internal, QStringLiteral("The sandbox is not running."));
    }
    // The server knows the user families' endpoints too.
    Result<void> added;
    runOnServer([this, &added, fault]() { added = m_server->addFault(fault); });
    return added;
}

void SandboxHost::addFault(const SandboxFault &fault)
{
    runOnServer([this, fault]() { m_server->addFault(fault); });
}

void SandboxHost::clearFaults()
{
    runOnServer([this]() { m_server->clearFaults(); });
}

int SandboxHost::terminateToken(const QByteArray &userToken)
{
    int count = 0;
    runOnServer([this, &count, userToken]() { count = m_server->terminateToken(userToken); });
    return count;
}

int SandboxHost::terminateAccount(const QString &accountNumber)
{
    int count = 0;
    runOnServer([this, &count, accountNumber]() { count = m_server->terminateAccount(accountNumber); });
    return count;
}

} // namespace td
