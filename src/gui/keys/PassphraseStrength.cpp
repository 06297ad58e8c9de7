// SPDX-License-Identifier: GPL-3.0-or-later
#include "PassphraseStrength.h"

#include "gui/StatusColors.h"

#include <QLabel>

#include <cmath>

namespace td {

PassphraseStrength::Level PassphraseStrength::estimate(const QString &passphrase)
{
    if (passphrase.isEmpty())
        return Level::Empty;
    bool lower = false;
    bool upper = false;
    bool digit = false;
    bool other = false;
    for (const QChar c : passphrase) {
        if (c.isLower())
            lower = true;
        else if (c.isUpper())
            upper = true;
        else if (c.isDigit())
            digit = true;
        else
            other = true;
    }
    const int alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
    // An upper bound on entropy: fine for a hint, generous to long passphrases of plain words.
    const double bits = static_cast<double>(passphrase.size()) * std::log2(static_cast<double>(qMax(alphabet, 2)));
    if (bits < 50)
        return Level::Weak;
    if (bits < 80)
        return Level::Fair;
    return Level::Strong;
}

QString PassphraseStrength::text(Level level)
{
    switch (level) {
    case Level::Empty:
        return QLabel::tr("Choose a passphrase: a few unrelated words are easy to type and hard to guess.");
    case Level::Weak:
        return QLabel::tr("Weak: anyone with the file could guess it. Use more words or characters.");
    case Level::Fair:
        return QLabel::tr("Fair: a little longer would be better.");
    case Level::Strong:
        return QLabel::tr("Strong.");
    }
    return {};
}

void PassphraseStrength::describe(QLabel *label, const QString &passphrase, bool match)
{
    using Tone = StatusColors::Tone;
    if (!match) {
        label->setText(QLabel::tr("The two passphrases differ."));
        label->setStyleSheet(StatusColors::labelStyleSheet(Tone::Error, label->palette()));
        return;
    }
    const Level level = estimate(passphrase);
    label->setText(text(level));
    const Tone tone = level == Level::Strong ? Tone::Ok
        : level == Level::Fair               ? Tone::Warning
        : level == Level::Weak               ? Tone::Error
                                             : Tone::Neutral;
    label->setStyleSheet(StatusColors::labelStyleSheet(tone, label->palette()));
}

} // namespace td
