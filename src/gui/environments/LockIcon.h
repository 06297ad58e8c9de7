// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>

namespace td {

// A small padlock drawn in the palette's text colour: marks read-only, built-in entries.
class LockIcon
{
public:
    static QIcon icon();
};

} // namespace td
