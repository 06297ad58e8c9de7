// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/vault/ValueSource.h"
#include "core/vault/VaultEntry.h"

#include <QPointer>

namespace td {

class Vault;
class VaultHandle;

// Field values from the vault: a reference's entry is looked up by name and marked as used.
class VaultValueSource : public ValueSource
{
public:
    explicit VaultValueSource(Vault *vault) : m_vault(vault) {}
    // Looks in whatever vault the handle holds at the time of each lookup.
    explicit VaultValueSource(const VaultHandle &handle) : m_handle(&handle) {}
    Result<QString> text(const VaultReference &reference) const override;
    Result<Jwk> key(const VaultReference &reference) const override;
    Result<ClientCertificatePem> clientCertificate(const VaultReference &reference) const override;

private:
    Result<VaultEntry> entry(const VaultReference &reference) const;
    Vault *vault() const;

    QPointer<Vault> m_vault;
    const VaultHandle *m_handle = nullptr;
};

} // namespace td
