// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/TokenResult.h"
#include "core/session/Session.h"

#include <QObject>
#include <QUuid>

#include <functional>
#include <map>
#include <memory>

namespace td {

class ValueSource;

class ApiCall;
class ApiClient;
class EndpointCatalog;
struct EndpointSpec;

// Runs a session's renew step (the last endpoint of its family: bankezy.renew-token,
// enos.refresh-token, secmgmt.refresh-token) with ApiCall, on a copy of the session's context and
// environment, and reports the outcome with the context as the call left it. Many renewals may
// run at once, at most one per session.
class SessionRenewer : public QObject
{
    Q_OBJECT
public:
    explicit SessionRenewer(ApiClient &client, QObject *parent = nullptr);
    SessionRenewer(ApiClient &client, const EndpointCatalog &catalog, QObject *parent = nullptr);
    ~SessionRenewer() override;

    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    // Where vault:NAME values of the session's environment are looked up (the open vault).
    void setValueSource(const ValueSource *source) { m_valueSource = source; }

    // The renew endpoint for this session, or null when the session's token is not the one that
    // endpoint renews (a BankEzy app token, a family without a renew step).
    static const EndpointSpec *renewSpec(const Session &session, const EndpointCatalog &catalog);
    bool canRenew(const Session &session) const { return renewSpec(session, m_catalog) != nullptr; }

    // Starts renewing; finished() follows from the event loop in every case (a session that
    // cannot be renewed finishes with a NotFound error). Ignored while that session is renewing.
    void renew(const Session &session);
    bool isRenewing(const QUuid &id) const { return m_jobs.count(id) != 0; }
    int running() const { return int(m_jobs.size()); }
    // finished() follows with a Cancelled error.
    void cancel(const QUuid &id);

Q_SIGNALS:
    void finished(const QUuid &id, const td::TokenResult &result, const td::CallContext &context);

private:
    struct Job;
    void onFinished(const QUuid &id, const TokenResult &result);

    ApiClient &m_client;
    const EndpointCatalog &m_catalog;
    std::function<qint64()> m_nowMs;
    const ValueSource *m_valueSource = nullptr;
    std::map<QUuid, std::unique_ptr<Job>> m_jobs;
};

} // namespace td
