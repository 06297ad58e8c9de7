// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// True in the sanitizer build (the asan preset). AddressSanitizer keeps freed memory in
// quarantine and adds shadow memory and redzones, so a process's resident memory there says
// nothing about TokenDesk's: tests assert their memory bounds in the ordinary build only and
// still check, in both, what happens (refusals, stores at their caps).
#if defined(__SANITIZE_ADDRESS__)
#define TOKENDESK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TOKENDESK_ASAN 1
#endif
#endif

#ifdef TOKENDESK_ASAN
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif
