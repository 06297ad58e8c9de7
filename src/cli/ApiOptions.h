// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/CliArgs.h"
#include "core/Result.h"
#include "core/net/Environment.h"

#include <QList>
#include <QMap>
#include <QStringList>

#include <memory>

namespace td {

class CliIo;
class SandboxHost;
class ValueSource;
class Vault;
struct EndpointSpec;

// The options `call` and `flow` share: where to send (--env NAME | --base-url URL), field values
// (--set NAME=VALUE, --credentials FILE), --kdf, transport flags and --json. `--env Sandbox`
// starts an embedded sandbox for the duration of the command.
struct ApiOptions {
    Environment environment;
    QMap<QString, QString> values;
    bool json = false;
    bool verbose = false;
    std::shared_ptr<SandboxHost> sandbox; // kept alive while the command runs
    std::shared_ptr<Vault> vault;         // open when --vault was given or values refer to the vault
    std::shared_ptr<ValueSource> vaultValues;

    static QList<CliOption> cliOptions();
    static QString optionsHelp();

    // Usage errors (exit 2) come back with code Usage: an unknown --set name for `specs`, both
    // or neither of --env/--base-url, a bad --kdf or --timeout. Other errors (unknown environment,
    // unreadable credentials, sandbox that cannot start) are failures (exit 1).
    static Result<ApiOptions> fromArgs(const CliArgs &args, const QList<const EndpointSpec *> &specs);
};

} // namespace td
