// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint spec loader (EndpointCatalog::loadFile, EndpointSpec::fromJson): a spec file from
// the user's directory is outside input. A spec that loads is also prepared into a request with
// an empty environment, so field rules and generators meet hostile specs.
#include "FuzzSupport.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/RequestBuilder.h"
#include "core/net/Environment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td::EndpointCatalog catalog;
    auto spec = catalog.loadFile(fuzz::writeScratch(QStringLiteral("spec.json"), fuzz::bytes(data, size)));
    if (!spec) {
        (void)spec.error().toString();
        return 0;
    }
    td::Environment environment;
    environment.name = QStringLiteral("Fuzz");
    environment.baseUrl = QStringLiteral("http://127.0.0.1:1");
    td::CallContext context;
    auto call = td::RequestBuilder::prepare(spec.value(), environment, {}, context, 1700000000000);
    if (!call)
        (void)call.error().toString();
    return 0;
}
