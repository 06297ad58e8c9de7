// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions page (issue 5): with all 10,000 rows, the once-a-second countdown must cost under 5 ms
// of the GUI thread per second of wall time, i.e. one refreshCountdown() (what the page's 1-s
// timer calls) plus the paint it triggers under 5 ms. The page runs on the real widgets, at
// 1200×800, on the offscreen platform unless QT_QPA_PLATFORM says otherwise; the delegate's paint
// count proves each measured refresh really painted the visible remaining cells.
#include "core/net/ApiClient.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"
#include "gui/sessions/RemainingDelegate.h"
#include "gui/sessions/SessionsPage.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QDateTime>
#include <QTableView>

namespace {

using namespace td;

constexpr int kSessions = 10000;

// Widgets need a QApplication, and the other benches create a QCoreApplication the first time
// they run: this one is made before main() so that whichever bench runs first finds it.
QApplication *makeApplication()
{
    if (QCoreApplication::instance())
        return qobject_cast<QApplication *>(QCoreApplication::instance());
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "tokendesk-bench";
    static char *argv[] = {name, nullptr};
    return new QApplication(argc, argv); // lives as long as the process
}

QApplication *const kApplication = makeApplication();

Session makeSession(int i, const Environment &environment, qint64 nowMs)
{
    Session session;
    session.id = QUuid::createUuid();
    session.family = i % 3 == 0 ? QStringLiteral("enos") : QStringLiteral("bankezy");
    session.endpointId = i % 3 == 0 ? QStringLiteral("enos.get-access-token") : QStringLiteral("bankezy.get-user-token");
    session.environment = environment;
    session.token = QString(600, QLatin1Char('a' + i % 26));
    session.issuedAtMs = nowMs - (i % 600) * 1000;
    session.expiresAtMs = session.issuedAtMs + 15 * 60 * 1000;
    // A mix of what the page shows: mostly fresh, some expiring (warning colour).
    session.state = session.expiresAtMs - nowMs < 5 * 60 * 1000 ? SessionState::Expiring : SessionState::Fresh;
    session.autoRenew = false;
    return session;
}

// state.range(0): 1 = a session selected (the detail pane's countdown updates too), 0 = none.
void SessionsPage_refreshCountdown_10000(benchmark::State &state)
{
    if (!kApplication) {
        state.SkipWithError("a QCoreApplication that is not a QApplication exists: widgets cannot be made");
        return;
    }
    const bool selected = state.range(0) != 0;
    Environment environment;
    environment.name = QStringLiteral("Sandbox");
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    SessionStore store; // the real clock: the countdown text really changes between refreshes
    QList<QUuid> ids;
    for (int i = 0; i < kSessions; ++i)
        ids.append(store.add(makeSession(i, environment, nowMs)));
    ApiClient client;
    SessionRenewer renewer(client);
    ExpiryScheduler scheduler(store, renewer);

    SessionsPage page(store, scheduler);
    page.resize(1200, 800);
    page.show();
    if (selected)
        page.selectSession(ids.at(3));
    // The first paints (every column, layout, fonts) are not what the timer pays for.
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();

    const RemainingDelegate *delegate = page.remainingDelegate();
    const int paintedBefore = delegate->paintCount();
    int refreshes = 0;
    bool unpainted = false;
    for (auto _ : state) {
        const int before = delegate->paintCount();
        page.refreshCountdown();
        // The update() it makes is a posted request: this is where the cells are painted.
        QApplication::processEvents();
        ++refreshes;
        if (delegate->paintCount() == before)
            unpainted = true;
    }
    const int painted = delegate->paintCount() - paintedBefore;
    state.counters["cells_per_refresh"] = refreshes > 0 ? double(painted) / double(refreshes) : 0.0;
    state.counters["visible_rows"] = double(page.table()->rowAt(page.table()->viewport()->height() - 1)
                                            - page.table()->rowAt(0) + 1);
    if (unpainted)
        state.SkipWithError("a refresh painted no cell: the benchmark would measure the wrong thing");
}

// The scheduler's all-due tick (SessionBench's worst case) with the page open and listening:
// what the GUI thread pays when 10,000 sessions cross their threshold together.
void SessionsPage_tickAllDue_10000(benchmark::State &state)
{
    if (!kApplication) {
        state.SkipWithError("a QCoreApplication that is not a QApplication exists: widgets cannot be made");
        return;
    }
    Environment environment;
    environment.name = QStringLiteral("Sandbox");
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    qint64 now = start;
    ApiClient client;
    SessionStore store;
    store.setClock([&now] { return now; });
    for (int i = 0; i < kSessions; ++i) {
        Session session = makeSession(i, environment, start);
        session.state = SessionState::Fresh;
        session.issuedAtMs = start;
        session.expiresAtMs = start + 15 * 60 * 1000;
        store.add(session);
    }
    SessionRenewer renewer(client);
    ExpiryScheduler scheduler(store, renewer);
    scheduler.setClock([&now] { return now; });
    SessionsPage page(store, scheduler);
    page.resize(1200, 800);
    page.show();
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();
    for (auto _ : state) {
        now = start + 10 * 60 * 1000; // every threshold (and notice) at once
        scheduler.tick();
        QApplication::processEvents(); // the repaint the moves asked for
    }
    if (store.at(kSessions - 1).state != SessionState::Expiring)
        state.SkipWithError("the sessions did not move: the benchmark would measure the wrong thing");
    state.counters["attention"] = page.attentionCount();
}

} // namespace

BENCHMARK(SessionsPage_refreshCountdown_10000)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(SessionsPage_tickAllDue_10000)->Iterations(1)->Unit(benchmark::kMillisecond);
