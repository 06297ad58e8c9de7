// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace td {

// The clock calls are prepared with (timestamps, "now" for generators): wall-clock milliseconds
// that strictly increase within the process. Two EnOS calls in the same millisecond would sign
// the same string, which EnOS refuses as a replay (1001). Tests inject their own clock instead.
class CallClock
{
public:
    static qint64 nowMs();
};

} // namespace td
