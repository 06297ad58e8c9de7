// SPDX-License-Identifier: GPL-3.0-or-later
#include "InspectCommand.h"

#include "cli/CliArgs.h"
#include "cli/CliIo.h"
#include "cli/CliVault.h"
#include "core/inspect/TokenInspector.h"
#include "core/jose/Base64Url.h"

#include <QJsonDocument>

#include <algorithm>

namespace td {

namespace {

const QString kInspectUsage = QStringLiteral("tokendesk-cli inspect [TOKEN] [--key FILE...] [--vault FILE] [--json]");

// Long payloads are cut in the human view; --json and the decrypt/verify commands give all bytes.
constexpr qsizetype kMaxShownPayload = 64 * 1024;

QString indentLines(const QString &text, const QString &indent)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    for (QString &line : lines)
        line.prepend(indent);
    return lines.join(QLatin1Char('\n'));
}

QString severityName(Diagnostic::Severity severity)
{
    switch (severity) {
    case Diagnostic::Severity::Info: return QStringLiteral("info");
    case Diagnostic::Severity::Warning: return QStringLiteral("warning");
    case Diagnostic::Severity::Error: return QStringLiteral("error");
    }
    return QStringLiteral("info");
}

QString kindTitle(InspectionReport::Kind kind)
{
    switch (kind) {
    case InspectionReport::Kind::Empty: return QStringLiteral("empty input");
    case InspectionReport::Kind::Jwe: return QStringLiteral("JWE (compact serialization)");
    case InspectionReport::Kind::Jws: return QStringLiteral("JWS (compact serialization)");
    case InspectionReport::Kind::Opaque: return QStringLiteral("opaque (neither a compact JWE nor a JWS)");
    }
    return {};
}

// The error to put on stderr when the inspection did not fully succeed.
Error failureOf(const InspectionReport &report, bool keysGiven)
{
    if (report.error)
        return *report.error;
    for (const Diagnostic &diagnostic : report.diagnostics) {
        if (diagnostic.severity == Diagnostic::Severity::Error)
            return makeError(diagnostic.code, diagnostic.message);
    }
    if (!report.structureOk)
        return makeError(ErrorCode::Internal, QStringLiteral("the token's structure is not valid"));
    if (keysGiven && !report.keyOperationTried)
        return makeError(ErrorCode::NoKey, QStringLiteral("no key was tried on the token"));
    return makeError(ErrorCode::NoKeyMatched,
                     report.kind == InspectionReport::Kind::Jwe ? QStringLiteral("no key decrypted the token")
                                                                : QStringLiteral("no key verified the token"));
}

} // namespace

QString InspectCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  %1\n"
        "      Explain a token: its kind, each segment, the header, the claims with local time and\n"
        "      a relative phrase, and with --key the decrypt or verify result for every key. Exit 0\n"
        "      when the structure is valid and (with keys) a key decrypted or verified the token.\n"
        "      --json prints the machine-readable report on one line. --vault FILE also tries every\n"
        "      key in the vault (passphrase from --passphrase-fd N, TOKENDESK_VAULT_PASSPHRASE or a\n"
        "      prompt) and names the entry that worked.\n"
        "\n"
        "TOKEN is read from standard input when absent or \"-\".\n")
        .arg(kInspectUsage);
}

