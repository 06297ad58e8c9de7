// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenInspector.h"

#include "core/jose/Base64Url.h"
#include "core/jose/CompactSerialization.h"
#include "core/jose/JoseAlgorithms.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

namespace td {

namespace {

const QStringList kJweSegmentNames = {QStringLiteral("protected header"), QStringLiteral("encrypted key"),
                                      QStringLiteral("initialization vector"), QStringLiteral("ciphertext"),
                                      QStringLiteral("authentication tag")};
const QStringList kJwsSegmentNames = {QStringLiteral("protected header"), QStringLiteral("payload"),
                                      QStringLiteral("signature")};

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

int countSegments(QByteArrayView token)
{
    return static_cast<int>(token.count('.')) + 1;
}

void addDiagnostic(InspectionReport &report, Diagnostic::Severity severity, ErrorCode code, const QString &message)
{
    report.diagnostics.append(Diagnostic{severity, code, message});
}

void fail(InspectionReport &report, const Error &error)
{
    report.error = error;
    addDiagnostic(report, Diagnostic::Severity::Error, error.code, error.toString());
}

// Fills the segment table independently of the full parse, so a person sees every segment's
// state even when an earlier one already stopped the parse.
void describeSegments(InspectionReport &report, const QList<QByteArrayView> &segments, const QStringList &names)
{
    for (qsizetype i = 0; i < segments.size(); ++i) {
        SegmentInfo info;
        info.name = names.value(i, QStringLiteral("segment %1").arg(i + 1));
        info.encodedLength = static_cast<int>(segments[i].size());
        auto decoded = CompactSerialization::decodeSegment(segments[i], static_cast<int>(i), info.name);
        if (decoded) {
            info.decodedLength = static_cast<int>(decoded.value().size());
            if (segments[i].isEmpty())
                info.note = QStringLiteral("empty");
        } else {
            info.ok = false;
            info.note = decoded.error().message;
        }
        report.segments.append(info);
    }
}

// Shows the header even when the full parse failed later (for instance on an unsupported alg).
void readHeaderLeniently(InspectionReport &report, QByteArrayView segment)
{
    auto decoded = Base64Url::decode(segment);
    if (!decoded)
        return;
    auto header = CompactSerialization::parseHeader(decoded.value());
    if (header)
        report.header = header.value();
}

void interpretPayload(InspectionReport &report, const QDateTime &now)
{
    report.payloadIsUtf8 = isUtf8(report.payload);
    if (!report.payloadIsUtf8) {
        addDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::PlaintextNotUtf8,
                      QStringLiteral("the %1 is not UTF-8 text (%2 bytes); it is shown as hex")
                          .arg(report.kind == InspectionReport::Kind::Jwe ? QStringLiteral("plaintext") : QStringLiteral("payload"))
                          .arg(report.payload.size()));
        return;
    }
    const QByteArray trimmed = report.payload.trimmed();
    if (trimmed.startsWith('{')) {
        auto claims = JwtClaims::fromPayload(trimmed);
        if (claims) {
            report.claims = claims.value();
            switch (claims->validity(now)) {
            case JwtClaims::Validity::Expired:
                addDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::ClaimInvalid,
                              QStringLiteral("the token has %1").arg(JwtClaims::relativePhrase(QStringLiteral("exp"), *claims->expiresAt(), now)));
                break;
            case JwtClaims::Validity::NotYetValid:
                addDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::ClaimInvalid,
                              QStringLiteral("the token is %1").arg(JwtClaims::relativePhrase(QStringLiteral("nbf"), *claims->notBefore(), now)));
                break;
            case JwtClaims::Validity::Valid:
            case JwtClaims::Validity::NoExpiry:
                break;
            }
        }
    } else if (countSegments(trimmed) == 3 || countSegments(trimmed) == 5) {
        if (Base64Url::isBase64Url(trimmed.left(trimmed.indexOf('.'))))
            addDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::Internal,
                          QStringLiteral("the %1 is itself a compact token (a nested JWT): paste it to inspect it")
                              .arg(report.kind == InspectionReport::Kind::Jwe ? QStringLiteral("plaintext") : QStringLiteral("payload")));
    }
}

