// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangeRecorder.h"

#include "core/api/ApiCall.h"
#include "core/api/CallHistory.h"
#include "core/net/HistoryStore.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"

#include <algorithm>

namespace td {

namespace {

bool usedTheVault(const ApiCall &call)
{
    const QList<ResolvedField> &fields = call.prepared().fields;
    return std::any_of(fields.cbegin(), fields.cend(),
                       [](const ResolvedField &field) { return field.source == ResolvedField::Source::Vault; });
}

// The open vault's EC keys, to test on a BankEzy answer that does not open (KeyProbe): only
// BankEzy encrypts answers, so no other family's failure copies the vault's entries.
QList<NamedKey> keysToTest(const ApiCall &call, const Vault *vault)
{
    QList<NamedKey> keys;
    if (!vault || vault->isLocked() || call.spec().family != QLatin1String("bankezy"))
        return keys;
    for (const VaultEntry &entry : vault->entries()) {
        if (entry.kind == VaultEntry::Kind::EcKey && entry.key)
            keys.append({QStringLiteral("vault:") + entry.name, *entry.key});
    }
    return keys;
}

} // namespace

ExchangeRecorder::ExchangeRecorder(HistoryStore &history, SessionStore &sessions, VaultHandle &vault, QObject *parent)
    : QObject(parent), m_history(history), m_sessions(sessions), m_vault(vault)
{
    connect(&m_history, &HistoryStore::appended, this, [this](const HistoryEntry &entry) {
        if (!m_evidence)
            return; // read in full at the first failure
        m_evidence->append(entry);
        if (m_evidence->size() > kEvidenceEntries)
            m_evidence->removeFirst();
    });
    connect(&m_history, &HistoryStore::cleared, this, [this] {
        if (m_evidence)
            m_evidence->clear();
    });
}

QUuid ExchangeRecorder::record(const ApiCall &call, HistoryOrigin origin, const QUuid &sessionId)
{
    QUuid session = sessionId;
    const TokenResult &result = call.result();
    if (origin != HistoryOrigin::Renewal && result.ok && !result.token.isEmpty() && keepsSessions())
        session = m_sessions.addFromCall(call, call.context());
    m_lastExplanation = explain(call);
    // Masked with what every session knows too, so an earlier token sent again stays hidden.
    CallHistory::Pending pending = CallHistory::pending(call, m_sessions.secretValues(), origin);
    pending.entry.clockOffsetMs = m_lastExplanation.clockOffsetMs;
    pending.entry.causes = m_lastExplanation.causesJson();
    if (Result<void> written = CallHistory::record(m_history, std::move(pending), session); !written)
        Q_EMIT problem(tr("Not recorded in history: %1").arg(written.error().toString()));
    if (m_saveVaultEachTime && usedTheVault(call)) {
        if (const QString failed = saveVault(); !failed.isEmpty())
            Q_EMIT problem(failed);
    }
    Q_EMIT recorded(session, origin);
    return session;
}

FailureExplainer::Explanation ExchangeRecorder::explain(const ApiCall &call)
{
    // The history (and the vault) is read for a failure only, the one case that consults it
    // ("worked at … in …", "the answer opens with vault:…").
    if (call.result().ok)
        return FailureExplainer::explain(call);
    if (!m_evidence) {
        const Result<HistoryStore::Loaded> loaded = m_history.load(kEvidenceEntries);
        m_evidence = loaded ? loaded.value().entries : QList<HistoryEntry>();
    }
    return FailureExplainer::explain(call, *m_evidence, keysToTest(call, m_vault.get()));
}

bool ExchangeRecorder::keepsSessions()
{
    if (!m_keepSessions)
        m_keepSessions = m_gate ? m_gate() : true;
    return *m_keepSessions;
}

QString ExchangeRecorder::saveVault()
{
    Vault *vault = m_vault.get();
    if (!vault || vault->isLocked() || !vault->hasUnsavedChanges())
        return {};
    const Result<void> saved = vault->save();
    return saved ? QString() : tr("The vault's last-used times were not saved: %1").arg(saved.error().toString());
}

} // namespace td
