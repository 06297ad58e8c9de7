// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxEnvironment.h"

namespace td {

Environment SandboxEnvironment::make(const QUrl &url, const SandboxConfig &config, const QString &caFile)
{
    Environment environment;
    environment.name = QString::fromLatin1(Environment::kSandboxName);
    environment.baseUrl = url.toString();
    // An https sandbox stays reachable by the plain "Sandbox" too: sessions made with it follow.
    if (url.scheme() == QLatin1String("https"))
        environment.transport.extraCaFile = caFile;
    environment.kdf = config.kdf;
    environment.builtIn = true;
    // The embedded sandbox listens on this machine's loopback: a proxy from http_proxy or
    // https_proxy (a corporate one, typically) would connect to its own loopback, and the
    // offline sandbox would fail for everyone behind a proxy.
    environment.transport.noProxy = true;
    const SandboxCredentials &credentials = config.credentials;
    environment.values = {
        {QStringLiteral("X-API-KEY"), credentials.bankezyXApiKey},
        {QStringLiteral("apiKey"), credentials.bankezyApiKey},
        {QStringLiteral("secret"), credentials.bankezySecret},
        {QStringLiteral("sdkApiKey"), credentials.bankezySdkApiKey},
        // A demo customer, so Get User Token can be sent without typing anything.
        {QStringLiteral("accountNumber"), QStringLiteral("1000000001")},
        {QStringLiteral("appKey"), credentials.enosAppKey},
        {QStringLiteral("appSecret"), credentials.enosAppSecret},
        {QStringLiteral("username"), credentials.secmgmtUsername},
        {QStringLiteral("password"), credentials.secmgmtPassword},
    };
    // A user family's credentials are values by name too (clientId, clientSecret), so its specs
    // are filled like the built-in ones; a name another family uses first keeps that value.
    for (const QMap<QString, QString> &family : credentials.families) {
        for (auto it = family.cbegin(); it != family.cend(); ++it) {
            if (!environment.values.contains(it.key()))
                environment.values.insert(it.key(), it.value());
        }
    }
    return environment;
}

Environment SandboxEnvironment::makeTls(const QUrl &url, const SandboxConfig &config, const QString &caFile,
                                        const QString &clientFile)
{
    Environment environment = make(url, config, caFile);
    environment.name = QString::fromLatin1(Environment::kSandboxTlsName);
    environment.transport.extraCaFile = caFile;
    environment.transport.insecure = false;
    if (config.ownMutualTls)
        environment.transport.clientCertFile = clientFile;
    return environment;
}

} // namespace td
