// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QLabel;

namespace td {

// A rough strength hint for a new vault passphrase (length and character variety), shown under
// the field: a hint, never a rule, since the engineer knows their own threat model.
class PassphraseStrength
{
public:
    enum class Level { Empty, Weak, Fair, Strong };

    static Level estimate(const QString &passphrase);
    static QString text(Level level);
    // Fills a label with the hint (or with "the passphrases differ" when !match), coloured.
    static void describe(QLabel *label, const QString &passphrase, bool match);
};

} // namespace td
