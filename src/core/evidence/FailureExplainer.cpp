// SPDX-License-Identifier: GPL-3.0-or-later
#include "FailureExplainer.h"

#include "core/api/ApiCall.h"
#include "core/api/EndpointSpec.h"
#include "core/evidence/KdfProbe.h"
#include "core/evidence/KeyProbe.h"
#include "core/net/HistoryEntry.h"
#include "core/net/KdfMode.h"
#include "core/net/SecretNames.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLocale>
#include <QUrl>

#include <algorithm>

namespace td {

namespace {

using Cause = FailureExplainer::Cause;

QDateTime parseHttpDate(const QByteArray &value)
{
    const QString text = QString::fromLatin1(value).simplified();
    const QLocale c = QLocale::c();
    for (const QString &format : {QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"), QStringLiteral("dddd, dd-MMM-yy hh:mm:ss 'GMT'"),
                                  QStringLiteral("ddd MMM d hh:mm:ss yyyy")}) {
        QDateTime time = c.toDateTime(text, format);
        if (time.isValid()) {
            time.setTimeSpec(Qt::UTC);
            if (time.date().year() < 1970)
                time = time.addYears(100); // RFC 850's two-digit years
            return time;
        }
    }
    return {};
}

// Where a sent value came from, in words, for the evidence lines.
QString sourceOf(const ApiCall &call, const QString &name)
{
    for (const ResolvedField &field : call.prepared().fields) {
        if (field.spec->name != name)
            continue;
        switch (field.source) {
        case ResolvedField::Source::Explicit: return QStringLiteral("typed");
        case ResolvedField::Source::Carried: return QStringLiteral("carried from the earlier step");
        case ResolvedField::Source::Environment: return QStringLiteral("from environment %1").arg(call.environment().name);
        case ResolvedField::Source::Vault: return QStringLiteral("from the vault");
        case ResolvedField::Source::Generated: return QStringLiteral("computed");
        case ResolvedField::Source::Empty: return QStringLiteral("empty");
        }
    }
    return QStringLiteral("not sent");
}

QString sentValue(const ApiCall &call, const QString &name)
{
    for (const ResolvedField &field : call.prepared().fields) {
        if (field.spec->name == name)
            return field.value;
    }
    return {};
}

// "appKey 5acb82e7… (from environment Partner)": non-secret values shown, secret ones only sourced.
QString inputs(const ApiCall &call, const QStringList &names)
{
    QStringList parts;
    for (const QString &name : names) {
        const FieldSpec *spec = call.spec().field(name);
        const QString value = sentValue(call, name);
        // A pre-shared header (X-API-KEY) is no spec secret, but history and exports mask it: so here.
        const bool secret = !spec || spec->secret || isSecretName(name) || isSecretHeaderName(name);
        const QString shown = secret || value.isEmpty() ? QString() : QStringLiteral(" %1").arg(value.left(40));
        parts.append(QStringLiteral("%1%2 (%3)").arg(name, shown, sourceOf(call, name)));
    }
    return parts.join(QStringLiteral(", "));
}

// Where the same non-secret value of `name` worked before: "worked at … in Partner (enos.get-token)".
QString workedBefore(const ApiCall &call, const QString &name, const QList<HistoryEntry> &history)
{
    const QString value = sentValue(call, name);
    if (value.isEmpty() || history.isEmpty()) // no history consulted: no claim about it
        return {};
    for (auto it = history.crbegin(); it != history.crend(); ++it) {
        if (it->outcome.ok && it->endpoint == call.spec().id && it->fields.value(name) == value)
            return QStringLiteral("; the same %1 worked at %2 in %3").arg(name, it->time.toUTC().toString(Qt::ISODate), it->environment);
    }
    return QStringLiteral("; no earlier success with this %1 in history").arg(name);
}

QString kdfList(const QList<KdfMode> &modes, const QString &conjunction)
{
    QStringList names;
    for (KdfMode mode : modes)
        names.append(kdfModeName(mode));
    if (names.size() < 2)
        return names.join(QString());
    const QString last = names.takeLast();
    return QStringLiteral("%1 %2 %3").arg(names.join(QStringLiteral(", ")), conjunction, last);
}

// The key hypothesis confirmed (KeyProbe): the answer opened with another key of ours.
Cause keyCause(const KeyProbe::Outcome &outcome, KdfMode kdf)
{
    const QString field = outcome.session == QLatin1String("app session") ? QStringLiteral("publicKey") : QStringLiteral("sdkPublicKey");
    const QString skipped = outcome.skipped > 0 ? QStringLiteral(", %1 more not tried: at most %2 are").arg(outcome.skipped).arg(KeyProbe::kMaxKeys)
                                                : QString();
    Cause cause{QStringLiteral("The answer opens with %1: the server holds that key for the %2, not the one this environment sends")
                    .arg(*outcome.opened, outcome.session),
                QStringLiteral("the answer opened with %1 and the %2 KDF in the %3 exchange (checked locally, no request sent; %4 other "
                               "vault key(s) tried%5)")
                    .arg(*outcome.opened, kdfModeName(outcome.kdf), outcome.session)
                    .arg(outcome.tried)
                    .arg(skipped)};
    cause.confirmed = true;
    cause.fix = QStringLiteral("point the environment's %1 at %2 (Environments page, or --set %1=%2)%3, then run the flow again")
                    .arg(field, *outcome.opened,
                         outcome.kdf == kdf ? QString() : QStringLiteral(" and set its KDF to %1").arg(kdfModeName(outcome.kdf)));
    return cause;
}

// An encrypted answer that did not open: the KDF hypothesis tested on it (KdfProbe), then the
// key one with the vault's other keys (KeyProbe), if the keys of the exchange are at hand. A
// confirmation replaces the guesses; a refutation says so.
std::optional<Cause> testedKdfCause(const ApiCall &call, const QString &symptom, const QList<NamedKey> &keys)
{
    const QByteArray body = call.response().body.trimmed();
    if (call.spec().family != QLatin1String("bankezy") || body.isEmpty() || body.startsWith('{'))
        return std::nullopt; // a plain answer: nothing the server encrypted to test with
    const KdfMode kdf = call.environment().kdf;
    const KdfProbe::Outcome outcome = KdfProbe::probe(body, call.context(), kdf);
    if (outcome.opened) {
        Cause cause{QStringLiteral("The server derives the session key with the %1 KDF; this environment uses %2")
                        .arg(kdfModeName(*outcome.opened), kdfModeName(kdf)),
                    QStringLiteral("the answer opened with %1 and the %2 key pair (checked locally, no request sent)")
                        .arg(kdfModeName(*outcome.opened), outcome.session)};
        cause.confirmed = true;
        cause.fix = QStringLiteral("set the environment's KDF to %1 (Environments page, or --kdf %1), then run Get App Token again")
                        .arg(kdfModeName(*outcome.opened));
        return cause;
    }
    const KeyProbe::Outcome byKey = keys.isEmpty() ? KeyProbe::Outcome() : KeyProbe::probe(body, call.context(), kdf, keys);
    if (byKey.opened)
        return keyCause(byKey, kdf);
    if (!outcome.testable)
        return std::nullopt;
    const QString otherKeys = byKey.tried == 0 ? QString()
        : QStringLiteral(", nor with any of %1 other vault key(s)%2").arg(byKey.tried)
              .arg(byKey.skipped > 0 ? QStringLiteral(" (%1 more not tried: at most %2 are)").arg(byKey.skipped).arg(KeyProbe::kMaxKeys)
                                     : QString());
    return Cause{QStringLiteral("Not the key derivation: the answer opens with none of the KDFs (%1 all tried locally, no request "
                                "sent)%2; the cause is elsewhere: a wrong server key, a stale app session, or a corrupted body")
                     .arg(kdfList(outcome.tried, QStringLiteral("and")), otherKeys),
                 symptom};
}

void keyDerivationCauses(const ApiCall &call, const QList<NamedKey> &keys, QList<Cause> &causes)
{
    const TokenResult &result = call.result();
    const QString symptom = QStringLiteral("%1: %2").arg(result.code.isEmpty() ? errorCodeName(result.error->code) : result.code,
                                                         result.message);
    const std::optional<Cause> tested = result.code.isEmpty() ? testedKdfCause(call, symptom, keys) : std::nullopt;
    if (tested && tested->confirmed) {
        causes.append(*tested);
        return;
    }
    const KdfMode kdf = call.environment().kdf;
    QList<KdfMode> others;
    for (KdfMode mode : {KdfMode::Raw, KdfMode::Concat, KdfMode::Sha256}) {
        if (mode != kdf)
            others.append(mode);
    }
    // Untested: the server's plain refusal (TOK003), or no key pair at hand. A guess, said as one.
    const QString untestable = result.code.isEmpty()
        ? QStringLiteral(" (not testable locally: TokenDesk holds no key pair of this exchange, e.g. a key set by hand)")
        : QStringLiteral(" (not testable locally: the server answered in plain JSON, nothing it encrypted is at hand)");
    if (tested)
        causes.append(*tested);
    else
        causes.append({QStringLiteral("The session key is derived differently on the server: this environment uses the %1 KDF; "
                                      "try %2 (Environments page, or --kdf)")
                           .arg(kdfModeName(kdf), kdfList(others, QStringLiteral("or"))),
                       symptom + untestable});
    causes.append({QStringLiteral("The app session key is stale: the server made a new one since (Get App Token again)"),
                   inputs(call, {QStringLiteral("X-API-TOKEN")})});
    causes.append({QStringLiteral("The key belongs to another environment's session"),
                   QStringLiteral("environment %1, %2")
                       .arg(call.environment().name, QUrl(call.environment().baseUrl).toString(QUrl::RemoveUserInfo))});
}

void serverCodeCauses(const ApiCall &call, const QList<HistoryEntry> &history, const QList<NamedKey> &keys, QList<Cause> &causes)
{
    const TokenResult &result = call.result();
    const QString code = result.code;
    if (code == QLatin1String("1003"))
        causes.append({QStringLiteral("The signature does not match what the server computes: sha256(appKey + timestamp + appSecret); "
                                      "the appSecret is the usual suspect"),
                       inputs(call, {QStringLiteral("appKey"), QStringLiteral("appSecret")}) + workedBefore(call, QStringLiteral("appKey"), history)});
    else if (code == QLatin1String("1002"))
        causes.append({QStringLiteral("The server does not know this appKey (another environment's, or a typo)"),
                       inputs(call, {QStringLiteral("appKey")}) + workedBefore(call, QStringLiteral("appKey"), history)});
    else if (code == QLatin1String("1001"))
        causes.append({QStringLiteral("The same signature was sent twice: a replayed request, or two calls in one millisecond"),
                       inputs(call, {QStringLiteral("timestamp")})});
    else if (code == QLatin1String("TOK002"))
        causes.append({QStringLiteral("The server does not accept the API key"),
                       inputs(call, {QStringLiteral("X-API-KEY"), QStringLiteral("apiKey")}) + workedBefore(call, QStringLiteral("X-API-KEY"), history)});
    else if (code == QLatin1String("TOK004"))
        causes.append({QStringLiteral("These credentials may not generate tokens on this server"),
                       inputs(call, {QStringLiteral("apiKey"), QStringLiteral("secret")})});
    else if (code == QLatin1String("AUTH_1001"))
        causes.append({QStringLiteral("The server refuses the username and password"),
                       inputs(call, {QStringLiteral("username"), QStringLiteral("password")}) + workedBefore(call, QStringLiteral("username"), history)});
    else if (code == QLatin1String("AUTH_1002"))
        causes.append({QStringLiteral("The token pair is spent or unknown: a refresh token works once, so if another process (the app, "
                                      "`sessions watch`) refreshed this session, the pair sent here was already replaced"),
                       inputs(call, {QStringLiteral("token"), QStringLiteral("refreshToken")})});
    if (code == QLatin1String("TOK003") || (result.error && result.error->code == ErrorCode::PayloadDecryptFailed))
        keyDerivationCauses(call, keys, causes);
    if (result.httpStatus == 401 && code.isEmpty() && call.spec().family == QLatin1String("bankezy"))
        causes.append({QStringLiteral("The server does not know the token sent, or it expired or was terminated: issue or renew it"),
                       inputs(call, {QStringLiteral("X-API-TOKEN")})});
}

// Tokens the call sent that cannot be what the endpoint expects.
void tokenShapeCauses(const ApiCall &call, QList<Cause> &causes)
{
    for (const ResolvedField &field : call.prepared().fields) {
        const QString &value = field.value;
        if (field.spec->from.isEmpty() || value.count(QLatin1Char('.')) < 2)
            continue;
        if (value.contains(QLatin1Char('+')) || value.contains(QLatin1Char('/')) || value.contains(QLatin1Char('=')))
            causes.append({QStringLiteral("%1 is written in base64 where base64url is expected").arg(field.spec->name),
                           QStringLiteral("it contains + / or =, which base64url never does")});
        const int segments = int(value.count(QLatin1Char('.'))) + 1;
        const bool bankezy = call.spec().family == QLatin1String("bankezy");
        if (bankezy && segments == 3)
            causes.append({QStringLiteral("%1 is a JWT (3 parts) where BankEzy expects a JWE (5 parts): a token of another family?")
                               .arg(field.spec->name),
                           QStringLiteral("%1 sent with %2 parts").arg(field.spec->name).arg(segments)});
        if (!bankezy && segments == 5)
            causes.append({QStringLiteral("%1 is a JWE (5 parts) where a JWT is expected: a BankEzy token?").arg(field.spec->name),
                           QStringLiteral("%1 sent with 5 parts").arg(field.spec->name)});
    }
}

bool aboutTime(const ApiCall &call)
{
    const TokenResult &result = call.result();
    const bool expiredAtOnce = result.ok && result.expiresAtMs > 0 && result.receivedAtMs > 0 && result.expiresAtMs <= result.receivedAtMs;
    return expiredAtOnce || result.code == QLatin1String("1004") || result.message.contains(QLatin1String("timestamp"), Qt::CaseInsensitive)
        || result.message.contains(QLatin1String("expired"), Qt::CaseInsensitive);
}

} // namespace

QJsonArray FailureExplainer::Explanation::causesJson() const
{
    QJsonArray array;
    for (const Cause &item : causes) {
        QJsonObject object{{QStringLiteral("cause"), item.cause}, {QStringLiteral("evidence"), item.evidence}};
        if (item.confirmed) {
            object.insert(QStringLiteral("confirmed"), true);
            object.insert(QStringLiteral("fix"), item.fix);
        }
        array.append(object);
    }
    return array;
}

QList<FailureExplainer::Cause> FailureExplainer::causesFromJson(const QJsonArray &causes)
{
    QList<Cause> list;
    for (const QJsonValue &value : causes) {
        const QJsonObject object = value.toObject();
        Cause cause{object.value(QLatin1String("cause")).toString(), object.value(QLatin1String("evidence")).toString()};
        cause.confirmed = object.value(QLatin1String("confirmed")).toBool();
        cause.fix = object.value(QLatin1String("fix")).toString();
        list.append(cause);
    }
    return list;
}

std::optional<qint64> FailureExplainer::clockOffset(const HttpResponse &response)
{
    const QDateTime date = parseHttpDate(response.header("Date"));
    if (!date.isValid() || response.receivedAtMs <= 0)
        return std::nullopt;
    // The server wrote the header somewhere between send and receive, rounded down to its second.
    const qint64 middle = response.receivedAtMs - response.durationMs / 2;
    return date.toMSecsSinceEpoch() + 500 - middle;
}

QString FailureExplainer::offsetText(qint64 offsetMs)
{
    const qint64 seconds = (qAbs(offsetMs) + 500) / 1000; // the Date header has whole seconds
    const QString amount = seconds >= 60 ? QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60) : QStringLiteral("%1 s").arg(seconds);
    return amount + (offsetMs >= 0 ? QStringLiteral(" ahead") : QStringLiteral(" behind"));
}

