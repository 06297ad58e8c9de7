// SPDX-License-Identifier: GPL-3.0-or-later
// The family file loader (FamilyRegistry::loadFile, FamilySpec::fromJson): a file of a user spec
// folder's `families` subfolder is outside input. A family that loads joins a registry beside the
// built-in ones and answers what the catalog asks of it (order, flow, the renew step) over the
// built-in specs; one that does not load must say why with its file and JSON path.
#include "FuzzSupport.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/FamilyRegistry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = fuzz::writeScratch(QStringLiteral("family.json"), fuzz::bytes(data, size));
    td::Result<td::FamilySpec> family = td::FamilyRegistry::loadFile(path);
    if (!family) {
        if (family.error().message.isEmpty())
            fuzz::violated("a refused family file without a message");
        return 0;
    }
    if (!td::FamilySpec::isValidId(family->id) || family->flow.isEmpty())
        fuzz::violated("a family loaded with an invalid id or no flow");
    td::FamilyRegistry registry = td::FamilyRegistry::builtIn();
    registry.add(family.value());
    td::EndpointCatalog catalog(registry);
    catalog.loadDirectory(QStringLiteral(":/apis"));
    for (const QString &id : registry.ids()) {
        (void)catalog.flow(id);
        (void)catalog.renewStep(id);
        (void)registry.displayName(id);
    }
    for (const td::EndpointSpec &spec : catalog.endpoints())
        (void)family->flowIndex(spec);
    return 0;
}
