// SPDX-License-Identifier: GPL-3.0-or-later
#include "BundleContents.h"

#include "core/api/BankEzyCrypto.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/net/SecretNames.h"
#include "core/session/Session.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"

#include <QJsonArray>
#include <QMap>

namespace td {

namespace {

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

// Thumbprints of the vault's keys and the session's keys; the vault's secrets as values to hunt.
void addKeys(SupportBundle &bundle, const Vault *vault, const Session *session)
{
    for (const VaultEntry &entry : vault ? vault->entries() : QList<VaultEntry>()) {
        if (entry.isKey())
            bundle.keys.append({QStringLiteral("vault:") + entry.name, VaultEntry::kindName(entry.kind), entry.thumbprint()});
        else if (!entry.secret.isEmpty())
            bundle.secretValues.append(QString::fromUtf8(entry.secret.toByteArray()));
    }
    if (!session)
        return;
    const QList<QPair<QString, const SecureBytes *>> sessionKeys{{QStringLiteral("session app key"), &session->context.appSessionKey},
                                                                 {QStringLiteral("session user key"), &session->context.userSessionKey}};
    for (const auto &[name, key] : sessionKeys) {
        if (!key->isEmpty())
            bundle.keys.append({name, QStringLiteral("oct-key"), BankEzyCrypto::keyThumbprint(*key)});
    }
}

void addEnvironment(SupportBundle &bundle, const Environment &environment)
{
    for (const Environment &known : std::as_const(bundle.environments)) {
        if (known.name == environment.name)
            return;
    }
    // An environment keeps X-API-KEY visible in its own file; an export masks it like history does.
    Environment shown = environment;
    for (auto it = shown.values.begin(); it != shown.values.end();) {
        const bool secret = isSecretName(it.key()) || isSecretHeaderName(it.key());
        if (secret && !it.value().startsWith(QLatin1String("vault:")))
            bundle.secretValues.append(it.value());
        it = secret ? shown.values.erase(it) : std::next(it);
    }
    bundle.environments.append(shown);
}

} // namespace

QJsonObject BundleContents::sessionOutline(const Session &session)
{
    QJsonArray renewals;
    for (const Session::Renewal &renewal : session.renewals)
        renewals.append(QJsonObject{{QStringLiteral("at"), isoTime(renewal.atMs)}, {QStringLiteral("ok"), renewal.ok},
                                    {QStringLiteral("httpStatus"), renewal.httpStatus}, {QStringLiteral("code"), renewal.code},
                                    {QStringLiteral("message"), renewal.message}});
    return {{QStringLiteral("id"), session.id.toString(QUuid::WithoutBraces)},
            {QStringLiteral("family"), session.family},
            {QStringLiteral("endpoint"), session.endpointId},
            {QStringLiteral("environment"), session.environment.name},
            {QStringLiteral("state"), sessionStateName(session.state)},
            {QStringLiteral("issuedAt"), isoTime(session.issuedAtMs)},
            {QStringLiteral("expiresAt"), isoTime(session.expiresAtMs)},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(session.warnings)},
            {QStringLiteral("lastError"), session.lastError},
            {QStringLiteral("renewals"), renewals}};
}

Result<QList<HistoryEntry>> BundleContents::chosenExchanges(const HistoryStore &history, const QStringList &ids, const QString &sessionId)
{
    QList<HistoryEntry> chosen;
    QMap<QString, QStringList> matches;
    Result<int> scanned = history.scan([&](HistoryEntry &&entry) {
        bool wanted = !sessionId.isEmpty() && entry.sessionId == sessionId;
        for (const QString &id : ids) {
            if (entry.id.startsWith(id)) {
                matches[id].append(entry.id);
                wanted = true;
            }
        }
        if (wanted)
            chosen.append(std::move(entry));
    });
    if (!scanned)
        return scanned.error();
    for (const QString &id : ids) {
        if (matches.value(id).size() != 1)
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("\"%1\" names %2 history entries; give (a longer part of) one id that "
                                            "`tokendesk-cli history list` shows")
                                 .arg(id)
                                 .arg(matches.value(id).size()));
    }
    return chosen;
}

SupportBundle BundleContents::assemble(const QList<HistoryEntry> &exchanges, const EnvironmentStore &environments,
                                      const SessionStore &sessions, const Vault *vault, const Session *session,
                                      const QString &versions)
{
    SupportBundle bundle;
    bundle.createdAt = QDateTime::currentDateTimeUtc();
    bundle.versions = versions;
    bundle.exchanges = exchanges;
    bundle.secretValues = sessions.secretValues();
    if (session) {
        bundle.session = sessionOutline(*session);
        addEnvironment(bundle, session->environment);
    }
    for (const HistoryEntry &entry : exchanges) {
        if (const Environment *environment = environments.find(entry.environment))
            addEnvironment(bundle, *environment);
    }
    addKeys(bundle, vault, session);
    return bundle;
}

} // namespace td
