// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace td {

// Where a certificate stands in its validity period at `now`, in words for the Keys page: a client
// certificate that expires next week should be renewed now, not found out at the handshake.
struct CertificateValidity {
    enum class State { NotYetValid, Valid, ExpiresSoon, Expired };

    static constexpr int kSoonDays = 30;

    State state = State::Valid;
    QString text; // "expires in 12 days (2026-12-15)", "expired 3 days ago (2026-11-30)", ...

    bool needsAttention() const { return state != State::Valid; }

    static CertificateValidity of(const QDateTime &notBefore, const QDateTime &notAfter, const QDateTime &now);
};

} // namespace td
