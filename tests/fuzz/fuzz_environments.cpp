// SPDX-License-Identifier: GPL-3.0-or-later
// environments.json (EnvironmentStore::load, Environment::fromJson). What loads must save and
// load again to the same number of environments.
#include "FuzzSupport.h"

#include "core/net/EnvironmentStore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td::EnvironmentStore store(fuzz::writeScratch(QStringLiteral("environments.json"), fuzz::bytes(data, size)));
    auto loaded = store.load();
    if (!loaded) {
        (void)loaded.error().toString();
        return 0;
    }
    const QList<td::Environment> environments = store.environments();
    for (const td::Environment &environment : environments) {
        for (const QString &family : {QStringLiteral("bankezy"), QStringLiteral("enos"), QStringLiteral("secmgmt")})
            (void)environment.baseUrlFor(family);
        if (!td::Environment::fromJson(environment.toJson(true)))
            fuzz::violated("a loaded environment does not read back from its own JSON");
    }
    if (!store.save())
        fuzz::violated("loaded environments cannot be saved");
    td::EnvironmentStore again(store.filePath());
    if (!again.load() || again.environments().size() != environments.size())
        fuzz::violated("saved environments do not load back");
    return 0;
}