FailureExplainer::Explanation FailureExplainer::explain(const ApiCall &call, const QList<HistoryEntry> &history,
                                                       const QList<NamedKey> &keys)
{
    Explanation explanation;
    explanation.clockOffsetMs = clockOffset(call.response());
    std::optional<Cause> clock;
    if (explanation.clockOffsetMs && qAbs(*explanation.clockOffsetMs) > kClockNoticeMs)
        clock = Cause{QStringLiteral("The server's clock is %1 of this machine's").arg(offsetText(*explanation.clockOffsetMs)),
                      QStringLiteral("its Date header says %1; the answer took %2 ms")
                          .arg(QString::fromLatin1(call.response().header("Date")))
                          .arg(call.response().durationMs)};
    const bool timely = aboutTime(call);
    if (clock && timely)
        explanation.causes.append(*clock);
    if (!call.result().ok) {
        serverCodeCauses(call, history, keys, explanation.causes);
        tokenShapeCauses(call, explanation.causes);
    }
    if (clock && !timely)
        explanation.causes.append(*clock);
    // What TokenDesk tested and found true outranks every guess, the clock's included.
    std::stable_partition(explanation.causes.begin(), explanation.causes.end(), [](const Cause &c) { return c.confirmed; });
    return explanation;
}

} // namespace td
