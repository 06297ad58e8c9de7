// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallClock.h"

#include <QDateTime>

#include <atomic>

namespace td {

qint64 CallClock::nowMs()
{
    static std::atomic<qint64> last{0};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 previous = last.load();
    qint64 next = 0;
    do {
        next = now > previous ? now : previous + 1;
    } while (!last.compare_exchange_weak(previous, next));
    return next;
}

} // namespace td
