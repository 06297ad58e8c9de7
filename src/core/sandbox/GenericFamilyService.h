// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/EndpointSpec.h"
#include "core/sandbox/SandboxConfig.h"
#include "core/sandbox/SandboxKeys.h"
#include "core/sandbox/SandboxReply.h"
#include "core/sandbox/SandboxRequest.h"
#include "core/sandbox/TokenStore.h"

#include <QJsonObject>
#include <QMap>
#include <QSet>

#include <optional>

namespace td {

// Answers the endpoints of a user family (one with no built-in adapter) from their specs alone
// (docs/specs.md, "The sandbox and your family"): the request is read with the spec's fields,
// every required one must be there (400), a field named like one of the family's credentials
// must equal it, a field computed as the clock must be within the timestamp window, every
// `compute` field must equal what the sandbox computes from the request and the credentials
// (401), and the answer takes the shape the response mapping reads, with a
// fresh token and its expiry. A renew or refresh step must present a token this service issued
// to the family (401 "unknown token"); a family with single-use refresh spends it.
class GenericFamilyService
{
public:
    GenericFamilyService(SandboxConfig config, SandboxKeys keys);

    SandboxReply handle(const EndpointSpec &spec, bool singleUseRefresh, const SandboxRequest &request);
    // The credentials it checks against (the server's, with the demo values of user families).
    void setCredentials(const SandboxCredentials &credentials) { m_config.credentials = credentials; }

    QJsonObject storeSizes() const; // issued tokens kept (bounded, see TokenStore)
    // What SandboxState keeps: the keys (hashes) of the live tokens, so a refresh works after a restart.
    QJsonObject exportState();
    void importState(const QJsonObject &state);
    // Spent tokens are listed in the state until it is saved ("removed"), so a merge with another
    // process's state does not bring them back.
    void clearRemoved() { m_removed.clear(); }

private:
    struct Issued {
        QString family;
        bool refresh = false; // a refresh token (else an access token)
    };
    using Values = QMap<QString, QString>;

    std::optional<SandboxReply> checkCredentials(const EndpointSpec &spec, const Values &values) const;
    std::optional<SandboxReply> checkTimestamps(const EndpointSpec &spec, const Values &values) const;
    std::optional<SandboxReply> checkComputed(const EndpointSpec &spec, const Values &values) const;
    std::optional<SandboxReply> spendPresented(const EndpointSpec &spec, bool singleUseRefresh, const Values &values);
    SandboxReply issue(const EndpointSpec &spec);

    SandboxConfig m_config;
    SandboxKeys m_keys;
    TokenStore<Issued> m_tokens; // TokenStore::keyOf(token) → what it is
    QSet<QByteArray> m_removed;  // spent since the state was last saved
};

} // namespace td
