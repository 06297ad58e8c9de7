// SPDX-License-Identifier: GPL-3.0-or-later
#include "TransportReferences.h"

#include "core/vault/ValueSource.h"
#include "core/vault/VaultReference.h"

#include <QUrl>

namespace td {

namespace {

std::optional<VaultReference> proxyPasswordReference(const QString &proxy)
{
    if (proxy.isEmpty())
        return std::nullopt;
    return VaultReference::parse(QUrl(proxy).password(QUrl::FullyDecoded));
}

Error noVault(const VaultReference &reference)
{
    return makeError(ErrorCode::NotFound,
                     QStringLiteral("\"%1\" refers to the vault, and no vault is open.").arg(reference.toString()));
}

Result<void> resolveClientCertificate(TransportSettings &settings, const ValueSource *source)
{
    const std::optional<VaultReference> reference = VaultReference::parse(settings.clientCertFile);
    if (!reference)
        return {};
    if (!source)
        return noVault(*reference);
    Result<ValueSource::ClientCertificatePem> pem = source->clientCertificate(*reference);
    if (!pem)
        return pem.error();
    settings.clientCertPem = pem->chain;
    settings.clientKeyPem = pem->key;
    settings.clientKeyFile.clear();
    return {};
}

Result<void> resolveProxyPassword(TransportSettings &settings, const ValueSource *source)
{
    const std::optional<VaultReference> reference = proxyPasswordReference(settings.proxy);
    if (!reference)
        return {};
    if (!source)
        return noVault(*reference);
    Result<QString> password = source->text(*reference);
    if (!password)
        return password.error();
    QUrl url(settings.proxy);
    url.setPassword(password.value(), QUrl::DecodedMode);
    settings.proxy = url.toString(QUrl::FullyEncoded);
    return {};
}

} // namespace

bool TransportReferences::refersToVault(const TransportSettings &settings)
{
    return VaultReference::isReference(settings.clientCertFile) || proxyPasswordReference(settings.proxy).has_value();
}

Result<TransportSettings> TransportReferences::resolve(TransportSettings settings, const ValueSource *source)
{
    if (Result<void> certificate = resolveClientCertificate(settings, source); !certificate)
        return certificate.error();
    if (Result<void> proxy = resolveProxyPassword(settings, source); !proxy)
        return proxy.error();
    return settings;
}

} // namespace td
