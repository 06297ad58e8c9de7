// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/Environment.h"

#include <QMap>
#include <QStringList>
#include <memory>

namespace td {

class SandboxHost;

// Environments for the CLI: the user's saved ones (the same file the GUI edits), "Sandbox", which
// starts an embedded sandbox for the command, and "Sandbox (TLS)", the same over HTTPS with the
// sandbox's own CA (kept in its state folder), verified.
class CliEnvironments
{
public:
    // NotFound naming the environments that exist; `sandbox` receives the embedded host, which
    // also routes the user specs of `specFolders` (SpecLibrary::userFolders of the --specs given).
    static Result<Environment> load(const QString &name, std::shared_ptr<SandboxHost> &sandbox,
                                    const QStringList &specFolders = {});
    // Starts an embedded sandbox with the default settings and returns its environment.
    // `kept`: with the state in AppPaths::sandboxStateFolder() (what `--env Sandbox` runs); the demo
    // runs a fresh one. `tls`: it serves HTTPS and the environment is "Sandbox (TLS)".
    static Result<Environment> startSandbox(std::shared_ptr<SandboxHost> &sandbox, bool kept = false,
                                            const QStringList &specFolders = {}, bool tls = false);
    // Field values from a credentials file in the sandbox's --credentials shape.
    static Result<QMap<QString, QString>> credentialValues(const QString &path);
};

} // namespace td
