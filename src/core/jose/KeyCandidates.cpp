// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyCandidates.h"

// STUB: replaced by the real implementation.
namespace td {
QList<NamedKey> KeyCandidates::order(const QJsonObject &, const QList<NamedKey> &keys, QList<QString> *) { return keys; }
KeyTrialOutcome KeyCandidates::decrypt(const JweToken &, const QList<NamedKey> &) { return {}; }
KeyTrialOutcome KeyCandidates::verify(const JwsToken &, const QList<NamedKey> &) { return {}; }
} // namespace td
