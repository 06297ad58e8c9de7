// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTest>
#include <QTimer>

// Runs the events posted before the call (zero-time single shots, queued calls) and returns true
// once they have run: the bound for "nothing followed" when what must not follow would have been
// posted by what already ran (a deferred announcement, a queued second finished()). Posted events
// run in order, so once this one has run, those posted earlier have too. Not a wait for time.
inline bool runPostedEvents(int timeoutMs = 5000)
{
    QObject context;
    bool ran = false;
    QTimer::singleShot(0, &context, [&ran] { ran = true; });
    return QTest::qWaitFor([&ran] { return ran; }, timeoutMs);
}
