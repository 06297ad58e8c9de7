// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/evidence/FailureExplainer.h"
#include "core/net/HistoryEntry.h"

#include <QObject>
#include <QUuid>

#include <functional>
#include <optional>

namespace td {

class ApiCall;
class HistoryStore;
class SessionStore;
class VaultHandle;

// The one path every finished exchange takes, whoever started it: a manual send (GUI or `call`),
// each step of a flow, an automatic renewal, "Renew now", a 401 renew-and-retry, `sessions
// renew|watch`. It adds or updates the session by one rule, writes the history entry (its origin
// and session named, every secret masked) and keeps the vault's last-used times.
class ExchangeRecorder : public QObject
{
    Q_OBJECT
public:
    ExchangeRecorder(HistoryStore &history, SessionStore &sessions, VaultHandle &vault, QObject *parent = nullptr);

    // Asked once, before the first session would be added: false keeps this front end's tokens
    // out of the store (a CLI command that cannot keep them: --no-session, a sandbox that
    // forgets its tokens, no vault). The CLI opens the vault and reads the kept sessions there,
    // so the same token issued again updates its session instead of adding one. Unset: yes.
    void setSessionGate(std::function<bool()> gate) { m_gate = std::move(gate); }
    // Whether each record saves the vault's last-used times at once (the app) or leaves them to
    // saveVault() (a CLI command saves once at its end: each save costs a key derivation).
    void setSaveVaultEachTime(bool each) { m_saveVaultEachTime = each; }

    // The rule: an exchange that succeeded and carried a token becomes a session, or updates the
    // one it renewed or re-issued (SessionStore::addFromCall); a renewal names the session it
    // renewed (`sessionId`), which the scheduler has updated already. Returns the session's id
    // (null when none). Problems (history or vault not written) are reported by problem().
    // The entry keeps the exchange's explanation (FailureExplainer, with the recent history as
    // evidence and the open vault's keys to test): its clock offset and its causes.
    QUuid record(const ApiCall &call, HistoryOrigin origin, const QUuid &sessionId = {});
    // The explanation of the exchange record() took last, for a front end to show: computed once.
    const FailureExplainer::Explanation &lastExplanation() const { return m_lastExplanation; }
    // Saves the vault when an exchange used its entries since the last save; a message when that failed.
    QString saveVault();

Q_SIGNALS:
    void recorded(const QUuid &sessionId, td::HistoryOrigin origin);
    void problem(const QString &message);

private:
    static constexpr int kEvidenceEntries = 500; // the newest entries a failure's evidence comes from
    bool keepsSessions();
    FailureExplainer::Explanation explain(const ApiCall &call);

    HistoryStore &m_history;
    SessionStore &m_sessions;
    VaultHandle &m_vault;
    std::function<bool()> m_gate;
    std::optional<bool> m_keepSessions; // the gate's answer once asked
    bool m_saveVaultEachTime = true;
    FailureExplainer::Explanation m_lastExplanation;
    // The newest history entries, the evidence of a failure: read from the file at the first
    // failure, then kept by appended() and cleared(), so a failure does not parse a 10 MB file on
    // the GUI thread each time (0.35 s). Another process's entries show from the next start.
    std::optional<QList<HistoryEntry>> m_evidence;
};

} // namespace td
