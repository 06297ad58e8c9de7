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

// Runs a session's renew step with ApiCall, on a copy of the session's context and environment,
// and reports the outcome with the context as the call left it. The renew step is the last
// endpoint of the family (bankezy.renew-token, enos.refresh-token, secmgmt.refresh-token) when it
// takes the session's token; otherwise a token whose issuing endpoint needs nothing carried (the
// BankEzy app token from bankezy.get-app-token) is renewed by issuing it again, with a fresh
// client key unless the environment names a vault key. Many renewals may run at once, at most
// one per session.
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

    // The endpoint that renews this session: the family's renew step when it takes the session's
    // token, else the issuing endpoint when that needs no carried value (re-issue); null when
    // neither applies (an unknown endpoint, a family without a renew step).
    static const EndpointSpec *renewSpec(const Session &session, const EndpointCatalog &catalog);
    // True when renewSpec() is the session's own issuing endpoint (renewing re-issues the token).
    static bool renewsByReissue(const Session &session, const EndpointCatalog &catalog);
    bool canRenew(const Session &session) const { return renewSpec(session, *m_catalog) != nullptr; }
    bool reissues(const Session &session) const { return renewsByReissue(session, *m_catalog); }
    // The specs renewals use from now on (the workspace's, after a reload); a renewal on the wire
    // keeps its spec, so the old catalog must outlive it.
    void setCatalog(const EndpointCatalog &catalog) { m_catalog = &catalog; }
    const EndpointCatalog &catalog() const { return *m_catalog; }

    // Starts renewing; finished() follows from the event loop in every case (a session that
    // cannot be renewed finishes with a NotFound error). Ignored while that session is renewing.
    void renew(const Session &session);
    bool isRenewing(const QUuid &id) const { return m_jobs.count(id) != 0; }
    int running() const { return int(m_jobs.size()); }
    // finished() follows with a Cancelled error.
    void cancel(const QUuid &id);

Q_SIGNALS:
    // The renew call's exchange, just before finished(): what history records (origin renewal).
    // Not for a session that could not be renewed (no call was made).
    void exchanged(const QUuid &id, const td::ApiCall &call);
    void finished(const QUuid &id, const td::TokenResult &result, const td::CallContext &context);

private:
    struct Job;
    void onFinished(const QUuid &id, const TokenResult &result);

    ApiClient &m_client;
    const EndpointCatalog *m_catalog;
    std::function<qint64()> m_nowMs;
    const ValueSource *m_valueSource = nullptr;
    std::map<QUuid, std::unique_ptr<Job>> m_jobs;
};

} // namespace td
