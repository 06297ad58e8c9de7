// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultValueSource.h"

#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"

namespace td {

Vault *VaultValueSource::vault() const
{
    return m_handle ? m_handle->get() : m_vault.data();
}

Result<VaultEntry> VaultValueSource::entry(const VaultReference &reference) const
{
    Vault *current = vault();
    if (!current)
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("\"%1\" refers to the vault, and no vault is open.").arg(reference.toString()));
    if (current->isLocked())
        return makeError(ErrorCode::VaultLocked,
                         QStringLiteral("\"%1\" refers to the vault, which is locked: unlock it first.").arg(reference.toString()));
    std::optional<VaultEntry> found = current->find(reference.name);
    if (!found)
        return makeError(ErrorCode::NotFound, QStringLiteral("The vault has no entry named \"%1\".").arg(reference.name));
    current->markUsed(reference.name);
    return *found;
}

Result<QString> VaultValueSource::text(const VaultReference &reference) const
{
    Result<VaultEntry> found = entry(reference);
    if (!found)
        return found.error();
    if (found->isKey())
        return makeError(ErrorCode::KeyTypeMismatch,
                         QStringLiteral("Vault entry \"%1\" is a key; this field takes a text value.").arg(reference.name));
    // Its private key must never become a field value that is sent somewhere.
    if (found->kind == VaultEntry::Kind::ClientCertificate)
        return makeError(ErrorCode::KeyTypeMismatch,
                         QStringLiteral("Vault entry \"%1\" is a client certificate: use it with --client-cert vault:%1 "
                                        "or as an environment's client certificate").arg(reference.name));
    if (reference.part == VaultReference::Part::Identity) {
        if (found->identity.isEmpty())
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("Vault entry \"%1\" (%2) has no identity part.").arg(reference.name, found->describe()));
        return found->identity;
    }
    return QString::fromUtf8(found->secret.toByteArray());
}

Result<Jwk> VaultValueSource::key(const VaultReference &reference) const
{
    Result<VaultEntry> found = entry(reference);
    if (!found)
        return found.error();
    if (!found->key)
        return makeError(ErrorCode::KeyTypeMismatch,
                         QStringLiteral("Vault entry \"%1\" is %2, not a key.").arg(reference.name, found->describe()));
    return *found->key;
}

Result<ValueSource::ClientCertificatePem> VaultValueSource::clientCertificate(const VaultReference &reference) const
{
    Result<VaultEntry> found = entry(reference);
    if (!found)
        return found.error();
    if (found->kind != VaultEntry::Kind::ClientCertificate)
        return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("Vault entry \"%1\" is %2, not a client certificate")
                                                         .arg(reference.name, found->describe()));
    return ClientCertificatePem{found->identity.toLatin1(), found->secret};
}

} // namespace td
