// SPDX-License-Identifier: GPL-3.0-or-later
#include "SpecExpression.h"

#include "core/api/CallClock.h"
#include "core/crypto/Digest.h"
#include "core/crypto/Random.h"
#include "core/jose/Base64Url.h"

#include <vector>

namespace td {

namespace {

enum class Function { Sha256, Sha512, HmacSha256, HmacSha512, Hex, Base64, Base64Url, Upper, Lower, NowMs, NowS, Uuid, RandomHex };
enum class Takes { Nothing, Anything, Text, Count }; // Anything: text or bytes; Count: random_hex's number

struct FunctionInfo {
    const char *name;
    Function function;
    int arity;
    Takes takes;
    bool returnsBytes;
    bool isVolatile;
};

constexpr FunctionInfo kFunctions[] = {
    {"sha256", Function::Sha256, 1, Takes::Anything, true, false},
    {"sha512", Function::Sha512, 1, Takes::Anything, true, false},
    {"hmac_sha256", Function::HmacSha256, 2, Takes::Anything, true, false},
    {"hmac_sha512", Function::HmacSha512, 2, Takes::Anything, true, false},
    {"hex", Function::Hex, 1, Takes::Anything, false, false},
    {"base64", Function::Base64, 1, Takes::Anything, false, false},
    {"base64url", Function::Base64Url, 1, Takes::Anything, false, false},
    {"upper", Function::Upper, 1, Takes::Text, false, false},
    {"lower", Function::Lower, 1, Takes::Text, false, false},
    {"now_ms", Function::NowMs, 0, Takes::Nothing, false, true},
    {"now_s", Function::NowS, 0, Takes::Nothing, false, true},
    {"uuid", Function::Uuid, 0, Takes::Nothing, false, true},
    {"random_hex", Function::RandomHex, 1, Takes::Count, false, true},
};

const FunctionInfo *findFunction(const QString &name)
{
    for (const FunctionInfo &info : kFunctions) {
        if (name == QLatin1String(info.name))
            return &info;
    }
    return nullptr;
}

} // namespace

struct SpecExpressionNode {
    enum class Kind { Literal, Number, Identifier, Call, Concat };
    Kind kind = Kind::Literal;
    int column = 0;
    QString text;                      // the literal's text, the identifier's or function's name
    int number = 0;                    // Number: its value (capped above kMaxRandomHex)
    const FunctionInfo *function = nullptr;
    bool bytes = false;                // the value's type: bytes (hashes, HMACs) or text
    std::vector<SpecExpressionNode> children;
};

namespace {

using Node = SpecExpressionNode;

Error failAt(int column, const QString &what)
{
    return makeError(ErrorCode::SpecInvalid, QStringLiteral("%1 at column %2").arg(what, QString::number(column)));
}

QString shown(QChar c)
{
    if (c.isPrint())
        return QStringLiteral("'%1'").arg(c);
    return QStringLiteral("U+%1").arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
}

// Where a value of the wrong type is used: numbers only in random_hex(), bytes only in hashes,
// HMACs and encoders. `user` names what takes the value ("'+'", "upper()", "the field").
Result<void> checkOperand(const Node &node, const QString &user, bool bytesAllowed)
{
    if (node.kind == Node::Kind::Number)
        return failAt(node.column, QStringLiteral("a number is only allowed in random_hex(); write text as '%1'").arg(node.text));
    if (node.bytes && !bytesAllowed)
        return failAt(node.column, QStringLiteral("%1() gives bytes, which %2 cannot take: wrap it in hex(), base64() or base64url()")
                                       .arg(node.text, user));
    return {};
}

class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text) {}

