// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/TokenResult.h"
#include "core/net/Environment.h"
#include "core/session/SessionState.h"

#include <QList>
#include <QMap>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUuid>

#include <functional>

namespace td {

class ApiCall;
class ApiClient;
class EndpointCatalog;
class ExpiryScheduler;
class SessionStore;
class ValueSource;
struct EndpointSpec;
struct PreparedCall;
struct Session;

// One endpoint call as ApiCall runs it, plus one renew-and-retry: when the answer is HTTP 401 and
// the call sent, in a carried field, the token of an open session of the store that this call
// does not itself renew, the scheduler renews that session, the renewed values and keys go into
// the caller's context and the call runs once more with the new token. A 401 from the retry is
// final. Without a store and scheduler, or without a matching session, it is a plain ApiCall.
class SessionRetry : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        NotRetried,  // no 401, or no open session sent its token in this call
        Retried,     // the session was renewed and the call ran a second time
        RenewFailed, // renewing failed (or could not start, or was cancelled): the first answer stands
    };

    // Same inputs as ApiCall; `context` must outlive this object. `store` and `scheduler` may be
    // null (no retry); when set they must outlive it too.
    SessionRetry(ApiClient &client, const EndpointSpec &spec, Environment environment, QMap<QString, QString> values,
                 CallContext &context, SessionStore *store, ExpiryScheduler *scheduler, QObject *parent = nullptr);
    ~SessionRetry() override;

    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    void setValueSource(const ValueSource *source) { m_valueSource = source; }
    // Which endpoint renews a session (to skip 401s of a session's own renew step); built-in unless set.
    void setCatalog(const EndpointCatalog &catalog) { m_catalog = &catalog; }

    void start();
    // Cancels the running call; while the session renews, stops waiting and finishes with the
    // first answer (the renew itself goes on in the scheduler).
    void cancel();
    bool isRunning() const { return m_running; }

    // The first call, and the one whose answer is final (the retry, else the first). Null before start().
    const ApiCall *firstCall() const { return m_first; }
    const ApiCall *lastCall() const { return m_retry ? m_retry.data() : m_first.data(); }
    const TokenResult &result() const { return m_result; }
    Outcome outcome() const { return m_outcome; }
    bool wasRetried() const { return m_outcome == Outcome::Retried; }
    // Empty unless a session was involved: "HTTP 401 with the app token of session 1a2b3c4d:
    // renewed it and retried" or "…: renewing failed: <reason>; the first answer is shown".
    QString note() const { return m_note; }
    QUuid sessionId() const { return m_sessionId; }

    // The open session whose token `prepared` sent in a carried field and that `prepared`'s
    // endpoint does not renew; `fieldFrom` gets the carried value's name ("appToken"). Null when none.
    static const Session *sessionSentBy(const PreparedCall &prepared, const Environment &environment,
                                        const SessionStore &store, const EndpointCatalog &catalog,
                                        QString *fieldFrom = nullptr);
    // Copies into `target` every value and key that renewing changed (`before` → `after`), so what
    // the caller carries for other steps stays as it was.
    static void mergeRenewed(CallContext &target, const CallContext &before, const CallContext &after);

Q_SIGNALS:
    // Once per call that ran: `final` is false for a first call that is about to be retried
    // (record it in history now), true for the call whose answer finished() reports, right before it.
    void callFinished(const td::ApiCall &call, bool final);
    // The first call got its 401 and the session is renewing: for a status line.
    void renewing(const QString &note);
    void finished(const td::TokenResult &result);

private:
    ApiCall *makeCall(QMap<QString, QString> values);
    void onFirstFinished();
    void onRetryFinished();
    void onStateChanged(const QUuid &id, SessionState from, SessionState to);
    void onRenewed();
    void renewFailed(const QString &reason);
    void stopWaiting();
    void finish(const ApiCall &call, Outcome outcome);
    QString prefix() const;

    ApiClient &m_client;
    const EndpointSpec &m_spec;
    Environment m_environment;
    QMap<QString, QString> m_values;
    CallContext &m_context;
    SessionStore *m_store;
    ExpiryScheduler *m_scheduler;
    const EndpointCatalog *m_catalog;
    std::function<qint64()> m_nowMs;
    const ValueSource *m_valueSource = nullptr;

    QPointer<ApiCall> m_first;
    QPointer<ApiCall> m_retry;
    TokenResult m_result;
    Outcome m_outcome = Outcome::NotRetried;
    QString m_note;
    bool m_running = false;

    // While the session renews.
    QUuid m_sessionId;
    QString m_sentToken;
    QString m_fieldFrom;
    CallContext m_contextBefore;
    QTimer m_waitTimer;
    QList<QMetaObject::Connection> m_waits;
};

} // namespace td
