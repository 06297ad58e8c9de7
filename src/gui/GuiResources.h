// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace td {

// Registers the icons of resources.qrc. The .qrc is compiled into the static tokendesk_gui
// library, whose registration object the linker drops unless something refers to it; every
// widget that uses an icon calls this first. Safe to call more than once.
void ensureGuiResources();

} // namespace td