QString InspectCommand::render(const InspectionReport &report, const QDateTime &now)
{
    QStringList out;
    out << QStringLiteral("Kind: %1").arg(kindTitle(report.kind));

    if (!report.segments.isEmpty()) {
        out << QStringLiteral("Segments:");
        qsizetype nameWidth = 0;
        for (const SegmentInfo &segment : report.segments)
            nameWidth = std::max(nameWidth, segment.name.size());
        int index = 1;
        for (const SegmentInfo &segment : report.segments) {
            const QString decoded = segment.decodedLength < 0 ? QStringLiteral("not decoded")
                                                               : QStringLiteral("%1 bytes").arg(segment.decodedLength);
            QString line = QStringLiteral("  %1 %2  %3 chars -> %4  %5")
                               .arg(index++)
                               .arg(segment.name.leftJustified(nameWidth))
                               .arg(segment.encodedLength, 6)
                               .arg(decoded.leftJustified(12), segment.ok ? QStringLiteral("ok") : QStringLiteral("FAILED"));
            if (!segment.note.isEmpty())
                line += QStringLiteral("  (%1)").arg(segment.note);
            out << line;
        }
    }

    if (!report.header.isEmpty()) {
        out << QStringLiteral("Header:");
        out << indentLines(QString::fromUtf8(QJsonDocument(report.header).toJson(QJsonDocument::Indented)), QStringLiteral("  "));
    }

    if (report.claims) {
        out << QStringLiteral("Claims:");
        const QList<ClaimRow> rows = report.claims->rows(now);
        qsizetype nameWidth = 0;
        for (const ClaimRow &row : rows)
            nameWidth = std::max(nameWidth, row.name.size());
        for (const ClaimRow &row : rows) {
            QString line = QStringLiteral("  %1  %2").arg(row.name.leftJustified(nameWidth), row.value);
            if (!row.localTime.isEmpty())
                line += QStringLiteral("  %1").arg(row.localTime);
            if (!row.relative.isEmpty())
                line += QStringLiteral("  (%1)").arg(row.relative);
            out << line;
        }
    }

    if (report.keyOperationTried || !report.attempts.isEmpty()) {
        out << QStringLiteral("Keys:");
        for (const KeyAttempt &attempt : report.attempts) {
            QString line = QStringLiteral("  %1 %2").arg(attempt.succeeded ? QStringLiteral("[ok]    ") : QStringLiteral("[failed]"), attempt.label);
            if (!attempt.succeeded && !attempt.error.message.isEmpty())
                line += QStringLiteral(": %1: %2").arg(errorCodeName(attempt.error.code), attempt.error.toString());
            if (!attempt.reason.isEmpty())
                line += QStringLiteral(" [%1]").arg(attempt.reason);
            out << line;
        }
        out << (report.keyOperationOk ? QStringLiteral("Key used: %1").arg(report.keyUsed)
                                      : QStringLiteral("Key used: none worked"));
    }

    const bool showPayload = report.kind == InspectionReport::Kind::Jws
        || (report.kind == InspectionReport::Kind::Jwe && report.keyOperationOk);
    if (showPayload) {
        const QString title = report.kind == InspectionReport::Kind::Jwe ? QStringLiteral("Plaintext") : QStringLiteral("Payload");
        const QByteArray shown = report.payload.left(kMaxShownPayload);
        if (report.payloadIsUtf8) {
            out << QStringLiteral("%1 (UTF-8, %2 bytes):").arg(title).arg(report.payload.size());
            out << indentLines(QString::fromUtf8(shown), QStringLiteral("  "));
        } else {
            out << QStringLiteral("%1 (binary, %2 bytes, shown as base64url):").arg(title).arg(report.payload.size());
            out << QStringLiteral("  %1").arg(QString::fromLatin1(Base64Url::encode(shown)));
        }
        if (report.payload.size() > shown.size())
            out << QStringLiteral("  ... %1 more bytes not shown").arg(report.payload.size() - shown.size());
    }

    if (!report.diagnostics.isEmpty()) {
        out << QStringLiteral("Diagnostics:");
        for (const Diagnostic &diagnostic : report.diagnostics) {
            QString line = QStringLiteral("  %1 ").arg(severityName(diagnostic.severity).leftJustified(7));
            if (diagnostic.severity != Diagnostic::Severity::Info)
                line += errorCodeName(diagnostic.code) + QStringLiteral(": ");
            line += diagnostic.message;
            out << line;
        }
    }
    // The stopping error usually is one of the diagnostics already; print it only when it is not.
    if (report.error) {
        const bool alreadyShown = std::any_of(report.diagnostics.cbegin(), report.diagnostics.cend(), [&report](const Diagnostic &d) {
            return d.code == report.error->code && d.message == report.error->message;
        });
        if (!alreadyShown)
            out << QStringLiteral("Result: %1: %2").arg(errorCodeName(report.error->code), report.error->toString());
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

int InspectCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    auto args = m_io.parseCommand(rawArgs,
                                  {{QStringLiteral("key"), true, true},
                                   {QStringLiteral("json"), false},
                                   {QStringLiteral("vault"), true, false},
                                   {QStringLiteral("passphrase-fd"), true, false}},
                                  1, kInspectUsage, help(), exitCode);
    if (!args)
        return exitCode;

    QList<NamedKey> keys;
    if (args->has(QStringLiteral("key"))) {
        auto loaded = m_io.loadKeyFiles(args->paths(QStringLiteral("key")));
        if (!loaded)
            return m_io.fail(loaded.error());
        keys = loaded.value();
    }
    if (args->has(QStringLiteral("vault"))) {
        // Stored keys come after the files given: the engineer's explicit choice is tried first.
        auto vault = CliVault::open(args.value());
        if (!vault)
            return m_io.fail(vault.error());
        keys += CliVault::keys(*vault.value());
    }
    auto input = m_io.readInput(args.value(), 0, QStringLiteral("token"), false);
    if (!input)
        return m_io.fail(input.error());

    const QDateTime now = QDateTime::currentDateTime();
    const InspectionReport report = TokenInspector::inspect(input.value(), keys, now);
    if (args->has(QStringLiteral("json")))
        m_io.writeOut(QJsonDocument(report.toJson(now)).toJson(QJsonDocument::Compact) + '\n');
    else
        m_io.writeOut(render(report, now).toUtf8());

    // An opaque token (one segment) is information, not a failure: only its issuer can read it,
    // and no key applies to it.
    if (report.kind == InspectionReport::Kind::Opaque && !report.error) {
        if (!keys.isEmpty())
            m_io.writeErrLine(QStringLiteral("note: an opaque token is not encrypted or signed in a form TokenDesk can "
                                             "read; the keys given were not used"));
        return CliExitSuccess;
    }
    const bool ok = report.structureOk && (keys.isEmpty() || report.keyOperationOk);
    if (!ok)
        return m_io.fail(failureOf(report, !keys.isEmpty()), report.attempts);
    return CliExitSuccess;
}

} // namespace td
