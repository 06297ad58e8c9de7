// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliEnvironments.h"

#include "core/AppPaths.h"
#include "core/net/EnvironmentStore.h"
#include "core/sandbox/SandboxEnvironment.h"
#include "core/sandbox/SandboxHost.h"

namespace td {

Result<Environment> CliEnvironments::startSandbox(std::shared_ptr<SandboxHost> &sandbox, bool kept,
                                                  const QStringList &specFolders, bool tls)
{
    SandboxConfig config;
    config.specFolders = specFolders;
    if (kept)
        config.stateFolder = AppPaths::sandboxStateFolder();
    config.ownTls = tls;
    sandbox = std::make_shared<SandboxHost>(config);
    Result<QUrl> url = sandbox->start();
    if (!url)
        return url.error();
    const SandboxTls served = sandbox->tls();
    return tls ? SandboxEnvironment::makeTls(url.value(), config, served.caFile, served.clientFile)
               : SandboxEnvironment::make(url.value(), config);
}

Result<Environment> CliEnvironments::load(const QString &name, std::shared_ptr<SandboxHost> &sandbox,
                                          const QStringList &specFolders)
{
    if (name.compare(QLatin1String(Environment::kSandboxName), Qt::CaseInsensitive) == 0)
        return startSandbox(sandbox, true, specFolders);
    if (name.compare(QLatin1String(Environment::kSandboxTlsName), Qt::CaseInsensitive) == 0)
        return startSandbox(sandbox, true, specFolders, true);
    EnvironmentStore store(AppPaths::environmentsFile());
    if (Result<void> loaded = store.load(); !loaded)
        return loaded.error();
    if (const Environment *environment = store.find(name))
        return *environment;
    QStringList names{QString::fromLatin1(Environment::kSandboxName), QString::fromLatin1(Environment::kSandboxTlsName)};
    for (const Environment &environment : store.environments())
        names.append(environment.name);
    return makeError(ErrorCode::NotFound, QStringLiteral("No environment named \"%1\" (there are: %2; the file is %3).")
                                              .arg(name, names.join(QStringLiteral(", ")), store.filePath()));
}

Result<QMap<QString, QString>> CliEnvironments::credentialValues(const QString &path)
{
    Result<SandboxCredentials> credentials = SandboxCredentials::fromJsonFile(path);
    if (!credentials)
        return credentials.error();
    SandboxConfig config;
    config.credentials = credentials.value();
    QMap<QString, QString> values = SandboxEnvironment::make(QUrl(), config).values;
    values.remove(QStringLiteral("accountNumber"));
    return values;
}

} // namespace td
