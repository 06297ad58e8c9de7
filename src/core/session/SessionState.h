// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace td {

// Where a tracked token is in its life. Fresh → Expiring (inside the renew threshold) → Expired
// on the clock; Renewing / RenewFailed / Terminated come from renew calls; Closed from the user.
enum class SessionState {
    Fresh,
    Expiring,
    Expired,
    Renewing,
    RenewFailed,
    Terminated,
    Closed,
};

// Stable kebab-case names ("fresh", "renew-failed"…): part of `sessions list --json`.
QString sessionStateName(SessionState state);
std::optional<SessionState> sessionStateFromName(QStringView name);

} // namespace td
