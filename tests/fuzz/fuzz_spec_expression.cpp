// SPDX-License-Identifier: GPL-3.0-or-later
// The `compute` expression language (SpecExpression): a spec file from the user's directory is
// outside input. Every input is parsed; one that parses is evaluated with a fixed lookup, clock
// and byte source. Invariants: no crash, bounded time and memory (the parser's length and depth
// limits, the evaluator's value limit), and a secret input never shows in a masked text or in a
// value not marked secret.
#include "FuzzSupport.h"

#include "core/api/SpecExpression.h"

namespace {

// Secret values hold a NUL, which no literal can (the parser refuses NUL), so finding one in a
// masked text can only mean a secret leaked through.
const QString kSecretMark = QStringLiteral("sec") + QChar(0) + QStringLiteral("ret:");

td::SpecExpression::Scope fixedScope()
{
    td::SpecExpression::Scope scope;
    scope.lookup = [](const QString &name) -> std::optional<td::SpecExpression::Input> {
        if (name.startsWith(QLatin1String("missing")))
            return std::nullopt;
        if (name.contains(QLatin1String("secret"), Qt::CaseInsensitive))
            return td::SpecExpression::Input{kSecretMark + name, true};
        return td::SpecExpression::Input{name, false};
    };
    scope.clock = [] { return qint64(1700000000000); };
    scope.random = [](int count) { return QByteArray(count, '\x5a'); };
    return scope;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const td::Result<td::SpecExpression> expression = td::SpecExpression::parse(text);
    if (!expression) {
        if (!expression.error().message.contains(QLatin1String("column")) && !expression.error().message.startsWith(QLatin1String("the expression is")))
            fuzz::violated("a parse error names no column");
        return 0;
    }
    for (const QString &name : expression->identifiers()) {
        if (!text.contains(name))
            fuzz::violated("identifiers() lists a name the text does not hold");
    }
    const td::Result<td::SpecExpression::Value> value = expression->evaluate(fixedScope());
    if (!value) {
        (void)value.error().toString();
        return 0;
    }
    if (value->text.size() > td::SpecExpression::kMaxValueBytes)
        fuzz::violated("a value beyond kMaxValueBytes");
    if (value->masked.contains(QChar(0)) || (!value->secret && value->text.contains(QChar(0))))
        fuzz::violated("a secret input reached a masked or non-secret value");
    for (const td::SpecExpression::HashedText &hashed : value->hashed) {
        if (hashed.masked.contains(QChar(0)))
            fuzz::violated("a secret input reached a masked signed string");
    }
    return 0;
}
