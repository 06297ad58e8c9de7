// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiResources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE declares its function in the enclosing scope, so it must run outside td::.
static void initTokenDeskResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace td {

void ensureGuiResources()
{
    static const bool done = [] {
        initTokenDeskResources();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace td
