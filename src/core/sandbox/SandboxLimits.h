// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// Every bound the sandbox server keeps against hostile or careless clients, in one place, so the
// HTTP reader, the token stores and the tests agree on them.
namespace td::SandboxLimits {

inline constexpr qsizetype kMaxRequestLineBytes = 8 * 1024; // method, URL and version: 414 above
inline constexpr qsizetype kMaxHeaderBytes = 32 * 1024;     // all header lines together: 431 above
inline constexpr int kMaxHeaderCount = 100;                 // header lines: 431 above
inline constexpr qsizetype kMaxBodyBytes = 1024 * 1024;     // declared Content-Length: 413 above, unread
inline constexpr qsizetype kMaxPendingWriteBytes = 1024 * 1024; // unread answers before reading stops
inline constexpr int kIdleTimeoutMs = 30 * 1000;  // no complete request within this: the connection closes
inline constexpr int kLingerMs = 2000;             // after a refusal: drain (unbuffered), then close
inline constexpr qsizetype kMaxLingerBytes = 4 * 1024 * 1024; // drained at most before closing anyway
inline constexpr qsizetype kMaxEchoedPathChars = 64; // of a path quoted back in an error body
inline constexpr int kAcceptBackoffMinMs = 100;     // out of descriptors: first pause of accepting
inline constexpr int kAcceptBackoffMaxMs = 1000;    // longest pause, doubling from the first
inline constexpr qsizetype kMaxTokens = 10000;      // issued tokens kept per store, oldest dropped first
inline constexpr qsizetype kMaxReplayEntries = 50000; // EnOS encryptions remembered against replays

} // namespace td::SandboxLimits
