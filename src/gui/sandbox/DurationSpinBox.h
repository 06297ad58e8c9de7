// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSpinBox>

#include <optional>

namespace td {

// A number of seconds shown and typed with its unit: "90 s", "15 min", "2 h" (the largest unit
// that divides it). Typing "15 min" or "2h" works; a bare number is seconds. The arrows step by
// the unit shown, so 15 min goes to 16 min, not to 901 s.
class DurationSpinBox : public QSpinBox
{
    Q_OBJECT
public:
    explicit DurationSpinBox(QWidget *parent = nullptr);

    static QString text(qint64 seconds);
    // Seconds in "N", "N s", "N min", "N h" or "N d" (spaces and case free); nullopt otherwise.
    static std::optional<qint64> parse(const QString &text);

    void stepBy(int steps) override;

protected:
    QString textFromValue(int value) const override;
    int valueFromText(const QString &text) const override;
    QValidator::State validate(QString &input, int &pos) const override;
};

} // namespace td
