// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyTextParser.h"

#include "core/jose/KeyFormats.h"

namespace td {

namespace {

QString pastedLabel(int number)
{
    return QStringLiteral("pasted key %1").arg(number);
}

// Splits the text into candidate key blocks: each PEM block on its own, and otherwise runs of
// non-blank lines.
QList<QByteArray> splitBlocks(QByteArrayView text)
{
    QList<QByteArray> blocks;
    QByteArray current;
    bool inPem = false;
    const QList<QByteArray> lines = QByteArray(text.data(), text.size()).split('\n');
    const auto flush = [&] {
        if (!current.trimmed().isEmpty())
            blocks.append(current);
        current.clear();
    };
    for (const QByteArray &rawLine : lines) {
        const QByteArray line = rawLine.trimmed();
        if (line.startsWith("-----BEGIN ")) {
            flush();
            inPem = true;
        }
        if (line.isEmpty() && !inPem) {
            flush();
            continue;
        }
        current.append(line).append('\n');
        if (inPem && line.startsWith("-----END ")) {
            inPem = false;
            flush();
        }
    }
    flush();
    return blocks;
}

} // namespace

ParsedKeys KeyTextParser::parsePasted(QByteArrayView text)
{
    ParsedKeys parsed;
    if (QByteArray(text.data(), text.size()).trimmed().isEmpty())
        return parsed;

    const Result<ImportedKeys> whole = KeyFormats::parse(text);
    if (whole.ok()) {
        for (const Jwk &key : whole->keys)
            parsed.keys.append(NamedKey{pastedLabel(parsed.keys.size() + 1), key});
        return parsed;
    }

    const QList<QByteArray> blocks = splitBlocks(text);
    if (blocks.size() < 2) {
        parsed.errors.append(whole.error().toString());
        return parsed;
    }
    int number = 0;
    for (const QByteArray &block : blocks) {
        const Result<ImportedKeys> one = KeyFormats::parse(block);
        if (!one.ok()) {
            // Numbered like the keys so the person can find the block that is wrong.
            parsed.errors.append(QStringLiteral("%1: %2").arg(pastedLabel(++number), one.error().toString()));
            continue;
        }
        for (const Jwk &key : one->keys)
            parsed.keys.append(NamedKey{pastedLabel(++number), key});
    }
    return parsed;
}

QList<NamedKey> KeyTextParser::labelFileKeys(const QList<Jwk> &keys, const QString &fileName)
{
    QList<NamedKey> named;
    for (int i = 0; i < keys.size(); ++i) {
        const QString label = i == 0 ? fileName : QStringLiteral("%1 #%2").arg(fileName).arg(i + 1);
        named.append(NamedKey{label, keys.at(i)});
    }
    return named;
}

QString KeyTextParser::describe(const Jwk &key)
{
    // Eight characters of the thumbprint are enough to tell keys apart at a glance; the full
    // value belongs in the key manager.
    QString text = key.describe();
    const QString thumbprint = key.thumbprint();
    if (!thumbprint.isEmpty())
        text += QStringLiteral(" · thumbprint %1…").arg(thumbprint.left(8));
    if (!key.kid().isEmpty())
        text += QStringLiteral(" · kid %1").arg(key.kid());
    return text;
}

} // namespace td
