// SPDX-License-Identifier: GPL-3.0-or-later
// The history reader (HistoryStore::load and scan over history.jsonl) with a small line limit, so
// the skip-a-long-line path runs too. Every entry read must survive masking and re-serialising.
#include "FuzzSupport.h"

#include "core/net/HistoryStore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td::HistoryStore store(fuzz::writeScratch(QStringLiteral("history.jsonl"), fuzz::bytes(data, size)));
    store.setMaxLineBytes(4096);
    auto loaded = store.load(3);
    if (!loaded)
        fuzz::violated("reading an existing history file failed");
    if (loaded->entries.size() > 3)
        fuzz::violated("load returned more entries than asked for");
    int visited = 0;
    auto skipped = store.scan([&visited](td::HistoryEntry &&entry) {
        ++visited;
        (void)td::HistoryStore::masked(entry, {QStringLiteral("secret")}, {QStringLiteral("TEST123")}).toJson();
    });
    if (!skipped)
        fuzz::violated("scanning an existing history file failed");
    if (visited < loaded->entries.size())
        fuzz::violated("scan saw fewer entries than load");
    return 0;
}
