// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace td {

// Keeps this process's memory (keys, tokens, plaintexts, the vault passphrase) out of core files
// and away from debuggers attached by other processes of the same user, as KeePassXC's Bootstrap
// does. Every TokenDesk program calls it first thing in main().
class ProcessHardening
{
public:
    // Sets RLIMIT_CORE to 0 and PR_SET_DUMPABLE to 0 (which also refuses ptrace attach from
    // non-privileged processes of the same user). Returns false when either call failed.
    static bool disableCoreDumps();

    // What the kernel says now: false after disableCoreDumps() succeeded.
    static bool isDumpable();
    static bool coreDumpsAllowed(); // RLIMIT_CORE soft limit above 0
};

} // namespace td
