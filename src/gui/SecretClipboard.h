// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace td {

// Puts a secret on the clipboard the way password managers do: with the
// x-kde-passwordManagerHint so clipboard histories skip it, and cleared after a timeout unless
// something else has been copied since.
class SecretClipboard
{
public:
    static constexpr int kClearAfterMs = 30 * 1000;
    static void copy(const QString &text, int clearAfterMs = kClearAfterMs);
};

} // namespace td
