// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ProcessHardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace td {

bool ProcessHardening::disableCoreDumps()
{
    struct rlimit limit {};
    limit.rlim_cur = 0;
    limit.rlim_max = 0;
    const bool limited = setrlimit(RLIMIT_CORE, &limit) == 0;
    const bool undumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    return limited && undumpable;
}

bool ProcessHardening::isDumpable()
{
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
}

bool ProcessHardening::coreDumpsAllowed()
{
    struct rlimit limit {};
    return getrlimit(RLIMIT_CORE, &limit) == 0 && limit.rlim_cur != 0;
}

} // namespace td
