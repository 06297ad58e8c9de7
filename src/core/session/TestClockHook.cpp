// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestClockHook.h"

#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionStore.h"

#include <QDateTime>
#include <QFile>
#include <QTimer>

#include <memory>

namespace td {

void TestClockHook::install(SessionStore &store, ExpiryScheduler &scheduler)
{
    const QString path = qEnvironmentVariable(kVariable);
    if (path.isEmpty())
        return;
    // Shared by both clocks: the store may outlive the scheduler (and so the poll) in teardown.
    auto nowMs = std::make_shared<qint64>(QDateTime::currentMSecsSinceEpoch());
    if (const std::optional<qint64> start = read(path))
        *nowMs = *start;
    else
        qWarning("tokendesk: %s=%s cannot be read as epoch milliseconds: the real clock until it can", kVariable, qPrintable(path));
    store.setClock([nowMs] { return *nowMs; });
    scheduler.setClock([nowMs] { return *nowMs; });
    auto *poll = new QTimer(&scheduler);
    poll->setInterval(kPollMs);
    QObject::connect(poll, &QTimer::timeout, &scheduler, [path, nowMs, &scheduler] {
        const std::optional<qint64> read = TestClockHook::read(path);
        if (!read || *read == *nowMs)
            return;
        *nowMs = *read;
        scheduler.tick(); // what the scheduler's timer would do when real time got there
    });
    poll->start();
}

std::optional<qint64> TestClockHook::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const qint64 ms = file.read(32).trimmed().toLongLong(&ok);
    if (!ok || ms <= 0)
        return std::nullopt;
    return ms;
}

} // namespace td
