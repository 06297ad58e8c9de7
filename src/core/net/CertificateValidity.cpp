// SPDX-License-Identifier: GPL-3.0-or-later
#include "CertificateValidity.h"


namespace td {

namespace {

QString day(const QDateTime &time)
{
    return time.toUTC().date().toString(Qt::ISODate);
}

// Whole days, or whole hours under a day: "today" would be wrong for 23 hours across midnight.
QString span(qint64 secs)
{
    const qint64 days = secs / 86400;
    const qint64 hours = secs / 3600;
    if (days >= 1)
        return days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days);
    if (hours >= 1)
        return hours == 1 ? QStringLiteral("1 hour") : QStringLiteral("%1 hours").arg(hours);
    return QStringLiteral("less than an hour");
}

QString within(qint64 secs)
{
    return QStringLiteral("in %1").arg(span(secs));
}

QString ago(qint64 secs)
{
    return QStringLiteral("%1 ago").arg(span(secs));
}

} // namespace

CertificateValidity CertificateValidity::of(const QDateTime &notBefore, const QDateTime &notAfter, const QDateTime &now)
{
    CertificateValidity validity;
    if (notBefore.isValid() && now < notBefore) {
        validity.state = State::NotYetValid;
        validity.text = QStringLiteral("not valid yet: from %1 (%2)")
                            .arg(day(notBefore), within(now.secsTo(notBefore)));
    } else if (!notAfter.isValid() || now >= notAfter) {
        validity.state = State::Expired;
        validity.text = notAfter.isValid()
            ? QStringLiteral("expired %1 (%2)").arg(ago(notAfter.secsTo(now)), day(notAfter))
            : QStringLiteral("no valid expiry date");
    } else {
        const qint64 left = now.secsTo(notAfter);
        validity.state = left < qint64(kSoonDays) * 86400 ? State::ExpiresSoon : State::Valid;
        validity.text = QStringLiteral("expires %1 (%2)").arg(within(left), day(notAfter));
    }
    return validity;
}

} // namespace td
