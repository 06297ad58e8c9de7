// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/KdfMode.h"
#include "core/sandbox/SandboxCredentials.h"
#include "core/sandbox/SandboxLimits.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace td {

// Which of the two Renew Token response shapes of the seed the sandbox answers.
enum class RenewShape { Flat, Nested };
QString renewShapeName(RenewShape shape); // "flat", "nested"
std::optional<RenewShape> renewShapeFromName(QStringView name);
QString renewShapeText(RenewShape shape);        // short, for a drop-down: "Flat (default)"
QString renewShapeDescription(RenewShape shape); // what it is, for the item's tooltip

// Everything a sandbox run can be told: lifetimes, renew window, KDF, response shape, address,
// credentials, and the clock (injectable so tests can move time).
struct SandboxConfig {
    qint64 bankezyLifetimeSeconds = 900;
    qint64 enosLifetimeSeconds = 7200;
    qint64 secmgmtLifetimeSeconds = 3600;
    qint64 secmgmtRefreshLifetimeSeconds = 24 * 3600;
    // What the generic service issues for a user family (one without a built-in adapter).
    qint64 userLifetimeSeconds = 3600;
    qint64 userRefreshLifetimeSeconds = 24 * 3600;
    qint64 renewWindowSeconds = 3600; // how long after expiry a BankEzy user token can be renewed
    qint64 enosSkewSeconds = 300;     // accepted distance between an EnOS timestamp and now
    KdfMode kdf = KdfMode::Raw;
    // A partner that registered the client's SDK key at onboarding (BankEzy): when set (encoded as
    // sdkPublicKey is on the wire), Get User Token derives the SDK session key from it whatever
    // sdkPublicKey the request sends, so a client on another key cannot open the renewals.
    // Empty: the key sent, as PROTOCOLS.md has it.
    QByteArray bankezyRegisteredSdkKey;
    RenewShape renewShape = RenewShape::Flat;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0; // 0 = any free port
    quint16 preferredPort = 0; // with port 0: tried first, any free port when it is taken
    // Where the sandbox keeps its keys, port and tokens between runs (SandboxState); empty = a
    // fresh sandbox every run.
    QString stateFolder;
    SandboxCredentials credentials;
    // User spec folders (each like a --specs DIR) read on top of the built-in specs: their paths
    // are routed, a spec overriding a built-in one moves its route, and a user family's specs are
    // answered by the generic service. Empty: the built-in specs only.
    QStringList specFolders;
    std::function<qint64()> nowMs; // empty = the system clock
    // The sandbox's clock runs this far ahead of nowMs (behind when negative): its Date header,
    // EnOS's timestamp window and the times in its tokens, so a skewed partner can be tried.
    qint64 clockOffsetMs = 0;
    int idleTimeoutMs = SandboxLimits::kIdleTimeoutMs; // a connection with no complete request closes
    // HTTPS: the server certificate (PEM, with its key or in tlsKeyFile); clientCaFile set, a
    // client certificate signed by one of its CAs is required (mutual TLS).
    QString tlsCertFile;
    QString tlsKeyFile;
    QString clientCaFile;
    // HTTPS with the sandbox's own CA and server certificate (SandboxTls), made once in tlsFolder
    // (empty: stateFolder's "tls", or a new one every run for a sandbox that keeps nothing) and
    // kept; tlsCertFile, when set, wins. SandboxHost makes them; the server itself never reads it.
    bool ownTls = false;
    QString tlsFolder;
    // With ownTls: client certificates signed by the sandbox's own CA are required (it stands for
    // clientCaFile); SandboxTls::clientFile is one, so mutual TLS works offline from the start.
    bool ownMutualTls = false;

    bool servesHttps() const { return ownTls || !tlsCertFile.isEmpty(); }
    qint64 now() const;
    std::function<qint64()> clock() const; // now() as a function that outlives this config
    QJsonObject toJson() const; // for /__sandbox/info: no credentials, no clock
};

} // namespace td
