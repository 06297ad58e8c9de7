// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions (issue 5): one ExpiryScheduler tick with 10,000 live sessions must stay under 2 ms,
// and the store for them under 50 MB. The scheduler runs on a fake clock; each tick moves about
// a hundred sessions (their thresholds are 10 ms apart, the clock moves 1 s per tick) and, with
// the default 5 min notice lead, announces the same hundred (expiresSoon).
// Google Benchmark cases registered statically; tokendesk_bench.cpp's main runs them.
#include "core/net/ApiClient.h"
#include "core/crypto/Random.h"
#include "core/jose/Jwk.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionFile.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QFile>

#include <memory>

namespace {

using namespace td;

constexpr int kSessions = 10000;
constexpr qint64 kStart = 1795000000000;
constexpr qint64 kLifetimeMs = 15 * 60 * 1000;
constexpr qint64 kSpacingMs = 10;

void ensureApplication()
{
    static int argc = 1;
    static char name[] = "tokendesk-bench";
    static char *argv[] = {name, nullptr};
    if (!QCoreApplication::instance())
        new QCoreApplication(argc, argv);
}

// Resident memory in bytes, from /proc (Linux); 0 elsewhere.
qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * 4096 : 0;
}

// A BankEzy-like session: JWE-sized tokens, a context with the values a renew needs.
Session makeSession(int i, const Environment &environment)
{
    Session session;
    session.id = QUuid::createUuid();
    session.family = QStringLiteral("bankezy");
    session.endpointId = QStringLiteral("bankezy.get-user-token");
    session.environment = environment;
    session.token = QString(600, QLatin1Char('a' + i % 26));
    session.context.values.insert(QStringLiteral("userToken"), session.token);
    session.context.values.insert(QStringLiteral("accountNumber"), QString::number(1000000000LL + i));
    session.issuedAtMs = kStart + i * kSpacingMs;
    session.expiresAtMs = session.issuedAtMs + kLifetimeMs;
    session.expiryField = QStringLiteral("expireAt");
    session.expiryRaw = double(session.expiresAtMs);
    session.autoRenew = false;
    return session;
}

void Sessions_tick_10000(benchmark::State &state)
{
    ensureApplication();
    qint64 now = kStart;
    Environment environment;
    environment.name = QStringLiteral("Sandbox");
    environment.baseUrl = QStringLiteral("http://127.0.0.1:1");
    const qint64 before = residentBytes();
    SessionStore store;
    for (int i = 0; i < kSessions; ++i)
        store.add(makeSession(i, environment));
    const qint64 storeBytes = residentBytes() - before;
    ApiClient client;
    SessionRenewer renewer(client);
    ExpiryScheduler scheduler(store, renewer);
    scheduler.setClock([&now] { return now; });
    // First threshold: 10 minutes after kStart (5 min threshold of a 15 min lifetime).
    now = kStart + kLifetimeMs - 5 * 60 * 1000;
    int moved = 0;
    int noticed = 0;
    QObject::connect(&scheduler, &ExpiryScheduler::stateChanged, &scheduler, [&moved] { ++moved; });
    QObject::connect(&scheduler, &ExpiryScheduler::expiresSoon, &scheduler, [&noticed] { ++noticed; });
    for (auto _ : state) {
        now += 1000;
        scheduler.tick();
    }
    state.counters["store_MB"] = double(storeBytes) / (1024.0 * 1024.0);
    state.counters["moves_per_tick"] = double(moved) / double(state.iterations());
    state.counters["notices_per_tick"] = double(noticed) / double(state.iterations());
    if (moved == 0)
        state.SkipWithError("no session changed state: the benchmark would measure the wrong thing");
}

// The common case: a tick with nothing due (the timer woke early or a clock jump check).
void Sessions_idleTick_10000(benchmark::State &state)
{
    ensureApplication();
    qint64 now = kStart;
    Environment environment;
    environment.name = QStringLiteral("Sandbox");
    SessionStore store;
    for (int i = 0; i < kSessions; ++i)
        store.add(makeSession(i, environment));
    ApiClient client;
    SessionRenewer renewer(client);
    ExpiryScheduler scheduler(store, renewer);
    scheduler.setClock([&now] { return now; });
    for (auto _ : state)
        scheduler.tick();
}

// The worst case: all 10,000 thresholds at the same instant (a script issued them together).
// state.range(0): 1 = notices on (the default 5 min lead: each session is also announced in the
// same tick), 0 = notices off (the state moves alone, as before notices existed).
void Sessions_tickAllDue_10000(benchmark::State &state)
{
    const bool notices = state.range(0) != 0;
    ensureApplication();
    Environment environment;
    environment.name = QStringLiteral("Sandbox");
    qint64 now = kStart;
    ApiClient client;
    // Built and destroyed while the timing is paused: only the tick is measured.
    std::unique_ptr<ExpiryScheduler> scheduler;
    std::unique_ptr<SessionRenewer> renewer;
    std::unique_ptr<SessionStore> store;
    for (auto _ : state) {
        state.PauseTiming();
        scheduler.reset();
        renewer.reset();
        store = std::make_unique<SessionStore>();
        for (int i = 0; i < kSessions; ++i) {
            Session session = makeSession(i, environment);
            session.issuedAtMs = kStart;
            session.expiresAtMs = kStart + kLifetimeMs;
            store->add(session);
        }
        renewer = std::make_unique<SessionRenewer>(client);
        scheduler = std::make_unique<ExpiryScheduler>(*store, *renewer);
        scheduler->setClock([&now] { return now; });
        if (!notices)
            scheduler->setNoticeLeadMs(0);
        now = kStart + kLifetimeMs - 5 * 60 * 1000;
        state.ResumeTiming();
        scheduler->tick();
    }
    if (store->at(kSessions - 1).state != SessionState::Expiring)
        state.SkipWithError("the sessions did not move: the benchmark would measure the wrong thing");
}

// Persistence: sealing and opening the sessions file with 10,000 sessions (what every automatic
// save and every CLI command's read costs at that size). BankEzy-like sessions with a P-256 SDK
// key and a session key in their context, as a real one has.
void Sessions_fileSealOpen_10000(benchmark::State &state)
{
    const bool open = state.range(0) != 0;
    Environment environment;
    environment.name = QStringLiteral("Staging");
    environment.baseUrl = QStringLiteral("https://staging.example.com");
    const Jwk sdkKey = Jwk::generateEc(Curve::P256).value();
    QList<Session> sessions;
    for (int i = 0; i < kSessions; ++i) {
        Session session = makeSession(i, environment);
        session.context.sdkKey = sdkKey;
        session.context.userSessionKey = randomBytes(32);
        sessions.append(session);
    }
    const SecureBytes key = randomBytes(32);
    const QByteArray sealed = SessionFile::seal(key, sessions).value();
    for (auto _ : state) {
        if (open)
            benchmark::DoNotOptimize(SessionFile::open(sealed, key));
        else
            benchmark::DoNotOptimize(SessionFile::seal(key, sessions));
    }
    state.counters["file_MB"] = double(sealed.size()) / (1024.0 * 1024.0);
}

} // namespace

BENCHMARK(Sessions_fileSealOpen_10000)->Arg(0)->Arg(1)->Iterations(3)->Unit(benchmark::kMillisecond);
// 100 ticks move every one of the 10,000 sessions from Fresh to Expiring once.
BENCHMARK(Sessions_tick_10000)->Iterations(100)->Unit(benchmark::kMicrosecond);
BENCHMARK(Sessions_tickAllDue_10000)->Arg(1)->Arg(0)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(Sessions_idleTick_10000)->Unit(benchmark::kMicrosecond);
