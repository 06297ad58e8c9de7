// SPDX-License-Identifier: GPL-3.0-or-later
#include "DurationSpinBox.h"

#include <QRegularExpression>

namespace td {

namespace {

struct Unit {
    const char *symbol;
    qint64 seconds;
    QStringList spellings;
};

const QList<Unit> &units() // largest first: text() picks the first that divides
{
    static const QList<Unit> table = {
        {"d", 24 * 3600, {QStringLiteral("d"), QStringLiteral("day"), QStringLiteral("days")}},
        {"h", 3600, {QStringLiteral("h"), QStringLiteral("hour"), QStringLiteral("hours")}},
        {"min", 60, {QStringLiteral("m"), QStringLiteral("min"), QStringLiteral("mins"), QStringLiteral("minute"), QStringLiteral("minutes")}},
        {"s", 1, {QStringLiteral("s"), QStringLiteral("sec"), QStringLiteral("secs"), QStringLiteral("second"), QStringLiteral("seconds")}},
    };
    return table;
}

qint64 unitOf(qint64 seconds)
{
    for (const Unit &unit : units()) {
        if (seconds >= unit.seconds && seconds % unit.seconds == 0)
            return unit.seconds;
    }
    return 1;
}

const QRegularExpression &pattern()
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{0,9})\\s*([a-z]*)\\s*$"), QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

DurationSpinBox::DurationSpinBox(QWidget *parent) : QSpinBox(parent)
{
    setRange(0, 30 * 24 * 3600);
    setToolTip(tr("Seconds, minutes, hours or days: type 90 s, 15 min, 2 h or 1 d"));
}

QString DurationSpinBox::text(qint64 seconds)
{
    for (const Unit &unit : units()) {
        if (seconds >= unit.seconds && seconds % unit.seconds == 0)
            return QStringLiteral("%1 %2").arg(seconds / unit.seconds).arg(QLatin1String(unit.symbol));
    }
    return QStringLiteral("%1 s").arg(seconds);
}

std::optional<qint64> DurationSpinBox::parse(const QString &text)
{
    const QRegularExpressionMatch match = pattern().match(text);
    if (!match.hasMatch() || match.capturedLength(1) == 0)
        return std::nullopt;
    const qint64 number = match.captured(1).toLongLong();
    const QString unit = match.captured(2).toLower();
    if (unit.isEmpty())
        return number;
    for (const Unit &known : units()) {
        if (known.spellings.contains(unit))
            return number * known.seconds;
    }
    return std::nullopt;
}

void DurationSpinBox::stepBy(int steps)
{
    const qint64 now = value();
    qint64 step = unitOf(now);
    // Down from "1 h" goes to "59 min", not to nothing: the next smaller unit once a step would
    // leave less than one of the current one.
    while (steps < 0 && step > 1 && now + steps * step < step)
        step = step == 3600 * 24 ? 3600 : step == 3600 ? 60 : 1;
    setValue(int(qBound(qint64(minimum()), now + steps * step, qint64(maximum()))));
    selectAll();
}

QString DurationSpinBox::textFromValue(int value) const
{
    return text(value);
}

int DurationSpinBox::valueFromText(const QString &text) const
{
    return int(qBound(qint64(minimum()), parse(text).value_or(value()), qint64(maximum())));
}

QValidator::State DurationSpinBox::validate(QString &input, int &) const
{
    const QRegularExpressionMatch match = pattern().match(input);
    if (!match.hasMatch())
        return QValidator::Invalid;
    const std::optional<qint64> seconds = parse(input);
    if (!seconds) {
        // "15 mi" on the way to "15 min": a beginning of a unit is allowed while typing.
        const QString unit = match.captured(2).toLower();
        for (const Unit &known : units()) {
            for (const QString &spelling : known.spellings) {
                if (spelling.startsWith(unit))
                    return QValidator::Intermediate;
            }
        }
        return QValidator::Invalid;
    }
    return *seconds >= minimum() && *seconds <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

} // namespace td