    Result<Node> parseAll()
    {
        skipSpace();
        if (atEnd())
            return makeError(ErrorCode::SpecInvalid, QStringLiteral("the expression is empty"));
        Result<Node> root = parseSum(0);
        if (!root)
            return root;
        skipSpace();
        if (!atEnd())
            return failAt(m_pos, QStringLiteral("expected '+' or the end of the expression, found %1").arg(shown(peek())));
        if (Result<void> typed = checkOperand(root.value(), QStringLiteral("a field's value"), false); !typed)
            return typed.error();
        return root;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    void skipSpace()
    {
        while (!atEnd() && (peek() == u' ' || peek() == u'\t' || peek() == u'\n' || peek() == u'\r'))
            ++m_pos;
    }

    static bool isNameStart(QChar c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_'; }
    static bool isNameChar(QChar c) { return isNameStart(c) || (c >= u'0' && c <= u'9') || c == u'-'; }

    // term ('+' term)*, flattened into one Concat node so long sums do not recurse.
    Result<Node> parseSum(int depth)
    {
        Result<Node> first = parseTerm(depth);
        if (!first)
            return first;
        skipSpace();
        if (peek() != u'+')
            return first;
        Node sum;
        sum.kind = Node::Kind::Concat;
        sum.column = first->column;
        sum.children.push_back(std::move(first).value());
        while (peek() == u'+') {
            ++m_pos;
            Result<Node> term = parseTerm(depth);
            if (!term)
                return term;
            sum.children.push_back(std::move(term).value());
            skipSpace();
        }
        for (const Node &operand : sum.children) {
            if (Result<void> typed = checkOperand(operand, QStringLiteral("'+'"), false); !typed)
                return typed.error();
        }
        return sum;
    }

    Result<Node> parseTerm(int depth)
    {
        skipSpace();
        if (atEnd())
            return failAt(m_pos, QStringLiteral("expected a value"));
        const QChar c = peek();
        if (c == u'\'')
            return parseString();
        if (c >= u'0' && c <= u'9')
            return parseNumber();
        if (isNameStart(c))
            return parseNameOrCall(depth);
        return failAt(m_pos, QStringLiteral("expected a value, found %1").arg(shown(c)));
    }

    // 'text' with \' \\ \n \r \t as the only escapes.
    Result<Node> parseString()
    {
        Node node;
        node.column = m_pos++;
        while (!atEnd()) {
            const QChar c = m_text.at(m_pos++);
            if (c == u'\'')
                return node;
            if (c != u'\\') {
                node.text.append(c);
                continue;
            }
            if (atEnd())
                break;
            const QChar escaped = m_text.at(m_pos);
            static const QString kFrom = QStringLiteral("'\\nrt");
            static const QString kTo = QStringLiteral("'\\\n\r\t");
            const qsizetype which = kFrom.indexOf(escaped);
            if (which < 0)
                return failAt(m_pos - 1, QStringLiteral("unknown escape '\\%1' (use \\', \\\\, \\n, \\r or \\t)").arg(escaped));
            node.text.append(kTo.at(which));
            ++m_pos;
        }
        return failAt(node.column, QStringLiteral("unterminated string"));
    }

    Result<Node> parseNumber()
    {
        Node node;
        node.kind = Node::Kind::Number;
        node.column = m_pos;
        while (!atEnd() && peek() >= u'0' && peek() <= u'9') {
            node.number = std::min(node.number * 10 + (peek().unicode() - u'0'), SpecExpression::kMaxRandomHex + 1);
            node.text.append(peek());
            ++m_pos;
        }
        return node;
    }

    Result<Node> parseNameOrCall(int depth)
    {
        Node node;
        node.kind = Node::Kind::Identifier;
        node.column = m_pos;
        while (!atEnd() && isNameChar(peek()))
            node.text.append(m_text.at(m_pos++));
        skipSpace();
        if (peek() != u'(')
            return node;
        node.kind = Node::Kind::Call;
        node.function = findFunction(node.text);
        if (!node.function)
            return failAt(node.column, QStringLiteral("unknown function '%1'").arg(node.text));
        if (depth >= SpecExpression::kMaxDepth)
            return failAt(node.column, QStringLiteral("function calls nested deeper than %1").arg(SpecExpression::kMaxDepth));
        node.bytes = node.function->returnsBytes;
        if (Result<void> arguments = parseArguments(node, depth + 1); !arguments)
            return arguments.error();
        if (Result<void> checked = checkCall(node); !checked)
            return checked.error();
        return node;
    }

    Result<void> parseArguments(Node &call, int depth)
    {
        ++m_pos; // '('
        skipSpace();
        if (peek() == u')') {
            ++m_pos;
            return {};
        }
        while (true) {
            Result<Node> argument = parseSum(depth);
            if (!argument)
                return argument.error();
            call.children.push_back(std::move(argument).value());
            skipSpace();
            if (peek() == u')') {
                ++m_pos;
                return {};
            }
            if (peek() != u',')
                return failAt(m_pos, QStringLiteral("expected ')'"));
            ++m_pos;
        }
    }

    static Result<void> checkCall(const Node &call)
    {
        const FunctionInfo &info = *call.function;
        const int count = static_cast<int>(call.children.size());
        if (count != info.arity)
            return failAt(call.column, QStringLiteral("%1() takes %2 argument%3, not %4")
                                           .arg(call.text).arg(info.arity).arg(info.arity == 1 ? QString() : QStringLiteral("s")).arg(count));
        if (info.takes == Takes::Count) {
            const Node &n = call.children.front();
            if (n.kind != Node::Kind::Number || n.number < 1 || n.number > SpecExpression::kMaxRandomHex)
                return failAt(n.column, QStringLiteral("random_hex() takes a number of hex characters from 1 to %1")
                                            .arg(SpecExpression::kMaxRandomHex));
            return {};
        }
        for (const Node &argument : call.children) {
            if (Result<void> typed = checkOperand(argument, call.text + QStringLiteral("()"), info.takes == Takes::Anything); !typed)
                return typed;
        }
        return {};
    }

    const QString &m_text;
    int m_pos = 0;
};

void collect(const Node &node, QStringList &identifiers, bool &isVolatile)
{
    if (node.kind == Node::Kind::Identifier && !identifiers.contains(node.text))
        identifiers.append(node.text);
    if (node.function && node.function->isVolatile)
        isVolatile = true;
    for (const Node &child : node.children)
        collect(child, identifiers, isVolatile);
}

// A value during evaluation: text as UTF-8 (or bytes), its masked shadow, and whether a secret
// reaches it reversibly.
struct Piece {
    QByteArray data;
    QByteArray masked;
    bool secret = false;
};

const QByteArray kMask = QByteArrayLiteral("***");

QByteArray formatUuid(QByteArray bytes)
{
    bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    const QByteArray hex = bytes.toHex();
    return hex.mid(0, 8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-' + hex.mid(16, 4) + '-' + hex.mid(20);
}

class Evaluator
{
public:
    explicit Evaluator(const SpecExpression::Scope &scope) : m_scope(scope) {}

    QList<SpecExpression::HashedText> hashed;

    Result<Piece> evaluate(const Node &node)
    {
        Result<Piece> piece = evaluateNode(node);
        if (piece && piece->data.size() > SpecExpression::kMaxValueBytes)
            return makeError(ErrorCode::InputTooLarge, QStringLiteral("the value at column %1 is longer than %2 bytes")
                                                           .arg(node.column).arg(SpecExpression::kMaxValueBytes));
        return piece;
    }

private:
    Result<Piece> evaluateNode(const Node &node)
    {
        switch (node.kind) {
        case Node::Kind::Literal:
        case Node::Kind::Number: {
            const QByteArray text = node.text.toUtf8();
            return Piece{text, text, false};
        }
        case Node::Kind::Identifier: return identifier(node);
        case Node::Kind::Concat: return concat(node);
        case Node::Kind::Call: return call(node);
        }
        return makeError(ErrorCode::Internal, QStringLiteral("unknown expression node"));
    }

    Result<Piece> identifier(const Node &node)
    {
        const std::optional<SpecExpression::Input> input = m_scope.lookup ? m_scope.lookup(node.text) : std::nullopt;
        if (!input)
            return makeError(ErrorCode::FieldMissing, QStringLiteral("identifier '%1' is not provided").arg(node.text));
        const QByteArray text = input->text.toUtf8();
        return Piece{text, input->secret ? kMask : text, input->secret};
    }

    Result<Piece> concat(const Node &node)
    {
        Piece sum;
        for (const Node &child : node.children) {
            Result<Piece> part = evaluate(child);
            if (!part)
                return part;
            sum.data += part->data;
            sum.masked += part->masked;
            sum.secret = sum.secret || part->secret;
            if (sum.data.size() > SpecExpression::kMaxValueBytes)
                return makeError(ErrorCode::InputTooLarge, QStringLiteral("the value at column %1 is longer than %2 bytes")
                                                               .arg(node.column).arg(SpecExpression::kMaxValueBytes));
        }
        return sum;
    }

    Result<Piece> call(const Node &node)
    {
        QList<Piece> arguments;
        for (const Node &child : node.children) {
            if (child.kind == Node::Kind::Number)
                break; // random_hex's count, read from the node
            Result<Piece> argument = evaluate(child);
            if (!argument)
                return argument;
            arguments.append(std::move(argument).value());
        }
        const Function function = node.function->function;
        if (node.function->returnsBytes)
            return hash(node, arguments);
        if (node.function->isVolatile)
            return generated(node);
        return transformed(function, arguments.front());
    }

    // sha256, sha512, hmac_sha256, hmac_sha512: the message (last argument) is recorded when it is text.
    Result<Piece> hash(const Node &node, const QList<Piece> &arguments)
    {
        const Function function = node.function->function;
        const DigestAlgorithm algorithm =
            function == Function::Sha256 || function == Function::HmacSha256 ? DigestAlgorithm::Sha256 : DigestAlgorithm::Sha512;
        const Piece &message = arguments.back();
        if (!node.children.back().bytes)
            hashed.append({node.text, QString::fromUtf8(message.data), QString::fromUtf8(message.masked)});
        if (arguments.size() == 1)
            return Piece{digest(algorithm, message.data), {}, false};
        Result<SecureBytes> mac = hmac(algorithm, arguments.front().data, message.data);
        if (!mac)
            return mac.error();
        return Piece{mac->toByteArray(), {}, false};
    }

    static Result<Piece> transformed(Function function, const Piece &argument)
    {
        Piece out;
        out.secret = argument.secret;
        switch (function) {
        case Function::Hex: out.data = argument.data.toHex(); break;
        case Function::Base64: out.data = argument.data.toBase64(); break;
        case Function::Base64Url: out.data = Base64Url::encode(argument.data); break;
        case Function::Upper:
        case Function::Lower: {
            const bool upper = function == Function::Upper;
            const auto recase = [upper](const QByteArray &text) {
                const QString value = QString::fromUtf8(text);
                return (upper ? value.toUpper() : value.toLower()).toUtf8();
            };
            return Piece{recase(argument.data), recase(argument.masked), argument.secret};
        }
        default: return makeError(ErrorCode::Internal, QStringLiteral("not a text function"));
        }
        out.masked = out.secret ? kMask : out.data;
        return out;
    }

    Result<Piece> generated(const Node &node)
    {
        QByteArray text;
        switch (node.function->function) {
        case Function::NowMs: text = QByteArray::number(now()); break;
        case Function::NowS: text = QByteArray::number(now() / 1000); break;
        case Function::Uuid: {
            Result<QByteArray> bytes = random(16);
            if (!bytes)
                return bytes.error();
            text = formatUuid(bytes.value());
            break;
        }
        default: {
            const int count = node.children.front().number;
            Result<QByteArray> bytes = random((count + 1) / 2);
            if (!bytes)
                return bytes.error();
            text = bytes->toHex().left(count);
        }
        }
        return Piece{text, text, false};
    }

    qint64 now() const { return m_scope.clock ? m_scope.clock() : CallClock::nowMs(); }

    Result<QByteArray> random(int count) const
    {
        const QByteArray bytes = m_scope.random ? m_scope.random(count) : randomBytes(static_cast<std::size_t>(count)).toByteArray();
        if (bytes.size() != count)
            return makeError(ErrorCode::Internal, QStringLiteral("the random source gave %1 bytes, not %2").arg(bytes.size()).arg(count));
        return bytes;
    }

    const SpecExpression::Scope &m_scope;
};

} // namespace

SpecExpression::SpecExpression() = default;

Result<SpecExpression> SpecExpression::parse(const QString &text)
{
    if (text.size() > kMaxLength)
        return makeError(ErrorCode::SpecInvalid, QStringLiteral("the expression is %1 characters long; at most %2 are allowed")
                                                     .arg(text.size()).arg(kMaxLength));
    if (const qsizetype nul = text.indexOf(QChar(0)); nul >= 0)
        return failAt(static_cast<int>(nul), QStringLiteral("NUL character"));
    Result<Node> root = Parser(text).parseAll();
    if (!root)
        return root.error();
    SpecExpression expression;
    expression.m_text = text;
    collect(root.value(), expression.m_identifiers, expression.m_volatile);
    expression.m_root = std::make_shared<const Node>(std::move(root).value());
    return expression;
}

Result<SpecExpression::Value> SpecExpression::evaluate(const Scope &scope) const
{
    if (!m_root)
        return makeError(ErrorCode::Internal, QStringLiteral("an empty expression was evaluated"));
    Evaluator evaluator(scope);
    Result<Piece> piece = evaluator.evaluate(*m_root);
    if (!piece)
        return piece.error();
    return Value{QString::fromUtf8(piece->data), piece->secret, QString::fromUtf8(piece->masked), std::move(evaluator.hashed)};
}

int SpecExpression::clockUnitMs() const
{
    if (!m_root || m_root->kind != Node::Kind::Call || !m_root->function)
        return 0;
    switch (m_root->function->function) {
    case Function::NowMs: return 1;
    case Function::NowS: return 1000;
    default: return 0;
    }
}

QStringList SpecExpression::functionNames()
{
    QStringList names;
    for (const FunctionInfo &info : kFunctions)
        names.append(QLatin1String(info.name));
    return names;
}

} // namespace td