// Copies a key trial into the report; `successFormat` takes the key's label and the algorithm.
bool recordOutcome(InspectionReport &report, const KeyTrialOutcome &outcome, const QString &successFormat,
                   const QString &algorithm)
{
    report.keyOperationTried = true;
    report.attempts = outcome.attempts;
    if (!outcome.ok) {
        fail(report, outcome.error);
        return false;
    }
    report.keyOperationOk = true;
    report.keyUsed = outcome.keyLabel;
    addDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::Internal, successFormat.arg(report.keyUsed, algorithm));
    return true;
}

void inspectJwe(InspectionReport &report, QByteArrayView token, const QList<NamedKey> &keys, const QDateTime &now)
{
    auto parsed = JweCompact::parse(token);
    if (!parsed) {
        fail(report, parsed.error());
        return;
    }
    const JweToken &jwe = parsed.value();
    report.header = jwe.header;
    report.structureOk = true;
    if (jwe.encryptedKey.isEmpty() && report.segments.size() > 1)
        report.segments[1].note = QStringLiteral("empty: expected for alg %1").arg(jweAlgName(jwe.alg));
    if (isWeak(jwe.alg))
        addDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::WeakAlgorithm,
                      QStringLiteral("%1 is a weak key encryption algorithm (PKCS #1 v1.5 padding); TokenDesk decrypts "
                                     "it but never encrypts with it").arg(jweAlgName(jwe.alg)));
    if (keys.isEmpty()) {
        addDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::NoKey,
                      QStringLiteral("encrypted with %1 / %2: paste or load a key to decrypt").arg(jweAlgName(jwe.alg), jweEncName(jwe.enc)));
        return;
    }
    KeyTrialOutcome outcome = KeyCandidates::decrypt(jwe, keys);
    if (!recordOutcome(report, outcome, QStringLiteral("decrypted with %1 (%2)"), jweAlgName(jwe.alg) + QStringLiteral(" / ") + jweEncName(jwe.enc)))
        return;
    report.payload = std::move(outcome.plaintext);
    interpretPayload(report, now);
}

void inspectJws(InspectionReport &report, QByteArrayView token, const QList<NamedKey> &keys, const QDateTime &now)
{
    auto parsed = JwsCompact::parse(token);
    if (!parsed) {
        fail(report, parsed.error());
        return;
    }
    const JwsToken &jws = parsed.value();
    report.header = jws.header;
    report.structureOk = true;
    report.payload = jws.payload;
    interpretPayload(report, now);
    if (jws.alg == JwsAlg::None) {
        addDiagnostic(report, Diagnostic::Severity::Warning, ErrorCode::UnsupportedAlg,
                      QStringLiteral("alg \"none\": this token is unsigned, anyone could have written it"));
        return;
    }
    if (keys.isEmpty()) {
        addDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::NoKey,
                      QStringLiteral("signed with %1: paste or load a key to verify the signature").arg(jwsAlgName(jws.alg)));
        return;
    }
    recordOutcome(report, KeyCandidates::verify(jws, keys), QStringLiteral("signature verified with %1 (%2)"), jwsAlgName(jws.alg));
}

QString severityName(Diagnostic::Severity severity)
{
    switch (severity) {
    case Diagnostic::Severity::Info: return QStringLiteral("info");
    case Diagnostic::Severity::Warning: return QStringLiteral("warning");
    case Diagnostic::Severity::Error: return QStringLiteral("error");
    }
    return {};
}

QJsonObject errorJson(const Error &error)
{
    QJsonObject object{{QStringLiteral("code"), errorCodeName(error.code)}, {QStringLiteral("message"), error.message}};
    if (!error.detail.isEmpty())
        object.insert(QStringLiteral("detail"), error.detail);
    return object;
}

} // namespace

InspectionReport TokenInspector::inspect(QByteArrayView input, const QList<NamedKey> &keys, const QDateTime &now)
{
    InspectionReport report;
    auto prepared = CompactSerialization::prepare(input);
    if (!prepared) {
        report.kind = prepared.error().code == ErrorCode::EmptyInput ? InspectionReport::Kind::Empty : InspectionReport::Kind::Opaque;
        fail(report, prepared.error());
        return report;
    }
    const QByteArrayView token = prepared.value();
    const int count = countSegments(token);
    if (count == 1) {
        report.kind = InspectionReport::Kind::Opaque;
        report.payload = token.toByteArray();
        addDiagnostic(report, Diagnostic::Severity::Info, ErrorCode::SegmentCount,
                      QStringLiteral("no '.' separators: an opaque token (%1 characters), not a JWS or JWE in compact "
                                     "serialization; only its issuer can read it").arg(token.size()));
        return report;
    }
    auto segments = CompactSerialization::split(token, {3, 5}, QStringLiteral("JWS (3) or JWE (5)"));
    if (!segments) {
        report.kind = InspectionReport::Kind::Opaque;
        fail(report, segments.error());
        return report;
    }
    report.kind = count == 5 ? InspectionReport::Kind::Jwe : InspectionReport::Kind::Jws;
    describeSegments(report, segments.value(), count == 5 ? kJweSegmentNames : kJwsSegmentNames);
    readHeaderLeniently(report, segments->first());
    if (report.kind == InspectionReport::Kind::Jwe)
        inspectJwe(report, token, keys, now);
    else
        inspectJws(report, token, keys, now);
    return report;
}

