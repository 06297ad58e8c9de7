// SPDX-License-Identifier: GPL-3.0-or-later
// The key manager's table (issue 4): filtering 5,000 vault entries through VaultEntryFilterModel
// must stay under 50 ms so the table is responsive while the engineer types. Also the cost of
// loading the entries into the model, which happens after every vault change.
// Google Benchmark cases registered statically; tokendesk_bench.cpp's main runs them.
#include "gui/keys/VaultEntryFilterModel.h"
#include "gui/keys/VaultEntryModel.h"

#include "core/jose/Jwk.h"
#include "core/vault/VaultEntry.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>

namespace {

using namespace td;

constexpr int kEntries = 5000;

// 5,000 entries as an engineer's vault would have them: partners, environments, tags, a
// quarter keys. Only display data matters to the table; the secrets are short.
const QList<VaultEntry> &entries()
{
    static const QList<VaultEntry> list = [] {
        // The models are QObjects with timers nowhere, but Qt wants an application object for
        // some of its global state; the bench's main has none.
        static int argc = 1;
        static char name[] = "tokendesk-bench";
        static char *argv[] = {name, nullptr};
        if (!QCoreApplication::instance())
            new QCoreApplication(argc, argv);
        QList<Jwk> keys;
        for (int i = 0; i < 20; ++i)
            keys.append(Jwk::generateEc(Curve::P256).value());
        QList<VaultEntry> made;
        for (int i = 0; i < kEntries; ++i) {
            const QString partner = QStringLiteral("partner-%1").arg(i % 250);
            VaultEntry entry = i % 4 == 0
                ? VaultEntry::fromKey(QStringLiteral("%1 key %2").arg(partner).arg(i), keys.at(i % keys.size()))
                : VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("%1 api key %2").arg(partner).arg(i), {},
                                         SecureBytes(QByteArrayView("secret")));
            entry.tags = {partner, i % 3 ? QStringLiteral("staging") : QStringLiteral("production")};
            entry.environments = {QStringLiteral("%1 %2").arg(partner, entry.tags.last())};
            made.append(entry);
        }
        return made;
    }();
    return list;
}

void KeyTable_load_5000(benchmark::State &state)
{
    VaultEntryModel model;
    for (auto _ : state) {
        model.setEntries(entries());
        benchmark::DoNotOptimize(model.rowCount());
    }
}

// One keystroke's worth of filtering: the text changes, the proxy re-filters all 5,000 rows.
void KeyTable_filter_5000(benchmark::State &state)
{
    VaultEntryModel model;
    model.setEntries(entries());
    VaultEntryFilterModel filter;
    filter.setEntryModel(&model);
    const QStringList texts = {QStringLiteral("partner-12"), QStringLiteral("partner-1"), QStringLiteral("staging key"),
                               QStringLiteral("")};
    int i = 0;
    int rows = 0;
    for (auto _ : state) {
        filter.setFilterText(texts.at(i++ % texts.size()));
        rows = filter.rowCount();
        benchmark::DoNotOptimize(rows);
    }
    if (filter.setFilterText(QStringLiteral("partner-12 key")), filter.rowCount() == 0)
        state.SkipWithError("the filter found nothing: the benchmark would measure the wrong thing");
}

BENCHMARK(KeyTable_load_5000)->Unit(benchmark::kMillisecond);
BENCHMARK(KeyTable_filter_5000)->Unit(benchmark::kMillisecond);

} // namespace
