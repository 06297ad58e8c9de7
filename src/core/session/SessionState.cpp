// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionState.h"

namespace td {

namespace {

constexpr SessionState kAll[] = {SessionState::Fresh,       SessionState::Expiring,   SessionState::Expired,
                                 SessionState::Renewing,    SessionState::RenewFailed, SessionState::Terminated,
                                 SessionState::Closed};

} // namespace

QString sessionStateName(SessionState state)
{
    switch (state) {
    case SessionState::Fresh:
        return QStringLiteral("fresh");
    case SessionState::Expiring:
        return QStringLiteral("expiring");
    case SessionState::Expired:
        return QStringLiteral("expired");
    case SessionState::Renewing:
        return QStringLiteral("renewing");
    case SessionState::RenewFailed:
        return QStringLiteral("renew-failed");
    case SessionState::Terminated:
        return QStringLiteral("terminated");
    case SessionState::Closed:
        return QStringLiteral("closed");
    }
    return QStringLiteral("unknown");
}

std::optional<SessionState> sessionStateFromName(QStringView name)
{
    for (SessionState state : kAll) {
        if (sessionStateName(state) == name)
            return state;
    }
    return std::nullopt;
}

} // namespace td
