// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/jose/KeyCandidates.h"
#include "core/net/HistoryEntry.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace td {

class ApiCall;
struct HttpResponse;

// Why a call likely failed, from what TokenDesk knows: the server's code and message, the values
// sent and where each came from, the environment (its KDF), the carried session, the server's
// clock (its Date header) and the history of the same endpoint. Ranked, most likely first, each
// with the evidence that points to it. A symptom stays the verdict's; this says what to check.
class FailureExplainer
{
public:
    struct Cause {
        Cause() = default;
        Cause(QString cause, QString evidence) : cause(std::move(cause)), evidence(std::move(evidence)) {}
        QString cause;
        QString evidence;
        // Tested locally and true (e.g. the answer opened with another KDF): ranked first.
        bool confirmed = false;
        QString fix; // what to change, for a confirmed cause
    };
    struct Explanation {
        std::optional<qint64> clockOffsetMs; // server clock minus ours; none without a Date header
        QList<Cause> causes;                  // empty for a call that succeeded with a sane clock
        QJsonArray causesJson() const;        // [{"cause", "evidence"}], + "confirmed": true and "fix" when tested
    };
    // causesJson() read back (as the history keeps it); members that are not there read as empty.
    static QList<Cause> causesFromJson(const QJsonArray &causes);

    // Offsets smaller than this are the network's and the Date header's second, not a clock.
    static constexpr qint64 kClockNoticeMs = 30 * 1000;

    // `history`: earlier entries (any order) to find where the same values worked. `keys`: the
    // vault's keys, tried on a BankEzy answer that does not open (KeyProbe, at most 16 of them).
    static Explanation explain(const ApiCall &call, const QList<HistoryEntry> &history = {}, const QList<NamedKey> &keys = {});
    // The server's clock minus ours at the middle of the exchange, from its Date header (RFC 9110
    // IMF-fixdate, or the obsolete RFC 850 / asctime forms): none when there is none or it does not parse.
    static std::optional<qint64> clockOffset(const HttpResponse &response);
    // "9 min 12 s ahead", "40 s behind".
    static QString offsetText(qint64 offsetMs);
};

} // namespace td
