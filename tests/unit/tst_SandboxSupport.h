// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the sandbox tests: a fake clock, request builders and JSON readers.
#pragma once

#include "core/api/BankEzyCrypto.h"
#include "core/jose/Base64Url.h"
#include "core/jose/JweCompact.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxReply.h"
#include "core/sandbox/SandboxRequest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QUrl>

#include <memory>

namespace sandboxtest {

// A clock that tests move by hand; the services only ever read it.
struct FakeClock {
    std::shared_ptr<qint64> now = std::make_shared<qint64>(1'750'000'000'000LL);
    std::function<qint64()> function() const
    {
        auto shared = now;
        return [shared]() { return *shared; };
    }
    void advanceSeconds(qint64 seconds) const { *now += seconds * 1000; }
    qint64 ms() const { return *now; }
};

inline QString errorText(const td::Error &error)
{
    return td::errorCodeName(error.code) + QStringLiteral(": ") + error.toString();
}

// Fails the test with the error text only when the result is an error (QVERIFY2 would build the
// message eagerly, which crashes on an ok Result in Qt 6.4).
#define SANDBOX_VERIFY_OK(result)                                                                          \
    do {                                                                                                   \
        if (!(result).ok())                                                                                \
            QFAIL(qPrintable(sandboxtest::errorText((result).error())));                                  \
    } while (false)

inline td::SandboxRequest request(const QByteArray &method, const QString &path,
                                  QList<QPair<QByteArray, QByteArray>> headers, const QByteArray &body)
{
    td::SandboxRequest r;
    r.method = method;
    r.path = path;
    r.headers = std::move(headers);
    r.body = body;
    return r;
}

inline QJsonObject json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

inline QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The claims inside a BankEzy token (JWE dir/A256GCM under the sandbox token key).
inline QJsonObject tokenClaims(const td::SandboxKeys &keys, const QByteArray &token)
{
    td::Result<QByteArray> plaintext = td::JweCompact::decrypt(token, keys.tokenKey());
    return plaintext ? json(plaintext.value()) : QJsonObject();
}

} // namespace sandboxtest

// Starts the tokendesk-sandbox executable and reads its first line, the base URL, within ten
// seconds (an empty URL when it did not come up).
inline QUrl startSandboxProcess(QProcess &process, const QStringList &arguments = {})
{
    process.start(QStringLiteral(TOKENDESK_SANDBOX_PATH), arguments);
    if (!process.waitForStarted(10000))
        return {};
    QElapsedTimer timer;
    timer.start();
    while (!process.canReadLine() && timer.elapsed() < 10000) {
        if (!process.waitForReadyRead(1000) && process.state() == QProcess::NotRunning)
            return {};
    }
    return QUrl(QString::fromUtf8(process.readLine().trimmed()));
}
