// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/session/SessionState.h"
#include "gui/StatusColors.h"

#include <QSet>
#include <QTimer>
#include <QUuid>
#include <QWidget>

#include <functional>
#include <memory>

class QTableView;

namespace Ui {
class SessionsPage;
}

namespace td {

class ExpiryScheduler;
class RemainingDelegate;
class SessionFilterModel;
class SessionStore;
struct Session;

// Every tracked token with a live countdown: filters, per-session actions (renew now, auto-renew,
// copy, inspect, terminate in the sandbox, close), and the details of the selected one with its
// renewal chain. Counts the sessions that need attention for the window title and tray.
class SessionsPage : public QWidget
{
    Q_OBJECT
public:
    // Shows a desktop notification; the app connects it to a tray icon where there is one.
    using Notify = std::function<void(const QString &title, const QString &text)>;

    static constexpr int kCountdownIntervalMs = 1000;

    SessionsPage(SessionStore &store, ExpiryScheduler &scheduler, QWidget *parent = nullptr);
    ~SessionsPage() override;

    void setNotify(Notify notify) { m_notify = std::move(notify); }
    // Where the sessions are kept, under the filters: `kept` false shows it as a warning (they
    // are lost when the app closes).
    void setKeptStatus(const QString &text, bool kept);
    QString keptStatus() const;
    // The notification lead time (minutes before expiry, 0 = none); it sets the scheduler's.
    void setNoticeLeadMinutes(int minutes);
    int noticeLeadMinutes() const;

    // Sessions in RenewFailed, Terminated, Expired or Expiring.
    int attentionCount() const { return m_attentionCount; }

    SessionFilterModel *proxyModel() const { return m_proxy; }
    RemainingDelegate *remainingDelegate() const { return m_delegate; }
    QTableView *table() const;

    // The session selected in the table (null when none), and selecting one by id.
    QUuid currentSessionId() const;
    bool selectSession(const QUuid &id);

    // Repaints the remaining cells of the visible rows and the detail pane's countdown: what the
    // once-a-second timer does. Never touches the model.
    void refreshCountdown();
    bool isCountdownRunning() const { return m_countdown.isActive(); }
    // The family filter lists the store's catalog again (the specs were reloaded); the family
    // chosen stays chosen when it is still there.
    void refreshFamilies();

Q_SIGNALS:
    void openInInspector(const QString &token);
    void terminateRequested(const QUuid &id);
    void attentionChanged(int count);
    // The engineer changed the notification lead time (the app keeps it in its settings).
    void noticeLeadChanged(int minutes);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    const Session *currentSession() const;
    void showCurrent();
    void showSession(const Session *session);
    void showRenewals(const Session &session);
    void updateActions(const Session *session);
    void updateRemaining(const Session *session);
    void refreshEnvironments();
    void updateCount();
    void recountAttention();
    void noteAttention(int firstRow, int lastRow);
    void applyStateFilter();
    void showMessage(const QString &text, StatusColors::Tone tone = StatusColors::Tone::Neutral);
    void onAttention(const QUuid &id, const QString &reason);
    void onExpiresSoon(const QUuid &id, qint64 remainingMs);
    void announceExpiringSoon();
    QString titleFor(const Session &session) const;

    void renewNow();
    void settleRenewing();
    void setAutoRenew(bool on);
    void copyToken();
    void inspect();
    void terminate();
    void closeSession();

    std::unique_ptr<Ui::SessionsPage> m_ui;
    SessionStore &m_store;
    ExpiryScheduler &m_scheduler;
    SessionFilterModel *m_proxy = nullptr;
    RemainingDelegate *m_delegate = nullptr;
    QTimer m_countdown;
    Notify m_notify;
    int m_attentionCount = 0;
    QList<QUuid> m_expiringSoon; // announced together once the current tick is over
    QSet<QUuid> m_attention; // the sessions that need attention, kept per changed row
    // The session whose "Renewing…" message is shown, and its chain length when it started: the
    // message is replaced by the outcome however the renewal ends.
    QUuid m_renewing;
    int m_renewalsBefore = 0;
};

} // namespace td
