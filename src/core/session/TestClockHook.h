// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace td {

class ExpiryScheduler;
class SessionStore;

// TEST-ONLY. Lets a test move the session clock of a tokendesk-cli child process instead of
// waiting for real time to pass (`sessions watch`, `sessions list`, the sessions a `call` keeps).
// Honoured only when the environment variable TOKENDESK_TEST_CLOCK_FILE names a file holding
// epoch milliseconds as decimal text; without the variable nothing changes. The store and the
// scheduler then read that time, and the scheduler ticks whenever the file's value changes (a
// short poll: a rename-replaced file escapes a file watcher). Calls keep the real clock: the
// server judges their timestamps (EnOS signatures) and hands out the expiries.
class TestClockHook
{
public:
    static constexpr const char *kVariable = "TOKENDESK_TEST_CLOCK_FILE";
    static constexpr int kPollMs = 20;

    // Does nothing unless kVariable is set. The hook lives as long as the scheduler.
    static void install(SessionStore &store, ExpiryScheduler &scheduler);
    // The epoch milliseconds the file holds; nullopt when it cannot be read or is not a number.
    static std::optional<qint64> read(const QString &path);
};

} // namespace td
