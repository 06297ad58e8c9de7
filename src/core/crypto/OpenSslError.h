// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"

namespace td {

// Drains OpenSSL's thread-local error queue into one readable string ("" when empty). Call it on
// every failure path so a stale error never leaks into the next operation's report.
QString drainOpenSslErrors();

// An Error with the given code and sentence, and OpenSSL's queued reasons as its detail.
Error openSslError(ErrorCode code, const QString &message);

} // namespace td