QString InspectionReport::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Empty: return QStringLiteral("empty");
    case Kind::Jwe: return QStringLiteral("jwe");
    case Kind::Jws: return QStringLiteral("jws");
    case Kind::Opaque: return QStringLiteral("opaque");
    }
    return {};
}

QJsonObject InspectionReport::toJson(const QDateTime &now) const
{
    QJsonObject root;
    root.insert(QStringLiteral("kind"), kindName(kind));
    root.insert(QStringLiteral("ok"), !error.has_value());
    root.insert(QStringLiteral("structureOk"), structureOk);
    QJsonArray segmentArray;
    for (const SegmentInfo &segment : segments) {
        QJsonObject object{{QStringLiteral("name"), segment.name},
                           {QStringLiteral("encodedLength"), segment.encodedLength},
                           {QStringLiteral("ok"), segment.ok}};
        if (segment.decodedLength >= 0)
            object.insert(QStringLiteral("decodedLength"), segment.decodedLength);
        if (!segment.note.isEmpty())
            object.insert(QStringLiteral("note"), segment.note);
        segmentArray.append(object);
    }
    root.insert(QStringLiteral("segments"), segmentArray);
    root.insert(QStringLiteral("header"), header);

    QJsonObject keyOperation{{QStringLiteral("tried"), keyOperationTried}, {QStringLiteral("ok"), keyOperationOk}};
    if (!keyUsed.isEmpty())
        keyOperation.insert(QStringLiteral("keyUsed"), keyUsed);
    QJsonArray attemptArray;
    for (const KeyAttempt &attempt : attempts) {
        QJsonObject object{{QStringLiteral("label"), attempt.label}, {QStringLiteral("ok"), attempt.succeeded},
                           {QStringLiteral("reason"), attempt.reason}};
        if (!attempt.succeeded)
            object.insert(QStringLiteral("error"), errorJson(attempt.error));
        attemptArray.append(object);
    }
    keyOperation.insert(QStringLiteral("attempts"), attemptArray);
    root.insert(QStringLiteral("keyOperation"), keyOperation);

    const bool hasPayload = kind == Kind::Jws || (kind == Kind::Jwe && keyOperationOk);
    if (hasPayload) {
        if (payloadIsUtf8)
            root.insert(QStringLiteral("payload"), QString::fromUtf8(payload));
        root.insert(QStringLiteral("payloadBase64url"), QString::fromLatin1(Base64Url::encode(payload)));
    }
    if (claims) {
        root.insert(QStringLiteral("claims"), claims->claims());
        QJsonArray times;
        for (const ClaimRow &row : claims->rows(now)) {
            if (row.localTime.isEmpty())
                continue;
            times.append(QJsonObject{{QStringLiteral("claim"), row.name}, {QStringLiteral("value"), row.value},
                                     {QStringLiteral("localTime"), row.localTime}, {QStringLiteral("relative"), row.relative}});
        }
        root.insert(QStringLiteral("times"), times);
    }
    QJsonArray diagnosticArray;
    for (const Diagnostic &diagnostic : diagnostics) {
        QJsonObject object{{QStringLiteral("severity"), severityName(diagnostic.severity)},
                           {QStringLiteral("message"), diagnostic.message}};
        if (diagnostic.severity != Diagnostic::Severity::Info)
            object.insert(QStringLiteral("code"), errorCodeName(diagnostic.code));
        diagnosticArray.append(object);
    }
    root.insert(QStringLiteral("diagnostics"), diagnosticArray);
    if (error)
        root.insert(QStringLiteral("error"), errorJson(*error));
    return root;
}

} // namespace td
