// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace td {

struct SpecExpressionNode;

// A spec field's `compute` expression (docs/specs.md, "Computed values"): identifiers, 'text'
// literals, `+` and a fixed set of functions. Parsed once when the spec loads, with every type
// error found then (bytes used as text), so evaluation can only fail on missing inputs or size.
class SpecExpression
{
public:
    // Bounds that keep hostile spec files cheap: the parser and the evaluator never recurse
    // deeper than kMaxDepth calls and no value grows beyond kMaxValueBytes.
    static constexpr int kMaxLength = 4096;       // characters of expression text
    static constexpr int kMaxDepth = 32;          // nested function calls
    static constexpr int kMaxRandomHex = 1024;    // random_hex(n): n hex characters, 1..1024
    static constexpr int kMaxValueBytes = 1 << 20; // any intermediate or final value

    // An identifier's value; `secret` marks values masked wherever the call is recorded.
    struct Input {
        QString text;
        bool secret = false;
    };
    using Lookup = std::function<std::optional<Input>(const QString &name)>;
    using Clock = std::function<qint64()>;              // milliseconds since the epoch
    using RandomSource = std::function<QByteArray(int count)>; // exactly `count` random bytes

    // What evaluation needs from outside; an empty clock or random source means CallClock::nowMs
    // and OpenSSL's CSPRNG.
    struct Scope {
        Lookup lookup;
        Clock clock;
        RandomSource random;
    };

    // The text a hash or HMAC was computed over, and that text with secret inputs shown as ***,
    // so a form can show what was signed (the EnOS "Signed string").
    struct HashedText {
        QString function;
        QString text;
        QString masked;
    };

    struct Value {
        QString text;
        // True when a secret input reaches the value reversibly (concatenated, encoded, upper-cased);
        // a hash or HMAC of a secret is not secret, as the EnOS signature never was.
        bool secret = false;
        QString masked;            // `text` with the secret inputs replaced by ***
        QList<HashedText> hashed;  // in evaluation order
    };

    SpecExpression();

    // SpecInvalid with "… at column N" (0-based, in UTF-16 characters) naming the first problem.
    [[nodiscard]] static Result<SpecExpression> parse(const QString &text);

    bool isNull() const { return !m_root; }
    const QString &text() const { return m_text; }
    // The identifiers the expression reads, each once, in order of first use.
    const QStringList &identifiers() const { return m_identifiers; }
    // Whether the value changes from one evaluation to the next (now_ms, now_s, uuid, random_hex).
    bool isVolatile() const { return m_volatile; }
    // For an expression that is the clock and nothing else: the milliseconds in one of its units
    // (1 for now_ms(), 1000 for now_s()); 0 otherwise. A server checks such a field's window.
    int clockUnitMs() const;

    // FieldMissing "identifier 'x' is not provided" when the lookup has no value for x;
    // InputTooLarge when a value would grow beyond kMaxValueBytes.
    [[nodiscard]] Result<Value> evaluate(const Scope &scope) const;

    static QStringList functionNames();

private:
    std::shared_ptr<const SpecExpressionNode> m_root; // shared: FieldSpec copies stay cheap
    QString m_text;
    QStringList m_identifiers;
    bool m_volatile = false;
};

} // namespace td
